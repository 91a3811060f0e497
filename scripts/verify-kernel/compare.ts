/**
 * Compare what the kernel did with what the trace promised: header fields at
 * each capture point, interfaces the packet must not reach, which sockets got
 * it, and what the sender saw. Pure: the runner feeds it captures and process
 * output.
 */
import type { Packet } from '@/lib/netsim';
import type { CaptureExpectation, ClientOutcome, FlowExpectation } from './expect';
import type { WireFrame, WireHeader } from './pcap';

/** Flattened header fields: `ipv4.dst`, `inner.tcp.dstPort`, … → value. */
export type Fields = Map<string, string | number | boolean>;

/**
 * Fields the check does not compare, and why:
 * - the outer UDP source port of VXLAN: the kernel picks it from a hash of the inner flow,
 *   the model from its own hash (any value is right);
 * - the ICMP echo identifier: ping chooses its own.
 */
export const IGNORED_FIELDS = ['udp.srcPort (outer, VXLAN)', 'icmp.id'] as const;

/** Layers whose presence alone is a difference (a missing tag or tunnel is a different packet). */
const STRUCTURAL = ['802.1q.vid', 'vxlan.vni', 'esp.spi'];

/**
 * Flatten a header stack (model or wire) into comparable fields. Headers after a
 * VXLAN header get an `inner.` prefix; nothing after ESP is visible on the wire.
 * @example fieldsOf([{ layer: 'ipv4', src: 'a', dst: 'b', ttl: 64, protocol: 'tcp' }]).get('ipv4.dst') // 'b'
 */
export function fieldsOf(headers: Packet | readonly WireHeader[]): Fields {
  const fields: Fields = new Map();
  let prefix = '';
  const list = headers as readonly (Packet[number] | WireHeader)[];
  for (let i = 0; i < list.length; i++) {
    const h = list[i];
    if (!h) continue;
    const set = (key: string, value: string | number | boolean | undefined) => {
      if (value !== undefined) fields.set(`${prefix}${h.layer}.${key}`, value);
    };
    switch (h.layer) {
      case 'ethernet':
        set('src', h.src);
        set('dst', h.dst);
        break;
      case '802.1q':
        set('vid', h.vid);
        break;
      case 'ipv4':
        set('src', h.src);
        set('dst', h.dst);
        set('ttl', h.ttl);
        set('protocol', h.protocol);
        break;
      case 'tcp':
        set('srcPort', h.srcPort);
        set('dstPort', h.dstPort);
        set('flags', h.flags);
        break;
      case 'udp':
        if (list[i + 1]?.layer !== 'vxlan') set('srcPort', h.srcPort);
        set('dstPort', h.dstPort);
        break;
      case 'icmp':
        set('type', h.type);
        break;
      case 'vxlan':
        set('vni', h.vni);
        prefix = `${prefix}inner.`;
        break;
      case 'esp':
        set('spi', h.spi);
        return fields;
      case 'dns':
        set('response', h.response);
        set('question', h.question);
        if (h.response) {
          set('rcode', h.rcode ?? 'NOERROR');
          set('answers', h.answers.join(','));
        }
        break;
      default:
        break;
    }
  }
  return fields;
}

/** One field that differs. */
export interface FieldDiff {
  field: string;
  expected: string | number | boolean | undefined;
  actual: string | number | boolean | undefined;
}

/**
 * The fields of `expected` that `actual` does not reproduce. Link-layer fields
 * are skipped when the model packet has no Ethernet header (a loopback capture
 * shows all-zero MACs); tags, tunnels and ESP must be present on both or neither.
 * @example diffFields(fieldsOf(model), fieldsOf(wire)) // [{ field: 'ethernet.dst', expected: '…', actual: '…' }]
 */
