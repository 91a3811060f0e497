import { toString as mdastToString } from 'mdast-util-to-string';
import { visit } from 'unist-util-visit';
import type { InlineCode, Link, Root } from 'mdast';

/**
 * Turns the links GFM's autolinker makes from a bare address in prose
 * ("fetches http://93.184.216.34") back into code. In these lessons a bare
 * address is an example (a server of a lab, a command's target), never a
 * place to send the reader: a real link is written `[text](url)`, which stays
 * a link (MDX has no `<url>` form). Tells the two apart by the source text
 * where the link starts: a literal autolink starts with the address, not `[`.
 *
 * @example
 * unified().use(remarkParse).use(remarkGfm).use(remarkLiteralUrlsAsCode);
 * // "fetch http://93.184.216.34" → [text "fetch ", inlineCode "http://93.184.216.34"]
 */
export function remarkLiteralUrlsAsCode() {
  return (tree: Root, file: { value?: unknown }) => {
    const source = typeof file.value === 'string' ? file.value : String(file.value ?? '');
    visit(tree, 'link', (node: Link, index, parent) => {
      if (!parent || index === undefined || !node.position) return;
      const first = source[node.position.start.offset ?? -1];
      if (first === '[' || first === '<' || first === undefined) return;
      const code: InlineCode = { type: 'inlineCode', value: mdastToString(node), position: node.position };
      parent.children.splice(index, 1, code);
    });
  };
}
