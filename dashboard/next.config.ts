// Next.js settings for the dashboard: the shared TypeScript contract is compiled in, store clients are not.
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { NextConfig } from 'next';

const root = dirname(dirname(fileURLToPath(import.meta.url)));

const nextConfig: NextConfig = {
  transpilePackages: ['@turnpike/common'],
  serverExternalPackages: ['mongodb', 'ioredis', 'bullmq'],
  turbopack: {
    root,
    // common/src/env.ts resolves TURNPIKE_DATA_DIR at run time on purpose; the data dir is not shipped code.
    ignoreIssue: [
      {
        path: '**/common/src/env.ts',
        title: 'Dynamic filesystem access causes tracing of the whole project',
      },
    ],
  },
  poweredByHeader: false,
  reactStrictMode: true,
  // `npx tsc -p dashboard` type-checks the whole workspace, tests included; the build need not repeat it.
  typescript: { ignoreBuildErrors: true },
  async headers() {
    return [
      {
        source: '/:path*',
        headers: [
          { key: 'X-Frame-Options', value: 'DENY' },
          { key: 'X-Content-Type-Options', value: 'nosniff' },
          { key: 'Referrer-Policy', value: 'same-origin' },
        ],
      },
    ];
  },
};

export default nextConfig;
