/**
 * Site-wide constants. The public URL is used for canonical links, the
 * sitemap and Open Graph tags; set SITE_URL when deploying elsewhere.
 */
export const siteConfig = {
  name: 'Packet Walk',
  tagline: 'Docker networking, one packet at a time',
  description:
    'An interactive course on Docker’s native network modes — bridge, host, none, user-defined, container, overlay and macvlan — where every packet path is computed by a model of the Linux network stack.',
  url: (process.env.SITE_URL ?? 'https://packetwalk.dev').replace(/\/+$/, ''),
} as const;

/**
 * The absolute URL of a path on the site.
 *
 * @example
 * absoluteUrl('/lessons/foundations/'); // "https://packetwalk.dev/lessons/foundations/"
 */
export function absoluteUrl(pathname: string): string {
  return `${siteConfig.url}${pathname.startsWith('/') ? pathname : `/${pathname}`}`;
}

/**
 * The route of a lesson page.
 *
 * @example
 * lessonHref('overlay'); // "/lessons/overlay/"
 */
export function lessonHref(slug: string): string {
  return `/lessons/${slug}/`;
}
