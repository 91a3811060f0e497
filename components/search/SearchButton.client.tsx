'use client';
/**
 * The header's search button, and its shortcuts: `/` and Ctrl-K / ⌘-K
 * anywhere but in a field or an editor. It is all of search that a page loads
 * up front: the dialog's code (SearchDialog.client) and the index
 * (/pagefind/pagefind.js) load on the first open.
 */
import { useEffect, useRef, useState, type ComponentType } from 'react';
import type { SearchDialogProps } from './SearchDialog.client';

type Dialog = ComponentType<SearchDialogProps>;
let dialogCode: Promise<Dialog> | null = null;
const loadDialog = () => {
  dialogCode ??= import('./SearchDialog.client').then((module) => module.SearchDialog);
  dialogCode.catch(() => (dialogCode = null));
  return dialogCode;
};

export function SearchButton() {
  const button = useRef<HTMLButtonElement>(null);
  const [open, setOpen] = useState(false);
  const [Dialog, setDialog] = useState<Dialog | null>(null);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const slash = event.key === '/' && !event.ctrlKey && !event.metaKey && !event.altKey;
      const k = (event.key === 'k' || event.key === 'K') && (event.ctrlKey || event.metaKey) && !event.altKey && !event.shiftKey;
      if (!(slash || k) || event.defaultPrevented) return;
      const target = event.target instanceof Element ? event.target : null;
      if (target?.closest('input, textarea, select, [contenteditable]:not([contenteditable="false"]), dialog[open]')) return;
      event.preventDefault();
      setOpen(true);
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

  useEffect(() => {
    if (open && !Dialog) loadDialog().then((loaded) => setDialog(() => loaded), () => setOpen(false));
  }, [open, Dialog]);

  return (
    <>
      <button
        ref={button}
        type="button"
        onClick={() => setOpen(true)}
        onPointerEnter={() => void loadDialog()}
        aria-haspopup="dialog"
        aria-keyshortcuts="/ Control+K Meta+K"
        // Hidden with JavaScript off (.pw-needs-js): it cannot search then.
        // On a phone only its icon, without a frame: the header has little room there.
        className="pw-needs-js flex h-9 w-8 items-center justify-center gap-2 rounded-md text-sm font-medium text-[var(--muted-fg)] hover:text-[var(--page-fg)] sm:w-auto sm:border sm:border-[var(--border)] sm:px-2.5"
      >
        <svg aria-hidden="true" viewBox="0 0 20 20" className="h-5 w-5 sm:h-4 sm:w-4" fill="none" stroke="currentColor" strokeWidth="2">
          <circle cx="8.5" cy="8.5" r="5.5" />
          <path d="m13 13 4.5 4.5" strokeLinecap="round" />
        </svg>
        <span className="max-sm:sr-only">Search</span>
        <kbd aria-hidden="true" className="hidden rounded border border-[var(--border)] px-1.5 font-mono text-xs sm:inline">
          /
        </kbd>
      </button>
      {open && Dialog && (
        <Dialog
          onClose={(navigating) => {
            setOpen(false);
            if (!navigating) button.current?.focus();
          }}
        />
      )}
    </>
  );
}
