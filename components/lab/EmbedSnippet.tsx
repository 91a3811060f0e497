'use client';
/**
 * The `<iframe>` that embeds this lab, at its current state, on another site: shown under the
 * lab's controls by its "Embed" button, with a copy button. Only `/embed/…` pages may be framed
 * by other sites (deploy/headers.mjs).
 */
import { useId, useRef, useState } from 'react';

interface EmbedSnippetProps {
  labId: string;
  title: string;
  /** The lab's state as a query string (`?overlay.step=3…`, or ''). */
  query: string;
}

/** The snippet for a lab state on a site at `origin`. */
export function embedSnippet(origin: string, labId: string, title: string, query: string): string {
  const src = `${origin}/embed/${labId}/${query}`;
  const escaped = (text: string) => text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  return `<iframe src="${escaped(src)}" title="${escaped(`Packet Walk lab: ${title}`)}" width="100%" height="600" style="border:0;max-width:100%" allow="fullscreen; clipboard-write" loading="lazy"></iframe>`;
}

export function EmbedSnippet({ labId, title, query }: EmbedSnippetProps) {
  const id = useId();
  const area = useRef<HTMLTextAreaElement>(null);
  const [status, setStatus] = useState('');
  const snippet = embedSnippet(window.location.origin, labId, title, query);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(snippet);
      setStatus('Copied the embed code.');
    } catch {
      area.current?.select();
      setStatus('Selected: press Ctrl+C (⌘C on a Mac) to copy.');
    }
  };
  return (
    <div className="pw-embed-snippet" role="region" aria-labelledby={`${id}-label`}>
      <label id={`${id}-label`} htmlFor={`${id}-code`} className="pw-field-label">
        <span>Embed this lab at this step on another page (800×500 or larger fits it without scrolling)</span>
      </label>
      <textarea ref={area} id={`${id}-code`} className="pw-embed-snippet__code" readOnly rows={4} value={snippet} onFocus={(e) => e.currentTarget.select()} spellCheck={false} data-testid="embed-snippet" />
      <div className="pw-controls__row">
        <button type="button" className="pw-button" onClick={() => void copy()}>
          Copy embed code
        </button>
        <span className="pw-status" aria-live="polite">
          {status}
        </span>
      </div>
    </div>
  );
}
