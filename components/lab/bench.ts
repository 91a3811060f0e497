/**
 * Instrumentation for `npm run bench:ui`, active only when the page URL has a
 * `bench` parameter, so readers pay nothing: `window.__pwCommits` counts the
 * React commits that re-render a component calling {@link useCommitCounter}.
 * (A `<Profiler onRender>` would not fire in a production build, which is
 * what the bench measures.)
 */
import { useEffect } from 'react';

declare global {
  interface Window {
    __pwCommits?: number;
  }
}

const benchEnabled = typeof window !== 'undefined' && new URLSearchParams(window.location.search).has('bench');
/** Set while one commit's effects run, so a commit that re-renders several counted components counts once. */
let countedThisCommit = false;

/** Count the React commits this component takes part in, when benchmarking. */
export function useCommitCounter(): void {
  useEffect(() => {
    if (!benchEnabled || countedThisCommit) return;
    countedThisCommit = true;
    window.__pwCommits = (window.__pwCommits ?? 0) + 1;
    // A commit runs all its effects in one synchronous pass; the next commit starts after this microtask.
    queueMicrotask(() => {
      countedThisCommit = false;
    });
  });
}
