/**
 * The demo county every check of test/demo/checks/ reads: seeded ONCE per engine by county.db.test.ts (decision
 * 0041), a small county (seed 20261122, scale 0.1) as of the harness's today. The checks only read it.
 */
import type { DbHarness } from '../../helpers/db.js';
import { seedDemo, type DemoSummary } from '../../../src/services/demo.js';
import { refreshDuesAll } from '../../../src/services/dues-rollup.js';

export const SEED = 20261122;
export const SCALE = 0.1;

/**
 * The county, with the dues rollup's orgs the seeding left marked brought up to date: the first read of the rollup
 * does that (a write), and the checks must only read (the dues check still reads the refreshed rollup).
 */
export async function seedCounty(h: DbHarness): Promise<DemoSummary> {
  const summary = await seedDemo(h.ctx(), {
    scale: 'county',
    seed: SEED,
    countyScale: SCALE,
    log: process.env.DEMO_LOG ? console.log : undefined,
  });
  await refreshDuesAll(h.db);
  return summary;
}

/** The seeded database's harness and what the seeding returned (once the seeding hook has run). */
export interface County {
  h: DbHarness;
  summary: () => DemoSummary;
}
