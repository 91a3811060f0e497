import { describe, expect, it } from 'vitest';
import { labs, traceFlow } from '@/lib/labs';
import { interfaceNodeId, layoutTopology, namespaceNodeId } from './layout';
import { buildTimeline, deviceSteps, flattenHops } from './timeline';
import { countWalk } from '@/lib/content/exercises';
import { describeChanges, headerStack, tokenLabel } from './packet-view';
import { computeLabView, describeLab, stateSchema } from './lab-view';
import type { Box, DiagramNode } from './types';
import { textBoxes } from './obstacles';
import { intersects } from './placement';
import { PAD, bridgeTextWidth, namespaceHeadWidths, namespaceTitle, portTextWidth } from './labels';

const boxOf = (node: DiagramNode): Box => ({ ...node.position, width: node.width, height: node.height });
const overlaps = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
const inside = (inner: Box, outer: Box) =>
  inner.x >= outer.x - 0.5 && inner.y >= outer.y - 0.5 && inner.x + inner.width <= outer.x + outer.width + 0.5 && inner.y + inner.height <= outer.y + outer.height + 0.5;

/** Every lab with its default options, and every flow of it. */
const cases = labs.flatMap((lab) => lab.flows.map((flow) => ({ lab: lab.id, flow: flow.id })));

