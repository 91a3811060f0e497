import { getMDXExport } from 'mdx-bundler/client';
import type { ComponentType, ReactNode } from 'react';
import { mdxComponents } from './registry';

type MdxBody = (props: { components: Record<string, ComponentType<never>> }) => ReactNode;

/**
 * Renders a lesson compiled at build time. Runs on the server during the
 * static export, so the prose is plain HTML that reads without JavaScript.
 */
export function MdxContent({ code }: { code: string }) {
  const body = (getMDXExport(code) as { default: MdxBody }).default;
  // The compiled MDX body is a plain function of its props: call it rather
  // than mount a component created during render.
  return <>{body({ components: mdxComponents })}</>;
}
