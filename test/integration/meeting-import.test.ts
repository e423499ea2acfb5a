/**
 * The 三会一课 ledger import (issue 11 item 8, decision 0019) with a LibreOffice-written ledger
 * (test/fixtures/ledger/meetings.xlsx): bad rows rejected with their reason and nothing of them written, suspicious
 * rows kept with a warning, absentees matched to the roster of the day (everyone else present), a re-import that
 * changes nothing, scope, --dry-run and --all-or-nothing — on both engines.
 */
import { afterAll, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeDb, openMigratedFolder, TODAY, type DbHarness } from '../helpers/db.js';
import { member } from '../helpers/factory.js';
import { importMeetings, importMembers, importOrgs } from '../../src/services/imports.js';
import { getCompliance } from '../../src/services/meetings.js';
import { rebuildLife } from '../../src/services/life-rollup.js';
import { actorFor, createUser } from '../../src/services/accounts.js';
import { userByUsername } from '../../src/db/repositories/accounts.js';

const LEDGER = join(dirname(fileURLToPath(import.meta.url)), '../fixtures/ledger');
const FILE = { path: join(LEDGER, 'meetings.xlsx') };

async function seed(h: DbHarness) {
  const ctx = h.ctx();
  expect(await importOrgs(ctx, { path: join(LEDGER, 'orgs.xlsx') })).toMatchObject({ rejectedTotal: 0 });
  expect(await importMembers(ctx, { path: join(LEDGER, 'members.xlsx') })).toMatchObject({
    rejectedTotal: 0,
  });
  // a second 石桂兰 in 石桥村: the ledger's “石桂兰（病假）” cannot say which
  await member(ctx, '421199100201', '石桂兰', { sex: 'female', birth: '1975-02-03' });
  return ctx;
}

async function attendance(h: DbHarness, topic: string) {
  return h.db.query<{ name: string; status: string; reason: string | null }>(
    `SELECT p.name, a.status, a.reason FROM meeting mt JOIN meeting_attendance a ON a.meeting_id = mt.id
       JOIN member m ON m.id = a.member_id JOIN person p ON p.id = m.person_id
      WHERE mt.topic = $1 ORDER BY p.name, a.status`,
    [topic],
  );
}

