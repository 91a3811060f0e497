import fs from 'node:fs';
import path from 'node:path';
import { bundleMDX } from 'mdx-bundler';
import rehypeAutolinkHeadings from 'rehype-autolink-headings';
import rehypePrettyCode, { type Options as PrettyCodeOptions } from 'rehype-pretty-code';
import rehypeSlug from 'rehype-slug';
import remarkGfm from 'remark-gfm';
import { toString as hastToString } from 'hast-util-to-string';
import { visit } from 'unist-util-visit';
import type { Root as HastRoot, Element } from 'hast';
import type { Root as MdastRoot } from 'mdast';
import { ContentError } from './errors';
import { AttributeError, componentChecks, type AttributeValue, type ElementUse } from './component-checks';
import { labs } from '@/lib/labs';
import { MDX_COMPONENT_NAMES } from './mdx-components';
import { readLessonFrontmatter } from './course';
import { remarkLiteralUrlsAsCode } from './remark-literal-urls';
import type { LessonFrontmatter } from './types';
import { rehypeStaticParts } from './rehype-static-parts';
import type { StaticParts } from './static-parts';

/** A heading of a lesson, for the "On this page" table of contents. */
export interface TocHeading {
  depth: 2 | 3;
  id: string;
  text: string;
}

/** A lesson compiled to a function body that mdx-bundler's client evaluates. */
export interface CompiledLesson {
  code: string;
  frontmatter: LessonFrontmatter;
  headings: TocHeading[];
  /** The lesson's plain-HTML subtrees, sent once in the HTML and not again in the page's data (lib/content/static-parts). */
  parts: StaticParts;
}

const prettyCodeOptions: PrettyCodeOptions = {
  // Two themes, switched by CSS on the `dark` class (see app/globals.css).
  theme: { light: 'github-light', dark: 'github-dark-dimmed' },
  keepBackground: false,
  defaultLang: { block: 'plaintext' },
};

const allowedComponents = new Set<string>(MDX_COMPONENT_NAMES);

/** An attribute of an MDX JSX element, as mdast-util-mdx-jsx shapes it. */
interface JsxAttribute {
  type: string;
  name?: string;
  value?: unknown;
}

/**
 * Why a `<Lab>` element is wrong, or null when it names a lab that exists.
 * Only a plain string id can be checked at build time, so only that is allowed.
 *
 * @example
 * labUsageProblem([{ type: 'mdxJsxAttribute', name: 'id', value: 'overlay' }], ['overlay']); // null
 * labUsageProblem([], ['overlay']); // '<Lab> needs an id, e.g. <Lab id="overlay" /> (valid ids: overlay)'
 */
export function labUsageProblem(attributes: readonly JsxAttribute[], labIds: readonly string[]): string | null {
  const valid = `valid ids: ${labIds.join(', ')}`;
  const id = attributes.find((attribute) => attribute.type === 'mdxJsxAttribute' && attribute.name === 'id');
  if (!id) return `<Lab> needs an id, e.g. <Lab id="${labIds[0] ?? 'foundations'}" /> (${valid})`;
  if (typeof id.value !== 'string') return `<Lab id> must be a plain string such as id="${labIds[0] ?? 'foundations'}" (${valid})`;
  if (!labIds.includes(id.value)) return `<Lab id="${id.value}"> is not a lab (${valid})`;
  const instance = attributes.find((attribute) => attribute.type === 'mdxJsxAttribute' && attribute.name === 'instance');
  if (instance && (typeof instance.value !== 'string' || !/^[a-z0-9][a-z0-9-]*$/.test(instance.value))) {
    return `<Lab instance> must be a plain lower-case name such as instance="second" (it names the lab's state in the URL)`;
  }
  return null;
}

/**
 * The key a `<Lab>` keeps its URL state under: its `instance`, or its id.
 * Two labs on one page must not share one, or they would share their state.
 * @example labStateKey([{ type: 'mdxJsxAttribute', name: 'id', value: 'overlay' }]) // 'overlay'
 */
export function labStateKey(attributes: readonly JsxAttribute[]): string {
  const value = (name: string) => attributes.find((attribute) => attribute.type === 'mdxJsxAttribute' && attribute.name === name)?.value;
  return String(value('instance') ?? value('id'));
}

type JsxNode = {
  type: string;
  name?: string | null;
  attributes?: { type: string; name?: string; value?: unknown }[];
  children?: JsxNode[];
};

const isJsx = (node: JsxNode) => node.type === 'mdxJsxFlowElement' || node.type === 'mdxJsxTextElement';

/** A JSX element of the MDX tree as the component checks read it: its attributes and its JSX children. */
function elementUse(node: JsxNode): ElementUse {
  const attributes: Record<string, AttributeValue> = {};
  for (const attribute of node.attributes ?? []) {
    if (attribute.type !== 'mdxJsxAttribute' || !attribute.name) continue;
    const value = attribute.value;
    attributes[attribute.name] =
      value === null || value === undefined ? true : typeof value === 'string' ? value : { expression: String((value as { value?: string }).value ?? '') };
  }
  const children: ElementUse[] = [];
  const collect = (nodes: JsxNode[] | undefined) => {
    for (const child of nodes ?? []) {
      if (isJsx(child) && child.name) children.push(elementUse(child));
      else if (child.type === 'paragraph') collect(child.children);
    }
  };
  collect(node.children);
  return { name: node.name ?? '', attributes, children };
}

