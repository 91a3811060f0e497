'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import type { ComponentProps } from 'react';
import { loadStaticParts } from '@/components/mdx/StaticPart.client';
import { lessonPartsUrl } from '@/lib/content/static-parts';

type IntentLinkProps = Omit<ComponentProps<typeof Link>, 'href' | 'prefetch'> & { href: string };

/**
 * A `next/link` to a page of the site that prefetches only when the reader
 * shows intent: the pointer enters it or it takes focus.
 *
 * Next's default prefetches every link as it enters the viewport; the lesson
 * sidebar alone is 11 links, which cost 37 background requests (231 KB gzip,
 * more than the page's own JavaScript, issue 12). `prefetch={false}` turns
 * that off, and in Next 16 it turns hover prefetching off too ("Prefetching
 * will never happen both on entering the viewport and on hover", the `Link`
 * API reference), so intent is handled here with `router.prefetch`, which
 * fills the same router cache a click then reads (e2e/prefetch.spec.ts: the
 * click after a hover fetches nothing more). A lesson's static parts, which
 * a client-side navigation also reads (lib/content/static-parts), are fetched
 * on the same intent.
 */
export function IntentLink({ href, onPointerEnter, onFocus, ...props }: IntentLinkProps) {
  const router = useRouter();
  const prefetch = () => {
    router.prefetch(href);
    const parts = lessonPartsUrl(href);
    if (parts) loadStaticParts(parts).catch(() => {});
  };
  return (
    <Link
      {...props}
      href={href}
      prefetch={false}
      onPointerEnter={(event) => {
        prefetch();
        onPointerEnter?.(event);
      }}
      onFocus={(event) => {
        prefetch();
        onFocus?.(event);
      }}
    />
  );
}
