/**
 * The header's search button. Rendered on the server, so its markup costs the
 * page's JavaScript nothing: SearchLauncher (a few hundred bytes) listens for
 * its click and the shortcuts, and loads the dialog on the first open.
 */
import { SearchLauncher } from './SearchLauncher.client';

export function SearchButton() {
  return (
    <>
      <button
        type="button"
        data-search-open=""
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
      <SearchLauncher />
    </>
  );
}
