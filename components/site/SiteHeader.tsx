import { siteConfig } from '@/lib/site/config';
import { MobileNav } from './MobileNav.client';
import type { NavSection } from './nav-types';
import { ThemeToggle } from './ThemeToggle.client';
import { IntentLink } from './IntentLink.client';
import { SearchButton } from '@/components/search/SearchButton';

/** The bar at the top of every page: the site's name, search, the phone menu and the theme switch. */
export function SiteHeader({ sections }: { sections: NavSection[] }) {
  return (
    <header className="sticky top-0 z-40 border-b border-[var(--border)] bg-[var(--page-bg)]">
      <div className="relative mx-auto flex h-16 max-w-[90rem] items-center gap-3 px-4 sm:px-6">
        <IntentLink href="/" className="flex items-center gap-2 font-semibold tracking-tight">
          <svg aria-hidden="true" viewBox="0 0 32 32" className="h-7 w-7">
            <rect width="32" height="32" rx="7" className="fill-accent-700 dark:fill-accent-400" />
            <path d="M7 22h6l3-12 3 12h6" fill="none" stroke="white" strokeWidth="2.5" strokeLinecap="round" strokeLinejoin="round" className="dark:stroke-zinc-900" />
          </svg>
          <span className="whitespace-nowrap">{siteConfig.name}</span>
        </IntentLink>
        <div className="ml-auto flex items-center gap-2">
          <SearchButton />
          <IntentLink href="/playground/" className="hidden rounded-md px-2 py-1.5 text-sm font-medium hover:bg-zinc-100 sm:inline-flex dark:hover:bg-zinc-800">
            Playground
          </IntentLink>
          <ThemeToggle />
          <MobileNav sections={sections} />
        </div>
      </div>
    </header>
  );
}
