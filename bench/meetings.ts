/**
 * Organisational life benchmarks (issue 11 "Performance", decision 0019), in one child process per engine:
 *
 *   1. a county's year of 三会一课 ledger rows (~25k) imported end to end — file read, checked, matched to the
 *      rosters, written with attendance, committed — from .csv and from .xlsx;
 *   2. the same file again (every row already recorded: nothing written);
 *   3. compliance of the whole county for a year (one query plus the pure rules), median and p95 of 20;
 *   4. recording one meeting with its attendance through the use case (one transaction), median and p95 of 30.
 *
 * The county is the demo county (`jiceng demo`, ~20k members, ~800 orgs). Its own demo meetings are turned into
 * the ledger (each branch's theme days, general meetings and lectures, committee meetings, with their absentees and
 * reasons) and deleted before the import, topped up with extra committee-meeting rows to the row count asked for.
 *
 *   npm run bench -- meetings [--engines pglite,postgres] [--rows 25000]
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openDb, withAuditSession, type Db } from '../src/db/client.js';
import { migrate } from '../src/db/migrate.js';
import { DEFAULT_SETTINGS } from '../src/policy/settings.js';
import { SYSTEM_ACTOR } from '../src/domain/access/policy.js';
import { fixedClock, type Ctx } from '../src/services/context.js';
import { seedDemo } from '../src/services/demo.js';
import { importMeetings } from '../src/services/imports.js';
import { getCompliance, recordMeeting } from '../src/services/meetings.js';
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

/** The meeting tables emptied (TRUNCATE: a DELETE would run the row audit trigger for each of ~500k rows). */
async function emptyMeetings(db: Db) {
  await db.query('TRUNCATE meeting_attendance, meeting CASCADE');
}

export async function meetingsChild(a: MeetingsArgs) {
  // not jbench_*: `bench clean` (perhaps run by someone else meanwhile) drops those
  const name = `jlife_meetings_${a.engine}`;
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
  await emptyMeetings(db);
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

  const result: Record<string, unknown> = {
    what: 'meetings',
    engine: a.engine,
    orgs: demo.orgs,
    members: demo.members,
    rows: ledger.length,
  };
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
      await emptyMeetings(db);
    }
  }
  result.attendanceRows = (
    await db.query<{ n: number }>('SELECT count(*)::int AS n FROM meeting_attendance')
  )[0]!.n;
  if (a.engine === 'postgres') await db.query('VACUUM ANALYZE');

  // 3. compliance of the county for the year
  const root = demo.rootCode!;
  const range = { from: addDays(BENCH_TODAY, -364).slice(0, 7) + '-01', to: BENCH_TODAY };
  const times: number[] = [];
  for (let i = 0; i < 23; i++) {
    const t0 = performance.now();
    const c = await getCompliance(ctx, root, range);
    if (i >= 3) times.push(performance.now() - t0);
    result.complianceOrgs = c.orgs.length;
  }
  times.sort((x, y) => x - y);
  result.compliance_ms = median(times);
  result.compliance_p95_ms = quantile(times, 0.95);

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
