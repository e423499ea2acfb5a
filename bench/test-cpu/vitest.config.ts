/**
 * `TEST_CPU_LOG=FILE npx vitest run --config bench/test-cpu/vitest.config.ts [--coverage] FILES`: the check's tests
 * as vitest.config.ts runs them, each database file's CPU (its fork's and its waited children's) and the global
 * setup's appended to FILE as JSON lines (decision 0028's addendum of session 20). CPU, not wall: the machine is
 * shared. `bench/test-cpu/fixed-cost.test.ts` is a trivial database file: the fixed cost of one.
 */
import { defineConfig, mergeConfig } from 'vitest/config';
import base from '../../vitest.config.js';

const root = new URL('../..', import.meta.url).pathname;
const projects = base.test!.projects as { test: Record<string, unknown> }[];

export default mergeConfig(
  { ...base, test: { ...base.test, projects: undefined } },
  defineConfig({
    root,
    test: {
      projects: projects.map((p) =>
        p.test.name === 'db'
          ? {
              test: {
                ...p.test,
                include: [...(p.test.include as string[]), 'bench/test-cpu/*.test.ts'],
                setupFiles: ['bench/test-cpu/setup.ts'],
                globalSetup: ['bench/test-cpu/global-setup.ts'],
              },
            }
          : p,
      ),
    },
  }),
);
