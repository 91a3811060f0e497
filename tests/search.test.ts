import { describe, expect, it } from 'vitest';
import { excerptPieces, groupOf, HEADINGS_PER_LESSON, titlePieces, type PagefindResultData } from '@/components/search/pagefind';
// @ts-expect-error: a plain .mjs build script without types.
import { EXCLUDE_SELECTORS, indexableHtml } from '../scripts/build-search.mjs';

// The search dialog (components/search) and the index it reads (scripts/build-search.mjs).

const sub = (title: string, hits: number, id?: string) => ({
  title,
  url: id ? `/lessons/overlay/#${id}` : '/lessons/overlay/',
  excerpt: `about <mark>${title}</mark>`,
  locations: Array.from({ length: hits }, (_, i) => i),
  ...(id ? { anchor: { element: 'h2', id, text: title } } : {}),
});

describe('groupOf', () => {
  it('lists a lesson’s headings with the most matches first, at most a few', () => {
    const data: PagefindResultData = {
      url: '/lessons/overlay/',
      excerpt: 'x',
      meta: { title: 'Overlay networks' },
      sub_results: [sub('Overlay networks', 1), sub('The lab', 2, 'the-lab'), sub('Where the 50 bytes go', 5, 'where'), sub('A', 2, 'a'), sub('B', 1, 'b'), sub('C', 1, 'c')],
    };
    const group = groupOf(data);
    expect(group.title).toBe('Overlay networks');
    expect(group.entries.map((entry) => entry.url)).toEqual(['/lessons/overlay/#where', '/lessons/overlay/#the-lab', '/lessons/overlay/#a', '/lessons/overlay/']);
    expect(group.entries).toHaveLength(HEADINGS_PER_LESSON);
    expect(group.entries.at(-1)).toMatchObject({ top: true, title: 'Overlay networks' });
  });
  it('ranks by Pagefind’s scores when it gives them: one rare word beats many common ones', () => {
    const common = { ...sub('Many', 6, 'many'), weighted_locations: Array.from({ length: 6 }, () => ({ balanced_score: 1 })) };
    const rare = { ...sub('Rare', 1, 'rare'), weighted_locations: [{ balanced_score: 40 }] };
    const group = groupOf({ url: '/lessons/overlay/', excerpt: '', meta: { title: 'Overlay' }, sub_results: [common, rare] });
    expect(group.entries.map((entry) => entry.title)).toEqual(['Rare', 'Many']);
  });
  it('falls back to the lesson itself when Pagefind gives no sub-result', () => {
    const group = groupOf({ url: '/lessons/host/', excerpt: 'the <mark>host</mark>', meta: { title: 'Host' }, sub_results: [] });
    expect(group.entries).toEqual([{ url: '/lessons/host/', title: 'Host', excerpt: 'the <mark>host</mark>', top: true }]);
  });
});

describe('excerptPieces', () => {
  it('keeps the marks and shows escaped brackets as text, never as HTML', () => {
    expect(excerptPieces('eth0: &lt;BROADCAST&gt; <mark>VNI</mark> 4097 <mark>VNI</mark>')).toEqual([
      { text: 'eth0: <BROADCAST> ', mark: false },
      { text: 'VNI', mark: true },
      { text: ' 4097 ', mark: false },
      { text: 'VNI', mark: true },
    ]);
    expect(excerptPieces('&lt;img src=x onerror=alert(1)&gt;')).toEqual([{ text: '<img src=x onerror=alert(1)>', mark: false }]);
  });
});

describe('titlePieces', () => {
  it('marks the query’s words where a word of the title starts with them', () => {
    expect(titlePieces('Container to the internet: routed, then masqueraded', 'MASQUERADE')).toEqual([
      { text: 'Container to the internet: routed, then ', mark: false },
      { text: 'masquerade', mark: true },
      { text: 'd', mark: false },
    ]);
    expect(titlePieces('How docker-proxy answers', 'docker-proxy')).toEqual([
      { text: 'How ', mark: false },
      { text: 'docker-proxy', mark: true },
      { text: ' answers', mark: false },
    ]);
    expect(titlePieces('Subnet', 'net')).toEqual([{ text: 'Subnet', mark: false }]);
    // Not the little words of a query.
    expect(titlePieces('The lab and its addresses', 'the lab')).toEqual([
      { text: 'The ', mark: false },
      { text: 'lab', mark: true },
      { text: ' and its addresses', mark: false },
    ]);
  });
  it('takes any query without throwing', () => {
    for (const query of ['(', '[a-', '\\', '*+?', '/', '   ', 'c1 → c2']) expect(() => titlePieces('c1 → c2: a frame', query)).not.toThrow();
  });
});

describe('indexableHtml', () => {
  it('turns a lab’s control labels into spans, so Pagefind indexes the flows’ names', () => {
    const html =
      '<label class="pw-field-label"><span>Flow</span><select class="pw-select" data-control="flow"><option value="a">client → web</option><option value="b">c1 fetches http://93.184.216.34</option></select></label>' +
      '<label class="pw-field-label pw-field-label--inline"><span>Speed</span><select><option>1×</option></select></label>';
    expect(indexableHtml(html)).toBe(
      '<span class="pw-field-label"><span>Flow</span> <select class="pw-select" data-control="flow"><option value="a">client → web</option> <option value="b">c1 fetches http://93.184.216.34</option> </select></span>' +
        '<label class="pw-field-label pw-field-label--inline"><span>Speed</span> <select><option>1×</option> </select></label>',
    );
  });
  it('puts a space between a hop’s place and its caption, and nowhere in highlighted code', () => {
    expect(indexableHtml('<span class="pw-hops__where">c1 · eth0</span><span class="pw-hops__caption">route lookup</span>')).toBe(
      '<span class="pw-hops__where">c1 · eth0</span> <span class="pw-hops__caption">route lookup</span>',
    );
    const code = '<span style="color:#79C0FF">docker</span><span style="color:#A5D6FF">-proxy</span>';
    expect(indexableHtml(code)).toBe(code);
  });
  it('leaves out the site’s chrome through data-pagefind-body, and the lab’s UI by selector', () => {
    expect(EXCLUDE_SELECTORS).toEqual(expect.arrayContaining(['.pw-shortcuts', '.pw-legend', '.pw-transport', 'article > details']));
  });
});
