/**
 * A county's own village-level division table (decision 0039): imported from a LibreOffice-written file
 * (test/fixtures/ledger/divisions.xlsx, made by make-divisions-ledger.ts), a dry run writes nothing, a bad row refuses
 * the whole table with a reason per row, the same table again stores nothing, the coverage indicator reads the version
 * in force (and is absent without one, or before its date), its warnings open and close at once when a table is
 * stored or a village's org is created or dissolved, and only the county administrator may import or read it.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { describeDb, openMigratedFolder, TODAY } from '../helpers/db.js';
import { org } from '../helpers/factory.js';
import { signIn } from '../helpers/http.js';
import { buildServer } from '../../src/server/app.js';
import { fixedClock, type Ctx } from '../../src/services/context.js';
import { dissolveOrg } from '../../src/services/orgs.js';
import { MAX_DIVISION_ROWS, divisionTableView, importDivisions } from '../../src/services/divisions.js';
import { importOrgs } from '../../src/services/imports.js';
import { evaluate, evaluateAll } from '../../src/services/warnings.js';
import { AppError } from '../../src/shared/errors.js';

const LEDGER = join(dirname(fileURLToPath(import.meta.url)), '../fixtures/ledger');
const FILE = { path: join(LEDGER, 'divisions.xlsx') };

/** 县委 (421124) → 甲镇 (421124100: 城关社区, 甲村) and 乙镇 (421124101: 丙村). */
async function county(ctx: Ctx) {
  await org(ctx, 'C', '中共测试县委员会', null, { kind: 'local_committee', divisionCode: '421124' });
  await org(ctx, 'T1', '中共甲镇委员会', 'C', { kind: 'township_committee', divisionCode: '421124100' });
  await org(ctx, 'T2', '中共乙镇委员会', 'C', { kind: 'township_committee', divisionCode: '421124101' });
  // orgs that carry an area's code without answering for its villages: no coverage judged for them
  await org(ctx, 'B1', '中共测试县直属机关工作委员会', 'C', {
    kind: 'working_committee',
    sector: 'none',
    divisionCode: '421124',
  });
  await org(ctx, 'B11', '甲镇人民政府机关党支部', 'T1', { sector: 'government', divisionCode: '421124100' });
  await org(ctx, 'V11', '城关社区党支部', 'T1', { sector: 'community', divisionCode: '421124100001' });
  await org(ctx, 'V12', '甲村党支部', 'T1', { divisionCode: '421124100201' });
  await org(ctx, 'V21', '丙村党支部', 'T2', { divisionCode: '421124101201' });
}

async function coverageOf(ctx: Ctx, asOf: string) {
  const evals = await evaluate(ctx, 'C', asOf);
  return Object.fromEntries(
    evals.flatMap((e) =>
      e.results
        .filter((r) => r.key === 'coverage')
        .map((r) => [e.row.code, { value: r.value, evidence: r.evidence }]),
    ),
  );
}

function openCoverage(ctx: Ctx) {
  return ctx.db.query<{ code: string; level: string; evidence: string[] }>(
    `SELECT o.code, w.level, w.evidence FROM org_warning w JOIN org o ON o.id = w.org_id
      WHERE w.indicator = 'coverage' AND w.closed_on IS NULL ORDER BY o.code`,
  );
}

function csvFile(dir: string, name: string, lines: string[]) {
  const path = join(dir, name);
  writeFileSync(path, lines.join('\n') + '\n');
  return { path };
}

