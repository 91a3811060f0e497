import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadCourse } from './course';
import { playgroundHref } from '@/lib/diagram/playground-url';
import { lintCourse } from './lint';

const tempDirs: string[] = [];
afterEach(() => {
  for (const dir of tempDirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

const front = (title: string) => `---\ntitle: ${title}\nsummary: A summary that is long enough to pass the schema.\n---\n\n`;
const exercise =
  '<Predict lab="default-bridge" flow="lan-to-published" expect="fails">\n  <Question>Q?</Question>\n  <Choice>A</Choice>\n  <Choice correct>B</Choice>\n  <Explain>E</Explain>\n</Predict>\n\n';
const closing = "## Summary\n\nS.\n\n## What's next\n\nN.\n\n## Sources\n\nL.\n";

/** Lints a course of the given lessons (slug → body after the frontmatter). */
function lint(lessons: Record<string, string>) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pw-lint-'));
  tempDirs.push(dir);
  for (const [slug, body] of Object.entries(lessons)) fs.writeFileSync(path.join(dir, `${slug}.mdx`), front(`Lesson ${slug}`) + body);
  const course = loadCourse([{ title: 'All', lessons: Object.keys(lessons) }], dir);
  return lintCourse(course).map((problem) => `${path.basename(problem.file)}:${problem.line}: ${problem.message}`);
}

const complete = (body: string) => `${body}\n\n<Lab id="default-bridge" />\n\n${exercise}${closing}`;

describe('lintCourse', () => {
  it('passes a complete course whose links and anchors resolve', () => {
    expect(
      lint({
        one: complete('## Start here\n\nSee [the bridge](/lessons/two/#the-bridge) and [below](#start-here).'),
        two: complete('## The bridge\n\nBack to [one](/lessons/one/).'),
      }),
    ).toEqual([]);
  });

  it('reports a link to a lesson that is not in the course', () => {
    expect(lint({ one: complete('## A\n\n[gone](/lessons/ghost/)') })).toContainEqual(
      expect.stringMatching(/one\.mdx:\d+: link "\/lessons\/ghost\/" points at lesson "ghost", which is not in the course/),
    );
  });

  it('reports an anchor that matches no heading, on this page or another', () => {
    const problems = lint({ one: complete('## A\n\n[x](#nowhere) [y](/lessons/two/#missing)'), two: complete('## B') });
    expect(problems).toContainEqual(expect.stringMatching(/anchor "#nowhere" does not match a heading in one/));
    expect(problems).toContainEqual(expect.stringMatching(/anchor "#missing" does not match a heading in two/));
  });

  it('checks a link into the playground: its script builds and its flow walks', () => {
    const href = (script: string, to = 'example.com:80') => playgroundHref({ script, flow: { from: 'host1/web', to } });
    expect(lint({ one: complete(`## A\n\n[try it](${href('docker run -d --name web nginx')})`) })).toEqual([]);
    const problems = lint({ one: complete(`## A\n\n[bad line](${href('docker run -d --name web --foo nginx')}) [bad flow](${href('docker run -d --name web nginx', 'ghost:80')}) [garbage](/playground/?script=%25%25) [bare](/playground/)`) });
    expect(problems).toEqual([
      expect.stringMatching(/one\.mdx:8: playground link .*: line 1: unknown flag: --foo$/),
      expect.stringMatching(/one\.mdx:8: playground link .*: flow host1\/web → ghost:80: .*cannot resolve "ghost"/),
      expect.stringMatching(/one\.mdx:8: playground link .*: This link's script could not be read/),
      expect.stringMatching(/one\.mdx:8: playground link .*: give the script, from and to/),
    ]);
  });

  it('reports duplicate heading ids', () => {
    expect(lint({ one: complete('## Same\n\n### Same') })).toContainEqual(expect.stringMatching(/heading "Same" repeats an earlier heading's id/));
  });

  it('reports an unknown lab and an unknown flow', () => {
    const problems = lint({ one: complete('## A\n\n<Lab id="nope" />\n\n<Lab id="overlay" flow="teleport" />') });
    expect(problems).toContainEqual(expect.stringMatching(/<Lab id="nope"> names no lab/));
    expect(problems).toContainEqual(expect.stringMatching(/<Lab id="overlay" flow="teleport">: lab has no such flow/));
  });

  it('reports a lesson without a lab, an exercise or the closing sections', () => {
    const problems = lint({ one: '## Only prose\n\nText.\n' });
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/has no <Lab>/),
        expect.stringMatching(/has no <Predict> exercise/),
        expect.stringMatching(/must end with the sections Summary, What’s next, Sources/),
      ]),
    );
  });

  // front() is 5 lines, so a body's first line is line 6 of the file.
  it('names the file and line of an unclosed {', () => {
    expect(lint({ one: '## A\n\nText with {an open brace\n' })).toEqual([
      'one.mdx:8: MDX syntax error: Unexpected end of file in expression, expected a corresponding closing brace for `{`',
    ]);
  });

  it('names the file and line of an unclosed <Callout>', () => {
    expect(lint({ one: '## A\n\n<Callout kind="note">\n\nNever closed.\n' })).toEqual([
      'one.mdx:8: MDX syntax error: Expected a closing tag for `<Callout>` (8:1-8:22)',
    ]);
  });

  it('names the file and line of a closing tag that does not match the open one', () => {
    expect(lint({ one: '## A\n\n<Callout kind="note">\n\nText.\n\n</Predict>\n' })).toEqual([
      'one.mdx:12: MDX syntax error: Unexpected closing tag `</Predict>`, expected corresponding closing tag for `<Callout>` (8:1-8:22)',
    ]);
  });

  it('still lints the other lessons when one does not parse, without blaming links into it', () => {
    const problems = lint({ one: complete('## A\n\n[to two](/lessons/two/#b) [ghost](/lessons/ghost/)'), two: '## B\n\n{open\n' });
    expect(problems).toContainEqual(expect.stringMatching(/^two\.mdx:9: MDX syntax error: Unexpected end of file in expression/));
    expect(problems).toContainEqual(expect.stringMatching(/^one\.mdx:\d+: link "\/lessons\/ghost\/"/));
    expect(problems.filter((problem) => problem.includes('/lessons/two/'))).toEqual([]);
  });
});
