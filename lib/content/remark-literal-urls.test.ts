import remarkGfm from 'remark-gfm';
import remarkMdx from 'remark-mdx';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { describe, expect, it } from 'vitest';
import type { Root } from 'mdast';
import { remarkLiteralUrlsAsCode } from './remark-literal-urls';

/** The inline nodes of the first paragraph, as "type:value-or-url" strings. */
function inline(markdown: string): string[] {
  const processor = unified().use(remarkParse).use(remarkMdx).use(remarkGfm).use(remarkLiteralUrlsAsCode);
  const tree = processor.runSync(processor.parse(markdown), markdown) as Root;
  const paragraph = tree.children[0] as { children: { type: string; value?: string; url?: string; children?: { value?: string }[] }[] };
  const describeNode = (node: (typeof paragraph.children)[number]): string =>
    node.type === 'link' ? `link:${node.url}` : node.type === 'strong' ? `strong[${(node.children ?? []).map((child) => describeNode(child as never)).join(',')}]` : `${node.type}:${node.value}`;
  return paragraph.children.map(describeNode);
}

describe('remarkLiteralUrlsAsCode', () => {
  it('makes an example address in prose code, not a link', () => {
    expect(inline('Play client fetches http://93.184.216.34 now.')).toEqual(['text:Play client fetches ', 'inlineCode:http://93.184.216.34', 'text: now.']);
  });

  it('does so inside bold flow names and for www. addresses', () => {
    expect(inline('**box fetches http://93.184.216.34** or www.example.org')).toEqual([
      'strong[text:box fetches ,inlineCode:http://93.184.216.34]',
      'text: or ',
      'inlineCode:www.example.org',
    ]);
  });

  it('keeps links written as links, [text](url), even when the text is the address', () => {
    expect(inline('[the docs](https://docs.docker.com/) and [https://docs.docker.com/](https://docs.docker.com/)')).toEqual([
      'link:https://docs.docker.com/',
      'text: and ',
      'link:https://docs.docker.com/',
    ]);
  });
});
