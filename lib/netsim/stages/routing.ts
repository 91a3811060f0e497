/**
 * Routing (net/ipv4/route.c, fib_lookup): local addresses first (the local table), then the
 * main table, longest prefix first; and the source address a route gives a new packet.
 */
import type { RouteNote } from '../events';
import { ipToInt, isLoopback } from '../ip';
import { outerIp } from '../packet';
import type { Ipv4, NetInterface, Packet, Route } from '../types';
import type { Walk } from '../walk';

/** What a route lookup found: a local address, or a route and its device. */
export type RouteDecision = { local: true } | { local: false; route: Route; dev: NetInterface };

/** Whether `address` is one of the namespace's own (or loopback). */
export function isLocal(walk: Walk, nsId: string, address: Ipv4): boolean {
  return isLoopback(address) || (walk.index.localAddresses.get(nsId)?.has(ipToInt(address)) ?? false);
}

/** The route lookup for `dst` in a namespace; undefined when no route matches. */
export function lookupRoute(walk: Walk, nsId: string, dst: Ipv4): RouteDecision | undefined {
  if (isLocal(walk, nsId, dst)) return { local: true };
  const target = ipToInt(dst);
  for (const compiled of walk.index.routes.get(nsId) ?? []) {
    if (((target & compiled.mask) >>> 0) === compiled.network) return { local: false, route: compiled.route, dev: walk.iface(compiled.route.dev) };
  }
  return undefined;
}

/** A route in `ip route` syntax. */
export function routeText(walk: Walk, route: Route): string {
  const dev = walk.iface(route.dev);
  return `${route.destination}${route.via ? ` via ${route.via}` : ''} dev ${dev.name}${route.proto === 'kernel' ? ' proto kernel scope link' : ''}${route.src ? ` src ${route.src}` : ''}`;
}

/** The source address a new packet gets from its route: `src`, the device's first address, or the namespace's first non-loopback one. */
export function sourceFor(walk: Walk, route: Route, dev: NetInterface, nsId: string): Ipv4 {
  if (route.src) return route.src;
  const first = dev.addresses[0];
  if (first) return first.address;
  for (const id of walk.ns(nsId).interfaces) {
    const address = walk.iface(id).addresses.find((a) => !isLoopback(a.address));
    if (address) return address.address;
  }
  return '0.0.0.0';
}

/** Record the route lookup as a hop. */
export function routeHop(walk: Walk, nsId: string, decision: RouteDecision, packet: Packet, note?: RouteNote): void {
  const dst = outerIp(packet).dst;
  const noted = note ? { note } : {};
  if (decision.local) {
    walk.hop('route', nsId, 'route.local', { dst, namespace: walk.label(nsId), ...noted }, packet, { detail: { route: `local ${dst} dev lo table local` } });
  } else {
    const text = routeText(walk, decision.route);
    walk.hop('route', nsId, 'route.match', { dst, route: text, ...(decision.route.via ? { via: decision.route.via } : {}), ...noted }, packet, { interface: decision.dev.id, detail: { route: text } });
  }
}
