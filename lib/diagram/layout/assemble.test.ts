import { describe, expect, it } from 'vitest';
import { buildLab, labs } from '@/lib/labs';
import { layoutPhases } from './index';
import { frameDiagram } from './assemble';
import { MARGIN } from './sizes';

describe('buildEdges and frameDiagram (assemble)', () => {
  it.each(labs.map((lab) => lab.id))('%s: the drawing keeps a margin for the packet token round every node, and holds every line', (labId) => {
    const { diagram } = layoutPhases(buildLab(labId).topology);
    for (const node of diagram.nodes) {
      expect(node.position.x, node.id).toBeGreaterThanOrEqual(MARGIN - 0.05);
      expect(node.position.y, node.id).toBeGreaterThanOrEqual(MARGIN - 0.05);
      expect(node.position.x + node.width, node.id).toBeLessThanOrEqual(diagram.width - MARGIN + 1);
      expect(node.position.y + node.height, node.id).toBeLessThanOrEqual(diagram.height - MARGIN + 1);
    }
    for (const edge of diagram.edges) for (const p of edge.data.points) expect(p.x > 0 && p.y > 0 && p.x < diagram.width && p.y < diagram.height, edge.id).toBe(true);
  });

  it('draws the detoured line, labels over the boxes, with the label centred on its box', () => {
    const { diagram, lines } = layoutPhases(buildLab('overlay').topology);
    diagram.edges.forEach((edge, i) => expect(edge.data.points).toEqual(lines[i]!.map((p) => ({ x: Math.round((p.x + MARGIN) * 10) / 10, y: Math.round((p.y + MARGIN) * 10) / 10 }))));
    const tunnel = diagram.edges.find((e) => e.data.kind === 'vxlan-tunnel')!;
    expect(tunnel.zIndex).toBe(1);
    const { labelBox, labelAt } = tunnel.data;
    expect(labelAt.x).toBeCloseTo(labelBox!.x + labelBox!.width / 2, 0);
    expect(labelAt.y).toBeCloseTo(labelBox!.y + labelBox!.height / 2, 0);
    expect(diagram.edges.filter((e) => !e.data.label).every((e) => e.zIndex === undefined)).toBe(true);
  });

  it('sizes an empty drawing to its extent plus the margin each side', () => {
    expect(frameDiagram([], [], { width: 100, height: 50 })).toEqual({ nodes: [], edges: [], width: 100 + 2 * MARGIN, height: 50 + 2 * MARGIN });
  });
});
