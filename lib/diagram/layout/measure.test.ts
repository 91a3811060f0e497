import { describe, expect, it } from 'vitest';
import { buildLab, labs } from '@/lib/labs';
import { namespaceHeadWidths, portTextWidth } from '../labels';
import { layoutPhases } from './index';
import { namespaceData } from './measure';
import { SIZES } from './sizes';

describe('measureNamespaces (sizes)', () => {
  it.each(labs.map((lab) => lab.id))('%s: one port width for the whole drawing, wide enough for every port text', (labId) => {
    const { topology } = buildLab(labId);
    const { portWidth } = layoutPhases(topology);
    expect(portWidth).toBeGreaterThanOrEqual(SIZES.portWidth);
    for (const iface of topology.interfaces) {
      if (iface.kind === 'bridge' || iface.kind === 'loopback') continue;
      const text = portTextWidth({ name: iface.name, kind: iface.kind, vlanId: iface.vlanId, addresses: iface.addresses.map((a) => `${a.address}/${a.prefixLength}`), vni: iface.vxlan?.vni, mac: iface.mac });
      expect(portWidth, iface.id).toBeGreaterThanOrEqual(text);
    }
  });

  it.each(labs.map((lab) => lab.id))('%s: every namespace box is wide enough for its heading, and tall enough for its heading and a row of ports', (labId) => {
    const { namespaces, sizes } = layoutPhases(buildLab(labId).topology);
    for (const slot of namespaces) {
      const size = sizes.get(slot.ns.id)!;
      const head = namespaceHeadWidths(namespaceData(slot, size.headHeight));
      const needed = size.headHeight === SIZES.nsTwoLineLabelHeight ? Math.max(head.title, head.rest) : head.title + head.rest;
      expect(size.width, slot.ns.id).toBeGreaterThanOrEqual(needed);
      expect(size.width, slot.ns.id).toBeGreaterThanOrEqual(SIZES.minNamespaceWidth);
      expect(size.height, slot.ns.id).toBeGreaterThanOrEqual(size.headHeight + SIZES.portHeight);
    }
  });

  it('gives a heading a second line when its badges do not fit beside the name, and keeps a short one on one line', () => {
    const { sizes } = layoutPhases(buildLab('default-bridge').topology);
    // host1's root namespace: "host1", "forwarding on", "▦ iptables", "root namespace" — more than its ports' width.
    expect(sizes.get('host1')?.headHeight).toBe(SIZES.nsTwoLineLabelHeight);
    expect(sizes.get('laptop')?.headHeight).toBe(SIZES.nsLabelHeight);
  });

  it('widens a namespace to hold its row of ports side by side', () => {
    const { sizes, sides, portWidth } = layoutPhases(buildLab('default-bridge').topology);
    const top = sides.get('host1')!.top.length;
    expect(sizes.get('host1')!.width).toBeGreaterThanOrEqual(top * portWidth + (top - 1) * SIZES.portGap + 2 * SIZES.nsPadding);
  });
});
