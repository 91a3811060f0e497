/**
 * Where free-floating text goes: edge labels and the packet token. Both must
 * sit where they cover no other text (a port, a bridge's name, a namespace's
 * heading, another label). The layout knows every box and estimates every
 * label's extent, so placement is a search over a few candidate spots, the
 * first free one winning; with none free, the least covered.
 */
import type { Box, Point } from './types';

/**
 * Whether two rectangles overlap by more than a hair.
 * @example intersects({ x: 0, y: 0, width: 10, height: 10 }, { x: 9, y: 9, width: 5, height: 5 }) // true
 */
export function intersects(a: Box, b: Box, slack = 0.5): boolean {
  return a.x + slack < b.x + b.width && b.x + slack < a.x + a.width && a.y + slack < b.y + b.height && b.y + slack < a.y + a.height;
}

function overlapArea(a: Box, b: Box): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}

/** A rectangle of the given size centred on `centre`. */
export function boxAround(centre: Point, width: number, height: number): Box {
  return { x: centre.x - width / 2, y: centre.y - height / 2, width, height };
}

/**
 * The first candidate box that covers none of `obstacles` (and stays inside
 * `bounds` when given); otherwise the one covering the least area.
 *
 * @example
 * pickFree([{ x: 0, y: 0, width: 4, height: 4 }, { x: 10, y: 0, width: 4, height: 4 }], [{ x: 0, y: 0, width: 5, height: 5 }])
 * // { x: 10, y: 0, width: 4, height: 4 }
 */
export function pickFree(candidates: readonly Box[], obstacles: readonly Box[], bounds?: Box): Box {
  let best: { box: Box; cost: number } | undefined;
  for (const box of candidates) {
    let cost = 0;
    for (const obstacle of obstacles) cost += overlapArea(box, obstacle);
    if (bounds) {
      const outside = box.width * box.height - overlapArea(box, bounds);
      cost += outside * 0.5;
    }
    if (cost === 0) return box;
    if (!best || cost < best.cost) best = { box, cost };
  }
  return (best?.box ?? candidates[0]) as Box;
}

/**
 * Candidate spots for a `width`×`height` box beside `target`, `gap` away:
 * below, above, right, left, then the four corners.
 */
export function besideCandidates(target: Box, width: number, height: number, gap: number): Box[] {
  const cx = target.x + target.width / 2;
  const cy = target.y + target.height / 2;
  const below = target.y + target.height + gap;
  const above = target.y - gap - height;
  const right = target.x + target.width + gap;
  const left = target.x - gap - width;
  return [
    { x: cx - width / 2, y: below, width, height },
    { x: cx - width / 2, y: above, width, height },
    { x: right, y: cy - height / 2, width, height },
    { x: left, y: cy - height / 2, width, height },
    { x: target.x, y: below, width, height },
    { x: target.x + target.width - width, y: below, width, height },
    { x: target.x, y: above, width, height },
    { x: target.x + target.width - width, y: above, width, height },
    { x: right, y: below, width, height },
    { x: left, y: below, width, height },
    { x: right, y: above, width, height },
    { x: left, y: above, width, height },
    // Slid further along, for a target in a crowded row.
    ...[0.75, -0.75, 1.1, -1.1].flatMap((shift) => [
      { x: cx - width / 2 + shift * width, y: below, width, height },
      { x: cx - width / 2 + shift * width, y: above, width, height },
    ]),
    // One token-height further out, past a label beside the target.
    ...[0, 0.5, -0.5].flatMap((shift) => [
      { x: cx - width / 2 + shift * width, y: below + height, width, height },
      { x: cx - width / 2 + shift * width, y: above - height, width, height },
    ]),
  ];
}

/**
 * Candidate spots for a label of `width`×`height` along an orthogonal
 * polyline: beside the middle (and the quarters) of each segment, longest
 * segment first — above or below a horizontal run, right or left of a
 * vertical one.
 */
export function alongCandidates(points: readonly Point[], width: number, height: number, gap: number): Box[] {
  const segments: { from: Point; to: Point; length: number }[] = [];
  for (let i = 1; i < points.length; i++) {
    const from = points[i - 1] as Point;
    const to = points[i] as Point;
    segments.push({ from, to, length: Math.hypot(to.x - from.x, to.y - from.y) });
  }
  segments.sort((a, b) => b.length - a.length);
  const out: Box[] = [];
  for (const fraction of [0.5, 0.3, 0.7, 0.15, 0.85]) {
    for (const { from, to } of segments) {
      const at = { x: from.x + (to.x - from.x) * fraction, y: from.y + (to.y - from.y) * fraction };
      const horizontal = Math.abs(to.y - from.y) < 1;
      if (horizontal) {
        out.push({ x: at.x - width / 2, y: at.y - gap - height, width, height });
        out.push({ x: at.x - width / 2, y: at.y + gap, width, height });
      } else {
        out.push({ x: at.x + gap, y: at.y - height / 2, width, height });
        out.push({ x: at.x - gap - width, y: at.y - height / 2, width, height });
      }
    }
  }
  return out;
}
