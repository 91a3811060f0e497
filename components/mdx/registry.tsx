import type { ComponentType } from 'react';
import type { MdxComponentName } from '@/lib/content/mdx-components';
import { Lab } from '@/components/lab/Lab';
import { Callout } from './Callout';
import { CodeBlock } from './CodeBlock.client';
import { StaticPart } from './StaticPart.client';
import { ScrollTable } from './ScrollTable';
import { EngineCount } from '@/components/exercise/EngineCount';
import { HopCounts } from '@/components/exercise/HopCounts';
import { Choice, Explain, Question } from '@/components/exercise/parts';
import { Predict } from '@/components/exercise/Predict';

/**
 * The one registry of what an MDX lesson may use. Lessons import nothing;
 * mdx-bundler's output receives these as `components`. Adding a component
 * means adding its name to lib/content/mdx-components.ts too — the type below
 * makes the compiler insist on it.
 */
const custom: Record<MdxComponentName, ComponentType<never>> = {
  Callout,
  Predict,
  Question,
  Choice,
  Explain,
  HopCounts,
  EngineCount,
  Lab,
};

export const mdxComponents = {
  ...custom,
  pre: CodeBlock,
  table: ScrollTable,
  // Not written in lessons: the build puts it where plain HTML was (lib/content/static-parts).
  StaticPart,
};
