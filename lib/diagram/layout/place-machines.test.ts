import { describe, expect, it } from 'vitest';
import { buildLab, labs } from '@/lib/labs';
import { edgeLabelWidth } from '../labels';
import type { Box } from '../types';
import { layoutPhases } from './index';
import { LAN_ROW, SERVER_ROW } from './plan';

const inside = (inner: Box, outer: Box) => inner.x >= outer.x && inner.y >= outer.y && inner.x + inner.width <= outer.x + outer.width && inner.y + inner.height <= outer.y + outer.height;

describe('placeMachines', () => {
  it.each(labs.map((lab) => lab.id))('%s: machines of a row go left to right in their order without touching, the LAN row below the hosts', (labId) => {
    const { machines, placed } = layoutPhases(buildLab(labId).topology);
    for (const row of [SERVER_ROW, LAN_ROW]) {
      const boxes = machines.filter((s) => s.row === row).sort((a, b) => a.orderInRow - b.orderInRow).map((s) => placed.machines.get(s.machine.id)!);
      for (let i = 1; i < boxes.length; i++) expect(boxes[i]!.x).toBeGreaterThan(boxes[i - 1]!.x + boxes[i - 1]!.width);
    }
    const bottomOfTop = Math.max(...machines.filter((s) => s.row === SERVER_ROW).map((s) => placed.machines.get(s.machine.id)!).map((b) => b.y + b.height));
    for (const slot of machines.filter((s) => s.row === LAN_ROW)) expect(placed.machines.get(slot.machine.id)!.y).toBeGreaterThan(bottomOfTop);
  });

  it.each(labs.map((lab) => lab.id))('%s: every namespace box sits inside its machine box', (labId) => {
    const { namespaces, placed } = layoutPhases(buildLab(labId).topology);
    for (const slot of namespaces) expect(inside(placed.namespaces.get(slot.ns.id)!, placed.machines.get(slot.machine.id)!), slot.ns.id).toBe(true);
  });

  it('leaves a gap between the two overlay hosts wide enough for the VXLAN tunnel label', () => {
    const { placed, routes } = layoutPhases(buildLab('overlay').topology);
    const host1 = placed.machines.get('host1')!;
    const host2 = placed.machines.get('host2')!;
    const tunnel = routes.find((r) => r.link.kind === 'vxlan-tunnel')!;
    expect(host2.x - (host1.x + host1.width)).toBeGreaterThanOrEqual(edgeLabelWidth(tunnel.link.label ?? 'VXLAN tunnel'));
  });

  it('reports the drawing as wide as its wider row and as deep as the bottom of the LAN row', () => {
    const { placed } = layoutPhases(buildLab('overlay').topology);
    const boxes = [...placed.machines.values()];
    expect(placed.width).toBeCloseTo(Math.max(...boxes.map((b) => b.x + b.width)) - Math.min(...boxes.map((b) => b.x)), 5);
    expect(placed.height).toBeCloseTo(Math.max(...boxes.map((b) => b.y + b.height)), 5);
  });
});
