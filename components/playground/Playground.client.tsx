'use client';
/**
 * The playground: a Docker script in an editor, the network it builds drawn by the labs' own
 * player, and a flow picker for the packet to walk. Typing rebuilds the model a moment after the
 * reader pauses; the script, the flow and the step live in the URL, so a link brings all of it
 * back (`lib/diagram/playground-url.ts`).
 *
 * Composition only: the model and its view come from `lib/diagram/playground-view`, the walk is
 * drawn by `LabClient` (the same diagram, transport, caption, hop list and inspector as a lab).
 */
import { startTransition, useCallback, useEffect, useId, useMemo, useRef, useState } from 'react';
import { LabClient } from '@/components/lab/Lab.client';
import { computePlaygroundView, playgroundDescriptor, PLAYGROUND_KEY, PLAYGROUND_SCHEMA, type PlaygroundFlow, type PlaygroundView } from '@/lib/diagram/playground-view';
import { clearPlaygroundLink, readPlaygroundLink, writePlaygroundLink } from '@/lib/diagram/playground-url';
import { defaultLabState, parseLabState, type LabState } from '@/lib/diagram/url-state';
import { ScriptEditor, type ScriptEditorHandle } from './ScriptEditor.client';
import { FlowPicker } from './FlowPicker';

/** One entry of the examples menu: a lab's script and its first flow. */
export interface PlaygroundExample {
  id: string;
  title: string;
  script: string;
  flow: PlaygroundFlow;
}

interface PlaygroundProps {
  /** What an empty URL opens. */
  starter: PlaygroundExample;
  examples: PlaygroundExample[];
}

/** How long typing must pause before the model is rebuilt. */
const REBUILD_AFTER_MS = 180;

interface Shown {
  script: string;
  result: PlaygroundView;
  /** The player's state when it mounts (a link's step); later walks start at 0. */
  initialState: LabState;
  /** Bumped when a link is read, so the player starts at the link's step. */
  generation: number;
}

