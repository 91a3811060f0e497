import fs from 'node:fs';
import path from 'node:path';
import matter from 'gray-matter';
import { ContentError } from './errors';
import { lessonFrontmatterSchema } from './schema';
import type { Course, CourseDefinition, LessonFrontmatter, LessonMeta } from './types';

const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

function relative(file: string): string {
  return path.relative(process.cwd(), file) || file;
}

/**
 * Parses and validates the frontmatter of one lesson file.
 *
 * @throws ContentError naming the file and the first bad field.
 * @example
 * const fm = readLessonFrontmatter('content/lessons/foundations.mdx');
 * fm.title; // "Foundations: namespaces, veth pairs and bridges"
 */
export function readLessonFrontmatter(file: string): LessonFrontmatter {
  let data: unknown;
  try {
    data = matter(fs.readFileSync(file, 'utf8')).data;
  } catch (error) {
    throw new ContentError(relative(file), null, `the frontmatter is not valid YAML (${(error as Error).message.split('\n')[0]})`);
  }
  const parsed = lessonFrontmatterSchema.safeParse(data);
  if (!parsed.success) {
    // A misspelt field shows up twice: as unknown, and as the missing field it
    // was meant to be. Report the unknown name first; it points at the typo.
    const issue = parsed.error.issues.find((candidate) => candidate.code === 'unrecognized_keys') ?? parsed.error.issues[0]!;
    if (issue.code === 'unrecognized_keys') {
      throw new ContentError(relative(file), issue.keys.join(', '), 'is not a known frontmatter field (allowed: title, summary, navTitle)');
    }
    const field = issue.path.join('.') || '(frontmatter)';
    const given = typeof data === 'object' && data !== null ? (data as Record<string, unknown>)[String(issue.path[0])] : undefined;
    const problem =
      issue.code === 'invalid_type' && given === undefined ? 'is required' : issue.message.replace(/^Invalid input: /, '');
    throw new ContentError(relative(file), field, problem);
  }
  return parsed.data;
}

/**
 * Resolves the course definition against the lesson files: every course entry
 * must have a file, every file an entry, each slug once, each frontmatter valid.
 *
 * @param definition the sections and slugs, as in `content/course.ts`
 * @param lessonsDir the folder holding `<slug>.mdx` files
 * @throws ContentError naming the file (and field) at fault
 * @example
 * const { lessons } = loadCourse(course, path.join(process.cwd(), 'content/lessons'));
 * lessons[0].slug; // "foundations"
 */
export function loadCourse(definition: CourseDefinition, lessonsDir: string): Course {
  const courseFile = 'content/course.ts';
  if (!fs.existsSync(lessonsDir)) {
    throw new ContentError(relative(lessonsDir), null, 'the lessons folder does not exist');
  }
  const files = fs
    .readdirSync(lessonsDir)
    .filter((name) => name.endsWith('.mdx'))
    .map((name) => name.slice(0, -'.mdx'.length));
  const fileSet = new Set(files);
  const seen = new Set<string>();
  const sections: Course['sections'] = [];
  const lessons: LessonMeta[] = [];

  definition.forEach((section, sectionIndex) => {
    if (!section.title?.trim()) {
      throw new ContentError(courseFile, `[${sectionIndex}].title`, 'every section needs a title');
    }
    const sectionLessons: LessonMeta[] = [];
    for (const slug of section.lessons) {
      if (!SLUG_PATTERN.test(slug)) {
        throw new ContentError(courseFile, `${section.title} → "${slug}"`, 'a slug is lower-case words joined by hyphens');
      }
      if (seen.has(slug)) {
        throw new ContentError(courseFile, slug, 'is listed twice in the course');
      }
      seen.add(slug);
      const file = path.join(lessonsDir, `${slug}.mdx`);
      if (!fileSet.has(slug)) {
        throw new ContentError(courseFile, slug, `is in the course but ${relative(file)} does not exist`);
      }
      const frontmatter = readLessonFrontmatter(file);
      const meta: LessonMeta = {
        ...frontmatter,
        navTitle: frontmatter.navTitle ?? frontmatter.title,
        slug,
        file,
        section: section.title,
        index: lessons.length,
      };
      lessons.push(meta);
      sectionLessons.push(meta);
    }
    sections.push({ title: section.title, lessons: sectionLessons });
  });

  for (const slug of files) {
    if (!seen.has(slug)) {
      throw new ContentError(relative(path.join(lessonsDir, `${slug}.mdx`)), null, `is not listed in ${courseFile}: add "${slug}" to a section, or remove the file`);
    }
  }
  if (lessons.length === 0) {
    throw new ContentError(courseFile, null, 'the course lists no lessons');
  }
  return { sections, lessons };
}

/**
 * Previous and next lessons in course order, for the links at a lesson's foot.
 *
 * @example
 * const { previous, next } = neighbours(course, 'default-bridge');
 */
export function neighbours(course: Course, slug: string): { previous?: LessonMeta; next?: LessonMeta } {
  const index = course.lessons.findIndex((lesson) => lesson.slug === slug);
  if (index < 0) return {};
  return { previous: course.lessons[index - 1], next: course.lessons[index + 1] };
}
