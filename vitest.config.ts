// One Vitest run for the whole suite, against real FerretDB and Redis started by test/global-setup.ts.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'common/test/**/*.test.ts',
      'gateway/test/**/*.test.ts',
      'pump/test/**/*.test.ts',
      'dashboard/test/**/*.test.ts',
      'test/**/*.test.ts',
    ],
    globalSetup: ['test/global-setup.ts'],
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 240_000,
    reporters: ['default'],
  },
});
