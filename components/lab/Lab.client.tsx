'use client';
/**
 * A lab: the diagram, the controls, the hop list and the header inspector,
 * with the lab's state (flow, step, options) mirrored in the URL.
 *
 * The first paint needs no engine: the server computed the default flow at
 * build time. The engine (`lib/diagram/lab-view` and everything under
 * `lib/labs`) is imported lazily the first time a reader picks another flow
 * or option, or opens a deep link to one.
 *
 * Playing is a chain of timers, one per hop: the token travels (a Web
 * Animation on a DOM node), pauses where something happens, and only then
 * does React state move to the next hop. No state changes per frame.
 */
import { useCallback, useEffect, useId, useMemo, useRef, useState, useSyncExternalStore, type KeyboardEvent } from 'react';
import type { LabDescriptor, LabView } from '@/lib/diagram/lab-view';
import { tokenLabel } from '@/lib/diagram/packet-view';
import { pathLength } from '@/lib/diagram/timeline';
import { defaultLabState, needsEngine, parseLabState, writeLabState, type LabState, type LabStateSchema } from '@/lib/diagram/url-state';
import { LabDiagram } from '@/components/diagram/Diagram.client';
import { Legend } from '@/components/diagram/Legend';
import type { TokenMove } from '@/components/diagram/PacketToken.client';
import { HeaderInspector } from './HeaderInspector';
import { HopList, HOP_KIND_TEXT } from './HopList';
import { useCommitCounter } from './bench';
import './lab.css';

interface LabClientProps {
  lab: LabDescriptor;
  schema: LabStateSchema;
  /** URL namespace of this instance: the lab id, or the `instance` given in MDX. */
  labKey: string;
  /** The default state, computed at build time. */
  initialView: LabView;
}

const SPEEDS = [
  { value: '0.5', label: '0.5×' },
  { value: '1', label: '1×' },
  { value: '2', label: '2×' },
] as const;

/** Token speed in diagram pixels per second at 1×, and pauses per hop kind. */
const PIXELS_PER_SECOND = 320;
const PAUSE_MS = { long: 1100, short: 280 } as const;

const SHORTCUTS: [string, string][] = [
  ['Space', 'play / pause'],
  ['→', 'next hop'],
  ['←', 'previous hop'],
  ['Home', 'back to the first hop'],
  ['F', 'present mode (full screen) on / off'],
  ['Esc', 'leave present mode, close this list'],
  ['?', 'show / hide these shortcuts'],
];

function subscribeReducedMotion(onChange: () => void) {
  const query = window.matchMedia('(prefers-reduced-motion: reduce)');
  query.addEventListener('change', onChange);
  return () => query.removeEventListener('change', onChange);
}
const reducedMotionNow = () => window.matchMedia('(prefers-reduced-motion: reduce)').matches;
const noSubscription = () => () => undefined;

type Engine = typeof import('@/lib/diagram/lab-view');
let enginePromise: Promise<Engine> | null = null;
/** The engine, loaded once per page however many labs ask for it. */
function loadEngine(): Promise<Engine> {
  enginePromise ??= import('@/lib/diagram/lab-view');
  return enginePromise;
}
function prefetchEngine() {
  loadEngine().catch(() => {
    // Fetched again on the next real use.
    enginePromise = null;
  });
}

