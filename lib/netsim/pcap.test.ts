/**
 * The pcapng writer, checked by Wireshark's own dissectors: every flow of every lab (with the
 * defaults, and with each option changed one at a time) and a few playground scripts' walks are
 * written as pcapng files, the files are concatenated with `mergecap -a` and read by one
 * `tshark -T fields` run, and every packet's dissected fields are compared with the capture point it stands for — the interface, Ethernet
 * addresses, VLAN ids, IPv4 addresses, TTLs and header checksums, TCP/UDP ports and checksums,
 * VXLAN VNI (with the inner frame's fields), ICMP types, ESP SPI and DNS question and answers —
 * and no packet may carry an expert info of severity error (malformed, bad checksum).
 *
 * tshark is a Debian package (`apt-get install tshark`; `.ci/run` installs it). Without it this
 * test fails and says so — unless TSHARK_OPTIONAL=1, which skips it with one line. TSHARK and
 * MERGECAP name other binaries.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { labs, traceFlow, tracePlayground, type Lab } from '@/lib/labs';
import { capturePoints, type CapturePoint } from './captures';
import { encodePacket, internetChecksum, traceToPcapng } from './pcap';
import type { Header, Packet } from './trace-types';
import type { Topology } from './topology-types';

const FIELDS = [
  'frame.interface_name',
  'eth.src',
  'eth.dst',
  'vlan.id',
  'ip.src',
  'ip.dst',
  'ip.ttl',
  'ip.checksum.status',
  'tcp.srcport',
  'tcp.dstport',
  'tcp.checksum.status',
  'udp.srcport',
  'udp.dstport',
  'udp.checksum.status',
  'vxlan.vni',
  'icmp.type',
  'icmp.checksum.status',
  'esp.spi',
  'dns.qry.name',
  'dns.flags.response',
  'dns.a',
] as const;
type Field = (typeof FIELDS)[number];
type Row = Record<Field, string>;

/** Wireshark's checksum status values (epan/proto.h PROTO_CHECKSUM_E_*): 1 = good. */
const GOOD = '1';

/**
 * What tshark must show for a capture point, field by field (every occurrence, outermost
 * first, comma-joined as `-T fields` prints them), worked out from the model's packet.
 */
function expectedRow(topology: Topology, point: CapturePoint): Row {
  const row = Object.fromEntries(FIELDS.map((f) => [f, [] as string[]])) as Record<Field, string[]>;
  const iface = topology.interfaces.find((i) => i.id === point.iface);
  const ns = topology.namespaces.find((n) => n.id === iface?.namespace);
  row['frame.interface_name'].push(`${ns?.label}:${iface?.name}`);
  const packet: Packet = point.packet[0]?.layer === 'ethernet' ? point.packet : [{ layer: 'ethernet', src: '00:00:00:00:00:00', dst: '00:00:00:00:00:00' }, ...point.packet];
  const ip = (src: string, dst: string, ttl: number) => {
    row['ip.src'].push(src);
    row['ip.dst'].push(dst);
    row['ip.ttl'].push(String(ttl));
    row['ip.checksum.status'].push(GOOD);
  };
  for (const header of packet as readonly Header[]) {
    switch (header.layer) {
      case 'ethernet':
        row['eth.src'].push(header.src);
        row['eth.dst'].push(header.dst);
        break;
      case '802.1q':
        row['vlan.id'].push(String(header.vid));
        break;
      case 'ipv4':
        ip(header.src, header.dst, header.ttl);
        break;
      case 'tcp':
        row['tcp.srcport'].push(String(header.srcPort));
        row['tcp.dstport'].push(String(header.dstPort));
        row['tcp.checksum.status'].push(GOOD);
        break;
      case 'udp':
        row['udp.srcport'].push(String(header.srcPort));
        row['udp.dstport'].push(String(header.dstPort));
        row['udp.checksum.status'].push(GOOD);
        break;
      case 'vxlan':
        row['vxlan.vni'].push(String(header.vni));
        break;
      case 'icmp':
        row['icmp.type'].push(String(header.type === 'echo-request' ? 8 : header.type === 'echo-reply' ? 0 : 3));
        row['icmp.checksum.status'].push(GOOD);
        if (header.type === 'unreachable' && header.quotedSrc && header.quotedDst) {
          // The quoted packet: its IP header (TTL not in the model: 64) and first 8 bytes.
          ip(header.quotedSrc, header.quotedDst, 64);
          const sport = String(header.quotedSrcPort ?? 0);
          const dport = String(header.quotedDstPort ?? 0);
          if (header.quotedProtocol === 'tcp') {
            row['tcp.srcport'].push(sport);
            row['tcp.dstport'].push(dport);
          } else if (header.quotedProtocol === 'udp') {
            // Its checksum is 0, "none" (RFC 768): Wireshark's "not present", 3.
            row['udp.srcport'].push(sport);
            row['udp.dstport'].push(dport);
            row['udp.checksum.status'].push('3');
          } else if (header.quotedProtocol === 'icmp') row['icmp.type'].push('8');
        }
        break;
      case 'esp':
        row['esp.spi'].push(`0x${parseInt(header.spi, 16).toString(16).padStart(8, '0')}`);
        break;
      case 'dns':
        row['dns.qry.name'].push(header.question);
        row['dns.flags.response'].push(header.response ? '1' : '0');
        if (header.response) row['dns.a'].push(...header.answers);
        break;
    }
    // Everything after the ESP header is ciphertext on the wire.
    if (header.layer === 'esp') break;
  }
  return Object.fromEntries(FIELDS.map((f) => [f, row[f].join(',')])) as Row;
}