describe('layoutTopology', () => {
  it('gives the same layout for the same topology, every time', () => {
    for (const lab of labs) {
      const first = layoutTopology(traceFlow(lab.id, lab.flows[0]!.id).built.topology);
      const second = layoutTopology(traceFlow(lab.id, lab.flows[0]!.id).built.topology);
      expect(JSON.stringify(second)).toBe(JSON.stringify(first));
    }
  });

  it.each(labs.map((lab) => lab.id))('%s: draws every interface (lo as a corner chip) and every link', (labId) => {
    const { topology } = traceFlow(labId, getFirstFlow(labId)).built;
    const diagram = layoutTopology(topology);
    const nodeIds = new Set(diagram.nodes.map((n) => n.id));
    const edgeIds = new Set(diagram.edges.map((e) => e.id));
    for (const iface of topology.interfaces) expect(nodeIds.has(interfaceNodeId(iface.id)), iface.id).toBe(true);
    for (const link of topology.links) expect(edgeIds.has(link.id), link.id).toBe(true);
    for (const edge of diagram.edges) {
      expect(edge.data.points.length).toBeGreaterThanOrEqual(2);
      expect(edge.data.path.startsWith('M')).toBe(true);
    }
  });

  it.each(labs.map((lab) => lab.id))('%s: namespace boxes do not overlap, and ports sit inside their namespace', (labId) => {
    const diagram = layoutTopology(traceFlow(labId, getFirstFlow(labId)).built.topology);
    const namespaces = diagram.nodes.filter((n) => n.type === 'namespace');
    for (let i = 0; i < namespaces.length; i++) {
      for (let j = i + 1; j < namespaces.length; j++) {
        expect(overlaps(boxOf(namespaces[i]!), boxOf(namespaces[j]!)), `${namespaces[i]!.id} / ${namespaces[j]!.id}`).toBe(false);
      }
    }
    for (const node of diagram.nodes) {
      if (node.type !== 'port' && node.type !== 'bridge') continue;
      const ns = diagram.nodes.find((n) => n.id === namespaceNodeId(node.data.namespace))!;
      expect(inside(boxOf(node), boxOf(ns)), `${node.id} in ${ns.id}`).toBe(true);
    }
    // Ports of one namespace do not cover each other either.
    const ports = diagram.nodes.filter((n) => n.type === 'port' || n.type === 'bridge');
    for (let i = 0; i < ports.length; i++) {
      for (let j = i + 1; j < ports.length; j++) expect(overlaps(boxOf(ports[i]!), boxOf(ports[j]!)), `${ports[i]!.id} / ${ports[j]!.id}`).toBe(false);
    }
  });

  it('gives every node a size and the two handles its edges attach to (server rendering needs them)', () => {
    const diagram = layoutTopology(traceFlow('overlay', 'c1-to-c2').built.topology);
    for (const node of diagram.nodes) {
      expect(node.width).toBeGreaterThan(0);
      expect(node.height).toBeGreaterThan(0);
      expect(node.handles.map((h) => `${h.id}:${h.type}`).sort()).toEqual(['in:target', 'out:source']);
    }
    for (const edge of diagram.edges) expect([edge.sourceHandle, edge.targetHandle]).toEqual(['out', 'in']);
    expect(diagram.width).toBeGreaterThan(0);
    expect(diagram.height).toBeGreaterThan(0);
  });

  it.each(labs.map((lab) => lab.id))('%s: no link runs under a namespace box it does not connect', (labId) => {
    const { topology } = traceFlow(labId, getFirstFlow(labId)).built;
    const diagram = layoutTopology(topology);
    const nsOf = new Map(topology.interfaces.map((i) => [i.id, i.namespace]));
    const namespaces = diagram.nodes.filter((n) => n.type === 'namespace');
    for (const edge of diagram.edges) {
      const own = new Set(edge.data.ends.map((end) => namespaceNodeId(nsOf.get(end) ?? '')));
      for (const ns of namespaces) {
        if (own.has(ns.id)) continue;
        const box = boxOf(ns);
        const inner = { x: box.x + 1, y: box.y + 1, width: box.width - 2, height: box.height - 2 };
        const segments = edge.data.points.slice(1).map((point, i) => {
          const from = edge.data.points[i]!;
          return { x: Math.min(from.x, point.x), y: Math.min(from.y, point.y), width: Math.abs(point.x - from.x) || 0.01, height: Math.abs(point.y - from.y) || 0.01 };
        });
        expect(segments.some((segment) => overlaps(segment, inner)), `${edge.id} under ${ns.id}`).toBe(false);
      }
    }
  });

  it.each(labs.map((lab) => lab.id))('%s: link labels cover no box and no other label', (labId) => {
    const diagram = layoutTopology(traceFlow(labId, getFirstFlow(labId)).built.topology);
    const boxes = diagram.nodes.filter((n) => n.type !== 'machine').map(boxOf);
    const labelled = diagram.edges.filter((e) => e.data.label);
    for (const edge of labelled) {
      expect(edge.data.labelBox, edge.id).toBeDefined();
      const box = edge.data.labelBox!;
      expect(boxes.filter((b) => intersects(box, b)), `${edge.id} label`).toEqual([]);
      for (const other of labelled) if (other !== edge) expect(intersects(box, other.data.labelBox!), `${edge.id} / ${other.id}`).toBe(false);
    }
  });

  it.each(labs.map((lab) => lab.id))('%s: every box is wide enough for its words at their set size', (labId) => {
    const diagram = layoutTopology(traceFlow(labId, getFirstFlow(labId)).built.topology);
    for (const node of diagram.nodes) {
      if (node.type === 'port' && node.data.side !== 'corner') expect(node.width, node.id).toBeGreaterThanOrEqual(portTextWidth(node.data) - 0.5);
      if (node.type === 'bridge') expect(node.width, node.id).toBeGreaterThanOrEqual(bridgeTextWidth(node.data) - 0.5);
      if (node.type === 'namespace') {
        const head = namespaceHeadWidths(node.data);
        const needed = node.data.headLines === 2 ? Math.max(head.title, head.rest) : head.title + PAD.gap + head.rest;
        expect(node.width, node.id).toBeGreaterThanOrEqual(needed + PAD.namespace - 0.5);
      }
    }
  });

  it('a long namespace heading takes two lines rather than being cut (the internet server under its lo chip)', () => {
    const diagram = layoutTopology(traceFlow('overlay', 'c1-to-c2').built.topology);
    const internet = diagram.nodes.find((n) => n.type === 'namespace' && n.data.role === 'internet')!;
    expect(internet.type === 'namespace' && namespaceTitle(internet.data)).toMatch(/internet/);
    const head = namespaceHeadWidths(internet.type === 'namespace' ? internet.data : (undefined as never));
    expect(internet.width).toBeGreaterThan(head.title);
  });

  it('draws the VXLAN tunnel between the two VTEPs and labels 802.1Q trunks with their VLAN ids', () => {
    const overlay = layoutTopology(traceFlow('overlay', 'c1-to-c2').built.topology);
    const tunnel = overlay.edges.find((e) => e.data.kind === 'vxlan-tunnel');
    expect(tunnel?.data.label).toMatch(/VNI 4097/);
    expect(tunnel?.data.ends.every((end) => end.endsWith(':vxlan0'))).toBe(true);
    const trunk = layoutTopology(traceFlow('macvlan-trunk', getFirstFlow('macvlan-trunk')).built.topology);
    const trunks = trunk.edges.filter((e) => e.data.kind === 'cable' && e.data.taggedVlans?.length);
    expect(trunks.length).toBeGreaterThan(0);
    for (const edge of trunks) expect(edge.data.label).toMatch(/^802\.1Q trunk · VLAN \d+/);
    // A VLAN sub-interface carries its VLAN id on its own box.
    const vlanPorts = trunk.nodes.filter((n) => n.type === 'port' && n.data.kind === 'vlan');
    expect(vlanPorts.length).toBeGreaterThan(0);
    for (const port of vlanPorts) expect(port.type === 'port' && port.data.vlanId).toBeGreaterThan(0);
  });
});

