import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { course as realCourse } from '@/content/course';
import { compileLesson } from './compile';
import { loadCourse, neighbours } from './course';
import { ContentError } from './errors';

const fixtures = path.join(__dirname, '../../tests/fixtures/content');
const validDir = path.join(fixtures, 'valid');
const twoSections = [
  { title: 'Part one', lessons: ['first'] },
  { title: 'Part two', lessons: ['second'] },
];

const tempDirs: string[] = [];
afterEach(() => {
  for (const dir of tempDirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** A throwaway lessons folder holding the given files. */
function lessonsDir(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pw-content-'));
  tempDirs.push(dir);
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return dir;
}

const lesson = (frontmatter: string, body = '## Heading\n\nText.\n') => `---\n${frontmatter}\n---\n\n${body}`;
const goodFrontmatter = 'title: A good title\nsummary: A summary that is long enough to pass.';

function errorOf(run: () => unknown): ContentError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ContentError);
    return error as ContentError;
  }
  throw new Error('expected a ContentError, but nothing was thrown');
}

describe('loadCourse', () => {
  it('loads valid content in course order with sections, numbering and neighbours', () => {
    const course = loadCourse(twoSections, validDir);
    expect(course.lessons.map((l) => [l.slug, l.section, l.index])).toEqual([
      ['first', 'Part one', 0],
      ['second', 'Part two', 1],
    ]);
    expect(course.lessons[1]!.navTitle).toBe('Second');
    expect(course.lessons[0]!.navTitle).toBe('First lesson of the fixture');
    expect(neighbours(course, 'first').next?.slug).toBe('second');
    expect(neighbours(course, 'first').previous).toBeUndefined();
    expect(neighbours(course, 'second').previous?.slug).toBe('first');
  });

  it('loads the real course: every entry has a file and every file an entry', () => {
    const course = loadCourse(realCourse, path.join(__dirname, '../../content/lessons'));
    expect(course.lessons.length).toBeGreaterThan(0);
    expect(course.lessons[0]!.slug).toBe('foundations');
  });

  it('names the file and the field when a required field is missing', () => {
    const dir = lessonsDir({ 'a.mdx': lesson('summary: A summary that is long enough to pass.') });
    const error = errorOf(() => loadCourse([{ title: 'S', lessons: ['a'] }], dir));
    expect(error.field).toBe('title');
    expect(error.message).toMatch(/a\.mdx — field "title": is required/);
  });

  it('names the field when a value has the wrong type', () => {
    const dir = lessonsDir({ 'a.mdx': lesson('title: 42\nsummary: A summary that is long enough to pass.') });
    const error = errorOf(() => loadCourse([{ title: 'S', lessons: ['a'] }], dir));
    expect(error.field).toBe('title');
    expect(error.message).toMatch(/expected string/);
  });

  it('names the field when a summary is too short', () => {
    const dir = lessonsDir({ 'a.mdx': lesson('title: A good title\nsummary: Too short') });
    const error = errorOf(() => loadCourse([{ title: 'S', lessons: ['a'] }], dir));
    expect(error.message).toMatch(/a\.mdx — field "summary": must be at least 20 characters/);
  });

  it('rejects an unknown (misspelt) field by name', () => {
    const dir = lessonsDir({ 'a.mdx': lesson(`${goodFrontmatter}\nsumary: typo`) });
    const error = errorOf(() => loadCourse([{ title: 'S', lessons: ['a'] }], dir));
    expect(error.field).toBe('sumary');
    expect(error.message).toMatch(/not a known frontmatter field/);
  });

  it('points at the misspelt name when a required field is misspelt', () => {
    const dir = lessonsDir({ 'a.mdx': lesson('title: A good title\nsumary: A summary that is long enough to pass.') });
    const error = errorOf(() => loadCourse([{ title: 'S', lessons: ['a'] }], dir));
    expect(error.message).toMatch(/a\.mdx — field "sumary": is not a known frontmatter field/);
  });

  it('reports frontmatter that is not YAML', () => {
    const dir = lessonsDir({ 'a.mdx': lesson('title: [unclosed\nsummary: x') });
    const error = errorOf(() => loadCourse([{ title: 'S', lessons: ['a'] }], dir));
    expect(error.message).toMatch(/a\.mdx.*not valid YAML/);
  });

  it('fails when a course entry has no file', () => {
    const dir = lessonsDir({ 'a.mdx': lesson(goodFrontmatter) });
    const error = errorOf(() => loadCourse([{ title: 'S', lessons: ['a', 'ghost'] }], dir));
    expect(error.file).toBe('content/course.ts');
    expect(error.field).toBe('ghost');
    expect(error.message).toMatch(/ghost\.mdx does not exist/);
  });

  it('fails when a lesson file is missing from the course', () => {
    const dir = lessonsDir({ 'a.mdx': lesson(goodFrontmatter), 'stray.mdx': lesson(goodFrontmatter) });
    const error = errorOf(() => loadCourse([{ title: 'S', lessons: ['a'] }], dir));
    expect(error.file).toMatch(/stray\.mdx$/);
    expect(error.message).toMatch(/not listed in content\/course\.ts/);
  });

  it('fails when the course lists a lesson twice', () => {
    const dir = lessonsDir({ 'a.mdx': lesson(goodFrontmatter) });
    const error = errorOf(() => loadCourse([{ title: 'S', lessons: ['a'] }, { title: 'T', lessons: ['a'] }], dir));
    expect(error.message).toMatch(/"a": is listed twice/);
  });
});

