import { describe, expect, it } from 'vitest';
import { buildLab, labs } from '@/lib/labs';
import { computeLabView } from './lab-view';
import { labShellScript, SCRIPT_PREFIX, shownCommands } from './lab-script';

/** The script's command lines: no comments, blank lines or the shell preamble. */
function commandLines(script: string): string[] {
  return script
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#') && line !== 'set -e');
}

/** The namespace a command runs in, or undefined when it runs in the machine's own. */
function namespaceOf(line: string): string | undefined {
  return /^(?:ip netns (?:add|del|exec)|ip -n|bridge -n) (\S+)/.exec(line)?.[1];
}

describe('labShellScript', () => {
  for (const lab of labs) {
    const script = labShellScript(buildLab(lab.id).topology);

    it(`${lab.id}: every command runs in a pw- namespace, none in the machine's own`, () => {
      const lines = commandLines(script.setup);
      expect(lines.length).toBeGreaterThan(10);
      for (const line of lines) {
        const ns = namespaceOf(line);
        expect(ns, line).toBeDefined();
        expect(ns!.startsWith(SCRIPT_PREFIX), line).toBe(true);
        expect(script.namespaces, line).toContain(ns);
      }
      // A veth's far end is moved into a pw- namespace too, never left outside.
      for (const line of lines) for (const [, target] of line.matchAll(/ netns (?!(?:add|del|exec) )(\S+)/g)) expect(target!.startsWith(SCRIPT_PREFIX), line).toBe(true);
    });

    it(`${lab.id}: the teardown deletes exactly the namespaces the setup adds`, () => {
      const added = commandLines(script.setup).flatMap((line) => /^ip netns add (\S+)$/.exec(line)?.[1] ?? []);
      const deleted = commandLines(script.teardown).map((line) => {
        const match = /^ip netns del (\S+) 2>\/dev\/null \|\| true$/.exec(line);
        expect(match, line).not.toBeNull();
        return match![1];
      });
      expect(added).toEqual(script.namespaces);
      expect([...deleted].sort()).toEqual([...added].sort());
      expect(new Set(added).size).toBe(added.length);
    });
  }

  it('a published port is a DNAT rule in the host namespace, and only when published', () => {
    const dnat = 'ip netns exec pw-host1 iptables -t nat -A DOCKER ! -i docker0 -p tcp -m tcp --dport 8080 -j DNAT --to-destination 172.17.0.2:80';
    expect(labShellScript(buildLab('default-bridge', { publish: true }).topology).setup.split('\n')).toContain(dnat);
    expect(labShellScript(buildLab('default-bridge', { publish: false }).topology).setup).not.toContain('DNAT');
  });

  it('--icc=false is a DROP between containers on docker0, and absent with ICC on', () => {
    const drop = /^ip netns exec pw-host1 iptables -t filter -A DOCKER-\S+ -i docker0 -o docker0 -j DROP$/m;
    expect(labShellScript(buildLab('default-bridge', { icc: false }).topology).setup).toMatch(drop);
    expect(labShellScript(buildLab('default-bridge', { icc: true }).topology).setup).not.toMatch(drop);
  });

  it('the overlay builds a VXLAN device with VNI and UDP port in the host namespaces', () => {
    const { setup } = labShellScript(buildLab('overlay').topology);
    expect(setup).toMatch(/^ip -n pw-host1\S* link add \S+ type vxlan id \d+ .*dstport 4789/m);
  });

  it('starts as a POSIX script that stops at the first failure', () => {
    const { setup, teardown } = labShellScript(buildLab('default-bridge').topology);
    expect(setup.split('\n').slice(0, 4)).toEqual(['#!/bin/sh', expect.stringContaining('Needs root, iproute2 and iptables'), 'set -e', '']);
    expect(teardown.startsWith('#!/bin/sh\n')).toBe(true);
  });
});

describe('shownCommands', () => {
  it('shows the docker script of a Docker lab, -p when published', () => {
    const shown = shownCommands(computeLabView('default-bridge', 'lan-to-published', { publish: true }));
    expect(shown.kind).toBe('docker');
    expect(shown.text.split('\n')).toContain('docker run -d --name web -p 8080:80 nginx');
    expect(shown.text).not.toMatch(/^# host1/m);
  });

  it('marks the second host with "# on host2"', () => {
    expect(shownCommands(computeLabView('overlay', 'c1-to-c2', {})).text).toMatch(/^docker .*# on host2$/m);
  });

  it('falls back to the ip commands of a lab with no docker lines (foundations)', () => {
    const view = computeLabView('foundations', 'ping-bridge', {});
    expect(view.script).toBe('');
    const shown = shownCommands(view);
    expect(shown.kind).toBe('shell');
    expect(shown.text.split('\n')).toContain('ip netns add ns1');
  });
});
