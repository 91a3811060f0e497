/**
 * Deterministic "random-looking" identifiers. Real MAC addresses, veth names
 * and network ids are random; ours are derived from a seed string so that the
 * same lab always draws the same picture and tests can name exact values.
 */
import type { Link, Mac } from './types';

/** 32-bit FNV-1a hash of a string. */
function fnv1a(text: string, salt = 0): number {
  let hash = (0x811c9dc5 ^ salt) >>> 0;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

/**
 * `length` lower-case hex characters derived from `seed`.
 * @example hexFromSeed('host1/web', 7) // e.g. '3f9a0c1' (always the same for this seed)
 */
export function hexFromSeed(seed: string, length: number): string {
  let out = '';
  for (let salt = 0; out.length < length; salt++) out += fnv1a(seed, salt).toString(16).padStart(8, '0');
  return out.slice(0, length);
}

/**
 * A locally administered unicast MAC derived from `seed`. Like the kernel's
 * `eth_random_addr()`, the first octet has the "locally administered" bit set
 * and the multicast bit clear (IEEE 802: bit 1 = local, bit 0 = group).
 * @example macFromSeed('host1/web:eth0') // e.g. '6a:1f:03:9c:e2:41'
 */
export function macFromSeed(seed: string): Mac {
  const hex = hexFromSeed(`mac:${seed}`, 12);
  const first = ((parseInt(hex.slice(0, 2), 16) & 0xfe) | 0x02).toString(16).padStart(2, '0');
  const rest = hex.slice(2).match(/../g) ?? [];
  return [first, ...rest].join(':');
}

/**
 * The stable id of a link between two interfaces.
 * @example linkId('veth', 'host1:veth1a2b3c4', 'host1/web:eth0') // 'veth:host1:veth1a2b3c4~host1/web:eth0'
 */
export function linkId(kind: Link['kind'], a: string, b: string): string {
  return kind === 'veth' || kind === 'cable' || kind === 'vxlan-tunnel' ? `${kind}:${a < b ? a : b}~${a < b ? b : a}` : `${kind}:${a}~${b}`;
}
