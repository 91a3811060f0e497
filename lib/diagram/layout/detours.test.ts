import { describe, expect, it } from 'vitest';
import { buildLab, labs } from '@/lib/labs';
import { layoutPhases } from './index';
import { countCrossings, crossesBox, detourLinks } from './detours';

describe('detourLinks', () => {
  it.each(labs.map((lab) => lab.id))('%s: after detours, no link runs under a namespace box it does not connect', (labId) => {
    const { topology } = buildLab(labId);
    const { routes, lines, placed } = layoutPhases(topology);
    const namespaceOf = new Map(topology.interfaces.map((i) => [i.id, i.namespace]));
    routes.forEach(({ link }, i) => {
      const own = new Set([namespaceOf.get(link.a), namespaceOf.get(link.b)]);
      for (const [id, box] of placed.namespaces) if (!own.has(id)) expect(crossesBox(lines[i]!, box), `${link.id} under ${id}`).toBe(false);
    });
  });

  it("sends the overlay container's second veth round the sandbox, where the direct line went under it", () => {
    const { routes, lines, placed } = layoutPhases(buildLab('overlay').topology);
    const index = routes.findIndex(({ link }) => link.a === 'host1/c1:eth1' || link.b === 'host1/c1:eth1');
    const sandbox = placed.namespaces.get('host1/ov-ov')!;
    expect(crossesBox(routes[index]!.points, sandbox)).toBe(true);
    expect(crossesBox(lines[index]!, sandbox)).toBe(false);
  });

  it('goes round a box in the way on the side that crosses fewer other links, and leaves a clear line alone', () => {
    const box = { x: 40, y: 40, width: 40, height: 40 };
    const down = { points: [{ x: 60, y: 0 }, { x: 60, y: 120 }], ends: ['top', 'bottom'] };
    // A link coming in from the left, level with the box: going round the left side would cross it.
    const blockerLeft = { points: [{ x: 0, y: 60 }, { x: 35, y: 60 }], ends: ['x', 'y'] };
    const [detoured, untouched] = detourLinks([down, blockerLeft], [{ id: 'middle', box }]);
    expect(crossesBox(detoured!, box)).toBe(false);
    // The run past the box is on its right, away from the other link.
    const offTheLine = detoured!.filter((p) => p.x !== 60);
    expect(offTheLine.length).toBeGreaterThan(0);
    expect(offTheLine.every((p) => p.x > box.x + box.width)).toBe(true);
    expect(countCrossings(detoured!, blockerLeft.points)).toBe(0);
    expect(untouched).toBe(blockerLeft.points);
  });
});
