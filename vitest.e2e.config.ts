import { defineConfig } from 'vitest/config';

// Journeys in Debian's Chromium through playwright-core; one browser and one server per file, files in sequence (two
// at a time was tried and failed the accounts journey twice in CI: decision 0028's addendum). The demo county is
// seeded once per run (global-setup.ts); each file's server starts on its own copy of it.
export default defineConfig({
  test: {
    include: ['e2e/**/*.e2e.ts'],
    globalSetup: ['e2e/global-setup.ts'],
    setupFiles: ['e2e/setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 300_000,
    fileParallelism: false,
    pool: 'forks',
  },
});
