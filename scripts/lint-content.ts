// `npm run lint:content`: links and anchors resolve, every lab and flow a
// lesson names exists, heading ids are unique, every lesson is in the course
// and complete. Prints `file:line: problem` and exits 1 on any problem.
import path from 'node:path';
import { course as courseDefinition } from '@/content/course';
import { loadCourse } from '@/lib/content/course';
import { lintCourse } from '@/lib/content/lint';

try {
  // loadCourse already fails on a lesson missing from the course, or the reverse.
  const course = loadCourse(courseDefinition, path.join(process.cwd(), 'content/lessons'));
  const problems = lintCourse(course);
  for (const problem of problems) {
    console.log(`${path.relative(process.cwd(), problem.file)}:${problem.line}: ${problem.message}`);
  }
  console.log(problems.length ? `content lint: ${problems.length} problem(s)` : `content lint: ${course.lessons.length} lessons, no problems`);
  process.exit(problems.length ? 1 : 0);
} catch (error) {
  console.log(`content lint: ${(error as Error).message}`);
  process.exit(1);
}
