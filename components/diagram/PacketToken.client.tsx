'use client';
/**
 * The one moving token of a packet walk. Its position is animated with the
 * Web Animations API on the DOM node (a compositor-friendly `transform`), so a
 * moving packet costs no React render and no JavaScript per frame; React
 * renders the token only when the hop (and so its text) changes.
 *
 * It rests beside the node the hop happens at (`box`, chosen by
 * `lib/diagram/timeline` so it covers no text), and says in one line what the
 * hop is and what the packet is; the caption beside the diagram says the rest.
 */
import { useLayoutEffect, useRef } from 'react';
import type { Box, Point } from '@/lib/diagram/types';
import { useCommitCounter } from '@/components/lab/bench';

export type TokenMove = 'travel' | 'jump';

interface PacketTokenProps {
  /** Polyline to travel (diagram coordinates); the last point is the centre of `box`. */
  path: readonly Point[];
  /** Where the token rests (diagram coordinates). */
  box: Box;
  text: string;
  /** Whether to travel along the path or appear at its end. */
  move: TokenMove;
  /** Travel time in ms. */
  duration: number;
  /** Changes whenever the token must move again, even to the same place. */
  moveKey: string;
  state: 'moving' | 'dropped' | 'delivered';
}

const translate = (point: Point) => `translate(${point.x}px, ${point.y}px)`;

export function PacketToken({ path, box, text, move, duration, moveKey, state }: PacketTokenProps) {
  const ref = useRef<HTMLDivElement>(null);
  const animation = useRef<Animation | null>(null);
  useCommitCounter();

  useLayoutEffect(() => {
    const element = ref.current;
    const end = path[path.length - 1];
    if (!element || !end) return;
    animation.current?.cancel();
    animation.current = null;
    element.style.transform = translate(end);
    if (move !== 'travel' || path.length < 2 || duration <= 0 || typeof element.animate !== 'function') return;
    // Keyframe offsets proportional to distance, so the speed is even along the path.
    const lengths = [0];
    for (let i = 1; i < path.length; i++) {
      const a = path[i - 1] as Point;
      const b = path[i] as Point;
      lengths.push((lengths[i - 1] as number) + Math.hypot(b.x - a.x, b.y - a.y));
    }
    const total = lengths[lengths.length - 1] as number;
    if (total < 1) return;
    const keyframes = path.map((point, i) => ({ transform: translate(point), offset: (lengths[i] as number) / total }));
    animation.current = element.animate(keyframes, { duration, easing: 'linear' });
    return () => {
      animation.current?.cancel();
      animation.current = null;
    };
    // moveKey stands for the path: a new hop means a new move.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [moveKey, move, duration]);

  const end = path[path.length - 1];
  return (
    // The resting place is also in the markup, for the server's static diagram (the effect above sets it in the browser).
    <div ref={ref} className="pw-token-anchor" data-token-state={state} aria-hidden="true" style={end ? { transform: translate(end) } : undefined}>
      <div className={`pw-token pw-token--${state}`} style={{ width: box.width, height: box.height }} data-token-box={`${box.x},${box.y},${box.width},${box.height}`}>
        <span className="pw-token__text">{text}</span>
      </div>
    </div>
  );
}
