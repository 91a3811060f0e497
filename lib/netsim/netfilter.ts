/**
 * iptables, simplified but faithful in order: a packet enters a built-in chain,
 * rules are tried top to bottom, a jump descends into a user chain, RETURN (or
 * the end of a user chain) climbs back, and the first terminating target
 * (ACCEPT, DROP, a NAT target) decides. The end of a built-in chain applies its
 * policy. See https://www.netfilter.org/documentation/HOWTO/packet-filtering-HOWTO-6.html
 */
import { cidrContainsInt, ipToInt } from './ip';
import type { Chain, Netfilter, Rule, RuleMatch, RuleTarget, TableName, Ipv4 } from './types';

/** The facts about a packet that rules can match on. */
export interface MatchContext {
  inInterface?: string;
  outInterface?: string;
  src: Ipv4;
  dst: Ipv4;
  /** `src` and `dst` as integers, when the caller has them: a chain of thousands of `-d` rules (one per container) then parses no address per rule. */
  srcInt?: number;
  dstInt?: number;
  protocol: string;
  sourcePort?: number;
  destinationPort?: number;
  ctState: 'NEW' | 'ESTABLISHED' | 'RELATED';
  /** Whether an address is local to the namespace (for `-m addrtype`). */
  isLocal: (address: Ipv4) => boolean;
}

/** The outcome of walking one built-in chain. */
export interface ChainWalk {
  /** The deciding target: ACCEPT/DROP/NAT, or the policy when nothing decided. */
  target: RuleTarget;
  /** Chain of the deciding rule (the built-in chain when the policy decided). */
  chain: string;
  /** `iptables -A` text of the deciding rule, or `-P CHAIN POLICY`. */
  text: string;
  /** True when the chain's policy decided. */
  byPolicy: boolean;
  /** Every rule that matched, jumps included, in the order they were met. */
  matched: { chain: string; text: string }[];
  /** Every chain entered, in order (the built-in chain first). */
  visited: string[];
}

const MAX_JUMP_DEPTH = 32;

/**
 * Walk built-in chain `chainName` of `table`.
 * @example
 * const walk = walkChain(ns.netfilter, 'nat', 'PREROUTING', ctx);
 * if (walk.target.kind === 'DNAT') console.log(walk.text);
 */
export function walkChain(netfilter: Netfilter, table: TableName, chainName: string, ctx: MatchContext): ChainWalk {
  const matched: { chain: string; text: string }[] = [];
  const visited: string[] = [chainName];
  const builtin = netfilter[table][chainName];
  const policyTarget: RuleTarget = { kind: builtin?.policy === 'DROP' ? 'DROP' : 'ACCEPT' };
  if (!builtin) return { target: policyTarget, chain: chainName, text: `-P ${chainName} ACCEPT`, byPolicy: true, matched, visited };
  const decided = walkRules(netfilter[table], builtin, ctx, matched, visited, 0);
  if (decided) return { ...decided, byPolicy: false, matched, visited };
  return { target: policyTarget, chain: chainName, text: `-P ${chainName} ${policyTarget.kind}`, byPolicy: true, matched, visited };
}

function walkRules(
  chains: Record<string, Chain>,
  chain: Chain,
  ctx: MatchContext,
  matched: { chain: string; text: string }[],
  visited: string[],
  depth: number,
): { target: RuleTarget; chain: string; text: string } | undefined {
  if (depth > MAX_JUMP_DEPTH) throw new Error(`iptables jump depth over ${MAX_JUMP_DEPTH} at chain ${chain.name}: a jump loop?`);
  for (const rule of chain.rules) {
    if (!ruleMatches(rule.match, ctx)) continue;
    const text = ruleToText(chain.name, rule);
    matched.push({ chain: chain.name, text });
    const target = rule.target;
    if (target.kind === 'RETURN') return undefined;
    if (target.kind === 'JUMP') {
      const next = chains[target.chain];
      if (!next) continue;
      visited.push(next.name);
      const decided = walkRules(chains, next, ctx, matched, visited, depth + 1);
      if (decided) return decided;
      continue;
    }
    return { target, chain: chain.name, text };
  }
  return undefined;
}

function negatable(ok: boolean, negate: boolean | undefined): boolean {
  return negate ? !ok : ok;
}

/**
 * Whether a rule's matches all hold for the packet.
 * @example ruleMatches({ protocol: 'tcp', destinationPort: 80 }, ctx)
 */
