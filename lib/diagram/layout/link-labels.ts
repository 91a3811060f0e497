/**
 * Phase 9 of the layout: the words along links ("VXLAN tunnel", "802.1Q
 * trunk · VLAN 10, 20"). A label goes beside its line where it covers no box
 * and no other label: the middle of the longest run first, then other spots
 * along it. Labels are placed on each link's direct route, before detours.
 */
import type { Link } from '@/lib/netsim';
import { FONT, edgeLabelWidth, machineHeadWidth } from '../labels';
import { alongCandidates, pickFree } from '../placement';
import type { Box, DiagramNode } from '../types';
import type { MachineSlot } from './plan';
import type { RoutedLink } from './route';
import { SIZES, roundBox } from './sizes';

/**
 * The words a link carries along its line, if any. A VLAN sub-interface
 * already says its VLAN id on its own box; a trunk cable is where the tags are
 * on the wire, so it carries the label.
 * @example linkLabel({ kind: 'cable', taggedVlans: [10, 20], … }) // '802.1Q trunk · VLAN 10, 20'
 */
export function linkLabel(link: Link): string | undefined {
  if (link.kind === 'vxlan-tunnel') return link.label ?? 'VXLAN tunnel';
  if (link.kind === 'vlan') return undefined;
  if (link.taggedVlans?.length) return `802.1Q trunk · VLAN ${link.taggedVlans.join(', ')}`;
  if (link.kind === 'macvlan' || link.kind === 'ipvlan') return link.label;
  return undefined;
}

/**
 * What a link label must not cover: every namespace and interface box, and each machine frame's heading.
 * @example labelObstacles(nodes, machines, machineBoxes).length // one per non-machine node, plus one per framed machine
 */
export function labelObstacles(nodes: readonly DiagramNode[], machines: readonly MachineSlot[], machineBoxes: ReadonlyMap<string, Box>): Box[] {
  const obstacles: Box[] = nodes.filter((node) => node.type !== 'machine').map((node) => ({ ...node.position, width: node.width, height: node.height }));
  for (const slot of machines) {
    const box = machineBoxes.get(slot.machine.id) as Box;
    if (slot.framed) obstacles.push({ x: box.x, y: box.y, width: machineHeadWidth({ label: slot.machine.label, kind: slot.machine.kind }) + 24, height: SIZES.machineLabelHeight });
  }
  return obstacles;
}

/**
 * The box of each routed link's label (undefined for a link without words),
 * in the order given; each label placed also becomes an obstacle for the next.
 * @example placeLinkLabels(routeLinks(topology, boxes), obstacles).filter(Boolean).length // the labelled links
 */
export function placeLinkLabels(routes: readonly RoutedLink[], obstacles: readonly Box[]): (Box | undefined)[] {
  const taken = [...obstacles];
  return routes.map(({ link, points }) => {
    const label = linkLabel(link);
    if (!label) return undefined;
    const width = Math.ceil(edgeLabelWidth(label)) + 8;
    const height = Math.ceil(FONT.edge * FONT.lineHeight) + 4;
    const box = roundBox(pickFree(alongCandidates(points, width, height, 4), taken));
    taken.push(box);
    return box;
  });
}
