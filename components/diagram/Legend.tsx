import { memo } from 'react';
import type { LinkKind } from '@/lib/netsim';

/**
 * What the diagram's shapes and lines mean. Every line kind has its own
 * pattern (solid, thick, dotted, double, tube), not only its own colour.
 */
const LINES: Record<LinkKind, string> = {
  veth: 'veth pair: a virtual cable between two namespaces',
  'bridge-port': 'bridge port: the interface is plugged into the bridge',
  cable: 'physical cable (Ethernet)',
  vlan: '802.1Q: VLAN sub-interface or tagged trunk, labelled with its VLAN ids',
  macvlan: 'macvlan: a child interface on its parent NIC',
  ipvlan: "ipvlan: a child interface on its parent NIC, with the parent's MAC address",
  'vxlan-tunnel': 'VXLAN tunnel between two VTEPs, carried over the underlay (UDP 4789)',
};

/** Line kinds the legend always explains; the others only in a lab that draws them (every lesson's HTML carries the legend). */
const ALWAYS: ReadonlySet<LinkKind> = new Set(['veth', 'bridge-port', 'cable', 'vlan', 'macvlan', 'vxlan-tunnel']);

/**
 * The legend; `linkKinds`: the line kinds the lab's diagram draws. Memoised:
 * its input changes only with the topology, so the lab's steps never re-render it.
 */
export const Legend = memo(function Legend({ linkKinds }: { linkKinds?: ReadonlySet<LinkKind> }) {
  const lines = (Object.entries(LINES) as [LinkKind, string][]).filter(([kind]) => ALWAYS.has(kind) || linkKinds?.has(kind)).map(([kind, text]) => ({ kind, text }));
  return (
    <details className="pw-legend" data-details="legend">
      <summary>Legend</summary>
      <ul>
        <li>
          <span className="pw-legend__box pw-legend__box--machine" aria-hidden="true" /> a machine (Docker host, switch, router…)
        </li>
        <li>
          <span className="pw-legend__box pw-legend__box--ns" aria-hidden="true" /> a network namespace: its own interfaces, routes and iptables rules
        </li>
        <li>
          <span className="pw-legend__port" aria-hidden="true">eth0</span> an interface: name, kind and address, on the side of its namespace it connects through
        </li>
        <li>
          <span className="pw-legend__bridge" aria-hidden="true">⇄ bridge</span> a Linux bridge: a switch inside the kernel
        </li>
        <li>
          <span className="pw-badge pw-badge--netfilter">▦ iptables</span> this namespace has netfilter rules; hops where they act are marked “netfilter” or “NAT”
        </li>
        {lines.map((line) => (
          <li key={line.kind}>
            <svg className={`pw-legend__line pw-link pw-link--${line.kind}`} width="44" height="14" aria-hidden="true">
              {line.kind === 'vxlan-tunnel' && <path d="M2 7 H42" className="pw-link__tube" />}
              <path d="M2 7 H42" className="pw-link__line" />
            </svg>
            {line.text}
          </li>
        ))}
        <li>
          <span className="pw-legend__token" aria-hidden="true">⇆ TCP :80 SYN</span> the packet, beside the device it is at: what happens there (an icon) and its protocol; its addresses are in the caption
        </li>
        <li>
          <span className="pw-legend__active" aria-hidden="true">eth0</span> where the current step happens: a thick outline, and a thick solid line on the link it travels
        </li>
        <li>
          <span className="pw-legend__port" aria-hidden="true">◎ Follow</span> follow the packet (W) or see the whole network; zoomed out, the diagram shows names only: zoom in, hover or follow for addresses
        </li>
      </ul>
    </details>
  );
});
