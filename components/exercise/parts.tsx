import type { ReactNode } from 'react';

/*
 * The parts of a <Predict> exercise. They render nothing on their own: the
 * Predict component picks them out of its children by type and lays them out.
 */

/** The question a reader answers before watching. */
export function Question({ children }: { children: ReactNode }) {
  return <>{children}</>;
}

/** One possible answer; exactly one is `correct` (checked at build time). */
export function Choice({ children }: { children: ReactNode; correct?: boolean }) {
  return <>{children}</>;
}

/** Why the answer is what it is, shown after the walk. */
export function Explain({ children }: { children: ReactNode }) {
  return <>{children}</>;
}
