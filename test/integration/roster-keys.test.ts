/**
 * The person's roster keys kept on the membership (decision 0049, migration 0040): after a random history of
 * creations, renames, corrected ID numbers (sex, birth date), moves, confirmations, departures, a re-entry of a
 * known person, an import (the COPY path) and a missing sort key, every membership holds its person's keys, and the
 * page in name order read from index entries (`rosterPage` byOrg, `rosterPageCounted`) is the page the name index
 * gives through the person — row for row, ties broken by id — for every org, filter and page; the migration's
 * backfill fills the keys of rows written before it. On PGlite and PostgreSQL.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { describeDb } from '../helpers/db.js';
import { idNumber, member, smallCounty } from '../helpers/factory.js';
import { importMembers } from '../../src/services/imports.js';
import { createMember, recordMemberEvent, rosterFilter, updateMember } from '../../src/services/members.js';
import { countRoster, rosterPage, rosterPageCounted } from '../../src/db/repositories/roster.js';
import { insertMembership } from '../../src/db/repositories/members.js';
import { MemberListQuerySchema } from '../../src/shared/schemas.js';
import type { Ctx } from '../../src/services/context.js';

const MIGRATION = join(
  dirname(fileURLToPath(import.meta.url)),
  '../../src/db/migrations/0040_roster_keys_on_member.sql',
);

/** A small deterministic generator (mulberry32): the same history on every run and engine. */
function random(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]! };
}

