/**
 * `npm run verify:kernel -- --script FILE [--flow FROM TO …]`: the command line, the flows a
 * script is checked with, and the exit code 2 of a bad command line or script. No root needed:
 * everything here stops before a namespace is made.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildPlayground } from '@/lib/labs';
import { parseVerifyArgs, scriptFlows } from './script-plan';

const SCRIPT = ['docker network create app', 'docker run -d --name a --network app alpine sleep infinity', 'docker run -d --name b --network app nginx', 'docker run -d --name web -p 8080:80 nginx', 'docker run -d --name side --network container:a alpine', 'docker run -d --name h --network host nginx'].join('\n');

function flowsOf(script: string, pairs: { from: string; to: string }[] = []) {
  const build = buildPlayground(script);
  expect(build.errors).toEqual([]);
  return scriptFlows(build, script, pairs).map((f) => ({ id: f.id, packet: f.packet(build.built) }));
}

describe('verify:kernel arguments', () => {
  it('no arguments: every lab; --script with --flow pairs in order', () => {
    expect(parseVerifyArgs([])).toEqual({ mode: 'labs' });
    expect(parseVerifyArgs(['--script', 'x.sh'])).toEqual({ mode: 'script', file: 'x.sh', flows: [] });
    expect(parseVerifyArgs(['--script=x.sh', '--flow', 'host1/a', 'b:80', '--flow', 'laptop', '192.168.1.10:8080'])).toEqual({ mode: 'script', file: 'x.sh', flows: [{ from: 'host1/a', to: 'b:80' }, { from: 'laptop', to: '192.168.1.10:8080' }] });
  });

  it.each([
    [['--script'], '--script needs a file: --script FILE'],
    [['--script', '--flow'], '--script needs a file: --script FILE'],
    [['--script', 'x.sh', '--flow', 'laptop'], '--flow needs FROM and TO: --flow FROM TO (as in npm run trace -- --script FILE FROM TO)'],
    [['--script', 'x.sh', '--flow', 'laptop', '--flow'], '--flow needs FROM and TO: --flow FROM TO (as in npm run trace -- --script FILE FROM TO)'],
    [['--flow', 'laptop', 'web:80'], '--flow needs --script FILE: the lab flows are fixed'],
    [['--script', 'x.sh', '--script', 'y.sh'], '--script is given twice: check one script at a time'],
    [['default-bridge'], 'unexpected argument "default-bridge": use no arguments (every lab), or --script FILE [--flow FROM TO …]'],
  ])('%j → %s', (argv, message) => {
    expect(() => parseVerifyArgs(argv)).toThrow(message);
  });
});

describe('the flows of a script', () => {
  it('pings and TCP connects on shared networks, embedded-DNS lookups, the internet, the laptop to each published port; one sender per namespace, none for host mode', () => {
    const flows = flowsOf(SCRIPT);
    expect(flows.map((f) => f.id)).toEqual([
      'host1/a → 172.18.0.3/icmp',
      'host1/b → 172.18.0.2/icmp',
      'host1/a → 172.18.0.3:80',
      'host1/a resolves b (DNS to 127.0.0.11)',
      'host1/b resolves a (DNS to 127.0.0.11)',
      'host1/a → 93.184.216.34/icmp',
      'host1/b → 93.184.216.34/icmp',
      'host1/web → 93.184.216.34/icmp',
      'laptop → 192.168.1.10:8080',
    ]);
    expect(flows.find((f) => f.id.startsWith('host1/a resolves'))?.packet).toEqual({ kind: 'packet', from: 'host1/a', protocol: 'udp', dst: '127.0.0.11', dport: 53, dnsQuery: 'b' });
    expect(flows.at(-1)?.packet).toEqual({ kind: 'packet', from: 'laptop', protocol: 'tcp', dst: '192.168.1.10', dport: 8080 });
  });

  it('an overlay is shared across hosts; the default bridges of two hosts are not one network', () => {
    const ids = flowsOf(['docker swarm init', 'docker swarm join --token x 192.168.1.10:2377   # on host2', 'docker network create -d overlay --attachable ov', 'docker run -d --name c1 --network ov alpine', 'docker run -d --name c2 --network ov alpine   # on host2', 'docker run -d --name d1 alpine', 'docker run -d --name d2 alpine   # on host2'].join('\n')).map((f) => f.id);
    expect(ids.filter((id) => id.endsWith('/icmp') && !id.includes('93.184.216.34'))).toEqual(['host1/c1 → 10.0.1.3/icmp', 'host2/c2 → 10.0.1.2/icmp']);
    expect(ids).toContain('host1/c1 resolves c2 (DNS to 127.0.0.11)');
    expect(ids.some((id) => id.includes('resolves d'))).toBe(false);
  });

  it('--flow pairs replace the planned flows and resolve as npm run trace does; a bad pair names itself', () => {
    expect(flowsOf(SCRIPT, [{ from: 'a', to: 'b:80' }])).toEqual([{ id: 'host1/a → b:80', packet: { kind: 'packet', from: 'host1/a', protocol: 'tcp', dst: '172.18.0.3', dport: 80 } }]);
    const build = buildPlayground(SCRIPT);
    expect(() => scriptFlows(build, SCRIPT, [{ from: 'host1/web', to: 'b:80' }])).toThrow('--flow host1/web b:80: host1/web cannot resolve "b": not a container on a network it shares, nor a LAN name');
    expect(() => scriptFlows(build, SCRIPT, [{ from: 'nobody', to: 'b:80' }])).toThrow(/^--flow nobody b:80: unknown sender "nobody"/);
  });
});

describe('npm run verify:kernel exits 2 for a bad command line or script, before it needs root', () => {
  const dir = mkdtempSync(join(tmpdir(), 'verify-kernel-args-'));
  const run = (...argv: string[]) => spawnSync(join('node_modules', '.bin', 'tsx'), ['scripts/verify-kernel.ts', ...argv], { encoding: 'utf8', timeout: 60_000 });

  it('line N: … for a bad script, as npm run trace says it', () => {
    const file = join(dir, 'bad.sh');
    writeFileSync(file, 'docker network create app\ndocker run -d --name web --network nope nginx\n');
    const result = run('--script', file);
    expect(result.stderr.trim()).toBe('line 2: docker: Error response from daemon: network nope not found');
    expect(result.status).toBe(2);
  });

  it('an unknown argument, an unreadable file and an unresolvable --flow', () => {
    const ok = join(dir, 'ok.sh');
    writeFileSync(ok, 'docker run -d --name web nginx\n');
    const cases = [run('--bogus'), run('--script', join(dir, 'missing.sh')), run('--script', ok, '--flow', 'laptop', 'nobody:80')];
    expect(cases.map((r) => r.status)).toEqual([2, 2, 2]);
    expect(cases[0]?.stderr).toMatch(/^verify:kernel: error: unexpected argument "--bogus"/);
    expect(cases[1]?.stderr).toMatch(/^verify:kernel: error: cannot read .*missing\.sh/);
    expect(cases[2]?.stderr).toMatch(/^verify:kernel: error: --flow laptop nobody:80: laptop cannot resolve "nobody"/);
  });
});
