/**
 * Instrumentation for `npm run bench:ui`, active only when the page URL has a
 * `bench` parameter, so readers pay nothing: each component that calls
 * {@link useCommitCounter} adds one to `window.__pwCommits` per React commit
 * it takes part in. (A `<Profiler onRender>` would not fire in a production
 * build, which is what the bench measures.)
 */
import { useEffect } from 'react';

declare global {
  interface Window {
    __pwCommits?: number;
  }
}

const benchEnabled = typeof window !== 'undefined' && new URLSearchParams(window.location.search).has('bench');

/** Count this component's commits when benchmarking. */
export function useCommitCounter(): void {
  useEffect(() => {
    if (benchEnabled) window.__pwCommits = (window.__pwCommits ?? 0) + 1;
  });
}
