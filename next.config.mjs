/**
 * Packet Walk is a static site: `next build` writes every route to `out/`,
 * which any static host can serve. Nothing here needs a Node server.
 *
 * @type {import('next').NextConfig}
 */
const nextConfig = {
  output: 'export',
  // /lessons/foundations/ → out/lessons/foundations/index.html, which every
  // static host serves without rewrite rules.
  trailingSlash: true,
  images: { unoptimized: true },
  reactStrictMode: true,
  poweredByHeader: false,
  // mdx-bundler drives esbuild at build time; both must stay Node packages
  // rather than be bundled into the server build.
  // `npm test` type-checks the whole repository with tsc as its own step;
  // checking again inside `next build` would only double the build time.
  typescript: { ignoreBuildErrors: true },
  serverExternalPackages: ['mdx-bundler', 'esbuild'],
};

export default nextConfig;
