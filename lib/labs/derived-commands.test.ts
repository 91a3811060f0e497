/**
 * A lab's shown docker lines are the lab: re-applying them through applyDockerScript (as the
 * playground does) gives the same containers with the same addresses, for every option value.
 */
import { describe, expect, it } from 'vitest';
import type { Topology } from '@/lib/netsim';
import { labs } from './index';
import { buildPlayground, playgroundScriptOf as scriptOf } from './playground';
import type { Lab, OptionValues } from './types';

/** Every combination of a lab's option values. */
function combinations(lab: Lab): OptionValues[] {
  let all: OptionValues[] = [{}];
  for (const option of lab.options) {
    const values = option.type === 'boolean' ? [false, true] : option.values.map((v) => v.value);
    all = all.flatMap((combo) => values.map((value) => ({ ...combo, [option.id]: value })));
  }
  return all;
}

/** Container namespace → its interface addresses. */
function containerAddresses(topology: Topology): Record<string, string[]> {
  const result: Record<string, string[]> = {};
  for (const ns of topology.namespaces.filter((n) => n.role === 'container')) {
    result[ns.id] = topology.interfaces.filter((i) => i.namespace === ns.id).flatMap((i) => i.addresses.map((a) => `${i.name} ${a.address}/${a.prefixLength}`)).sort();
  }
  return result;
}

/** Labs whose every docker line goes through docker(ctx, …) (the others still call DockerHost directly). */
const DERIVED: Record<string, (options: OptionValues) => boolean> = {
  'default-bridge': () => true,
  none: () => true,
  'port-publishing': () => true,
  'user-defined-bridge': () => true,
  macvlan: () => true,
  ipvlan: () => true,
  // The 2017 key-value-store variant is still built by hand (its dockerd line names two hosts).
  overlay: (options) => options.controlPlane === 'swarm',
};

describe('derived docker lines', () => {
  for (const lab of labs.filter((l) => l.id in DERIVED)) {
    for (const options of combinations(lab).filter((o) => DERIVED[lab.id]?.(o))) {
      it(`${lab.id} ${JSON.stringify(options)}`, () => {
        const built = lab.build(options);
        const replayed = buildPlayground(scriptOf(built.commands));
        expect(replayed.errors).toEqual([]);
        const shown = containerAddresses(replayed.built.topology);
        const real = containerAddresses(built.topology);
        expect(Object.keys(shown)).toEqual(Object.keys(real));
        // Lines that plug a container in by hand (`ip …`, the none lab's CNI option) are not Docker's.
        if (!built.commands.some((line) => /^(sudo )?ip /.test(line.trim()))) expect(shown).toEqual(real);
      });
    }
  }
});
