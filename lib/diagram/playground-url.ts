/**
 * The playground's state in the query string, so a link reproduces it:
 *
 *   /playground/?script=<lz-string, URI-safe>&from=host1/client&to=web:80/tcp&pg.step=4
 *
 * `script` is the editor's text compressed with lz-string (`compressToEncodedURIComponent`);
 * `from` and `to` are the flow; the player's step and detail level live under `pg.` (written by
 * the lab player, see `url-state.ts`). Reading never throws: a malformed or oversized script
 * gives an empty playground and a message saying why.
 */
// The default import: lz-string is CommonJS, so Node's ESM loader (the lesson linter under tsx)
// cannot pick named exports out of it; bundlers accept either.
import LZString from 'lz-string';
import { MAX_SCRIPT_CHARS } from '@/lib/docker/cli';
import type { PlaygroundFlow } from './playground-view';

/** Longest `script` parameter read (compressed): past this, a link is refused rather than decompressed. */
export const MAX_SCRIPT_PARAM = 64_000;
/** Longest `from`/`to` parameter. */
const MAX_FLOW_PARAM = 200;

/** What a playground link asks for. */
export interface PlaygroundLink {
  script: string;
  flow: PlaygroundFlow;
  /** Why the link's script was not used (malformed or oversized); the playground then starts empty. */
  message?: string;
}

/**
 * Read a playground link. With no `script` parameter, `fallback` is used (the starter script);
 * a malformed or oversized one gives an empty script and a message.
 *
 * @example
 * readPlaygroundLink(new URLSearchParams('script=%%%'), { script: 'docker run …', flow }).message
 * // 'This link's script could not be read (it is not a Packet Walk playground script); the playground starts empty.'
 */
export function readPlaygroundLink(params: URLSearchParams, fallback: { script: string; flow: PlaygroundFlow }): PlaygroundLink {
  const from = cleanFlowParam(params.get('from')) ?? fallback.flow.from;
  const to = cleanFlowParam(params.get('to')) ?? fallback.flow.to;
  const raw = params.get('script');
  if (raw === null) return { script: fallback.script, flow: { from, to } };
  if (raw.length > MAX_SCRIPT_PARAM) return { script: '', flow: { from, to }, message: `This link's script is too long (over ${MAX_SCRIPT_PARAM.toLocaleString('en')} characters compressed); the playground starts empty.` };
  let script: string | null = null;
  try {
    // lz-string returns null or '' for text that is not its output (and may throw on some).
    script = raw === '' ? '' : LZString.decompressFromEncodedURIComponent(raw);
  } catch {
    script = null;
  }
  if (script === null || (script === '' && raw !== '') || !isPlainText(script)) {
    return { script: '', flow: { from, to }, message: "This link's script could not be read (it is not a Packet Walk playground script); the playground starts empty." };
  }
  if (script.length > MAX_SCRIPT_CHARS) return { script: '', flow: { from, to }, message: `This link's script is too long (over ${MAX_SCRIPT_CHARS.toLocaleString('en')} characters); the playground starts empty.` };
  return { script, flow: { from, to } };
}

/**
 * The query string of a playground state (other parameters in `params`, like the player's `pg.`
 * keys, are kept).
 * @example writePlaygroundLink(new URLSearchParams(), { script: 'docker network create app', flow: { from: 'laptop', to: 'host1/icmp' } }).get('from') // 'laptop'
 */
export function writePlaygroundLink(params: URLSearchParams, link: { script: string; flow: PlaygroundFlow }): URLSearchParams {
  const next = new URLSearchParams(params);
  next.set('script', LZString.compressToEncodedURIComponent(link.script));
  next.set('from', link.flow.from);
  next.set('to', link.flow.to);
  return next;
}

/**
 * `params` without the playground's own keys (the player's `pg.` keys stay).
 * @example clearPlaygroundLink(new URLSearchParams('script=x&from=laptop&to=a&pg.step=2')).toString() // 'pg.step=2'
 */
export function clearPlaygroundLink(params: URLSearchParams): URLSearchParams {
  const next = new URLSearchParams(params);
  for (const key of ['script', 'from', 'to']) next.delete(key);
  return next;
}

/**
 * The `/playground/` URL that opens a script with a flow (what a lab's "Open in playground" links to).
 * @example playgroundHref({ script: 'docker run -d --name web nginx', flow: { from: 'laptop', to: '192.168.1.10/icmp' } }) // '/playground/?script=…&from=laptop&to=192.168.1.10%2Ficmp'
 */
export function playgroundHref(link: { script: string; flow: PlaygroundFlow }): string {
  return `/playground/?${writePlaygroundLink(new URLSearchParams(), link).toString()}`;
}

function cleanFlowParam(value: string | null): string | undefined {
  if (value === null) return undefined;
  const trimmed = value.trim();
  return trimmed && trimmed.length <= MAX_FLOW_PARAM && /^[\w.:/-]+$/.test(trimmed) ? trimmed : undefined;
}

/** Text a reader could have typed: no control characters but tab and newlines (decoding garbage yields them). */
function isPlainText(text: string): boolean {
  return !/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFD]/.test(text);
}
