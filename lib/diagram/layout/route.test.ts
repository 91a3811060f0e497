import { describe, expect, it } from 'vitest';
import { buildLab, labs } from '@/lib/labs';
import type { Box, Point } from '../types';
import { layoutPhases } from './index';
import { labelPoint, routeLink, toPath } from './route';

const onEdge = (p: Point, box: Box) =>
  ((Math.abs(p.x - box.x) < 0.06 || Math.abs(p.x - box.x - box.width) < 0.06) && p.y >= box.y - 0.06 && p.y <= box.y + box.height + 0.06) ||
  ((Math.abs(p.y - box.y) < 0.06 || Math.abs(p.y - box.y - box.height) < 0.06) && p.x >= box.x - 0.06 && p.x <= box.x + box.width + 0.06);

describe('routeLinks', () => {
  it.each(labs.map((lab) => lab.id))('%s: every link is drawn as straight runs, from the edge of one end to the edge of the other', (labId) => {
    const { routes, interfaceBoxes } = layoutPhases(buildLab(labId).topology);
    for (const { link, points } of routes) {
      for (let i = 1; i < points.length; i++) {
        const [a, b] = [points[i - 1]!, points[i]!];
        expect(Math.abs(a.x - b.x) < 0.5 || Math.abs(a.y - b.y) < 0.5, `${link.id} segment ${i}`).toBe(true);
      }
      expect(onEdge(points[0]!, interfaceBoxes.get(link.a)!), `${link.id} start`).toBe(true);
      expect(onEdge(points.at(-1)!, interfaceBoxes.get(link.b)!), `${link.id} end`).toBe(true);
    }
  });

  it('goes straight down between two boxes one above the other, and bends once half way otherwise', () => {
    const top = { x: 0, y: 0, width: 100, height: 40 };
    expect(routeLink(top, { x: 0, y: 100, width: 100, height: 40 }, 0)).toEqual([
      { x: 50, y: 40 },
      { x: 50, y: 100 },
    ]);
    expect(routeLink(top, { x: 200, y: 100, width: 100, height: 40 }, 0)).toEqual([
      { x: 90, y: 40 },
      { x: 90, y: 70 },
      { x: 210, y: 70 },
      { x: 210, y: 100 },
    ]);
  });

  it('staggers where parallel links bend, so their runs do not lie on each other', () => {
    const a = { x: 0, y: 0, width: 100, height: 40 };
    const b = { x: 200, y: 100, width: 100, height: 40 };
    expect(routeLink(a, b, 0)[1]!.y).not.toBe(routeLink(a, b, 1)[1]!.y);
  });

  it('writes SVG path data and finds the middle of the longest run', () => {
    const line = [
      { x: 0, y: 0 },
      { x: 0, y: 10 },
      { x: 40, y: 10 },
    ];
    expect(toPath(line)).toBe('M0 0 L0 10 L40 10');
    expect(labelPoint(line)).toEqual({ x: 20, y: 10 });
  });
});
