/**
 * The facts the daily evaluation reads by org id, each member or row by its key (session 16): the probationary
 * members whose probation has ended (`probationEnded`) by ids and by path, and a term's approved postponement read
 * through the change's org (`subtreeTerms`), as the evaluation judges them; the daily job's county ages summed from
 * one read of every org's roster equal each subtree's own — on both engines. Session 19: the roster's birth dates
 * of `healthOrgs` taken by org (a member whose current org is outside the batch by key) give the same ages.
 * Session 20: `healthOrgs` reads an org's committee posts once for its committee, secretary and the day the last
 * secretary left — the same as each read from the posts on the day. Session 22: today's own rosters, the ended
 * probations and the county ages from the memberships themselves — the same as from the periods in being today.
 */
import { expect, it } from 'vitest';
import { describeDb, TODAY } from '../helpers/db.js';
import { member, smallCounty } from '../helpers/factory.js';
import { allCountyAges, evaluate } from '../../src/services/warnings.js';
import { recordMemberEvent } from '../../src/services/members.js';
import type { MemberEventCreate } from '../../src/shared/schemas.js';
import { healthOrgs, probationEnded, subtreeAges } from '../../src/db/repositories/supervision.js';
import { lastAdmissions } from '../../src/db/repositories/recruitment.js';
import { subtreeTerms } from '../../src/db/repositories/terms.js';
import { addDays, addYears } from '../../src/shared/dates.js';

