/**
 * Phase 10 of the layout: links that would pass under a namespace box they
 * do not belong to (a container's veth down to the root namespace, past the
 * overlay sandbox; a cable along a row, past a box between its ends) go round
 * it instead, on the side where they cross fewer other links.
 */
import type { Box, Point } from '../types';
import { DETOUR_CORRIDOR, round } from './sizes';

/** A link's line and the namespaces of its two ends (the boxes it may cross). */
export interface LinkPath {
  points: Point[];
  ends: readonly (string | undefined)[];
}

/**
 * Whether an orthogonal polyline runs through the inside of `box` (touching its edge is not crossing).
 * @example crossesBox([{ x: 0, y: 5 }, { x: 20, y: 5 }], { x: 5, y: 0, width: 5, height: 10 }) // true
 */
export function crossesBox(points: readonly Point[], box: Box): boolean {
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1] as Point;
    const b = points[i] as Point;
    const x1 = Math.min(a.x, b.x);
    const x2 = Math.max(a.x, b.x);
    const y1 = Math.min(a.y, b.y);
    const y2 = Math.max(a.y, b.y);
    if (x2 > box.x + 1 && x1 < box.x + box.width - 1 && y2 > box.y + 1 && y1 < box.y + box.height - 1) return true;
  }
  return false;
}

/**
 * How many times two orthogonal polylines cross.
 * @example countCrossings([{ x: 0, y: 5 }, { x: 10, y: 5 }], [{ x: 5, y: 0 }, { x: 5, y: 10 }]) // 1
 */
export function countCrossings(a: readonly Point[], b: readonly Point[]): number {
  let count = 0;
  for (let i = 1; i < a.length; i++) {
    for (let j = 1; j < b.length; j++) {
      const [p1, p2, q1, q2] = [a[i - 1] as Point, a[i] as Point, b[j - 1] as Point, b[j] as Point];
      const pv = Math.abs(p1.x - p2.x) < 0.5;
      const qv = Math.abs(q1.x - q2.x) < 0.5;
      if (pv === qv) continue;
      const [v1, v2, h1, h2] = pv ? [p1, p2, q1, q2] : [q1, q2, p1, p2];
      const x = v1.x;
      const y = h1.y;
      if (x > Math.min(h1.x, h2.x) && x < Math.max(h1.x, h2.x) && y > Math.min(v1.y, v2.y) && y < Math.max(v1.y, v2.y)) count += 1;
    }
  }
  return count;
}

/**
 * The lines after detours, one per path in the order given (a path that
 * crosses no foreign box keeps its line). A line leaving its port sideways
 * goes under or over the box in its way; a line going down goes round the
 * box's left or right side, in the corridor the machine keeps there. Paths
 * are rerouted one after the other, each seeing the others' current lines.
 *
 * @example
 * detourLinks(paths, [{ id: 'host1/sbox', box: sandboxBox }])
 * // a container's veth to the root namespace now runs beside the sandbox, not under it
 */
export function detourLinks(paths: readonly LinkPath[], namespaceBoxes: readonly { id: string; box: Box }[]): Point[][] {
  const lines = paths.map((path) => path.points);
  paths.forEach((path, index) => {
    const own = new Set(path.ends);
    const current = lines[index] as Point[];
    const blocker = namespaceBoxes.find(({ id, box }) => !own.has(id) && crossesBox(current, box));
    if (!blocker) return;
    const p = current[0] as Point;
    const q = current[current.length - 1] as Point;
    const { box } = blocker;
    const leavesSideways = Math.abs((current[1] as Point).y - p.y) < 0.5;
    let candidates: Point[][];
    if (leavesSideways) {
      const step = q.x > p.x ? 12 : -12;
      candidates = [box.y + box.height + DETOUR_CORRIDOR / 2, box.y - DETOUR_CORRIDOR / 2].map((y) => [p, { x: p.x + step, y: p.y }, { x: p.x + step, y }, { x: q.x - step, y }, { x: q.x - step, y: q.y }, q]);
    } else {
      const above = (p.y + box.y) / 2;
      const below = (box.y + box.height + q.y) / 2;
      candidates = [box.x - DETOUR_CORRIDOR / 2, box.x + box.width + DETOUR_CORRIDOR / 2].map((x) => [p, { x: p.x, y: above }, { x, y: above }, { x, y: below }, { x: q.x, y: below }, q]);
    }
    candidates = candidates.map((points) => points.map((point) => ({ x: round(point.x), y: round(point.y) })));
    const others = lines.filter((_, other) => other !== index);
    const underBoxes = (points: Point[]) => namespaceBoxes.filter(({ id, box: b }) => !own.has(id) && crossesBox(points, b)).length;
    const crossings = (points: Point[]) => others.reduce((sum, other) => sum + countCrossings(points, other), 0);
    lines[index] = candidates.sort((m, n) => underBoxes(m) - underBoxes(n) || crossings(m) - crossings(n))[0] as Point[];
  });
  return lines;
}
