/**
 * Values the code tables do not know (issue 9 #3, decision 0013): an import reads the ledgers' variants through the
 * synonyms, keeps a text none knows as typed (a warning, not a rejection, counted as 未归类), and a mapping of that
 * text — a local synonym, audited — reclassifies its holders at once, moves their statistics and is used by every
 * later import.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { describeDb, TODAY } from '../helpers/db.js';
import { idNumber, member, smallCounty } from '../helpers/factory.js';
import { signIn } from '../helpers/http.js';
import { importMembers } from '../../src/services/imports.js';
import { getLiveStats, getStats } from '../../src/services/stats.js';
import { getMember, listMembers, updateMember } from '../../src/services/members.js';
import { classificationOverview, mapClassification } from '../../src/services/classification.js';
import { MemberListQuerySchema, type Stats } from '../../src/shared/schemas.js';
import { buildServer } from '../../src/server/app.js';
import { fixedClock } from '../../src/services/context.js';

const dir = mkdtempSync(join(tmpdir(), 'jiceng-classify-'));
let n = 0;
function members(rows: string[]): string {
  const f = join(dir, `m${++n}.csv`);
  writeFileSync(
    f,
    [
      '某县党员花名册（2026年）',
      '所在党组织编码,姓名,身份证号,民族,学历,工作岗位,人员类别,入党日期,转正日期',
      ...rows,
    ].join('\n'),
  );
  return f;
}

/** The figures a rollup and a live recount of the same day must agree on. */
const figures = (s: Stats) => ({
  members: s.members,
  ethnicity: s.ethnicity,
  education: s.education,
  occupation: s.occupation,
});

