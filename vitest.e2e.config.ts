import { defineConfig } from 'vitest/config';

// Journeys in Debian's Chromium through playwright-core; one browser and one server per file, two files at a time
// (each journey waits on the browser and the server in turn, so two share the CI's two cores better than one; decision
// 0028's addendum). The demo county is seeded once per run (global-setup.ts); each file's server starts on its own
// copy of it, on a free port.
export default defineConfig({
  test: {
    include: ['e2e/**/*.e2e.ts'],
    globalSetup: ['e2e/global-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 300_000,
    fileParallelism: true,
    maxWorkers: 2,
    pool: 'forks',
  },
});