export function LabClient({ lab, schema, labKey, initialView }: LabClientProps) {
  useCommitCounter();
  const rootRef = useRef<HTMLElement>(null);
  const reactId = useId();
  const flowId = `lab-${labKey}`;
  const [view, setView] = useState<LabView>(initialView);
  const [state, setState] = useState<LabState>(() => ({ ...defaultLabState(schema), flow: initialView.flow, options: initialView.options }));
  const [move, setMove] = useState<TokenMove>('jump');
  const [playing, setPlaying] = useState(false);
  const [speed, setSpeed] = useState<(typeof SPEEDS)[number]['value']>('1');
  const [present, setPresent] = useState(false);
  const [shortcutsOpen, setShortcutsOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState('');
  const [announce, setAnnounce] = useState(false);
  /** The URL's state has been read (and, if it needed the engine, shown). */
  const [urlApplied, setUrlApplied] = useState(false);
  const reducedMotion = useSyncExternalStore(subscribeReducedMotion, reducedMotionNow, () => false);
  // False in the static HTML and during hydration: controls that need JavaScript stay disabled until it runs.
  const hydrated = useSyncExternalStore(noSubscription, () => true, () => false);
  const inert = busy || !hydrated;
  const requestCounter = useRef(0);
  const urlReady = useRef(false);

  const { timeline, diagram } = view;
  const lastStep = Math.max(0, timeline.hops.length - 1);
  const step = Math.min(state.step, lastStep);
  const hop = timeline.hops[step];
  const timelineStep = timeline.steps[step];
  const finalVerdict = timeline.verdicts[timeline.verdicts.length - 1]?.verdict;

  // ── travel and pause times (pure functions of the hop and speed) ───────
  const speedFactor = Number(speed);
  const travelMs = timelineStep ? Math.min(1800, Math.max(280, (pathLength(timelineStep.path) / PIXELS_PER_SECOND) * 1000)) / speedFactor : 0;
  const pauseMs = timelineStep ? PAUSE_MS[timelineStep.pause] / speedFactor : 0;

  // ── engine: recompute the view when the flow or options leave the build-time default
  const showState = useCallback(
    async (next: LabState) => {
      const id = ++requestCounter.current;
      setPlaying(false);
      setMove('jump');
      if (next.flow === view.flow && schema.options.every((o) => next.options[o.id] === view.options[o.id])) {
        setState(next);
        return;
      }
      setBusy(true);
      try {
        const engine = await loadEngine();
        const computed = engine.computeLabView(lab.id, next.flow, next.options);
        if (id !== requestCounter.current) return;
        setView(computed);
        setState({ ...next, step: next.step < computed.timeline.hops.length ? next.step : 0 });
      } catch {
        // A state the engine rejects (a stale link) falls back to the default.
        if (id !== requestCounter.current) return;
        setView(initialView);
        setState(defaultLabState(schema));
      } finally {
        if (id === requestCounter.current) setBusy(false);
      }
    },
    [lab.id, schema, view, initialView],
  );

  // ── URL → state, once after hydration ──────────────────────────────────
  useEffect(() => {
    // Applied in the next frame: the URL is outside React, read once hydration is done.
    const frame = requestAnimationFrame(() => {
      const fromUrl = parseLabState(new URLSearchParams(window.location.search), labKey, schema);
      urlReady.current = true;
      setUrlApplied(true);
      if (needsEngine(fromUrl, schema)) void showState(fromUrl);
      else if (fromUrl.step !== 0) setState((s) => ({ ...s, step: fromUrl.step < initialView.timeline.hops.length ? fromUrl.step : 0 }));
    });
    return () => cancelAnimationFrame(frame);
    // Only on mount: later changes flow from the state to the URL.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  // ── state → URL (replaceState: a static site has no server to ask) ────
  const urlFor = useCallback(
    (s: LabState) => {
      const params = writeLabState(new URLSearchParams(window.location.search), labKey, s, schema);
      const query = params.toString();
      return `${window.location.pathname}${query ? `?${query}` : ''}${window.location.hash}`;
    },
    [labKey, schema],
  );
  const current: LabState = useMemo(() => ({ flow: view.flow, options: view.options, step }), [view, step]);
  useEffect(() => {
    if (!urlReady.current || busy) return;
    const next = urlFor(current);
    if (next !== `${window.location.pathname}${window.location.search}${window.location.hash}`) window.history.replaceState(window.history.state, '', next);
  }, [current, busy, urlFor]);

  // ── playing: one timer per hop ─────────────────────────────────────────
  useEffect(() => {
    if (!playing) return;
    if (step >= lastStep) {
      const stop = window.setTimeout(() => setPlaying(false), reducedMotion ? 0 : travelMs);
      return () => window.clearTimeout(stop);
    }
    const wait = (reducedMotion ? 0 : move === 'travel' ? travelMs : 0) + pauseMs;
    const timer = window.setTimeout(() => {
      setMove('travel');
      setAnnounce(false);
      setState((s) => ({ ...s, step: Math.min(s.step + 1, lastStep) }));
    }, wait);
    return () => window.clearTimeout(timer);
  }, [playing, step, lastStep, travelMs, pauseMs, move, reducedMotion]);

  const goTo = useCallback(
    (target: number, how: TokenMove, announceIt: boolean) => {
      const clamped = Math.max(0, Math.min(lastStep, target));
      setMove(how);
      setAnnounce(announceIt);
      setState((s) => ({ ...s, step: clamped }));
    },
    [lastStep],
  );
  const togglePlay = useCallback(() => {
    if (playing) {
      setPlaying(false);
      return;
    }
    if (step >= lastStep) {
      // Play from the start again.
      setMove('jump');
      setState((s) => ({ ...s, step: 0 }));
    }
    setAnnounce(false);
    setPlaying(true);
  }, [playing, step, lastStep]);
  const stepForward = useCallback(() => {
    setPlaying(false);
    goTo(step + 1, 'travel', true);
  }, [goTo, step]);
  const stepBack = useCallback(() => {
    setPlaying(false);
    goTo(step - 1, 'jump', true);
  }, [goTo, step]);
  const restart = useCallback(() => {
    setPlaying(false);
    goTo(0, 'jump', true);
  }, [goTo]);

  // ── present mode: Fullscreen API, or a fixed overlay where it is refused ──
  const enterPresent = useCallback(() => {
    setPresent(true);
    const root = rootRef.current;
    if (root?.requestFullscreen && document.fullscreenEnabled) root.requestFullscreen().catch(() => undefined);
  }, []);
  const leavePresent = useCallback(() => {
    setPresent(false);
    if (document.fullscreenElement) void document.exitFullscreen().catch(() => undefined);
  }, []);
  useEffect(() => {
    const onChange = () => {
      if (!document.fullscreenElement) setPresent(false);
    };
    document.addEventListener('fullscreenchange', onChange);
    return () => document.removeEventListener('fullscreenchange', onChange);
  }, []);
  useEffect(() => {
    if (!present) return;
    rootRef.current?.focus({ preventScroll: true });
    // The overlay fallback must not let the page scroll behind it.
    const previous = document.documentElement.style.overflow;
    document.documentElement.style.overflow = 'hidden';
    return () => {
      document.documentElement.style.overflow = previous;
    };
  }, [present]);

  // ── keyboard: only while focus is inside this lab ──────────────────────
  const onKeyDown = (event: KeyboardEvent<HTMLElement>) => {
    if (event.altKey || event.ctrlKey || event.metaKey || event.defaultPrevented) return;
    const target = event.target as HTMLElement;
    const inField = ['INPUT', 'SELECT', 'TEXTAREA'].includes(target.tagName);
    const onButton = target.tagName === 'BUTTON' || target.tagName === 'SUMMARY';
    if (event.key === 'Escape') {
      if (shortcutsOpen) setShortcutsOpen(false);
      else if (present) leavePresent();
      else return;
      event.preventDefault();
      return;
    }
    if (inField) return;
    switch (event.key) {
      case ' ':
        if (onButton) return;
        togglePlay();
        break;
      case 'ArrowRight':
        stepForward();
        break;
      case 'ArrowLeft':
        stepBack();
        break;
      case 'Home':
        restart();
        break;
      case 'f':
      case 'F':
        if (present) leavePresent();
        else enterPresent();
        break;
      case '?':
        setShortcutsOpen((open) => !open);
        break;
      default:
        return;
    }
    event.preventDefault();
  };

  // ── copy link ──────────────────────────────────────────────────────────
  const copyLink = async () => {
    const url = new URL(urlFor(current), window.location.origin).toString();
    try {
      await navigator.clipboard.writeText(url);
      setStatus('Link to this step copied.');
    } catch {
      setStatus(`Copy this link: ${url}`);
    }
  };

  const label = hop ? tokenLabel(hop.packet) : undefined;
  const isLast = step === lastStep;
  const token =
    hop && label && timelineStep
      ? {
          label,
          move: reducedMotion ? ('jump' as const) : move,
          duration: travelMs,
          moveKey: `${view.flow}|${JSON.stringify(view.options)}|${step}`,
          kind: timelineStep.pause === 'long' ? `${HOP_KIND_TEXT[hop.kind].icon} ${HOP_KIND_TEXT[hop.kind].text}` : undefined,
          dropped: isLast && hop.kind === 'drop',
          delivered: isLast && finalVerdict?.outcome === 'delivered',
        }
      : undefined;
  const flowMeta = lab.flows.find((f) => f.id === view.flow);
  const captionId = `${reactId}-caption`;

  return (
    <section
      ref={rootRef}
      className="pw-lab not-prose"
      aria-label={`Lab: ${lab.title}`}
      data-lab={lab.id}
      data-lab-key={labKey}
      data-present={present ? 'true' : 'false'}
      data-playing={playing ? 'true' : 'false'}
      data-step={step}
      data-motion={reducedMotion ? 'reduced' : 'full'}
      data-ready={urlApplied && !busy ? 'true' : 'false'}
      aria-busy={busy}
      tabIndex={-1}
      onKeyDown={onKeyDown}
      // A reader reaching for the lab will likely change a flow or option: fetch the engine early.
      onPointerEnter={prefetchEngine}
      onFocus={prefetchEngine}
    >
      <header className="pw-lab__head">
        <div>
          <p className="pw-lab__eyebrow">Lab</p>
          <h2 className="pw-lab__title">{lab.title}</h2>
        </div>
        <div className="pw-lab__head-buttons">
          <button type="button" className="pw-button" onClick={() => setShortcutsOpen((open) => !open)} aria-expanded={shortcutsOpen} aria-controls={`${reactId}-keys`} disabled={!hydrated}>
            <span aria-hidden="true">⌨ </span>Shortcuts
          </button>
          <button type="button" className="pw-button" onClick={present ? leavePresent : enterPresent} aria-pressed={present} disabled={!hydrated}>
            <span aria-hidden="true">⤢ </span>
            {present ? 'Leave present mode' : 'Present'}
          </button>
        </div>
      </header>

      {shortcutsOpen && (
        <div id={`${reactId}-keys`} role="region" aria-label="Keyboard shortcuts" className="pw-shortcuts">
          <p>While focus is in this lab:</p>
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
      )}

      <div className="pw-lab__stage">
        <LabDiagram
          flowId={flowId}
          diagram={diagram}
          step={timelineStep}
          token={token}
          layoutKey={present ? 'present' : 'inline'}
          ariaLabel={`Diagram of the ${lab.title} lab. The packet path list below describes every hop in words.`}
        />

        <div className="pw-lab__side">
          <div className="pw-controls" role="group" aria-label="Lab controls">
            <div className="pw-controls__row">
              <label className="pw-field-label">
                <span>Flow</span>
                <select
                  value={view.flow}
                  onChange={(e) => void showState({ flow: e.target.value, step: 0, options: view.options })}
                  className="pw-select"
                  data-control="flow"
                  disabled={inert}
                >
                  {lab.flows.map((flow) => (
                    <option key={flow.id} value={flow.id}>
                      {flow.label}
                    </option>
                  ))}
                </select>
              </label>
            </div>
            {lab.options.length > 0 && (
              <fieldset className="pw-options">
                <legend>Options</legend>
                {lab.options.map((option) =>
                  option.type === 'boolean' ? (
                    <label key={option.id} className="pw-check" title={option.description}>
                      <input
                        type="checkbox"
                        checked={view.options[option.id] === true}
                        data-option={option.id}
                        disabled={inert}
                        onChange={(e) => void showState({ flow: view.flow, step: 0, options: { ...view.options, [option.id]: e.target.checked } })}
                      />
                      <span>{option.label}</span>
                    </label>
                  ) : (
                    <label key={option.id} className="pw-field-label" title={option.description}>
                      <span>{option.label}</span>
                      <select
                        className="pw-select"
                        value={String(view.options[option.id])}
                        data-option={option.id}
                        disabled={inert}
                        onChange={(e) => void showState({ flow: view.flow, step: 0, options: { ...view.options, [option.id]: e.target.value } })}
                      >
                        {option.values.map((value) => (
                          <option key={value.value} value={value.value}>
                            {value.label}
                          </option>
                        ))}
                      </select>
                    </label>
                  ),
                )}
              </fieldset>
            )}
            <div className="pw-controls__row pw-transport">
              <button type="button" className="pw-button" onClick={restart} disabled={inert}>
                <span aria-hidden="true">↺ </span>Restart
              </button>
              <button type="button" className="pw-button" onClick={stepBack} disabled={inert || step === 0}>
                <span aria-hidden="true">◀ </span>Back
              </button>
              <button type="button" className="pw-button pw-button--primary" onClick={togglePlay} disabled={inert} data-control="play">
                <span aria-hidden="true">{playing ? '∥ ' : '▶ '}</span>
                {playing ? 'Pause' : 'Play'}
              </button>
              <button type="button" className="pw-button" onClick={stepForward} disabled={inert || isLast}>
                Next<span aria-hidden="true"> ▶</span>
              </button>
              <label className="pw-field-label pw-field-label--inline">
                <span>Speed</span>
                <select className="pw-select" value={speed} onChange={(e) => setSpeed(e.target.value as typeof speed)} disabled={!hydrated}>
                  {SPEEDS.map((s) => (
                    <option key={s.value} value={s.value}>
                      {s.label}
                    </option>
                  ))}
                </select>
              </label>
              <button type="button" className="pw-button" onClick={() => void copyLink()} disabled={!hydrated}>
                <span aria-hidden="true">↗ </span>Copy link to this step
              </button>
            </div>
            <p className="pw-status" role="status">
              {busy ? 'Working out the new path…' : status}
            </p>
          </div>

          <div className="pw-caption" id={captionId}>
            {hop && (
              <>
                <span className="pw-caption__step">
                  Hop {step + 1} of {timeline.hops.length}
                  {hop.phase === 'reply' ? ' (reply)' : ''} · <span aria-hidden="true">{HOP_KIND_TEXT[hop.kind].icon} </span>
                  {HOP_KIND_TEXT[hop.kind].text} · {timelineStep?.where}
                </span>
                <span className="pw-caption__text">{hop.caption}</span>
              </>
            )}
            {isLast && finalVerdict && (
              <span className={`pw-caption__verdict pw-caption__verdict--${finalVerdict.outcome}`}>
                {finalVerdict.outcome === 'delivered' ? '✓ Delivered' : '✕ Dropped'}: {finalVerdict.reason}
              </span>
            )}
          </div>
          {flowMeta && <p className="pw-flow-description">{flowMeta.description}</p>}
        </div>
      </div>

      <div className="pw-lab__panels">
        <HopList labKey={labKey} timeline={timeline} step={step} onJump={(i) => {
          setPlaying(false);
          goTo(i, 'jump', true);
        }} />
        <HeaderInspector labKey={labKey} hop={hop} />
      </div>
      <Legend />

      {/* Announces the hop when the reader steps (not on every hop while playing). */}
      <div className="pw-sr-only" aria-live="polite" aria-atomic="true">
        {announce && hop ? `Hop ${step + 1} of ${timeline.hops.length}: ${hop.caption}${isLast && finalVerdict ? ` ${finalVerdict.outcome === 'delivered' ? 'Delivered' : 'Dropped'}: ${finalVerdict.reason}` : ''}` : ''}
      </div>
    </section>
  );
}
