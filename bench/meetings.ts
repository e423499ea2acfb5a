/**
 * Organisational life benchmarks (issue 11 "Performance", decisions 0019, 0024, 0030), in one child process per
 * engine, measuring what a user gets — the maintained rollup kept by its triggers throughout:
 *
 *   0. the county's demo meetings deleted through the bulk delete (`deleteMeetingsIn`: one chained audit entry, the
 *      rollup's statement triggers marking the orgs and the refresh in the same transaction — not a TRUNCATE, which
 *      bypasses the triggers and leaves the rollup describing meetings that are gone);
 *   1. a county's year of 三会一课 ledger rows (~25k) imported end to end — file read, checked, matched to the
 *      rosters, written with attendance, the rollup refreshed, committed — from .xlsx and from .csv; beside it, in the
 *      same run, a plain copy of the same attendance rows (`CREATE TABLE AS`) as the machine's floor;
 *   2. the same file again (every row already recorded: nothing written);
 *   3. compliance of the whole county for a year through the rollup (today) and computed live (as of yesterday),
 *      a township's and a branch's through the rollup, the subtree totals (`rollupTotals`, the read that does not
 *      grow with the subtree: the province target), and the heat map of this and last year — median and p95 of 20;
 *   4. the full recomputation of the rollup (`rebuildLife`, the daily job), median of 3;
 *   5. recording one meeting with its attendance through the use case (one transaction, its org's and ancestors'
 *      cells refreshed), median and p95 of 30, checked against a full recomputation afterwards.
 *
 * The county is the demo county (`jiceng demo`, ~20k members, ~800 orgs). Its own demo meetings are turned into
 * the ledger (each branch's theme days, general meetings and lectures, committee meetings, with their absentees and
 * reasons) and deleted before the import, topped up with extra committee-meeting rows to the row count asked for.
 * The machine is shared: the load average is recorded at the start and the end of each step.
 *
 *   npm run bench -- meetings [--engines pglite,postgres] [--rows 25000]
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { openDb, withAuditSession, type Db } from '../src/db/client.js';
import { migrate } from '../src/db/migrate.js';
import { DEFAULT_SETTINGS } from '../src/policy/settings.js';
import { SYSTEM_ACTOR } from '../src/domain/access/policy.js';
import { fixedClock, type Ctx } from '../src/services/context.js';
import { seedDemo } from '../src/services/demo.js';
import { importMeetings } from '../src/services/imports.js';
import { deleteMeetingsIn, getCompliance, recordMeeting } from '../src/services/meetings.js';
import { getComplianceMap } from '../src/services/compliance-map.js';
import { lifeReady, rebuildLife, rollupTotals } from '../src/services/life-rollup.js';
import { writeXlsx } from '../src/io/write-xlsx.js';
import { MEETING_KINDS } from '../src/shared/codes.js';
import { addDays } from '../src/shared/dates.js';
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

export interface MeetingsArgs {
  engine: Engine;
  rows: number;
}

const HEADER = [
  '组织编码',
  '会议类型',
  '召开日期',
  '主题',
  '主持人',
  '应到人数',
  '实到人数',
  '缺席人员',
  '记录人',
];
const ZH = new Map<string, string>(MEETING_KINDS.map((k) => [k.code, k.zh]));

async function ledgerRows(db: Db, want: number): Promise<string[][]> {
  // the demo's meetings as a ledger: kinds, day, topic, absentees with their reasons
  const rows = await db.query<{
    code: string;
    kinds: string[];
    heldOn: string;
    topic: string;
    expected: number;
    absent: string | null;
  }>(
    `SELECT o.code, mt.kinds, mt.held_on::text AS "heldOn", mt.topic,
            (SELECT count(*)::int FROM meeting_attendance a WHERE a.meeting_id = mt.id) AS expected,
            (SELECT string_agg(p.name || CASE WHEN a.reason IS NOT NULL THEN '（' || a.reason || '）' ELSE '' END, '、')
               FROM meeting_attendance a JOIN member m ON m.id = a.member_id JOIN person p ON p.id = m.person_id
              WHERE a.meeting_id = mt.id AND a.status <> 'present') AS absent
       FROM meeting mt JOIN org o ON o.id = mt.org_id ORDER BY o.code, mt.held_on`,
  );
  const out: string[][] = rows.map((r) => {
    const n = r.absent ? r.absent.split('、').length : 0;
    return [
      r.code,
      r.kinds.map((k) => ZH.get(k)!).join('、'),
      r.heldOn,
      r.topic,
      '书记',
      String(r.expected),
      String(r.expected - n),
      r.absent ?? '',
      '委员',
    ];
  });
  // topped up with committee meetings of the branches on days the demo has none
  const codes = [...new Set(rows.map((r) => r.code))];
  let i = 0;
  while (out.length < want && codes.length) {
    const code = codes[i % codes.length]!;
    const day = addDays(BENCH_TODAY, -(7 + Math.floor(i / codes.length) * 9));
    out.push([code, '支部委员会', day, `支委会研究工作（${i}）`, '书记', '', '', '', '委员']);
    i++;
  }
  // one row per meeting identity (org, day, kinds, topic), as a ledger lists them
  const seen = new Set<string>();
  return out
    .filter((r) => {
      const k = `${r[0]}|${r[2]}|${r[1]}|${r[3]}`;
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    })
    .slice(0, want);
}

/** The one-minute load average now (the machine is shared: figures are read against it). */
const load = () => Math.round(loadavg()[0]! * 10) / 10;

