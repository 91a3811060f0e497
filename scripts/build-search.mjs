// After `next build`: the full-text search index (Pagefind) of the lessons,
// written to out/pagefind/ as plain static files: pagefind.js, its wasm, the
// index chunks and one fragment per page. The search dialog
// (components/search) loads /pagefind/pagefind.js on first open.
//
// What is indexed: only the lessons. Each lesson's <article> carries
// data-pagefind-body (app/lessons/[slug]/page.tsx), so Pagefind indexes only
// pages that have one: the home page, /playground/ and the 404 page stay out,
// and so do the header, the course sidebar, the table of contents aside, the
// previous/next links and the footer around each article. Inside the article
// the server-rendered lab is indexed: its name, the flow <select>'s options,
// the device names of the diagram and every hop caption of the default walk.
// The selectors below drop what is UI rather than content.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import * as pagefind from 'pagefind';

/** UI text inside an article that no reader searches for. */
export const EXCLUDE_SELECTORS = [
  // The phone's "On this page" list repeats the headings.
  'article > details',
  // A lab's buttons and shortcuts sheet, the no-JS note, the diagram's view
  // buttons and React Flow's hidden help texts, the step buttons, the caption
  // (it repeats the first hop), the copy-link and playground buttons, the
  // status line, and each hop's number and kind.
  '.pw-lab__head-buttons',
  '.pw-shortcuts',
  '.pw-nojs',
  '.pw-view-buttons',
  '[id^="react-flow__"]',
  '.pw-transport',
  '.pw-caption',
  '.pw-controls button',
  '.pw-controls a',
  '.pw-status',
  '.pw-hops__num',
  '.pw-hops__kind',
  // The diagram's legend is the same in every lab.
  '.pw-legend',
  // A code block's Copy button.
  'button[aria-label^="Copy"]',
  // Anchor links rehype-autolink-headings puts in headings.
  '.heading-anchor',
];

/**
 * A lesson's HTML as the index reads it. Pagefind skips every <label>, and a
 * lab's flow <select> and its option controls sit in labels: those labels
 * become spans, so the flows' and options' names are indexed. (The speed
 * select's label stays one: "0.5×" is nothing to search for.) The page served
 * is not changed.
 *
 * @example indexableHtml('<label class="pw-field-label"><span>Flow</span><select>…</select></label>')
 * // '<span class="pw-field-label"><span>Flow</span><select>…</select></span>'
 */
export function indexableHtml(html) {
  return (
    html
      .replace(/<label( class="(?:pw-field-label|pw-check)"[^>]*)>([\s\S]*?)<\/label>/g, '<span$1>$2</span>')
      // Pagefind joins the text of inline elements as it is: "eth0" and
      // "route lookup…" in two spans of a hop would be the one word
      // "eth0route". A space between the lab's own spans, and between options.
      .replace(/<\/span>(?=<(?:span class="pw-|select))/g, '</span> ')
      .replace(/<\/option>/g, '</option> ')
  );
}

/** Writes out/pagefind/ from the lessons in out/lessons/. */
async function main() {
  const outDir = path.resolve('out');
  const started = Date.now();
  if (!fs.existsSync(path.join(outDir, 'index.html'))) {
    console.error('build-search: out/ has no index.html: run `next build` first.');
    process.exit(1);
  }
  const bundle = path.join(outDir, 'pagefind');
  fs.rmSync(bundle, { recursive: true, force: true });

  const { index, errors } = await pagefind.createIndex({ excludeSelectors: EXCLUDE_SELECTORS, forceLanguage: 'en' });
  if (!index) throw new Error(`build-search: ${errors.join('; ')}`);
  // The lessons, and only they: every other page has no data-pagefind-body.
  const lessonsDir = path.join(outDir, 'lessons');
  let pageCount = 0;
  for (const slug of fs.readdirSync(lessonsDir).sort()) {
    const file = path.join(lessonsDir, slug, 'index.html');
    if (!fs.existsSync(file)) continue;
    const added = await index.addHTMLFile({ url: `/lessons/${slug}/`, content: indexableHtml(fs.readFileSync(file, 'utf8')) });
    if (added.errors.length) throw new Error(`build-search: ${file}: ${added.errors.join('; ')}`);
    pageCount++;
  }
  const written = await index.writeFiles({ outputPath: bundle });
  if (written.errors.length) throw new Error(`build-search: ${written.errors.join('; ')}`);
  await pagefind.close();

  // Pagefind's own prebuilt UIs: the site has its own dialog.
  for (const name of fs.readdirSync(bundle)) if (/^pagefind-(ui|modular-ui|component-ui|highlight)/.test(name)) fs.rmSync(path.join(bundle, name), { recursive: true });

  let bytes = 0;
  let files = 0;
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else {
        bytes += fs.statSync(full).size;
        files++;
      }
    }
  };
  walk(bundle);
  if (pageCount === 0) {
    console.error('build-search: no lesson in out/lessons/');
    process.exit(1);
  }
  console.log(`build-search: out/pagefind/ indexes ${pageCount} lessons, ${files} files, ${(bytes / 1024).toFixed(0)} KB, in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

// Run as a script (`npm run build`); imported by its unit test, it only exports.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
