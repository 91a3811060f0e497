// Compiles lessons exactly as the build does and reports the first problem in
// each: `npx tsx scripts/check-lessons.ts [content/lessons/x.mdx …]` (default:
// every lesson). Quicker than a full `next build` while writing.
import fs from 'node:fs';
import path from 'node:path';
import { compileLesson } from '@/lib/content/compile';

const given = process.argv.slice(2);
const files = given.length
  ? given
  : fs
      .readdirSync('content/lessons')
      .filter((name) => name.endsWith('.mdx'))
      .map((name) => path.join('content/lessons', name));

let failures = 0;
for (const file of files) {
  try {
    const lesson = await compileLesson(path.resolve(file));
    console.log(`ok    ${file} (${lesson.headings.length} headings)`);
  } catch (error) {
    failures += 1;
    console.log(`FAIL  ${(error as Error).message}`);
  }
}
process.exit(failures ? 1 : 0);
