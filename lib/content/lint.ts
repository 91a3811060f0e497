import fs from 'node:fs';
import GithubSlugger, { slug as plainSlug } from 'github-slugger';
import { toString as mdastToString } from 'mdast-util-to-string';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import remarkMdx from 'remark-mdx';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { visit } from 'unist-util-visit';
import type { Root } from 'mdast';
import { buildPlayground, getLab, walkPlayground } from '@/lib/labs';
import { readPlaygroundLink } from '@/lib/diagram/playground-url';
import type { Course, LessonMeta } from './types';

/** One problem found by the content lint, with where it is. */
export interface LintProblem {
  file: string;
  line: number;
  message: string;
}

/** What the lint reads from one lesson. */
interface LessonFacts {
  lesson: LessonMeta;
  headingIds: Set<string>;
  duplicateHeadings: { text: string; line: number }[];
  h2Texts: string[];
  links: { url: string; line: number }[];
  components: { name: string; attributes: Record<string, string | true>; line: number }[];
}

const parser = unified().use(remarkParse).use(remarkFrontmatter).use(remarkMdx).use(remarkGfm);

/** An MDX file the parser refused: where, and the parser's reason. */
interface SyntaxProblem {
  lesson: LessonMeta;
  line: number;
  message: string;
}

/**
 * The line an MDX parse error points at. The parser gives most errors a line;
 * an unclosed element has none, only the element's place in its reason
 * ("Expected a closing tag for `<Callout>` (3:1-3:10)").
 */
function syntaxErrorLine(error: { line?: number | null; reason?: string; message: string }): number {
  if (typeof error.line === 'number' && error.line > 0) return error.line;
  const place = /\((\d+):\d+(?:-\d+:\d+)?\)/.exec(error.reason ?? error.message);
  return place ? Number(place[1]) : 1;
}

function readFacts(lesson: LessonMeta): LessonFacts | SyntaxProblem {
  let tree: Root;
  try {
    tree = parser.parse(fs.readFileSync(lesson.file, 'utf8')) as Root;
  } catch (error) {
    const parseError = error as { line?: number | null; reason?: string; message: string };
    return { lesson, line: syntaxErrorLine(parseError), message: `MDX syntax error: ${parseError.reason ?? parseError.message}` };
  }
  // The same slugger rehype-slug uses, so ids here are the ids on the page.
  const slugger = new GithubSlugger();
  const seen = new Map<string, number>();
  const facts: LessonFacts = { lesson, headingIds: new Set(), duplicateHeadings: [], h2Texts: [], links: [], components: [] };
  visit(tree, (node) => {
    const line = node.position?.start.line ?? 0;
    if (node.type === 'heading') {
      const text = mdastToString(node).trim();
      const plain = plainSlug(text);
      if (seen.has(plain)) facts.duplicateHeadings.push({ text, line });
      seen.set(plain, line);
      facts.headingIds.add(slugger.slug(text));
      if (node.depth === 2) facts.h2Texts.push(text);
    } else if (node.type === 'link') {
      facts.links.push({ url: node.url, line });
    } else if ((node.type as string) === 'mdxJsxFlowElement' || (node.type as string) === 'mdxJsxTextElement') {
      const element = node as unknown as { name: string | null; attributes: { type: string; name?: string; value?: unknown }[] };
      if (!element.name) return;
      const attributes: Record<string, string | true> = {};
      for (const attribute of element.attributes) {
        if (attribute.type === 'mdxJsxAttribute' && attribute.name) {
          attributes[attribute.name] = typeof attribute.value === 'string' ? attribute.value : true;
        }
        if (attribute.name === 'href' && typeof attribute.value === 'string') facts.links.push({ url: attribute.value, line });
      }
      facts.components.push({ name: element.name, attributes, line });
    }
  });
  return facts;
}

/** The sections every complete lesson ends with, in this order. */
export const CLOSING_SECTIONS = ['Summary', 'What’s next', 'Sources'];

