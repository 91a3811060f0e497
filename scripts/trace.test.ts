import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main, parseArgs } from './trace';

function run(argv: string[]): { code: number; out: string; err: string } {
  let out = '';
  let err = '';
  const code = main(argv, (t) => (out += `${t}\n`), (t) => (err += `${t}\n`));
  return { code, out, err };
}

describe('npm run trace', () => {
  it('--list --json prints labs with flows and options', () => {
    const { code, out } = run(['--list', '--json']);
    expect(code).toBe(0);
    const list = JSON.parse(out) as { labs: { id: string; title: string; flows: { id: string; label: string }[]; options: { id: string; values: unknown[]; default: unknown }[] }[] };
    expect(list.labs.map((l) => l.id)).toContain('overlay');
    const overlay = list.labs.find((l) => l.id === 'overlay');
    expect(overlay?.options).toContainEqual({ id: 'controlPlane', values: ['swarm', 'kv-store'], default: 'swarm' });
    expect(Object.keys(overlay?.flows[0] ?? {})).toEqual(['id', 'label']);
  });

  it('prints a hop table and the verdict', () => {
    const { code, out } = run(['default-bridge', 'lan-to-published', '--set', 'publish=true']);
    expect(code).toBe(0);
    expect(out).toContain('nat PREROUTING: DNAT 192.168.1.10:8080 → 172.17.0.2:80 (DOCKER)');
    expect(out).toContain('=> DELIVERED');
    expect(out).toContain('reply:');
  });

  it('--json prints the trace', () => {
    const { code, out } = run(['overlay', 'c1-to-c2', '--json']);
    expect(code).toBe(0);
    const json = JSON.parse(out) as { trace: { verdict: { outcome: string }; hops: unknown[] } };
    expect(json.trace.verdict.outcome).toBe('delivered');
  });

  it.each([
    [['nope', 'x'], /unknown lab "nope"\. Valid choices: foundations, default-bridge/],
    [['overlay', 'nope'], /lab "overlay" has no flow "nope"\. Valid choices: c1-to-c2/],
    [['overlay', 'c1-to-c2', '--set', 'nope=1'], /has no option "nope"\. Valid choices: controlPlane, encrypted/],
    [['overlay', 'c1-to-c2', '--set', 'controlPlane=etcd'], /has no value "etcd"\. Valid choices: swarm, kv-store/],
    [['overlay', 'c1-to-c2', '--set', 'encrypted=maybe'], /Valid choices: true, false/],
    [['overlay'], /missing flow for lab "overlay"\. Valid choices: c1-to-c2/],
  ])('exits 2 on bad input %j', (argv, message) => {
    const { code, err } = run(argv);
    expect(code).toBe(2);
    expect(err).toMatch(message);
  });

  it('parses --set in both spellings', () => {
    expect(parseArgs(['a', 'b', '--set', 'x=1', '--set=y=2']).set).toEqual({ x: '1', y: '2' });
  });

  it('--script FILE FROM TO walks a packet through the script\'s world', () => {
    const dir = mkdtempSync(join(tmpdir(), 'trace-script-'));
    const good = join(dir, 'good.sh');
    writeFileSync(good, 'docker network create --internal app\ndocker run -d --name web --network app -p 8080:80 nginx\n');
    const delivered = run(['--script', good, 'host1/web', 'web:80']);
    expect(delivered.code).toBe(0);
    expect(delivered.out).toContain('=> DELIVERED');
    const dropped = run(['--script', good, 'laptop', '192.168.1.10:8080', '--json']);
    expect(dropped.code).toBe(0);
    expect((JSON.parse(dropped.out) as { trace: { verdict: { outcome: string } } }).trace.verdict.outcome).not.toBe('delivered');
    const bad = join(dir, 'bad.sh');
    writeFileSync(bad, 'docker network create app\ndocker run --foo alpine\n');
    expect(run(['--script', bad, 'laptop', 'example.com:80'])).toMatchObject({ code: 2, err: 'line 2: unknown flag: --foo\n' });
  });

  it('--pcap FILE writes the walk as pcapng, for a lab flow and for a script', () => {
    const dir = mkdtempSync(join(tmpdir(), 'trace-pcap-'));
    const magic = (file: string) => readFileSync(file).readUInt32LE(0);
    const flow = join(dir, 'flow.pcapng');
    expect(run(['overlay', 'c1-to-c2', '--pcap', flow]).code).toBe(0);
    expect(magic(flow)).toBe(0x0a0d0d0a);
    expect(readFileSync(flow).length).toBeGreaterThan(1000);
    const script = join(dir, 'run.sh');
    writeFileSync(script, 'docker run -d --name web -p 8080:80 nginx\n');
    const fromScript = join(dir, 'script.pcapng');
    expect(run(['--script', script, 'laptop', '192.168.1.10:8080', `--pcap=${fromScript}`]).code).toBe(0);
    expect(magic(fromScript)).toBe(0x0a0d0d0a);
    expect(run(['overlay', 'c1-to-c2', '--pcap'])).toMatchObject({ code: 2, err: expect.stringContaining('--pcap needs a file') as unknown });
  });
});
