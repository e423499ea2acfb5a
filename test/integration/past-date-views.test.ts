/**
 * Issue 7, finding 2 (decision 0005): a roster as of a past date must not show today's contact or sensitive data of
 * a member who has since left the actor's scope — not in the list, not through the ID-number search, not in the full
 * export — while members the actor may still read are shown as before.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import ExcelJS from 'exceljs';
import { describeDb, TODAY } from '../helpers/db.js';
import { idNumber, member, smallCounty } from '../helpers/factory.js';
import { signIn, type Client } from '../helpers/http.js';
import { buildServer } from '../../src/server/app.js';
import { fixedClock } from '../../src/services/context.js';
import { recordMemberEvent, updateMember } from '../../src/services/members.js';
import { maskIdNumber } from '../../src/shared/id-number.js';
import type { DbHarness } from '../helpers/db.js';
import type { MemberListItem, Page } from '../../src/shared/schemas.js';

const AS_OF = '2026-01-01';
const NEW_PHONE = '13999998888';
const NEW_ADDRESS = '乙镇丙村新居9号';

/** 张移出 moved from 甲村 (甲镇) to 丙村 (乙镇) on 2026-06-01, then changed phone and address; 李留下 stayed. */
async function scenario(h: DbHarness) {
  const ctx = h.ctx();
  await smallCounty(ctx);
  const goneId = idNumber('1970-05-20', 'male');
  const keptId = idNumber('1980-03-15', 'female');
  const gone = {
    ...(await member(ctx, 'V11', '张移出', {
      idNumber: goneId,
      phone: '13800001111',
      address: '甲镇甲村旧居1号',
    })),
    idNumber: goneId,
  };
  const kept = {
    ...(await member(ctx, 'V12', '李留下', {
      idNumber: keptId,
      phone: '13800002222',
      address: '甲镇乙村2号',
    })),
    idNumber: keptId,
  };
  await recordMemberEvent(ctx, gone.id, { kind: 'move', effectiveOn: '2026-06-01', orgCode: 'V21' });
  await updateMember(ctx, gone.id, { phone: NEW_PHONE, address: NEW_ADDRESS });
  return { ctx, gone, kept };
}

function page(res: { statusCode: number; json(): unknown; body: string }): Page<MemberListItem> {
  expect(res.statusCode, res.body.slice(0, 200)).toBe(200);
  return res.json() as Page<MemberListItem>;
}

/** The data rows of the roster sheet, keyed by the header row's Chinese column names. */
async function sheetRows(payload: Buffer): Promise<Record<string, string>[]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(payload as unknown as ArrayBuffer);
  const ws = wb.worksheets[0]!;
  let headers: string[] | null = null;
  const out: Record<string, string>[] = [];
  ws.eachRow((row) => {
    const values = (row.values as unknown[]).slice(1).map((v) => (v == null ? '' : String(v)));
    if (!headers) {
      if (values.includes('姓名')) headers = values;
      return;
    }
    out.push(Object.fromEntries(headers.map((h, i) => [h, values[i] ?? ''])));
  });
  expect(headers, 'header row').not.toBeNull();
  return out;
}

