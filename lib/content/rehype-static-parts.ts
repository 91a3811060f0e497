/**
 * The build side of static parts (lib/content/static-parts.ts): a rehype
 * plugin that takes a lesson's plain-HTML subtrees out of its compiled MDX.
 */
import { toHtml } from 'hast-util-to-html';
import { toJsxRuntime } from 'hast-util-to-jsx-runtime';
import type { Element, ElementContent, Root, RootContent } from 'hast';
import type { StaticParts } from './static-parts';

/**
 * Tags that the MDX registry maps to components (components/mdx/registry.tsx):
 * an element with one of these tags is not plain HTML, nor is anything around it.
 */
const COMPONENT_TAGS = new Set(['pre', 'table']);

/**
 * MDX components whose children are rendered whenever the component is, so
 * the children are in the page's HTML and may be static parts. Others (an
 * exercise's `<Explain>`, shown only after an answer) keep their children in
 * the payload: they are not in the HTML, so they are not sent twice.
 */
const ALWAYS_RENDERED_CHILDREN = new Set(['Callout', 'Predict', 'Question', 'Choice']);

/** A subtree smaller than this much HTML costs less in the payload than its key does. */
const MIN_PART_HTML = 80;

type Node = Root | RootContent | ElementContent;
type JsxElement = { type: 'mdxJsxFlowElement' | 'mdxJsxTextElement'; name?: string | null; attributes: unknown[]; children: Node[] };

function isPlain(node: Node): boolean {
  if (node.type === 'text' || node.type === 'comment') return true;
  if (node.type !== 'element' || COMPONENT_TAGS.has(node.tagName)) return false;
  return node.children.every(isPlain);
}

/** The root element's props exactly as MDX would have given them to React. */
function reactProps(element: Element): Record<string, unknown> {
  const bare: Element = { ...element, children: [] };
  const captured = toJsxRuntime(bare, {
    Fragment: 'fragment',
    jsx: (type: unknown, props: Record<string, unknown>) => ({ type, props }),
    jsxs: (type: unknown, props: Record<string, unknown>) => ({ type, props }),
  }) as unknown as { props: Record<string, unknown> };
  const props = { ...captured.props };
  delete props.children;
  return props;
}

/**
 * A rehype plugin (run last) that moves the plain-HTML subtrees of a lesson
 * into `parts` and leaves `<StaticPart>` elements in their place.
 *
 * @param slug the lesson's slug, the first half of every key
 * @param parts filled with the parts by key
 * @example
 * const parts: StaticParts = {};
 * // in bundleMDX's rehypePlugins, after rehype-pretty-code:
 * [rehypeStaticParts('overlay', parts)];
 * // parts['overlay/0'] → { t: 'p', p: {}, h: 'Two hosts, one network…' }
 */
export function rehypeStaticParts(slug: string, parts: StaticParts) {
  let count = 0;
  const extract = (element: Element): JsxElement => {
    const key = `${slug}/${count++}`;
    parts[key] = { t: element.tagName, p: reactProps(element), h: toHtml(element.children) };
    return {
      type: 'mdxJsxFlowElement',
      name: 'StaticPart',
      attributes: [
        { type: 'mdxJsxAttribute', name: 'k', value: key },
        { type: 'mdxJsxAttribute', name: 't', value: element.tagName },
      ],
      children: [],
    };
  };
  const visitChildren = (parent: { children: Node[] }) => {
    parent.children = parent.children.map((child) => {
      if (child.type === 'element') {
        if (isPlain(child) && toHtml(child).length >= MIN_PART_HTML) return extract(child) as unknown as Node;
        visitChildren(child);
        return child;
      }
      const jsx = child as unknown as JsxElement;
      if ((jsx.type === 'mdxJsxFlowElement' || jsx.type === 'mdxJsxTextElement') && jsx.name && ALWAYS_RENDERED_CHILDREN.has(jsx.name)) {
        visitChildren(jsx);
      }
      return child;
    });
  };
  return () => (tree: Root) => {
    count = 0;
    for (const key of Object.keys(parts)) delete parts[key];
    visitChildren(tree as unknown as { children: Node[] });
  };
}
