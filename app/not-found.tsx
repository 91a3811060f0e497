import type { Metadata } from 'next';
import { CourseNav } from '@/components/site/CourseNav';
import { getNavSections } from '@/lib/content/nav.server';
import { IntentLink } from '@/components/site/IntentLink.client';
import { SiteChrome } from '@/components/site/SiteChrome';

export const metadata: Metadata = { title: 'Page not found' };

/** Shown for any unknown path, with the whole course so the reader can carry on. */
export default function NotFound() {
  // Outside the (site) group (it answers every unknown path), so it brings the site's chrome itself.
  return (
    <SiteChrome>
    <main id="main" className="mx-auto max-w-3xl px-4 py-16 sm:px-6">
      <p className="text-sm font-semibold text-accent-700 dark:text-accent-300">404</p>
      <h1 className="mt-2 text-3xl font-bold tracking-tight">This page is not in the course</h1>
      <p className="mt-4 text-lg text-[var(--muted-fg)]">
        The link may be mistyped, or the lesson may have moved. Every lesson is listed below, or go back to the{' '}
        <IntentLink href="/" className="text-accent-700 underline dark:text-accent-300">
          home page
        </IntentLink>
        .
      </p>
      <div className="mt-10 rounded-xl border border-[var(--border)] p-6">
        <CourseNav sections={getNavSections()} label="All lessons" />
      </div>
    </main>
    </SiteChrome>
  );
}
