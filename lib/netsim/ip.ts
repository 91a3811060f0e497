/**
 * IPv4 arithmetic for the engine. Parsing and validation go through ipaddr.js;
 * the hot path works on 32-bit unsigned integers so a route lookup is a few
 * integer comparisons.
 */
import ipaddr from 'ipaddr.js';
import type { Ipv4 } from './types';

const parsedCache = new Map<string, number>();

/**
 * Parse a dotted-quad address into an unsigned 32-bit integer.
 * @throws Error when the text is not an IPv4 address.
 * @example ipToInt('172.17.0.2') // 2886795266
 */
export function ipToInt(address: Ipv4): number {
  const cached = parsedCache.get(address);
  if (cached !== undefined) return cached;
  // Fast path for the canonical dotted quad; anything else goes through ipaddr.js for validation.
  const parts = address.split('.');
  let value = 0;
  if (parts.length === 4 && parts.every((p) => /^(0|[1-9]\d{0,2})$/.test(p) && Number(p) <= 255)) {
    for (const part of parts) value = value * 256 + Number(part);
  } else {
    if (!ipaddr.IPv4.isValidFourPartDecimal(address)) throw new Error(`"${address}" is not an IPv4 address`);
    const [a = 0, b = 0, c = 0, d = 0] = ipaddr.IPv4.parse(address).octets;
    value = ((a << 24) >>> 0) + (b << 16) + (c << 8) + d;
  }
  parsedCache.set(address, value);
  return value;
}

/**
 * Format an unsigned 32-bit integer as a dotted quad.
 * @example intToIp(2886795266) // '172.17.0.2'
 */
export function intToIp(value: number): Ipv4 {
  return `${value >>> 24}.${(value >>> 16) & 255}.${(value >>> 8) & 255}.${value & 255}`;
}

/** A parsed CIDR block. */
export interface Cidr {
  network: number;
  prefixLength: number;
  mask: number;
}

const cidrCache = new Map<string, Cidr>();

/**
 * Parse `"a.b.c.d/n"` (or `"default"`, meaning 0.0.0.0/0). The host bits are cleared.
 * @example parseCidr('172.17.0.0/16').prefixLength // 16
 */
export function parseCidr(text: string): Cidr {
  const cached = cidrCache.get(text);
  if (cached) return cached;
  let result: Cidr;
  if (text === 'default') result = { network: 0, prefixLength: 0, mask: 0 };
  else {
    const [addr, len] = text.includes('/') ? text.split('/') : [text, '32'];
    const prefixLength = Number(len);
    if (!ipaddr.IPv4.isValidCIDRFourPartDecimal(`${addr}/${prefixLength}`)) throw new Error(`"${text}" is not an IPv4 CIDR block`);
    const mask = prefixLength === 0 ? 0 : (0xffffffff << (32 - prefixLength)) >>> 0;
    result = { network: (ipToInt(addr ?? '') & mask) >>> 0, prefixLength, mask };
  }
  cidrCache.set(text, result);
  return result;
}

/**
 * Whether `address` is inside `cidr`.
 * @example cidrContains('172.17.0.0/16', '172.17.0.3') // true
 */
export function cidrContains(cidr: string, address: Ipv4): boolean {
  return cidrContainsInt(cidr, ipToInt(address));
}

/**
 * Whether the address, already as an integer, is inside `cidr` (for hot loops
 * that test one address against many blocks).
 * @example cidrContainsInt('172.17.0.0/16', ipToInt('172.17.0.3')) // true
 */
export function cidrContainsInt(cidr: string, address: number): boolean {
  const block = parseCidr(cidr);
  return ((address & block.mask) >>> 0) === block.network;
}

/**
 * The network block of an address/prefix pair, as text.
 * @example networkOf('192.168.1.10', 24) // '192.168.1.0/24'
 */
export function networkOf(address: Ipv4, prefixLength: number): string {
  const mask = prefixLength === 0 ? 0 : (0xffffffff << (32 - prefixLength)) >>> 0;
  return `${intToIp((ipToInt(address) & mask) >>> 0)}/${prefixLength}`;
}

/**
 * The n-th host address of a block (n = 1 is the first usable address).
 * @example nthAddress('172.18.0.0/16', 2) // '172.18.0.2'
 */
export function nthAddress(cidr: string, n: number): Ipv4 {
  const block = parseCidr(cidr);
  const size = 2 ** (32 - block.prefixLength);
  if (n <= 0 || n >= size - 1) throw new Error(`${cidr} has no host number ${n}`);
  return intToIp(block.network + n);
}

/**
 * Whether the address is in 127.0.0.0/8.
 * @example isLoopback('127.0.0.11') // true
 */
export function isLoopback(address: Ipv4): boolean {
  return ipToInt(address) >>> 24 === 127;
}
