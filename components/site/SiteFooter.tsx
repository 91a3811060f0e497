import { siteConfig } from '@/lib/site/config';

export function SiteFooter() {
  return (
    <footer className="mt-16 border-t border-[var(--border)]">
      <div className="mx-auto max-w-[90rem] px-4 py-8 text-sm text-[var(--muted-fg)] sm:px-6">
        <p>
          {siteConfig.name} — {siteConfig.tagline}. Every packet path on this site is computed by a model of the Linux network
          stack, not drawn by hand. Docker is a trademark of Docker, Inc.; this course is independent of it.
        </p>
      </div>
    </footer>
  );
}
