import { defineConfig } from 'vitest/config';

// Journeys in Debian's Chromium through playwright-core; one browser and one server per file, files in sequence.
export default defineConfig({
  test: {
    include: ['e2e/**/*.e2e.ts'],
    testTimeout: 120_000,
    // each file seeds the demo county in its beforeAll (~3 min on a loaded 2-core machine, of which ~20 s are the
    // demo's dues, decision 0022)
    hookTimeout: 300_000,
    fileParallelism: false,
    pool: 'forks',
  },
});
