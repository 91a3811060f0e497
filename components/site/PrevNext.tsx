import { lessonHref } from '@/lib/site/config';
import { IntentLink } from './IntentLink.client';

interface Neighbour {
  slug: string;
  title: string;
}

/** Links to the previous and next lessons in course order. */
export function PrevNext({ previous, next }: { previous?: Neighbour; next?: Neighbour }) {
  if (!previous && !next) return null;
  return (
    <nav aria-label="Previous and next lessons" className="mt-12 grid gap-4 border-t border-[var(--border)] pt-6 sm:grid-cols-2">
      {previous ? (
        <IntentLink href={lessonHref(previous.slug)} rel="prev" className="rounded-lg border border-[var(--border)] p-4 hover:border-accent-600">
          <span className="block text-xs text-[var(--muted-fg)]">← Previous</span>
          <span className="font-medium">{previous.title}</span>
        </IntentLink>
      ) : (
        <span />
      )}
      {next && (
        <IntentLink href={lessonHref(next.slug)} rel="next" className="rounded-lg border border-[var(--border)] p-4 text-right hover:border-accent-600">
          <span className="block text-xs text-[var(--muted-fg)]">Next →</span>
          <span className="font-medium">{next.title}</span>
        </IntentLink>
      )}
    </nav>
  );
}
