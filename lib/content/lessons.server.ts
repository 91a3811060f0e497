import 'server-only';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { course as courseDefinition } from '@/content/course';
import { compileLesson, type CompiledLesson } from './compile';
import { compileTogether, loadBuildCourse } from './build';
import type { Course, LessonMeta } from './types';

const LESSONS_DIR = path.join(process.cwd(), 'content', 'lessons');

let courseCache: Course | undefined;
let compiled: Map<string, Promise<CompiledLesson>> | undefined;

/**
 * The validated course, read once per build process. Throws, naming file and
 * line, when a lesson links to a lesson or anchor that does not exist, so the
 * build fails rather than ship the broken link.
 *
 * @example
 * const { sections } = getCourse();
 */
export function getCourse(): Course {
  courseCache ??= loadBuildCourse(courseDefinition, LESSONS_DIR);
  return courseCache;
}

/** The lesson with this slug, or undefined when the course has none. */
export function findLesson(slug: string): LessonMeta | undefined {
  return getCourse().lessons.find((lesson) => lesson.slug === slug);
}

/**
 * The compiled lesson. The first call compiles every lesson of the course
 * together (see compileTogether for why), once per build process however many
 * times a page, its metadata and its neighbours ask.
 *
 * @example
 * const { code, headings } = await getCompiledLesson(findLesson('foundations')!);
 */
export function getCompiledLesson(lesson: LessonMeta): Promise<CompiledLesson> {
  compiled ??= compileTogether(getCourse().lessons);
  return compiled.get(lesson.slug) ?? compileLesson(lesson.file);
}

/**
 * The lesson that shows a lab (its first `<Lab id="…">`), and the lab's URL key there, so an
 * embed can link back to the lab in its lesson at the same state.
 * @example lessonOfLab('overlay') // { lesson: { slug: 'overlay', … }, labKey: 'overlay' }
 * @throws when no lesson shows the lab (an embed must link somewhere)
 */
export function lessonOfLab(labId: string): { lesson: LessonMeta; labKey: string } {
  for (const lesson of getCourse().lessons) {
    const source = readFileSync(lesson.file, 'utf8');
    for (const match of source.matchAll(/<Lab\s+([^>]*?)\/?>/g)) {
      const attributes = match[1] ?? '';
      if (/\bid="([^"]+)"/.exec(attributes)?.[1] !== labId) continue;
      return { lesson, labKey: /\binstance="([^"]+)"/.exec(attributes)?.[1] ?? labId };
    }
  }
  throw new Error(`no lesson shows the lab "${labId}" (an embed links back to its lesson)`);
}
