import { describe, expect, it } from 'vitest';
import { buildLab } from '@/lib/labs';
import { layoutPhases } from './index';

const names = (list: { name: string }[] | undefined) => list?.map((iface) => iface.name);

describe('assignSides (sides)', () => {
  it("puts a container's eth0 at its bottom, the host ends of the veths on top of the root namespace, docker0 in the middle and the NIC at the bottom", () => {
    const { sides } = layoutPhases(buildLab('default-bridge').topology);
    expect(names(sides.get('host1/web')?.bottom)).toEqual(['eth0']);
    const host = sides.get('host1')!;
    expect(host.top).toHaveLength(2);
    expect(host.top.every((iface) => iface.kind === 'veth')).toBe(true);
    expect(names(host.middle)).toEqual(['docker0']);
    expect(names(host.bottom)).toEqual(['eth0']);
  });

  it('turns each VXLAN device towards the other host', () => {
    const { sides } = layoutPhases(buildLab('overlay').topology);
    expect(names(sides.get('host1/ov-ov')?.right)).toEqual(['vxlan0']);
    expect(names(sides.get('host2/ov-ov')?.left)).toEqual(['vxlan0']);
  });

  it('draws lo as a corner chip beside other interfaces, but as the box itself when it is all there is', () => {
    const withOthers = layoutPhases(buildLab('default-bridge').topology).sides.get('host1/web')!;
    expect(names(withOthers.corner)).toEqual(['lo']);
    const alone = layoutPhases(buildLab('none', { plugIn: false }).topology).sides;
    const loneLoopback = [...alone.values()].find((s) => [...s.top, ...s.bottom, ...s.left, ...s.right, ...s.middle, ...s.corner].every((i) => i.kind === 'loopback'));
    expect(loneLoopback?.corner).toEqual([]);
    expect(names(loneLoopback?.middle)).toEqual(['lo']);
  });

  it('faces a switch port towards what is cabled to it', () => {
    const { sides } = layoutPhases(buildLab('default-bridge').topology);
    const sw = sides.get('switch')!;
    // host1 is in the row above: its port is on top; the laptop is left of the switch, the router right.
    expect(names(sw.top)).toEqual(['swp3']);
    expect(names(sw.left)).toEqual(['swp2']);
    expect(names(sw.right)).toEqual(['swp1']);
  });
});
