'use client';
/**
 * The search dialog: a modal <dialog> (the page behind it is inert, so focus
 * stays inside; Escape closes it) with a search field and the results,
 * grouped by lesson, each entry a heading of it with the matches marked.
 *
 * Keyboard: the field is a combobox. ↓ and ↑ move through the results
 * (wrapping), Enter opens the active one, Escape closes; Tab goes from the
 * field to the close button. The pointer can click any result.
 *
 * Loaded on the first open (SearchLauncher), with Pagefind's script.
 */
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { excerptPieces, groupOf, loadPagefind, titlePieces, type Pagefind, type SearchGroup, type TextPiece } from './pagefind';

export interface SearchDialogProps {
  /** After the dialog has closed; `navigating` when a result is being opened. */
  onClose: (navigating?: boolean) => void;
}

/** How many lessons the results show. */
const MAX_LESSONS = 8;

type Status = { kind: 'loading' } | { kind: 'ready' } | { kind: 'offline' };

function Pieces({ pieces }: { pieces: TextPiece[] }) {
  return pieces.map((piece, index) =>
    piece.mark ? (
      <mark key={index} className="rounded-sm bg-amber-200 px-px text-zinc-950 dark:bg-amber-300/25 dark:text-amber-50">
        {piece.text}
      </mark>
    ) : (
      piece.text
    ),
  );
}

