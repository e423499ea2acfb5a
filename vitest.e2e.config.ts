import { defineConfig } from 'vitest/config';
import { slowFirst } from './test/helpers/slow-first.js';

/**
 * The journey files that take longest, longest first (their seconds one at a time in session 18's local run). Two
 * files run at a time: a fresh clone (CI) has no timings, so vitest would start the largest files first and a long
 * file could start last and run alone while the other worker had nothing left. These start first; the rest follow
 * in vitest's order (decision 0028's addendum of session 19).
 */
const SLOW_FIRST = [
  'e2e/nav.e2e.ts', // 61 s
  'e2e/grants.e2e.ts', // 58 s
  'e2e/guide.e2e.ts', // 53 s
  'e2e/phone.e2e.ts', // 39 s
  'e2e/divisions.e2e.ts', // 36 s
  'e2e/terms.e2e.ts', // 35 s
  'e2e/dues.e2e.ts', // 33 s
  'e2e/life-records.e2e.ts', // 32 s
  'e2e/screening.e2e.ts', // 31 s
];

// Journeys in Debian's Chromium through playwright-core; one server per file on its own copy of the demo county
// (seeded once per run: global-setup.ts), one browser server per run with each file in its own contexts. Two files
// at a time, slowest first (decision 0028's addenda of sessions 19 and 20: session 19's one failure beside another
// file was the sampling journey's own retry drawing this year's meetings instead of last month's — a draw-dependent
// bug of the journey, not of running two files at a time).
export default defineConfig({
  test: {
    include: ['e2e/**/*.e2e.ts'],
    globalSetup: ['e2e/global-setup.ts'],
    setupFiles: ['e2e/setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 300_000,
    fileParallelism: true,
    maxWorkers: 2,
    pool: 'forks',
    // each worker's process runs its files one after another (decision 0028's addendum of session 21): a file's
    // start no longer imports the server and playwright-core again (~3 s of CPU) nor compiles PGlite's
    // WebAssembly again (~2 s); a file's server, database copy and browser contexts are still its own
    isolate: false,
    sequence: { sequencer: slowFirst(SLOW_FIRST) },
  },
});
