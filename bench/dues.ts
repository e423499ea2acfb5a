/**
 * Dues benchmarks (issue 12 "Performance", decisions 0020 and 0022), in one child process per engine:
 *
 *   1. a county's year of 党费缴纳 ledger rows imported end to end from .csv — read, checked against each member's
 *      roster and dues, written, committed — against a straight COPY of the same payments into dues_payment in the
 *      same run (the floor of any import: no checks at all);
 *   2. the same file again (every payment already recorded: nothing written);
 *   3. the dues status of the whole county for today's month from the maintained rollup (decision 0031): the
 *      subtree's totals (two primary-key reads), all 20k member lines, a page of 50 (filtered or not), the summary
 *      by org — median and p95 of 20 — against a one-row primary-key read in the same run, and the same reads live
 *      (every member judged) for comparison.
 *
 * The county is the demo county with its demo dues (`jiceng demo`, ~20k members). Its payments are written out as
 * the ledger (months as 2026.01-2026.03 for a quarter), then deleted before the import.
 *
 *   npm run bench -- dues [--engines pglite,postgres]
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openDb, withAuditSession, type Db } from '../src/db/client.js';
import { migrate } from '../src/db/migrate.js';
import { DEFAULT_SETTINGS } from '../src/policy/settings.js';
import { SYSTEM_ACTOR } from '../src/domain/access/policy.js';
import { fixedClock, type Ctx } from '../src/services/context.js';
import { seedDemo } from '../src/services/demo.js';
import { importDuesPayments } from '../src/services/dues-imports.js';
import { getDuesStatus, getDuesSummary } from '../src/services/dues.js';
import { rebuildDues } from '../src/services/dues-rollup.js';
import { duesTotals } from '../src/db/repositories/dues-rollup.js';
import { loadavg } from 'node:os';
import { DUES_METHODS } from '../src/shared/codes.js';
import {
  BENCH_TODAY,
  OUT,
  dbUrl,
  dropPgDatabase,
  admin,
  median,
  peakRssMb,
  quantile,
  type Engine,
} from './common.js';

export interface DuesArgs {
  engine: Engine;
}

const HEADER = [
  '公民身份号码',
  '姓名',
  '缴纳月份',
  '金额（元）',
  '缴纳日期',
  '缴纳方式',
  '自愿多交（元）',
  '代交人',
];
const METHOD_ZH = new Map<string, string>(DUES_METHODS.map((m) => [m.code, m.zh]));
const yuan = (fen: number) => `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;

async function ledgerRows(db: Db): Promise<string[][]> {
  const rows = await db.query<{
    idNumber: string;
    name: string;
    fromMonth: string;
    toMonth: string;
    amount: number;
    voluntary: number;
    paidOn: string;
    method: string;
    paidBy: string | null;
  }>(
    `SELECT pe.id_number AS "idNumber", pe.name, to_char(p.from_month, 'YYYY.MM') AS "fromMonth",
            to_char(p.to_month, 'YYYY.MM') AS "toMonth", p.amount_fen AS amount, p.voluntary_fen AS voluntary,
            p.paid_on::text AS "paidOn", p.method, p.paid_by AS "paidBy"
       FROM dues_payment p JOIN member m ON m.id = p.member_id JOIN person pe ON pe.id = m.person_id
      ORDER BY p.id`,
  );
  return rows.map((r) => [
    r.idNumber,
    r.name,
    r.fromMonth === r.toMonth ? r.fromMonth.replace('.', '-') : `${r.fromMonth}-${r.toMonth}`,
    yuan(r.amount),
    r.paidOn,
    METHOD_ZH.get(r.method)!,
    r.voluntary ? yuan(r.voluntary) : '',
    r.paidBy ?? '',
  ]);
}

export async function duesChild(a: DuesArgs) {
  // the pid: two runs in two checkouts must not drop each other's database (as 5bc265a for the imports)
  const name = `jdues_bench_${a.engine}_${process.pid}`;
  let location: string;
  if (a.engine === 'postgres') {
    await dropPgDatabase(name);
    await admin((c) => c.query(`CREATE DATABASE ${name}`));
    location = dbUrl(name);
  } else {
    location = join(OUT, name);
    rmSync(location, { recursive: true, force: true });
  }
  const db = await openDb(a.engine === 'postgres' ? { databaseUrl: location } : { dataDir: location });
  await migrate(db);
  const ctx: Ctx = {
    db: withAuditSession(db, { actorId: null, label: 'system:bench', ip: null }),
    clock: fixedClock(BENCH_TODAY),
    actor: SYSTEM_ACTOR,
    settings: DEFAULT_SETTINGS,
  };
  const t0 = performance.now();
  const demo = await seedDemo(ctx, { scale: 'county' });
  const result: Record<string, unknown> = {
    what: 'dues',
    engine: a.engine,
    orgs: demo.orgs,
    members: demo.members,
    demo_s: (performance.now() - t0) / 1000,
  };
  const ledger = await ledgerRows(db);
  result.rows = ledger.length;
  const dir = join(OUT, 'dues-ledger');
  mkdirSync(dir, { recursive: true });
  const csv = join(dir, `dues-${a.engine}.csv`);
  writeFileSync(csv, [HEADER, ...ledger].map((r) => r.join(',')).join('\r\n') + '\r\n');
  // the floor: the same payments straight back from a plain table (kept aside) with no row triggers at all —
  // no audit, no foreign-key checks (session_replication_role = replica), as a restore loads them; only the table's
  // own indexes (the payment identity) are maintained. The import is reported as floor / import of the same run.
  await db.query('CREATE TABLE jbench_payments AS SELECT * FROM dues_payment');
  await db.query('TRUNCATE dues_payment');
  const c0 = performance.now();
  await db.transaction(async (tx) => {
    await tx.query(
      "SELECT set_config('jiceng.bulk', 'on', true), set_config('session_replication_role', 'replica', true)",
    );
    await tx.query('INSERT INTO dues_payment SELECT * FROM jbench_payments');
  });
  result.copy_s = (performance.now() - c0) / 1000;
  await db.query('TRUNCATE dues_payment');
  if (a.engine === 'postgres') await db.query('VACUUM ANALYZE');

  // 1. the import
  const i0 = performance.now();
  const r = await importDuesPayments(ctx, { path: csv });
  result.import_s = (performance.now() - i0) / 1000;
  result.floor_ratio = (result.copy_s as number) / (result.import_s as number);
  result.inserted = r.inserted;
  result.rejected = r.rejectedTotal;
  result.warnings = r.warningTotal;
  if (r.rejectedTotal) result.firstRejected = r.rejected[0];
  // 2. again: nothing to write
  const i1 = performance.now();
  const again = await importDuesPayments(ctx, { path: csv });
  result.reimport_s = (performance.now() - i1) / 1000;
  result.reimportInserted = again.inserted;
  if (a.engine === 'postgres') await db.query('VACUUM ANALYZE');

  // 3. the county's month: the rollup rebuilt (the job's work; the import left the county's orgs marked), then
  // read from it; the same reads live (the state dropped) in the same run; a one-row primary-key read as the
  // baseline of what any query costs on this machine at this moment
  const r0 = performance.now();
  const built = await rebuildDues(db, BENCH_TODAY);
  result.rollup_rebuild_s = (performance.now() - r0) / 1000;
  result.rollup_cells = built.cells;
  const root = demo.rootCode!;
  const rootId = (await db.query<{ id: number }>('SELECT id FROM org WHERE code = $1', [root]))[0]!.id;
  const month = BENCH_TODAY.slice(0, 7);
  const cases: [string, () => Promise<unknown>][] = [
    ['baseline_pk', () => db.query('SELECT id, code, name FROM org WHERE id = $1', [rootId])],
    ['totals', () => duesTotals(db, [rootId], month, month)],
    ['status', () => getDuesStatus(ctx, root, { month })],
    ['status_page', () => getDuesStatus(ctx, root, { month, limit: 50, offset: 500 })],
    ['status_page_short', () => getDuesStatus(ctx, root, { month, filter: 'short', limit: 50 })],
    ['summary', () => getDuesSummary(ctx, root, { month })],
    ['live_status', () => getDuesStatus(ctx, root, { month, asOf: BENCH_TODAY, limit: 50 })],
    ['live_summary', () => getDuesSummary(ctx, root, { month, asOf: BENCH_TODAY })],
  ];
  for (const [key, fn] of cases) {
    if (key === 'live_status') await db.query('DELETE FROM dues_state');
    const runs = key.startsWith('live') ? 5 : 23;
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const s0 = performance.now();
      await fn();
      if (i >= 3 || key.startsWith('live')) times.push(performance.now() - s0);
    }
    times.sort((x, y) => x - y);
    result[`${key}_ms`] = median(times);
    result[`${key}_p95_ms`] = quantile(times, 0.95);
  }
  result.statusMembers = (await getDuesStatus(ctx, root, { month })).counts.members;
  result.load = loadavg();
  result.peakRssMb = peakRssMb();
  result.seconds = result.import_s;
  await db.close();
  if (a.engine === 'postgres') await dropPgDatabase(name);
  else rmSync(location, { recursive: true, force: true });
  return result;
}
