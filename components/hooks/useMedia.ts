import { useSyncExternalStore } from 'react';

/**
 * Whether a media query matches, following changes. False on the server and
 * during hydration, so the first render matches the server's HTML (the static
 * lab is drawn for the wide, full-motion case; the island measures the real box
 * before it takes over). Shared by the lab, the hop list and the exercises.
 *
 * @example
 * const reducedMotion = useMedia('(prefers-reduced-motion: reduce)');
 */
export function useMedia(query: string): boolean {
  return useSyncExternalStore(
    (onChange) => {
      const list = window.matchMedia(query);
      list.addEventListener('change', onChange);
      return () => list.removeEventListener('change', onChange);
    },
    () => window.matchMedia(query).matches,
    () => false,
  );
}

const noSubscription = () => () => undefined;

/**
 * True once React runs in the browser; false in the static HTML and during
 * hydration, so controls that need JavaScript stay disabled until it runs,
 * and state only the browser knows (the stored theme) is not shown before.
 *
 * @example
 * const hydrated = useHydrated();
 */
export function useHydrated(): boolean {
  return useSyncExternalStore(noSubscription, () => true, () => false);
}