export function diffFields(expected: Fields, actual: Fields): FieldDiff[] {
  const diffs: FieldDiff[] = [];
  for (const [field, value] of expected) {
    const got = actual.get(field);
    if (got !== value) diffs.push({ field, expected: value, actual: got });
  }
  for (const [field, value] of actual) {
    if (expected.has(field)) continue;
    const structural = STRUCTURAL.some((s) => field === s || field.endsWith(`.${s}`));
    if (structural) diffs.push({ field, expected: undefined, actual: value });
  }
  return diffs;
}

/** Frames of a capture that belong to a flow: IPv4, not ARP. */
export function ipFrames(frames: readonly WireFrame[]): WireFrame[] {
  return frames.filter((f) => f.headers.some((h) => h.layer === 'ipv4'));
}

/** The verdict of one capture point. */
export interface PointResult {
  iface: string;
  direction: 'request' | 'reply';
  step: number;
  ok: boolean;
  /** Why not: the closest captured packet's differing fields, or "never seen". */
  problem?: string;
  diffs?: FieldDiff[];
}

function fmt(v: string | number | boolean | undefined): string {
  return v === undefined ? '(absent)' : String(v);
}

/**
 * Does a capture on the expectation's interface hold a packet with the expected fields?
 * The closest packet (fewest differing fields) is reported when none matches.
 * @example checkPoint(expectation, framesOnThatInterface).ok
 */
export function checkPoint(expectation: CaptureExpectation, frames: readonly WireFrame[]): PointResult {
  const base = { iface: expectation.iface, direction: expectation.direction, step: expectation.step };
  const expected = fieldsOf(expectation.packet);
  const candidates = ipFrames(frames);
  const what = `${expectation.direction} hop ${expectation.step} (${expectation.hopKind}${expectation.note ? `: ${expectation.note}` : ''})`;
  if (candidates.length === 0) return { ...base, ok: false, problem: `${what}: no IPv4 packet was captured on ${expectation.iface}` };
  let best: FieldDiff[] | undefined;
  for (const frame of candidates) {
    const diffs = diffFields(expected, fieldsOf(frame.headers));
    if (!best || diffs.length < best.length) best = diffs;
    if (diffs.length === 0) return { ...base, ok: true };
  }
  const diffs = best ?? [];
  return {
    ...base,
    ok: false,
    diffs,
    problem: `${what} on ${expectation.iface}: ${diffs.map((d) => `${d.field} expected ${fmt(d.expected)}, kernel ${fmt(d.actual)}`).join('; ')}`,
  };
}

/**
 * Has every capture point's promised packet arrived yet? The runner asks this while tcpdump is
 * still running, to stop the captures only once it has read them: stopping earlier (a fixed
 * wait that a loaded machine misses) loses packets tcpdump had not read yet.
 * @example allPointsSeen(expectation.captures, new Map([['host1:eth0', frames]]))
 */
export function allPointsSeen(points: readonly CaptureExpectation[], captures: ReadonlyMap<string, readonly WireFrame[]>): boolean {
  return points.every((point) => checkPoint(point, captures.get(point.iface) ?? []).ok);
}

/** What the runner observed for one flow. */
export interface KernelObservation {
  /** Interface id → frames captured there during the flow (only interfaces that were captured). */
  captures: Map<string, WireFrame[]>;
  /** Sockets that logged the request, as `namespace|protocol|port`, in order. */
  deliveredTo: string[];
  /** What the sender saw. */
  client: ClientOutcome | string;
  dns?: { rcode: string; answers: string[] };
}

/** The comparison of one flow. */
export interface FlowComparison {
  ok: boolean;
  /** Each difference in words, naming the hop and the field. */
  problems: string[];
  points: PointResult[];
}

/**
 * Compare one flow's expectation with what the kernel did.
 * @example compareFlow(expectFlow(trace, topology, packet), observation).problems
 */
