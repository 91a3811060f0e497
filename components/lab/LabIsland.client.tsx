'use client';
/**
 * A lab as an island that wakes on demand.
 *
 * The server renders the whole lab — diagram, caption, controls, hop list —
 * into the page's HTML, and an inline script frames the diagram for the
 * reader's screen before it is first painted (`lib/diagram/camera`). In the
 * browser this component keeps that HTML as it is (it is never hydrated, and
 * none of it travels again in the page's data) and loads the lab's code —
 * React Flow, the lab client and the engine — only when the lab comes near
 * the viewport (at idle), when the reader reaches for it (pointer, focus, a
 * shortcut key), or at once when the URL links to a state of it. The lab then
 * takes over in place: the same layout, the camera where the static diagram
 * was, and the state the URL asks for. A click or key that woke it is
 * replayed on the live lab.
 */
import { useEffect, useRef, useState, type ComponentProps, type ComponentType } from 'react';
import { cameraViewport, levelOfDetail, type CameraSeed, type Viewport } from '@/lib/diagram/camera';
import type { LabClient as LabClientComponent, LabEmbed } from './Lab.client';
// The static lab is styled from the first paint: its styles load with the island, not with the lab's code.
import './lab.css';

interface LabIslandProps {
  labId: string;
  /** URL namespace of this instance: the lab id, or the `instance` given in MDX. */
  labKey: string;
  /** On `/embed/…`: the lab alone, fitted to its frame, linking back to its lesson. */
  embed?: LabEmbed;
}

type LabClientProps = ComponentProps<typeof LabClientComponent>;
interface Awake {
  LabClient: ComponentType<LabClientProps>;
  props: LabClientProps;
}

/** What woke the lab, to replay on the live one. */
type Replay = { kind: 'click' | 'focus'; control: string } | { kind: 'key'; key: string };

/** How far outside the viewport a lab starts loading (one screen or so). */
const NEAR = '900px 0px';
const SHORTCUT_KEYS = new Set([' ', 'ArrowRight', 'ArrowLeft', 'Home', 'f', 'F', 'w', 'W', 'd', 'D', 'l', 'L', '?']);
const CONTROLS = 'button, select, input, summary';
/** Disclosures whose open state the live lab keeps (`data-details` names them in both renders). */
const DISCLOSURES = 'details[data-details]';

/** What names a control in both the static and the live lab (their DOM nodes differ). */
function signature(element: HTMLElement): string {
  return [element.tagName, element.dataset.control ?? element.dataset.option ?? '', element.getAttribute('aria-label') ?? '', element.textContent?.trim().slice(0, 60) ?? ''].join('|');
}
// The server keeps the HTML; the browser renders nothing into the box until the lab wakes.
const KEEP_SERVER_HTML = { __html: '' };

type LabCode = [typeof import('./Lab.client'), typeof import('@/lib/diagram/lab-view'), typeof import('@/lib/diagram/url-state')];
let codePromise: Promise<LabCode> | null = null;
/** The lab's code and the engine, fetched once per page however many labs ask. */
function loadLabCode(): Promise<LabCode> {
  codePromise ??= Promise.all([import('./Lab.client'), import('@/lib/diagram/lab-view'), import('@/lib/diagram/url-state')]);
  codePromise.catch(() => {
    codePromise = null;
  });
  return codePromise;
}

/** True when the page's URL holds state for this lab (a shared link): wake at once. */
function linkedTo(labKey: string): boolean {
  for (const name of new URLSearchParams(window.location.search).keys()) if (name.startsWith(`${labKey}.`)) return true;
  return false;
}

