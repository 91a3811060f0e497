import type { TocHeading } from '@/lib/content/compile';

/** "On this page": the lesson's h2 and h3 headings, linked to their anchors. */
export function Toc({ headings, idPrefix = "" }: { headings: TocHeading[]; idPrefix?: string }) {
  if (headings.length === 0) return null;
  return (
    <nav aria-labelledby={`${idPrefix}toc-heading`} className="text-sm">
      <h2 id={`${idPrefix}toc-heading`} className="mb-3 text-xs font-semibold tracking-wider text-[var(--muted-fg)] uppercase">
        On this page
      </h2>
      <ul className="space-y-1.5">
        {headings.map((heading) => (
          <li key={heading.id} className={heading.depth === 3 ? 'pl-3' : undefined}>
            <a href={`#${heading.id}`} className="text-[var(--muted-fg)] hover:text-[var(--page-fg)] hover:underline">
              {heading.text}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