describeDb('classification of unknown values', (h) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildServer({ db: h.db, clock: fixedClock(TODAY), logLevel: 'silent' });
  });
  afterAll(async () => {
    await app.close();
  });

  const ids = Array.from({ length: 8 }, (_, i) =>
    idNumber(`195${i}-03-0${i + 1}`, i % 2 ? 'female' : 'male'),
  );

  it('reads the variants, keeps an unknown text with a warning and counts it as 未归类', async () => {
    await smallCounty(h.ctx());
    const file = members([
      `V11,张一,${ids[0]},汉,大学,企事业单位管理人员,正式党员,2000-07-01,2001-07-01`,
      `V11,张二,${ids[1]},汉族,中等专科,企业管理人员,正式党员,2000-07-01,2001-07-01`,
      `V12,张三,${ids[2]},蒙族,本科,农民,正式党员,2000-07-01,2001-07-01`,
      `V12,张四,${ids[3]},土家,大学本科,离退休,正式党员,2000-07-01,2001-07-01`,
      `V21,张五,${ids[4]},汉族,党校大学,村干部,正式党员,2000-07-01,2001-07-01`,
      `V21,张六,${ids[5]},穿青人,初中,村干部,正式党员,2000-07-01,2001-07-01`,
      `V22,张七,${ids[6]},汉族,高中,村干部 ,预备党员,2026-01-01,`,
    ]);
    const r = await importMembers(h.ctx(), { path: file });
    expect(r).toMatchObject({ total: 7, inserted: 7, rejectedTotal: 0, warningTotal: 5 });
    // one root cause, one line: grouped by column and value
    expect(r.warningSummary).toEqual([
      {
        code: 'UNCLASSIFIED',
        column: '工作岗位',
        field: 'occupation',
        value: '村干部',
        message: '3 行的工作岗位为“村干部”，无法对应标准类别',
        count: 3,
        rows: [7, 8, 9],
      },
      {
        code: 'UNCLASSIFIED',
        column: '学历',
        field: 'education',
        value: '党校大学',
        message: '1 行的学历为“党校大学”，无法对应标准类别',
        count: 1,
        rows: [7],
      },
      {
        code: 'UNCLASSIFIED',
        column: '民族',
        field: 'ethnicity',
        value: '穿青人',
        message: '1 行的民族为“穿青人”，无法对应标准类别',
        count: 1,
        rows: [8],
      },
    ]);
    expect(r.warnings.map((w) => [w.row, w.column, w.value]).sort()).toEqual(
      [
        [7, '学历', '党校大学'],
        [7, '工作岗位', '村干部'],
        [8, '工作岗位', '村干部'],
        [8, '民族', '穿青人'],
        [9, '工作岗位', '村干部'],
      ].sort(),
    );

    const list = await listMembers(h.ctx(), 'C', MemberListQuerySchema.parse({ pageSize: 50 }));
    const by = new Map(list.items.map((m) => [m.name, m]));
    expect(by.get('张一')).toMatchObject({ ethnicity: '01', education: '21', occupation: 'manager' });
    expect(by.get('张二')).toMatchObject({ ethnicity: '01', education: '41', occupation: 'manager' });
    expect(by.get('张三')).toMatchObject({ ethnicity: '02', education: '21', occupation: 'farmer' });
    expect(by.get('张四')).toMatchObject({ ethnicity: '15', occupation: 'retired' });
    expect(by.get('张五')).toMatchObject({
      education: null,
      educationRaw: '党校大学',
      occupation: null,
      occupationRaw: '村干部',
    });
    expect(by.get('张六')).toMatchObject({
      ethnicity: null,
      ethnicityRaw: '穿青人',
      occupationRaw: '村干部',
    });

    const stats = await getStats(h.ctx(), 'C');
    expect(stats.ethnicity).toEqual({ han: 4, minority: 2, unclassified: 1 });
    expect(stats.occupation).toMatchObject({ manager: 2, farmer: 1, retired: 1, unclassified: 3 });
    expect(stats.education).toMatchObject({ bachelor: 3, secondary_vocational: 1, unclassified: 1 });
    expect(figures(await getLiveStats(h.ctx(), 'C'))).toEqual(figures(stats));
    expect((await getStats(h.ctx(), 'T2')).occupation.unclassified).toBe(3);

    // the overview counts the holders of each text
    const view = await classificationOverview(h.ctx());
    expect(view.fields.find((f) => f.field === 'occupation')?.values).toEqual([
      { raw: '村干部', persons: 3, onRoster: 3 },
    ]);
    expect(view.fields.find((f) => f.field === 'ethnicity')?.values).toEqual([
      { raw: '穿青人', persons: 1, onRoster: 1 },
    ]);
  });

  it('maps a text: its holders are reclassified at once, the statistics move, the audit log has it, later imports use it', async () => {
    await smallCounty(h.ctx());
    await importMembers(h.ctx(), {
      path: members([
        `V21,李一,${ids[0]},汉族,初中,村干部,正式党员,2000-07-01,2001-07-01`,
        `V22,李二,${ids[1]},汉族,初中,ＶＩＬＬＡＧＥ 村干部,正式党员,2000-07-01,2001-07-01`,
        `V11,李三,${ids[2]},汉族,初中,village村干部,正式党员,2000-07-01,2001-07-01`,
      ]),
    });
    const before = await getStats(h.ctx(), 'C');
    expect(before.occupation).toMatchObject({ farmer: 0, unclassified: 3 });
    expect((await getStats(h.ctx(), 'T2')).occupation.unclassified).toBe(2);

    // a text the standard tables know is not mapped another way
    await expect(
      mapClassification(h.ctx(), { field: 'occupation', raw: '农民', code: 'worker' }),
    ).rejects.toMatchObject({ code: 'CLASSIFICATION_STANDARD' });
    await expect(
      mapClassification(h.ctx(), { field: 'occupation', raw: '村干部', code: '41' }),
    ).rejects.toMatchObject({ code: 'CLASSIFICATION_CODE_UNKNOWN' });

    // the full-width spelling differs only in width: one mapping covers both
    const out = await mapClassification(h.ctx(), {
      field: 'occupation',
      raw: 'village 村干部',
      code: 'farmer',
    });
    expect(out).toEqual({
      field: 'occupation',
      raw: 'village 村干部',
      code: 'farmer',
      codeZh: '农牧渔民',
      previousCode: null,
      reclassified: 2,
      onRoster: 2,
    });
    const after = await getStats(h.ctx(), 'C');
    expect(after.occupation).toMatchObject({ farmer: 2, unclassified: 1 });
    expect((await getStats(h.ctx(), 'T2')).occupation).toMatchObject({ farmer: 1, unclassified: 1 });
    expect((await getStats(h.ctx(), 'T1')).occupation).toMatchObject({ farmer: 1 });
    expect(figures(await getLiveStats(h.ctx(), 'C'))).toEqual(figures(after));
    const li = await listMembers(h.ctx(), 'C', MemberListQuerySchema.parse({ pageSize: 50 }));
    expect(li.items.find((m) => m.name === '李二')).toMatchObject({
      occupation: 'farmer',
      occupationRaw: null,
    });
    expect(li.items.find((m) => m.name === '李一')).toMatchObject({
      occupation: null,
      occupationRaw: '村干部',
    });

    // audited: the synonym, and each person's change with the text it had
    const audit = await h.db.query<{
      entity: string;
      action: string;
      before: Record<string, unknown> | null;
    }>(
      `SELECT entity, action, before FROM audit_log WHERE entity IN ('classification_synonym', 'person') AND action <> 'bulk_insert' ORDER BY id`,
    );
    expect(audit.filter((a) => a.entity === 'classification_synonym').map((a) => a.action)).toEqual([
      'insert',
    ]);
    const persons = audit.filter((a) => a.entity === 'person' && a.action === 'update');
    // (the texts as kept: full-width letters folded by the import)
    expect(persons.map((a) => a.before?.occupation_raw).sort()).toEqual(['VILLAGE 村干部', 'village村干部']);

    // the next import — through the worker thread too — reads the local synonym: no warning, classified
    const next = await importMembers(
      h.ctx(),
      {
        path: members([
          `V12,李四,${ids[3]},汉族,初中,Village村干部,正式党员,2000-07-01,2001-07-01`,
          `V12,李五,${ids[4]},汉族,初中,村干部,正式党员,2000-07-01,2001-07-01`,
        ]),
      },
      { worker: true },
    );
    expect(next).toMatchObject({ inserted: 2, warningTotal: 1 });
    expect(next.warningSummary.map((w) => w.value)).toEqual(['村干部']);
    const li4 = await listMembers(h.ctx(), 'C', MemberListQuerySchema.parse({ q: '李四' }));
    expect(li4.items[0]).toMatchObject({ occupation: 'farmer', occupationRaw: null });

    // a second mapping of the same text changes the synonym (previousCode) and reclassifies who still holds it
    const again = await mapClassification(h.ctx(), {
      field: 'occupation',
      raw: 'VILLAGE村干部',
      code: 'other',
    });
    expect(again).toMatchObject({ previousCode: 'farmer', reclassified: 0 });
    const plain = await mapClassification(h.ctx(), { field: 'occupation', raw: '村干部', code: 'farmer' });
    expect(plain).toMatchObject({ reclassified: 2, onRoster: 2 });
    const final = await getStats(h.ctx(), 'C');
    expect(final.occupation).toMatchObject({ farmer: 5 });
    // (a category without members is left out, as 未填写 is)
    expect(final.occupation.unclassified).toBeUndefined();
    expect(figures(await getLiveStats(h.ctx(), 'C'))).toEqual(figures(final));
    expect((await classificationOverview(h.ctx())).synonyms.map((s) => [s.raw, s.code])).toEqual([
      ['village 村干部', 'other'],
      ['村干部', 'farmer'],
    ]);
  });

  it('a person choosing from the code table clears the kept text; a re-import never unclassifies', async () => {
    await smallCounty(h.ctx());
    const file = members([`V11,王一,${ids[5]},穿青人,党校大学,村干部,正式党员,2000-07-01,2001-07-01`]);
    await importMembers(h.ctx(), { path: file });
    const [m] = (await listMembers(h.ctx(), 'C', MemberListQuerySchema.parse({ q: '王一' }))).items;
    expect(m).toMatchObject({ ethnicity: null, ethnicityRaw: '穿青人', educationRaw: '党校大学' });
    await updateMember(h.ctx(), m!.id, { ethnicity: '97', occupation: 'other' });
    const d = await getMember(h.ctx(), m!.id);
    expect(d).toMatchObject({
      ethnicity: '97',
      ethnicityRaw: null,
      occupation: 'other',
      occupationRaw: null,
      // not edited: still kept as typed
      education: null,
      educationRaw: '党校大学',
    });
    const s = await getStats(h.ctx(), 'C');
    expect(s.ethnicity).toEqual({ han: 0, minority: 1, unclassified: 0 });
    expect(s.occupation).toMatchObject({ other: 1 });
    expect(s.occupation.unclassified).toBeUndefined();
    expect(s.education).toMatchObject({ unclassified: 1 });
    // the same file again: its unknown texts do not replace the categories chosen since
    const again = await importMembers(h.ctx(), { path: file });
    expect(again).toMatchObject({ unchanged: 1, warningTotal: 3 });
    expect(await getMember(h.ctx(), m!.id)).toMatchObject({ ethnicity: '97', occupation: 'other' });
    expect(figures(await getLiveStats(h.ctx(), 'C'))).toEqual(figures(await getStats(h.ctx(), 'C')));
  });

  it('over HTTP: only an administrator of the whole county lists and maps', async () => {
    await smallCounty(h.ctx());
    await member(h.ctx(), 'V11', '已在册');
    await importMembers(h.ctx(), {
      path: members([`V11,赵一,${ids[6]},汉族,初中,村干部,正式党员,2000-07-01,2001-07-01`]),
    });
    const admin = await signIn(app, h.ctx(), 'county_admin', 'C');
    const township = await signIn(app, h.ctx(), 'county_admin', 'T1');
    const list = await admin.get('/api/v1/classification');
    expect(list.statusCode).toBe(200);
    expect(list.json().fields[2]).toMatchObject({
      field: 'occupation',
      zh: '职业',
      values: [{ raw: '村干部', persons: 1, onRoster: 1 }],
    });
    expect((await township.get('/api/v1/classification')).statusCode).toBe(403);
    expect(
      (
        await township.post('/api/v1/classification/mappings', {
          field: 'occupation',
          raw: '村干部',
          code: 'farmer',
        })
      ).statusCode,
    ).toBe(403);
    const bad = await admin.post('/api/v1/classification/mappings', {
      field: 'name',
      raw: 'x',
      code: 'farmer',
    });
    expect(bad.statusCode).toBe(400);
    const ok = await admin.post('/api/v1/classification/mappings', {
      field: 'occupation',
      raw: '村干部',
      code: 'farmer',
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ reclassified: 1, onRoster: 1, codeZh: '农牧渔民' });
    // the overview lists the county's synonym now, and nothing unclassified
    const after = await admin.get('/api/v1/classification');
    expect(after.statusCode).toBe(200);
    expect(after.json().fields[2].values).toEqual([]);
    expect(after.json().synonyms).toEqual([
      expect.objectContaining({
        field: 'occupation',
        raw: '村干部',
        code: 'farmer',
        codeZh: '农牧渔民',
        mappedBy: admin.username,
      }),
    ]);
    const stats = await admin.get('/api/v1/orgs/C/stats');
    expect(stats.json().occupation).toMatchObject({ farmer: 2 });
    expect(stats.json().occupation.unclassified).toBeUndefined();
    const entry = await h.db.query<{ actor_label: string }>(
      `SELECT actor_label FROM audit_log WHERE entity = 'classification_synonym'`,
    );
    expect(entry).toHaveLength(1);
    expect(entry[0]!.actor_label).toContain(admin.username);
  });
});
