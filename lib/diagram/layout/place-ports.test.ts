import { describe, expect, it } from 'vitest';
import { buildLab, labs } from '@/lib/labs';
import type { Box } from '../types';
import { layoutPhases } from './index';
import { readingOrder } from './place-ports';

const inside = (inner: Box, outer: Box) => inner.x >= outer.x && inner.y >= outer.y && inner.x + inner.width <= outer.x + outer.width + 1e-9 && inner.y + inner.height <= outer.y + outer.height + 1e-9;
const overlap = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
const centre = (box: Box) => box.x + box.width / 2;

describe('placeInterfaces', () => {
  it.each(labs.map((lab) => lab.id))('%s: every interface lies inside its namespace box, and no two overlap', (labId) => {
    const { topology } = buildLab(labId);
    const { interfaceBoxes, placed } = layoutPhases(topology);
    for (const iface of topology.interfaces) expect(inside(interfaceBoxes.get(iface.id)!, placed.namespaces.get(iface.namespace)!), iface.id).toBe(true);
    const boxes = [...interfaceBoxes.entries()];
    for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) expect(overlap(boxes[i]![1], boxes[j]![1]), `${boxes[i]![0]} / ${boxes[j]![0]}`).toBe(false);
  });

  it('spans docker0 under the two veths plugged into it', () => {
    const { topology } = buildLab('default-bridge');
    const { interfaceBoxes } = layoutPhases(topology);
    const bar = interfaceBoxes.get('host1:docker0')!;
    for (const port of topology.interfaces.filter((i) => i.master === 'host1:docker0')) {
      const box = interfaceBoxes.get(port.id)!;
      expect(box.x).toBeGreaterThanOrEqual(bar.x);
      expect(box.x + box.width).toBeLessThanOrEqual(bar.x + bar.width);
      expect(box.y + box.height).toBeLessThan(bar.y);
    }
  });

  it('puts the host end of each veth in the same left-to-right order as the containers it leads to', () => {
    const { topology } = buildLab('default-bridge');
    const { interfaceBoxes } = layoutPhases(topology);
    const veths = topology.interfaces.filter((i) => i.namespace === 'host1' && i.kind === 'veth');
    const byHostEnd = [...veths].sort((a, b) => centre(interfaceBoxes.get(a.id)!) - centre(interfaceBoxes.get(b.id)!)).map((v) => v.peer);
    const byContainer = [...veths].sort((a, b) => centre(interfaceBoxes.get(a.peer!)!) - centre(interfaceBoxes.get(b.peer!)!)).map((v) => v.peer);
    expect(byHostEnd).toEqual(byContainer);
  });

  it('reads the namespaces row by row, tier by tier, left to right', () => {
    const { namespaces, placed } = layoutPhases(buildLab('overlay').topology);
    const ids = readingOrder(namespaces, placed.namespaces).map((slot) => slot.ns.id);
    expect(ids.slice(0, 2)).toEqual(['host1/c1', 'host2/c2']);
    expect(ids.indexOf('host1/ov-ov')).toBeLessThan(ids.indexOf('host1'));
    expect(ids.indexOf('host2')).toBeLessThan(ids.indexOf('laptop'));
  });
});
