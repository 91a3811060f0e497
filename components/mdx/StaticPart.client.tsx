'use client';
/**
 * A plain-HTML part of a lesson (lib/content/static-parts), sent once.
 *
 * The server renders the part whole into the page's HTML; the page's data
 * carries only its key and tag. When the page hydrates, the browser keeps
 * that HTML as it is (the lab island does the same). When the part mounts
 * without server HTML — a client-side navigation to another lesson — it reads
 * the lesson's parts from `/lessons/<slug>/parts.json` (fetched once per
 * lesson, on the link's intent if the reader pointed at it first), and the
 * navigation waits for them, so the new lesson appears whole.
 */
import { createElement, use, useState } from 'react';
import { useHydrated } from '@/components/hooks/useMedia';
import type { StaticPart as Part, StaticParts } from '@/lib/content/static-parts';
import { staticPartFor, staticPartsUrl } from '@/lib/content/static-parts';

const KEEP_SERVER_HTML = { __html: '' };
const fetched = new Map<string, Promise<StaticParts>>();

/**
 * The parts of the lesson at `url`, fetched once. A failed fetch is forgotten
 * so a later attempt tries again.
 *
 * @example void loadStaticParts('/lessons/overlay/parts.json');
 */
export function loadStaticParts(url: string): Promise<StaticParts> {
  let parts = fetched.get(url);
  if (!parts) {
    parts = fetch(url).then((response) => {
      if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
      return response.json() as Promise<StaticParts>;
    });
    parts.catch(() => fetched.delete(url));
    fetched.set(url, parts);
  }
  return parts;
}

/** `<StaticPart k="overlay/3" t="p" />`, put in a lesson by the build: part `k`, whose root element is a `t`. */
export function StaticPart({ k, t }: { k: string; t: string }) {
  // True while hydrating server HTML (the server snapshot), false when mounted in the browser;
  // latched, so the re-render after hydration keeps the server's HTML.
  const hydrating = !useHydrated();
  const [fromServer] = useState(hydrating);
  if (typeof window === 'undefined') {
    // The server's render: the part whole, from what the lesson's page registered.
    const part = staticPartFor(k);
    if (!part) throw new Error(`StaticPart ${k}: not registered by its lesson's page`);
    return render(part);
  }
  if (fromServer) return createElement(t, { suppressHydrationWarning: true, dangerouslySetInnerHTML: KEEP_SERVER_HTML });
  return <FetchedPart k={k} />;
}

/** Never settles: the page is being loaded again. */
const RELOADING = new Promise<StaticParts>(() => {});
const reloaded = new WeakMap<Promise<StaticParts>, Promise<StaticParts>>();
/**
 * The parts, or — when they cannot be fetched — a full load of the page the
 * browser is on, whose HTML holds them (as Next does itself when a route's
 * payload fails to load).
 */
function partsOrReload(url: string): Promise<StaticParts> {
  const parts = loadStaticParts(url);
  let guarded = reloaded.get(parts);
  if (!guarded) {
    guarded = parts.catch(() => {
      window.location.reload();
      return RELOADING;
    });
    reloaded.set(parts, guarded);
  }
  return guarded;
}

function FetchedPart({ k }: { k: string }) {
  const part = use(partsOrReload(staticPartsUrl(k)))[k];
  if (!part) throw new Error(`StaticPart ${k}: not in ${staticPartsUrl(k)}`);
  return render(part);
}

function render(part: Part) {
  return createElement(part.t, { ...part.p, dangerouslySetInnerHTML: { __html: part.h } });
}
