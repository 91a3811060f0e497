import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BrokenLinksError, compileTogether, loadBuildCourse } from './build';
import type { CompiledLesson } from './compile';
import { loadCourse } from './course';

const tempDirs: string[] = [];
afterEach(() => {
  for (const dir of tempDirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

const front = (title: string) => `---\ntitle: ${title}\nsummary: A summary that is long enough to pass the schema.\n---\n\n`;

/** A throwaway lessons folder (slug → body after the frontmatter) and its one-section course. */
function courseOf(lessons: Record<string, string>) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pw-build-'));
  tempDirs.push(dir);
  for (const [slug, body] of Object.entries(lessons)) fs.writeFileSync(path.join(dir, `${slug}.mdx`), front(`Lesson ${slug}`) + body);
  return { dir, definition: [{ title: 'All', lessons: Object.keys(lessons) }] };
}

function buildError(lessons: Record<string, string>): BrokenLinksError {
  const { dir, definition } = courseOf(lessons);
  try {
    loadBuildCourse(definition, dir);
  } catch (error) {
    expect(error).toBeInstanceOf(BrokenLinksError);
    return error as BrokenLinksError;
  }
  throw new Error('expected the build to refuse the course');
}

describe('loadBuildCourse (the course next build uses)', () => {
  it('accepts a course whose links and anchors resolve, even if it is not complete yet', () => {
    const { dir, definition } = courseOf({ one: '## Start\n\n[two](/lessons/two/#end) [here](#start)\n', two: '## End\n' });
    expect(loadBuildCourse(definition, dir).lessons.map((lesson) => lesson.slug)).toEqual(['one', 'two']);
  });

  it('refuses a link to a lesson that does not exist, naming the file and the line', () => {
    const error = buildError({ one: '## Start\n\nSee [ghost](/lessons/ghost/).\n' });
    expect(error.problems).toEqual([expect.stringMatching(/one\.mdx:8: link "\/lessons\/ghost\/" points at lesson "ghost", which is not in the course/)]);
    expect(error.message).toMatch(/^1 broken internal link or anchor in the lessons:\n {2}.*one\.mdx:8:/);
  });

  it('refuses an anchor that matches no heading, here or in another lesson', () => {
    const error = buildError({ one: '## Start\n\n[a](#nowhere)\n\n[b](/lessons/two/#missing)\n', two: '## End\n' });
    expect(error.problems).toEqual([
      expect.stringMatching(/one\.mdx:8: anchor "#nowhere" does not match a heading in one/),
      expect.stringMatching(/one\.mdx:10: anchor "#missing" does not match a heading in two/),
    ]);
  });

  it('refuses a lesson that does not parse, naming the file and the line', () => {
    const error = buildError({ one: '## Start\n\n<Callout kind="note">\n\nNever closed.\n' });
    expect(error.problems).toEqual([expect.stringMatching(/one\.mdx:8: MDX syntax error: Expected a closing tag for `<Callout>`/)]);
  });
});

const lessonsOf = (...slugs: string[]) => loadCourse([{ title: 'All', lessons: slugs }], courseOf(Object.fromEntries(slugs.map((slug) => [slug, '## A\n']))).dir).lessons;

describe('compileTogether', () => {
  it('gives a failed lesson its error only once every other lesson has finished compiling', async () => {
    const lessons = lessonsOf('broken', 'slow');
    const events: string[] = [];
    const compile = (file: string) =>
      file.endsWith('broken.mdx')
        ? Promise.reject(new Error('broken.mdx: line 3: unclosed {'))
        : new Promise<CompiledLesson>((resolve) =>
            setTimeout(() => {
              events.push('slow finished');
              resolve({ code: 'slow', frontmatter: { title: 't', summary: 's' }, headings: [], parts: {} });
            }, 150),
          );
    const compiled = compileTogether(lessons, compile);
    await compiled.get('broken')!.catch((error: Error) => events.push(`broken failed: ${error.message}`));
    expect(events).toEqual(['slow finished', 'broken failed: broken.mdx: line 3: unclosed {']);
    await expect(compiled.get('slow')).resolves.toMatchObject({ code: 'slow' });
  });

  it('a build that exits on the first failed lesson ends with that error, not an esbuild deadlock dump', () => {
    // tests/prerender-exit.ts exits the moment a lesson fails, as Next's export does.
    const run = spawnSync('node', ['--import', 'tsx', 'tests/prerender-exit.ts', 'tests/fixtures/content/prerender-failure'], { encoding: 'utf8' });
    expect(run.stderr).not.toMatch(/goroutine|deadlock/);
    expect(run.stderr.trim().split('\n').slice(-2).join('\n')).toMatch(
      /late-broken\.mdx — field "line 8": Cannot process MDX file with esbuild:\n.*Unexpected end of file in expression/,
    );
    expect(run.status).toBe(1);
  }, 60_000);
});