/**
 * Lessons import nothing and use only registered components: a remark plugin
 * that fails the build, naming the file and the line, when one does otherwise.
 */
function remarkCheckMdxUsage(file: string, found: { error?: ContentError }) {
  const fail = (error: ContentError) => {
    // esbuild flattens plugin errors into text; keep the original to rethrow.
    found.error = error;
    throw error;
  };
  return () => (tree: MdastRoot) => {
    const labKeys = new Map<string, number>();
    visit(tree, (node) => {
      // Nodes without a position were generated (the frontmatter export), not written.
      if (!node.position) return;
      const line = node.position.start.line;
      // MDX node types come from mdast-util-mdx, which the mdast typings here do not include.
      const type: string = node.type;
      if (type === 'mdxjsEsm') {
        fail(new ContentError(file, `line ${line}`, 'MDX lessons import and export nothing; use a component from the registry (components/mdx/registry.tsx)'));
      }
      if (type === 'mdxJsxFlowElement' || type === 'mdxJsxTextElement') {
        const name = (node as { name?: string | null }).name;
        if (name && /^[A-Z]/.test(name) && !allowedComponents.has(name)) {
          fail(
            new ContentError(file, `line ${line}`, `<${name}> is not a registered component (known: ${[...allowedComponents].join(', ')})`),
          );
        }
        if (name === 'Lab') {
          const problem = labUsageProblem((node as { attributes?: JsxAttribute[] }).attributes ?? [], labs.map((lab) => lab.id));
          if (problem) fail(new ContentError(file, `line ${line}`, problem));
          const key = labStateKey((node as { attributes?: JsxAttribute[] }).attributes ?? []);
          const earlier = labKeys.get(key);
          if (earlier !== undefined) {
            fail(new ContentError(file, `line ${line}`, `a second lab keeps its state under "${key}" like the one on line ${earlier}: give one of them instance="…"`));
          }
          labKeys.set(key, line);
        }
        const check = name ? componentChecks[name] : undefined;
        if (check) {
          try {
            check(elementUse(node as JsxNode));
          } catch (error) {
            const attribute = error instanceof AttributeError ? error.attribute : 'attributes';
            fail(new ContentError(file, `line ${line}, <${name}> ${attribute}`, (error as Error).message));
          }
        }
      }
    });
  };
}

/** Collects h2/h3 ids and texts after rehype-slug has given them ids. */
function rehypeCollectHeadings(headings: TocHeading[]) {
  return () => (tree: HastRoot) => {
    visit(tree, 'element', (node: Element) => {
      if ((node.tagName === 'h2' || node.tagName === 'h3') && typeof node.properties.id === 'string') {
        headings.push({ depth: node.tagName === 'h2' ? 2 : 3, id: node.properties.id, text: hastToString(node).trim() });
      }
    });
  };
}

/**
 * Compiles one lesson file with mdx-bundler: frontmatter validated, code
 * highlighted by Shiki (through rehype-pretty-code), headings given ids and
 * anchor links, and the table of contents collected.
 *
 * @throws ContentError naming the file and the field or line at fault
 * @example
 * const lesson = await compileLesson('content/lessons/foundations.mdx');
 * lesson.headings[0]; // { depth: 2, id: 'a-namespace', text: 'A namespace' }
 */
export async function compileLesson(file: string): Promise<CompiledLesson> {
  const displayName = path.relative(process.cwd(), file) || file;
  const frontmatter = readLessonFrontmatter(file);
  const source = fs.readFileSync(file, 'utf8');
  const headings: TocHeading[] = [];
  const parts: StaticParts = {};
  const usage: { error?: ContentError } = {};
  try {
    const result = await bundleMDX({
      source,
      cwd: path.dirname(file),
      // Errors are rethrown below with the file and line; esbuild need not print them too.
      esbuildOptions(options) {
        options.logLevel = 'silent';
        return options;
      },
      mdxOptions(options) {
        options.remarkPlugins = [...(options.remarkPlugins ?? []), remarkGfm, remarkLiteralUrlsAsCode, remarkCheckMdxUsage(displayName, usage)];
        options.rehypePlugins = [
          ...(options.rehypePlugins ?? []),
          rehypeSlug,
          rehypeCollectHeadings(headings),
          [
            rehypeAutolinkHeadings,
            {
              behavior: 'append',
              properties: (heading: Element) => ({
                className: ['heading-anchor'],
                ariaLabel: `Link to the section “${hastToString(heading).trim()}”`,
              }),
              content: { type: 'text', value: '#' },
            },
          ],
          [rehypePrettyCode, prettyCodeOptions],
          // Last: it takes finished HTML out of the tree.
          rehypeStaticParts(path.basename(file, '.mdx'), parts),
        ];
        return options;
      },
    });
    return { code: result.code, frontmatter, headings, parts };
  } catch (error) {
    if (usage.error) throw usage.error;
    if (error instanceof ContentError) throw error;
    const cause = (error as { errors?: { text: string; location?: { line: number } }[] }).errors?.[0];
    if (cause?.text) {
      // esbuild reports MDX syntax errors as build errors; unwrap the first.
      throw new ContentError(displayName, cause.location ? `line ${cause.location.line}` : null, cause.text);
    }
    throw new ContentError(displayName, null, (error as Error).message);
  }
}