describe('buildTimeline', () => {
  it.each(cases)('$lab / $flow: one step per hop, each placed on the diagram', ({ lab, flow }) => {
    const result = traceFlow(lab, flow);
    const diagram = layoutTopology(result.built.topology);
    const timeline = buildTimeline(diagram, result.trace);
    const hops = flattenHops(result.trace);
    expect(timeline.hops).toHaveLength(hops.length);
    expect(timeline.steps).toHaveLength(hops.length);
    const nodeIds = new Set(diagram.nodes.map((n) => n.id));
    const edgeIds = new Set(diagram.edges.map((e) => e.id));
    timeline.steps.forEach((step, i) => {
      const hop = hops[i]!;
      expect(step.path.length, `hop ${i}`).toBeGreaterThan(0);
      // The token ends its travel where it rests, beside what the hop happens at.
      expect(step.path[step.path.length - 1]).toEqual({ x: step.token.x + step.token.width / 2, y: step.token.y + step.token.height / 2 });
      expect(step.nodeIds).toContain(namespaceNodeId(hop.namespace));
      for (const id of step.nodeIds) expect(nodeIds.has(id)).toBe(true);
      for (const id of step.edgeIds) expect(edgeIds.has(id)).toBe(true);
      // A hop on a drawn link travels along that link.
      if (hop.link) expect(step.edgeIds).toContain(hop.link);
      // …and a hop on an interface (lo included) lights that interface up.
      if (hop.interface) expect(step.nodeIds).toContain(interfaceNodeId(hop.interface));
      expect(step.where.length).toBeGreaterThan(0);
    });
    expect(timeline.verdicts[0]!.verdict).toEqual(result.trace.verdict);
    expect(timeline.verdicts.at(-1)!.afterHop).toBe(hops.length - 1);
  });

  it.each(cases)('$lab / $flow: the resting token covers no text and stays on the drawing', ({ lab, flow }) => {
    const result = traceFlow(lab, flow);
    const diagram = layoutTopology(result.built.topology);
    const timeline = buildTimeline(diagram, result.trace);
    const words = textBoxes(diagram);
    const drawing: Box = { x: 0, y: 0, width: diagram.width, height: diagram.height };
    timeline.steps.forEach((step, i) => {
      const covered = words.filter((box) => intersects(step.token, box));
      expect(covered, `hop ${i + 1} (${step.where}): token ${JSON.stringify(step.token)}`).toEqual([]);
      expect(inside(step.token, drawing), `hop ${i + 1} inside the drawing`).toBe(true);
      // Beside, not far away: the token touches the band around its target.
      const reach = 1.5 * step.token.width + 8;
      const near = { x: step.target.x - reach, y: step.target.y - 2 * step.token.height - 8, width: step.target.width + 2 * reach, height: step.target.height + 4 * step.token.height + 16 };
      expect(inside(step.token, near), `hop ${i + 1} beside its target`).toBe(true);
    });
  });

  it.each(cases)('$lab / $flow: by device, consecutive hops in one namespace fold into one step, and the lessons count them the same way', ({ lab, flow }) => {
    const result = traceFlow(lab, flow);
    const timeline = buildTimeline(layoutTopology(result.built.topology), result.trace);
    const groups = deviceSteps(timeline);
    // Every hop is in exactly one group, in order, and neighbours differ in namespace or phase.
    expect(groups.flatMap((g) => Array.from({ length: g.last - g.first + 1 }, (_, i) => g.first + i))).toEqual(timeline.hops.map((_, i) => i));
    groups.forEach((g, i) => {
      for (let h = g.first; h <= g.last; h++) expect(timeline.hops[h]!.namespace).toBe(g.namespace);
      const next = groups[i + 1];
      if (next) expect(next.namespace !== g.namespace || next.phase !== g.phase).toBe(true);
    });
    expect(groups.filter((g) => g.phase === 'request')).toHaveLength(countWalk(result.trace).devices);
  });

  it('walks the overlay c1 → c2 device by device: far fewer steps than every step, crossing both hosts and the switch', () => {
    const result = traceFlow('overlay', 'c1-to-c2');
    const timeline = buildTimeline(layoutTopology(result.built.topology), result.trace);
    const groups = deviceSteps(timeline);
    expect(timeline.hops.length).toBeGreaterThan(40);
    expect(groups.length).toBeLessThan(timeline.hops.length / 2);
    expect(groups.map((g) => g.where)).toEqual(expect.arrayContaining(['c1', 'LAN switch', 'c2']));
  });

  it('numbers request and reply hops together, request first', () => {
    const hops = flattenHops(traceFlow('default-bridge', 'container-to-container').trace);
    expect(hops[0]!.phase).toBe('request');
    expect(hops.at(-1)!.phase).toBe('reply');
    expect(hops.map((h) => h.index)).toEqual(hops.map((_, i) => i));
  });
});