/** Defaults, then each option changed to each of its other values, one at a time. */
function configurations(lab: Lab): Record<string, string | boolean>[] {
  const out: Record<string, string | boolean>[] = [{}];
  for (const option of lab.options) {
    const values = option.type === 'boolean' ? [true, false] : option.values.map((v) => v.value);
    for (const value of values) if (value !== option.default) out.push({ [option.id]: value });
  }
  return out;
}

const TSHARK = process.env.TSHARK ?? 'tshark';
const MERGECAP = process.env.MERGECAP ?? 'mergecap';

const SHOP = 'docker network create shop\ndocker run -d --name web --network shop -p 8080:80 nginx\ndocker run -d --name client --network shop alpine sleep infinity\n';
/** Playground walks: a script, the sender and the target (`npm run trace -- --script` syntax). */
const PLAYGROUND_WALKS: [string, string, string][] = [
  [SHOP, 'host1/client', 'web:80/tcp'],
  [SHOP, 'laptop', '192.168.1.10:8080'],
  [SHOP, 'host1/client', 'example.com/icmp'],
  [SHOP, 'host1/client', 'web:81/tcp'],
];

function haveTshark(): boolean {
  return spawnSync(TSHARK, ['--version'], { stdio: 'ignore' }).status === 0 && spawnSync(MERGECAP, ['--version'], { stdio: 'ignore' }).status === 0;
}

