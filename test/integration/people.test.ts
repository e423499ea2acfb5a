/**
 * People and memberships (decision 0011): a person holds the identity and contact facts, a membership the join
 * date, status and periods. A member who transferred out and comes back is the same membership with a transfer-in
 * period; one who left and is admitted again is a new membership of the same person; one ID number is one person;
 * a person without membership is on no roster; migration 0007 gives every existing member a person.
 */
import { expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeDb, ENGINES, migrateUntil, TODAY } from '../helpers/db.js';
import { idNumber, member, smallCounty } from '../helpers/factory.js';
import {
  createMember,
  getMember,
  listMembers,
  recordMemberEvent,
  updateMember,
} from '../../src/services/members.js';
import { getLiveStats, getStats } from '../../src/services/stats.js';
import { importMembers } from '../../src/services/imports.js';
import { verifyAudit } from '../../src/services/audit.js';
import { migrate } from '../../src/db/migrate.js';
import { MemberListQuerySchema, type MemberCreate } from '../../src/shared/schemas.js';
import { AppError } from '../../src/shared/errors.js';
import type { Db } from '../../src/db/client.js';
import { planAdmission } from '../../src/domain/member/memberships.js';

const q = (o: Record<string, unknown> = {}) => MemberListQuerySchema.parse(o);

async function expectCode(p: Promise<unknown>, code: string) {
  await expect(p).rejects.toSatisfy((e: unknown) => e instanceof AppError && e.code === code);
}

async function periods(db: Db, memberId: number) {
  return db.query<{ org: string; status: string; from: string; to: string | null }>(
    `SELECT o.code AS org, p.status, p.valid_from AS "from", p.valid_to AS "to"
       FROM member_period p JOIN org o ON o.id = p.org_id WHERE p.member_id = $1 ORDER BY p.valid_from`,
    [memberId],
  );
}

async function expectStatsRight(ctx: Parameters<typeof getStats>[0]) {
  for (const code of ['C', 'T1', 'T2', 'V11', 'V21']) {
    const fast = await getStats(ctx, code);
    expect(fast.source).toBe('rollup');
    expect({ ...fast, source: 'live' }).toEqual(await getLiveStats(ctx, code));
  }
}

const ids = (page: { items: { id: number }[] }) => page.items.map((i) => i.id);