describeDb('the 三会一课 ledger import', (h) => {
  it('rejects the bad rows with their reason, keeps the suspicious ones with a warning, and a re-import changes nothing', async () => {
    const ctx = await seed(h);
    const dry = await importMeetings(ctx, FILE, { dryRun: true });
    expect(dry).toMatchObject({ total: 12, inserted: 6, badRows: 6 });
    expect(await h.db.query('SELECT 1 FROM meeting')).toHaveLength(0);

    const r = await importMeetings(ctx, FILE);
    expect(r).toMatchObject({ total: 12, inserted: 6, updated: 0, unchanged: 0, badRows: 6 });
    expect(r.rejected.map((x) => [x.row, x.column, x.code])).toEqual([
      [9, '组织编码', 'ORG_NOT_FOUND'],
      [10, '会议类型', 'MEETING_KIND_UNKNOWN'],
      [11, '会议日期', 'REQUIRED'],
      [12, '会议日期', 'MEETING_DATE_INVALID'],
      [13, '应到人数', 'COUNT_INVALID'],
      [14, '会议主题', 'DUPLICATE_IN_FILE'],
    ]);
    expect(r.rejected.find((x) => x.row === 10)!.message).toContain('座谈会');
    expect(r.warnings.map((w) => [w.row, w.column, w.code])).toEqual([
      [6, '缺席人员及原因', 'ABSENTEE_NOT_ON_ROSTER'],
      [7, '缺席人员及原因', 'ABSENTEE_AMBIGUOUS'],
      [7, '实到人数', 'PRESENT_COUNT_MISMATCH'],
    ]);
    expect(r.warnings[0]!.message).toContain('张大山');
    expect(r.warningSummary.map((w) => w.message)).toContain(
      '1 行缺席人员会议当天不在该组织名册上（未计入缺席）',
    );

    // nothing of a rejected row was written; the kept ones have their attendance from that day's roster
    const topics = (await h.db.query<{ topic: string }>('SELECT topic FROM meeting ORDER BY held_on')).map(
      (m) => m.topic,
    );
    expect(topics).toEqual([
      '学习党章',
      '讨论年度工作计划',
      '社区志愿服务',
      '学习新修订的条例',
      '重温入党誓词',
      '党史学习',
    ]);
    expect(await attendance(h, '学习党章')).toEqual([
      { name: '柳建国', status: 'present', reason: null },
      { name: '柳红英', status: 'excused', reason: '病假' },
    ]);
    // a reason inside the brackets may hold a comma; a name without a reason is an absence nobody excused
    expect(await attendance(h, '社区志愿服务')).toEqual([
      { name: '东方慧', status: 'present', reason: null },
      { name: '东方明', status: 'present', reason: null },
      { name: '门小雨', status: 'absent', reason: null },
      { name: '门晓峰', status: 'excused', reason: '外出务工,已请假' },
    ]);
    expect(await attendance(h, '党史学习')).toEqual([
      { name: '柳建国', status: 'present', reason: null },
      { name: '柳红英', status: 'absent', reason: '无故缺席' },
    ]);
    // the ambiguous name: both present, the row kept
    expect((await attendance(h, '重温入党誓词')).map((a) => a.status)).toEqual([
      'present',
      'present',
      'present',
    ]);
    const [kinds] = await h.db.query<{ kinds: string[] }>(
      `SELECT kinds FROM meeting WHERE topic = '学习党章'`,
    );
    expect(kinds!.kinds).toEqual(['party_lecture', 'theme_day']);

    // one audit entry for the file's meetings
    const audit = await h.db.query<{ after: { count: number; source: string } }>(
      `SELECT after FROM audit_log WHERE entity = 'meeting' AND action = 'bulk_insert'`,
    );
    expect(audit).toHaveLength(1);
    expect(audit[0]!.after.count).toBe(6);
    expect(audit[0]!.after.source).toMatch(/^file:meetings\.xlsx sha256:[0-9a-f]{64}$/);

    // compliance sees them
    const c = await getCompliance(ctx, '421199100202', { from: '2026-03-01', to: '2026-03-31' });
    expect(c.orgs[0]!.items.find((i) => i.type === 'theme_day')).toMatchObject({ expected: 1, held: 1 });

    // the same file again: nothing changes
    const again = await importMeetings(ctx, FILE);
    expect(again).toMatchObject({ total: 12, inserted: 0, updated: 0, unchanged: 6, badRows: 6 });
    expect(await h.db.query('SELECT 1 FROM meeting')).toHaveLength(6);
    expect(again.warnings.filter((w) => w.code === 'ALREADY_RECORDED_DIFFERENT')).toEqual([]);
  });

  it('--all-or-nothing writes nothing when a row is rejected; a township officer only reaches its township', async () => {
    const ctx = await seed(h);
    const all = await importMeetings(ctx, FILE, { allOrNothing: true });
    expect(all).toMatchObject({ inserted: 0, badRows: 6 });
    expect(await h.db.query('SELECT 1 FROM meeting')).toHaveLength(0);

    await createUser(ctx, {
      username: 'qingshi',
      displayName: '青石镇组织委员',
      role: 'township_officer',
      orgCode: '421199100',
      password: 'Passw0rd-test',
    });
    const actor = await actorFor(h.db, (await userByUsername(h.db, 'qingshi'))!, TODAY);
    const r = await importMeetings(h.ctx({ actor }), FILE);
    // 城关街道's community is outside 青石镇: rejected as unknown, not written
    expect(r.rejected.filter((x) => x.code === 'ORG_NOT_FOUND').map((x) => x.row)).toEqual([5, 9]);
    expect(r.inserted).toBe(5);
  });

  it('writes the attendance without per-row foreign-key triggers, the rollup still kept in the same transaction', async () => {
    const ctx = await seed(h);
    await rebuildLife(h.db, TODAY);
    const cells = async () =>
      JSON.stringify(
        await h.db.query(
          `SELECT 'own' AS t, org_id, year, type, expected, held, 0 AS period, pending FROM life_own
           UNION ALL SELECT 'roll', org_id, year, type, expected, held, period, pending FROM life_roll
            WHERE expected <> 0 OR held <> 0 OR pending <> 0 ORDER BY 1, 2, 3, 4, 7`,
        ),
      );
    const before = await cells();
    const r = await importMeetings(ctx, FILE);
    expect(r.inserted).toBe(6);
    // the meetings' statement trigger marked their orgs and the import refreshed them: nothing left to refresh
    expect(await h.db.query('SELECT 1 FROM life_dirty')).toHaveLength(0);
    const maintained = await cells();
    expect(maintained).not.toBe(before);
    await rebuildLife(h.db, TODAY);
    expect(maintained).toBe(await cells());
    // every attendance row points at its meeting, a member and the meeting's org; the session is back to origin
    const [bad] = await h.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM meeting_attendance a
         LEFT JOIN meeting mt ON mt.id = a.meeting_id LEFT JOIN member m ON m.id = a.member_id
        WHERE mt.id IS NULL OR m.id IS NULL OR a.org_id <> mt.org_id`,
    );
    expect(bad!.n).toBe(0);
    const [role] = await h.db.query<{ r: string }>("SELECT current_setting('session_replication_role') AS r");
    expect(role!.r).toBe('origin');
  });
});

const dir = mkdtempSync(join(tmpdir(), 'jiceng-ledger-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('the CLI contract: --json with "warnings", exit 3 with rejected rows, 2 for an unreadable file', async () => {
  // a migrated folder, as a deployment's: the commands' own work is what is tested
  await (await openMigratedFolder(join(dir, 'd'))).close();
  const run = (...args: string[]) =>
    spawnSync(
      process.execPath,
      ['bin/jiceng.mjs', 'import', ...args, '--json', '--data-dir', join(dir, 'd')],
      {
        encoding: 'utf8',
        timeout: 240_000,
      },
    );
  expect(run('orgs', join(LEDGER, 'orgs.xlsx')).status).toBe(0);
  expect(run('members', join(LEDGER, 'members.xlsx')).status).toBe(0);
  const out = run('meetings', join(LEDGER, 'meetings.xlsx'), '--dry-run');
  expect(out.status, out.stderr).toBe(3);
  const r = JSON.parse(out.stdout) as {
    total: number;
    inserted: number;
    rejected: { row: number; column: string; code: string; message: string }[];
    warnings: { row: number; column: string; code: string; message: string }[];
  };
  expect(r.total).toBe(12);
  expect(r.rejected.map((x) => x.code)).toContain('MEETING_KIND_UNKNOWN');
  expect(r.warnings.find((w) => w.row === 6)).toMatchObject({
    column: '缺席人员及原因',
    code: 'ABSENTEE_NOT_ON_ROSTER',
  });
  const bad = join(dir, 'broken.xlsx');
  writeFileSync(bad, 'this is not a workbook');
  expect(run('meetings', bad).status).toBe(2);
}, 600_000);