export function SearchDialog({ onClose }: SearchDialogProps) {
  const dialog = useRef<HTMLDialogElement>(null);
  const input = useRef<HTMLInputElement>(null);
  const id = useId();
  const [query, setQuery] = useState('');
  const [status, setStatus] = useState<Status>({ kind: 'loading' });
  const [pagefind, setPagefind] = useState<Pagefind | null>(null);
  const [results, setResults] = useState<{ query: string; groups: SearchGroup[] }>({ query: '', groups: [] });
  const [active, setActive] = useState(0);

  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
    input.current?.focus();
  }, []);

  useEffect(() => {
    let cancelled = false;
    loadPagefind().then(
      (loaded) => {
        if (cancelled) return;
        setPagefind(loaded);
        setStatus({ kind: 'ready' });
      },
      () => !cancelled && setStatus({ kind: 'offline' }),
    );
    return () => {
      cancelled = true;
    };
  }, []);

  useEffect(() => {
    if (!pagefind) return;
    const term = query.trim();
    if (!term) return;
    let cancelled = false;
    void (async () => {
      try {
        const search = await pagefind.debouncedSearch(term, {}, 120);
        // null: a newer search replaced this one.
        if (!search || cancelled) return;
        const data = await Promise.all(search.results.slice(0, MAX_LESSONS).map((result) => result.data()));
        if (cancelled) return;
        setResults({ query: term, groups: data.map(groupOf) });
        setActive(0);
      } catch {
        if (!cancelled) setStatus({ kind: 'offline' });
      }
    })();
    return () => {
      cancelled = true;
    };
  }, [pagefind, query]);

  const term = query.trim();
  // Only the results of what the field says now.
  const groups = results.query === term ? results.groups : [];
  const entries = groups.flatMap((group) => group.entries);
  const optionId = (index: number) => `${id}-result-${index}`;
  const activeIndex = entries.length ? Math.min(active, entries.length - 1) : -1;

  useEffect(() => {
    if (activeIndex >= 0) document.getElementById(`${id}-result-${activeIndex}`)?.scrollIntoView({ block: 'nearest' });
  }, [activeIndex, id]);

  // Closed before the parent unmounts it, so the page is no longer inert when focus goes back.
  const close = (navigating = false) => {
    dialog.current?.close();
    onClose(navigating);
  };
  // A document navigation, not the router's: the browser scrolls to the heading once the page is
  // there (a client-side one scrolls before a lesson's static parts have arrived, and misses it).
  const open = (url: string) => {
    close(true);
    window.location.assign(url);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      if (!entries.length) return;
      event.preventDefault();
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setActive((activeIndex + step + entries.length) % entries.length);
    } else if (event.key === 'Enter' && activeIndex >= 0) {
      event.preventDefault();
      open(entries[activeIndex]!.url);
    }
  };

  const message =
    status.kind === 'offline'
      ? 'Search could not load: it needs the site to be reachable once.'
      : status.kind === 'loading'
        ? 'Loading the search index…'
        : !term
          ? 'Search the lessons: prose, commands, labs, flows and every hop of a walk.'
          : results.query !== term
            ? 'Searching…'
            : groups.length === 0
              ? `No results for “${term}”.`
              : `${groups.length} ${groups.length === 1 ? 'lesson' : 'lessons'}, ${entries.length} ${entries.length === 1 ? 'section' : 'sections'}. ↓ ↑ to choose, Enter to open.`;

  let index = -1;
  return (
    <dialog
      ref={dialog}
      aria-label="Search the course"
      onCancel={(event) => {
        event.preventDefault();
        close();
      }}
      onClick={(event) => event.target === dialog.current && close()}
      className="pw-search m-0 h-dvh max-h-none w-full max-w-none bg-[var(--page-bg)] text-[var(--page-fg)] backdrop:bg-zinc-950/60 sm:mx-auto sm:mt-[10vh] sm:h-fit sm:max-h-[80vh] sm:w-[42rem] sm:max-w-[calc(100%-2rem)] sm:rounded-xl sm:border sm:border-[var(--border)] sm:shadow-2xl"
    >
      <div className="flex h-full flex-col sm:h-auto sm:max-h-[80vh]">
        <div className="flex items-center gap-2 border-b border-[var(--border)] px-3 py-2">
          <svg aria-hidden="true" viewBox="0 0 20 20" className="h-5 w-5 shrink-0 text-[var(--muted-fg)]" fill="none" stroke="currentColor" strokeWidth="2">
            <circle cx="8.5" cy="8.5" r="5.5" />
            <path d="m13 13 4.5 4.5" strokeLinecap="round" />
          </svg>
          <input
            ref={input}
            type="text"
            inputMode="search"
            role="combobox"
            aria-label="Search the lessons"
            aria-expanded={entries.length > 0}
            aria-controls={`${id}-results`}
            aria-autocomplete="list"
            aria-activedescendant={activeIndex >= 0 ? optionId(activeIndex) : undefined}
            aria-describedby={`${id}-status`}
            autoComplete="off"
            autoCorrect="off"
            spellCheck={false}
            enterKeyHint="go"
            placeholder="Search: MASQUERADE, VNI, 4789, docker-proxy…"
            value={query}
            onChange={(event) => setQuery(event.target.value)}
            onKeyDown={onKeyDown}
            className="h-11 min-w-0 flex-1 bg-transparent text-base outline-none placeholder:text-[var(--muted-fg)]"
          />
          <button
            type="button"
            onClick={() => close()}
            className="shrink-0 rounded-md border border-[var(--border)] px-2 py-1 text-xs font-medium text-[var(--muted-fg)] hover:text-[var(--page-fg)]"
          >
            {/* Its name holds what it shows: "Esc" on a wide screen, "Close" on a phone (no Escape key). */}
            <span className="max-sm:hidden">
              Esc<span className="sr-only">: close search</span>
            </span>
            <span className="sm:hidden">
              Close<span className="sr-only"> search</span>
            </span>
          </button>
        </div>
        <p id={`${id}-status`} role="status" className="px-4 pt-3 pb-1 text-sm text-[var(--muted-fg)]">
          {message}
        </p>
        <div id={`${id}-results`} role="listbox" aria-label="Results" className="min-h-0 flex-1 overflow-y-auto px-2 pb-3">
          {groups.map((group, groupIndex) => (
              <div key={group.url} role="group" aria-labelledby={`${id}-group-${groupIndex}`} className="mt-2">
                <div id={`${id}-group-${groupIndex}`} className="px-2 py-1 text-xs font-semibold tracking-wide text-accent-700 uppercase dark:text-accent-300">
                  {group.title}
                </div>
                {group.entries.map((entry) => {
                  index++;
                  const mine = index;
                  const selected = mine === activeIndex;
                  return (
                    <a
                      key={entry.url}
                      id={optionId(mine)}
                      href={entry.url}
                      role="option"
                      aria-selected={selected}
                      tabIndex={-1}
                      onClick={() => close(true)}
                      onMouseMove={() => !selected && setActive(mine)}
                      className={`block rounded-lg px-3 py-2 ${selected ? 'bg-accent-50 ring-1 ring-accent-600 dark:bg-zinc-800 dark:ring-accent-400' : ''}`}
                    >
                      <span className="block font-medium">
                        {entry.top ? <span className="text-[var(--muted-fg)]">Introduction · </span> : <span aria-hidden="true" className="text-[var(--muted-fg)]"># </span>}
                        <Pieces pieces={titlePieces(entry.top ? group.title : entry.title, term)} />
                      </span>
                      <span className="mt-0.5 block text-sm leading-snug text-[var(--muted-fg)]">
                        <Pieces pieces={excerptPieces(entry.excerpt)} />
                      </span>
                    </a>
                  );
                })}
              </div>
            ))}
        </div>
      </div>
    </dialog>
  );
}
