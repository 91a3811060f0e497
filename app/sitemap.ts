import type { MetadataRoute } from 'next';
import { getCourse } from '@/lib/content/lessons.server';
import { absoluteUrl, lessonHref } from '@/lib/site/config';

export const dynamic = 'force-static';

export default function sitemap(): MetadataRoute.Sitemap {
  return [
    { url: absoluteUrl('/'), changeFrequency: 'monthly', priority: 1 },
    { url: absoluteUrl('/playground/'), changeFrequency: 'monthly', priority: 0.7 },
    ...getCourse().lessons.map((lesson) => ({ url: absoluteUrl(lessonHref(lesson.slug)), changeFrequency: 'monthly' as const, priority: 0.8 })),
  ];
}