describeDb('past-date views of members who left the scope', (h) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildServer({ db: h.db, clock: fixedClock(TODAY), logLevel: 'silent' });
  });
  afterAll(async () => {
    await app.close();
  });

  it('lists a departed member with identity and history only, and keeps readable members as they were', async () => {
    const { ctx, gone, kept } = await scenario(h);
    const officer: Client = await signIn(app, ctx, 'township_officer', 'T1');

    // today the member is elsewhere: indistinguishable from missing
    expect((await officer.get(`/api/v1/members/${gone.id}`)).statusCode).toBe(404);

    const byName = page(
      await officer.get(`/api/v1/orgs/T1/members?asOf=${AS_OF}&q=${encodeURIComponent('张移出')}`),
    );
    expect(byName.total).toBe(1);
    const row = byName.items[0]!;
    // what the history holds for that day
    expect(row).toMatchObject({
      id: gone.id,
      name: '张移出',
      sex: 'male',
      birthDate: '1970-05-20',
      status: 'full',
      orgCode: 'V11',
      joinedOn: '2005-07-01',
      confirmedOn: '2006-07-01',
    });
    // nothing of today's contact data; the ID number masked as every list shows it
    expect(row.phoneMasked).toBe('');
    expect(row.idNumberMasked).toBe(maskIdNumber(gone.idNumber));
    expect(JSON.stringify(byName)).not.toContain('8888');

    // a member still in the township is shown as before
    const all = page(await officer.get(`/api/v1/orgs/T1/members?asOf=${AS_OF}&pageSize=100`));
    expect(all.items.map((i) => i.name).sort()).toEqual(['张移出', '李留下'].sort());
    expect(all.items.find((i) => i.id === kept.id)!.phoneMasked).toBe('138****2222');
    expect(all.items.find((i) => i.id === gone.id)!.phoneMasked).toBe('');
    // and the list says which rows are history only (the web marks them 已调离 and links nowhere)
    expect(all.items.find((i) => i.id === gone.id)!.leftScope).toBe(true);
    expect(all.items.find((i) => i.id === kept.id)!.leftScope).toBeUndefined();

    // the county still reads the member today: unchanged for it
    const admin = await signIn(app, ctx, 'county_admin', 'C');
    const county = page(
      await admin.get(`/api/v1/orgs/T1/members?asOf=${AS_OF}&q=${encodeURIComponent('张移出')}`),
    );
    expect(county.items[0]!.phoneMasked).toBe('139****8888');
    expect(county.items[0]!.leftScope).toBeUndefined();
  });

  it('does not let the ID-number search find a departed member (nor a phone search)', async () => {
    const { ctx, gone, kept } = await scenario(h);
    const officer = await signIn(app, ctx, 'township_officer', 'T1');
    for (const tail of [gone.idNumber.slice(-4), gone.idNumber.slice(-6), gone.idNumber.slice(-10)]) {
      const res = page(await officer.get(`/api/v1/orgs/T1/members?asOf=${AS_OF}&q=${tail}`));
      expect(res.total, `ID-number tail ${tail}`).toBe(0);
      expect(res.items).toEqual([]);
    }
    // phones are not searched at all: neither the new nor the old one finds anything
    for (const phone of [NEW_PHONE.slice(-4), '13800001111'.slice(-4)])
      expect(page(await officer.get(`/api/v1/orgs/T1/members?asOf=${AS_OF}&q=${phone}`)).total).toBe(0);
    // readable members are found as before
    const keptHit = page(
      await officer.get(`/api/v1/orgs/T1/members?asOf=${AS_OF}&q=${kept.idNumber.slice(-6)}`),
    );
    expect(keptHit.items.map((i) => i.id)).toEqual([kept.id]);
    // and whoever may read the member today still finds them
    const admin = await signIn(app, ctx, 'county_admin', 'C');
    const adminHit = page(
      await admin.get(`/api/v1/orgs/T1/members?asOf=${AS_OF}&q=${gone.idNumber.slice(-6)}`),
    );
    expect(adminHit.items.map((i) => i.id)).toEqual([gone.id]);
  });

  it('exports a departed member masked and without contact data, even with full=true, and logs how many', async () => {
    const { ctx, gone, kept } = await scenario(h);
    const officer = await signIn(app, ctx, 'township_officer', 'T1');

    const res = await officer.get(`/api/v1/orgs/T1/members.xlsx?asOf=${AS_OF}&full=true`);
    expect(res.statusCode, res.body.slice(0, 200)).toBe(200);
    const rows = await sheetRows(res.rawPayload);
    expect(rows).toHaveLength(2);
    const g = rows.find((r) => r['姓名'] === '张移出')!;
    const k = rows.find((r) => r['姓名'] === '李留下')!;
    expect(g['公民身份号码']).toBe(maskIdNumber(gone.idNumber));
    expect(g['联系电话']).toBe('');
    expect(g['家庭住址']).toBe('');
    expect(g['所在党组织编码']).toBe('V11');
    expect(Object.values(g).join('|')).not.toContain(NEW_PHONE);
    expect(Object.values(g).join('|')).not.toContain(NEW_ADDRESS);
    // the member still readable keeps the full values a full export is for
    expect(k['公民身份号码']).toBe(kept.idNumber);
    expect(k['联系电话']).toBe('13800002222');
    expect(k['家庭住址']).toBe('甲镇乙村2号');

    const [audit] = await h.db.query<{ after: { rows: number; full: boolean; withheld: number } }>(
      "SELECT after FROM audit_log WHERE action = 'export_sensitive' ORDER BY id DESC LIMIT 1",
    );
    expect(audit?.after).toMatchObject({ rows: 2, full: true, withheld: 1 });

    // the masked export shows no phone of the departed member either (not even masked)
    const masked = await sheetRows(
      (await officer.get(`/api/v1/orgs/T1/members.xlsx?asOf=${AS_OF}`)).rawPayload,
    );
    expect(masked.find((r) => r['姓名'] === '张移出')!['联系电话']).toBe('');
    expect(masked.find((r) => r['姓名'] === '李留下')!['联系电话']).toBe('138****2222');
  });
});
