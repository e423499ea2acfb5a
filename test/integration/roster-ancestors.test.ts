/**
 * The org's ancestors kept on the membership (decision 0051, migration 0042): after a random history of creations,
 * member moves, departures, a return, a new membership of a known person, an import (the COPY path), new orgs and
 * org moves that change their subtrees' depths, every membership's ancestors at depths 0–3 are its org's, and the
 * page in name order read from one ancestor range (`rosterPage` byOrg, `rosterPageCounted`) is the page the name
 * index gives through the person — row for row, ties broken by id — for every org (depths 0–4), filter and page,
 * with the same totals (and a capped count that says when it stopped); the migration's backfill fills the ancestors
 * of rows written before it. On PGlite and PostgreSQL.
 */
import { expect, it } from 'vitest';
import { describeDb, TODAY } from '../helpers/db.js';
import { member, org } from '../helpers/factory.js';
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
import { createMember, listMembers, recordMemberEvent, rosterFilter } from '../../src/services/members.js';
import { moveOrg } from '../../src/services/orgs.js';
import {
  ancestorPage,
  countRoster,
  nameTerms,
  pinyinTerms,
  rosterPage,
  rosterPageByAncestor,
  rosterPageCounted,
} from '../../src/db/repositories/roster.js';
import { MemberListQuerySchema } from '../../src/shared/schemas.js';
import type { Ctx } from '../../src/services/context.js';

