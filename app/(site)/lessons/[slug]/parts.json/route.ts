/**
 * `/lessons/<slug>/parts.json`: a lesson's static parts (lib/content/static-parts),
 * which a client-side navigation to the lesson reads; written once at build time.
 */
import { findLesson, getCompiledLesson, getCourse } from '@/lib/content/lessons.server';

export const dynamic = 'force-static';
export const dynamicParams = false;

export function generateStaticParams() {
  return getCourse().lessons.map((lesson) => ({ slug: lesson.slug }));
}

export async function GET(_request: Request, { params }: { params: Promise<{ slug: string }> }) {
  const lesson = findLesson((await params).slug);
  if (!lesson) return new Response('Not found', { status: 404 });
  const { parts } = await getCompiledLesson(lesson);
  return Response.json(parts);
}