/** Median and p95 (ms) of `n` runs of `fn` after 3 warm-ups. */
async function timed(n: number, fn: () => Promise<unknown>): Promise<{ median: number; p95: number }> {
  const xs: number[] = [];
  for (let i = 0; i < n + 3; i++) {
    const t0 = performance.now();
    await fn();
    if (i >= 3) xs.push(performance.now() - t0);
  }
  xs.sort((x, y) => x - y);
  return { median: Math.round(median(xs) * 10) / 10, p95: Math.round(quantile(xs, 0.95) * 10) / 10 };
}

/** The rollup's cells as a sorted text, to compare the maintained cells with a full recomputation. */
async function rollupText(db: Db): Promise<string> {
  const own = await db.query<{ t: string }>(
    `SELECT string_agg(concat_ws('|', org_id, year, type, expected, held, pending), ',' ORDER BY org_id, year, type) AS t
       FROM life_own`,
  );
  const roll = await db.query<{ t: string }>(
    `SELECT string_agg(concat_ws('|', org_id, year, type, period, expected, held, pending), ','
                       ORDER BY org_id, year, type, period) AS t
       FROM life_roll WHERE expected <> 0 OR held <> 0 OR pending <> 0`,
  );
  return `${own[0]?.t ?? ''}#${roll[0]?.t ?? ''}`;
}

