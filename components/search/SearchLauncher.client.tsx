'use client';
/**
 * What opens search: a click on the header's button (SearchButton, rendered
 * on the server) and the shortcuts `/` and Ctrl-K / ⌘-K anywhere but in a
 * field or an editor. All of search that a page loads up front: the dialog's
 * code (SearchDialog.client) and the index (/pagefind/pagefind.js) load on
 * the first open (the dialog's code already when the pointer reaches the
 * button).
 */
import { useEffect, useState, type ComponentType } from 'react';
import type { SearchDialogProps } from './SearchDialog.client';

type Dialog = ComponentType<SearchDialogProps>;
let dialogCode: Promise<Dialog> | null = null;
const loadDialog = () => {
  dialogCode ??= import('./SearchDialog.client').then((module) => module.SearchDialog);
  dialogCode.catch(() => (dialogCode = null));
  return dialogCode;
};
const BUTTON = '[data-search-open]';
const onButton = (event: Event) => event.target instanceof Element && !!event.target.closest(BUTTON);

export function SearchLauncher() {
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
    const onClick = (event: MouseEvent) => onButton(event) && setOpen(true);
    const onPointer = (event: PointerEvent) => onButton(event) && void loadDialog();
    document.addEventListener('keydown', onKey);
    document.addEventListener('click', onClick);
    document.addEventListener('pointerover', onPointer);
    return () => {
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('click', onClick);
      document.removeEventListener('pointerover', onPointer);
    };
  }, []);

  useEffect(() => {
    if (open && !Dialog) loadDialog().then((loaded) => setDialog(() => loaded), () => setOpen(false));
  }, [open, Dialog]);

  return open && Dialog ? (
    <Dialog
      onClose={(navigating) => {
        setOpen(false);
        if (!navigating) document.querySelector<HTMLElement>(BUTTON)?.focus();
      }}
    />
  ) : null;
}
