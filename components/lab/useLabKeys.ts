'use client';
/**
 * A lab's keyboard shortcuts, working as soon as the page has loaded: a key
 * goes to the lab that holds the focus, or — when the focus is on nothing in
 * particular (the page itself, prose) — to the lab most in view. Typing in a
 * form field, or a key meant for a focused link or button elsewhere, is left
 * alone.
 */
import { useEffect, useRef, type RefObject } from 'react';

/** The labs on the page. */
const labs = new Set<HTMLElement>();

/** How much of an element is on screen, measured now (a key must not wait for an observer's report). */
function shownRatio(element: HTMLElement): number {
  const box = element.getBoundingClientRect();
  const visible = Math.max(0, Math.min(box.bottom, window.innerHeight) - Math.max(box.top, 0)) * Math.max(0, Math.min(box.right, window.innerWidth) - Math.max(box.left, 0));
  const area = Math.min(box.width * box.height, window.innerWidth * window.innerHeight);
  return area > 0 ? visible / area : 0;
}

function labInView(): HTMLElement | undefined {
  let best: HTMLElement | undefined;
  let bestRatio = 0;
  for (const element of labs) {
    const ratio = element.isConnected ? shownRatio(element) : 0;
    if (ratio > bestRatio) {
      best = element;
      bestRatio = ratio;
    }
  }
  return bestRatio > 0.15 ? best : undefined;
}

const FIELD = 'input, select, textarea, [contenteditable=""], [contenteditable="true"]';
const INTERACTIVE = 'a[href], button, summary, [role="button"], [role="menuitem"], [tabindex]:not([tabindex="-1"])';

export type LabKey = 'toggle' | 'next' | 'back' | 'restart' | 'present' | 'camera' | 'detail' | 'hops' | 'help' | 'escape';

const KEYS: Record<string, LabKey> = {
  ' ': 'toggle',
  ArrowRight: 'next',
  ArrowLeft: 'back',
  Home: 'restart',
  f: 'present',
  F: 'present',
  w: 'camera',
  W: 'camera',
  d: 'detail',
  D: 'detail',
  l: 'hops',
  L: 'hops',
  '?': 'help',
  Escape: 'escape',
};

/**
 * Route shortcut keys to `onKey` for the lab rooted at `root`. `onKey`
 * returns false when it did nothing with the key (so the browser keeps it).
 */
export function useLabKeys(root: RefObject<HTMLElement | null>, enabled: boolean, onKey: (key: LabKey, target: HTMLElement) => boolean): void {
  const handler = useRef(onKey);
  useEffect(() => {
    handler.current = onKey;
  });

  useEffect(() => {
    const element = root.current;
    if (!element) return;
    labs.add(element);
    return () => {
      labs.delete(element);
    };
  }, [root]);

  useEffect(() => {
    if (!enabled) return;
    const onKeyDown = (event: KeyboardEvent) => {
      const element = root.current;
      if (!element || event.altKey || event.ctrlKey || event.metaKey || event.defaultPrevented) return;
      const key = KEYS[event.key];
      if (!key) return;
      const target = (event.target instanceof HTMLElement ? event.target : document.body) as HTMLElement;
      const inThisLab = element.contains(target);
      if (target.closest(FIELD) && key !== 'escape') return;
      if (!inThisLab) {
        // Focus elsewhere on something that takes keys: not ours.
        if (target !== document.body && target.closest(INTERACTIVE)) return;
        if (target.closest('.pw-lab')) return;
        // Focus on the page itself: the lab most in view takes the key (or the one in present mode).
        if (element.dataset.present !== 'true' && labInView() !== element) return;
      }
      if (handler.current(key, target)) event.preventDefault();
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [root, enabled]);
}
