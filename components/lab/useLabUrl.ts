import { useCallback, useEffect } from 'react';
import { writeLabState, type LabState, type LabStateSchema } from '@/lib/diagram/url-state';

/**
 * The lab's state mirrored in the URL under its key (`?<labKey>.step=3…`),
 * with `history.replaceState` — a static site has no server to ask, and a
 * step is not worth a Back-button entry. Not while `paused` is false (playing,
 * or waiting for the engine): the URL is written when the walk stops, not on
 * every hop. Other labs' parameters and the `#anchor` are kept.
 *
 * Returns `urlFor(state)`: the page's URL with that state, for "Copy link".
 *
 * @example
 * const urlFor = useLabUrl('default-bridge', schema, current, !playing && !busy);
 * navigator.clipboard.writeText(new URL(urlFor(current), location.origin).href);
 */
export function useLabUrl(labKey: string, schema: LabStateSchema, current: LabState, settled: boolean): (state: LabState) => string {
  const urlFor = useCallback(
    (state: LabState) => {
      const params = writeLabState(new URLSearchParams(window.location.search), labKey, state, schema);
      const query = params.toString();
      return `${window.location.pathname}${query ? `?${query}` : ''}${window.location.hash}`;
    },
    [labKey, schema],
  );
  useEffect(() => {
    if (!settled) return;
    const next = urlFor(current);
    if (next !== `${window.location.pathname}${window.location.search}${window.location.hash}`) window.history.replaceState(window.history.state, '', next);
  }, [current, settled, urlFor]);
  return urlFor;
}
