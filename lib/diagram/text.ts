/**
 * Text widths without a DOM. The layout runs at build time and in a worker-free
 * browser module alike, so it cannot measure text; it estimates it instead,
 * on the wide side, so a box sized from these numbers holds its label in the
 * widest common fonts. The references are DejaVu Sans and DejaVu Sans Mono
 * (what Linux falls back to), which are wider than Segoe UI, San Francisco,
 * Roboto, Menlo or Consolas: text sized for DejaVu fits everywhere.
 */

/** Advance widths of DejaVu Sans in em, by character; anything unlisted counts as `DEFAULT_EM`. */
const SANS_EM: Record<string, number> = {
  ' ': 0.318, '.': 0.318, ',': 0.318, ':': 0.337, ';': 0.337, '·': 0.318, "'": 0.275, '|': 0.337,
  '!': 0.4, '(': 0.39, ')': 0.39, '[': 0.39, ']': 0.39, '-': 0.361, '/': 0.337, _: 0.5, '=': 0.838,
  i: 0.278, j: 0.278, l: 0.278, f: 0.352, t: 0.392, r: 0.411, s: 0.521, c: 0.55, z: 0.525, y: 0.592,
  v: 0.592, x: 0.592, k: 0.579, m: 0.974, w: 0.818, I: 0.295, J: 0.295, M: 0.863, W: 0.989,
  '→': 0.838, '⇄': 0.838, '▦': 0.77, '▣': 0.77, '↱': 0.838, '✕': 0.838, '✓': 0.838,
};
const DEFAULT_EM = 0.634;
const UPPER_EM = 0.7;
/** Bold DejaVu Sans is about 10–15 % wider; rounding and hinting add a little more. */
const BOLD_FACTOR = 1.16;
const SAFETY = 1.04;
/** Every character of DejaVu Sans Mono (regular and bold) is 0.602 em wide. */
const MONO_EM = 0.602;

function sansEm(char: string): number {
  const known = SANS_EM[char];
  if (known !== undefined) return known;
  return char >= 'A' && char <= 'Z' ? UPPER_EM : DEFAULT_EM;
}

/**
 * Width in pixels of `text` set in the sans-serif diagram font.
 * @example sansWidth('host1', 13) // ≈ 38
 */
export function sansWidth(text: string, px: number, bold = false): number {
  let em = 0;
  for (const char of text) em += sansEm(char);
  return em * px * (bold ? BOLD_FACTOR : 1) * SAFETY;
}

/**
 * Width in pixels of `text` set in the monospace diagram font.
 * @example monoWidth('docker0', 13) // ≈ 57
 */
export function monoWidth(text: string, px: number): number {
  return [...text].length * MONO_EM * px * SAFETY;
}
