import { describe, expect, it } from 'vitest';
import { buildLab, labs } from '@/lib/labs';
import { edgeLabelWidth, machineHeadWidth } from '../labels';
import { intersects } from '../placement';
import { layoutPhases } from './index';
import { linkLabel, placeLinkLabels } from './link-labels';
import { SIZES } from './sizes';

describe('placeLinkLabels', () => {
  it.each(labs.map((lab) => lab.id))('%s: a link label covers no namespace, port, bridge, machine heading or other label, and is as wide as its words', (labId) => {
    const { routes, labelBoxes, nodes, placed, machines } = layoutPhases(buildLab(labId).topology);
    const boxes = nodes.filter((n) => n.type !== 'machine').map((n) => ({ id: n.id, box: { ...n.position, width: n.width, height: n.height } }));
    // A machine frame's heading: "▣ host1 · Linux host" in its top-left corner.
    const headings = machines
      .filter((s) => s.framed)
      .map((s) => ({ id: `heading of ${s.machine.id}`, box: { ...placed.machines.get(s.machine.id)!, width: machineHeadWidth(s.machine) + 24, height: SIZES.machineLabelHeight } }));
    const placedLabels = labelBoxes.filter((box) => box !== undefined);
    routes.forEach(({ link }, i) => {
      const box = labelBoxes[i];
      const label = linkLabel(link);
      expect(!!box, link.id).toBe(!!label);
      if (!box || !label) return;
      expect(box.width, link.id).toBeGreaterThanOrEqual(edgeLabelWidth(label));
      for (const other of [...boxes, ...headings]) expect(intersects(box, other.box), `${link.id} over ${other.id}`).toBe(false);
      for (const other of placedLabels) if (other !== box) expect(intersects(box, other), `${link.id} over another label`).toBe(false);
    });
  });

  it('labels a VXLAN tunnel and an 802.1Q trunk, but not the VLAN sub-interface (its box says the VLAN already)', () => {
    const trunk = buildLab('macvlan-trunk').topology.links;
    expect(trunk.filter((l) => l.taggedVlans?.length).map(linkLabel)).toContain('802.1Q trunk · VLAN 10, 20');
    expect(trunk.filter((l) => l.kind === 'vlan').map(linkLabel)).toEqual(trunk.filter((l) => l.kind === 'vlan').map(() => undefined));
    const tunnel = buildLab('overlay').topology.links.find((l) => l.kind === 'vxlan-tunnel')!;
    expect(linkLabel(tunnel)).toMatch(/VXLAN/);
  });

  it('moves a label off a box that sits where it would go first', () => {
    const route = { link: { id: 't', kind: 'vxlan-tunnel', a: 'a', b: 'b' } as never, points: [{ x: 0, y: 100 }, { x: 400, y: 100 }] };
    const [free] = placeLinkLabels([route], []);
    const [moved] = placeLinkLabels([route], [free!]);
    expect(moved).toBeDefined();
    expect(intersects(moved!, free!)).toBe(false);
  });
});
