/**
 * Static parts of a lesson: the prose that is plain HTML, sent once.
 *
 * A server-rendered page carries its content twice: as HTML, and again in the
 * React Server Components payload that React hydrates from (issue 12: the
 * payload was 40–45 % of a lesson's gzip bytes, most of it prose and
 * highlighted code). Most of a lesson is plain HTML that no component of
 * the page ever changes — paragraphs, headings, lists, a code block's
 * highlighted `<code>` — so at build time every such subtree is taken out of
 * the compiled MDX and replaced by `<StaticPart k="slug/n" t="p" />`. The
 * page's HTML still holds the subtree (the component's server render emits
 * it), the payload holds only the key, and a client-side navigation to the
 * lesson fetches the parts from `/lessons/<slug>/parts.json`
 * (components/mdx/StaticPart.client.tsx). The build side is
 * lib/content/rehype-static-parts.ts; this module is what the browser needs too.
 */
/** One static part: its element's tag and React props, and its inner HTML. */
export interface StaticPart {
  /** Tag name of the part's root element. */
  t: string;
  /** The root element's props as React takes them (`className`, `style` object, `data-*`). */
  p: Record<string, unknown>;
  /** The root element's inner HTML. */
  h: string;
}

/** A lesson's static parts by key (`slug/n`). */
export type StaticParts = Record<string, StaticPart>;

/**
 * Where the server render finds the parts of the lesson it renders: the
 * page (a server component) registers them, and `StaticPart`'s server render
 * (the SSR of a client component, another module graph in the same process)
 * reads them. A global, because the two graphs share no module.
 *
 * @example
 * registerStaticParts(compiled.parts);
 * staticPartFor('overlay/0')?.t; // 'p'
 */
export function registerStaticParts(parts: StaticParts): void {
  const registry = ((globalThis as { __packetWalkStaticParts?: Map<string, StaticPart> }).__packetWalkStaticParts ??= new Map());
  for (const [key, part] of Object.entries(parts)) registry.set(key, part);
}

/** The part registered under `key`, if any (see registerStaticParts). */
export function staticPartFor(key: string): StaticPart | undefined {
  return (globalThis as { __packetWalkStaticParts?: Map<string, StaticPart> }).__packetWalkStaticParts?.get(key);
}

/**
 * The URL of the parts of the lesson at `lessonPath` (`/lessons/<slug>/`), or
 * undefined for a page that is not a lesson.
 * @example lessonPartsUrl('/lessons/overlay/') // '/lessons/overlay/parts.json'
 */
export function lessonPartsUrl(lessonPath: string): string | undefined {
  const slug = /^\/lessons\/([a-z0-9-]+)\/$/.exec(lessonPath)?.[1];
  return slug ? partsUrl(slug) : undefined;
}

/** Where app/lessons/[slug]/parts.json/route.ts writes a lesson's parts. */
const partsUrl = (slug: string) => `/lessons/${slug}/parts.json`;

/**
 * The URL of the parts of the lesson a part belongs to, for a client-side navigation to it.
 * @example staticPartsUrl('overlay/3') // '/lessons/overlay/parts.json'
 */
export function staticPartsUrl(key: string): string {
  return partsUrl(key.slice(0, key.lastIndexOf('/')));
}
