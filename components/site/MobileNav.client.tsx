'use client';

import { usePathname } from 'next/navigation';
import { useEffect, useId, useRef, useState } from 'react';
import { CourseNav } from './CourseNav';
import { IntentLink } from './IntentLink.client';
import type { NavSection } from './nav-types';

/**
 * The course menu on narrow screens: a button that opens the course as a
 * panel under the header. Escape closes it and gives focus back to the button.
 */
export function MobileNav({ sections }: { sections: NavSection[] }) {
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const buttonRef = useRef<HTMLButtonElement>(null);
  const pathname = usePathname();
  const currentSlug = /^\/lessons\/([^/]+)/.exec(pathname ?? '')?.[1];

  useEffect(() => {
    if (!open) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') {
        setOpen(false);
        buttonRef.current?.focus();
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [open]);

  return (
    <div className="lg:hidden">
      <button
        ref={buttonRef}
        type="button"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((value) => !value)}
        // Hidden with JavaScript off (.pw-needs-js): it cannot open the panel then.
        className="pw-needs-js flex h-9 items-center gap-2 rounded-md border border-[var(--border)] px-3 text-sm font-medium"
      >
        <span aria-hidden="true">{open ? '✕' : '☰'}</span>
        {/* Under 400 px the bar is full: the word is for screen readers, the ☰ shows. */}
        <span className="max-[400px]:sr-only">Menu</span>
      </button>
      <div
        id={panelId}
        hidden={!open}
        className="absolute inset-x-0 top-full max-h-[calc(100dvh-4rem)] overflow-y-auto border-b border-[var(--border)] bg-[var(--page-bg)] px-4 py-4 shadow-lg"
      >
        {/* On a phone the header has no room for the playground link: it heads the menu. */}
        <p className="mb-4 sm:hidden">
          <IntentLink href="/playground/" className="font-medium text-accent-700 underline dark:text-accent-300" onClick={() => setOpen(false)}>
            Playground: type your own docker commands
          </IntentLink>
        </p>
        <CourseNav sections={sections} currentSlug={currentSlug} label="Course menu" onNavigate={() => setOpen(false)} />
      </div>
    </div>
  );
}