describeDb('the daily evaluation’s facts read by key', (h) => {
  it('lists the probationary members whose probation ended, by ids and by path, and judges them', async () => {
    const ctx = h.ctx();
    await smallCounty(ctx);
    const probationary = (joinedOn: string) => ({
      status: 'probationary' as const,
      joinedOn,
      confirmedOn: null,
    });
    await member(ctx, 'V11', '周一', probationary('2025-06-01'));
    await member(ctx, 'V11', '吴二', probationary('2026-03-01'));
    await member(ctx, 'V12', '郑三', probationary('2024-01-05'));
    await member(ctx, 'V21', '王四', probationary('2025-11-22'));
    await member(ctx, 'V21', '冯五');
    const orgs = await h.db.query<{ id: number; code: string; path: string }>(
      'SELECT id, code, path FROM org ORDER BY path',
    );
    const id = (code: string) => orgs.find((o) => o.code === code)!.id;
    const joinedBy = addYears(TODAY, -1);
    const byIds = await probationEnded(
      h.db,
      orgs.map((o) => o.id),
      TODAY,
      joinedBy,
    );
    // in order of joining; 吴二 is still within the year, 冯五 full; 王四 joined exactly a year ago
    expect(byIds).toEqual([
      { orgId: id('V12'), name: '郑三', joinedOn: '2024-01-05' },
      { orgId: id('V11'), name: '周一', joinedOn: '2025-06-01' },
      { orgId: id('V21'), name: '王四', joinedOn: '2025-11-22' },
    ]);
    expect(await probationEnded(h.db, orgs.find((o) => o.code === 'C')!.path, TODAY, joinedBy)).toEqual(
      byIds,
    );
    // today (the daily job): from the memberships themselves, the same members as the periods in being today
    expect(
      await probationEnded(
        h.db,
        orgs.map((o) => o.id),
        TODAY,
        joinedBy,
        true,
      ),
    ).toEqual(byIds);
    expect(await probationEnded(h.db, [id('V21')], TODAY, addYears('2026-11-21', -1), true)).toEqual([]);
    expect(await probationEnded(h.db, [id('V11'), id('V22')], TODAY, joinedBy)).toEqual([
      { orgId: id('V11'), name: '周一', joinedOn: '2025-06-01' },
    ]);
    // a day before 王四's year ends: not yet due
    expect((await probationEnded(h.db, [id('V21')], TODAY, addYears('2026-11-21', -1))).length).toBe(0);

    const evals = await evaluate(ctx, 'C', TODAY);
    const due = (code: string) =>
      evals.find((e) => e.row.code === code)!.results.find((r) => r.key === 'probation_overdue');
    // red after more than the local setting's months (three by default), amber before
    expect(due('V11')).toMatchObject({ level: 'red', since: '2026-06-01' });
    expect(due('V11')!.evidence.join()).toContain('周一');
    expect(due('V11')!.evidence.join()).not.toContain('吴二');
    expect(due('V12')).toMatchObject({ level: 'red', since: '2025-01-05' });
    expect(due('V21')).toMatchObject({ level: 'amber', since: TODAY });
  });

  it('reads a term’s latest approved change through the change’s org, only its own term’s', async () => {
    const ctx = h.ctx();
    await smallCounty(ctx);
    const [v11, v12] = await h.db.query<{ id: number; path: string }>(
      `SELECT id, path FROM org WHERE code IN ('V11', 'V12') ORDER BY code`,
    );
    const term = async (orgId: number, electedOn: string) =>
      (
        await h.db.query<{ id: number }>(
          `INSERT INTO org_term (org_id, elected_on, term_years, term_ends_on)
           VALUES ($1, $2::date, 3, ($2::date + interval '3 years')::date) RETURNING id`,
          [orgId, electedOn],
        )
      )[0]!.id;
    const change = (orgId: number, termId: number, dueOn: string, approvedOn: string) =>
      h.db.query(
        `INSERT INTO org_term_change (org_id, term_id, kind, due_on, approved_by, document_no, approved_on)
         VALUES ($1, $2, 'postpone', $3, '县委组织部', $4, $5)`,
        [orgId, termId, dueOn, `甲组〔2026〕${approvedOn.slice(5, 7)}号`, approvedOn],
      );
    const t11 = await term(v11!.id, '2023-05-10');
    const t12 = await term(v12!.id, '2023-06-01');
    await change(v11!.id, t11, '2026-08-31', '2026-04-01');
    await change(v11!.id, t11, '2026-12-31', '2026-07-01');
    // approved after the day asked: not yet in force
    await change(v11!.id, t11, '2027-03-31', '2026-12-01');
    // a change is of its own org's term: one naming another org's term is refused by the key (migration 0046)
    await expect(change(v12!.id, t11, '2026-12-31', '2026-07-01')).rejects.toThrow(/org_term_change_term_fk/);
    const rows = await subtreeTerms(h.db, [v11!.id, v12!.id], TODAY);
    expect(rows.map((r) => [r.orgId, r.termId, r.changeDueOn, r.approvedOn])).toEqual([
      [v11!.id, t11, '2026-12-31', '2026-07-01'],
      [v12!.id, t12, null, null],
    ]);
    expect(await subtreeTerms(h.db, v11!.path, TODAY)).toEqual(rows.slice(0, 1));
  });

  it('sums every subtree’s reference ages from one read of the rosters as the subtree’s own read', async () => {
    const ctx = h.ctx();
    await smallCounty(ctx);
    await member(ctx, 'V11', '老一', { birth: '1950-03-01' });
    await member(ctx, 'V11', '满六一', { birth: '1965-11-22' });
    await member(ctx, 'V12', '未满', { birth: '1965-11-23' });
    await member(ctx, 'V21', '预备', { status: 'probationary', joinedOn: '2026-05-01', confirmedOn: null });
    await member(ctx, 'V22', '社区', { birth: '1980-01-01' });
    const paths = (await h.db.query<{ path: string }>('SELECT path FROM org ORDER BY path')).map(
      (o) => o.path,
    );
    const ages = allCountyAges(h.db, TODAY);
    for (const p of paths) expect(await ages(p), p).toEqual(await subtreeAges(h.db, p, TODAY));
    expect(await ages(paths[0]!)).toMatchObject({ members: 5, aged61: 2 });
    // a path with no org under it
    expect(await ages('/999999/')).toEqual({ members: 0, aged61: 0, ageSum: 0 });
  });

  it('counts each org’s roster ages from the members by org, and by key a member now in another org', async () => {
    const ctx = h.ctx();
    await smallCounty(ctx);
    await member(ctx, 'V11', '老一', { birth: '1950-03-01' });
    const moved = await member(ctx, 'V11', '迁出', { birth: '1958-01-02', joinedOn: '1990-07-01' });
    await member(ctx, 'V12', '未满', { birth: '1965-11-23' });
    await member(ctx, 'V12', '预备', { status: 'probationary', joinedOn: '2026-05-01', confirmedOn: null });
    const orgs = await h.db.query<{ id: number; code: string; path: string }>(
      `SELECT id, code, path FROM org WHERE code IN ('V11', 'V12') ORDER BY code`,
    );
    const [v11, v12] = orgs as [(typeof orgs)[0], (typeof orgs)[0]];
    // 迁出 moved from V11 to V12 on 2026-10-01: on an earlier day V11's roster holds them though their org is V12
    await h.db.query(
      `UPDATE member_period SET valid_to = '2026-10-01' WHERE member_id = $1 AND valid_to IS NULL`,
      [moved.id],
    );
    await h.db.query(
      `INSERT INTO member_period (member_id, org_id, status, valid_from) VALUES ($1, $2, 'full', '2026-10-01')`,
      [moved.id, v12.id],
    );
    await h.db.query('UPDATE member SET org_id = $2 WHERE id = $1', [moved.id, v12.id]);
    for (const day of ['2026-09-30', TODAY]) {
      // each org alone (the moved member's birth then read by key on the earlier day) and both in one batch
      const alone = [...(await healthOrgs(h.db, [v11.id], day)), ...(await healthOrgs(h.db, [v12.id], day))];
      expect(await healthOrgs(h.db, [v11.id, v12.id], day)).toEqual(alone);
      // today (the daily job): each org's own roster from the memberships themselves, the same counts and ages
      if (day === TODAY) expect(await healthOrgs(h.db, [v11.id, v12.id], day, true)).toEqual(alone);
      for (const o of orgs) {
        const row = alone.find((r) => r.id === o.id)!;
        const own = await subtreeAges(h.db, o.path, day);
        expect([row.full + row.probationary, row.aged61, row.ageSum], `${o.code} ${day}`).toEqual([
          own.members,
          own.aged61,
          own.ageSum,
        ]);
      }
      expect(alone.map((r) => [r.code, r.full, r.probationary, r.aged61])).toEqual(
        day === TODAY
          ? [
              ['V11', 1, 0, 1],
              ['V12', 2, 1, 1],
            ]
          : [
              ['V11', 2, 0, 2],
              ['V12', 1, 1, 0],
            ],
      );
    }
    // the last admission: 迁出 joined in V11 (their first period began on their join date), not in V12
    const adm = await lastAdmissions(h.db, [v11.id, v12.id], TODAY);
    expect(adm.map((a) => [a.code, a.lastAdmitted])).toEqual([
      ['V11', '2005-07-01'],
      ['V12', '2026-05-01'],
    ]);
  });

  it('takes today’s own rosters and ended probations from the memberships as the periods give them, on a random history', async () => {
    const ctx = h.ctx();
    await smallCounty(ctx);
    let seed = 2207;
    const rnd = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return Math.floor(seed / 65536) % n;
    };
    const codes = ['V11', 'V12', 'V21', 'V22'];
    const ids: number[] = [];
    const last = new Map<number, string>();
    const joined = new Map<number, string>();
    for (let i = 0; i < 30; i++) {
      const probation = rnd(3) === 0;
      const birth = `19${40 + rnd(40)}-${String(1 + rnd(12)).padStart(2, '0')}-${String(1 + rnd(28)).padStart(2, '0')}`;
      const joinedOn = probation ? addDays(TODAY, -(30 + rnd(700))) : addYears(birth, 20 + rnd(20));
      const m = await member(ctx, codes[rnd(4)]!, `随机${i}`, {
        birth,
        joinedOn,
        ...(probation
          ? { status: 'probationary' as const, confirmedOn: null }
          : { confirmedOn: addYears(joinedOn, 1) }),
      });
      ids.push(m.id);
      joined.set(m.id, joinedOn);
      last.set(m.id, joinedOn > '2025-01-01' ? joinedOn : '2025-01-01');
    }
    // dated moves, confirmations, suspensions, reinstatements and removals, each after the member's last change and
    // not after today (some on today itself); a confirmation a year after joining at the earliest
    const done = new Map<string, number>();
    for (let k = 0; k < 90; k++) {
      const id = ids[rnd(ids.length)]!;
      const from = last.get(id)!;
      const kind = (['move', 'confirm', 'suspend', 'reinstate', 'remove'] as const)[rnd(5)]!;
      let on = addDays(from, 1 + rnd(60));
      if (kind === 'confirm' && on < addYears(joined.get(id)!, 1)) on = addYears(joined.get(id)!, 1);
      if (on > TODAY) on = TODAY;
      if (on <= from) continue;
      const event: MemberEventCreate =
        kind === 'move'
          ? { kind, effectiveOn: on, orgCode: codes[rnd(4)] }
          : kind === 'remove'
            ? { kind, effectiveOn: on, removalKind: 'struck_off' }
            : { kind, effectiveOn: on };
      try {
        await recordMemberEvent(ctx, id, event);
        last.set(id, on);
        done.set(kind, (done.get(kind) ?? 0) + 1);
      } catch {
        // a transition the member's status refuses (or a move to their own org): another is drawn
      }
    }
    const changes = [...done.values()].reduce((a, b) => a + b, 0);
    expect([...done.keys()].sort()).toEqual(['confirm', 'move', 'reinstate', 'remove', 'suspend']);
    // and a move dated today (the period in being today begins today)
    for (const id of ids) {
      if (last.get(id)! >= TODAY) continue;
      const r = await recordMemberEvent(ctx, id, { kind: 'move', effectiveOn: TODAY, orgCode: 'V22' }).catch(
        () => null,
      );
      if (r) {
        last.set(id, TODAY);
        break;
      }
    }
    expect([...last.values()]).toContain(TODAY);
    expect(changes).toBeGreaterThan(15);
    const orgs = (await h.db.query<{ id: number }>('SELECT id FROM org ORDER BY path')).map((o) => o.id);
    const periods = await healthOrgs(h.db, orgs, TODAY);
    expect(periods.reduce((n, r) => n + r.full + r.probationary, 0)).toBeGreaterThan(12);
    expect(await healthOrgs(h.db, orgs, TODAY, true)).toEqual(periods);
    let ended = 0;
    for (const years of [1, 2]) {
      const joinedBy = addYears(TODAY, -years);
      const byPeriods = await probationEnded(h.db, orgs, TODAY, joinedBy);
      expect(await probationEnded(h.db, orgs, TODAY, joinedBy, true)).toEqual(byPeriods);
      ended += byPeriods.length;
    }
    expect(ended).toBeGreaterThan(0);
    const ages = allCountyAges(h.db, TODAY);
    const paths = (await h.db.query<{ path: string }>('SELECT path FROM org ORDER BY path')).map(
      (o) => o.path,
    );
    for (const p of paths) expect(await ages(p), p).toEqual(await subtreeAges(h.db, p, TODAY));
  });

  it('takes the committee, the secretary and the day the last one left from the posts read once', async () => {
    const ctx = h.ctx();
    await smallCounty(ctx);
    const orgs = await h.db.query<{ id: number; code: string }>(
      `SELECT id, code FROM org WHERE code IN ('V11', 'V12', 'V21', 'V22') ORDER BY code`,
    );
    const id = (code: string) => orgs.find((o) => o.code === code)!.id;
    const p = async (code: string, name: string, birth: string) =>
      (await member(ctx, code, name, { birth })).id;
    const [a, b, c, d, e, f] = [
      await p('V11', '书记甲', '1968-02-03'),
      await p('V11', '副书记', '1975-04-05'),
      await p('V11', '委员甲', '1980-06-07'),
      await p('V12', '前书记', '1960-08-09'),
      await p('V12', '老书记', '1955-10-11'),
      await p('V21', '新书记', '1985-12-13'),
    ];
    const posts: [string, number, string, string, string | null][] = [
      // V11: a secretary and a deputy in post, a member whose post ended, a post that begins after today
      ['V11', a, 'secretary', '2024-01-01', null],
      ['V11', b, 'deputy_secretary', '2024-01-01', null],
      ['V11', c, 'committee_member', '2021-01-01', '2026-01-01'],
      ['V11', c, 'committee_member', '2026-12-01', null],
      // V12: no secretary now, two who left (the later one counts), a member in post
      ['V12', e, 'secretary', '2015-01-01', '2021-03-01'],
      ['V12', d, 'secretary', '2021-03-01', '2026-08-01'],
      ['V12', c, 'committee_member', '2022-01-01', null],
      // V21: a secretary who left and the next one in post since
      ['V21', e, 'secretary', '2010-01-01', '2025-09-01'],
      ['V21', f, 'secretary', '2025-09-01', null],
      // V22: no posts
    ];
    for (const [code, m, post, start, end] of posts)
      await h.db.query(
        'INSERT INTO committee_post (org_id, member_id, post, start_on, end_on) VALUES ($1, $2, $3, $4, $5)',
        [id(code), m, post, start, end],
      );
    const pick = (rows: Awaited<ReturnType<typeof healthOrgs>>) =>
      rows.map((r) => [
        r.code,
        r.committee,
        r.secretaryName,
        r.secretaryBirth,
        r.secretarySince,
        r.secretaryLeftOn,
      ]);
    const ids = orgs.map((o) => o.id);
    expect(pick(await healthOrgs(h.db, ids, TODAY))).toEqual([
      ['V11', 2, '书记甲', '1968-02-03', '2024-01-01', null],
      ['V12', 1, null, null, null, '2026-08-01'],
      ['V21', 1, '新书记', '1985-12-13', '2025-09-01', null],
      ['V22', 0, null, null, null, null],
    ]);
    // on a past day: V11's member still in post, V12's secretary in post, V21's first secretary
    expect(pick(await healthOrgs(h.db, ids, '2025-06-01'))).toEqual([
      ['V11', 3, '书记甲', '1968-02-03', '2024-01-01', null],
      ['V12', 2, '前书记', '1960-08-09', '2021-03-01', null],
      ['V21', 1, '老书记', '1955-10-11', '2010-01-01', null],
      ['V22', 0, null, null, null, null],
    ]);
    // each org alone as in one batch, and by path as by ids
    for (const day of [TODAY, '2025-06-01']) {
      const alone = [];
      for (const o of orgs) alone.push(...(await healthOrgs(h.db, [o.id], day)));
      expect(await healthOrgs(h.db, ids, day)).toEqual(alone);
    }
  });
});
