'use client';
/**
 * One lab diagram: React Flow drawing what `lib/diagram` laid out, the hop's
 * nodes and edges highlighted, the packet token beside them, and a camera.
 *
 * Server rendering: every node arrives with its size and handles and the flow
 * with an initial width and height, so React Flow renders the whole diagram
 * (positioned nodes, drawn edges) into the static HTML; in the browser the
 * camera then frames it for the real box.
 *
 * The camera either shows the whole network or follows the packet: each hop
 * centres what it happens at (and the token beside it) at a zoom where labels
 * read at the size of body text. A reader who pans or zooms takes the camera
 * over until they ask it to follow again. Below `OVERVIEW_ZOOM` the diagram
 * shows names only, set large enough to read (`data-lod="overview"`).
 *
 * Highlighting is a class on the few nodes and edges of the current hop:
 * their objects change, every other node keeps its object and does not
 * re-render.
 */
import { useEffect, useMemo, useRef, useState, type CSSProperties, type RefObject } from 'react';
import { ReactFlow, ReactFlowProvider, ViewportPortal, useReactFlow, useStore, useStoreApi, type Edge, type FitViewOptions, type Node } from '@xyflow/react';
import type { Box, Diagram } from '@/lib/diagram/types';
import type { TimelineStep } from '@/lib/diagram/timeline';
import { cameraStep, cameraViewport, levelOfDetail, type Viewport } from '@/lib/diagram/camera';
import { StaticDiagram, edgeTypes, nodeTypes } from './nodes';
import { PacketToken, type TokenMove } from './PacketToken.client';

/** The size the server assumes for the diagram box (a laptop's lesson column). */
export const SSR_WIDTH = 760;
export const SSR_HEIGHT = 440;

const MIN_ZOOM = 0.15;
const MAX_ZOOM = 3;
/** Room (screen px) kept free on the right for the view buttons when showing the whole network (as in lib/diagram/camera). */
const TOOLBAR_ROOM = 44;

/** What the camera does. */
export type CameraMode = 'follow' | 'whole';

export interface DiagramProps {
  /** Distinct per lab instance on a page (React Flow's id; marker and aria ids derive from it). */
  flowId: string;
  diagram: Diagram;
  step: TimelineStep | undefined;
  /** The step after this one (the camera keeps where the packet goes next in view when it can). */
  nextStep: TimelineStep | undefined;
  /** Ids to highlight (the nodes and edges of every hop the current step covers). */
  highlight: { nodeIds: readonly string[]; edgeIds: readonly string[] };
  token: { text: string; box: Box; path: TimelineStep['path']; move: TokenMove; duration: number; moveKey: string; state: 'moving' | 'dropped' | 'delivered' } | undefined;
  camera: CameraMode;
  /** The reader has taken the camera over (panned or zoomed): it stays where they left it. */
  frozen?: boolean;
  /** Zoom of the follow camera: labels render at their set size × this. */
  followZoom: number;
  /** Glide (ms) when the camera moves; 0 under reduced motion. */
  cameraMs: number;
  /** The reader panned or zoomed: the lab stops following. */
  onReaderMove: () => void;
  onCameraChange: (mode: CameraMode) => void;
  /** Changes when the box changes size for a reason React Flow cannot see coming (present mode). */
  layoutKey: string;
  ariaLabel: string;
  /**
   * Where the camera starts, for the box's real size: given when the lab
   * takes over from the server's static diagram (no first frame at the
   * server's assumed size). Without it React Flow starts at its fit for
   * `SSR_WIDTH` × `SSR_HEIGHT`, which is what the server renders.
   */
  initialViewport?: Viewport & { width: number; height: number };
  /** The server's static render: what the inline camera script needs, carried by the diagram box… */
  cameraSeed?: string;
  /** …and the script itself, placed right after the box. */
  cameraScript?: string;
}

/** Keep the node and edge objects of a diagram stable, swapping in a highlighted copy only for the current hop's. */
function useHighlighted<T extends { id: string; className?: string }>(items: readonly T[], active: readonly string[]): T[] {
  const variants = useMemo(() => {
    const plain = new Map<string, T>();
    const lit = new Map<string, T>();
    for (const item of items) {
      plain.set(item.id, item);
      lit.set(item.id, { ...item, className: 'pw-active' });
    }
    return { plain, lit };
  }, [items]);
  const key = active.join('|');
  return useMemo(() => {
    const on = new Set(key ? key.split('|') : []);
    return items.map((item) => (on.has(item.id) ? (variants.lit.get(item.id) as T) : (variants.plain.get(item.id) as T)));
  }, [items, variants, key]);
}

