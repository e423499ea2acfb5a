/**
 * The person's roster keys kept on the membership (decision 0049, migration 0040): after a random history of
 * creations, renames, corrected ID numbers (sex, birth date), moves, confirmations, departures, a re-entry of a
 * known person, an import (the COPY path) and a missing sort key, every membership holds its person's keys, and the
 * page in name order read from index entries (`rosterPage` byOrg, `rosterPageCounted`) is the page the name index
 * gives through the person — row for row, ties broken by id — for every org, filter and page; the migration's
 * backfill fills the keys of rows written before it. On PGlite and PostgreSQL.
 */
import { expect, it } from 'vitest';
import { describeDb, TODAY } from '../helpers/db.js';
import { idNumber, member, smallCounty } from '../helpers/factory.js';
import {
  BIRTHS,
  clearKept,
  expectNewMembershipFilled,
  expectSamePage,
  GIVEN,
  importSome,
  memberUpdateEntries,
  migrationBackfill,
  random,
  SURNAMES,
  expectMembershipsAsPeriods,
} from '../helpers/roster-history.js';
import { createMember, recordMemberEvent, rosterFilter, updateMember } from '../../src/services/members.js';
import { countRoster, rosterPage, rosterPageCounted } from '../../src/db/repositories/roster.js';
import { MemberListQuerySchema } from '../../src/shared/schemas.js';
import type { Ctx } from '../../src/services/context.js';

describeDb('the roster keys kept on the membership', (h) => {
  const ORGS = ['C', 'T1', 'T2', 'V11', 'V12', 'V21', 'V22'];
  const BRANCHES = ['V11', 'V12', 'V21', 'V22'];
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
          const walk = await expectSamePage(h.db, filter, limit, offset, { code, q });
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
    const live: { id: number; birth: string; sex: 'male' | 'female' }[] = [];
    const gone: { idNumber: string; name: string }[] = [];
    for (let i = 0; i < 24; i++) {
      const sex = rnd.pick(['male', 'female'] as const);
      const birth = rnd.pick(BIRTHS);
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
        const birth = rnd.pick(BIRTHS);
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
    await expectNewMembershipFilled(h.db, personId, 'V11', ['roster_name', 'roster_sex'], stale);
    // an import: new persons and memberships by COPY, their keys in the same lines
    expect(await importSome(ctx, BRANCHES, 6)).toBe(6);
    expect(await stale()).toBe(0);
    // a person whose sort key is missing (written before the key existed): last in both orders
    await h.db.query(
      'UPDATE person SET name_sort = NULL WHERE id = (SELECT person_id FROM member WHERE id = $1)',
      [live[0]!.id],
    );
    expect(await stale()).toBe(0);
    // a rename is the person's history only: no membership entry in the audit log
    const before = await memberUpdateEntries(h.db);
    await updateMember(ctx, live[1]!.id, { name: '曾长乐' });
    expect(await memberUpdateEntries(h.db)).toBe(before);
    expect(await stale()).toBe(0);
    expect(await comparePages(ctx)).toBeGreaterThan(200);
    // today's rosters from the memberships agree with the periods (the daily evaluation reads them so)
    await expectMembershipsAsPeriods(h.db, TODAY);
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
    await clearKept(h.db, ['roster_name', 'roster_sex', 'roster_birth']);
    expect(await stale()).toBe(3);
    await h.db.exec(migrationBackfill('0040_roster_keys_on_member'));
    expect(await stale()).toBe(0);
    expect(await comparePages(ctx)).toBeGreaterThan(10);
  });
});
