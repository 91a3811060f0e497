import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { labs } from '@/lib/labs';
import { compileLesson, labUsageProblem } from './compile';
import { ContentError } from './errors';

const tempDirs: string[] = [];
afterEach(() => {
  for (const dir of tempDirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** A throwaway lesson file with this body. */
function lessonFile(body: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pw-lab-tag-'));
  tempDirs.push(dir);
  const file = path.join(dir, 'a.mdx');
  fs.writeFileSync(file, `---\ntitle: A good title\nsummary: A summary that is long enough to pass.\n---\n\n## Heading\n\n${body}\n`);
  return file;
}

async function compileError(body: string): Promise<ContentError> {
  try {
    await compileLesson(lessonFile(body));
  } catch (error) {
    expect(error).toBeInstanceOf(ContentError);
    return error as ContentError;
  }
  throw new Error('expected a ContentError, but the lesson compiled');
}

describe('<Lab> in a lesson', () => {
  it('compiles with a lab id that exists', async () => {
    const compiled = await compileLesson(lessonFile('<Lab id="default-bridge" />'));
    expect(compiled.code).toContain('default-bridge');
  });

  it('fails the build for an unknown lab id, naming the file, the line and the valid ids', async () => {
    const error = await compileError('Some text.\n\n<Lab id="default-brige" />');
    expect(error.file).toMatch(/a\.mdx$/);
    expect(error.field).toBe('line 10');
    expect(error.message).toMatch(/<Lab id="default-brige"> is not a lab/);
    for (const lab of labs) expect(error.message).toContain(lab.id);
  });

  it('fails the build for a missing id, or one that is an expression', async () => {
    expect((await compileError('<Lab />')).message).toMatch(/<Lab> needs an id.*valid ids: foundations/);
    expect((await compileError('<Lab id={"overlay"} />')).message).toMatch(/must be a plain string/);
  });

  it('lets one page show a lab twice only under distinct instance names', async () => {
    const twice = await compileError('<Lab id="overlay" />\n\nText.\n\n<Lab id="overlay" />');
    expect(twice.message).toMatch(/second lab keeps its state under "overlay" like the one on line 8: give one of them instance=/);
    const compiled = await compileLesson(lessonFile('<Lab id="overlay" />\n\n<Lab id="overlay" instance="overlay-again" />'));
    expect(compiled.code).toContain('overlay-again');
    expect((await compileError('<Lab id="overlay" instance="Has Spaces" />')).message).toMatch(/<Lab instance> must be a plain lower-case name/);
  });

  it('labUsageProblem accepts a known id and nothing else', () => {
    const attr = (value: unknown) => [{ type: 'mdxJsxAttribute', name: 'id', value }];
    expect(labUsageProblem(attr('overlay'), ['overlay'])).toBeNull();
    expect(labUsageProblem(attr('x'), ['overlay'])).toMatch(/valid ids: overlay/);
    expect(labUsageProblem([], ['overlay'])).toMatch(/needs an id/);
  });
});
