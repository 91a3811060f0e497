/**
 * The words on a diagram, and how big they are set. One source for the
 * renderer (`components/diagram/nodes.tsx` prints these strings with these
 * sizes) and for the layout (which sizes every box so its words fit, and
 * keeps free-floating labels off other text).
 */
import type { InterfaceData, MachineData, NamespaceData } from './types';
import { monoWidth, sansWidth } from './text';

/**
 * Font sizes in diagram pixels (at zoom 1). The CSS of the diagram uses the
 * same numbers (`--pw-font-*` in components/lab/css/theme.css); a test reads both.
 */
export const FONT = {
  /** Port and bridge names (monospace, bold), namespace names (bold). */
  name: 13,
  /** The kind beside a port's name ("veth", "NIC"), a bridge's "bridge". */
  kind: 12,
  /** Addresses and MACs (monospace). */
  address: 12,
  /** Namespace badges ("forwarding on", "iptables") and role text. */
  badge: 12,
  role: 12,
  /** Machine headings (bold). */
  machine: 14,
  /** Labels along links ("VXLAN VNI 4097 · UDP 4789"). */
  edge: 12,
  /** The lo chip. */
  chip: 11,
  /** The packet token. */
  token: 12,
  lineHeight: 1.25,
} as const;

/**
 * The smallest zoom at which the whole-network view still shows names at a
 * readable size: below `OVERVIEW_ZOOM` the diagram shows names only, set at
 * `OVERVIEW_MIN_PX / zoom` so they render at `OVERVIEW_MIN_PX` or more, and
 * the layout makes every box wide enough for its name at that size.
 */
export const OVERVIEW_ZOOM = 0.9;
export const OVERVIEW_MIN_PX = 10.5;
export const OVERVIEW_MIN_ZOOM = 0.5;
/** A name's size in diagram pixels at the smallest overview zoom. */
export const OVERVIEW_NAME_UNITS = OVERVIEW_MIN_PX / OVERVIEW_MIN_ZOOM;

export const MACHINE_KIND: Record<MachineData['kind'], string> = {
  server: 'Linux host',
  'lan-host': 'LAN host',
  router: 'router',
  switch: 'switch',
  internet: 'internet',
};

export const ROLE_TEXT: Record<NamespaceData['role'], string> = {
  root: 'root namespace',
  container: 'network namespace',
  sandbox: 'overlay sandbox netns',
  'lan-host': 'LAN host',
  router: 'router',
  internet: 'internet server',
  switch: 'LAN switch',
};

const PORT_KIND: Record<InterfaceData['kind'], string> = {
  loopback: 'lo',
  physical: 'NIC',
  veth: 'veth',
  bridge: 'bridge',
  vxlan: 'VXLAN',
  macvlan: 'macvlan',
  ipvlan: 'ipvlan',
  vlan: '802.1Q',
};

/**
 * The short kind shown beside a port's name.
 * @example portKindText({ kind: 'vlan', vlanId: 10, … }) // 'VLAN 10'
 */
export function portKindText(data: Pick<InterfaceData, 'kind' | 'vlanId'>): string {
  if (data.kind === 'vxlan') return 'VTEP';
  if (data.kind === 'vlan' && data.vlanId !== undefined) return `VLAN ${data.vlanId}`;
  return PORT_KIND[data.kind];
}

/**
 * The second line of a port: its address, else its VNI, else its MAC.
 * @example portDetailText({ addresses: [], vni: 4097, mac: '…' }) // 'VNI 4097'
 */
export function portDetailText(data: Pick<InterfaceData, 'addresses' | 'vni' | 'mac'>): string {
  return data.addresses[0] ?? (data.vni !== undefined ? `VNI ${data.vni}` : data.mac);
}

/**
 * A namespace box's heading: its name (with the machine's when the box stands for it).
 * @example namespaceTitle({ label: 'host1', machineLabel: undefined }) // 'host1'
 */
