'use client';
/**
 * A lab: the diagram with its transport controls docked under it, the
 * caption, the options, the hop list and the header inspector, with the lab's
 * state (flow, options, step, detail level) mirrored in the URL.
 *
 * It runs in two places. The server renders it once per lab, static, into
 * the page's HTML (`lab-static.tsx`); in the browser `LabIsland` mounts it
 * in place of that HTML when the lab wakes, with the engine already loaded
 * and the state the URL asks for.
 *
 * Playing is a chain of timers driven by the pure player in
 * `lib/diagram/player`: the token travels (a Web Animation on a DOM node),
 * pauses where something happens, and only then does the player move on. No
 * state changes per frame.
 *
 * The component only composes: the player reducer (`lib/diagram/player`),
 * `useLabUrl` (state ↔ URL), `usePresentMode`, `useLabKeys`, and the
 * `LabControls` / `LabTransport`, `LabCaption`, `HopList` and
 * `HeaderInspector` components that render the parts.
 */
import { useCallback, useEffect, useId, useMemo, useReducer, useRef, useState } from 'react';
import type { LabDescriptor, LabView } from '@/lib/diagram/lab-view';
import { tokenLabel } from '@/lib/diagram/packet-view';
import { playgroundHref } from '@/lib/diagram/playground-url';
import { deviceSteps, devicePath, pathLength } from '@/lib/diagram/timeline';
import { initialPlayer, playerReducer } from '@/lib/diagram/player';
import { writeLabState, type DetailLevel, type LabState, type LabStateSchema } from '@/lib/diagram/url-state';
import { EmbedSnippet } from './EmbedSnippet';
import { cameraScript, cameraStep, FOLLOW_ZOOM, type CameraSeed, type Viewport } from '@/lib/diagram/camera';
import { LabDiagram, type CameraMode } from '@/components/diagram/Diagram.client';
import { Legend } from '@/components/diagram/Legend';
import { CommandsPanel } from './CommandsPanel';
import { HeaderInspector } from './HeaderInspector';
import { HopList } from './HopList';
import { LabCaption } from './LabCaption';
import { LabControls, LabTransport, SHORTCUTS } from './LabControls';
import { useLabKeys, type LabKey } from './useLabKeys';
import { useLabUrl } from './useLabUrl';
import { useHydrated, useMedia } from '@/components/hooks/useMedia';
import { usePresentMode } from './usePresentMode';
import { useCommitCounter } from './bench';

/** A lab on `/embed/…`: where its lesson is, to link back at the same state. */
export interface LabEmbed {
  /** The lesson's path, e.g. `/lessons/overlay/`. */
  lessonPath: string;
  /** The lab's URL key in that lesson. */
  lessonLabKey: string;
}

interface LabClientProps {
  lab: LabDescriptor;
  schema: LabStateSchema;
  /** URL namespace of this instance: the lab id, or the `instance` given in MDX. */
  labKey: string;
  /** The lab's default state (what a stale link falls back to). */
  defaultView: LabView;
  /** The state to start in (the URL's), and its view. */
  initialView: LabView;
  initialState: LabState;
  /** Where the diagram's camera starts, for the box's real size (taking over from the static lab). */
  initialViewport?: Viewport & { width: number; height: number };
  /** The server's static render: the diagram box carries the seed of the inline camera script. */
  staticRender?: boolean;
  /** On `/embed/…`: fitted to its frame, with a link back to the lesson. */
  embed?: LabEmbed;
  /** The walk shown as a pcapng file, for "Download .pcapng" (default: the lab's flow and options; the playground passes its own, or null for none; never on an embed). */
  pcap?: (() => Promise<Uint8Array | undefined>) | null;
}

/** Token speed in diagram pixels per second at 1×, and pauses per hop kind. */
const PIXELS_PER_SECOND = 320;
const PAUSE_MS = { long: 1100, short: 280 } as const;
const CAMERA_GLIDE_MS = 450;

