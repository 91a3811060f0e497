'use client';

import { useRef, useState, type ComponentPropsWithoutRef } from 'react';
import { textToCopy } from '@/lib/site/copy-text';

type PreProps = ComponentPropsWithoutRef<'pre'> & { 'data-language'?: string };

/** A highlighted code block with a copy button; terminal sessions get a terminal frame. */
export function CodeBlock(props: PreProps) {
  const ref = useRef<HTMLPreElement>(null);
  const [copied, setCopied] = useState(false);
  const language = props['data-language'];
  const isTerminal = language === 'console';

  async function copy() {
    const text = textToCopy(ref.current?.innerText ?? '', language);
    try {
      await navigator.clipboard.writeText(text);
      setCopied(true);
      window.setTimeout(() => setCopied(false), 1800);
    } catch {
      setCopied(false);
    }
  }

  return (
    <div className="group relative">
      {isTerminal && (
        <div className="not-prose flex items-center gap-1.5 rounded-t-lg border border-b-0 border-[#30363d] bg-[#161b22] px-3 py-1.5 text-xs text-[#c9d1d9]">
          <span aria-hidden="true" className="h-2.5 w-2.5 rounded-full bg-[#ff5f56]" />
          <span aria-hidden="true" className="h-2.5 w-2.5 rounded-full bg-[#ffbd2e]" />
          <span aria-hidden="true" className="h-2.5 w-2.5 rounded-full bg-[#27c93f]" />
          <span className="ml-2 font-mono">Terminal</span>
        </div>
      )}
      <pre ref={ref} tabIndex={0} {...props} />
      <button
        type="button"
        onClick={copy}
        aria-label={isTerminal ? 'Copy the commands' : 'Copy code'}
        // Hidden with JavaScript off (.pw-needs-js): copying needs the clipboard API.
        className={`pw-needs-js absolute right-2 rounded-md border px-2 py-1 text-xs font-medium opacity-90 group-hover:opacity-100 focus-visible:opacity-100 ${
          isTerminal
            ? 'top-9 border-[#30363d] bg-[#161b22] text-[#e6edf3]'
            : 'top-2 border-[var(--border)] bg-[var(--page-bg)] text-[var(--page-fg)]'
        }`}
      >
        {copied ? 'Copied' : 'Copy'}
      </button>
      <span role="status" className="sr-only">
        {copied ? 'Copied to the clipboard' : ''}
      </span>
    </div>
  );
}
