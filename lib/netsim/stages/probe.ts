/**
 * A broadcast followed through the devices, to learn who answers it: an ARP request from an
 * interface, or the flood of a bridge for an unknown destination MAC. Each device kind says
 * how a copy crosses it (`Device.probeTransmit`, `Device.probeReceiveOnLower`); the walk
 * learns the bridges' FDB entries along the path of the answer, as the replies would teach them.
 */
import type { Mac, NetInterface } from '../types';
import type { Device, ProbeDrop, ProbeEvent, ProbeResult, ProbeStep, ProbeTarget, Walk } from '../walk';
import { ipToInt, isLoopback } from '../ip';

/** What a probe found: who answered, if anyone, and why copies were dropped on the way. */
export interface ProbeOutcome {
  found: ProbeResult | undefined;
  drops: ProbeDrop[];
}

/** The interface answers for the target: its MAC, or (arp_ignore=0, the default) any address of its namespace. */
function l3Match(walk: Walk, iface: NetInterface, target: ProbeTarget, targetIp: number | undefined): ProbeResult | undefined {
  if (target.kind === 'mac') return iface.mac === target.mac ? { responder: iface, mac: iface.mac, proxy: false } : undefined;
  return targetIp !== undefined && walk.index.localAddresses.get(iface.namespace)?.has(targetIp) ? { responder: iface, mac: iface.mac, proxy: false } : undefined;
}

/** The VLAN a frame leaves a bridge port with: none when the port is an untagged member. */
export function egressVid(bridge: NetInterface, port: NetInterface, vid: number | undefined): number | undefined {
  if (bridge.kind !== 'bridge' || !bridge.vlanFiltering || vid === undefined) return vid;
  return port.portVlans?.untagged.includes(vid) ? undefined : vid;
}

/** Copies already handled: by kind, then VLAN (-1 for none), the interfaces (a broadcast crosses each device once). */
class Seen {
  private readonly byKind = { tx: new Map<number, Set<NetInterface>>(), rx: new Map<number, Set<NetInterface>>(), 'rx-l3': new Map<number, Set<NetInterface>>() };

  /** Marks the copy as handled; false when it already was. */
  add(event: ProbeEvent): boolean {
    const byVid = this.byKind[event.kind];
    const vid = event.vid ?? -1;
    let set = byVid.get(vid);
    if (!set) byVid.set(vid, (set = new Set()));
    if (set.has(event.iface)) return false;
    set.add(event.iface);
    return true;
  }
}

function run(walk: Walk, starts: ProbeEvent[], target: ProbeTarget, requesterMac: Mac, how: 'hit' | 'flood', source: NetInterface | undefined): ProbeOutcome {
  const events: ProbeEvent[] = [...starts];
  const drops: ProbeDrop[] = [];
  const seen = new Seen();
  const { devices, rxHandlers } = walk.stack;
  // Loopback addresses never answer an ARP request.
  const targetIp = target.kind === 'arp' && !isLoopback(target.ip) ? ipToInt(target.ip) : undefined;
  // One step object for the whole probe (a probe of a big bridge handles thousands of copies).
  const step = {
    walk,
    target,
    source,
    at: 0,
    enqueue: (kind: ProbeEvent['kind'], iface: NetInterface, vid: number | undefined, bridgeEgress?: ProbeEvent['bridgeEgress'], bridgeIngress?: ProbeEvent['bridgeIngress']) => {
      const event: ProbeEvent = { kind, iface, vid, parent: step.at };
      if (bridgeEgress) event.bridgeEgress = bridgeEgress;
      if (bridgeIngress) event.bridgeIngress = bridgeIngress;
      events.push(event);
    },
    dropped: (why: ProbeDrop) => drops.push(why),
    l3Match: (iface: NetInterface) => l3Match(walk, iface, target, targetIp),
  } satisfies ProbeStep;
  for (let i = 0; i < events.length; i++) {
    const event = events[i] as ProbeEvent;
    if (!seen.add(event)) continue;
    step.at = i;
    let found: ProbeResult | undefined;
    if (event.kind === 'tx') found = (devices[event.iface.kind] as Device).probeTransmit(step, event);
    else {
      let taken = false;
      if (event.kind === 'rx') {
        for (const kind of rxHandlers) {
          const result = (devices[kind] as Device).probeReceiveOnLower?.(step, event);
          if (result === 'taken') taken = true;
          else if (result) found = result;
          if (taken || found) break;
        }
      }
      if (!taken && !found) found = l3Match(walk, event.iface, target, targetIp);
    }
    if (found) {
      learnPath(walk, events, i, found.mac, requesterMac, how);
      return { found, drops };
    }
    if (events.length > 200000) break;
  }
  return { found: undefined, drops };
}

function learnPath(walk: Walk, events: ProbeEvent[], last: number, targetMac: Mac, requesterMac: Mac, how: 'hit' | 'flood'): void {
  for (let i = last; i >= 0; i = (events[i] as ProbeEvent).parent) {
    const event = events[i] as ProbeEvent;
    if (event.bridgeEgress) walk.session.bridgeFdb(event.bridgeEgress.bridge).set(targetMac, { port: event.bridgeEgress.port, how });
    if (event.bridgeIngress && requesterMac) walk.session.bridgeFdb(event.bridgeIngress.bridge).set(requesterMac, { port: event.bridgeIngress.port, how: 'hit' });
  }
}

/**
 * ARP-style broadcast from `start`: who answers for `target`.
 * @example probe(walk, eth0, { kind: 'arp', ip: '172.17.0.3' }, eth0.mac).found?.mac
 */
export function probe(walk: Walk, start: NetInterface, target: ProbeTarget, requesterMac: Mac): ProbeOutcome {
  return run(walk, [{ kind: 'tx', iface: start, vid: undefined, parent: -1 }], target, requesterMac, 'hit', start);
}

/**
 * Flood from a bridge for an unknown destination MAC and learn where it is,
 * as the replies to a flood would teach the bridges on the way.
 */
export function probeFromBridge(walk: Walk, bridge: NetInterface, ingress: NetInterface | undefined, mac: Mac, vid?: number): void {
  const starts: ProbeEvent[] = [];
  // The port whose veth peer owns the MAC, when exactly one interface has it: its copy is
  // followed alone first. The answer is the same (only that interface can answer, and only
  // through its peer), but a bridge of 1,000 containers is not walked port by port to find it.
  const owners = walk.index.interfacesByMac.get(mac);
  const owner = owners?.length === 1 ? owners[0] : undefined;
  const direct = owner?.kind === 'veth' ? owner.peer : undefined;
  let directStart: ProbeEvent | undefined;
  for (const port of walk.index.bridgePorts.get(bridge.id) ?? []) {
    // br_flood → should_deliver: the ingress port gets a copy only in hairpin mode.
    if (ingress && port.id === ingress.id && !ingress.hairpin) continue;
    const event: ProbeEvent = { kind: 'tx', iface: port, vid: egressVid(bridge, port, vid), parent: -1, bridgeEgress: { bridge: bridge.id, port: port.id } };
    if (port.id === direct) directStart = event;
    starts.push(event);
  }
  if (directStart && run(walk, [directStart], { kind: 'mac', mac }, '', 'flood', undefined).found) return;
  run(walk, starts, { kind: 'mac', mac }, '', 'flood', undefined);
}
