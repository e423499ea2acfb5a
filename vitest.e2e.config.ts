import { defineConfig } from 'vitest/config';

// Journeys in Debian's Chromium through playwright-core; one browser and one server per file, files in sequence.
export default defineConfig({
  test: {
    include: ['e2e/**/*.e2e.ts'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    fileParallelism: false,
    pool: 'forks',
  },
});
