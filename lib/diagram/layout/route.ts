/**
 * Phase 8 of the layout: the line of every link, an orthogonal polyline from
 * the side of one interface box that faces the other to the facing side of
 * the other. Parallel runs between two rows bend at staggered heights so they
 * do not lie on top of each other.
 */
import type { Link, Topology } from '@/lib/netsim';
import type { Box, Point } from '../types';
import { round } from './sizes';

/** A link with the line drawn for it (in diagram coordinates, before the margin). */
export interface RoutedLink {
  link: Link;
  points: Point[];
}

/**
 * Where on box `from` a line towards box `to` leaves it, and in which direction:
 * the bottom or top edge when `to` is below or above (at the point under `to`, so
 * a bridge bar is met under its port), else the facing left or right edge.
 * @example exitPoint(port, bridgeBelow) // { point: { x: under the bridge's centre, y: port's bottom }, vertical: true }
 */
export function exitPoint(from: Box, to: Box): { point: Point; vertical: boolean } {
  const fromCentre = { x: from.x + from.width / 2, y: from.y + from.height / 2 };
  const toCentre = { x: to.x + to.width / 2, y: to.y + to.height / 2 };
  const alongX = Math.min(Math.max(toCentre.x, from.x + 10), from.x + from.width - 10);
  if (to.y >= from.y + from.height - 1) return { point: { x: alongX, y: from.y + from.height }, vertical: true };
  if (to.y + to.height <= from.y + 1) return { point: { x: alongX, y: from.y }, vertical: true };
  return toCentre.x >= fromCentre.x
    ? { point: { x: from.x + from.width, y: fromCentre.y }, vertical: false }
    : { point: { x: from.x, y: fromCentre.y }, vertical: false };
}

/** Where, between its two ends, the n-th link bends (as a fraction of the way). */
const BEND_FRACTIONS = [0.5, 0.35, 0.65, 0.42, 0.58, 0.28, 0.72];

/**
 * An orthogonal polyline from box `a` to box `b`. `bend` staggers parallel runs.
 * @example routeLink({ x: 0, y: 0, width: 10, height: 10 }, { x: 0, y: 50, width: 10, height: 10 }, 0) // [{ x: 5, y: 10 }, { x: 5, y: 50 }]
 */
export function routeLink(a: Box, b: Box, bend: number): Point[] {
  const start = exitPoint(a, b);
  const end = exitPoint(b, a);
  const p = start.point;
  const q = end.point;
  const fraction = BEND_FRACTIONS[bend % BEND_FRACTIONS.length] ?? 0.5;
  let points: Point[];
  if (start.vertical && end.vertical) {
    if (Math.abs(p.x - q.x) < 1) points = [p, { x: p.x, y: q.y }];
    else {
      const midY = p.y + (q.y - p.y) * fraction;
      points = [p, { x: p.x, y: midY }, { x: q.x, y: midY }, q];
    }
  } else if (!start.vertical && !end.vertical) {
    if (Math.abs(p.y - q.y) < 1) points = [p, { x: q.x, y: p.y }];
    else {
      const midX = p.x + (q.x - p.x) * fraction;
      points = [p, { x: midX, y: p.y }, { x: midX, y: q.y }, q];
    }
  } else if (start.vertical) {
    points = [p, { x: p.x, y: q.y }, q];
  } else {
    points = [p, { x: q.x, y: p.y }, q];
  }
  return points.map((point) => ({ x: round(point.x), y: round(point.y) }));
}

/**
 * The line of every link whose two ends are drawn, in topology order.
 * @example routeLinks(topology, interfaceBoxes).length // topology.links.length when every interface is drawn
 */
export function routeLinks(topology: Topology, interfaceBoxes: ReadonlyMap<string, Box>): RoutedLink[] {
  const routed: RoutedLink[] = [];
  for (const link of topology.links) {
    const a = interfaceBoxes.get(link.a);
    const b = interfaceBoxes.get(link.b);
    if (!a || !b) continue;
    routed.push({ link, points: routeLink(a, b, routed.length) });
  }
  return routed;
}

/**
 * SVG path data for a polyline.
 * @example toPath([{ x: 0, y: 0 }, { x: 10, y: 0 }]) // 'M0 0 L10 0'
 */
export function toPath(points: Point[]): string {
  return points.map((point, i) => `${i === 0 ? 'M' : 'L'}${point.x} ${point.y}`).join(' ');
}

/**
 * The middle of the longest segment: where a label interferes least.
 * @example labelPoint([{ x: 0, y: 0 }, { x: 0, y: 10 }, { x: 40, y: 10 }]) // { x: 20, y: 10 }
 */
export function labelPoint(points: Point[]): Point {
  let best = { length: -1, at: points[0] ?? { x: 0, y: 0 } };
  for (let i = 1; i < points.length; i++) {
    const from = points[i - 1] as Point;
    const to = points[i] as Point;
    const length = Math.hypot(to.x - from.x, to.y - from.y);
    if (length > best.length) best = { length, at: { x: round((from.x + to.x) / 2), y: round((from.y + to.y) / 2) } };
  }
  return best.at;
}
