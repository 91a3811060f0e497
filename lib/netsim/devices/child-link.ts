/**
 * The script lines for a child link on a parent NIC (macvlan, ipvlan): created beside the
 * parent, then moved into the child's namespace and renamed there when that is another one,
 * as Docker does (the kernel creates a child in its parent's namespace).
 */
import type { NetInterface } from '../types';
import type { ScriptContext } from '../walk';

/**
 * @example childLinkLines(m1eth0, 'host1:eth0', ctx, 'macvlan mode bridge', 'pwmv')
 * // ['ip -n host1 link add pwmv0 link eth0 type macvlan mode bridge', 'ip -n host1 link set pwmv0 netns m1', 'ip -n m1 link set pwmv0 name eth0']
 */
export function childLinkLines(iface: NetInterface, parentId: string, ctx: ScriptContext, type: string, tempPrefix: string): string[] {
  const parent = ctx.byId.get(parentId);
  if (!parent) return [];
  const add = (name: string) => `ip -n ${ctx.nsOf(parent)} link add ${name} link ${parent.name} type ${type}`;
  if (parent.namespace === iface.namespace) return [add(iface.name)];
  const tmp = ctx.tempName(tempPrefix);
  return [add(tmp), `ip -n ${ctx.nsOf(parent)} link set ${tmp} netns ${ctx.nsOf(iface)}`, `ip -n ${ctx.nsOf(iface)} link set ${tmp} name ${iface.name}`];
}