describeDb('county division table', (h) => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'jiceng-divisions-test-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('imports the table, and the coverage indicator reads it (absent without one)', async () => {
    const ctx = h.ctx();
    await county(ctx);
    // no table: the indicator is absent, never faked
    expect(await coverageOf(ctx, TODAY)).toEqual({});
    expect((await divisionTableView(ctx)).table).toBeNull();

    const dry = await importDivisions(ctx, FILE, { dryRun: true });
    expect(dry).toMatchObject({ total: 8, inserted: 8, updated: 0, unchanged: 0, rejectedTotal: 0 });
    expect((await divisionTableView(ctx)).table).toBeNull();
    expect(await openCoverage(ctx)).toEqual([]);

    const r = await importDivisions(ctx, FILE);
    expect(r).toMatchObject({ total: 8, inserted: 8, rejectedTotal: 0 });
    const v = await divisionTableView(ctx);
    expect(v.county).toEqual({ code: '421124', orgName: '中共测试县委员会' });
    expect(v.table).toMatchObject({ countyCode: '421124', effectiveFrom: TODAY, townships: 2, villages: 6 });
    expect(v.table!.source).toMatch(/^file:divisions\.xlsx sha256:[0-9a-f]{64}$/);
    expect(v.byTownship).toEqual([
      {
        code: '421124100',
        name: '甲镇',
        communities: 1,
        villages: 2,
        other: 0,
        byUrbanRural: { '111': 1, '220': 2 },
        uncovered: 1,
      },
      {
        code: '421124101',
        name: '乙镇',
        communities: 0,
        villages: 2,
        other: 1,
        byUrbanRural: { '210': 1, '220': 2 },
        uncovered: 1,
      },
    ]);

    const cov = await coverageOf(ctx, TODAY);
    expect(cov).toEqual({
      C: { value: 2, evidence: [expect.stringContaining('辖区内2个村（社区）未建立党组织')] },
      T1: { value: 1, evidence: ['辖区内1个村（社区）未建立党组织：乙村村民委员会（421124100202）'] },
      T2: { value: 1, evidence: ['辖区内1个村（社区）未建立党组织：丁村村民委员会（421124101202）'] },
    });
    // the import re-evaluated the coverage warnings at once, after its commit (no daily job ran)
    expect((await openCoverage(ctx)).map((w) => [w.code, w.level])).toEqual([
      ['C', 'red'],
      ['T1', 'red'],
      ['T2', 'red'],
    ]);
    // the version is dated: before its day the indicator is absent
    expect(await coverageOf(ctx, '2026-06-30')).toEqual({});

    // the same table again stores nothing
    const again = await importDivisions(ctx, FILE);
    expect(again).toMatchObject({ inserted: 0, updated: 0, unchanged: 8, rejectedTotal: 0 });
    expect((await divisionTableView(ctx)).versions).toHaveLength(1);

    // a new version: two villages and the virtual area gone, one village renamed
    const next = csvFile(dir, 'next.csv', [
      '统计用区划代码,名称,城乡分类代码,所属乡镇代码',
      '421124100,甲镇,,',
      '421124101,乙镇,,',
      '421124100001,城关社区居民委员会,111,421124100',
      '421124100201,甲村村民委员会,220,421124100',
      '421124101201,丙村村民委员会（更名）,210,421124101',
    ]);
    const n = await importDivisions(ctx, next);
    expect(n).toMatchObject({ total: 5, inserted: 0, updated: 1, unchanged: 4, rejectedTotal: 0 });
    const v2 = await divisionTableView(ctx);
    expect(v2.versions).toHaveLength(2);
    expect(v2.table).toMatchObject({ townships: 2, villages: 3 });
    expect(await coverageOf(ctx, TODAY)).toMatchObject({
      C: { value: 0 },
      T1: { value: 0 },
      T2: { value: 0 },
    });
    // and the warnings closed with the new version
    expect(await openCoverage(ctx)).toEqual([]);

    // every version and row is audited
    const audited = await h.db.query<{ entity: string; n: number }>(
      `SELECT entity, count(*)::int AS n FROM audit_log WHERE entity IN ('division_table','division_row')
        GROUP BY entity ORDER BY entity`,
    );
    expect(audited).toEqual([
      { entity: 'division_row', n: 8 + 5 },
      { entity: 'division_table', n: 2 },
    ]);
  });

  it('a village’s org created or dissolved opens and closes the coverage warnings at once', async () => {
    const ctx = h.ctx();
    await county(ctx);
    await importDivisions(ctx, FILE);
    expect((await openCoverage(ctx)).map((w) => w.code)).toEqual(['C', 'T1', 'T2']);
    // 乙村 (421124100202) gets its org: 甲镇's warning closes, the county's names 丁村 only
    await org(ctx, 'V13', '乙村党支部', 'T1', { divisionCode: '421124100202' });
    expect(await openCoverage(ctx)).toEqual([
      {
        code: 'C',
        level: 'red',
        evidence: [expect.stringContaining('辖区内1个村（社区）未建立党组织：丁村')],
      },
      {
        code: 'T2',
        level: 'red',
        evidence: ['辖区内1个村（社区）未建立党组织：丁村村民委员会（421124101202）'],
      },
    ]);
    // dissolved again: 甲镇's warning opens again
    await dissolveOrg(ctx, 'V13');
    expect((await openCoverage(ctx)).map((w) => [w.code, w.evidence.join()])).toEqual([
      ['C', expect.stringContaining('辖区内2个村（社区）未建立党组织')],
      ['T1', '辖区内1个村（社区）未建立党组织：乙村村民委员会（421124100202）'],
      ['T2', expect.stringContaining('丁村')],
    ]);
  });

  it('a coverage refresh that fails after the commit leaves the org saved and the answer a success; the daily job catches up', async () => {
    const ctx = h.ctx();
    await county(ctx);
    await importDivisions(ctx, FILE);
    expect((await openCoverage(ctx)).map((w) => w.code)).toEqual(['C', 'T1', 'T2']);
    // the warnings' table refuses every write after the org's commit: the refresh fails
    await ctx.db.exec(`CREATE FUNCTION jt_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'refused for the test'; END $$;
      CREATE TRIGGER jt_refuse BEFORE INSERT OR UPDATE ON org_warning FOR EACH ROW EXECUTE FUNCTION jt_refuse()`);
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const view = await org(ctx, 'V13', '乙村党支部', 'T1', { divisionCode: '421124100202' });
      expect(view.code).toBe('V13');
      expect(errors).toHaveBeenCalledTimes(1);
      // the step and the error's kind, never the org's or a person's data
      expect(String(errors.mock.calls[0]!.join(' '))).toMatch(
        /^coverage warnings of a county failed after the commit/,
      );
      expect(String(errors.mock.calls[0]!.join(' '))).not.toMatch(/乙村|421124100202|refused for the test/);
    } finally {
      errors.mockRestore();
      await ctx.db.exec('DROP TRIGGER jt_refuse ON org_warning; DROP FUNCTION jt_refuse()');
    }
    expect(await ctx.db.query('SELECT code FROM org WHERE code = $1', ['V13'])).toEqual([{ code: 'V13' }]);
    expect((await openCoverage(ctx)).map((w) => w.code)).toEqual(['C', 'T1', 'T2']);
    // the daily job evaluates every org: 甲镇's warning closes
    await evaluateAll(ctx.db, ctx.clock);
    expect((await openCoverage(ctx)).map((w) => w.code)).toEqual(['C', 'T2']);
  });

  it('an org ledger import that creates or re-codes a village’s org moves the coverage warnings at once, as a single write does', async () => {
    const ctx = h.ctx();
    await county(ctx);
    await importDivisions(ctx, FILE);
    expect((await openCoverage(ctx)).map((w) => w.code)).toEqual(['C', 'T1', 'T2']);
    const header = '组织编码,组织名称,上级组织编码,组织类别,所在领域,行政区划代码';
    // 乙村 (421124100202) gets its org from a ledger: 甲镇's warning closes at once
    const created = await importOrgs(
      ctx,
      csvFile(dir, 'orgs-1.csv', [header, 'V13,乙村党支部,T1,党支部,农村,421124100202']),
    );
    expect(created).toMatchObject({ inserted: 1, rejectedTotal: 0 });
    expect((await openCoverage(ctx)).map((w) => w.code)).toEqual(['C', 'T2']);
    // a dry run writes nothing and moves nothing
    await importOrgs(
      ctx,
      csvFile(dir, 'orgs-2.csv', [header, 'V21,丙村党支部,T2,党支部,农村,421124101202']),
      {
        dryRun: true,
      },
    );
    expect((await openCoverage(ctx)).map((w) => w.code)).toEqual(['C', 'T2']);
    // 丙村's org re-coded to 丁村 (421124101202) by a ledger: 乙镇 now misses 丙村 instead of 丁村
    const recoded = await importOrgs(
      ctx,
      csvFile(dir, 'orgs-3.csv', [header, 'V21,丙村党支部,T2,党支部,农村,421124101202']),
    );
    expect(recoded).toMatchObject({ updated: 1, rejectedTotal: 0 });
    expect((await openCoverage(ctx)).map((w) => [w.code, w.evidence.join()])).toEqual([
      ['C', expect.stringContaining('辖区内1个村（社区）未建立党组织：丙村')],
      ['T2', expect.stringContaining('丙村村民委员会（421124101201）')],
    ]);
  });

  it('refuses a file with more rows than a county has villages as it reads it, writing nothing', async () => {
    const ctx = h.ctx();
    await county(ctx);
    // valid rows all: 40 townships of 600 villages each, past the limit
    const lines = ['统计用区划代码,名称,城乡分类代码,所属乡镇代码'];
    for (let t = 100; t < 140; t++) {
      lines.push(`421124${t},乡镇${t},,`);
      for (let v = 200; v < 800; v++) lines.push(`421124${t}${v},村${t}${v},220,421124${t}`);
    }
    expect(lines.length - 1).toBeGreaterThan(MAX_DIVISION_ROWS);
    const big = csvFile(dir, 'big.csv', lines);
    for (const dryRun of [true, false])
      await expect(importDivisions(ctx, big, { dryRun })).rejects.toMatchObject({
        code: 'VALIDATION_FAILED',
        message: `村级区划名单超过 ${MAX_DIVISION_ROWS} 行，一个县的村、社区不会这么多，未导入；请检查是否选错了文件`,
      });
    expect(await h.db.query('SELECT 1 FROM division_table')).toEqual([]);
  });

  it('refuses the whole table when any row is bad, with the reason per row', async () => {
    const ctx = h.ctx();
    await county(ctx);
    const bad = csvFile(dir, 'bad.csv', [
      '统计用区划代码,名称,城乡分类代码,所属乡镇代码',
      '421124100,甲镇,,', // 2 ok
      '42112410020,短代码村,220,421124100', // 3 eleven digits
      '421125100201,外县村,220,421125100', // 4 another county
      '421124100201,甲村,220,421124100', // 5 ok
      '421124100201,甲村重复,220,421124100', // 6 the same code again
      '421124102201,无乡镇村,220,421124102', // 7 its township is not in the table
      '421124100203,错乡镇村,220,421124101', // 8 its code does not begin with its township's
      '421124100204,分类错村,999,421124100', // 9 an unknown urban-rural class
      '421124100205,无上级村,220,', // 10 no township
    ]);
    for (const dryRun of [true, false]) {
      const r = await importDivisions(ctx, bad, { dryRun });
      expect(r).toMatchObject({ total: 9, inserted: 0, updated: 0, unchanged: 0, badRows: 7 });
      expect(Object.fromEntries(r.rejected.map((x) => [x.row, x.code]))).toEqual({
        3: 'DIVISION_CODE_INVALID',
        4: 'DIVISION_OTHER_COUNTY',
        6: 'DUPLICATE_IN_FILE',
        7: 'DIVISION_PARENT_MISSING',
        8: 'DIVISION_PARENT_MISMATCH',
        9: 'URBAN_RURAL_INVALID',
        10: 'REQUIRED',
      });
      const msg = (row: number) => r.rejected.find((x) => x.row === row)!;
      expect(msg(4)).toMatchObject({
        column: '统计用区划代码',
        message: expect.stringContaining('不属于本县（421124）'),
      });
      expect(msg(6).message).toBe('与第5行的区划代码重复');
      expect(msg(7)).toMatchObject({
        column: '所属乡镇代码',
        message: expect.stringContaining('不在本表中'),
      });
    }
    expect((await divisionTableView(ctx)).versions).toHaveLength(0);
  });

  it('needs the county: a deployment without a county-level code cannot import', async () => {
    const ctx = h.ctx();
    await org(ctx, 'C', '中共测试县委员会', null, { sector: 'government' });
    await expect(importDivisions(ctx, FILE)).rejects.toThrow(AppError);
    await expect(importDivisions(ctx, FILE)).rejects.toThrow(/无法确定本县/);
  });

  describe('over HTTP', () => {
    let app: FastifyInstance;
    beforeAll(async () => {
      app = await buildServer({ db: h.db, clock: fixedClock(TODAY), logLevel: 'silent' });
    });
    afterAll(async () => {
      await app.close();
    });

    it('only the county administrator of the whole county reads and imports it', async () => {
      const ctx = h.ctx();
      await county(ctx);
      const content = [
        '统计用区划代码,名称,城乡分类代码,所属乡镇代码',
        '421124100,甲镇,,',
        '421124100201,甲村村民委员会,220,421124100',
        '421124100202,乙村村民委员会,220,421124100',
      ].join('\n');
      const boundary = '----jicengdivisions';
      const body = {
        payload: Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="d.csv"\r\n` +
            `Content-Type: text/csv\r\n\r\n${content}\r\n--${boundary}--\r\n`,
        ),
        headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      };
      for (const [role, orgCode] of [
        ['township_officer', 'T1'],
        ['branch_secretary', 'V11'],
        ['viewer', 'C'],
        ['county_admin', 'T1'],
      ] as const) {
        const c = await signIn(app, ctx, role, orgCode);
        expect((await c.get('/api/v1/divisions')).statusCode, role).toBe(403);
        const post = await c.req({ method: 'POST', url: '/api/v1/divisions/import', ...body });
        expect(post.statusCode, role).toBe(403);
      }
      const admin = await signIn(app, ctx, 'county_admin', 'C');
      expect((await admin.get('/api/v1/divisions')).json()).toMatchObject({
        table: null,
        county: { code: '421124' },
      });
      const dry = await admin.req({ method: 'POST', url: '/api/v1/divisions/import?dryRun=true', ...body });
      expect(dry.statusCode).toBe(200);
      expect(dry.json()).toMatchObject({ total: 3, inserted: 3, rejectedTotal: 0 });
      expect((await admin.get('/api/v1/divisions')).json().table).toBeNull();
      const ok = await admin.req({
        method: 'POST',
        url: `/api/v1/divisions/import?effectiveFrom=2026-01-01`,
        ...body,
      });
      expect(ok.statusCode).toBe(200);
      const view = (await admin.get('/api/v1/divisions')).json();
      expect(view.table).toMatchObject({ effectiveFrom: '2026-01-01', villages: 2 });
      expect(view.byTownship).toMatchObject([{ code: '421124100', villages: 2, uncovered: 1 }]);
      const future = await admin.req({
        method: 'POST',
        url: `/api/v1/divisions/import?effectiveFrom=2027-01-01`,
        ...body,
      });
      expect(future.statusCode).toBe(400);
      const tpl = await admin.get('/api/v1/divisions/template.xlsx');
      expect(tpl.statusCode).toBe(200);
      // in the OpenAPI document
      const paths = Object.keys((await admin.get('/api/docs/json')).json().paths);
      for (const p of [
        '/api/v1/divisions',
        '/api/v1/divisions/import',
        '/api/v1/divisions/template.xlsx',
        '/api/v1/orgs/{code}/warnings/tree',
        '/api/v1/orgs/{code}/warnings/analysis',
      ])
        expect(paths).toContain(p);
    });
  });
});

const cliDir = mkdtempSync(join(tmpdir(), 'jiceng-divisions-cli-'));
afterAll(() => rmSync(cliDir, { recursive: true, force: true }));

it('the CLI: jiceng import divisions FILE [--dry-run] --json, exit 3 with rejected rows; jiceng divisions --json', async () => {
  // a migrated folder, as a deployment's: the commands' own work is what is tested
  await (await openMigratedFolder(join(cliDir, 'd'))).close();
  const run = (...args: string[]) =>
    spawnSync(process.execPath, ['bin/jiceng.mjs', ...args, '--json', '--data-dir', join(cliDir, 'd')], {
      encoding: 'utf8',
      timeout: 240_000,
    });
  const orgs = csvFile(cliDir, 'orgs.csv', [
    '组织编码,组织名称,上级组织编码,组织类别,所在领域,行政区划代码,成立日期',
    'C,中共测试县委员会,,县（市、区）委,,421124,2000-01-01',
    'T1,中共甲镇委员会,C,乡镇党委,,421124100,2000-01-01',
    'V12,甲村党支部,T1,党支部,农村,421124100201,2000-01-01',
  ]);
  expect(run('import', 'orgs', orgs.path).status).toBe(0);
  const dry = run('import', 'divisions', FILE.path, '--dry-run');
  expect(dry.status, dry.stderr).toBe(0);
  expect(JSON.parse(dry.stdout)).toMatchObject({ total: 8, inserted: 8, rejectedTotal: 0 });
  const bad = csvFile(cliDir, 'bad.csv', [
    '统计用区划代码,名称,城乡分类代码,所属乡镇代码',
    '421124100201,甲村,220,421124100',
  ]);
  const refused = run('import', 'divisions', bad.path);
  expect(refused.status).toBe(3);
  expect(JSON.parse(refused.stdout).rejected[0]).toMatchObject({ row: 2, code: 'DIVISION_PARENT_MISSING' });
  const ok = run('import', 'divisions', FILE.path, '--effective-from', '2025-01-01');
  expect(ok.status, ok.stderr).toBe(0);
  const view = run('divisions');
  expect(view.status, view.stderr).toBe(0);
  expect(JSON.parse(view.stdout)).toMatchObject({
    county: { code: '421124' },
    table: { effectiveFrom: '2025-01-01', townships: 2, villages: 6 },
    byTownship: [
      { code: '421124100', uncovered: 2 },
      { code: '421124101', uncovered: 2 },
    ],
  });
}, 600_000);