describeDb('the roster keys kept on the membership', (h) => {
  const ORGS = ['C', 'T1', 'T2', 'V11', 'V12', 'V21', 'V22'];
  const BRANCHES = ['V11', 'V12', 'V21', 'V22'];
  // surnames and given names chosen to collide: equal names (ties by id), shared syllables, polyphones
  const SURNAMES = ['王', '汪', '李', '张', '章', '陈', '曾', '吕'];
  const GIVEN = ['芳', '方', '强', '伟', '敏', '静', '磊', '长', '乐'];
  const QUERIES: Record<string, string>[] = [
    {},
    { sex: 'female' },
    { sex: 'male' },
    { status: 'probationary' },
    { status: 'full', sex: 'female' },
    { ageBand: '41-45' },
    { sex: 'female', ageBand: '36-40' },
  ];

  /** Memberships whose keys differ from their person's (none, always). */
  const stale = async () => {
    const [r] = await h.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM member m JOIN person p ON p.id = m.person_id
        WHERE m.roster_name IS DISTINCT FROM p.name_sort OR m.roster_sex IS DISTINCT FROM p.sex
           OR m.roster_birth IS DISTINCT FROM p.birth_date`,
    );
    return r!.n;
  };

  /** Every org, filter and page: the page from the kept keys equals the page through the person's name index. */
  const comparePages = async (ctx: Ctx) => {
    let rows = 0;
    for (const code of ORGS)
      for (const q of QUERIES)
        for (const [limit, offset] of [
          [3, 2],
          [50, 0],
        ] as const) {
          const { filter } = await rosterFilter(ctx, code, MemberListQuerySchema.parse(q));
          const walk = await rosterPage(h.db, filter, 'name', limit, offset, { byOrg: false });
          const keyed = await rosterPage(h.db, filter, 'name', limit, offset, { byOrg: true });
          expect({ code, q, limit, offset, ids: keyed.map((r) => r.id) }).toEqual({
            code,
            q,
            limit,
            offset,
            ids: walk.map((r) => r.id),
          });
          expect(keyed).toEqual(walk);
          const counted = await rosterPageCounted(h.db, filter, limit, offset);
          expect(counted.rows).toEqual(walk);
          // the total: the rows through the person, counted
          const every = await rosterPage(h.db, filter, 'name', 10_000, 0, { byOrg: false });
          expect(counted.total).toBe(walk.length ? every.length : null);
          expect(await countRoster(h.db, filter)).toBe(every.length);
          rows += walk.length;
        }
    return rows;
  };

  it('keeps every membership’s keys equal to its person’s through a random history, and pages identical', async () => {
    const ctx = h.ctx();
    await smallCounty(ctx);
    const rnd = random(49);
    const births = ['1980-03-04', '1983-06-30', '1985-01-15', '1988-11-11', '1990-02-28', '1975-07-07'];
    const live: { id: number; birth: string; sex: 'male' | 'female' }[] = [];
    const gone: { idNumber: string; name: string }[] = [];
    for (let i = 0; i < 24; i++) {
      const sex = rnd.pick(['male', 'female'] as const);
      const birth = rnd.pick(births);
      const probationary = rnd.next() < 0.25;
      const m = await member(ctx, rnd.pick(BRANCHES), rnd.pick(SURNAMES) + rnd.pick(GIVEN), {
        sex,
        birth,
        ...(probationary
          ? { status: 'probationary', joinedOn: '2025-09-01', confirmedOn: null }
          : { joinedOn: '2010-07-01', confirmedOn: '2011-07-01' }),
      } as never);
      live.push({ id: m.id, birth, sex });
    }
    expect(await stale()).toBe(0);
    let day = 0;
    const nextDay = () => {
      day++;
      return `2026-10-${String(day).padStart(2, '0')}`;
    };
    for (let step = 0; step < 28; step++) {
      const r = rnd.next();
      const target = rnd.pick(live);
      if (r < 0.3) {
        // a rename
        await updateMember(ctx, target.id, { name: rnd.pick(SURNAMES) + rnd.pick(GIVEN) + rnd.pick(GIVEN) });
      } else if (r < 0.45) {
        // a corrected ID number: another sex and birth date
        const sex = target.sex === 'male' ? 'female' : 'male';
        const birth = rnd.pick(births);
        await updateMember(ctx, target.id, { idNumber: idNumber(birth, sex, '420526') });
        target.sex = sex;
        target.birth = birth;
      } else if (r < 0.7) {
        const [row] = await h.db.query<{ code: string }>(
          'SELECT o.code FROM member m JOIN org o ON o.id = m.org_id WHERE m.id = $1',
          [target.id],
        );
        const to = rnd.pick(BRANCHES.filter((b) => b !== row!.code));
        await recordMemberEvent(ctx, target.id, { kind: 'move', orgCode: to, effectiveOn: nextDay() });
      } else if (r < 0.8) {
        const [st] = await h.db.query<{ status: string }>('SELECT status FROM member WHERE id = $1', [
          target.id,
        ]);
        if (st!.status === 'probationary')
          await recordMemberEvent(ctx, target.id, { kind: 'confirm', effectiveOn: nextDay() });
      } else if (live.length > 12) {
        // a departure: transferred out (the person may come back) or deceased
        const out = rnd.next() < 0.6;
        await recordMemberEvent(
          ctx,
          target.id,
          out
            ? { kind: 'transfer_out', effectiveOn: nextDay(), note: '外县' }
            : { kind: 'decease', effectiveOn: nextDay() },
        );
        live.splice(live.indexOf(target), 1);
        if (out) {
          const [p] = await h.db.query<{ idNumber: string; name: string }>(
            `SELECT p.id_number AS "idNumber", p.name FROM member m JOIN person p ON p.id = m.person_id
              WHERE m.id = $1`,
            [target.id],
          );
          gone.push(p!);
        }
      }
      expect(await stale()).toBe(0);
    }
    // a person transferred out comes back into the same membership
    expect(gone.length).toBeGreaterThan(0);
    const back = gone[0]!;
    await createMember(ctx, {
      orgCode: 'V22',
      name: back.name,
      status: 'full',
      idNumber: back.idNumber,
      ethnicity: '01',
      education: '71',
      occupation: 'farmer',
      joinedOn: '2010-07-01',
      confirmedOn: '2011-07-01',
    });
    expect(await stale()).toBe(0);
    // a new membership of a known person, written without its keys: the trigger takes them from the person (then
    // removed again: the aggregates do not count it)
    const dead = live.pop()!;
    await recordMemberEvent(ctx, dead.id, { kind: 'decease', effectiveOn: nextDay() });
    const [{ personId } = { personId: 0 }] = await h.db.query<{ personId: number }>(
      'SELECT person_id AS "personId" FROM member WHERE id = $1',
      [dead.id],
    );
    const extra = await insertMembership(h.db, personId, {
      orgId: (await h.db.query<{ id: number }>("SELECT id FROM org WHERE code = 'V11'"))[0]!.id,
      status: 'transferred_out',
      joinedOn: '2001-07-01',
      confirmedOn: null,
      isMobile: false,
    });
    const [keys] = await h.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM member WHERE id = $1 AND roster_name IS NOT NULL AND roster_sex IS NOT NULL',
      [extra],
    );
    expect(keys!.n).toBe(1);
    expect(await stale()).toBe(0);
    await h.db.query('DELETE FROM member WHERE id = $1', [extra]);
    // an import: new persons and memberships by COPY, their keys in the same lines
    const file = join(mkdtempSync(join(tmpdir(), 'jiceng-roster-keys-')), 'members.csv');
    writeFileSync(
      file,
      [
        '所在党组织编码,姓名,身份证号,性别,民族,学历,职业,人员类别,入党日期,转正日期',
        ...Array.from({ length: 6 }, (_, i) => {
          const sex = i % 2 ? 'female' : 'male';
          return `${BRANCHES[i % 4]},${SURNAMES[i]}${GIVEN[i]},${idNumber(births[i]!, sex, '430102')},${sex === 'male' ? '男' : '女'},汉族,本科,农民,正式党员,2010-07-01,2011-07-01`;
        }),
      ].join('\n'),
    );
    expect((await importMembers(ctx, { path: file })).inserted).toBe(6);
    expect(await stale()).toBe(0);
    // a person whose sort key is missing (written before the key existed): last in both orders
    await h.db.query(
      'UPDATE person SET name_sort = NULL WHERE id = (SELECT person_id FROM member WHERE id = $1)',
      [live[0]!.id],
    );
    expect(await stale()).toBe(0);
    // a rename is the person's history only: no membership entry in the audit log
    const memberEntries = async () =>
      (
        await h.db.query<{ n: number }>(
          "SELECT count(*)::int AS n FROM audit_log WHERE entity = 'member' AND action = 'update'",
        )
      )[0]!.n;
    const before = await memberEntries();
    await updateMember(ctx, live[1]!.id, { name: '曾长乐' });
    expect(await memberEntries()).toBe(before);
    expect(await stale()).toBe(0);
    expect(await comparePages(ctx)).toBeGreaterThan(200);
  });

  it('fills the keys of memberships written before the migration (its backfill)', async () => {
    const ctx = h.ctx();
    await smallCounty(ctx);
    for (const [code, name, sex] of [
      ['V11', '王芳', 'female'],
      ['V12', '李强', 'male'],
      ['V21', '张敏', 'female'],
    ] as const)
      await member(ctx, code, name, { sex, birth: '1982-03-04' });
    // rows as the schema before the migration left them: no keys
    await h.db.exec(
      "SELECT set_config('jiceng.bulk', 'on', false); UPDATE member SET roster_name = NULL, roster_sex = NULL, roster_birth = NULL; SELECT set_config('jiceng.bulk', 'off', false)",
    );
    expect(await stale()).toBe(3);
    const backfill = readFileSync(MIGRATION, 'utf8')
      .split('--> statement-breakpoint')
      .map((s) => s.trim())
      .find((s) => s.startsWith('UPDATE member m SET'));
    expect(backfill).toBeDefined();
    await h.db.exec(backfill!);
    expect(await stale()).toBe(0);
    expect(await comparePages(ctx)).toBeGreaterThan(10);
  });
});
