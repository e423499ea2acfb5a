/**
 * The compliance heat map (issue 11 item 10, decision 0024) through the API on both engines: a township officer's
 * map of its branches for a kind and a year — held, missing, running and not owed per month — the same from the
 * rollup and from the live computation, the county's township filter, scope, and the .xlsx export read back with
 * the same figures.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { describeDb, TODAY } from '../helpers/db.js';
import { member, smallCounty } from '../helpers/factory.js';
import { signIn } from '../helpers/http.js';
import { buildServer } from '../../src/server/app.js';
import { fixedClock } from '../../src/services/context.js';
import { recordMeeting } from '../../src/services/meetings.js';
import { rebuildLife } from '../../src/services/life-rollup.js';
import type { ComplianceMap } from '../../src/shared/schemas.js';

describeDb('compliance heat map', (h) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildServer({ db: h.db, clock: fixedClock(TODAY), logLevel: 'silent' });
  });
  afterAll(async () => {
    await app.close();
  });

  async function seed() {
    const ctx = h.ctx();
    await smallCounty(ctx);
    for (const code of ['V11', 'V12', 'V21', 'V22']) await member(ctx, code, `${code}党员`);
    // V11 holds every month's theme day from January to October, V12 only in March and in November
    for (let m = 1; m <= 10; m++)
      await recordMeeting(ctx, 'V11', {
        kinds: ['theme_day'],
        heldOn: `2026-${String(m).padStart(2, '0')}-10`,
        topic: `${m}月主题党日`,
      });
    await recordMeeting(ctx, 'V12', { kinds: ['theme_day'], heldOn: '2026-03-05', topic: '三月' });
    await recordMeeting(ctx, 'V12', { kinds: ['theme_day'], heldOn: '2026-11-05', topic: '十一月' });
    return ctx;
  }

  it('shows a township’s branches by month, the same from the rollup as live, and exports the same figures', async () => {
    const ctx = await seed();
    const officer = await signIn(app, ctx, 'township_officer', 'T1');
    const live = await officer.get('/api/v1/orgs/T1/compliance/map?year=2026&kind=theme_day');
    expect(live.statusCode, live.body).toBe(200);
    const l: ComplianceMap = live.json();
    expect(l.source).toBe('live');
    await rebuildLife(h.db, TODAY);
    const res = await officer.get('/api/v1/orgs/T1/compliance/map?year=2026&kind=theme_day');
    const m: ComplianceMap = res.json();
    expect(m.source).toBe('rollup');
    expect({ ...m, source: 'live' }).toEqual(l);

    // members joined in 2005, so every month is owed; November (today 2026-11-22) is still running
    expect(m.periods).toEqual([
      '2026-01',
      '2026-02',
      '2026-03',
      '2026-04',
      '2026-05',
      '2026-06',
      '2026-07',
      '2026-08',
      '2026-09',
      '2026-10',
      '2026-11',
    ]);
    const v11 = m.rows.find((r) => r.code === 'V11')!;
    const v12 = m.rows.find((r) => r.code === 'V12')!;
    expect(v11.cells).toEqual([...Array(10).fill('held'), 'pending']);
    expect(v11).toMatchObject({ expected: 10, held: 10, missing: [] });
    expect(v12.cells[2]).toBe('held');
    expect(v12.cells[0]).toBe('missing');
    expect(v12.cells[10]).toBe('held');
    // a running month that is already met counts, as in compliance
    expect(v12).toMatchObject({ expected: 11, held: 2 });
    expect(v12.missing).toHaveLength(9);
    expect(m.totals).toEqual({ orgs: 2, expected: 21, held: 12, missing: 9, pending: 1 });
    // no other township's branch, in tree order (no ranking)
    expect(m.rows.map((r) => r.code)).toEqual(['V11', 'V12']);

    // the county filters by township
    const admin = await signIn(app, ctx, 'county_admin', 'C');
    const all: ComplianceMap = (await admin.get('/api/v1/orgs/C/compliance/map?year=2026')).json();
    expect(all.townships.map((t) => t.code)).toEqual(['T1', 'T2']);
    expect(all.rows.map((r) => [r.code, r.township])).toEqual([
      ['V11', 'T1'],
      ['V12', 'T1'],
      ['V21', 'T2'],
      ['V22', 'T2'],
    ]);
    const t2: ComplianceMap = (await admin.get('/api/v1/orgs/C/compliance/map?year=2026&within=T2')).json();
    expect(t2.rows.map((r) => r.code)).toEqual(['V21', 'V22']);
    expect(t2.townships).toEqual(all.townships);
    expect(t2.totals.held).toBe(0);
    // out of scope looks missing; a township outside the map's org is refused
    expect((await officer.get('/api/v1/orgs/T2/compliance/map?year=2026')).statusCode).toBe(404);
    expect((await officer.get('/api/v1/orgs/T1/compliance/map?year=2026&within=T2')).statusCode).toBe(404);
    expect((await admin.get('/api/v1/orgs/T1/compliance/map?year=2026&within=V21')).statusCode).toBe(400);

    // the workbook holds the same figures
    const x = await officer.get('/api/v1/orgs/T1/compliance/map.xlsx?year=2026&kind=theme_day');
    expect(x.statusCode).toBe(200);
    expect(x.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    const rows: string[][] = [];
    ws.eachRow((row) => rows.push((row.values as unknown[]).slice(1).map((v) => String(v ?? ''))));
    expect(rows[0]![0]).toContain('2026年主题党日落实情况');
    const header = rows[1]!;
    expect(header.slice(0, 5)).toEqual(['组织编码', '党组织', '所属乡镇（下级组织）', '1月', '2月']);
    expect(header.slice(-4)).toEqual(['应开', '已开', '未开', '未开期次']);
    const v12Row = rows.find((r) => r[0] === 'V12')!;
    expect(v12Row[2]).toBe('中共甲镇委员会');
    expect(v12Row.slice(3, 3 + 11)).toEqual(
      v12.cells.map((c) =>
        c === 'held' ? '已开' : c === 'missing' ? '未开' : c === 'pending' ? '进行中' : '—',
      ),
    );
    expect(v12Row.slice(-4, -1)).toEqual(['11', '2', '9']);
    expect(v12Row.at(-1)).toBe('1月、2月、4月、5月、6月、7月、8月、9月、10月');
    expect(rows.filter((r) => /^V\d+$/.test(r[0]!))).toHaveLength(2);
  });
});
