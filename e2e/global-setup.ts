/**
 * Seeds the demo county ONCE per e2e run (a minute or more on a loaded machine: the county's members, a year of
 * dues, meetings, recruitment, transfers) into a template data folder; every journey file then starts its server on
 * its own copy of that folder (harness.ts), so journeys that write stay isolated from each other.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { chromium } from 'playwright-core';
import { startServer } from '../src/main.js';
import { loadConfig } from '../src/config.js';
import { seedDemo, type DemoSummary } from '../src/services/demo.js';
import { systemClock } from '../src/services/context.js';
import { DEFAULT_SETTINGS } from '../src/policy/settings.js';
import { withAuditSession } from '../src/db/client.js';
import { runDueJobs } from '../src/services/jobs.js';
import { CHROMIUM, CHROMIUM_ARGS } from './chromium.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** the seeded template data folder: copy it, never open it (harness.ts) */
    e2eTemplateDir: string;
    e2eDemo: DemoSummary;
    /** the run's folder for the journey files' copies of the template (harness.ts), deleted at the run's end */
    e2eCopies: string;
    /** the run's one Chromium (a browser server): each file connects to it (harness.ts) */
    e2eBrowser: string;
  }
}

/**
 * `E2E_TEMPLATE=DIR`: the template is kept in DIR (its summary in DIR.json) and a run the same day starts from it
 * (the demo is dated from today; each journey's server migrates its copy at start) — for local runs of a few
 * journeys, and for CI, which seeds it beside `npm run check` (e2e/seed-template.ts; decision 0028's addendum of
 * session 15). Without it, or when DIR holds no template of today, the run seeds its own (into DIR when given).
 */
export default async function setup(project: TestProject) {
  const t0 = Date.now();
  const keep = process.env.E2E_TEMPLATE || null;
  const kept = keep ? keptTemplate(keep) : null;
  const dataDir = keep ?? mkdtempSync(join(tmpdir(), 'jiceng-e2e-template-'));
  const demo = kept ?? (await seedTemplate(dataDir));
  console.log(
    kept
      ? `e2e: the demo county seeded earlier today (${dataDir})`
      : `e2e: demo county seeded once in ${Math.round((Date.now() - t0) / 1000)} s (${dataDir})`,
  );
  project.provide('e2eTemplateDir', dataDir);
  project.provide('e2eDemo', demo);
  const copies = mkdtempSync(join(tmpdir(), 'jiceng-e2e-copies-'));
  project.provide('e2eCopies', copies);
  // one Chromium for the whole run: a launch costs ~5 s of CPU after it returns (its start-up work — a top-chrome
  // WebUI renderer, the on-device model service — runs on), once per file when every file launched its own
  // (decision 0028's addendum of session 18); each file connects and closes only its own contexts
  const browser = await chromium.launchServer({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  project.provide('e2eBrowser', browser.wsEndpoint());
  return async () => {
    await browser.close();
    // the copies made for a next file that never came (harness.ts), deleted by a process of their own: ~200 MB each
    spawn('rm', ['-rf', '--', copies], { detached: true, stdio: 'ignore' }).unref();
    if (!keep) rmSync(dataDir, { recursive: true, force: true });
  };
}

/** The demo summary of a template seeded today in `dir` (`dir`.json), else null. */
export function keptTemplate(dir: string): DemoSummary | null {
  if (!existsSync(`${dir}.json`) || !existsSync(dir)) return null;
  const kept = JSON.parse(readFileSync(`${dir}.json`, 'utf8')) as { day: string; demo: DemoSummary };
  return kept.day === systemClock.today() ? kept.demo : null;
}

/**
 * Seeds the demo county into a new template data folder `dataDir` (emptied first) through the real server's start,
 * closes it (the audit chain's head anchored, the folder released: it can be copied from then on) and writes the
 * summary beside it (`dataDir`.json).
 */
export async function seedTemplate(dataDir: string): Promise<DemoSummary> {
  rmSync(`${dataDir}.json`, { force: true });
  rmSync(dataDir, { recursive: true, force: true });
  const config = loadConfig({
    JICENG_DATA_DIR: dataDir,
    PORT: 0,
    HOST: '127.0.0.1',
    JICENG_LOG_LEVEL: 'warn',
  });
  // the real server's start (migrations, planner statistics, audit key and anchor files), as a journey's server
  const { app, db } = await startServer(config);
  let demo: DemoSummary;
  let walInUse: string;
  try {
    demo = await seedDemo(
      {
        db: withAuditSession(db, { actorId: null, label: 'system:e2e', ip: null }),
        clock: systemClock,
        actor: { kind: 'system', label: 'e2e' } as const,
        settings: DEFAULT_SETTINGS,
      },
      { scale: 'county' },
    );
    // the jobs the seeding made due (life.roll after a settings change) run here once, not in every journey's
    // server at its start, as the server's one-minute timer used to run them while a file seeded
    await runDueJobs(db, systemClock);
    walInUse = (await db.query<{ f: string }>('SELECT pg_walfile_name(pg_current_wal_insert_lsn()) AS f'))[0]!
      .f;
  } finally {
    // closing anchors the audit chain's head and releases the folder: it can be copied from now on
    await app.close();
  }
  dropSpareWal(dataDir, walInUse);
  writeFileSync(`${dataDir}.json`, JSON.stringify({ day: systemClock.today(), demo }));
  return demo;
}

/**
 * The seeding leaves ~16 WAL segments of 16 MB in the folder (257 of its ~400 MB): the ones it wrote, kept for
 * recycling under new names. After the clean shutdown's checkpoint a server starting on the folder reads only the
 * segment holding that checkpoint — the segment in use before closing, or the next one if the shutdown's last records
 * crossed into it — and creates new segments as it needs them. The others are removed here, once, so every journey
 * file's copy of the folder is ~240 MB smaller (decision 0028's addendum of session 13).
 */
function dropSpareWal(dataDir: string, inUse: string) {
  const segment = /^[0-9A-F]{24}$/;
  if (!segment.test(inUse)) throw new Error(`e2e: unexpected WAL file name ${inUse}`);
  const walDir = join(dataDir, 'pg_wal');
  // a name is the timeline, then the segment's number as 4 GB of WAL (8 hex digits) and the segment within them
  // (8); keep the one in use and the two after it
  const perLog = 0x1_0000_0000n / BigInt(statSync(join(walDir, inUse)).size);
  const number = (name: string) => BigInt(`0x${name.slice(8, 16)}`) * perLog + BigInt(`0x${name.slice(16)}`);
  const first = number(inUse);
  for (const name of readdirSync(walDir)) {
    if (!segment.test(name)) continue;
    const n = number(name);
    if (name.slice(0, 8) !== inUse.slice(0, 8) || n < first || n > first + 2n) rmSync(join(walDir, name));
  }
}