export function LabIsland({ labId, labKey, embed }: LabIslandProps) {
  const hostRef = useRef<HTMLDivElement>(null);
  const [awake, setAwake] = useState<Awake | null>(null);
  // In order: everything the reader did before the live lab took over (until its effects run, the
  // island still listens, so nothing falls between the two).
  const replay = useRef<Replay[]>([]);
  // Disclosures the reader opened or closed in the static lab (a <summary> toggles natively there).
  const disclosures = useRef(new Map<string, boolean>());

  useEffect(() => {
    const host = hostRef.current;
    if (!host || awake) return;
    let cancelled = false;
    let waking = false;
    const lab = host.querySelector<HTMLElement>('.pw-lab');
    const box = host.querySelector<HTMLElement>('.pw-diagram');

    const wake = async () => {
      if (waking) return;
      waking = true;
      try {
        const [{ LabClient }, engine, urlState] = await loadLabCode();
        if (cancelled) return;
        const descriptor = engine.describeLab(labId);
        const schema = engine.stateSchema(descriptor);
        const defaults = urlState.defaultLabState(schema);
        const defaultView = engine.computeLabView(labId, defaults.flow, defaults.options);
        const fromUrl = urlState.parseLabState(new URLSearchParams(window.location.search), labKey, schema);
        let view = defaultView;
        let state = { ...fromUrl, step: fromUrl.step };
        if (urlState.needsEngine(fromUrl, schema)) {
          try {
            view = engine.computeLabView(labId, fromUrl.flow, fromUrl.options);
          } catch {
            // A state the engine rejects (a stale link) falls back to the default.
            state = defaults;
          }
        }
        // Where the static diagram's camera is now, so the live one starts there.
        const initialViewport = box && view === defaultView && state.step === 0 && state.detail === 'step' ? staticCamera(box) : undefined;
        for (const details of host.querySelectorAll<HTMLDetailsElement>(DISCLOSURES)) disclosures.current.set(details.dataset.details ?? '', details.open);
        setAwake({ LabClient, props: { lab: descriptor, schema, labKey, defaultView, initialView: view, initialState: state, initialViewport, ...(embed ? { embed } : {}) } });
      } catch {
        // Offline or a failed chunk: the static lab stays, and the next approach tries again.
        waking = false;
      }
    };

    const record = (event: Event) => {
      const target = event.target instanceof Element ? event.target.closest<HTMLElement>(CONTROLS) : null;
      // A <summary> opens its disclosure at once, static or not; the live lab keeps it open.
      if (event.type === 'click' && target && target.tagName !== 'SUMMARY') {
        event.preventDefault();
        replay.current.push({ kind: 'click', control: signature(target) });
      } else if (event.type === 'focusin' && target && replay.current.length === 0) {
        replay.current.push({ kind: 'focus', control: signature(target) });
      }
      void wake();
    };
    const onKey = (event: KeyboardEvent) => {
      if (!SHORTCUT_KEYS.has(event.key) || event.altKey || event.ctrlKey || event.metaKey) return;
      const target = event.target instanceof HTMLElement ? event.target : document.body;
      if (target.closest('input, select, textarea, [contenteditable]')) return;
      // Space on a <summary> toggles its disclosure (natively), not the walk.
      if (event.key === ' ' && target.closest('summary')) return;
      const inLab = host.contains(target);
      if (!inLab && (target !== document.body || !inView)) return;
      event.preventDefault();
      replay.current.push({ kind: 'key', key: event.key });
      void wake();
    };

    // (toggle does not bubble: listened for in the capture phase)
    const onToggle = (event: Event) => {
      if (event.target instanceof HTMLDetailsElement && event.target.matches(DISCLOSURES)) disclosures.current.set(event.target.dataset.details ?? '', event.target.open);
    };

    let inView = false;
    let idle: number | undefined;
    const near = new IntersectionObserver(
      ([entry]) => {
        if (!entry?.isIntersecting) return;
        near.disconnect();
        const soon = window.requestIdleCallback ?? ((run: () => void) => window.setTimeout(run, 200));
        idle = soon(() => void wake());
      },
      { rootMargin: NEAR },
    );
    const seen = new IntersectionObserver(([entry]) => {
      inView = (entry?.intersectionRatio ?? 0) > 0.15;
    }, { threshold: [0, 0.15, 0.5] });
    // The static diagram follows the box when it changes size (a rotated phone) until the lab wakes.
    const resize = new ResizeObserver(() => {
      const v = box && staticCamera(box);
      const viewport = box?.querySelector<HTMLElement>('.react-flow__viewport');
      if (!box || !v || !viewport) return;
      viewport.style.transform = `translate(${v.x}px,${v.y}px) scale(${v.zoom})`;
      box.dataset.lod = levelOfDetail(v.zoom);
      box.dataset.zoom = v.zoom.toFixed(3);
      box.style.setProperty('--pw-z', String(Math.round(v.zoom * 1000) / 1000));
    });

    if (linkedTo(labKey)) void wake();
    else {
      near.observe(host);
      if (lab) seen.observe(lab);
      if (box) resize.observe(box);
      host.addEventListener('pointerover', record, { once: true });
      host.addEventListener('focusin', record);
      host.addEventListener('click', record, true);
      host.addEventListener('toggle', onToggle, true);
      document.addEventListener('keydown', onKey);
    }
    return () => {
      cancelled = true;
      near.disconnect();
      seen.disconnect();
      resize.disconnect();
      if (idle !== undefined) (window.cancelIdleCallback ?? window.clearTimeout)(idle);
      host.removeEventListener('pointerover', record);
      host.removeEventListener('focusin', record);
      host.removeEventListener('click', record, true);
      host.removeEventListener('toggle', onToggle, true);
      document.removeEventListener('keydown', onKey);
    };
  }, [awake, labId, labKey, embed]);

  // The live lab has taken over: replay what woke it.
  useEffect(() => {
    const host = hostRef.current;
    if (!awake || !host) return;
    for (const details of host.querySelectorAll<HTMLDetailsElement>(DISCLOSURES)) {
      const open = disclosures.current.get(details.dataset.details ?? '');
      if (open !== undefined) details.open = open;
    }
    disclosures.current.clear();
    for (const what of replay.current.splice(0)) {
      if (what.kind === 'key') {
        // Sent from inside the lab, so it is this lab's key whatever else is in view.
        host.querySelector('section.pw-lab')?.dispatchEvent(new KeyboardEvent('keydown', { key: what.key, bubbles: true, cancelable: true }));
        continue;
      }
      const element = [...host.querySelectorAll<HTMLElement>(CONTROLS)].find((candidate) => signature(candidate) === what.control);
      element?.focus({ preventScroll: true });
      if (what.kind === 'click') element?.click();
    }
  }, [awake]);

  if (typeof window === 'undefined') {
    // The server's render: the whole lab, static. Only the ids above travel in the page's data.
    // A require inside this branch, not an import: the bundler drops the branch, and with it the
    // engine and React Flow, from the browser's code (`typeof window` is a constant there).
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { renderStaticLab } = require('./lab-static') as typeof import('./lab-static');
    return (
      <div className="pw-island" data-island={labKey} id={`pw-lab-${labKey}`}>
        {renderStaticLab(labId, labKey, embed)}
      </div>
    );
  }
  if (!awake) return <div ref={hostRef} className="pw-island" data-island={labKey} id={`pw-lab-${labKey}`} dangerouslySetInnerHTML={KEEP_SERVER_HTML} suppressHydrationWarning />;
  const { LabClient, props } = awake;
  return (
    <div ref={hostRef} className="pw-island" data-island={labKey} id={`pw-lab-${labKey}`} data-awake="true">
      <LabClient {...props} />
    </div>
  );
}

/**
 * The static diagram's camera for its box now, from the seed and the mode the
 * inline camera script left on it (React Flow's box is the diagram box inside
 * its border: the client size). None before layout or without a seed.
 */
function staticCamera(box: HTMLElement): (Viewport & { width: number; height: number }) | undefined {
  const seed = JSON.parse(box.dataset.cameraSeed ?? 'null') as CameraSeed | null;
  const width = box.clientWidth;
  const height = box.clientHeight;
  if (!seed || width === 0) return undefined;
  return { width, height, ...cameraViewport({ ...seed, width, height, mode: box.dataset.camera === 'follow' ? 'follow' : 'whole' }) };
}
