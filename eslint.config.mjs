import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTs from 'eslint-config-next/typescript';

const config = [
  ...nextVitals,
  ...nextTs,
  {
    ignores: ['node_modules/**', '.next/**', 'out/**', 'next-env.d.ts', 'test-results/**', 'playwright-report/**', 'bench/results/**'],
  },
  {
    // lib/ holds the truth and must stay framework-free (ARCHITECTURE.md).
    files: ['lib/**/*.ts'],
    ignores: ['lib/**/*.server.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['react', 'react-dom', 'react/*', 'next', 'next/*', '@xyflow/*'], message: 'lib/ is plain TypeScript: no React, DOM or Next.' },
            { group: ['@/components/*', '@/app/*'], message: 'lib/ must not depend on components/ or app/.' },
          ],
        },
      ],
    },
  },
  {
    // Links of the site's chrome prefetch on intent only (issue 12): next/link's
    // default prefetches every link in the viewport, 37 requests on a lesson.
    files: ['components/site/**/*.tsx', 'app/page.tsx', 'app/not-found.tsx', 'app/layout.tsx'],
    ignores: ['components/site/IntentLink.client.tsx'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'next/link', message: 'Use IntentLink (components/site/IntentLink.client.tsx): it prefetches on hover or focus only.' }] }],
    },
  },
  {
    // Playwright fixtures call their continuation `use`, which is not React's hook.
    files: ['e2e/**/*.ts'],
    rules: { 'react-hooks/rules-of-hooks': 'off' },
  },
  {
    // The Linux model knows nothing of Docker: Docker configures, Linux forwards.
    files: ['lib/netsim/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['@/lib/docker/*', '@/lib/labs/*', '../docker/*', '../labs/*'], message: 'lib/netsim must not know about Docker.' }] }],
    },
  },
];

export default config;
