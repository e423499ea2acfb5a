import { expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeDb, TODAY } from '../helpers/db.js';
import { idNumber } from '../helpers/factory.js';
import { importMembers, importOrgs } from '../../src/services/imports.js';
import { getLiveStats, getStats } from '../../src/services/stats.js';
import { getMember, listMembers } from '../../src/services/members.js';
import { MemberListQuerySchema } from '../../src/shared/schemas.js';
import { exportMembers } from '../../src/services/exports.js';
import { KEPT_PER_GROUP } from '../../src/services/import-rejections.js';
import { rebuildDues, refreshDuesAll } from '../../src/services/dues-rollup.js';
import { rebuildLife } from '../../src/services/life-rollup.js';
import { maintainedAndRecomputed as lifeMaintainedAndRecomputed } from '../helpers/life.js';
import { expectMembershipsAsPeriods } from '../helpers/roster-history.js';

const dir = mkdtempSync(join(tmpdir(), 'jiceng-import-'));
let n = 0;
const csv = (text: string) => {
  const f = join(dir, `f${++n}.csv`);
  writeFileSync(f, text);
  return f;
};

const ORGS = csv(
  [
    '测试县党组织台账',
    '组织编码,组织名称,上级组织编码,组织类别,所在领域,成立日期',
    'V11,甲村党支部,T1,党支部,农村,2001-03-01',
    'C,中共测试县委员会,,县委,党政机关,1949-10-01',
    'T1,中共甲镇委员会,C,乡镇党委,农村,1958年9月1日',
    'V12,乙村党支部,T1,党支部,农村,2001/3/1',
    'X1,孤儿党支部,NOPE,党支部,农村,',
    'V11,重复的甲村,T1,党支部,农村,',
    'V21,丙社区党支部,T1,党支部,城市社区,',
  ].join('\n'),
);

const A = idNumber('1965-04-12', 'male');
const B = idNumber('1990-01-05', 'female');
const C = idNumber('1999-09-09', 'male');

function members(rows: string[]) {
  return csv(
    ['所在党组织编码,姓名,身份证号,性别,民族,学历,职业,人员类别,入党日期,转正日期,联系电话', ...rows].join(
      '\n',
    ),
  );
}

