import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { MdxContent } from '@/components/mdx/MdxContent';
import { CourseNav } from '@/components/site/CourseNav';
import { PrevNext } from '@/components/site/PrevNext';
import { Toc } from '@/components/site/Toc';
import { neighbours } from '@/lib/content/course';
import { findLesson, getCompiledLesson, getCourse } from '@/lib/content/lessons.server';
import { getNavSections } from '@/lib/content/nav.server';
import { lessonHref, siteConfig } from '@/lib/site/config';
import { registerStaticParts } from '@/lib/content/static-parts';

export const dynamicParams = false;

export function generateStaticParams() {
  return getCourse().lessons.map((lesson) => ({ slug: lesson.slug }));
}

type Props = { params: Promise<{ slug: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const lesson = findLesson((await params).slug);
  if (!lesson) return {};
  const url = lessonHref(lesson.slug);
  return {
    title: lesson.title,
    description: lesson.summary,
    alternates: { canonical: url },
    openGraph: {
      type: 'article',
      title: lesson.title,
      description: lesson.summary,
      url,
      siteName: siteConfig.name,
      images: [{ url: '/og.png', width: 1200, height: 630 }],
    },
    twitter: { card: 'summary_large_image', title: lesson.title, description: lesson.summary },
  };
}

export default async function LessonPage({ params }: Props) {
  const lesson = findLesson((await params).slug);
  if (!lesson) notFound();
  const { code, headings, parts } = await getCompiledLesson(lesson);
  // For the server render of the lesson's static parts (components/mdx/StaticPart.client.tsx).
  registerStaticParts(parts);
  const { previous, next } = neighbours(getCourse(), lesson.slug);
  const sections = getNavSections();
  return (
    <div className="mx-auto flex max-w-[90rem] gap-10 px-4 sm:px-6">
      <aside aria-label="Course sidebar" className="hidden w-64 shrink-0 lg:block">
        <div className="sticky top-16 max-h-[calc(100dvh-4rem)] overflow-y-auto py-8 pr-2">
          <CourseNav sections={sections} currentSlug={lesson.slug} />
        </div>
      </aside>
      <main id="main" className="min-w-0 flex-1 py-8">
        {/* The search index (scripts/build-search.mjs) holds the article and nothing around it. */}
        <article data-pagefind-body>
          <p className="lesson-measure mb-2 text-sm font-medium text-accent-700 dark:text-accent-300">
            {lesson.section} · Lesson {lesson.index + 1}
          </p>
          <h1 className="lesson-measure mb-3 text-3xl font-bold tracking-tight sm:text-4xl">{lesson.title}</h1>
          <p className="lesson-measure mb-8 text-lg text-[var(--muted-fg)]">{lesson.summary}</p>
          {headings.length > 0 && (
            <details className="lesson-measure mb-8 rounded-lg border border-[var(--border)] p-3 2xl:hidden">
              <summary className="cursor-pointer text-sm font-medium">On this page</summary>
              <div className="mt-3">
                <Toc headings={headings} idPrefix="mobile-" />
              </div>
            </details>
          )}
          <div className="lesson-prose prose prose-zinc max-w-none dark:prose-invert">
            <MdxContent code={code} />
          </div>
        </article>
        <PrevNext
          previous={previous && { slug: previous.slug, title: previous.navTitle }}
          next={next && { slug: next.slug, title: next.navTitle }}
        />
      </main>
      <aside aria-label="Table of contents" className="hidden w-56 shrink-0 2xl:block">
        <div className="sticky top-16 max-h-[calc(100dvh-4rem)] overflow-y-auto py-8">
          <Toc headings={headings} />
        </div>
      </aside>
    </div>
  );
}
