import 'server-only';
import path from 'node:path';
import { course as courseDefinition } from '@/content/course';
import { compileLesson, type CompiledLesson } from './compile';
import { loadCourse } from './course';
import type { Course, LessonMeta } from './types';

const LESSONS_DIR = path.join(process.cwd(), 'content', 'lessons');

let courseCache: Course | undefined;
const compiled = new Map<string, Promise<CompiledLesson>>();

/**
 * The validated course, read once per build process.
 *
 * @example
 * const { sections } = getCourse();
 */
export function getCourse(): Course {
  courseCache ??= loadCourse(courseDefinition, LESSONS_DIR);
  return courseCache;
}

/** The lesson with this slug, or undefined when the course has none. */
export function findLesson(slug: string): LessonMeta | undefined {
  return getCourse().lessons.find((lesson) => lesson.slug === slug);
}

/**
 * The compiled lesson, compiled once per build process however many times a
 * page, its metadata and its neighbours ask for it.
 *
 * @example
 * const { code, headings } = await getCompiledLesson(findLesson('foundations')!);
 */
export function getCompiledLesson(lesson: LessonMeta): Promise<CompiledLesson> {
  let pending = compiled.get(lesson.slug);
  if (!pending) {
    pending = compileLesson(lesson.file);
    compiled.set(lesson.slug, pending);
  }
  return pending;
}