export function Playground({ starter, examples }: PlaygroundProps) {
  const id = useId();
  const editor = useRef<ScriptEditorHandle>(null);
  const [shown, setShown] = useState<Shown>(() => ({ script: starter.script, result: computePlaygroundView(starter.script, starter.flow), initialState: defaultLabState(PLAYGROUND_SCHEMA), generation: 0 }));
  // The editor's text lives in a ref: a keystroke re-renders nothing here but the first "stale" flip.
  const editorText = useRef(starter.script);
  const [stale, setStale] = useState(false);
  const rebuildTimer = useRef<number | undefined>(undefined);
  const [message, setMessage] = useState('');
  const [ready, setReady] = useState(false);
  const flowRef = useRef<PlaygroundFlow>(shown.result.flow);
  const scriptRef = useRef(starter.script);

  const rebuild = useCallback((script: string, flow: PlaygroundFlow) => {
    window.clearTimeout(rebuildTimer.current);
    scriptRef.current = script;
    const result = computePlaygroundView(script, flow);
    flowRef.current = { from: result.flow.from, to: flow.to };
    // Drawing a big network is the slow part: a transition, so keys typed meanwhile come first.
    startTransition(() => {
      setShown((previous) => ({ ...previous, script, result }));
      setStale(editorText.current !== script);
    });
  }, []);

  // The link as it was when the page loaded: read before any effect runs, since the player's
  // first effect rewrites its own `pg.` keys (not rendered from, so the hydration still matches).
  const linkSearch = useRef(typeof window === 'undefined' ? '' : window.location.search);

  // A link: applied once, after the first render (the server rendered the starter).
  useEffect(() => {
    const params = new URLSearchParams(linkSearch.current);
    const link = readPlaygroundLink(params, starter);
    const result = computePlaygroundView(link.script, link.flow);
    scriptRef.current = link.script;
    flowRef.current = result.flow;
    const initialState = parseLabState(params, PLAYGROUND_KEY, PLAYGROUND_SCHEMA);
    setShown((previous) => ({ script: link.script, result, initialState, generation: previous.generation + 1 }));
    editorText.current = link.script;
    if (link.message) setMessage(link.message);
    if (link.script !== starter.script) editor.current?.replace(link.script);
    setReady(true);
  }, [starter]);

  // Typing: rebuild once the reader pauses.
  const onEditorChange = useCallback(
    (text: string) => {
      editorText.current = text;
      setStale(text !== scriptRef.current);
      window.clearTimeout(rebuildTimer.current);
      if (!ready) return;
      rebuildTimer.current = window.setTimeout(() => rebuild(text, flowRef.current), REBUILD_AFTER_MS);
    },
    [ready, rebuild],
  );
  useEffect(() => () => window.clearTimeout(rebuildTimer.current), []);

  // The script and the flow in the URL (the player writes its own `pg.` keys beside them).
  useEffect(() => {
    if (!ready) return;
    const isStarter = shown.script === starter.script && shown.result.flow.from === starter.flow.from && shown.result.flow.to === starter.flow.to;
    // The starter is the bare URL; anything else carries its script and flow.
    const params = isStarter ? clearPlaygroundLink(new URLSearchParams(window.location.search)) : writePlaygroundLink(new URLSearchParams(window.location.search), { script: shown.script, flow: shown.result.flow });
    const query = params.toString();
    const next = `${window.location.pathname}${query ? `?${query}` : ''}${window.location.hash}`;
    if (next !== `${window.location.pathname}${window.location.search}${window.location.hash}`) window.history.replaceState(window.history.state, '', next);
  }, [ready, shown.script, shown.result.flow, starter]);

  const onFlow = useCallback((flow: PlaygroundFlow) => rebuild(scriptRef.current, flow), [rebuild]);
  const onExample = useCallback(
    (exampleId: string) => {
      const example = examples.find((e) => e.id === exampleId);
      if (!example) return;
      editor.current?.replace(example.script);
      editorText.current = example.script;
      setMessage(`Loaded the ${example.title} example (Ctrl+Z in the editor brings your script back).`);
      rebuild(example.script, example.flow);
    },
    [examples, rebuild],
  );

  const { result } = shown;
  const descriptor = useMemo(() => playgroundDescriptor(result.flow), [result.flow]);
  const firstError = result.errors[0];
  // The walk shown as pcapng (the writer loaded on the click); none when no packet was walked.
  const shownScript = shown.script;
  const pcap = useMemo(() => (result.view.timeline.hops.length ? async () => (await import('@/lib/diagram/lab-pcap')).playgroundPcap(shownScript, result.flow) : null), [shownScript, result.flow, result.view]);
  // The same element while typing, so a keystroke never re-renders the player.
  const labPlayer = useMemo(
    () => <LabClient key={shown.generation} lab={descriptor} schema={PLAYGROUND_SCHEMA} labKey={PLAYGROUND_KEY} defaultView={result.view} initialView={result.view} initialState={shown.initialState} pcap={pcap} />,
    [shown.generation, shown.initialState, descriptor, result.view, pcap],
  );
  const containers = result.endpoints.filter((e) => e.kind === 'container').length;

  return (
    <div className="pw-pg" data-ready={ready ? 'true' : 'false'} data-building={stale ? 'true' : 'false'}>
      <div className="pw-pg__top">
        <section className="pw-pg__panel" aria-labelledby={`${id}-script`}>
          <div className="pw-pg__panel-head">
            <h2 id={`${id}-script`} className="pw-pg__heading">
              Docker commands
            </h2>
            <label className="pw-field-label pw-field-label--inline">
              <span>Examples</span>
              <select className="pw-select" value="" onChange={(e) => onExample(e.target.value)} data-control="examples" disabled={!ready}>
                <option value="">Load a lab’s script…</option>
                {examples.map((example) => (
                  <option key={example.id} value={example.id}>
                    {example.title}
                  </option>
                ))}
              </select>
            </label>
          </div>
          <ScriptEditor handle={editor} initialText={starter.script} onChange={onEditorChange} errors={result.errors} errorsFor={shown.script} describedBy={`${id}-problems`} labelledBy={`${id}-script`} />
          <div id={`${id}-problems`} className="pw-pg__problems" role="status" aria-live="polite" data-testid="script-status">
            {firstError ? (
              <p className="pw-pg__error">
                <span aria-hidden="true">✖ </span>
                <strong>Line {firstError.line}:</strong> {firstError.message} <span className="pw-pg__muted">The lines before it built; the lines after it did not run.</span>
              </p>
            ) : (
              <p className="pw-pg__ok">
                <span aria-hidden="true">✔ </span>
                {scriptSummary(shown.script, containers, result.endpoints.filter((e) => e.kind === 'host').length)}
              </p>
            )}
            {message && <p className="pw-pg__muted">{message}</p>}
          </div>
        </section>
        <FlowPicker flow={result.flow} endpoints={result.endpoints} onFlow={onFlow} error={result.flowError} disabled={!ready} />
      </div>
      {labPlayer}
    </div>
  );
}

/** One line on what the script built. */
function scriptSummary(script: string, containers: number, hosts: number): string {
  const commands = script.split('\n').filter((line) => /^\s*(docker|dockerd)\b/.test(line)).length;
  if (commands === 0) return 'No commands yet: host1 on the LAN, with Docker’s default bridge. Type a docker command, or load an example.';
  return `${commands} ${commands === 1 ? 'command' : 'commands'} built ${containers} ${containers === 1 ? 'container' : 'containers'} on ${hosts} ${hosts === 1 ? 'host' : 'hosts'}.`;
}
