/**
 * Port numbers the model picks by itself, in one place: the engine builds packets with them,
 * and the real-kernel check (`scripts/verify-kernel.ts`) makes its real senders and stand-ins
 * use the same ones, so the headers it captures compare with the model's.
 */

/**
 * Fixed ephemeral source ports of a sending socket, so traces are stable from build to build.
 * A real kernel picks them from `net.ipv4.ip_local_port_range` (32768–60999 by default).
 */
export const EPHEMERAL_PORT = { tcp: 43512, udp: 51413 } as const;

/** Destination ports a packet gets when its spec names none: a web server, a DNS server. */
export const DEFAULT_DESTINATION_PORT = { tcp: 80, udp: 53 } as const;

/** `net.ipv4.ip_local_port_range`, the default `32768 60999`: where the VXLAN outer source port is picked. */
export const LOCAL_PORT_RANGE = { first: 32768, last: 60999 } as const;

/**
 * The source port a user-space proxy (docker-proxy) opens its own connection from. The real
 * proxy gets an ephemeral port from the kernel; the model derives one from the listening port
 * so two proxies never share a tuple.
 * @example proxySourcePort(8080) // 58080
 */
export function proxySourcePort(listenPort: number): number {
  return 50000 + (listenPort % 10000);
}
