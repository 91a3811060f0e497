import { lessonHref } from '@/lib/site/config';
import type { NavSection } from './nav-types';
import { IntentLink } from './IntentLink.client';

/**
 * The course, section by section, with the current lesson marked. Used by
 * the sidebar, the phone menu and the 404 page.
 */
export function CourseNav({
  sections,
  currentSlug,
  label = 'Course',
  onNavigate,
}: {
  sections: NavSection[];
  currentSlug?: string;
  label?: string;
  onNavigate?: () => void;
}) {
  return (
    <nav aria-label={label}>
      {sections.map((section) => (
        <div key={section.title} className="mb-6">
          <h2 className="mb-2 text-xs font-semibold tracking-wider text-[var(--muted-fg)] uppercase">{section.title}</h2>
          <ol className="space-y-0.5">
            {section.lessons.map((lesson) => {
              const current = lesson.slug === currentSlug;
              return (
                <li key={lesson.slug}>
                  <IntentLink
                    href={lessonHref(lesson.slug)}
                    aria-current={current ? 'page' : undefined}
                    onClick={onNavigate}
                    className={`flex gap-2 rounded-md px-2 py-1.5 text-sm ${
                      current
                        ? 'bg-accent-50 font-semibold text-accent-800 dark:bg-zinc-800 dark:text-accent-300'
                        : 'text-[var(--page-fg)] hover:bg-zinc-100 dark:hover:bg-zinc-800/60'
                    }`}
                  >
                    <span className="w-5 shrink-0 text-right tabular-nums text-[var(--muted-fg)]">{lesson.number}.</span>
                    <span>{lesson.title}</span>
                  </IntentLink>
                </li>
              );
            })}
          </ol>
        </div>
      ))}
    </nav>
  );
}