describeDb('spreadsheet import', (h) => {
  it('imports orgs with parents anywhere in the file and reports every bad row', async () => {
    const r = await importOrgs(h.ctx(), { path: ORGS });
    expect(r.total).toBe(7);
    expect(r.inserted).toBe(5);
    expect(r.rejected).toEqual([
      {
        row: 7,
        column: '上级组织编码',
        code: 'ORG_PARENT_INVALID',
        message: '上级组织（代码 NOPE）在系统和本文件中都不存在，或不在您的管理范围内',
      },
      { row: 8, column: '组织编码', code: 'DUPLICATE_IN_FILE', message: '与第3行的组织编码重复' },
    ]);
    const again = await importOrgs(h.ctx(), { path: ORGS });
    expect(again).toMatchObject({ inserted: 0, updated: 0, unchanged: 5 });
    expect((await getStats(h.ctx(), 'C')).orgs.total).toBe(5);
  });

  it('previews, applies, and re-imports idempotently; every rejected row carries row, column and code', async () => {
    await importOrgs(h.ctx(), { path: ORGS });
    const file = members([
      `V11,张三,${A},男,汉族,初中,农民,正式党员,1990-07-01,1991-07-01,13800000001`,
      `V12,李四,${B},男,汉,本科,专业技术人员,正式党员,2015年7月1日,2016-07-01,`,
      `V21,王五,${C},,土家族,大专,学生,预备党员,2026-06-01,,`,
      `V99,赵六,${idNumber('1980-01-01', 'male')},男,汉族,高中,工人,正式党员,2000-07-01,2001-07-01,`,
      `V11,钱七,110105194912310021,男,汉族,高中,工人,正式党员,2000-07-01,2001-07-01,`,
      `V11,张三重复,${A},男,汉族,初中,农民,正式党员,1990-07-01,1991-07-01,`,
    ]);
    const preview = await importMembers(h.ctx(), { path: file }, { dryRun: true });
    expect(preview).toMatchObject({ total: 6, inserted: 2, updated: 0, unchanged: 0 });
    const codes = preview.rejected.map((r) => [r.row, r.column, r.code]);
    expect(codes).toEqual([
      [3, '性别', 'SEX_CONFLICT'],
      [5, '所在党组织编码', 'ORG_NOT_FOUND'],
      [6, '身份证号', 'ID_CHECKSUM'],
      [7, '身份证号', 'DUPLICATE_IN_FILE'],
    ]);
    expect((await listMembers(h.ctx(), 'C', MemberListQuerySchema.parse({}))).total).toBe(0);
    // all-or-nothing writes nothing when a row is bad
    const strict = await importMembers(h.ctx(), { path: file }, { allOrNothing: true });
    expect(strict.inserted).toBe(0);
    expect((await listMembers(h.ctx(), 'C', MemberListQuerySchema.parse({}))).total).toBe(0);
    // fix the file, import, then again: nothing changes
    const fixed = members([
      `V11,张三,${A},男,汉族,初中,农民,正式党员,1990-07-01,1991-07-01,13800000001`,
      `V12,李四,${B},女,汉,本科,专业技术人员,正式党员,2015年7月1日,2016-07-01,`,
      `V21,王五,${C},,土家族,大专,学生,预备党员,2026-06-01,,`,
    ]);
    expect(await importMembers(h.ctx(), { path: fixed })).toMatchObject({
      total: 3,
      inserted: 3,
      rejected: [],
    });
    expect(await importMembers(h.ctx(), { path: fixed })).toMatchObject({
      total: 3,
      inserted: 0,
      updated: 0,
      unchanged: 3,
    });
    const s = await getStats(h.ctx(), 'C');
    expect(s.members).toEqual({ total: 3, full: 2, probationary: 1 });
    expect(s.ethnicity).toEqual({ han: 2, minority: 1, unclassified: 0 });
    expect({ ...s, source: 'live' }).toEqual(await getLiveStats(h.ctx(), 'C'));
  });

  it('sums the problems up by cause, and reports rows under a rejected parent as depending on it', async () => {
    const file = csv(
      [
        '组织编码,组织名称,上级组织编码,组织类别,所在领域',
        'C,中共测试县委员会,,县委,党政机关',
        'T1,中共甲镇委员会,C,火星委员会,农村',
        'V1,甲村党支部,T1,党支部,农村',
        'V2,乙村党支部,T1,党支部,农村',
        'G1,甲村第一党支部,V1,党支部,农村',
        'X1,孤儿党支部,NOPE,党支部,农村',
        'A1,循环甲,A2,党支部,农村',
        'A2,循环乙,A1,党支部,农村',
      ].join('\n'),
    );
    const r = await importOrgs(h.ctx(), { path: file }, { dryRun: true });
    expect(r).toMatchObject({ total: 8, inserted: 1, rejectedTotal: 7, badRows: 7 });
    // each row once: the row of the cycle that was found first is not also "depending on its parent"
    expect(r.rejected.map((x) => x.row)).toEqual([3, 4, 5, 6, 7, 8, 9]);
    const lines = r.summary.map((s) => [s.code, s.column, s.count, s.rows, s.dependent]);
    // the causes (one row each), then the 4 rows that were only held back by them
    expect(lines.slice(0, 3).sort()).toEqual(
      [
        ['CODE_UNKNOWN', '组织类别', 1, [3], false],
        ['ORG_PARENT_INVALID', '上级组织编码', 1, [7], false],
        ['ORG_CYCLE', '上级组织编码', 1, [8], false],
      ].sort(),
    );
    expect(lines[3]).toEqual(['ORG_PARENT_REJECTED', '上级组织编码', 4, [4, 5, 6, 9], true]);
    // their messages name different parents: the summary says what they share
    expect(r.summary[3]!.message).toBe('上级组织在本文件中的行未能导入，这些行因此未导入');
    // each names its parent's row and why, down to the row that started it (issue 9 #2)
    const byRow = new Map(r.rejected.map((x) => [x.row, x.message]));
    const why = byRow.get(3)!;
    expect(why).toMatch(/^组织类别“火星委员会”无法识别/);
    expect(byRow.get(4)).toBe(`上级组织（代码 T1）在本文件第 3 行，但该行未能导入：${why}`);
    expect(byRow.get(6)).toBe(
      `上级组织（代码 V1）在本文件第 4 行，但该行也因其上级组织未能导入而未导入（根源在第 3 行：${why}）`,
    );
    expect(r.headline).toMatch(/；另有 4 行因其上级组织未能导入而未导入$/);
  });

  it('keeps the first rows of each problem and counts the rest, across write chunks', async () => {
    await importOrgs(h.ctx(), { path: ORGS });
    const n = 450;
    const rows: string[] = [];
    for (let i = 0; i < n; i++) {
      // every row names another missing org (apply-stage rejections, messages that differ), every 10th is good
      const birth = `19${60 + (i % 30)}-0${1 + (i % 9)}-1${i % 10}`;
      rows.push(
        i % 10 === 9
          ? `V11,好党员${i},${idNumber(birth, 'male', '430100')},男,汉族,初中,农民,正式党员,2010-07-01,2011-07-01,`
          : `Z${i},坏党员${i},${idNumber(birth, 'male', '430200')},男,汉族,初中,农民,正式党员,2010-07-01,2011-07-01,`,
      );
    }
    const r = await importMembers(h.ctx(), { path: members(rows) }, { dryRun: true, chunkSize: 60 });
    const bad = n - n / 10;
    expect(r).toMatchObject({ total: n, inserted: n / 10, rejectedTotal: bad, badRows: bad });
    expect(r.rejected).toHaveLength(KEPT_PER_GROUP);
    const badRows = rows.map((_, i) => i + 2).filter((row) => (row - 2) % 10 !== 9);
    expect(r.rejected.map((x) => x.row)).toEqual(badRows.slice(0, KEPT_PER_GROUP));
    expect(r.summary).toEqual([
      {
        code: 'ORG_NOT_FOUND',
        column: '所在党组织编码',
        message: '党组织编码不存在，或不在您的管理范围内',
        count: bad,
        rows: badRows.slice(0, 10),
        dependent: false,
      },
    ]);
  });

  it('applies changed rows as edits and dated events, keeping the aggregates right', async () => {
    await importOrgs(h.ctx(), { path: ORGS });
    await importMembers(h.ctx(), {
      path: members([
        `V11,张三,${A},男,汉族,初中,农民,正式党员,1990-07-01,1991-07-01,`,
        `V21,王五,${C},,土家族,大专,学生,预备党员,2025-06-01,,`,
      ]),
    });
    const r = await importMembers(h.ctx(), {
      path: members([
        `V12,张三,${A},男,汉族,高中,农民,正式党员,1990-07-01,1991-07-01,13900000000`,
        `V21,王五,${C},,土家族,大专,学生,正式党员,2025-06-01,2026-06-01,`,
      ]),
    });
    expect(r).toMatchObject({ updated: 2, inserted: 0, rejected: [] });
    const page = await listMembers(h.ctx(), 'C', MemberListQuerySchema.parse({ q: '张三' }));
    const zhang = await getMember(h.ctx(), page.items[0]!.id);
    expect(zhang.orgCode).toBe('V12');
    expect(zhang.events.map((e) => e.kind)).toContain('move');
    const wang = await getMember(
      h.ctx(),
      (await listMembers(h.ctx(), 'C', MemberListQuerySchema.parse({ q: '王五' }))).items[0]!.id,
    );
    expect(wang.status).toBe('full');
    expect(wang.confirmedOn).toBe('2026-06-01');
    for (const code of ['C', 'T1', 'V11', 'V12', 'V21']) {
      expect({ ...(await getStats(h.ctx(), code)), source: 'live' }).toEqual(
        await getLiveStats(h.ctx(), code),
      );
    }
    // today's rosters from the memberships agree with the periods (the daily evaluation reads them so)
    await expectMembershipsAsPeriods(h.db, TODAY);
  });

  it('a bulk load builds the member indexes again, as they were, and rolls them back with a dry run', async () => {
    // the member tables' indexes, and the period no-overlap trigger's state (decision 0016): 'O' = enabled
    const indexes = async () => [
      ...(await h.db.query<{ name: string; def: string }>(
        "SELECT indexname AS name, indexdef AS def FROM pg_indexes WHERE tablename IN ('person','member','member_period') ORDER BY 1",
      )),
      // the aggregates' primary key, which a first load may build again after its cells (decision 0027 addendum)
      ...(await h.db.query<{ name: string; def: string }>(
        "SELECT conname AS name, pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE conrelid = 'org_stat'::regclass",
      )),
      ...(await h.db.query<{ name: string; def: string }>(
        "SELECT tgname AS name, tgenabled AS def FROM pg_trigger WHERE tgname = 'member_period_no_overlap'",
      )),
    ];
    const before = await indexes();
    expect(before.length).toBeGreaterThanOrEqual(16);
    expect(before).toContainEqual({ name: 'org_stat_pk', def: 'PRIMARY KEY (org_id, dim, key)' });
    expect(before.at(-1)).toEqual({ name: 'member_period_no_overlap', def: 'O' });
    await importOrgs(h.ctx(), { path: ORGS });
    const file = members([
      `V11,张三,${A},男,汉族,初中,农民,正式党员,1990-07-01,1991-07-01,13800000001`,
      `V12,李四,${B},女,汉,本科,专业技术人员,正式党员,2015年7月1日,2016-07-01,`,
      `V21,王五,${C},,土家族,大专,学生,预备党员,2026-06-01,,`,
    ]);
    expect(await importMembers(h.ctx(), { path: file }, { bulkLoad: true, dryRun: true })).toMatchObject({
      inserted: 3,
    });
    expect(await indexes()).toEqual(before);
    expect(await importMembers(h.ctx(), { path: file }, { bulkLoad: true })).toMatchObject({
      inserted: 3,
      rejected: [],
    });
    expect(await indexes()).toEqual(before);
    // a first load COPYs its aggregate cells straight in (decision 0017): the same figures as a live recount
    for (const code of ['C', 'T1', 'V11', 'V12', 'V21']) {
      expect({ ...(await getStats(h.ctx(), code)), source: 'live' }).toEqual(
        await getLiveStats(h.ctx(), code),
      );
    }
    // the indexes serve search again: name, pinyin initials, ID-number tail
    for (const q of ['张三', 'zs', A.slice(-6)]) {
      expect((await listMembers(h.ctx(), 'C', MemberListQuerySchema.parse({ q }))).total, q).toBe(1);
    }
    // members that exist already are edited through the single-edit path, with the indexes back first
    const again = members([
      `V12,张三,${A},男,汉族,高中,农民,正式党员,1990-07-01,1991-07-01,13800000001`,
      `V11,赵六,${idNumber('1980-01-01', 'male')},男,汉族,高中,工人,正式党员,2000-07-01,2001-07-01,`,
    ]);
    expect(await importMembers(h.ctx(), { path: again }, { bulkLoad: true })).toMatchObject({
      inserted: 1,
      updated: 1,
      rejected: [],
    });
    expect(await indexes()).toEqual(before);
    for (const code of ['C', 'T1', 'V11', 'V12', 'V21']) {
      expect({ ...(await getStats(h.ctx(), code)), source: 'live' }).toEqual(
        await getLiveStats(h.ctx(), code),
      );
    }
  });

  // PostgreSQL only: PGlite has one connection, so nothing else can hold the aggregates table meanwhile
  it.runIf(h.engine === 'postgres')(
    'a first load whose aggregates table another transaction holds keeps its key and counts right',
    async () => {
      await importOrgs(h.ctx(), { path: ORGS });
      // a reader holds org_stat (ACCESS SHARE) until the load has finished: the load may not drop its key
      let held!: () => void;
      const reading = new Promise<void>((r) => (held = r));
      let release!: () => void;
      const released = new Promise<void>((r) => (release = r));
      const reader = h.db.transaction(async (tx) => {
        await tx.query('SELECT count(*) FROM org_stat');
        held();
        await released;
      });
      await reading;
      try {
        const file = members([
          `V11,张三,${A},男,汉族,初中,农民,正式党员,1990-07-01,1991-07-01,13800000001`,
          `V12,李四,${B},女,汉族,本科,专业技术人员,正式党员,2015-07-01,2016-07-01,`,
        ]);
        expect(await importMembers(h.ctx(), { path: file }, { bulkLoad: true })).toMatchObject({
          inserted: 2,
          rejected: [],
        });
      } finally {
        release();
        await reader;
      }
      expect(
        await h.db.query(
          "SELECT conname FROM pg_constraint WHERE conrelid = 'org_stat'::regclass AND contype = 'p'",
        ),
      ).toEqual([{ conname: 'org_stat_pk' }]);
      for (const code of ['C', 'T1', 'V11', 'V12']) {
        expect({ ...(await getStats(h.ctx(), code)), source: 'live' }).toEqual(
          await getLiveStats(h.ctx(), code),
        );
      }
    },
  );

  it.runIf(existsSync('/usr/bin/soffice'))(
    'reads a file written by LibreOffice and round-trips its own export through it',
    async () => {
      await importOrgs(h.ctx(), { path: ORGS });
      const src = members([
        `V11,张三,${A},男,汉族,初中,农民,正式党员,1990-07-01,1991-07-01,13800000001`,
        `V12,李四,${B},女,汉族,本科,专业技术人员,正式党员,2015-07-01,2016-07-01,`,
      ]);
      const out = mkdtempSync(join(tmpdir(), 'jiceng-soffice-'));
      // comma-separated, UTF-8, ID numbers typed as text (as people type them), join/confirm dates as real dates (YMD)
      const filter = 'CSV:44,34,76,1,1/1/2/1/3/2/4/1/5/1/6/1/7/1/8/1/9/5/10/5/11/2';
      execFileSync(
        'soffice',
        [
          '--headless',
          `-env:UserInstallation=file://${out}/profile`,
          `--infilter=${filter}`,
          '--convert-to',
          'xlsx',
          '--outdir',
          out,
          src,
        ],
        { stdio: 'ignore' },
      );
      const xlsx = join(out, src.split('/').pop()!.replace('.csv', '.xlsx'));
      expect(await importMembers(h.ctx(), { path: xlsx })).toMatchObject({
        total: 2,
        inserted: 2,
        rejected: [],
      });
      // our export (full values) → LibreOffice → import again: nothing changes
      const exported = join(out, 'export.xlsx');
      await exportMembers(h.ctx(), 'C', {}, { path: exported }, { full: true });
      const again = join(out, 'again');
      execFileSync(
        'soffice',
        [
          '--headless',
          `-env:UserInstallation=file://${out}/profile`,
          '--convert-to',
          'xlsx',
          '--outdir',
          again,
          exported,
        ],
        { stdio: 'ignore' },
      );
      expect(await importMembers(h.ctx(), { path: join(again, 'export.xlsx') })).toMatchObject({
        total: 2,
        inserted: 0,
        unchanged: 2,
        rejected: [],
      });
    },
    // LibreOffice is started twice: slow on a shared machine
    180_000,
  );

  it('marks the orgs of the members it writes for the life and dues rollups, as the roster periods’ triggers would', async () => {
    // the rows are written without the per-row triggers where the session may (replica): the statement triggers
    // on member_period that mark the rollups stand aside too, so the import marks the orgs itself
    const ctx = h.ctx();
    await importOrgs(ctx, { path: ORGS });
    await importMembers(ctx, {
      path: members([`V11,张三,${A},男,汉族,初中,农民,正式党员,1990-07-01,1991-07-01,`]),
    });
    await rebuildLife(h.db, TODAY);
    await rebuildDues(h.db, TODAY);
    // two more: one in a branch that had nobody (it now owes organisational life), one beside the first — in a
    // caller's transaction, which the import leaves with the triggers and the audit back on
    const r = await h.db.transaction(async (tx) => {
      const out = await importMembers(
        { ...ctx, db: tx },
        {
          path: members([
            `V12,李四,${B},女,汉族,本科,专业技术人员,正式党员,2015-07-01,2016-07-01,`,
            `V11,王五,${C},男,汉族,大专,农民,预备党员,2026-06-01,,`,
          ]),
        },
      );
      expect(
        await tx.query(
          "SELECT current_setting('session_replication_role') AS role, current_setting('jiceng.bulk', true) AS bulk",
        ),
      ).toEqual([{ role: 'origin', bulk: 'off' }]);
      return out;
    });
    expect(r).toMatchObject({ inserted: 2, rejected: [] });
    // the dues lines and cells of today (the new members' months due), then the organisational-life cells
    const dues = async () =>
      JSON.stringify([
        await h.db.query('SELECT * FROM dues_own ORDER BY org_id, month'),
        await h.db.query('SELECT member_id, org_id, due, state, flag FROM dues_line ORDER BY member_id'),
      ]);
    await refreshDuesAll(h.db);
    const maintained = await dues();
    await rebuildDues(h.db, TODAY);
    expect(maintained).toBe(await dues());
    const [life, lifeRecomputed] = await lifeMaintainedAndRecomputed(h.db);
    expect(life).toBe(lifeRecomputed);
  });
});