describe('traceToPcapng', () => {
  it('starts with a Section Header Block and writes the bytes of the headers', () => {
    const { built, trace } = traceFlow('default-bridge', 'container-to-internet');
    const file = traceToPcapng(built.topology, trace);
    const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
    expect(view.getUint32(0, true)).toBe(0x0a0d0d0a);
    expect(view.getUint32(8, true)).toBe(0x1a2b3c4d);
    expect(view.getUint32(view.getUint32(4, true), true)).toBe(1); // then an Interface Description Block
    const frame = encodePacket(trace.hops.find((h) => h.kind === 'transmit')?.packet ?? []);
    expect(frame.length).toBe(14 + 20 + 20);
    // A correct IPv4 header checksums to 0 (RFC 1071); the TCP header with its pseudo-header too.
    expect(internetChecksum(frame.subarray(14, 34))).toBe(0);
    expect(traceToPcapng(built.topology, trace)).toEqual(file);
  });

  it('puts a VXLAN frame in UDP to 4789 with flags 0x08 and the VNI, and an 802.1Q tag with TPID 0x8100', () => {
    const overlay = traceFlow('overlay', 'c1-to-c2');
    const outer = overlay.trace.hops.find((h) => h.kind === 'transmit' && h.packet.some((x) => x.layer === 'vxlan'))?.packet ?? [];
    const bytes = encodePacket(outer);
    const udp = 14 + 20;
    expect((bytes[udp + 2]! << 8) | bytes[udp + 3]!).toBe(4789);
    expect(bytes[udp + 8]).toBe(0x08);
    const vni = outer.find((x) => x.layer === 'vxlan');
    expect((bytes[udp + 12]! << 16) | (bytes[udp + 13]! << 8) | bytes[udp + 14]!).toBe(vni?.layer === 'vxlan' ? vni.vni : -1);
    const trunk = traceFlow('macvlan-trunk', 'vlan10-to-server');
    const tagged = encodePacket(trunk.trace.hops.find((h) => h.kind === 'transmit' && h.packet[1]?.layer === '802.1q')?.packet ?? []);
    expect([tagged[12], tagged[13], ((tagged[14]! << 8) | tagged[15]!) & 0xfff]).toEqual([0x81, 0x00, 10]);
  });

  const tshark = haveTshark();
  const optional = process.env.TSHARK_OPTIONAL === '1';
  if (!tshark && optional) console.log('pcap: tshark comparison skipped — tshark/mergecap not installed and TSHARK_OPTIONAL=1');
  it.skipIf(!tshark && optional)('tshark dissects every flow of every lab as the trace says (0 differences)', () => {
    if (!tshark) throw new Error('tshark (and its mergecap) is not installed: install it with `apt-get install tshark` (Debian/Ubuntu), or set TSHARK_OPTIONAL=1 to skip this test');
    const dir = mkdtempSync(join(tmpdir(), 'pcap-test-'));
    try {
      const files: string[] = [];
      const expected: { flow: string; row: Row }[] = [];
      for (const lab of labs) {
        for (const options of configurations(lab)) {
          for (const flow of lab.flows) {
            const { built, trace } = traceFlow(lab.id, flow.id, options);
            const name = `${lab.id} ${flow.id} ${JSON.stringify(options)}`;
            const file = join(dir, `${files.length}.pcapng`);
            writeFileSync(file, traceToPcapng(built.topology, trace));
            files.push(file);
            for (const point of capturePoints(trace, built.topology)) expected.push({ flow: name, row: expectedRow(built.topology, point) });
          }
        }
      }
      // Playground scripts too (their world is built by the Docker CLI parser, not a lab).
      for (const [script, from, to] of PLAYGROUND_WALKS) {
        const { build, trace } = tracePlayground(script, from, to);
        if (!trace) throw new Error(`playground walk ${from} → ${to} did not run`);
        const file = join(dir, `${files.length}.pcapng`);
        writeFileSync(file, traceToPcapng(build.built.topology, trace));
        files.push(file);
        for (const point of capturePoints(trace, build.built.topology)) expected.push({ flow: `playground ${from} → ${to}`, row: expectedRow(build.built.topology, point) });
      }
      const all = join(dir, 'all.pcapng');
      const merged = spawnSync(MERGECAP, ['-a', '-F', 'pcapng', '-w', all, ...files], { encoding: 'utf8' });
      expect(merged.status, merged.stderr).toBe(0);
      const prefs = ['ip.check_checksum:TRUE', 'tcp.check_checksum:TRUE', 'udp.check_checksum:TRUE'].flatMap((p) => ['-o', p]);
      const run = spawnSync(TSHARK, ['-r', all, '-n', ...prefs, '-T', 'fields', '-E', 'separator=|', '-E', 'occurrence=a', '-E', 'aggregator=,', ...FIELDS.flatMap((f) => ['-e', f]), '-e', '_ws.expert.severity'], { encoding: 'utf8', maxBuffer: 64 << 20 });
      expect(run.status, run.stderr).toBe(0);
      const lines = run.stdout.split('\n').filter((line) => line.length > 0);
      const differences: string[] = [];
      if (lines.length !== expected.length) differences.push(`tshark read ${lines.length} packets, the traces have ${expected.length} capture points`);
      expected.forEach(({ flow, row }, i) => {
        const got = (lines[i] ?? '').split('|');
        // Wireshark's expert info of severity "error" (PI_ERROR, 0x00800000): a malformed packet, a bad checksum.
        if ((got[FIELDS.length] ?? '').split(',').includes(String(0x00800000))) differences.push(`${flow}, packet ${i + 1} (${row['frame.interface_name']}): tshark reports an error (malformed or bad checksum)`);
        FIELDS.forEach((field, f) => {
          if ((got[f] ?? '') !== row[field]) differences.push(`${flow}, packet ${i + 1} (${row['frame.interface_name']}): ${field} is "${got[f] ?? ''}", the trace says "${row[field]}"`);
        });
      });
      // How many packets carry each field (so a field tshark never fills cannot pass unnoticed).
      const carried = FIELDS.filter((f) => f !== 'frame.interface_name').map((f) => `${f} ${expected.filter((e) => e.row[f] !== '').length}`);
      console.log(`pcap: ${files.length} flows, ${expected.length} packets compared on ${FIELDS.length} fields with tshark: ${differences.length} differences (packets per field: ${carried.join(', ')})`);
      expect(differences.slice(0, 20)).toEqual([]);
      expect(expected.length).toBeGreaterThan(500);
      for (const field of ['vlan.id', 'vxlan.vni', 'esp.spi', 'dns.a', 'icmp.type'] as const) expect(expected.filter((e) => e.row[field] !== '').length, field).toBeGreaterThan(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