/** Zoom → `data-lod` and `--pw-z` on the diagram box, written to the DOM directly (no React render per frame). */
function LevelOfDetail({ target }: { target: RefObject<HTMLDivElement | null> }) {
  const zoom = useStore((state) => state.transform[2]);
  useEffect(() => {
    const element = target.current;
    if (!element) return;
    element.style.setProperty('--pw-z', String(Math.round(zoom * 1000) / 1000));
    element.setAttribute('data-lod', levelOfDetail(zoom));
    element.setAttribute('data-zoom', zoom.toFixed(3));
  }, [zoom, target]);
  return null;
}

/**
 * The camera: whole network or follow (`lib/diagram/camera`), glided to when
 * the step, the mode or the box changes.
 */
function Camera({ diagram, step, nextStep, camera, frozen, followZoom, cameraMs, layoutKey }: Pick<DiagramProps, 'diagram' | 'step' | 'nextStep' | 'camera' | 'frozen' | 'followZoom' | 'cameraMs' | 'layoutKey'>) {
  const { setViewport } = useReactFlow();
  const width = useStore((state) => state.width);
  const height = useStore((state) => state.height);
  // React Flow fits the server's view once the nodes are measured: the camera moves after that.
  const fitPending = useStore((state) => state.fitViewQueued);
  const ready = useStore((state) => !!state.panZoom);
  const focus = camera === 'follow' && step ? `${step.device.x},${step.device.y},${step.target.x},${step.target.y},${step.token.x},${step.token.y}|${nextStep ? `${nextStep.target.x},${nextStep.target.y}` : ''}` : 'whole';
  const first = useRef(true);
  useEffect(() => {
    if (!width || !height || frozen || fitPending || !ready) return;
    const duration = first.current ? 0 : cameraMs;
    first.current = false;
    void setViewport(cameraViewport({ diagram, width, height, mode: camera, followZoom, step: step && cameraStep(step, nextStep) }), { duration });
    // focus stands for the step's geometry.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [focus, camera, frozen, fitPending, ready, followZoom, width, height, diagram, layoutKey, setViewport]);
  return null;
}

/**
 * Sets React Flow's first transform before anything renders, so a lab that
 * takes over from the server's static diagram starts exactly where it was
 * (React Flow's own first transform would be its fit for the server's size).
 */
function ViewportSeed({ viewport }: { viewport: Viewport }) {
  const store = useStoreApi();
  useState(() => store.setState({ transform: [viewport.x, viewport.y, viewport.zoom] }));
  return null;
}

/** Zoom and camera buttons: a toolbar over the diagram's top-right corner. */
function ViewButtons({ camera, onCameraChange, onReaderMove }: Pick<DiagramProps, 'camera' | 'onCameraChange' | 'onReaderMove'>) {
  const { zoomIn, zoomOut } = useReactFlow();
  return (
    <div className="pw-view-buttons pw-needs-js" role="toolbar" aria-label="Diagram view">
      <button
        type="button"
        className="pw-view-button pw-view-button--camera"
        aria-pressed={camera === 'follow'}
        onClick={() => onCameraChange(camera === 'follow' ? 'whole' : 'follow')}
        title={camera === 'follow' ? 'Following the packet: show the whole network (W)' : 'Showing the whole network: follow the packet (W)'}
        data-control="camera"
      >
        <span aria-hidden="true">◎</span>
        {/* Both words: the diagram's data-camera picks one, so the inline camera script of the static page can switch it too. */}
        <span className="pw-view-button__text pw-view-button__text--follow">Following</span>
        <span className="pw-view-button__text pw-view-button__text--whole">Follow</span>
        <span className="pw-sr-only"> the packet</span>
      </button>
      <button type="button" className="pw-view-button" aria-label="Zoom in" title="Zoom in" onClick={() => { onReaderMove(); void zoomIn({ duration: 150 }); }}>
        <span aria-hidden="true">+</span>
      </button>
      <button type="button" className="pw-view-button" aria-label="Zoom out" title="Zoom out" onClick={() => { onReaderMove(); void zoomOut({ duration: 150 }); }}>
        <span aria-hidden="true">−</span>
      </button>
    </div>
  );
}

export function LabDiagram({ flowId, diagram, step, nextStep, highlight, token, camera, frozen, followZoom, cameraMs, onReaderMove, onCameraChange, layoutKey, ariaLabel, initialViewport, cameraSeed, cameraScript }: DiagramProps) {
  const boxRef = useRef<HTMLDivElement>(null);
  // React Flow wants its own mutable arrays; these only change with the topology.
  const baseNodes = useMemo(() => diagram.nodes.map((node) => ({ ...node, ariaLabel: nodeAriaLabel(node), ariaRole: 'group' as const })) as Node[], [diagram]);
  const baseEdges = useMemo(() => diagram.edges.map((edge) => ({ ...edge, ariaLabel: edgeAriaLabel(edge) })) as Edge[], [diagram]);
  const nodes = useHighlighted(baseNodes, highlight.nodeIds);
  const edges = useHighlighted(baseEdges, highlight.edgeIds);
  const fit: FitViewOptions = { padding: { top: '4px', bottom: '4px', left: '4px', right: `${TOOLBAR_ROOM}px` } };
  return (
    <>
      <div
        ref={boxRef}
        className="pw-diagram"
        role="figure"
        aria-label={ariaLabel}
        data-camera={frozen ? 'free' : camera}
        // Set once from where the camera starts; LevelOfDetail keeps them current without a render.
        data-lod={initialViewport ? levelOfDetail(initialViewport.zoom) : 'detail'}
        {...(initialViewport ? { 'data-zoom': initialViewport.zoom.toFixed(3) } : {})}
        data-camera-seed={cameraSeed}
        style={{ '--pw-aspect': `${diagram.width} / ${diagram.height}`, ...(initialViewport ? { '--pw-z': String(Math.round(initialViewport.zoom * 1000) / 1000) } : {}) } as CSSProperties}
      >
        {/* One provider per diagram, seeded so the server can render every node and edge. */}
        <StaticDiagram.Provider value={cameraSeed !== undefined}>
          <ReactFlowProvider
            initialNodes={nodes}
            initialEdges={edges}
            initialWidth={initialViewport?.width ?? SSR_WIDTH}
            initialHeight={initialViewport?.height ?? SSR_HEIGHT}
            fitView={!initialViewport}
            initialFitViewOptions={fit}
            initialMinZoom={MIN_ZOOM}
            initialMaxZoom={MAX_ZOOM}
          >
            {initialViewport && <ViewportSeed viewport={initialViewport} />}
            <ReactFlow
              id={flowId}
              nodes={nodes}
              edges={edges}
              nodeTypes={nodeTypes}
              edgeTypes={edgeTypes}
              width={initialViewport?.width ?? SSR_WIDTH}
              height={initialViewport?.height ?? SSR_HEIGHT}
              {...(initialViewport ? { defaultViewport: { x: initialViewport.x, y: initialViewport.y, zoom: initialViewport.zoom } } : {})}
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
              // A pan or pinch by the reader (an event; the camera's own moves have none) takes the camera over.
              onMoveStart={(event) => {
                if (event) onReaderMove();
              }}
              proOptions={{ hideAttribution: true }}
            >
              <ViewButtons camera={frozen ? 'whole' : camera} onCameraChange={onCameraChange} onReaderMove={onReaderMove} />
              <Camera diagram={diagram} step={step} nextStep={nextStep} camera={camera} frozen={frozen ?? false} followZoom={followZoom} cameraMs={cameraMs} layoutKey={layoutKey} />
              <LevelOfDetail target={boxRef} />
              {token &&
                (cameraScript ? (
                  // The server cannot portal: the inline camera script moves the token into the drawing.
                  <div className="pw-static-token" hidden>
                    <PacketToken {...token} />
                  </div>
                ) : (
                  <ViewportPortal>
                    <PacketToken {...token} />
                  </ViewportPortal>
                ))}
            </ReactFlow>
          </ReactFlowProvider>
        </StaticDiagram.Provider>
      </div>
      {cameraScript && <script dangerouslySetInnerHTML={{ __html: cameraScript }} />}
    </>
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

