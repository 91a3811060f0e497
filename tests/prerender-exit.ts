// Run by tests/prerender-exit.test.ts in a child process: compiles every
// lesson of a course folder the way `next build` does (lib/content/build.ts),
// and on the first lesson that fails prints its error and exits at once, as
// Next's export does. Usage: tsx tests/prerender-exit.ts <lessons dir> [--separately]
// (--separately compiles each lesson on its own, as the build did before).
import fs from 'node:fs';
import path from 'node:path';
import { compileTogether } from '@/lib/content/build';
import { compileLesson } from '@/lib/content/compile';
import { loadCourse } from '@/lib/content/course';

const dir = path.resolve(process.argv[2]!);
const slugs = fs.readdirSync(dir).filter((name) => name.endsWith('.mdx')).map((name) => name.replace(/\.mdx$/, '')).sort();
const course = loadCourse([{ title: 'All', lessons: slugs }], dir);
// A lesson whose name starts with "late-" starts compiling 300 ms after the
// others, so that it fails while they are inside esbuild, as one page among
// many does in a build.
const compile = (file: string) =>
  path.basename(file).startsWith('late-') ? new Promise<void>((resolve) => setTimeout(resolve, 300)).then(() => compileLesson(file)) : compileLesson(file);
const compiled = process.argv.includes('--separately')
  ? new Map(course.lessons.map((lesson) => [lesson.slug, compile(lesson.file)]))
  : compileTogether(course.lessons, compile);
for (const [slug, pending] of compiled) {
  pending.then(
    () => console.log(`compiled ${slug}`),
    (error: Error) => {
      console.error(`Error occurred prerendering page "/lessons/${slug}": ${error.message}`);
      process.exit(1);
    },
  );
}