export function namespaceTitle(data: Pick<NamespaceData, 'label' | 'machineLabel'>): string {
  return data.machineLabel ? `${data.machineLabel} (${data.label})` : data.label;
}

/** The badges a namespace heading carries, in order. */
export function namespaceBadges(data: Pick<NamespaceData, 'role' | 'ipForward' | 'netfilter'>): string[] {
  const badges: string[] = [];
  if (data.role === 'root' || data.role === 'router') badges.push(data.ipForward ? 'forwarding on' : 'forwarding off');
  if (data.netfilter) badges.push('▦ iptables');
  return badges;
}

/** Horizontal padding and borders, in diagram pixels, of the boxes the renderer draws. */
export const PAD = {
  /** Port: 6 px padding and a 2 px border (3 px for a NIC) on each side. */
  port: 2 * 6 + 2 * 3,
  /** Bridge bar: 12 px padding and a 3 px border each side. */
  bridge: 2 * 12 + 2 * 3,
  /** Namespace heading: 8 px padding and a 3 px border each side. */
  namespace: 2 * 8 + 2 * 3,
  /** A badge: 4 px padding and a 1 px border each side. */
  badge: 2 * 4 + 2,
  /** Token: 8 px padding and a 3 px border each side. */
  token: 2 * 8 + 2 * 3,
  /** Gap between words of a heading. */
  gap: 6,
};

/** Width a port needs: its name and kind on one line, its address below; and its name alone in the overview. */
export function portTextWidth(data: Pick<InterfaceData, 'name' | 'kind' | 'vlanId' | 'addresses' | 'vni' | 'mac'>): number {
  const top = monoWidth(data.name, FONT.name) + 4 + sansWidth(portKindText(data), FONT.kind);
  const detail = monoWidth(portDetailText(data), FONT.address);
  const overview = monoWidth(data.name, OVERVIEW_NAME_UNITS);
  return Math.max(top, detail, overview) + PAD.port;
}

/** Width a bridge bar needs for its name line and address line (and its name alone in the overview). */
export function bridgeTextWidth(data: Pick<InterfaceData, 'name' | 'addresses'>): number {
  const top = sansWidth('⇄ ', FONT.name) + monoWidth(data.name, FONT.name) + sansWidth(' bridge', FONT.kind);
  const detail = data.addresses[0] ? monoWidth(data.addresses[0], FONT.address) : 0;
  const overview = monoWidth(data.name, OVERVIEW_NAME_UNITS);
  return Math.max(top, detail, overview) + PAD.bridge;
}

/** Widths of the two parts of a namespace heading: the title, and the badges with the role text. */
export function namespaceHeadWidths(data: Pick<NamespaceData, 'label' | 'machineLabel' | 'role' | 'ipForward' | 'netfilter'>): { title: number; rest: number; overview: number } {
  const title = sansWidth(namespaceTitle(data), FONT.name, true);
  const badges = namespaceBadges(data).map((b) => sansWidth(b, FONT.badge, true) + PAD.badge);
  const role = sansWidth(ROLE_TEXT[data.role], FONT.role);
  const rest = [...badges, role].reduce((sum, w) => sum + w, 0) + badges.length * PAD.gap;
  return { title, rest, overview: sansWidth(namespaceTitle(data), OVERVIEW_NAME_UNITS, true) };
}

/** Width of a machine heading ("▣ host1 · Linux host"). */
export function machineHeadWidth(data: Pick<MachineData, 'label' | 'kind'>): number {
  return sansWidth(`▣ ${data.label}`, FONT.machine, true) + sansWidth(` · ${MACHINE_KIND[data.kind]}`, FONT.machine);
}

/**
 * Width of a label along a link, at its own size and at the overview size.
 * @example edgeLabelWidth('VXLAN tunnel') // ≈ 90
 */
export function edgeLabelWidth(label: string): number {
  return sansWidth(label, FONT.edge, true);
}