const normalise = (text: string) => text.replace(/'/g, '’');

/**
 * Lints the whole course: internal links and `#anchors` resolve, every lab and
 * flow a lesson names exists, heading ids are unique on each page, and every
 * lesson has a lab, an exercise and the closing sections.
 *
 * @example
 * const problems = lintCourse(getCourse());
 * problems.length; // 0 for a healthy course
 */
export function lintCourse(course: Course): LintProblem[] {
  return lint(course, 'all');
}

/**
 * The problems that make a built site wrong for a reader: an internal link or
 * `#anchor` that leads nowhere, or a lesson that does not parse. `next build`
 * fails on these (lib/content/lessons.server.ts); the rest of the content
 * lint (completeness, lab and flow names) stays with `npm run lint:content`
 * and the compiler's own checks.
 *
 * @example
 * brokenLinks(getCourse()); // [] for a course whose links all resolve
 */
export function brokenLinks(course: Course): LintProblem[] {
  return lint(course, 'links');
}

function lint(course: Course, scope: 'all' | 'links'): LintProblem[] {
  const problems: LintProblem[] = [];
  const facts: LessonFacts[] = [];
  // A lesson that does not parse has no headings to check links against: links into it are not reported.
  const unparsable = new Set<string>();
  for (const result of course.lessons.map(readFacts)) {
    if ('headingIds' in result) facts.push(result);
    else {
      unparsable.add(result.lesson.slug);
      problems.push({ file: result.lesson.file, line: result.line, message: result.message });
    }
  }
  const bySlug = new Map(facts.map((fact) => [fact.lesson.slug, fact]));

  for (const fact of facts) {
    const file = fact.lesson.file;
    const report = (line: number, message: string) => problems.push({ file, line, message });

    for (const duplicate of scope === 'all' ? fact.duplicateHeadings : []) {
      report(duplicate.line, `heading "${duplicate.text}" repeats an earlier heading's id; make heading texts unique`);
    }

    for (const { url, line } of fact.links) {
      if (/^(https?:|mailto:)/.test(url)) continue;
      const [pathPart = '', anchor] = url.split('#');
      let target: LessonFacts | undefined = fact;
      if (pathPart.startsWith('/playground/')) {
        const problem = playgroundLinkProblem(pathPart);
        if (problem) report(line, `playground link "${url.slice(0, 60)}…": ${problem}`);
        continue;
      }
      if (pathPart) {
        const match = /^\/lessons\/([a-z0-9-]+)\/?$/.exec(pathPart);
        if (pathPart === '/') target = undefined;
        else if (!match) {
          report(line, `internal link "${url}" is not a lesson route (/lessons/<slug>/) or /`);
          continue;
        } else {
          if (unparsable.has(match[1]!)) continue;
          target = bySlug.get(match[1]!);
          if (!target) {
            report(line, `link "${url}" points at lesson "${match[1]}", which is not in the course`);
            continue;
          }
          if (!pathPart.endsWith('/')) report(line, `link "${url}" should end with a slash (/lessons/${match[1]}/)`);
        }
      }
      if (anchor !== undefined && target && !target.headingIds.has(anchor)) {
        report(line, `anchor "#${anchor}" does not match a heading in ${target.lesson.slug} (ids: ${[...target.headingIds].slice(0, 12).join(', ')}…)`);
      }
    }

    if (scope === 'links') continue;

    for (const component of fact.components) {
      if (component.name === 'Lab') {
        const id = component.attributes.id;
        const lab = typeof id === 'string' ? getLab(id) : undefined;
        if (!lab) {
          report(component.line, `<Lab id="${String(id)}"> names no lab`);
          continue;
        }
        const flow = component.attributes.flow;
        if (typeof flow === 'string' && !lab.flows.some((candidate) => candidate.id === flow)) {
          report(component.line, `<Lab id="${lab.id}" flow="${flow}">: lab has no such flow (flows: ${lab.flows.map((f) => f.id).join(', ')})`);
        }
      }
      if (component.name === 'Predict' || component.name === 'HopCounts') {
        const labId = component.attributes.lab;
        const lab = typeof labId === 'string' ? getLab(labId) : undefined;
        if (!lab) report(component.line, `<${component.name} lab="${String(labId)}"> names no lab`);
        const flow = component.attributes.flow;
        if (lab && component.name === 'Predict' && !lab.flows.some((candidate) => candidate.id === flow)) {
          report(component.line, `<Predict flow="${String(flow)}">: lab "${lab.id}" has no such flow`);
        }
      }
    }

    if (!fact.components.some((component) => component.name === 'Lab')) report(1, 'the lesson has no <Lab>: every lesson needs one');
    if (!fact.components.some((component) => component.name === 'Predict')) report(1, 'the lesson has no <Predict> exercise');
    const closing = fact.h2Texts.slice(-CLOSING_SECTIONS.length).map(normalise);
    if (closing.join('|') !== CLOSING_SECTIONS.join('|')) {
      report(1, `the lesson must end with the sections ${CLOSING_SECTIONS.join(', ')} (it ends with ${closing.join(', ')})`);
    }
  }
  return problems;
}

/**
 * Why a lesson's link into the playground would not show what its prose promises: a script that
 * does not decode, a line that fails, or a flow that cannot be walked. `undefined` when it works.
 * @example playgroundLinkProblem('/playground/?script=%%%') // "This link's script could not be read …"
 */
export function playgroundLinkProblem(href: string): string | undefined {
  const query = href.slice(href.indexOf('?') + 1);
  if (!href.startsWith('/playground/?') || !new URLSearchParams(query).has('script')) return 'give the script, from and to (copy the link from the playground)';
  const link = readPlaygroundLink(new URLSearchParams(query), { script: '', flow: { from: '', to: '' } });
  if (link.message) return link.message;
  const build = buildPlayground(link.script);
  if (build.errors[0]) return `line ${build.errors[0].line}: ${build.errors[0].message}`;
  const walk = walkPlayground(build, link.flow.from, link.flow.to);
  return walk.error ? `flow ${link.flow.from} → ${link.flow.to}: ${walk.error}` : undefined;
}
