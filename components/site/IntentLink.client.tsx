'use client';

import { useRouter } from 'next/navigation';
import type { AnchorHTMLAttributes, MouseEvent } from 'react';
import { loadStaticParts } from '@/components/mdx/StaticPart.client';
import { lessonPartsUrl } from '@/lib/content/static-parts';

type IntentLinkProps = Omit<AnchorHTMLAttributes<HTMLAnchorElement>, 'href'> & { href: string };

/** A click the browser should handle itself: a new tab or window, a download, or one a handler already took. */
function leaveToBrowser(event: MouseEvent<HTMLAnchorElement>): boolean {
  const { currentTarget: a } = event;
  return event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey || (a.target !== '' && a.target !== '_self') || a.hasAttribute('download');
}

/**
 * A link to a page of the site that navigates on the client and prefetches
 * only when the reader shows intent: the pointer enters it or it takes focus.
 *
 * Next's `<Link>` prefetches every link as it enters the viewport; the lesson
 * sidebar alone is 11 links, which cost 37 background requests (231 KB gzip,
 * more than the page's own JavaScript, issue 12), and with `prefetch={false}`
 * Next 16 turns hover prefetching off too ("Prefetching will never happen
 * both on entering the viewport and on hover", the `Link` API reference). So
 * this is a plain `<a>` (it works without JavaScript) whose plain left click
 * becomes `router.push`, and whose intent calls `router.prefetch`, which
 * fills the same router cache the push then reads (e2e/prefetch.spec.ts: the
 * click after a hover fetches nothing more). Not wrapping `<Link>` keeps its
 * code, 4 KB gzip with its URL helpers, out of every page's first load
 * (issue 15: the first load of a lesson must not grow). A lesson's static
 * parts, which a client-side navigation also reads (lib/content/static-parts),
 * are fetched on the same intent.
 */
export function IntentLink({ href, onPointerEnter, onFocus, onClick, ...props }: IntentLinkProps) {
  const router = useRouter();
  const prefetch = () => {
    router.prefetch(href);
    const parts = lessonPartsUrl(href);
    if (parts) loadStaticParts(parts).catch(() => {});
  };
  return (
    <a
      {...props}
      href={href}
      onPointerEnter={(event) => {
        prefetch();
        onPointerEnter?.(event);
      }}
      onFocus={(event) => {
        prefetch();
        onFocus?.(event);
      }}
      onClick={(event) => {
        onClick?.(event);
        if (leaveToBrowser(event)) return;
        event.preventDefault();
        // router.push runs in a transition and scrolls to the top, as <Link> does.
        router.push(href);
      }}
    />
  );
}
