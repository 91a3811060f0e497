// Writes out/sw.js, the service worker that makes the site work offline after one visit: it
// precaches the whole export (pages, their RSC payloads, scripts, styles, icons, the search
// index) with Workbox. Each file is listed with a hash of its content, so every build is a new
// version: the browser installs the new worker, fetches only what changed, and on activation the
// old entries are deleted (Workbox's precache cleanup). Run after `next build` (npm run build).
import { generateSW } from 'workbox-build';

const { count, size, warnings } = await generateSW({
  globDirectory: 'out',
  globPatterns: ['**/*.{html,js,css,txt,json,svg,webmanifest,woff2,wasm}', 'icons/*.png', 'pagefind/**/*'],
  // Deploy config is not a site file; the social card image is for other sites' previews.
  // Embeds are other sites' frames (online by nature); their labs are in the lessons, cached.
  globIgnores: ['sw.js', '_headers', 'nginx-headers.conf', 'og.png', 'images/**', 'embed/**'],
  swDest: 'out/sw.js',
  cacheId: 'packet-walk',
  inlineWorkboxRuntime: true,
  mode: 'production',
  sourcemap: false,
  // The RSC payloads of big pages and the search index's chunks are large, but all are needed offline.
  maximumFileSizeToCacheInBytes: 8 * 1024 * 1024,
  // /lessons/x/ is out/lessons/x/index.html; a lab's state lives in the query string.
  directoryIndex: 'index.html',
  ignoreURLParametersMatching: [/.*/],
  // A page that was never built is the 404 page, offline too.
  navigateFallback: '/404.html',
  navigateFallbackDenylist: [/^\/_next\//, /^\/pagefind\//],
  skipWaiting: true,
  clientsClaim: true,
  cleanupOutdatedCaches: true,
});
for (const warning of warnings) console.warn(`write-sw: ${warning}`);
console.log(`write-sw: out/sw.js precaches ${count} files, ${(size / 1024 / 1024).toFixed(1)} MB`);