export async function meetingsChild(a: MeetingsArgs) {
  // not jbench_*: `bench clean` (perhaps run by someone else meanwhile) drops those
  // the pid: two runs in two checkouts must not drop each other's database (as 5bc265a for the imports)
  const name = `jlife_meetings_${a.engine}_${process.pid}`;
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
  const demo = await seedDemo(ctx, { scale: 'county' });
  const ledger = await ledgerRows(db, a.rows);
  const root = demo.rootCode!;
  const result: Record<string, unknown> = {
    what: 'meetings',
    engine: a.engine,
    orgs: demo.orgs,
    members: demo.members,
    rows: ledger.length,
    load_start: load(),
  };
  // 0. the demo's meetings deleted as a user's bulk delete would (triggers and refresh included)
  {
    const t0 = performance.now();
    const d = await deleteMeetingsIn(ctx, root);
    result.delete_s = Math.round(performance.now() - t0) / 1000;
    result.deleted = d;
  }
  if (a.engine === 'postgres') await db.query('VACUUM ANALYZE');
  const dir = join(OUT, 'meetings-ledger');
  mkdirSync(dir, { recursive: true });
  const csv = join(dir, `ledger-${a.rows}.csv`);
  const xlsx = join(dir, `ledger-${a.rows}.xlsx`);
  const cell = (c: string) => (/[",\r\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c);
  writeFileSync(csv, [HEADER, ...ledger].map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n');
  await writeXlsx(
    { path: xlsx },
    {
      name: '三会一课台账',
      columns: HEADER.map((h, i) => ({ header: h, key: String(i), width: 12, kind: 'text' as const })),
    },
    (async function* () {
      for (const r of ledger) yield Object.fromEntries(r.map((v, i) => [String(i), v]));
    })(),
  );

  // 1. the xlsx import into the empty meeting tables, then the csv one after deleting them again
  for (const [fmt, file] of [
    ['xlsx', xlsx],
    ['csv', csv],
  ] as const) {
    const t0 = performance.now();
    const r = await importMeetings(ctx, { path: file });
    result[`import_${fmt}_s`] = (performance.now() - t0) / 1000;
    if (r.inserted !== ledger.length)
      throw new Error(`inserted ${r.inserted}: ${JSON.stringify(r.rejected[0])}`);
    result.warnings = r.warningTotal;
    if (fmt === 'xlsx') {
      // 2. the same file again: nothing to write
      const t1 = performance.now();
      const again = await importMeetings(ctx, { path: file });
      result.reimport_s = (performance.now() - t1) / 1000;
      if (again.unchanged !== ledger.length) throw new Error(`re-import changed ${again.inserted}`);
      const t2 = performance.now();
      await deleteMeetingsIn(ctx, root);
      result.delete_imported_s = Math.round(performance.now() - t2) / 1000;
    }
  }
  result.attendanceRows = (
    await db.query<{ n: number }>('SELECT count(*)::int AS n FROM meeting_attendance')
  )[0]!.n;
  if (a.engine === 'postgres') await db.query('VACUUM ANALYZE');

  // the machine's floor in the same run: a plain copy of the same attendance rows
  {
    const t0 = performance.now();
    await db.query('CREATE TABLE bench_attendance_copy AS SELECT * FROM meeting_attendance');
    result.copy_attendance_s = Math.round(performance.now() - t0) / 1000;
    await db.query('DROP TABLE bench_attendance_copy');
    result.import_to_copy =
      Math.round(((result.import_csv_s as number) / (result.copy_attendance_s as number)) * 10) / 10;
  }
  result.load_after_import = load();

  // 3. compliance of the county for the year: through the rollup (today) and live (as of yesterday)
  const range = { from: addDays(BENCH_TODAY, -364).slice(0, 7) + '-01', to: BENCH_TODAY };
  if (!(await lifeReady(db, BENCH_TODAY))) throw new Error("the rollup is not today's");
  const [township] = await db.query<{ code: string }>(
    `SELECT o.code FROM org o JOIN org r ON r.id = o.parent_id WHERE r.code = $1 AND o.status = 'active'
      ORDER BY (SELECT count(*) FROM org x WHERE x.path LIKE o.path || '%') DESC LIMIT 1`,
    [root],
  );
  const [rootRow] = await db.query<{ id: number }>('SELECT id FROM org WHERE code = $1', [root]);
  const c = await getCompliance(ctx, root, range);
  result.complianceOrgs = c.orgs.length;
  const year = Number(BENCH_TODAY.slice(0, 4));
  const live = await timed(20, () => getCompliance(ctx, root, { ...range, asOf: addDays(BENCH_TODAY, -1) }));
  const rolled = await timed(20, () => getCompliance(ctx, root, range));
  const town = await timed(20, () => getCompliance(ctx, township!.code, range));
  const totals = await timed(20, () => rollupTotals(db, rootRow!.id, [year - 1, year]));
  const map = await timed(20, () => getComplianceMap(ctx, root, { year, kind: 'theme_day' }));
  const mapLast = await timed(20, () => getComplianceMap(ctx, root, { year: year - 1, kind: 'theme_day' }));
  Object.assign(result, {
    compliance_live_ms: live.median,
    compliance_live_p95_ms: live.p95,
    compliance_ms: rolled.median,
    compliance_p95_ms: rolled.p95,
    compliance_township_ms: town.median,
    compliance_township_p95_ms: town.p95,
    totals_ms: totals.median,
    totals_p95_ms: totals.p95,
    map_ms: map.median,
    map_p95_ms: map.p95,
    map_last_year_ms: mapLast.median,
    map_last_year_p95_ms: mapLast.p95,
    load_after_reads: load(),
  });

  // 4. the full recomputation (the daily job)
  const rebuilds: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    const r = await rebuildLife(db, BENCH_TODAY);
    rebuilds.push(performance.now() - t0);
    result.rebuildOrgs = r.orgs;
    result.rebuildCells = r.cells;
  }
  rebuilds.sort((x, y) => x - y);
  result.recompute_s = Math.round(median(rebuilds)) / 1000;
  result.load_after_recompute = load();

  // 4. recording one meeting (theme day, roster pre-filled, two excused) in a branch with members
  const [branch] = await db.query<{ code: string; ids: number[] }>(
    `SELECT o.code, array_agg(per.member_id) AS ids FROM org o JOIN member_period per ON per.org_id = o.id
      WHERE per.valid_to IS NULL AND per.status IN ('full','probationary') GROUP BY o.code
      ORDER BY count(*) DESC LIMIT 1`,
  );
  const rec: number[] = [];
  for (let i = 0; i < 33; i++) {
    const t0 = performance.now();
    await recordMeeting(ctx, branch!.code, {
      kinds: ['theme_day'],
      heldOn: addDays(BENCH_TODAY, -(i % 20)),
      topic: `基准测试 ${i}`,
      attendance: branch!.ids
        .slice(0, 2)
        .map((memberId) => ({ memberId, status: 'excused', reason: '病假' })),
    });
    if (i >= 3) rec.push(performance.now() - t0);
  }
  rec.sort((x, y) => x - y);
  // the cells the writes maintained equal a full recomputation
  const maintained = await rollupText(db);
  await rebuildLife(db, BENCH_TODAY);
  if ((await rollupText(db)) !== maintained)
    throw new Error('the maintained rollup differs from a recomputation');
  result.rollupChecked = true;
  result.load_end = load();
  result.recordMembers = branch!.ids.length;
  result.record_ms = median(rec);
  result.record_p95_ms = quantile(rec, 0.95);
  result.peakRssMb = peakRssMb();
  result.seconds = result.import_xlsx_s;
  await db.close();
  if (a.engine === 'postgres') await dropPgDatabase(name);
  else rmSync(location, { recursive: true, force: true });
  return result;
}
