import 'server-only';
import type { NavSection } from '@/components/site/nav-types';
import { getCourse } from './lessons.server';

/** The course shaped for the navigation components (plain, serialisable data). */
export function getNavSections(): NavSection[] {
  return getCourse().sections.map((section) => ({
    title: section.title,
    lessons: section.lessons.map((lesson) => ({ slug: lesson.slug, title: lesson.navTitle, summary: lesson.summary, number: lesson.index + 1 })),
  }));
}
