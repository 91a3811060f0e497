import { memo } from 'react';
/**
 * What the diagram's shapes and lines mean. Every line kind has its own
 * pattern (solid, thick, dotted, double, tube), not only its own colour.
 */
const LINES: { kind: string; text: string }[] = [
  { kind: 'veth', text: 'veth pair: a virtual cable between two namespaces' },
  { kind: 'bridge-port', text: 'bridge port: the interface is plugged into the bridge' },
  { kind: 'cable', text: 'physical cable (Ethernet)' },
  { kind: 'vlan', text: '802.1Q: VLAN sub-interface or tagged trunk, labelled with its VLAN ids' },
  { kind: 'macvlan', text: 'macvlan: a child interface on its parent NIC' },
  { kind: 'vxlan-tunnel', text: 'VXLAN tunnel between two VTEPs, carried over the underlay (UDP 4789)' },
];

/** Memoised: it never changes, so the lab's steps never re-render it. */
export const Legend = memo(function Legend() {
  return (
    <details className="pw-legend">
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
        {LINES.map((line) => (
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