describeDb('the org’s ancestors kept on the membership', (h) => {
  // (none and a sex: totals from the aggregates; a status with a sex, an age band with a sex: counted)
  const QUERIES: Record<string, string>[] = [
    {},
    { sex: 'female' },
    { status: 'full', sex: 'female' },
    { sex: 'female', ageBand: '36-40' },
  ];

  /**
   * 县委 C (depth 0) → 甲镇 T1, 乙镇 T2 (1) → T1: 基层党委 P1, 支部 V11; T2: 总支 G2, 支部 V21 (2) → P1: 总支 G1;
   * G2: 支部 B3 (3) → G1: 支部 B1, B2 (4).
   */
  const tree = async (ctx: Ctx) => {
    await org(ctx, 'C', '中共测试县委员会', null, { sector: 'government' });
    await org(ctx, 'T1', '中共甲镇委员会', 'C', { kind: 'township_committee' });
    await org(ctx, 'T2', '中共乙镇委员会', 'C', { kind: 'township_committee' });
    await org(ctx, 'P1', '甲镇企业党委', 'T1', { kind: 'primary_committee', sector: 'private_enterprise' });
    await org(ctx, 'V11', '甲村党支部', 'T1');
    await org(ctx, 'G2', '乙镇社区党总支', 'T2', { kind: 'general_branch', sector: 'community' });
    await org(ctx, 'V21', '丙村党支部', 'T2');
    await org(ctx, 'G1', '甲镇企业党总支', 'P1', { kind: 'general_branch', sector: 'private_enterprise' });
    await org(ctx, 'B3', '乙镇社区第一党支部', 'G2', { sector: 'community' });
    await org(ctx, 'B1', '甲厂第一党支部', 'G1', { sector: 'private_enterprise' });
    await org(ctx, 'B2', '甲厂第二党支部', 'G1', { sector: 'private_enterprise' });
  };
  const BRANCHES = ['V11', 'V21', 'B1', 'B2', 'B3'];

  /** Memberships whose ancestors differ from their org's path's (none, always). */
  const stale = async () => {
    const [r] = await h.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM member m JOIN org o ON o.id = m.org_id
        WHERE m.roster_anc0 IS DISTINCT FROM nullif(split_part(o.path, '/', 2), '')::int
           OR m.roster_anc1 IS DISTINCT FROM nullif(split_part(o.path, '/', 3), '')::int
           OR m.roster_anc2 IS DISTINCT FROM nullif(split_part(o.path, '/', 4), '')::int
           OR m.roster_anc3 IS DISTINCT FROM nullif(split_part(o.path, '/', 5), '')::int`,
    );
    return r!.n;
  };

  /** Every org, filter and page: the page from the kept keys equals the page through the person's name index. */
  const comparePages = async (ctx: Ctx) => {
    let rows = 0;
    let byAncestor = 0;
    const codes = (await h.db.query<{ code: string }>('SELECT code FROM org ORDER BY code')).map(
      (r) => r.code,
    );
    for (const code of codes)
      for (const q of QUERIES) {
        const { filter } = await rosterFilter(ctx, code, MemberListQuerySchema.parse(q));
        if (rosterPageByAncestor(filter)) byAncestor++;
        const every = await rosterPage(h.db, filter, 'name', 10_000, 0, { byOrg: false });
        expect(await countRoster(h.db, filter)).toBe(every.length);
        // what the API answers: the same page and total
        const listed = await listMembers(
          ctx,
          code,
          MemberListQuerySchema.parse({ ...q, pageSize: '3', page: '2' }),
        );
        expect({ code, q, total: listed.total, ids: listed.items.map((i) => i.id) }).toEqual({
          code,
          q,
          total: every.length,
          ids: every.slice(3, 6).map((r) => r.id),
        });
        expect(listed.totalIsLowerBound).toBeUndefined();
        for (const [limit, offset] of [
          [3, 2],
          [50, 0],
        ] as const) {
          const walk = await expectSamePage(h.db, filter, limit, offset, { code, q });
          expect(walk.map((r) => r.id)).toEqual(every.slice(offset, offset + limit).map((r) => r.id));
          if (offset) {
            const counted = await rosterPageCounted(h.db, filter, limit, offset);
            expect(counted.rows).toEqual(walk);
            expect(counted.total).toBe(walk.length ? every.length : null);
          }
          // the list's own: one ancestor range with its total (from the aggregates, or counted up to a cap)
          const ranged = await ancestorPage(h.db, filter, limit, offset);
          if (rosterPageByAncestor(filter)) {
            expect(ranged!.rows).toEqual(walk);
            expect({ total: ranged!.total, lowerBound: ranged!.lowerBound }).toEqual({
              total: every.length,
              lowerBound: false,
            });
          } else expect(ranged).toBeNull();
          rows += walk.length;
        }
      }
    return { rows, byAncestor };
  };

  it('keeps every membership’s ancestors equal to its org’s through a random history, and pages identical', async () => {
    const ctx = h.ctx();
    await tree(ctx);
    const rnd = random(51);
    const live: number[] = [];
    const gone: { idNumber: string; name: string; joinedOn: string; confirmedOn: string | null }[] = [];
    for (let i = 0; i < 30; i++) {
      const sex = rnd.pick(['male', 'female'] as const);
      const probationary = rnd.next() < 0.25;
      const m = await member(ctx, rnd.pick(BRANCHES), rnd.pick(SURNAMES) + rnd.pick(GIVEN), {
        sex,
        birth: rnd.pick(BIRTHS),
        ...(probationary
          ? { status: 'probationary', joinedOn: '2025-09-01', confirmedOn: null }
          : { joinedOn: '2010-07-01', confirmedOn: '2011-07-01' }),
      } as never);
      live.push(m.id);
    }
    expect(await stale()).toBe(0);
    let day = 0;
    const nextDay = () => {
      day++;
      return `2026-10-${String(day).padStart(2, '0')}`;
    };
    // org moves that change depths: G1 (3, its branches 4) under T2 (2, its branches 3); B3 under G1; G1 back
    const orgMoves: [string, string][] = [
      ['G1', 'T2'],
      ['B3', 'G1'],
      ['G1', 'P1'],
    ];
    for (let step = 0; step < 24; step++) {
      const r = rnd.next();
      const target = rnd.pick(live);
      if (step % 8 === 7) {
        const [code, parent] = orgMoves.shift()!;
        await moveOrg(ctx, code, parent, nextDay());
      } else if (r < 0.5) {
        const [row] = await h.db.query<{ code: string }>(
          'SELECT o.code FROM member m JOIN org o ON o.id = m.org_id WHERE m.id = $1',
          [target],
        );
        const to = rnd.pick(BRANCHES.filter((b) => b !== row!.code));
        await recordMemberEvent(ctx, target, { kind: 'move', orgCode: to, effectiveOn: nextDay() });
      } else if (r < 0.65) {
        const [st] = await h.db.query<{ status: string }>('SELECT status FROM member WHERE id = $1', [
          target,
        ]);
        if (st!.status === 'probationary')
          await recordMemberEvent(ctx, target, { kind: 'confirm', effectiveOn: nextDay() });
      } else if (live.length > 16) {
        await recordMemberEvent(ctx, target, { kind: 'transfer_out', effectiveOn: nextDay(), note: '外县' });
        live.splice(live.indexOf(target), 1);
        const [p] = await h.db.query<{
          idNumber: string;
          name: string;
          joinedOn: string;
          confirmedOn: string | null;
        }>(
          `SELECT p.id_number AS "idNumber", p.name, m.joined_on::text AS "joinedOn",
                  m.confirmed_on::text AS "confirmedOn"
             FROM member m JOIN person p ON p.id = m.person_id WHERE m.id = $1`,
          [target],
        );
        gone.push(p!);
      }
      expect({ step, stale: await stale() }).toEqual({ step, stale: 0 });
    }
    expect(orgMoves).toEqual([]);
    // a new org, and a member of it; a person transferred out comes back into another org
    await org(ctx, 'B4', '乙镇社区第二党支部', 'G2', { sector: 'community' });
    await member(ctx, 'B4', '王芳', { sex: 'female', birth: '1982-03-04' });
    const back = gone.find((g) => g.confirmedOn !== null);
    expect(back).toBeDefined();
    await createMember(ctx, {
      orgCode: 'B1',
      name: back!.name,
      status: 'full',
      idNumber: back!.idNumber,
      ethnicity: '01',
      education: '71',
      occupation: 'farmer',
      joinedOn: back!.joinedOn,
      confirmedOn: back!.confirmedOn,
    });
    expect(await stale()).toBe(0);
    // a new membership of a known person, written without its ancestors: the trigger takes them from the org
    const [{ personId } = { personId: 0 }] = await h.db.query<{ personId: number }>(
      'SELECT person_id AS "personId" FROM member WHERE status = \'transferred_out\' LIMIT 1',
    );
    await expectNewMembershipFilled(h.db, personId, 'B2', ['roster_anc0', 'roster_anc3'], stale);
    // an import: new persons and memberships by COPY, their ancestors in the same lines
    expect(await importSome(ctx, [...BRANCHES, 'B4'], 8)).toBe(8);
    expect(await stale()).toBe(0);
    // a move of an org's membership history writes no member audit entry for the ancestors (bookkeeping)
    const before = await memberUpdateEntries(h.db);
    await moveOrg(ctx, 'B4', 'G1', nextDay());
    expect(await memberUpdateEntries(h.db)).toBe(before);
    expect(await stale()).toBe(0);
    const { rows, byAncestor } = await comparePages(ctx);
    expect(rows).toBeGreaterThan(300);
    expect(byAncestor).toBeGreaterThan(24);
    // a count that stops at a cap says so: the total is then cap + 1, a lower bound
    const { filter } = await rosterFilter(
      ctx,
      'C',
      MemberListQuerySchema.parse({ status: 'full', sex: 'female' }),
    );
    const all = await countRoster(h.db, filter);
    expect(all).toBeGreaterThan(4);
    const capped = await ancestorPage(h.db, filter, 2, 0, 3);
    expect({ total: capped!.total, lowerBound: capped!.lowerBound }).toEqual({ total: 4, lowerBound: true });
    expect(capped!.rows.map((r) => r.id)).toEqual(
      (await rosterPage(h.db, filter, 'name', 2, 0, { byOrg: false })).map((r) => r.id),
    );
    const exact = await ancestorPage(h.db, filter, 2, 0, all);
    expect({ total: exact!.total, lowerBound: exact!.lowerBound }).toEqual({ total: all, lowerBound: false });
    // a page past the end still carries its total
    const past = await ancestorPage(h.db, filter, 50, 10_000, 3);
    expect({ rows: past!.rows, total: past!.total, lowerBound: past!.lowerBound }).toEqual({
      rows: [],
      total: 4,
      lowerBound: true,
    });
    // today's rosters from the memberships agree with the periods (the daily evaluation reads them so)
    await expectMembershipsAsPeriods(h.db, TODAY);
  }, 180_000);

  it('answers a search by name or pinyin from the ancestor range as the person’s keys do (decision 0053)', async () => {
    const ctx = h.ctx();
    await tree(ctx);
    const rnd = random(53);
    // colliding plain names, and names that are not plain: a separator, Latin letters, a compound surname
    const names = [
      ...Array.from({ length: 28 }, () => rnd.pick(SURNAMES) + rnd.pick(GIVEN)),
      ...['阿依古丽·买买提', '欧阳娜娜', 'Tom李', '李Tom', '曾长乐', '吕乐', '王芳', '王 芳'],
    ];
    for (const name of names)
      await member(ctx, rnd.pick(BRANCHES), name, {
        sex: rnd.pick(['male', 'female'] as const),
        birth: rnd.pick(['1980-03-04', '1988-01-15', '1990-02-28']),
        joinedOn: '2010-07-01',
        confirmedOn: '2011-07-01',
      });
    const SEARCHES: Record<string, string>[] = [
      ...['王', '芳', '·', 'm李', '王 '].map((q) => ({ q })),
      ...['w', 'wang', 'wf', 'zh', 'zeng', 'zcl', 'lv', 'ayg', 'ayglm', 'oy', 'toml', 'tl', 'x'].map((q) => ({
        q,
      })),
      { q: 'w', sex: 'female' },
      { q: '王', status: 'full', sex: 'male' },
      { q: 'zh', ageBand: '36-40' },
    ];
    // (an org of each depth 0–4, and one whose subtree holds no names of the list above)
    const codes = ['C', 'T1', 'T2', 'P1', 'G2', 'G1', 'B1'];
    let ranged = 0;
    let matched = 0;
    const compare = async (everyKeyed: boolean, orgs = codes, searches = SEARCHES) => {
      for (const code of orgs)
        for (const q of searches) {
          const { filter } = await rosterFilter(ctx, code, MemberListQuerySchema.parse(q));
          const every = await rosterPage(h.db, filter, 'name', 10_000, 0, { byOrg: false });
          matched += every.length;
          const listed = await listMembers(
            ctx,
            code,
            MemberListQuerySchema.parse({ ...q, pageSize: '2', page: '2' }),
          );
          expect({ code, q, total: listed.total, ids: listed.items.map((i) => i.id) }).toEqual({
            code,
            q,
            total: every.length,
            ids: every.slice(2, 4).map((r) => r.id),
          });
          for (const [limit, offset] of everyKeyed
            ? ([
                [2, 1],
                [50, 0],
              ] as const)
            : ([[50, 0]] as const)) {
            const page = await ancestorPage(h.db, filter, limit, offset);
            if (!rosterPageByAncestor(filter)) {
              expect(page).toBeNull();
              continue;
            }
            // (a member of the range without a sort key: read through the person)
            if (!page) {
              expect({ code, q, everyKeyed }).toEqual({ code, q, everyKeyed: false });
              continue;
            }
            ranged++;
            expect({ code, q, limit, offset, ids: page.rows.map((r) => r.id) }).toEqual({
              code,
              q,
              limit,
              offset,
              ids: every.slice(offset, offset + limit).map((r) => r.id),
            });
            expect(page.rows).toEqual(every.slice(offset, offset + limit));
            expect({ total: page.total, lowerBound: page.lowerBound }).toEqual({
              total: every.length,
              lowerBound: false,
            });
          }
        }
    };
    await compare(true);
    expect(ranged).toBeGreaterThan(150);
    expect(matched).toBeGreaterThan(150);
    // a search whose count stops at a cap says so
    const { filter } = await rosterFilter(ctx, 'C', MemberListQuerySchema.parse({ q: 'w' }));
    const capped = await ancestorPage(h.db, filter, 1, 0, 2);
    expect({ total: capped!.total, lowerBound: capped!.lowerBound }).toEqual({ total: 3, lowerBound: true });
    // a person without a sort key yet (written before the key existed): those ranges are read through the person
    await h.db.exec(
      "SELECT set_config('jiceng.bulk', 'on', false); UPDATE person SET name_sort = NULL WHERE name = '王芳'; SELECT set_config('jiceng.bulk', 'off', false)",
    );
    expect(await ancestorPage(h.db, filter, 2, 0)).toBeNull();
    ranged = 0;
    await compare(false, ['C', 'T1', 'T2', 'G2'], SEARCHES.slice(0, 8));
    expect(ranged).toBeGreaterThan(4);
  }, 180_000);

  it('finds every match of a search among the candidates of member_roster_terms_idx (migration 0047)', async () => {
    const ctx = h.ctx();
    await tree(ctx);
    const rnd = random(48);
    const names = [
      ...Array.from({ length: 40 }, () => rnd.pick(SURNAMES) + rnd.pick(GIVEN)),
      ...[
        '阿依古丽·买买提',
        '欧阳娜娜',
        'Tom李',
        '李Tom',
        '曾长乐',
        '吕乐',
        '王芳',
        '王 芳',
        '张建国',
        '建国',
      ],
    ];
    for (const name of names)
      await member(ctx, rnd.pick(BRANCHES), name, { sex: rnd.pick(['male', 'female'] as const) });
    // the terms of a plain key, and of one whose pinyin the key cannot tell
    const terms = async (key: string) =>
      (await h.db.query<{ t: string[] }>('SELECT jiceng_roster_terms($1) AS t', [key]))[0]!.t.slice().sort();
    expect(await terms('wang jian guo\t王建国')).toEqual(
      [
        ...['c王', 'c建', 'c国', 'iwj', 'iwjg'],
        ...[
          'wa',
          'wan',
          'wang',
          'wangj',
          'wangji',
          'wangjia',
          'wangjian',
          'wangjiang',
          'wangjiangu',
          'wangjianguo',
        ].map((t) => `p${t}`),
      ].sort(),
    );
    expect(await terms('tom li\tTom李')).toEqual(['cT', 'cm', 'co', 'c李', 'x'].sort());
    expect(await terms('a yi gu li mai mai ti\t阿依古丽·买买提')).toContain('x');
    const searches = [
      ...['王', '芳', '建国', '·', 'm李', '王 ', '欧阳'].map((q) => ({ q, by: 'name' as const })),
      ...[
        'wang',
        'wf',
        'zh',
        'zeng',
        'zcl',
        'lv',
        'ayg',
        'ayglm',
        'oy',
        'toml',
        'tl',
        'zhangjianguo',
        'zjg',
      ].map((q) => ({ q, by: 'pinyin' as const })),
    ];
    let matched = 0;
    for (const { q, by } of searches) {
      // the plain filter over the rows (the person's own keys), at the root: every match of the search
      const { filter } = await rosterFilter(ctx, 'C', MemberListQuerySchema.parse({ q }));
      expect(filter.search?.by).toBe(by);
      const every = await rosterPage(h.db, filter, 'name', 10_000, 0, { byOrg: false });
      matched += every.length;
      const pinyin = pinyinTerms(filter.search!.value);
      const cond =
        by === 'name' ? nameTerms(filter.search!.value) : pinyin && [...pinyin.exact, ...pinyin.other];
      if (!cond) continue;
      // the index's own candidates (no other way to read the table: the index answers)
      const candidates = await h.db.transaction(async (tx) => {
        await tx.exec('SET LOCAL enable_seqscan = off');
        // (a name's characters all, one of a pinyin search's terms)
        return tx.query<{ id: number }>(
          `SELECT id FROM member WHERE status IN ('full','probationary')
              AND jiceng_roster_terms(roster_name) ${by === 'name' ? '@>' : '&&'} $1::text[]`,
          [cond],
        );
      });
      const ids = new Set(candidates.map((r) => r.id));
      expect({ q, missing: every.filter((r) => !ids.has(r.id)).map((r) => r.name) }).toEqual({
        q,
        missing: [],
      });
      // and the list answers the same page and total as the plain filter
      const listed = await listMembers(ctx, 'C', MemberListQuerySchema.parse({ q, pageSize: '3' }));
      expect({ q, total: listed.total, ids: listed.items.map((i) => i.id) }).toEqual({
        q,
        total: every.length,
        ids: every.slice(0, 3).map((r) => r.id),
      });
    }
    expect(matched).toBeGreaterThan(60);
  }, 180_000);

  it('fills the ancestors of memberships written before the migration (its backfill)', async () => {
    const ctx = h.ctx();
    await tree(ctx);
    for (const [code, name, sex] of [
      ['V11', '王芳', 'female'],
      ['B1', '李强', 'male'],
      ['B3', '张敏', 'female'],
      ['T2', '陈静', 'female'],
    ] as const)
      await member(ctx, code, name, { sex, birth: '1982-03-04' });
    // rows as the schema before the migration left them: no ancestors
    await clearKept(h.db, ['roster_anc0', 'roster_anc1', 'roster_anc2', 'roster_anc3']);
    expect(await stale()).toBe(4);
    await h.db.exec(migrationBackfill('0042_roster_ancestors'));
    expect(await stale()).toBe(0);
    expect((await comparePages(ctx)).rows).toBeGreaterThan(10);
  });
});
