import { useCallback, useEffect, useState, type RefObject } from 'react';

/**
 * Present mode for one lab: the Fullscreen API on the lab's section, or, where
 * the browser refuses it (an iframe without `allow="fullscreen"`, iOS Safari on
 * a non-video element), a fixed overlay drawn by CSS from `data-present`.
 * Leaving fullscreen with the browser's own Esc leaves present mode too; while
 * it lasts the page behind cannot scroll and the lab holds the focus, so the
 * keys go to it.
 *
 * @example
 * const { present, enterPresent, leavePresent } = usePresentMode(rootRef, () => setHopsOpen(false));
 */
export function usePresentMode(rootRef: RefObject<HTMLElement | null>, onLeave: () => void) {
  const [present, setPresent] = useState(false);
  const enterPresent = useCallback(() => {
    setPresent(true);
    const root = rootRef.current;
    if (root?.requestFullscreen && document.fullscreenEnabled) root.requestFullscreen().catch(() => undefined);
  }, [rootRef]);
  const leavePresent = useCallback(() => {
    setPresent(false);
    onLeave();
    if (document.fullscreenElement) void document.exitFullscreen().catch(() => undefined);
  }, [onLeave]);
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
  }, [present, rootRef]);
  return { present, enterPresent, leavePresent };
}