describeDb('people and memberships', (h) => {
  it('brings a member who transferred out back into the same membership with a transfer-in period', async () => {
    const ctx = h.ctx();
    await smallCounty(ctx);
    const a = await member(ctx, 'V11', '张归来', { birth: '1980-03-04' });
    await recordMemberEvent(ctx, a.id, { kind: 'transfer_out', effectiveOn: '2025-03-01', note: '外县' });
    expect((await getStats(ctx, 'C')).members.total).toBe(0);

    const back = await createMember(ctx, {
      orgCode: 'V21',
      name: '张归来',
      idNumber: (await h.db.query<{ n: string }>('SELECT id_number AS n FROM person'))[0]!.n,
      status: 'full',
      ethnicity: '01',
      education: '31',
      phone: '13900001234',
      joinedOn: '2005-07-01',
      confirmedOn: '2006-07-01',
    });
    expect(back.id).toBe(a.id);
    expect(back.personId).toBe(a.personId);
    expect(back.orgCode).toBe('V21');
    expect(back.status).toBe('full');
    expect(back.education).toBe('31');
    expect(back.memberships).toEqual([]);
    expect(back.events.map((e) => e.kind)).toEqual(
      expect.arrayContaining(['transfer_in', 'transfer_out', 'joined']),
    );
    expect(await periods(h.db, a.id)).toEqual([
      { org: 'V11', status: 'probationary', from: '2005-07-01', to: '2006-07-01' },
      { org: 'V11', status: 'full', from: '2006-07-01', to: '2025-03-01' },
      { org: 'V11', status: 'transferred_out', from: '2025-03-01', to: TODAY },
      { org: 'V21', status: 'full', from: TODAY, to: null },
    ]);
    // the roster before the transfer out, while away, and now
    expect(ids(await listMembers(ctx, 'T1', q({ asOf: '2024-12-01' })))).toEqual([a.id]);
    expect((await listMembers(ctx, 'C', q({ asOf: '2026-01-01' }))).total).toBe(0);
    expect(ids(await listMembers(ctx, 'T2', q()))).toEqual([a.id]);
    expect((await listMembers(ctx, 'T1', q())).total).toBe(0);
    expect((await getStats(ctx, 'C', '2024-12-01')).members.total).toBe(1);
    expect((await getStats(ctx, 'C', '2026-01-01')).members.total).toBe(0);
    const s = await getStats(ctx, 'C');
    expect(s.members).toEqual({ total: 1, full: 1, probationary: 0 });
    await expectStatsRight(ctx);
    expect((await h.db.query('SELECT 1 FROM person')).length).toBe(1);
  });

  it('admits a member who left again as a new membership of the same person, with two join dates', async () => {
    const ctx = h.ctx();
    await smallCounty(ctx);
    const first = await member(ctx, 'V11', '李再入', { birth: '1975-06-01', sex: 'female' });
    const [{ n: idn } = { n: '' }] = await h.db.query<{ n: string }>('SELECT id_number AS n FROM person');
    await recordMemberEvent(ctx, first.id, {
      kind: 'remove',
      effectiveOn: '2010-03-01',
      removalKind: 'withdrawal',
    });
    const input: MemberCreate = {
      orgCode: 'V12',
      name: '李再入',
      idNumber: idn,
      status: 'full',
      ethnicity: '01',
      joinedOn: '2015-07-01',
      confirmedOn: '2016-07-01',
    };
    // a join date on or before the end of the last membership is refused
    await expectCode(createMember(ctx, { ...input, joinedOn: '2010-03-01' }), 'VALIDATION_FAILED');
    const again = await createMember(ctx, input);
    expect(again.id).not.toBe(first.id);
    expect(again.personId).toBe(first.personId);
    expect(again.joinedOn).toBe('2015-07-01');
    expect(again.memberships.map((m) => [m.id, m.joinedOn, m.status, m.endedOn])).toEqual([
      [first.id, '2005-07-01', 'removed', '2010-03-01'],
      [again.id, '2015-07-01', 'full', null],
    ]);
    expect(again.memberships[0]!.periods.map((p) => p.orgName)).toEqual([
      '甲村党支部',
      '甲村党支部',
      '甲村党支部',
    ]);
    const old = await getMember(ctx, first.id);
    expect(old.joinedOn).toBe('2005-07-01');
    expect(old.status).toBe('removed');
    expect(old.memberships).toHaveLength(2);
    expect(ids(await listMembers(ctx, 'C', q({ asOf: '2008-01-01' })))).toEqual([first.id]);
    expect((await listMembers(ctx, 'C', q({ asOf: '2012-01-01' }))).total).toBe(0);
    expect(ids(await listMembers(ctx, 'C', q()))).toEqual([again.id]);
    expect(ids(await listMembers(ctx, 'C', q({ asOf: '2016-01-01' })))).toEqual([again.id]);
    // a second current membership is refused, by the use case and by the database
    await expectCode(createMember(ctx, input), 'MEMBER_ID_NUMBER_TAKEN');
    await expect(
      h.db.query(
        `INSERT INTO member (person_id, org_id, status, joined_on) SELECT person_id, org_id, 'full', '2020-01-01'
           FROM member WHERE id = $1`,
        [again.id],
      ),
    ).rejects.toThrow(/member_person_current_uq/);
    const s = await getStats(ctx, 'C');
    expect(s.members).toEqual({ total: 1, full: 1, probationary: 0 });
    await expectStatsRight(ctx);
  });

  it('refuses a second person with an ID number, by the use cases and by the database', async () => {
    const ctx = h.ctx();
    await smallCounty(ctx);
    const a = await member(ctx, 'V11', '甲');
    const b = await member(ctx, 'V21', '乙', { birth: '1981-01-01' });
    const [{ n: idA } = { n: '' }] = await h.db.query<{ n: string }>(
      'SELECT id_number AS n FROM person WHERE id = $1',
      [a.personId],
    );
    await expectCode(member(ctx, 'V12', '丙', { idNumber: idA }), 'MEMBER_ID_NUMBER_TAKEN');
    await expectCode(updateMember(ctx, b.id, { idNumber: idA }), 'MEMBER_ID_NUMBER_TAKEN');
    await expect(
      h.db.query(
        `INSERT INTO person (name, name_initials, name_pinyin, sex, birth_date, birth_md, id_number, ethnicity)
         VALUES ('丁', 'd', 'ding', 'male', '1970-05-20', 520, $1, '01')`,
        [idA],
      ),
    ).rejects.toThrow(/person_id_number_uq/);
    expect((await h.db.query('SELECT 1 FROM person')).length).toBe(2);
    await expectStatsRight(ctx);
  });

  it('keeps a person without membership off every roster, and admits them later as the same person', async () => {
    const ctx = h.ctx();
    await smallCounty(ctx);
    await member(ctx, 'V11', '在册');
    const idn = idNumber('2001-02-03', 'female');
    const [p] = await h.db.query<{ id: number }>(
      `INSERT INTO person (name, name_initials, name_pinyin, sex, birth_date, birth_md, id_number, ethnicity, phone)
       VALUES ('申请人', 'sqr', 'shenqingren', 'female', '2001-02-03', 203, $1, '01', '13700000000') RETURNING id`,
      [idn],
    );
    for (const code of ['C', 'T1', 'V11', 'V12'])
      expect((await listMembers(ctx, code, q())).items.map((i) => i.name)).not.toContain('申请人');
    expect((await listMembers(ctx, 'C', q({ q: idn.slice(-6) }))).total).toBe(0);
    expect((await listMembers(ctx, 'C', q({ asOf: '2025-01-01' }))).total).toBe(1);
    expect((await getStats(ctx, 'C')).members.total).toBe(1);
    // the audit entry of a person with no membership names no org
    const [entry] = await h.db.query<{ org_path: string | null }>(
      "SELECT org_path FROM audit_log WHERE entity = 'person' AND entity_id = $1",
      [String(p!.id)],
    );
    expect(entry?.org_path).toBeNull();

    const m = await createMember(ctx, {
      orgCode: 'V12',
      name: '申请人',
      idNumber: idn,
      status: 'probationary',
      ethnicity: '01',
      joinedOn: '2026-07-01',
    });
    expect(m.personId).toBe(p!.id);
    expect(m.phoneMasked).toContain('137');
    expect((await getStats(ctx, 'C')).members).toEqual({ total: 2, full: 1, probationary: 1 });
    await expectStatsRight(ctx);
  });

  it('imports a returning and a re-admitted person instead of rejecting them', async () => {
    const ctx = h.ctx();
    await smallCounty(ctx);
    const out = await member(ctx, 'V11', '转回人', { birth: '1970-01-02' });
    const left = await member(ctx, 'V11', '再入人', { birth: '1972-03-04' });
    await recordMemberEvent(ctx, out.id, { kind: 'transfer_out', effectiveOn: '2024-05-01', note: '外地' });
    await recordMemberEvent(ctx, left.id, {
      kind: 'remove',
      effectiveOn: '2012-05-01',
      removalKind: 'struck_off',
    });
    const idOf = async (personId: number) =>
      (await h.db.query<{ n: string }>('SELECT id_number AS n FROM person WHERE id = $1', [personId]))[0]!.n;
    const dir = mkdtempSync(join(tmpdir(), 'jiceng-people-'));
    const file = join(dir, 'm.csv');
    writeFileSync(
      file,
      [
        '所在党组织编码,姓名,身份证号,性别,民族,人员类别,入党日期,转正日期',
        `V21,转回人,${await idOf(out.personId)},男,汉族,正式党员,2005-07-01,2006-07-01`,
        `V21,再入人,${await idOf(left.personId)},男,汉族,预备党员,2026-03-01,`,
        `V21,新人,${idNumber('1999-09-09', 'male')},男,汉族,预备党员,2026-03-01,`,
      ].join('\n'),
    );
    const r = await importMembers(ctx, { path: file });
    expect(r.rejected).toEqual([]);
    expect(r.inserted).toBe(3);
    const roster = await listMembers(ctx, 'V21', q());
    expect(roster.total).toBe(3);
    expect(roster.items.find((i) => i.name === '转回人')?.id).toBe(out.id);
    const again = roster.items.find((i) => i.name === '再入人')!;
    expect(again.id).not.toBe(left.id);
    expect(again.personId).toBe(left.personId);
    expect(await periods(h.db, out.id)).toEqual([
      { org: 'V11', status: 'probationary', from: '2005-07-01', to: '2006-07-01' },
      { org: 'V11', status: 'full', from: '2006-07-01', to: '2024-05-01' },
      { org: 'V11', status: 'transferred_out', from: '2024-05-01', to: TODAY },
      { org: 'V21', status: 'full', from: TODAY, to: null },
    ]);
    expect((await h.db.query('SELECT 1 FROM person')).length).toBe(3);
    await expectStatsRight(ctx);
  });

  it('decides by how the last membership ended', () => {
    const last = (status: 'transferred_out' | 'removed' | 'deceased' | 'full', since = '2020-01-01') => ({
      status,
      joinedOn: '2005-07-01',
      confirmedOn: '2006-07-01',
      statusSince: since,
    });
    const full = { status: 'full' as const, joinedOn: '2005-07-01' };
    expect(planAdmission(false, null, full, TODAY).kind).toBe('new');
    expect(planAdmission(true, null, full, TODAY).kind).toBe('admit');
    expect(planAdmission(true, last('full'), full, TODAY).kind).toBe('taken');
    expect(planAdmission(true, last('transferred_out'), full, TODAY)).toEqual({ kind: 'return', on: TODAY });
    expect(
      planAdmission(true, last('transferred_out'), { ...full, status: 'probationary' }, TODAY).kind,
    ).toBe('refused');
    expect(
      planAdmission(true, last('transferred_out'), { ...full, joinedOn: '2005-08-01' }, TODAY).kind,
    ).toBe('refused');
    // joined again elsewhere after the transfer out: a new membership
    expect(
      planAdmission(true, last('transferred_out'), { ...full, joinedOn: '2021-01-01' }, TODAY).kind,
    ).toBe('readmit');
    expect(planAdmission(true, last('removed'), { ...full, joinedOn: '2021-01-01' }, TODAY).kind).toBe(
      'readmit',
    );
    expect(planAdmission(true, last('removed'), full, TODAY).kind).toBe('refused');
    expect(planAdmission(true, last('deceased'), { ...full, joinedOn: '2021-01-01' }, TODAY).kind).toBe(
      'refused',
    );
  });
});

