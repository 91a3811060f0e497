'use client';
/**
 * One lab diagram: React Flow drawing what `lib/diagram` laid out, the hop's
 * nodes and edges highlighted, and the packet token on top.
 *
 * Server rendering: every node arrives with its size and handles and the flow
 * with an initial width and height, so React Flow renders the whole diagram
 * (positioned nodes, drawn edges) into the static HTML; in the browser it then
 * fits the view to the real box.
 *
 * Highlighting is a small generated stylesheet keyed on React Flow's
 * `data-id` attributes, so a new hop restyles a few elements without
 * re-rendering any node.
 */
import { useEffect, useMemo } from 'react';
import { Controls, ReactFlow, ReactFlowProvider, ViewportPortal, useReactFlow, useStore, type Edge, type FitViewOptions, type Node } from '@xyflow/react';
import type { Diagram } from '@/lib/diagram/types';
import type { TimelineStep } from '@/lib/diagram/timeline';
import type { TokenLabel } from '@/lib/diagram/packet-view';
import { edgeTypes, nodeTypes } from './nodes';
import { PacketToken, type TokenMove } from './PacketToken.client';

/** The size the server assumes for the diagram box (a laptop's lesson column). */
export const SSR_WIDTH = 760;
export const SSR_HEIGHT = 440;

// Room on the right for the zoom buttons, so they never cover a node.
const FIT_OPTIONS: FitViewOptions = { padding: { top: '8px', bottom: '8px', left: '8px', right: '44px' } };
const MIN_ZOOM = 0.15;
const MAX_ZOOM = 2.5;

export interface DiagramProps {
  /** Distinct per lab instance on a page (React Flow's id; marker and aria ids derive from it). */
  flowId: string;
  diagram: Diagram;
  step: TimelineStep | undefined;
  token: { label: TokenLabel; kind?: string | undefined; move: TokenMove; duration: number; moveKey: string; dropped: boolean; delivered: boolean } | undefined;
  /** Changes when the box changes size for a reason React Flow cannot see coming (present mode). */
  layoutKey: string;
  ariaLabel: string;
}

const cssString = (value: string) => `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

function highlightCss(flowId: string, step: TimelineStep | undefined): string {
  if (!step) return '';
  const scope = `#${cssId(flowId)}`;
  const nodes = step.nodeIds.map((id) => `${scope} .react-flow__node[data-id=${cssString(id)}] > *`);
  const edges = step.edgeIds.map((id) => `${scope} .react-flow__edge[data-id=${cssString(id)}] .pw-link__line`);
  return [
    nodes.length ? `${nodes.join(',')} { outline: var(--pw-active-outline); outline-offset: 2px; }` : '',
    nodes.length ? `${nodes.map((n) => `${n}::after`).join(',')} { content: 'now'; } ` : '',
    edges.length ? `${edges.join(',')} { stroke: var(--lab-active); stroke-width: var(--pw-active-stroke); stroke-dasharray: none; }` : '',
  ].join('\n');
}

const cssId = (id: string) => id.replace(/[^a-zA-Z0-9_-]/g, (c) => `\\${c}`);

/**
 * Re-fit when the diagram, the box's size (a window resize, entering or
 * leaving full screen) or its purpose (present mode) changes.
 */
function FitOnChange({ diagram, layoutKey }: { diagram: Diagram; layoutKey: string }) {
  const { fitView } = useReactFlow();
  const width = useStore((state) => state.width);
  const height = useStore((state) => state.height);
  useEffect(() => {
    if (!width || !height) return;
    const frame = requestAnimationFrame(() => void fitView(FIT_OPTIONS));
    return () => cancelAnimationFrame(frame);
  }, [diagram, layoutKey, width, height, fitView]);
  return null;
}

export function LabDiagram({ flowId, diagram, step, token, layoutKey, ariaLabel }: DiagramProps) {
  // React Flow wants its own mutable arrays; these only change with the topology.
  const nodes = useMemo(() => diagram.nodes.map((node) => ({ ...node, ariaLabel: nodeAriaLabel(node) })) as Node[], [diagram]);
  const edges = useMemo(() => diagram.edges.map((edge) => ({ ...edge, ariaLabel: edgeAriaLabel(edge) })) as Edge[], [diagram]);
  const css = highlightCss(flowId, step);
  return (
    <div className="pw-diagram" role="figure" aria-label={ariaLabel}>
      {/* One provider per diagram, seeded so the server can render every node and edge. */}
      <ReactFlowProvider
        initialNodes={nodes}
        initialEdges={edges}
        initialWidth={SSR_WIDTH}
        initialHeight={SSR_HEIGHT}
        fitView
        initialFitViewOptions={FIT_OPTIONS}
        initialMinZoom={MIN_ZOOM}
        initialMaxZoom={MAX_ZOOM}
      >
        <ReactFlow
          id={flowId}
          nodes={nodes}
          edges={edges}
          nodeTypes={nodeTypes}
          edgeTypes={edgeTypes}
          width={SSR_WIDTH}
          height={SSR_HEIGHT}
          fitView
          fitViewOptions={FIT_OPTIONS}
          minZoom={MIN_ZOOM}
          maxZoom={MAX_ZOOM}
          nodesDraggable={false}
          nodesConnectable={false}
          nodesFocusable={false}
          edgesFocusable={false}
          elementsSelectable={false}
          zoomOnScroll={false}
          zoomOnDoubleClick={false}
          preventScrolling={false}
          panOnScroll={false}
          proOptions={{ hideAttribution: true }}
        >
          <Controls showInteractive={false} position="bottom-right" aria-label="Zoom" />
          <FitOnChange diagram={diagram} layoutKey={layoutKey} />
          {token && step && (
            <ViewportPortal>
              <PacketToken path={step.path} {...token} />
            </ViewportPortal>
          )}
        </ReactFlow>
      </ReactFlowProvider>
      {/* Highlight of the current hop: text that changes at hop boundaries only. */}
      <style>{css}</style>
    </div>
  );
}

function nodeAriaLabel(node: Diagram['nodes'][number]): string {
  switch (node.type) {
    case 'machine':
      return `${node.data.label} (${node.data.kind})`;
    case 'namespace':
      return `namespace ${node.data.label}`;
    default:
      return `${node.data.kind} ${node.data.name}${node.data.addresses[0] ? ` ${node.data.addresses[0]}` : ''}`;
  }
}

function edgeAriaLabel(edge: Diagram['edges'][number]): string {
  const [a, b] = edge.data.ends;
  return `${edge.data.kind} link ${a} to ${b}${edge.data.label ? ` (${edge.data.label})` : ''}`;
}
