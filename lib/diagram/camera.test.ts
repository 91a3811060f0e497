import { describe, expect, it } from 'vitest';
import { cameraScript, cameraViewport, levelOfDetail, type CameraInput } from './camera';
import { OVERVIEW_ZOOM } from './labels';
import { computeLabView } from './lab-view';

const view = computeLabView('overlay', 'c1-to-c2', {});
const [first, second] = view.timeline.steps;
const step = first && second ? { device: first.device, target: first.target, token: first.token, nextTarget: second.target } : undefined;

describe('cameraViewport', () => {
  it('shows the whole network left of the view buttons, centred, at the largest zoom that fits', () => {
    const v = cameraViewport({ diagram: { width: 1000, height: 500 }, width: 752, height: 420, mode: 'whole', followZoom: 1.15 });
    expect(v).toEqual({ x: 4, y: 35, zoom: 0.7 });
    // The drawing ends where the view buttons' strip begins.
    expect(v.x + 1000 * v.zoom).toBe(752 - 44 - 4);
  });

  it('follows at the follow zoom, never zooming out to fit, and centres the frame left of the buttons', () => {
    const phone = cameraViewport({ diagram: view.diagram, width: 341, height: 420, mode: 'follow', followZoom: 1.15, step });
    expect(phone.zoom).toBe(1.15);
    // The hop's target is on screen.
    const left = phone.x + first!.target.x * phone.zoom;
    expect(left).toBeGreaterThanOrEqual(0);
    expect(left + first!.target.width * phone.zoom).toBeLessThanOrEqual(341 - 44);
  });

  it('frames more on a bigger box: the device, the token and the next hop when they fit', () => {
    const input: CameraInput = { diagram: view.diagram, width: 341, height: 420, mode: 'follow', followZoom: 1.15, step };
    const small = cameraViewport(input);
    const big = cameraViewport({ ...input, width: 4000, height: 4000 });
    expect(big).not.toEqual(small);
    // Centred on the union of device, token and next target.
    const xs = [first!.device, first!.token, second!.target];
    const x1 = Math.min(...xs.map((b) => b.x));
    const x2 = Math.max(...xs.map((b) => b.x + b.width));
    expect(big.x).toBeCloseTo(6 + (4000 - 44 - 12) / 2 - ((x1 + x2) / 2) * 1.15, 6);
  });

  it('names-only overview below the overview zoom of the labels', () => {
    expect(levelOfDetail(OVERVIEW_ZOOM - 0.01)).toBe('overview');
    expect(levelOfDetail(OVERVIEW_ZOOM)).toBe('detail');
  });
});

describe('cameraScript', () => {
  it('runs the same camera as the lab: its embedded function gives the same viewports', () => {
    const source = cameraScript();
    // The function text between "var v=(" and ")({diagram" is cameraViewport's own source.
    const text = source.slice(source.indexOf('var v=(') + 'var v=('.length, source.indexOf(')({diagram:d.diagram'));
    const fn = new Function(`return (${text});`)() as typeof cameraViewport;
    for (const input of [
      { diagram: view.diagram, width: 341, height: 420, mode: 'follow' as const, followZoom: 1.15, step },
      { diagram: view.diagram, width: 708, height: 384, mode: 'whole' as const, followZoom: 1.15, step },
      { diagram: view.diagram, width: 1200, height: 700, mode: 'follow' as const, followZoom: 1.6, step },
    ])
      expect(fn(input)).toEqual(cameraViewport(input));
  });

  it('is one text for every page (one CSP hash) and sets what the lab starts with', () => {
    expect(cameraScript()).toBe(cameraScript());
    for (const part of ['data-camera-seed', 'data-lod', '--pw-z', 'data-camera', 'react-flow__viewport-portal', '(max-width: 699px)']) expect(cameraScript()).toContain(part);
  });
});