describe('packet view', () => {
  it('shows an encapsulated packet nested, with the outer UDP 4789 and the VNI', () => {
    const { trace } = traceFlow('overlay', 'c1-to-c2');
    const encapsulated = trace.hops.find((h) => h.kind === 'encapsulate')!;
    const stack = headerStack(encapsulated.packet, encapsulated.changed);
    expect(stack.find((h) => h.key.endsWith('udp') && h.depth === 0)?.fields.find((f) => f.label === 'destination port')?.value).toBe('4789');
    expect(stack.find((h) => h.title === 'VXLAN')?.fields[0]?.value).toBe('4097');
    expect(stack.some((h) => h.depth === 1 && h.title === 'TCP')).toBe(true);
    expect(stack.some((h) => h.added)).toBe(true);
    expect(tokenLabel(encapsulated.packet).inner?.vni).toBe(4097);
  });

  it('marks and names the fields a NAT hop rewrote', () => {
    const { trace } = traceFlow('default-bridge', 'container-to-internet');
    const nat = trace.hops.find((h) => h.kind === 'nat' && h.changed.length > 0)!;
    const changed = headerStack(nat.packet, nat.changed).flatMap((h) => h.fields.filter((f) => f.changed).map((f) => f.key));
    expect(changed).toEqual(nat.changed.filter((key) => !key.startsWith('+') && !key.startsWith('-')));
    expect(describeChanges(['ipv4.src', '+outer.ipv4', '-vxlan'])).toEqual(['IPv4 source', 'added outer IPv4 header', 'removed VXLAN header']);
  });

  it('names the 802.1Q header whole when a tag is pushed or popped (not "802 header")', () => {
    expect(describeChanges(['+802.1q', '-802.1q', '802.1q.vid'])).toEqual(['added 802.1Q VLAN tag header', 'removed 802.1Q VLAN tag header', '802.1Q VLAN tag VLAN id']);
    const { trace } = traceFlow('macvlan-trunk', getFirstFlow('macvlan-trunk'));
    const push = trace.hops.find((h) => h.kind === 'vlan-push')!;
    expect(describeChanges(push.changed).join(' ')).toMatch(/802\.1Q/);
  });
});

describe('lab view', () => {
  it('describes a lab without functions, and turns the published port from dropped into delivered', () => {
    const lab = describeLab('default-bridge');
    expect(JSON.parse(JSON.stringify(lab))).toEqual(lab);
    expect(stateSchema(lab).defaultFlow).toBe(lab.flows[0]!.id);
    const closed = computeLabView('default-bridge', 'lan-to-published', { publish: false });
    const open = computeLabView('default-bridge', 'lan-to-published', { publish: true });
    expect(closed.timeline.verdicts[0]!.verdict.outcome).toBe('dropped');
    expect(open.timeline.verdicts[0]!.verdict.outcome).toBe('delivered');
  });
});

function getFirstFlow(labId: string): string {
  return labs.find((lab) => lab.id === labId)!.flows[0]!.id;
}
