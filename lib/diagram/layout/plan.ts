/**
 * What the layout phases hand each other. Each phase is a pure function from
 * the topology and the results of earlier phases to a new result; none
 * changes what it was given.
 */
import type { Machine, Namespace, NetInterface } from '@/lib/netsim';
import type { PortSide } from '../types';

/** The two rows of the picture: Docker hosts on top, the LAN below. */
export const SERVER_ROW = 0;
export const LAN_ROW = 1;

/** A machine's place: its row and its order left to right in that row. */
export interface MachineSlot {
  machine: Machine;
  row: number;
  orderInRow: number;
  /** Whether the machine gets a box of its own (else its one namespace stands for it). */
  framed: boolean;
}

/** A namespace's place: its machine's row, its tier inside the machine, its order in the tier. */
export interface NamespaceSlot {
  ns: Namespace;
  machine: Machine;
  row: number;
  /** 0 is the top tier of the machine. */
  tier: number;
  /** Order among namespaces of the same tier of the same machine. */
  orderInTier: number;
  /** Whether this box stands for its whole machine (no separate machine box). */
  standsForMachine: boolean;
}

/** A side of a namespace box that faces something; ports there point at it. */
export type FacingSide = Exclude<PortSide, 'middle' | 'corner'>;

/** A namespace's interfaces by where they are drawn in its box. */
export type Sides = Record<PortSide, NetInterface[]>;

/** A namespace box's size, and its heading's height (one line, or two when the badges go under the name). */
export interface NamespaceSize {
  width: number;
  height: number;
  headHeight: number;
}