describe('compileLesson', () => {
  it('compiles MDX with registered components, heading ids and highlighted code', async () => {
    const compiled = await compileLesson(path.join(validDir, 'first.mdx'));
    expect(compiled.frontmatter.title).toBe('First lesson of the fixture');
    expect(compiled.headings).toEqual([
      { depth: 2, id: 'a-namespace', text: 'A namespace' },
      { depth: 3, id: 'a-veth-pair', text: 'A veth pair' },
    ]);
    // Plain HTML (the highlighted code, the headings with their anchors) is in the static parts.
    const everything = compiled.code + JSON.stringify(compiled.parts);
    expect(everything).toContain('data-language');
    expect(everything).toContain('--shiki-dark');
    expect(everything).toContain('Link to the section');
  });

  it('takes plain HTML out of the compiled lesson into static parts, and leaves components and hidden explanations in it', async () => {
    const body = [
      '## A heading long enough to be a part of its own',
      '',
      'A paragraph with `code` and [a link](https://docs.docker.com/) that is long enough to be worth a part.',
      '',
      '```console',
      '$ ip -brief link show dev eth0',
      '```',
      '',
      '<Callout kind="note">',
      '',
      'Inside a callout: still plain HTML, still long enough to leave the compiled lesson.',
      '',
      '</Callout>',
      '',
    ].join('\n');
    const dir = lessonsDir({ 'a.mdx': lesson(goodFrontmatter, body) });
    const { code, parts } = await compileLesson(path.join(dir, 'a.mdx'));
    const tags = Object.values(parts).map((part) => part.t);
    expect(tags).toEqual(['h2', 'p', 'code', 'p']);
    expect(Object.keys(parts)).toEqual(['a/0', 'a/1', 'a/2', 'a/3']);
    expect(parts['a/0']).toMatchObject({ t: 'h2', p: { id: 'a-heading-long-enough-to-be-a-part-of-its-own' } });
    expect(parts['a/0']!.h).toContain('class="heading-anchor"');
    expect(parts['a/1']!.h).toBe('A paragraph with <code>code</code> and <a href="https://docs.docker.com/">a link</a> that is long enough to be worth a part.');
    expect(parts['a/2']).toMatchObject({ t: 'code', p: { 'data-language': 'console', style: { display: 'grid' } } });
    expect(parts['a/2']!.h).toContain('--shiki-light');
    // The lesson keeps the components and only keys for the parts.
    expect(code).toContain('StaticPart');
    expect(code).toContain('"a/2"');
    expect(code).not.toContain('A paragraph with');
    expect(code).not.toContain('--shiki');
  });

  it('renders a bare example address as code, and a written link as a link', async () => {
    const dir = lessonsDir({ 'a.mdx': lesson(goodFrontmatter, '## A\n\nThe client fetches http://93.184.216.34 first; see [the docs](https://docs.docker.com/).\n') });
    const { parts } = await compileLesson(path.join(dir, 'a.mdx'));
    // The paragraph is plain HTML: a static part.
    const html = Object.values(parts).map((part) => part.h).join('\n');
    expect(html).not.toContain('href="http://93.184.216.34"');
    expect(html).toContain('<code>http://93.184.216.34</code>');
    expect(html).toContain('href="https://docs.docker.com/"');
  });

  it('fails naming the file and line when a lesson imports something', async () => {
    const dir = lessonsDir({ 'a.mdx': lesson(goodFrontmatter, "import X from './x'\n\n## Heading\n") });
    await expect(compileLesson(path.join(dir, 'a.mdx'))).rejects.toThrow(/a\.mdx — field "line 6": MDX lessons import and export nothing/);
  });

  it('fails naming the file and the field when an <EngineCount> names a flow the lab does not have', async () => {
    const dir = lessonsDir({ 'a.mdx': lesson(goodFrontmatter, '## Heading\n\nThe walk has <EngineCount lab="host" flow="nope" of="steps" /> steps.\n') });
    await expect(compileLesson(path.join(dir, 'a.mdx'))).rejects.toThrow(/a\.mdx — field "line 8, <EngineCount> flow": <EngineCount>: lab "host" has no flow "nope"/);
  });

  it('fails naming an unregistered component', async () => {
    const dir = lessonsDir({ 'a.mdx': lesson(goodFrontmatter, '## Heading\n\n<Diagramm />\n') });
    await expect(compileLesson(path.join(dir, 'a.mdx'))).rejects.toThrow(/<Diagramm> is not a registered component/);
  });
});
