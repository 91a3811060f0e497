import type { ReactNode } from 'react';
import { getNavSections } from '@/lib/content/nav.server';
import { SiteFooter } from './SiteFooter';
import { SiteHeader } from './SiteHeader';
import { ServiceWorker } from './ServiceWorker.client';

/** The site around a page: the skip link, the header with the course menu, the footer. */
export function SiteChrome({ children }: { children: ReactNode }) {
  return (
    <>
      <a href="#main" className="skip-link rounded-md bg-zinc-900 px-3 py-2 text-sm font-medium text-white dark:bg-zinc-100 dark:text-zinc-900">
        Skip to content
      </a>
      <SiteHeader sections={getNavSections()} />
      {children}
      <SiteFooter />
      <ServiceWorker />
    </>
  );
}
