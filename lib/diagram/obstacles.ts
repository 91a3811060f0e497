/**
 * Where a diagram's words are: one rectangle per piece of text (a port is all
 * text; a bridge bar has its words in the middle; a namespace box has them in
 * its heading). The packet token and the link labels are placed off these,
 * and tests check that nothing covers them.
 */
import { FONT, OVERVIEW_NAME_UNITS, PAD, bridgeTextWidth, edgeLabelWidth, machineHeadWidth, namespaceHeadWidths } from './labels';
import { monoWidth, sansWidth } from './text';
import type { BridgeNode, Box, Diagram } from './types';

const lineHeight = (px: number) => px * FONT.lineHeight;
/** A name in the whole-network overview: up to OVERVIEW_NAME_UNITS tall, line height 1.05. */
const overviewLine = OVERVIEW_NAME_UNITS * 1.05 + 4;

/**
 * Where a bridge bar's words are (its name and address, in the middle of the bar).
 * @example bridgeTextBox(docker0Node) // a box centred on the bar, as wide as "⇄ docker0 bridge"
 */
export function bridgeTextBox(node: BridgeNode): Box {
  const { x, y } = node.position;
  const width = Math.min(node.width, Math.max(bridgeTextWidth(node.data) - PAD.bridge + 8, monoWidth(node.data.name, OVERVIEW_NAME_UNITS) + 8));
  const height = Math.min(node.height, lineHeight(FONT.name) + (node.data.addresses[0] ? lineHeight(FONT.address) : 0));
  return { x: x + (node.width - width) / 2, y: y + (node.height - height) / 2, width, height };
}

/**
 * The text rectangles of a laid-out diagram, in diagram coordinates.
 * @example textBoxes(diagram).length // ≥ one per port
 */
export function textBoxes(diagram: Diagram): Box[] {
  const boxes: Box[] = [];
  for (const node of diagram.nodes) {
    const { x, y } = node.position;
    switch (node.type) {
      case 'port':
        boxes.push({ x, y, width: node.width, height: node.height });
        break;
      case 'bridge':
        boxes.push(bridgeTextBox(node));
        break;
      case 'namespace': {
        // The heading at its own size, and its name at the overview's (larger) size.
        const head = namespaceHeadWidths(node.data);
        const left = x + 3 + 8;
        const line = lineHeight(FONT.name) + 4;
        if (node.data.headLines === 2) {
          boxes.push({ x: left, y: y + 2, width: head.title, height: line });
          boxes.push({ x: left, y: y + 2 + line, width: head.rest, height: line });
        } else {
          boxes.push({ x: left, y: y + 2, width: head.title + PAD.gap + head.rest, height: line });
        }
        boxes.push({ x: left, y: y + 2, width: head.overview, height: overviewLine });
        break;
      }
      case 'machine':
        boxes.push({ x: x + 10, y: y + 6, width: machineHeadWidth(node.data), height: lineHeight(FONT.machine) + 4 });
        boxes.push({ x: x + 10, y: y + 4, width: sansWidth(node.data.label, OVERVIEW_NAME_UNITS, true), height: overviewLine });
        break;
    }
  }
  for (const edge of diagram.edges) {
    if (edge.data.labelBox) boxes.push(edge.data.labelBox);
    else if (edge.data.label) {
      const width = edgeLabelWidth(edge.data.label);
      boxes.push({ x: edge.data.labelAt.x - width / 2, y: edge.data.labelAt.y - 8, width, height: 16 });
    }
  }
  return boxes;
}