export function ruleMatches(match: RuleMatch, ctx: MatchContext): boolean {
  if (match.inInterface && !negatable(ctx.inInterface === match.inInterface.value, match.inInterface.negate)) return false;
  if (match.outInterface && !negatable(ctx.outInterface === match.outInterface.value, match.outInterface.negate)) return false;
  if (match.source && !negatable(cidrContainsInt(match.source.value, ctx.srcInt ?? ipToInt(ctx.src)), match.source.negate)) return false;
  if (match.destination && !negatable(cidrContainsInt(match.destination.value, ctx.dstInt ?? ipToInt(ctx.dst)), match.destination.negate)) return false;
  if (match.protocol && match.protocol !== ctx.protocol) return false;
  if (match.sourcePort !== undefined && match.sourcePort !== ctx.sourcePort) return false;
  if (match.destinationPort !== undefined && match.destinationPort !== ctx.destinationPort) return false;
  if (match.destinationTypeLocal && !ctx.isLocal(ctx.dst)) return false;
  if (match.sourceTypeLocal && !ctx.isLocal(ctx.src)) return false;
  if (match.ctState && !match.ctState.includes(ctx.ctState)) return false;
  return true;
}

function neg(n: { negate?: boolean } | undefined): string {
  return n?.negate ? '! ' : '';
}

function cidrText(value: string): string {
  return value.includes('/') ? value : `${value}/32`;
}

/**
 * A rule in `iptables -S` syntax (the form `iptables-save` prints).
 * @example ruleToText('PORTMAP', rule) // '-A PORTMAP ! -i br0 -p tcp -m tcp --dport 8080 -j DNAT --to-destination 10.0.0.2:80'
 */
export function ruleToText(chain: string, rule: Rule): string {
  const m = rule.match;
  const parts = [`-A ${chain}`];
  if (m.source) parts.push(`${neg(m.source)}-s ${cidrText(m.source.value)}`);
  if (m.destination) parts.push(`${neg(m.destination)}-d ${cidrText(m.destination.value)}`);
  if (m.inInterface) parts.push(`${neg(m.inInterface)}-i ${m.inInterface.value}`);
  if (m.outInterface) parts.push(`${neg(m.outInterface)}-o ${m.outInterface.value}`);
  if (m.protocol) parts.push(`-p ${m.protocol}`);
  if (m.protocol && (m.sourcePort !== undefined || m.destinationPort !== undefined)) parts.push(`-m ${m.protocol}`);
  if (m.sourcePort !== undefined) parts.push(`--sport ${m.sourcePort}`);
  if (m.destinationPort !== undefined) parts.push(`--dport ${m.destinationPort}`);
  if (m.sourceTypeLocal) parts.push('-m addrtype --src-type LOCAL');
  if (m.destinationTypeLocal) parts.push('-m addrtype --dst-type LOCAL');
  if (m.ctState) parts.push(`-m conntrack --ctstate ${m.ctState.join(',')}`);
  parts.push(targetText(rule.target));
  return parts.join(' ');
}

function targetText(target: RuleTarget): string {
  switch (target.kind) {
    case 'JUMP':
      return `-j ${target.chain}`;
    case 'DNAT':
      return `-j DNAT --to-destination ${target.toAddress}${target.toPort !== undefined ? `:${target.toPort}` : ''}`;
    case 'SNAT':
      return `-j SNAT --to-source ${target.toAddress ?? ''}${target.toPort !== undefined ? `:${target.toPort}` : ''}`;
    case 'REDIRECT':
      return `-j REDIRECT --to-ports ${target.toPort}`;
    default:
      return `-j ${target.kind}`;
  }
}

const BUILTIN_ORDER: Record<TableName, string[]> = {
  raw: ['PREROUTING', 'OUTPUT'],
  nat: ['PREROUTING', 'INPUT', 'OUTPUT', 'POSTROUTING'],
  filter: ['INPUT', 'FORWARD', 'OUTPUT'],
};

/**
 * The `-A` lines of one table as `iptables -S` lists them: built-in chains
 * first, then user chains in alphabetical order (the kernel keeps them sorted).
 * @example iptablesRules(ns.netfilter, 'nat') // ['-A PREROUTING -m addrtype --dst-type LOCAL -j PORTMAP', …]
 */
export function iptablesRules(netfilter: Netfilter, table: TableName): string[] {
  const chains = netfilter[table];
  const builtins = BUILTIN_ORDER[table];
  const users = Object.keys(chains).filter((name) => !builtins.includes(name)).sort();
  return [...builtins, ...users].flatMap((name) => (chains[name]?.rules ?? []).map((rule) => ruleToText(name, rule)));
}
