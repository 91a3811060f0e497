import path from 'node:path';
import { compileLesson, type CompiledLesson } from './compile';
import { loadCourse } from './course';
import { brokenLinks } from './lint';
import type { Course, CourseDefinition, LessonMeta } from './types';

/** The build's refusal of a course with broken internal links or anchors, one `file:line: problem` a line. */
export class BrokenLinksError extends Error {
  declare readonly problems: string[];

  constructor(problems: string[]) {
    super(
      `${problems.length} broken internal link${problems.length === 1 ? '' : 's'} or anchor${problems.length === 1 ? '' : 's'} in the lessons:\n` +
        problems.map((problem) => `  ${problem}`).join('\n'),
    );
    this.name = 'BrokenLinksError';
    // Not enumerable: Node would print the list a second time after the message.
    Object.defineProperty(this, 'problems', { value: problems, enumerable: false });
  }
}

/**
 * The course as the build uses it: loaded and validated like `loadCourse`,
 * and refused when a lesson does not parse or links to a lesson or `#anchor`
 * that does not exist, so a build (and a deploy that runs only the build)
 * cannot ship a broken link.
 *
 * @throws ContentError for a bad course or frontmatter, BrokenLinksError naming each file and line
 * @example
 * const course = loadBuildCourse(courseDefinition, 'content/lessons');
 */
export function loadBuildCourse(definition: CourseDefinition, lessonsDir: string): Course {
  const course = loadCourse(definition, lessonsDir);
  const problems = brokenLinks(course);
  if (problems.length) {
    throw new BrokenLinksError(problems.map((problem) => `${path.relative(process.cwd(), problem.file) || problem.file}:${problem.line}: ${problem.message}`));
  }
  return course;
}

/**
 * Starts compiling every lesson at once and gives each lesson's result only
 * when all of them have finished. A failed lesson makes `next build` exit at
 * once; were other lessons still inside esbuild then, esbuild's service would
 * be left waiting for answers from a process that is gone and die with a Go
 * "all goroutines are asleep - deadlock!" dump, printed after (and burying)
 * the real error. Waiting for all leaves no esbuild call in flight when the
 * first error surfaces.
 *
 * @example
 * const compiled = compileTogether(course.lessons);
 * const { code } = await compiled.get('foundations')!;
 */
export function compileTogether(
  lessons: readonly LessonMeta[],
  compile: (file: string) => Promise<CompiledLesson> = compileLesson,
): Map<string, Promise<CompiledLesson>> {
  const settled = Promise.allSettled(lessons.map((lesson) => compile(lesson.file)));
  return new Map(
    lessons.map((lesson, index) => {
      const result = settled.then((results) => {
        const outcome = results[index]!;
        if (outcome.status === 'rejected') throw outcome.reason;
        return outcome.value;
      });
      // A lesson nobody asks for (one page in `next dev`) must not raise an unhandled rejection.
      result.catch(() => {});
      return [lesson.slug, result] as const;
    }),
  );
}
