import 'server-only';
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
