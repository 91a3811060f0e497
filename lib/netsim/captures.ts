/**
 * Where a walk is visible to a packet capture: for a {@link Trace} and its {@link Topology},
 * every interface a packet socket (`tcpdump -i IFACE`) sees the packet on, with the packet
 * as seen there. The real-kernel check (`scripts/verify-kernel`) captures on exactly these
 * interfaces and compares, and the pcapng writer (`pcap.ts`) writes one packet per point.
 * Pure: no I/O.
 */
import type { NetInterface, Topology } from './topology-types';
import type { Hop, Packet, Trace } from './trace-types';

/** One capture point: "tcpdump on `iface` sees this packet". */
export interface CapturePoint {
  /** Interface id, e.g. `host1:docker0`. */
  iface: string;
  direction: 'request' | 'reply';
  /** The hop that put the packet there (its step in its trace). */
  step: number;
  hopKind: Hop['kind'];
  /** The hop itself (for its caption). */
  hop: Hop;
  /** The packet as tcpdump on that interface sees it (link-layer headers included; none on `lo`). */
  packet: Packet;
  /** Whether the packet leaves the interface (`out`) or arrives on it (`in`). */
  io: 'in' | 'out';
}

/** Interface kinds a tcpdump sees a frame on when a hop says it is transmitted or received there. */
const WIRE_KINDS = new Set<NetInterface['kind']>(['veth', 'physical', 'loopback']);

function popTag(packet: Packet): Packet {
  return packet[1]?.layer === '802.1q' ? [packet[0] as Packet[number], ...packet.slice(2)] : packet;
}

/**
 * The capture points of a trace and its reply, in walk order (request, then reply): for every
 * hop, where the frame is visible to a packet socket on that interface.
 *
 * - `transmit`/`receive` on a veth, cable or lo: the frame itself;
 * - framing (`neighbour`) out of a bridge, macvlan, ipvlan or VLAN device: the frame the device sends;
 * - `bridge` delivering up to the bridge's own stack (`fdb.how = local`): the frame, untagged;
 * - `macvlan`: the frame on the macvlan device; `ipvlan`: the frame a child receives from its parent;
 * - `encapsulate`: the inner frame on the VXLAN device (the outer packet is seen downstream).
 *
 * One point per interface, direction and identical packet: a frame is not listed twice for one
 * interface (the two ends of a veth pair or a cable are two interfaces, each listed once).
 *
 * @example capturePoints(trace, topology).map((c) => c.iface) // ['host1/web:eth0', 'host1:veth…', …]
 */
export function capturePoints(trace: Trace, topology: Topology): CapturePoint[] {
  const ifaces = new Map(topology.interfaces.map((i) => [i.id, i]));
  const out: CapturePoint[] = [];
  const walk = (t: Trace) => {
    t.hops.forEach((hop, i) => {
      const iface = hop.interface ? ifaces.get(hop.interface) : undefined;
      if (!iface) return;
      const add = (packet: Packet, io: CapturePoint['io']) => {
        if (packet.length === 0) return;
        out.push({ iface: iface.id, direction: t.direction, step: hop.step, hopKind: hop.kind, hop, packet, io });
      };
      const framed = hop.packet[0]?.layer === 'ethernet';
      switch (hop.kind) {
        case 'transmit':
        case 'receive':
          if (WIRE_KINDS.has(iface.kind) || hop.kind === 'receive') add(hop.packet, hop.kind === 'transmit' ? 'out' : 'in');
          break;
        case 'neighbour':
          // The framing step (source MAC = the device's own); an ARP step before it still shows the old frame.
          if (framed && hop.packet[0]?.layer === 'ethernet' && hop.packet[0].src === iface.mac && (iface.kind === 'bridge' || iface.kind === 'macvlan' || iface.kind === 'ipvlan' || iface.kind === 'vlan')) add(hop.packet, 'out');
          break;
        case 'bridge':
          if (hop.detail?.fdb?.how === 'local' && iface.kind === 'bridge') add(popTag(hop.packet), 'in');
          break;
        case 'macvlan':
          if (iface.kind === 'macvlan') add(hop.packet, hop.code === 'macvlan.receive' ? 'in' : 'out');
          break;
        case 'ipvlan':
          if (hop.code === 'ipvlan.receive') add(hop.packet, 'in');
          break;
        case 'encapsulate': {
          const inner = t.hops[i - 1]?.packet;
          if (inner && inner[0]?.layer === 'ethernet') add(inner, 'out');
          break;
        }
        default:
          break;
      }
    });
    if (t.reply) walk(t.reply);
  };
  walk(trace);
  // One point per interface, direction and identical packet is enough.
  const seen = new Set<string>();
  return out.filter((c) => {
    const key = `${c.iface}|${c.direction}|${JSON.stringify(c.packet)}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
