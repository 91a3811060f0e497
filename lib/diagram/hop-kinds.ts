/**
 * Each hop kind in a word and an icon: the hop list, the caption and the
 * packet token all say what happens at a hop with these (an icon beside the
 * word, never colour alone).
 */
import type { HopKind } from '@/lib/netsim';

/** Short text for each hop kind (shown next to an icon, never colour alone). */
export const HOP_KIND_TEXT: Record<HopKind, { icon: string; text: string }> = {
  send: { icon: '✉', text: 'send' },
  route: { icon: '↱', text: 'route' },
  neighbour: { icon: '?', text: 'ARP' },
  netfilter: { icon: '▦', text: 'netfilter' },
  nat: { icon: '⇆', text: 'NAT' },
  conntrack: { icon: '≡', text: 'conntrack' },
  transmit: { icon: '→', text: 'transmit' },
  receive: { icon: '↓', text: 'receive' },
  bridge: { icon: '⇄', text: 'bridge' },
  macvlan: { icon: '⋔', text: 'macvlan' },
  ipvlan: { icon: '⋔', text: 'ipvlan' },
  'vlan-push': { icon: '+', text: 'tag' },
  'vlan-pop': { icon: '−', text: 'untag' },
  encapsulate: { icon: '▣', text: 'encapsulate' },
  decapsulate: { icon: '□', text: 'decapsulate' },
  encrypt: { icon: '⚷', text: 'encrypt' },
  decrypt: { icon: '⚷', text: 'decrypt' },
  deliver: { icon: '✓', text: 'deliver' },
  proxy: { icon: '⇋', text: 'proxy' },
  drop: { icon: '✕', text: 'drop' },
};