type Engine = typeof import('@/lib/diagram/lab-view');
let enginePromise: Promise<Engine> | null = null;
/** The engine (already loaded by the island that mounted this lab). */
function loadEngine(): Promise<Engine> {
  enginePromise ??= import('@/lib/diagram/lab-view');
  enginePromise.catch(() => {
    enginePromise = null;
  });
  return enginePromise;
}

/** How many steps a walk has at a detail level: hops one by one, or device groups. */
function stepCount(view: LabView, detail: DetailLevel): number {
  return detail === 'device' ? deviceSteps(view.timeline).length : view.timeline.hops.length;
}

export function LabClient({ lab, schema, labKey, defaultView, initialView, initialState, initialViewport, staticRender, embed, pcap }: LabClientProps) {
  useCommitCounter();
  const rootRef = useRef<HTMLElement>(null);
  const reactId = useId();
  const flowId = `lab-${labKey}`;
  const [view, setView] = useState<LabView>(initialView);
  const [detail, setDetail] = useState<DetailLevel>(initialState.detail);
  // A step past the end of the walk shows the last one (and the URL is rewritten to say so).
  const [player, dispatch] = useReducer(playerReducer, Math.min(initialState.step, stepCount(initialView, initialState.detail) - 1), (step: number) => initialPlayer(Math.max(0, step)));
  const [speed, setSpeed] = useState('1');
  const [shortcutsOpen, setShortcutsOpen] = useState(false);
  const [hopsOpen, setHopsOpen] = useState(false);
  const [embedOpen, setEmbedOpen] = useState(false);
  const [cameraChoice, setCameraChoice] = useState<'auto' | CameraMode | 'free'>('auto');
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState('');
  const reducedMotion = useMedia('(prefers-reduced-motion: reduce)');
  const narrow = useMedia('(max-width: 699px)');
  const hydrated = useHydrated();
  const closeHops = useCallback(() => setHopsOpen(false), []);
  const { present, enterPresent, leavePresent } = usePresentMode(rootRef, closeHops);
  // The server's static lab shows its controls as the live lab will (a click on one wakes the lab
  // and is replayed); with JavaScript off they are hidden (.pw-needs-js).
  const live = hydrated || (staticRender ?? false);
  const inert = busy || !live;
  const requestCounter = useRef(0);

  // An owner that replaces the view (the playground, as its script changes) starts a new walk.
  const shownInitialView = useRef(initialView);
  const detailRef = useRef(detail);
  useEffect(() => {
    detailRef.current = detail;
  }, [detail]);
  useEffect(() => {
    if (initialView === shownInitialView.current) return;
    shownInitialView.current = initialView;
    requestCounter.current++;
    setView(initialView);
    setBusy(false);
    dispatch({ type: 'load', step: 0, last: stepCount(initialView, detailRef.current) - 1 });
  }, [initialView]);

  const { timeline, diagram } = view;
  // The walk by device is derived from the timeline, once per view.
  const allGroups = useMemo(() => deviceSteps(view.timeline), [view.timeline]);
  const linkKinds = useMemo(() => new Set(diagram.edges.map((edge) => edge.data.kind)), [diagram]);
  const groups = detail === 'device' ? allGroups : undefined;
  const count = groups ? groups.length : view.timeline.hops.length;
  const lastStep = Math.max(0, count - 1);
  const step = Math.min(player.step, lastStep);
  const group = groups?.[step];
  // The hop shown: the step's own, or the last hop of the device step (where the packet leaves the device).
  const hopIndex = group ? group.last : step;
  const hop = timeline.hops[hopIndex];
  const timelineStep = timeline.steps[hopIndex];
  const nextHopIndex = group ? groups?.[step + 1]?.last : hopIndex + 1;
  const nextStep = nextHopIndex !== undefined ? timeline.steps[nextHopIndex] : undefined;
  const finalVerdict = timeline.verdicts[timeline.verdicts.length - 1]?.verdict;
  const isLast = step === lastStep;

  // ── travel and pause times (pure functions of the step and speed) ──────
  const path = useMemo(() => (group ? devicePath(timeline, group) : (timelineStep?.path ?? [])), [group, timeline, timelineStep]);
  const speedFactor = Number(speed);
  const travelMs = path.length ? Math.min(group ? 2600 : 1800, Math.max(280, (pathLength(path) / PIXELS_PER_SECOND) * 1000)) / speedFactor : 0;
  const pauseMs = timelineStep ? (group ? PAUSE_MS.long : PAUSE_MS[timelineStep.pause]) / speedFactor : 0;

  // ── the camera: follow on phones and in present mode unless the reader chose ─
  const camera: CameraMode | 'free' = cameraChoice === 'auto' ? (narrow || present ? 'follow' : 'whole') : cameraChoice;
  const followZoom = present ? FOLLOW_ZOOM.present : FOLLOW_ZOOM.inline;

  // ── engine: recompute the view when the flow or options leave the build-time default
  const showState = useCallback(
    async (next: LabState) => {
      const id = ++requestCounter.current;
      setDetail(next.detail);
      if (next.flow === view.flow && schema.options.every((o) => next.options[o.id] === view.options[o.id])) {
        dispatch({ type: 'load', step: next.step, last: stepCount(view, next.detail) - 1 });
        return;
      }
      setBusy(true);
      try {
        const engine = await loadEngine();
        const computed = engine.computeLabView(lab.id, next.flow, next.options);
        if (id !== requestCounter.current) return;
        setView(computed);
        dispatch({ type: 'load', step: next.step, last: stepCount(computed, next.detail) - 1 });
      } catch {
        // A state the engine rejects falls back to the default.
        if (id !== requestCounter.current) return;
        setView(defaultView);
        setDetail('step');
        dispatch({ type: 'load', step: 0, last: defaultView.timeline.hops.length - 1 });
      } finally {
        if (id === requestCounter.current) setBusy(false);
      }
    },
    [lab.id, schema, view, defaultView],
  );

  // ── state → URL, once the walk stops ──────────────────────────────────
  const current: LabState = useMemo(() => ({ flow: view.flow, options: view.options, step, detail }), [view, step, detail]);
  const urlFor = useLabUrl(labKey, schema, current, !busy && !player.playing);

  // ── playing: one timer per step ────────────────────────────────────────
  useEffect(() => {
    if (!player.playing) return;
    const wait = step >= lastStep ? (reducedMotion ? 0 : travelMs) : (reducedMotion ? 0 : player.move === 'travel' ? travelMs : 0) + pauseMs;
    const timer = window.setTimeout(() => dispatch({ type: 'tick', last: lastStep }), wait);
    return () => window.clearTimeout(timer);
  }, [player.playing, player.move, step, lastStep, travelMs, pauseMs, reducedMotion]);

  const togglePlay = useCallback(() => dispatch({ type: 'toggle', last: lastStep }), [lastStep]);
  const stepForward = useCallback(() => dispatch({ type: 'next', last: lastStep }), [lastStep]);
  const stepBack = useCallback(() => dispatch({ type: 'back' }), []);
  const restart = useCallback(() => dispatch({ type: 'restart' }), []);
  const jumpTo = useCallback((to: number) => dispatch({ type: 'jump', to, last: lastStep }), [lastStep]);
  const toggleCamera = useCallback(() => setCameraChoice(camera === 'follow' ? 'whole' : 'follow'), [camera]);
  const changeDetail = useCallback(
    (next: DetailLevel) => {
      if (next === detail) return;
      // Keep the packet where it is: a hop → the device step holding it, a device step → its last hop.
      const target = next === 'device' ? Math.max(0, allGroups.findIndex((g) => g.first <= hopIndex && hopIndex <= g.last)) : hopIndex;
      setDetail(next);
      dispatch({ type: 'load', step: target, last: (next === 'device' ? allGroups.length : timeline.hops.length) - 1 });
    },
    [detail, timeline, hopIndex, allGroups],
  );

  // ── keys: from anywhere on the page while this lab is the one in view ──
  useLabKeys(rootRef, hydrated, (key: LabKey, target: HTMLElement) => {
    const onButton = target.tagName === 'BUTTON' || target.tagName === 'SUMMARY';
    switch (key) {
      case 'escape':
        if (shortcutsOpen) setShortcutsOpen(false);
        else if (hopsOpen && (present || embed)) setHopsOpen(false);
        else if (present) leavePresent();
        else return false;
        return true;
      case 'toggle':
        if (onButton) return false;
        if (!inert) togglePlay();
        return true;
      case 'next':
        if (!inert) stepForward();
        return true;
      case 'back':
        if (!inert) stepBack();
        return true;
      case 'restart':
        if (!inert) restart();
        return true;
      case 'present':
        if (present) leavePresent();
        else enterPresent();
        return true;
      case 'camera':
        toggleCamera();
        return true;
      case 'detail':
        if (!inert) changeDetail(detail === 'device' ? 'step' : 'device');
        return true;
      case 'hops':
        if (!present && !embed) return false;
        setHopsOpen((open) => !open);
        return true;
      case 'help':
        setShortcutsOpen((open) => !open);
        return true;
    }
  });

  // ── copy link (stable across steps: it reads the state when clicked) ──
  const currentRef = useRef(current);
  useEffect(() => {
    currentRef.current = current;
  }, [current]);
  const copyLink = useCallback(async () => {
    const url = new URL(urlFor(currentRef.current), window.location.origin).toString();
    try {
      await navigator.clipboard.writeText(url);
      setStatus('Link to this step copied.');
    } catch {
      setStatus(`Copy this link: ${url}`);
    }
  }, [urlFor]);
  const onCopyLink = useCallback(() => void copyLink(), [copyLink]);
  // The pcapng writer is loaded only when the reader asks for the file.
  const onDownloadPcap = useCallback(() => {
    const make = pcap ?? (async () => (await import('@/lib/diagram/lab-pcap')).labPcap(lab.id, view.flow, view.options));
    make()
      .then((bytes) => {
        if (!bytes) return;
        const url = URL.createObjectURL(new Blob([bytes as BlobPart], { type: 'application/vnd.tcpdump.pcap' }));
        const link = document.createElement('a');
        link.href = url;
        link.download = `${lab.id}-${view.flow}.pcapng`;
        link.click();
        window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
        setStatus(`Downloaded ${link.download}: open it in Wireshark.`);
      })
      .catch(() => setStatus('Could not write the capture.'));
  }, [pcap, lab.id, view.flow, view.options]);
  const onState = useCallback((next: LabState) => void showState(next), [showState]);
  const onReaderMove = useCallback(() => setCameraChoice('free'), []);
  const toggleEmbed = useCallback(() => setEmbedOpen((open) => !open), []);

  const token =
    hop && timelineStep
      ? {
          text: timelineStep.tokenText,
          box: timelineStep.token,
          path,
          move: reducedMotion ? ('jump' as const) : player.move,
          duration: travelMs,
          moveKey: `${view.flow}|${JSON.stringify(view.options)}|${detail}|${step}`,
          state: isLast && hop.kind === 'drop' ? ('dropped' as const) : isLast && finalVerdict?.outcome === 'delivered' ? ('delivered' as const) : ('moving' as const),
        }
      : undefined;
  // Light up every node and edge the step covers (all of a device step's hops).
  const highlight = useMemo(() => {
    const from = group ? group.first : hopIndex;
    const to = group ? group.last : hopIndex;
    const nodeIds = new Set<string>();
    const edgeIds = new Set<string>();
    for (let i = from; i <= to; i++) {
      for (const id of timeline.steps[i]?.nodeIds ?? []) nodeIds.add(id);
      for (const id of timeline.steps[i]?.edgeIds ?? []) edgeIds.add(id);
    }
    return { nodeIds: [...nodeIds], edgeIds: [...edgeIds] };
  }, [group, hopIndex, timeline]);
  // On an embed, the lesson at the same state (the lab's keys as the lesson names them).
  const lessonLink = embed ? `${embed.lessonPath}${queryOf(writeLabState(new URLSearchParams(), embed.lessonLabKey, current, schema))}#pw-lab-${embed.lessonLabKey}` : '';
  // The playground itself has no link to the playground; a lab with no docker commands neither.
  const openInPlayground = useMemo(() => (lab.id !== 'playground' && view.script ? playgroundHref({ script: view.script, flow: view.playgroundFlow ?? { from: 'laptop', to: 'host1/icmp' } }) : undefined), [lab.id, view]);
  const flowMeta = lab.flows.find((f) => f.id === view.flow);
  const label = hop ? tokenLabel(hop.packet) : undefined;
  const announceText =
    player.announce && hop
      ? `${group ? `Step ${step + 1} of ${count}, ${group.where}` : `Hop ${step + 1} of ${count}`}: ${hop.caption}${isLast && finalVerdict ? ` ${finalVerdict.outcome === 'delivered' ? 'Delivered' : 'Dropped'}: ${finalVerdict.reason}` : ''}`
      : '';

  return (
    <section
      ref={rootRef}
      className="pw-lab not-prose"
      aria-label={`Lab: ${lab.title}`}
      data-lab={lab.id}
      data-lab-key={labKey}
      data-present={present ? 'true' : 'false'}
      data-embed={embed ? 'true' : undefined}
      data-playing={player.playing ? 'true' : 'false'}
      data-step={step}
      data-hop={hopIndex}
      data-detail={detail}
      data-camera={camera}
      data-motion={reducedMotion ? 'reduced' : 'full'}
      data-ready={hydrated && !busy ? 'true' : 'false'}
      data-hops-open={hopsOpen ? 'true' : 'false'}
      aria-busy={busy}
      tabIndex={-1}
    >
      <header className="pw-lab__head">
        <div>
          <p className="pw-lab__eyebrow">Lab</p>
          <h2 className="pw-lab__title">{lab.title}</h2>
        </div>
        <div className="pw-lab__head-buttons pw-needs-js">
          {embed && (
            <a className="pw-button" href={lessonLink} target="_blank" rel="noopener" data-control="open-lesson">
              Open in Packet Walk<span aria-hidden="true"> ↗</span>
            </a>
          )}
          {(present || embed) && (
            <button type="button" className="pw-button" onClick={() => setHopsOpen((open) => !open)} aria-expanded={hopsOpen} aria-controls={`${reactId}-panels`}>
              <span aria-hidden="true">☰ </span>Hop list <kbd>L</kbd>
            </button>
          )}
          <button type="button" className="pw-button" onClick={() => setShortcutsOpen((open) => !open)} aria-expanded={shortcutsOpen} aria-controls={`${reactId}-keys`} disabled={!live}>
            <span aria-hidden="true">⌨ </span>Shortcuts
          </button>
          <button type="button" className="pw-button" onClick={present ? leavePresent : enterPresent} aria-pressed={present} disabled={!live}>
            <span aria-hidden="true">⤢ </span>
            {present ? 'Leave present mode' : 'Present'}
          </button>
        </div>
      </header>

      <div id={`${reactId}-keys`} role="region" aria-label="Keyboard shortcuts" className="pw-shortcuts" hidden={!shortcutsOpen}>
        <p>Anywhere on the page while this lab is in view (not while typing in a field):</p>
        <dl>
          {SHORTCUTS.map(([key, text]) => (
            <div key={key}>
              <dt>
                <kbd>{key}</kbd>
              </dt>
              <dd>{text}</dd>
            </div>
          ))}
        </dl>
        <button type="button" className="pw-button" onClick={() => setShortcutsOpen(false)}>
          Close
        </button>
      </div>

      <noscript>
        <p className="pw-nojs">Stepping through this lab needs JavaScript. Below is its default walk, still: the diagram, then every hop in the packet path list.</p>
      </noscript>

      <div className="pw-lab__stage">
        <div className="pw-lab__viewer">
          <LabDiagram
            flowId={flowId}
            diagram={diagram}
            step={timelineStep}
            nextStep={nextStep}
            highlight={highlight}
            token={token}
            camera={camera === 'free' ? 'whole' : camera}
            frozen={camera === 'free'}
            followZoom={followZoom}
            cameraMs={reducedMotion ? 0 : CAMERA_GLIDE_MS}
            onReaderMove={onReaderMove}
            onCameraChange={setCameraChoice}
            layoutKey={present ? 'present' : 'inline'}
            initialViewport={initialViewport}
            cameraSeed={staticRender ? cameraSeedFor(view) : undefined}
            cameraScript={staticRender ? cameraScript() : undefined}
            ariaLabel={`Diagram: ${lab.title}. The packet path list describes every hop in words.`}
          />
          <LabTransport
            step={step}
            count={count}
            detail={detail}
            playing={player.playing}
            inert={inert}
            isLast={isLast}
            onRestart={restart}
            onBack={stepBack}
            onToggle={togglePlay}
            onNext={stepForward}
            onDetail={changeDetail}
          />
        </div>

        {/* In present mode the strip may scroll: it is then a region the keyboard can reach. */}
        <div className="pw-lab__side" {...(present ? { tabIndex: 0, role: 'region', 'aria-label': 'This step' } : {})}>
          <LabCaption
            captionId={`${reactId}-caption`}
            hop={hop}
            group={group}
            timeline={timeline}
            step={step}
            count={count}
            where={timelineStep?.where}
            label={label}
            verdict={isLast ? finalVerdict : undefined}
          />
          {flowMeta && <p className="pw-flow-description">{flowMeta.description}</p>}
          <LabControls
            lab={lab}
            view={view}
            detail={detail}
            inert={inert}
            hydrated={live}
            busy={busy}
            status={status}
            speed={speed}
            onSpeed={setSpeed}
            onCopyLink={onCopyLink}
            onState={onState}
            playgroundHref={openInPlayground}
            onEmbed={embed || lab.id === 'playground' ? undefined : toggleEmbed}
            embedOpen={embedOpen}
            onDownloadPcap={pcap === null || embed ? undefined : onDownloadPcap}
          />
          {embedOpen && !embed && <EmbedSnippet labId={lab.id} title={lab.title} query={queryOf(writeLabState(new URLSearchParams(), lab.id, current, schema))} />}
        </div>
      </div>

      <div className="pw-lab__panels" id={`${reactId}-panels`}>
        <HopList labKey={labKey} timeline={timeline} step={step} groups={groups} onJump={jumpTo} />
        <HeaderInspector labKey={labKey} hop={hop} />
      </div>
      <Legend linkKinds={linkKinds} />
      <CommandsPanel script={view.script} commands={view.commands} shell={view.shell} live={hydrated} />

      {/* Announces the hop when the reader steps (not on every hop while playing). */}
      <div className="pw-sr-only" aria-live="polite" aria-atomic="true">
        {announceText}
      </div>
    </section>
  );
}

/** What the static diagram's inline camera script needs: the drawing's size and the first step's boxes. */
function cameraSeedFor(view: LabView): string {
  const [first, next] = view.timeline.steps;
  const seed: CameraSeed = { diagram: { width: view.diagram.width, height: view.diagram.height }, followZoom: FOLLOW_ZOOM.inline, ...(first ? { step: cameraStep(first, next) } : {}) };
  return JSON.stringify(seed);
}

/** `?a=b` for non-empty parameters, '' for none. */
function queryOf(params: URLSearchParams): string {
  const query = params.toString();
  return query ? `?${query}` : '';
}
