/**
 * Phase 11 of the layout: the React Flow edges from the routed lines and
 * their labels, and the finished diagram — everything moved in by a margin so
 * the packet token has room beside the outermost boxes, and the drawing's size.
 */
import type { Box, Diagram, DiagramEdge, DiagramNode, Point } from '../types';
import { interfaceNodeId } from './ids';
import { linkLabel } from './link-labels';
import type { RoutedLink } from './route';
import { labelPoint, toPath } from './route';
import { MARGIN, round } from './sizes';

/**
 * One edge per routed link: its final line (after detours), its label box, and
 * where the label's centre is (the middle of the longest segment when the link has no words).
 * Labelled links are drawn above the boxes, so no box hides their label.
 *
 * @example buildEdges(routes, labelBoxes, lines).find((e) => e.data.kind === 'vxlan-tunnel')?.zIndex // 1
 */
export function buildEdges(routes: readonly RoutedLink[], labelBoxes: readonly (Box | undefined)[], lines: readonly Point[][]): DiagramEdge[] {
  return routes.map(({ link }, index) => {
    const label = linkLabel(link);
    const labelBox = labelBoxes[index];
    const points = lines[index] as Point[];
    return {
      id: link.id,
      source: interfaceNodeId(link.a),
      target: interfaceNodeId(link.b),
      sourceHandle: 'out',
      targetHandle: 'in',
      type: 'link',
      data: {
        kind: link.kind,
        ...(label ? { label } : {}),
        ...(link.taggedVlans?.length ? { taggedVlans: link.taggedVlans } : {}),
        points,
        path: toPath(points),
        labelAt: labelBox ? { x: round(labelBox.x + labelBox.width / 2), y: round(labelBox.y + labelBox.height / 2) } : labelPoint(points),
        ...(labelBox ? { labelBox } : {}),
        ends: [link.a, link.b],
      },
      ...(label ? { zIndex: 1 } : {}),
      selectable: false,
      focusable: false,
    };
  });
}

/**
 * The diagram with `MARGIN` all round: every node, line and label moved by it,
 * and a size that holds the drawing (`extent`) and every node.
 * @example frameDiagram([], [], { width: 100, height: 50 }) // { nodes: [], edges: [], width: 172, height: 122 }
 */
export function frameDiagram(nodes: readonly DiagramNode[], edges: readonly DiagramEdge[], extent: { width: number; height: number }): Diagram {
  const M = MARGIN;
  const move = (p: Point): Point => ({ x: round(p.x + M), y: round(p.y + M) });
  const movedNodes = nodes.map((node) => ({ ...node, position: move(node.position) }) as DiagramNode);
  const movedEdges = edges.map((edge) => {
    const points = edge.data.points.map(move);
    const { labelBox } = edge.data;
    return { ...edge, data: { ...edge.data, points, path: toPath(points), labelAt: move(edge.data.labelAt), ...(labelBox ? { labelBox: { ...labelBox, ...move(labelBox) } } : {}) } };
  });
  const width = Math.ceil(Math.max(extent.width, ...movedNodes.map((n) => n.position.x - M + n.width)) + 2 * M);
  const height = Math.ceil(Math.max(extent.height, ...movedNodes.map((n) => n.position.y - M + n.height)) + 2 * M);
  return { nodes: movedNodes, edges: movedEdges, width, height };
}
