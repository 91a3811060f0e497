/**
 * The one ordered list of lessons. It drives the home page's course map, the
 * sidebar, previous/next links and the sitemap. Every entry must have a file
 * `content/lessons/<slug>.mdx`, and every file must have an entry: the build
 * fails otherwise (see lib/content/course.ts).
 */
import type { CourseDefinition } from '@/lib/content/types';

export const course: CourseDefinition = [
  {
    title: 'Foundations',
    lessons: ['foundations'],
  },
  {
    title: 'Single-host networks',
    lessons: ['default-bridge', 'port-publishing', 'host', 'none', 'user-defined-bridge', 'container'],
  },
  {
    title: 'Multi-host networks',
    lessons: ['overlay', 'macvlan', 'ipvlan', 'macvlan-trunk'],
  },
  {
    title: 'Putting it together',
    lessons: ['choosing'],
  },
];
