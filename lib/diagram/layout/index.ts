/**
 * Topology → diagram: where every machine, namespace, interface and link is
 * drawn. Pure and deterministic (the same topology always gives the same
 * layout), and complete enough for React Flow to render on the server: every
 * node has a size and handles, every edge a routed path.
 *
 * The picture, top to bottom:
 *
 *   server machines, side by side     (host1, host2 …)
 *     containers                        tier 0
 *     overlay sandboxes                 tier 1 (between the containers and the root)
 *     root namespace                    last tier
 *   the LAN row                        laptop · switch · router · internet
 *
 * One module per phase, each a pure function of the topology and the earlier
 * phases' results: rows.ts → tiers.ts → sides.ts → measure.ts →
 * place-machines.ts → place-ports.ts → nodes.ts → route.ts → link-labels.ts →
 * detours.ts → assemble.ts.
 */
import type { Topology } from '@/lib/netsim';
import type { Box, Diagram, DiagramNode, Point } from '../types';
import { buildEdges, frameDiagram } from './assemble';
import { detourLinks } from './detours';
import { labelObstacles, placeLinkLabels } from './link-labels';
import { measureNamespaces, portWidthFor } from './measure';
import { buildNodes } from './nodes';
import { placeMachines, type MachinePlacement } from './place-machines';
import { placeInterfaces, readingOrder } from './place-ports';
import { arrangeMachines } from './rows';
import { routeLinks, type RoutedLink } from './route';
import { assignSides } from './sides';
import { allNamespaces, arrangeTiers } from './tiers';
import type { MachineSlot, NamespaceSize, NamespaceSlot, Sides } from './plan';

export { interfaceNodeId, machineNodeId, namespaceNodeId } from './ids';
export { MARGIN, SIZES } from './sizes';
export { toPath } from './route';

/** Every phase's result, in order: what layoutTopology computes on the way to its diagram. */
export interface LayoutPhases {
  machines: MachineSlot[];
  tiers: Map<string, NamespaceSlot[][]>;
  /** Every namespace slot, machine by machine, tier by tier. */
  namespaces: NamespaceSlot[];
  sides: Map<string, Sides>;
  portWidth: number;
  sizes: Map<string, NamespaceSize>;
  placed: MachinePlacement;
  /** The namespaces in reading order (the order their nodes come in). */
  order: NamespaceSlot[];
  interfaceBoxes: Map<string, Box>;
  nodes: DiagramNode[];
  routes: RoutedLink[];
  labelBoxes: (Box | undefined)[];
  /** The links' lines after detours, one per route. */
  lines: Point[][];
  diagram: Diagram;
}

/**
 * Run the layout phase by phase and keep every intermediate result (for tests and for finding which phase put a box where).
 * @example layoutPhases(buildLab('overlay').topology).tiers.get('host1')?.length // 3: containers, sandbox, root
 */
export function layoutPhases(topology: Topology): LayoutPhases {
  const machines = arrangeMachines(topology);
  const tiers = arrangeTiers(topology, machines);
  const namespaces = allNamespaces(tiers);
  const sides = assignSides(topology, machines, namespaces);
  const portWidth = portWidthFor(topology);
  const sizes = measureNamespaces(namespaces, sides, portWidth);
  const placed = placeMachines(topology, machines, tiers, sizes);
  const order = readingOrder(namespaces, placed.namespaces);
  const interfaceBoxes = placeInterfaces(topology, order, sides, placed.namespaces, sizes, portWidth);
  const nodes = buildNodes({ machines, machineBoxes: placed.machines, namespaces: order, namespaceBoxes: placed.namespaces, sizes, sides, interfaceBoxes });
  const routes = routeLinks(topology, interfaceBoxes);
  const labelBoxes = placeLinkLabels(routes, labelObstacles(nodes, machines, placed.machines));
  const namespaceOf = new Map(topology.interfaces.map((iface) => [iface.id, iface.namespace]));
  const lines = detourLinks(
    routes.map(({ link, points }) => ({ points, ends: [namespaceOf.get(link.a), namespaceOf.get(link.b)] })),
    namespaces.map((slot) => ({ id: slot.ns.id, box: placed.namespaces.get(slot.ns.id) as Box })),
  );
  const diagram = frameDiagram(nodes, buildEdges(routes, labelBoxes, lines), placed);
  return { machines, tiers, namespaces, sides, portWidth, sizes, placed, order, interfaceBoxes, nodes, routes, labelBoxes, lines, diagram };
}

/**
 * Lay a topology out as React Flow nodes and edges.
 *
 * @example
 * const diagram = layoutTopology(buildLab('default-bridge').topology);
 * diagram.nodes.find((n) => n.id === 'if:host1:docker0')?.type; // 'bridge'
 * diagram.edges.length; // one per drawn link
 */
export function layoutTopology(topology: Topology): Diagram {
  return layoutPhases(topology).diagram;
}