export function compareFlow(expected: FlowExpectation, observed: KernelObservation): FlowComparison {
  const problems: string[] = [];
  const points = expected.captures.map((c) => checkPoint(c, observed.captures.get(c.iface) ?? []));
  for (const p of points) if (!p.ok && p.problem) problems.push(p.problem);
  // An interface that may show one packet only (it stands for a must-not-reach interface): anything else there is a difference.
  for (const c of expected.captures) {
    if (!c.only) continue;
    const want = fieldsOf(c.packet);
    const others = ipFrames(observed.captures.get(c.iface) ?? []).filter((f) => diffFields(want, fieldsOf(f.headers)).length > 0);
    const first = others[0];
    if (first) problems.push(`the trace puts nothing on ${c.iface} but ${c.note ?? 'one packet'}, and the kernel put ${others.length} other packet(s) there (first: ${describeWire(first.headers)})`);
  }
  for (const iface of expected.mustNotReach) {
    const frames = ipFrames(observed.captures.get(iface) ?? []);
    const first = frames[0];
    if (first) problems.push(`the trace says the flow never reaches ${iface}, but the kernel put ${frames.length} packet(s) there (first: ${describeWire(first.headers)})`);
  }
  const want = expected.deliveredTo.join(', ') || '(no socket)';
  const got = observed.deliveredTo.join(', ') || '(no socket)';
  if (want !== got) problems.push(`delivered to: trace says ${want}, kernel ${got}`);
  if (expected.echoAnswered !== undefined && expected.client === undefined) {
    // Without a reply walk the model only says whether the echo request arrived.
    const answered = [...observed.captures.values()].some((frames) => frames.some((f) => f.headers.some((h) => h.layer === 'icmp' && h.type === 'echo-reply')));
    if (expected.echoAnswered !== answered && expected.captures.some((c) => c.packet.some((h) => h.layer === 'icmp'))) problems.push(`echo reply: trace says ${expected.echoAnswered ? 'answered' : 'not answered'}, kernel ${answered ? 'answered' : 'not answered'}`);
  }
  if (expected.client !== undefined && expected.client !== observed.client) problems.push(`sender sees: trace says ${expected.client}, kernel ${observed.client}`);
  if (expected.dns && observed.dns) {
    const a = `${expected.dns.rcode} ${expected.dns.answers.join(',')}`;
    const b = `${observed.dns.rcode} ${observed.dns.answers.join(',')}`;
    if (a !== b) problems.push(`DNS answer: trace says ${a}, kernel ${b}`);
  }
  return { ok: problems.length === 0, problems, points };
}

/**
 * A short text for a captured header stack, for reports.
 * @example describeWire(frame.headers) // 'aa:…→bb:… 172.17.0.3:43512→172.17.0.2:80 tcp SYN'
 */
export function describeWire(headers: readonly WireHeader[]): string {
  const parts: string[] = [];
  for (const h of headers) {
    if (h.layer === 'ethernet') parts.push(`${h.src}→${h.dst}`);
    else if (h.layer === '802.1q') parts.push(`vlan ${h.vid}`);
    else if (h.layer === 'ipv4') parts.push(`${h.src}→${h.dst} ttl ${h.ttl}`);
    else if (h.layer === 'tcp') parts.push(`tcp ${h.srcPort}→${h.dstPort} ${h.flags}`);
    else if (h.layer === 'udp') parts.push(`udp ${h.srcPort}→${h.dstPort}`);
    else if (h.layer === 'icmp') parts.push(`icmp ${h.type}`);
    else if (h.layer === 'vxlan') parts.push(`vxlan vni ${h.vni} |`);
    else if (h.layer === 'esp') parts.push(`esp spi ${h.spi}`);
    else if (h.layer === 'dns') parts.push(`dns ${h.response ? `answer ${h.rcode} ${h.answers.join(',')}` : `query ${h.question}`}`);
    else if (h.layer === 'arp') parts.push(`arp ${h.op} ${h.targetIp}`);
    else parts.push(h.what);
  }
  return parts.join(' ');
}