// ------------------------------------------------------------------------------------------------ migration 0007

for (const engine of ENGINES) {
  // a fresh, unmigrated database migrated step by step: it took over 60 s on a loaded 2-core machine
  it(`migration 0007 gives every existing member a person [${engine.name}]`, async () => {
    const { db, drop } = await engine.open({ migrate: false });
    try {
      await migrateUntil(db, '0007_');
      await db.exec(`
        SELECT set_config('jiceng.actor_label', 'test', false);
        INSERT INTO org (id, code, name, kind, sector, parent_id, path, depth) VALUES
          (1, 'C', '县委', 'local_committee', 'government', NULL, '/1/', 0),
          (2, 'V', '村支部', 'branch', 'village', 1, '/1/2/', 1);
        SELECT setval('org_id_seq', 2);
        INSERT INTO member (id, org_id, name, name_initials, name_pinyin, sex, birth_date, birth_md, id_number,
                            ethnicity, education, occupation, native_place, phone, address, work_unit, job_title,
                            status, joined_on, confirmed_on, confirmed_md, is_mobile)
        VALUES (5, 2, '张三', 'zs', 'zhangsan', 'male', '1970-05-20', 520, '420525197005200011', '01', '71',
                'farmer', '湖北', '13800000000', '甲村一组', '甲村', '会计', 'full', '2005-07-01', '2006-07-01', 701, false),
               (9, 2, '李四', 'ls', 'lisi', 'female', '1980-01-02', 102, '42052519800102002X', '15', NULL,
                NULL, NULL, NULL, NULL, NULL, NULL, 'transferred_out', '2010-07-01', NULL, NULL, true);
        SELECT setval('member_id_seq', 9);
        INSERT INTO member_period (member_id, org_id, status, valid_from, valid_to) VALUES
          (5, 2, 'probationary', '2005-07-01', '2006-07-01'), (5, 2, 'full', '2006-07-01', NULL),
          (9, 2, 'probationary', '2010-07-01', '2020-01-01'), (9, 2, 'transferred_out', '2020-01-01', NULL);`);
      const before = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_log');
      // 0007, then whatever later migrations there are
      expect((await migrate(db))[0]).toMatch(/^0007/);
      const rows = await db.query<Record<string, unknown>>(
        `SELECT m.id, m.person_id, m.status, m.joined_on, m.is_mobile, p.name, p.sex, p.birth_date, p.birth_md,
                p.id_number, p.ethnicity, p.education, p.phone, p.address, p.job_title, p.name_initials
           FROM member m JOIN person p ON p.id = m.person_id ORDER BY m.id`,
      );
      expect(rows).toEqual([
        {
          id: 5,
          person_id: expect.any(Number),
          status: 'full',
          joined_on: '2005-07-01',
          is_mobile: false,
          name: '张三',
          sex: 'male',
          birth_date: '1970-05-20',
          birth_md: 520,
          id_number: '420525197005200011',
          ethnicity: '01',
          education: '71',
          phone: '13800000000',
          address: '甲村一组',
          job_title: '会计',
          name_initials: 'zs',
        },
        {
          id: 9,
          person_id: expect.any(Number),
          status: 'transferred_out',
          joined_on: '2010-07-01',
          is_mobile: true,
          name: '李四',
          sex: 'female',
          birth_date: '1980-01-02',
          birth_md: 102,
          id_number: '42052519800102002X',
          ethnicity: '15',
          education: null,
          phone: null,
          address: null,
          job_title: null,
          name_initials: 'ls',
        },
      ]);
      const memberColumns = (
        await db.query<{ c: string }>(
          "SELECT column_name AS c FROM information_schema.columns WHERE table_name = 'member' ORDER BY 1",
        )
      ).map((r) => r.c);
      expect(memberColumns).not.toContain('id_number');
      expect(memberColumns).not.toContain('name');
      expect(memberColumns).toContain('person_id');
      // a new person gets the next id; the migration wrote one audit entry, not one per row
      const [next] = await db.query<{ id: number }>(
        `INSERT INTO person (name, name_initials, name_pinyin, sex, birth_date, birth_md, id_number, ethnicity)
         VALUES ('王五', 'ww', 'wangwu', 'male', '1990-01-01', 101, '420525199001010031', '01') RETURNING id`,
      );
      expect(next!.id).toBeGreaterThan(Math.max(...rows.map((r) => r.person_id as number)));
      const after = await db.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM audit_log WHERE entity <> 'person' OR action <> 'insert'",
      );
      expect(after[0]!.n - before[0]!.n).toBe(1);
      expect((await verifyAudit(db)).ok).toBe(true);
    } finally {
      await drop();
    }
  }, 180_000);
}
