/**
 * The province demo's year of branch life and dues (issues 11–14 "Performance": "the province demo, 300k orgs, 5M
 * members, a year of meetings and dues"), added to an existing `jbench_province` (`npm run bench -- stats` seeds its
 * orgs and members).
 *
 * County by county, in the province generator's order, each county in its own transaction: committees (every org a
 * secretary, bigger ones a committee of five), then the demo county's own set-based writers scoped to the county's
 * subtree — a year of 三会一课 with attendance, party groups and their monthly meetings, heart talks, the 民主评议
 * grades, some terms overdue or postponed (writeDemoMeetings), a year of dues bases, reliefs, monthly and quarterly
 * payments with arrears and township remittances (writeDemoDues), and a recruitment pipeline of applicants,
 * activists and candidates, about --pipeline-share cases per full member (writeDemoPipeline). The writers are the
 * demo county's, so every row is a possible history (only on days the org existed and the member was on its roster)
 * and the dice are md5 rolls of org codes and member ids: the same county gets the same year every time. The rows are generated inside
 * PostgreSQL by INSERT … SELECT from the roster already there: nothing passes through this process, and nothing
 * holds more than one county.
 *
 * A county done is recorded in `jbench_activity` in the same transaction, so the step can be stopped (--max-seconds)
 * and re-run: it goes on with the next county not done. At the end the written tables are analysed. The rollups
 * and warnings are not built here: `province-figures` times their full recomputation.
 *
 *   npm run bench -- province-activity [--database jbench_province] [--max-seconds 0] [--counties 0]
 *                                      [--pipeline-share 0.4] [--workers 1]
 */
import { appendFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { openDb, withAuditSession, type Db } from '../src/db/client.js';
import { migrate } from '../src/db/migrate.js';
import { DEFAULT_SETTINGS } from '../src/policy/settings.js';
import { SYSTEM_ACTOR } from '../src/domain/access/policy.js';
import { fixedClock, type Ctx } from '../src/services/context.js';
import { demoCommittees } from '../src/services/demo.js';
import { writeDemoMeetings } from '../src/services/demo-meetings.js';
import { writeDemoDues } from '../src/services/demo-dues.js';
import { writeDemoPipeline } from '../src/services/demo-pipeline.js';
import { PROVINCE } from '../src/domain/demo/places.js';
import { countyKey } from '../src/domain/demo/county.js';
import { BENCH_TODAY, RESULTS, dbUrl, ensureOut, fmtInt, pgDatabaseExists } from './common.js';

export interface ActivityOptions {
  database: string;
  /** stop starting counties after this many seconds (0: no limit) */
  maxSeconds: number;
  /** at most this many counties in this run (0: all) */
  counties: number;
  /** recruitment cases per full member (0.4: the issue's ~2M people in the pipeline for 5M members) */
  pipelineShare: number;
  /** counties written at once, each on its own connection (their audit entries serialise the commits) */
  workers: number;
}

const TABLES = [
  'committee_post',
  'meeting',
  'meeting_attendance',
  'party_group',
  'party_group_member',
  'heart_talk',
  'heart_talk_party',
  'member_appraisal',
  'org_term',
  'dues_basis',
  'dues_relief',
  'dues_payment',
  'dues_remittance',
  'recruitment_case',
  'recruitment_step',
];

async function rowCounts(db: Db): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of TABLES)
    out[t] = (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${t}`))[0]!.n;
  return out;
}

const load = () => Math.round(loadavg()[0]! * 10) / 10;

/** The province database opened and migrated, with a system context on the day it was seeded for. */
export async function openProvince(database: string): Promise<{ db: Db; ctx: Ctx; today: string }> {
  ensureOut();
  if (!(await pgDatabaseExists(database)))
    throw new Error(`${database} does not exist: seed it first (npm run bench -- stats --members 5000000)`);
  const db = await openDb({ databaseUrl: dbUrl(database) });
  await migrate(db);
  const today = BENCH_TODAY;
  const ctx: Ctx = {
    db: withAuditSession(db, { actorId: null, label: 'system:bench', ip: null }),
    clock: fixedClock(today),
    actor: SYSTEM_ACTOR,
    settings: DEFAULT_SETTINGS,
  };
  return { db, ctx, today };
}

export async function provinceActivity(o: ActivityOptions): Promise<void> {
  const { db, ctx, today } = await openProvince(o.database);
  await db.query(
    `CREATE TABLE IF NOT EXISTS jbench_activity (
       county text PRIMARY KEY, path text NOT NULL, members int NOT NULL, seconds float8 NOT NULL, meetings int NOT NULL,
       attendance int NOT NULL, payments int NOT NULL, cases int NOT NULL,
       done_at timestamptz NOT NULL DEFAULT now())`,
  );
  const codes = PROVINCE.counties.map((c) => `${countyKey(c.code)}00`);
  const found = await db.query<{ code: string; path: string; members: number }>(
    `SELECT o.code, o.path,
            coalesce((SELECT sum(s.n) FROM org_stat s WHERE s.org_id = o.id AND s.dim = 'status'), 0)::int AS members
       FROM org o WHERE o.code = ANY($1::text[])`,
    [codes],
  );
  const byCode = new Map(found.map((r) => [r.code, r]));
  const done = new Set(
    (await db.query<{ county: string }>('SELECT county FROM jbench_activity')).map((r) => r.county),
  );
  const todo = codes.filter((c) => byCode.has(c) && !done.has(c));
  console.log(
    `${o.database}: ${found.length} counties, ${done.size} done before, ${todo.length} to do; today ${today}, load ${load()}`,
  );
  const t0 = performance.now();
  const load0 = load();
  let n = 0;
  let members = 0;
  const sums = { meetings: 0, attendance: 0, payments: 0, cases: 0 };
  const county = async (code: string) => {
    const c = byCode.get(code)!;
    const s0 = performance.now();
    const r = await ctx.db.transaction(async (tx) => {
      const txCtx = { ...ctx, db: tx };
      await demoCommittees(tx, today, c.path);
      const life = await writeDemoMeetings(txCtx, tx, today, c.path);
      const dues = await writeDemoDues(txCtx, tx, today, c.path);
      const pipeline = o.pipelineShare
        ? await writeDemoPipeline(txCtx, tx, today, o.pipelineShare, c.path)
        : { cases: 0, steps: 0 };
      const seconds = (performance.now() - s0) / 1000;
      await tx.query(
        `INSERT INTO jbench_activity (county, path, members, seconds, meetings, attendance, payments, cases)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [code, c.path, c.members, seconds, life.meetings, life.attendance, dues.payments, pipeline.cases],
      );
      return { life, dues, pipeline, seconds };
    });
    n++;
    // the planner learns the growing tables' sizes as it goes (autovacuum lags behind a bulk load)
    if (n === 1 || n % 20 === 0) await db.exec(`ANALYZE ${TABLES.join(', ')}`);
    members += c.members;
    sums.meetings += r.life.meetings;
    sums.attendance += r.life.attendance;
    sums.payments += r.dues.payments;
    sums.cases += r.pipeline.cases;
    console.log(
      `[${((performance.now() - t0) / 1000).toFixed(0)} s] ${code} (${fmtInt(c.members)} members): ` +
        `${fmtInt(r.life.meetings)} meetings, ${fmtInt(r.life.attendance)} attendance, ${fmtInt(r.dues.payments)} payments, ${fmtInt(r.pipeline.cases)} cases, ` +
        `${r.seconds.toFixed(1)} s, load ${load()}`,
    );
  };
  let next = 0;
  const worker = async () => {
    for (;;) {
      if (next >= todo.length) return;
      if (o.counties && next >= o.counties) return;
      if (o.maxSeconds && (performance.now() - t0) / 1000 > o.maxSeconds) return;
      await county(todo[next++]!);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, o.workers) }, () => worker()));
  const writeSeconds = (performance.now() - t0) / 1000;
  const a0 = performance.now();
  await db.exec(`ANALYZE ${TABLES.join(', ')}`);
  const analyseSeconds = (performance.now() - a0) / 1000;
  const [size] = await db.query<{ mb: number }>(
    'SELECT (pg_database_size(current_database()) / 1048576)::int AS mb',
  );
  const [all] = await db.query<{ n: number; members: number }>(
    'SELECT count(*)::int AS n, coalesce(sum(members), 0)::int AS members FROM jbench_activity',
  );
  const rows = await rowCounts(db);
  await db.close();
  const result = {
    at: new Date().toISOString(),
    what: 'province-activity',
    database: o.database,
    countiesThisRun: n,
    workers: o.workers,
    membersThisRun: members,
    ...sums,
    seconds: writeSeconds,
    membersPerSec: members / writeSeconds,
    analyseSeconds,
    countiesDone: all!.n,
    countiesInProvince: found.length,
    membersCovered: all!.members,
    databaseMb: size!.mb,
    rows,
    loadStart: load0,
    loadEnd: load(),
  };
  appendFileSync(RESULTS, JSON.stringify(result) + '\n');
  console.log(JSON.stringify(result, null, 2));
}
