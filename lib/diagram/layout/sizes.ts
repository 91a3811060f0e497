/**
 * The diagram's measures, shared by every layout phase: box sizes and gaps in
 * diagram pixels, and the small arithmetic on them (a row of ports, a stack).
 */
import type { NetInterface } from '@/lib/netsim';
import { bridgeTextWidth } from '../labels';
import type { Box } from '../types';

/** Room around the drawing for the packet token (a token is about 27 px tall). */
export const MARGIN = 36;
/** Width of the corridor beside a middle tier that links to the tier below it run in. */
export const DETOUR_CORRIDOR = 28;

/**
 * Sizes in diagram pixels. Ports are at least `portWidth` wide and grow, all
 * together, to the widest port text of the topology; a namespace heading
 * takes a second line when its badges do not fit beside its name.
 * `rowGap` leaves room for the packet token between two rows of ports.
 */
export const SIZES = {
  portWidth: 140,
  portHeight: 42,
  portGap: 10,
  bridgeHeight: 36,
  bridgeMinWidth: 136,
  nsPadding: 10,
  nsLabelHeight: 30,
  nsTwoLineLabelHeight: 48,
  rowGap: 34,
  nsGap: 24,
  tierGap: 64,
  machinePadding: 12,
  machineLabelHeight: 30,
  machineGap: 40,
  lanRowGap: 84,
  minNamespaceWidth: 170,
  loopbackWidth: 34,
  loopbackHeight: 20,
} as const;

/**
 * Width of `count` ports side by side, `portWidth` each, `SIZES.portGap` apart.
 * @example rowWidth(2, 140) // 290
 */
export function rowWidth(count: number, portWidth: number): number {
  return count > 0 ? count * portWidth + (count - 1) * SIZES.portGap : 0;
}

/**
 * Height of `count` ports stacked in a column, `SIZES.portGap` apart.
 * @example columnHeight(2) // 94
 */
export function columnHeight(count: number): number {
  return count > 0 ? count * SIZES.portHeight + (count - 1) * SIZES.portGap : 0;
}

/**
 * The narrowest a bridge bar may be: its name and address fit, and never under `SIZES.bridgeMinWidth`.
 * @example bridgeMinWidth(switchBr0) // 136: the words "⇄ br0 bridge" take less
 */
export function bridgeMinWidth(bridge: Pick<NetInterface, 'name' | 'addresses'>): number {
  return Math.max(SIZES.bridgeMinWidth, Math.ceil(bridgeTextWidth({ name: bridge.name, addresses: bridge.addresses.map((a) => `${a.address}/${a.prefixLength}`) })));
}

/**
 * A coordinate to the nearest tenth of a pixel, as every position of the diagram is.
 * @example round(12.345) // 12.3
 */
export const round = (value: number) => Math.round(value * 10) / 10;

/**
 * A box with every coordinate to the nearest tenth of a pixel.
 * @example roundBox({ x: 0.04, y: 1.06, width: 10, height: 5 }) // { x: 0, y: 1.1, width: 10, height: 5 }
 */
export const roundBox = (box: Box): Box => ({ x: round(box.x), y: round(box.y), width: round(box.width), height: round(box.height) });
