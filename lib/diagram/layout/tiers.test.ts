import { describe, expect, it } from 'vitest';
import { buildLab, labs } from '@/lib/labs';
import { layoutPhases } from './index';

describe('arrangeTiers (tiers)', () => {
  it('stacks an overlay host as containers, then the sandbox, then the root namespace, top to bottom on the drawing', () => {
    const { tiers, placed } = layoutPhases(buildLab('overlay').topology);
    for (const host of ['host1', 'host2']) {
      const roles = tiers.get(host)?.map((tier) => tier.map((slot) => slot.ns.role));
      expect(roles).toEqual([['container'], ['sandbox'], ['root']]);
      const tops = tiers.get(host)!.map((tier) => placed.namespaces.get(tier[0]!.ns.id)!.y);
      expect([...tops].sort((a, b) => a - b)).toEqual(tops);
      expect(new Set(tops).size).toBe(3);
    }
  });

  it.each(labs.map((lab) => lab.id))('%s: a machine has at most one tier per kind, and containers are never below the root namespace', (labId) => {
    const { tiers } = layoutPhases(buildLab(labId).topology);
    for (const machineTiers of tiers.values()) {
      expect(machineTiers.length).toBeLessThanOrEqual(3);
      const tierOf = (role: string) => machineTiers.findIndex((tier) => tier.some((slot) => slot.ns.role === role));
      if (tierOf('container') >= 0 && tierOf('root') >= 0) expect(tierOf('container')).toBeLessThan(tierOf('root'));
    }
  });

  it('keeps the two containers of the default bridge in one tier, left to right in topology order', () => {
    const { tiers } = layoutPhases(buildLab('default-bridge').topology);
    expect(tiers.get('host1')?.[0]?.map((slot) => slot.ns.id)).toEqual(['host1/web', 'host1/client']);
  });
});
