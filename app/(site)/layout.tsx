import type { ReactNode } from 'react';
import { SiteChrome } from '@/components/site/SiteChrome';

/** Every page of the site but the embeds: header, course menu, footer. */
export default function SiteLayout({ children }: { children: ReactNode }) {
  return <SiteChrome>{children}</SiteChrome>;
}
