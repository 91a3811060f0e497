/**
 * The browser side of the search index: Pagefind's own script, written by
 * `npm run build` (scripts/build-search.mjs) to out/pagefind/, loaded on the
 * first open of the search dialog and never bundled. Its results, grouped the
 * way the dialog shows them: one group per lesson, one entry per heading.
 */

/** Where the build writes Pagefind's script: a plain static file, like its index. */
export const PAGEFIND_URL = '/pagefind/pagefind.js';

interface PagefindAnchor {
  element: string;
  id: string;
  text: string;
}
interface PagefindSubResult {
  title: string;
  url: string;
  excerpt: string;
  locations: number[];
  /** Each match with its score (rare words and headings weigh more). */
  weighted_locations?: { balanced_score: number }[];
  anchor?: PagefindAnchor;
}
export interface PagefindResultData {
  url: string;
  excerpt: string;
  meta: { title?: string };
  sub_results: PagefindSubResult[];
}
interface PagefindSearch {
  results: { id: string; score: number; data: () => Promise<PagefindResultData> }[];
}
export interface Pagefind {
  options: (options: Record<string, unknown>) => Promise<void>;
  init: () => Promise<void>;
  debouncedSearch: (term: string, options?: Record<string, unknown>, debounceMs?: number) => Promise<PagefindSearch | null>;
}

let loading: Promise<Pagefind> | null = null;
/** Pagefind's script, once per page; a failed load (offline) is tried again next time. */
export function loadPagefind(url = PAGEFIND_URL): Promise<Pagefind> {
  loading ??= (import(/* webpackIgnore: true */ /* turbopackIgnore: true */ url) as Promise<Pagefind>).then(async (pagefind) => {
    await pagefind.options({ excerptLength: 22 });
    await pagefind.init();
    return pagefind;
  });
  loading.catch(() => (loading = null));
  return loading;
}

/** One line of the results: a lesson as a whole, or one of its headings. */
export interface SearchEntry {
  /** Where it leads: `/lessons/<slug>/` or `/lessons/<slug>/#<heading-id>`. */
  url: string;
  title: string;
  /** Pagefind's excerpt: text with `&lt;`/`&gt;` escaped and the matches in <mark>. */
  excerpt: string;
  /** True for the part of a lesson before its first heading. */
  top: boolean;
}
export interface SearchGroup {
  url: string;
  title: string;
  entries: SearchEntry[];
}

/** How many headings of one lesson the results list, the most matches first. */
export const HEADINGS_PER_LESSON = 4;

/** How well a section matches: Pagefind's scores of its matches, summed (so a rare word outweighs many "the"s). */
const scoreOf = (sub: PagefindSubResult) => sub.weighted_locations?.reduce((sum, match) => sum + match.balanced_score, 0) ?? sub.locations.length;

/**
 * A Pagefind result as a group of entries: the lesson's best-matching
 * headings, best first (a heading's anchor is in its URL). A lesson whose
 * matches all come before its first heading is one entry, the lesson itself.
 *
 * @example groupOf({ url: '/lessons/overlay/', meta: { title: 'Overlay' }, excerpt: '…', sub_results: [] })
 * // { url: '/lessons/overlay/', title: 'Overlay', entries: [{ url: '/lessons/overlay/', title: 'Overlay', top: true, … }] }
 */
export function groupOf(data: PagefindResultData): SearchGroup {
  const title = data.meta.title ?? data.url;
  const entries = [...data.sub_results]
    .map((sub, order) => ({ sub, order }))
    .sort((a, b) => scoreOf(b.sub) - scoreOf(a.sub) || a.order - b.order)
    .slice(0, HEADINGS_PER_LESSON)
    .map(({ sub }) => ({ url: sub.url, title: sub.anchor ? sub.title : title, excerpt: sub.excerpt, top: !sub.anchor }));
  if (entries.length === 0) entries.push({ url: data.url, title, excerpt: data.excerpt, top: true });
  return { url: data.url, title, entries };
}

/** A piece of text to show, and whether it is a match. */
export interface TextPiece {
  text: string;
  mark: boolean;
}

/**
 * Pagefind's excerpt as pieces of plain text (never parsed as HTML): its
 * <mark>s become marked pieces, its escaped angle brackets plain ones again.
 *
 * @example excerptPieces('a <mark>VNI</mark> &lt;x&gt;') // [{ text: 'a ', mark: false }, { text: 'VNI', mark: true }, { text: ' <x>', mark: false }]
 */
export function excerptPieces(excerpt: string): TextPiece[] {
  const unescape = (text: string) => text.replace(/&lt;/g, '<').replace(/&gt;/g, '>');
  const pieces: TextPiece[] = [];
  excerpt.split(/(<mark>[\s\S]*?<\/mark>)/).forEach((part) => {
    if (!part) return;
    const marked = /^<mark>([\s\S]*)<\/mark>$/.exec(part);
    const text = unescape(marked ? marked[1]! : part);
    const last = pieces.at(-1);
    if (last && last.mark === !!marked) last.text += text;
    else pieces.push({ text, mark: !!marked });
  });
  return pieces;
}

/** Words not worth marking in a title. */
const STOP_WORDS = new Set(['a', 'an', 'and', 'at', 'by', 'for', 'in', 'is', 'it', 'of', 'on', 'or', 'the', 'to']);

/**
 * A title with the query's words marked where they start a word of it
 * (Pagefind marks matches in excerpts only).
 *
 * @example titlePieces('Where the 50 bytes go', 'byte') // [{ text: 'Where the 50 ', mark: false }, { text: 'byte', mark: true }, { text: 's go', mark: false }]
 */
export function titlePieces(title: string, query: string): TextPiece[] {
  const words = query
    .toLowerCase()
    .split(/\s+/)
    .map((word) => word.replace(/[^\p{L}\p{N}-]/gu, ''))
    .filter((word) => word && !STOP_WORDS.has(word));
  if (words.length === 0) return [{ text: title, mark: false }];
  // Letters, digits and '-' only: nothing to escape in a pattern.
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}])(${words.join('|')})`, 'giu');
  const pieces: TextPiece[] = [];
  let at = 0;
  for (const match of title.matchAll(pattern)) {
    if (match.index > at) pieces.push({ text: title.slice(at, match.index), mark: false });
    pieces.push({ text: match[0], mark: true });
    at = match.index + match[0].length;
  }
  if (at < title.length) pieces.push({ text: title.slice(at), mark: false });
  return pieces;
}
