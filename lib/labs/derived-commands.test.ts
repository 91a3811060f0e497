/**
 * A lab's shown docker lines are the lab: every docker and dockerd line it shows went through
 * docker(ctx, …) (lib/docker/cli, as the playground applies them), and re-applying them through
 * buildPlayground gives the same containers with the same addresses, for every lab and every
 * combination of its options.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
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

/** A shown line that is a Docker command (not an ip command, not a comment). */
const isDockerLine = (line: string) => /^(sudo\s+)?dockerd?\s/.test(line.trim());

/**
 * foundations builds its namespaces with ip commands alone (it is the lab before Docker): it has
 * no docker line to derive, so it is checked for exactly that.
 */
const NO_DOCKER = new Set(['foundations']);

describe("every lab's shown commands equal its derived ones", () => {
  it('no lab builds Docker state behind docker(ctx, …): no direct DockerHost or OverlayNetwork calls', () => {
    const dir = join(process.cwd(), 'lib', 'labs');
    const direct = /\.(run|connect|createBridge|createMacvlan|createIpvlan)\(|OverlayNetwork\.create\(/;
    const files = readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && f !== 'playground.ts');
    expect(files.flatMap((f) => readFileSync(join(dir, f), 'utf8').split('\n').filter((line) => direct.test(line)).map((line) => `${f}: ${line.trim()}`))).toEqual([]);
  });

  for (const lab of labs) {
    for (const options of combinations(lab)) {
      it(`${lab.id} ${JSON.stringify(options)}`, () => {
        const built = lab.build(options);
        // Every docker/dockerd line shown is one that docker(ctx, …) applied, in the same order.
        expect(built.commands.filter(isDockerLine)).toEqual(built.dockerLines);
        const script = scriptOf(built.commands);
        if (NO_DOCKER.has(lab.id)) {
          expect(built.dockerLines).toEqual([]);
          expect(script).toBe('');
          return;
        }
        expect(built.dockerLines.length).toBeGreaterThan(0);
        const replayed = buildPlayground(script);
        expect(replayed.errors).toEqual([]);
        const shown = containerAddresses(replayed.built.topology);
        const real = containerAddresses(built.topology);
        expect(Object.keys(shown)).toEqual(Object.keys(real));
        // A container plugged in by hand afterwards (the none lab's CNI steps, `nsenter … ip addr`)
        // has more than Docker gave it; everything Docker gave it is still there.
        if (built.commands.some((line) => /\bnsenter\b|\bnetns\b/.test(line))) {
          for (const [ns, addresses] of Object.entries(shown)) expect(real[ns]).toEqual(expect.arrayContaining(addresses));
        } else expect(shown).toEqual(real);
      });
    }
  }
});
