/**
 * The maintained organisational-life rollup (decision 0024) on both engines: after random writes of every kind
 * that changes compliance — meetings recorded, moved to another day and deleted, members moving, committees set,
 * heart talks, an org moved, an org dissolved, a new org — the maintained cells equal a full recomputation, and
 * today's compliance read from them equals the live computation. A rollup whose maintenance is broken (a trigger
 * turned off) is caught by the same comparison.
 */
import { expect, it } from 'vitest';
import { describeDb, TODAY } from '../helpers/db.js';
import { failingCopy, lifeSnapshot, maintainedAndRecomputed } from '../helpers/life.js';
import { member, org, smallCounty } from '../helpers/factory.js';
import type { Ctx } from '../../src/services/context.js';
import {
  deleteMeeting,
  deleteMeetingsIn,
  getCompliance,
  recordMeeting,
  updateMeeting,
} from '../../src/services/meetings.js';
import { dissolveOrg, moveOrg, setCommittee } from '../../src/services/orgs.js';
import { recordMemberEvent } from '../../src/services/members.js';
import { recordHeartTalk } from '../../src/services/heart-talks.js';
import { rebuildLife, rollupTotals } from '../../src/services/life-rollup.js';
import { addDays } from '../../src/shared/dates.js';
import type { MeetingKind } from '../../src/shared/codes.js';
import { rng } from '../helpers/random.js';

const KINDS: MeetingKind[][] = [
  ['theme_day'],
  ['theme_day', 'general_meeting', 'party_lecture'],
  ['committee_meeting'],
  ['general_meeting'],
  ['life_meeting', 'appraisal_meeting', 'theme_day'],
];

describeDb('organisational-life rollup', (h) => {
  /** The small county with members in each village, a committee in V11, a branch under a general branch. */
  async function seed(ctx: Ctx) {
    await smallCounty(ctx);
    await org(ctx, 'G1', '戊村党总支', 'T2', { kind: 'general_branch' });
    await org(ctx, 'G11', '戊村第一党支部', 'G1');
    const people: Record<string, number[]> = {};
    let n = 0;
    for (const code of ['V11', 'V12', 'V21', 'V22', 'G11']) {
      people[code] = [];
      for (let i = 0; i < 4; i++) people[code].push((await member(ctx, code, `党员${n++}`)).id);
    }
    await setCommittee(ctx, 'V11', {
      effectiveOn: '2025-01-02',
      posts: [
        { memberId: people.V11![0]!, post: 'secretary' },
        { memberId: people.V11![1]!, post: 'committee_member' },
        { memberId: people.V11![2]!, post: 'committee_member' },
      ],
    });
    return people;
  }

  it('equals a full recomputation after random writes of every kind, and answers compliance as the live path does', async () => {
    const ctx = h.ctx();
    const people = await seed(ctx);
    const rand = rng(11);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
    const day = () => addDays(TODAY, -Math.floor(rand() * 600));
    const meetings: number[] = [];
    // a year and a half of meetings before the rollup is built
    for (let i = 0; i < 60; i++) {
      const m = await recordMeeting(ctx, pick(['V11', 'V12', 'V21', 'V22', 'G11']), {
        kinds: pick(KINDS),
        heldOn: day(),
        topic: `会议${i}`,
      }).catch(() => null);
      if (m) meetings.push(m.id);
    }
    await rebuildLife(h.db, TODAY);
    const built = await lifeSnapshot(h.db);
    expect(built).not.toBe(JSON.stringify({ own: [], roll: [] }));

    // today's compliance from the rollup equals the live computation (no org has moved yet)
    const range = { from: '2025-01-01', to: '2026-12-31' };
    const fast = await getCompliance(ctx, 'C', range);
    await h.db.query('DELETE FROM life_state');
    const live = await getCompliance(ctx, 'C', range);
    expect(fast.orgs.length).toBeGreaterThan(3);
    expect(fast).toEqual(live);
    const sub = { from: '2026-04-01', to: '2026-09-30' };
    const liveSub = await getCompliance(ctx, 'T1', sub);
    await rebuildLife(h.db, TODAY);
    expect(await getCompliance(ctx, 'T1', sub)).toEqual(liveSub);

    // random writes; after each round the maintained cells equal a recomputation
    for (let round = 0; round < 4; round++) {
      for (let i = 0; i < 12; i++) {
        const r = rand();
        if (r < 0.35) {
          const m = await recordMeeting(ctx, pick(['V11', 'V12', 'V21', 'V22', 'G11']), {
            kinds: pick(KINDS),
            heldOn: day(),
            topic: `第${round}轮${i}`,
          }).catch(() => null);
          if (m) meetings.push(m.id);
        } else if (r < 0.5 && meetings.length) {
          const id = meetings.splice(Math.floor(rand() * meetings.length), 1)[0]!;
          await deleteMeeting(ctx, id);
        } else if (r < 0.65 && meetings.length) {
          await updateMeeting(ctx, pick(meetings), { heldOn: day() }).catch(() => null);
        } else if (r < 0.75) {
          // a member moves to another branch (both branches' rosters change)
          const from = pick(['V12', 'V21', 'V22']);
          const id = people[from]!.pop();
          if (id) {
            const to = pick(['V11', 'G11']);
            await recordMemberEvent(ctx, id, { kind: 'move', effectiveOn: day(), orgCode: to }).catch(
              () => null,
            );
          }
        } else if (r < 0.85) {
          await recordHeartTalk(ctx, 'V11', {
            heldOn: addDays(TODAY, -Math.floor(rand() * 300)),
            memberIds: [people.V11![0]!, pick(people.V11!)].filter((x, j, a) => a.indexOf(x) === j),
          }).catch(() => null);
        } else {
          await setCommittee(ctx, pick(['V12', 'V21']), {
            effectiveOn: addDays(TODAY, -Math.floor(rand() * 60)),
            posts: [{ memberId: people.V21![0] ?? people.V11![0]!, post: 'secretary' }],
          }).catch(() => null);
        }
      }
      const [maintained, recomputed] = await maintainedAndRecomputed(h.db);
      expect(maintained).toBe(recomputed);
    }

    // the tree changes: a branch moves to the other township, one is dissolved, a new one is set up
    await moveOrg(ctx, 'V12', 'T2', '2026-06-01');
    // a branch emptied and then dissolved
    await org(ctx, 'V23', '庚村党支部', 'T2', { foundedOn: '2025-02-01' });
    const leaver = await member(ctx, 'V23', '临时党员', {
      status: 'probationary',
      joinedOn: '2025-02-10',
      confirmedOn: null,
    });
    await recordMeeting(ctx, 'V23', { kinds: ['theme_day'], heldOn: '2025-03-15', topic: '庚村' });
    await recordMemberEvent(ctx, leaver.id, { kind: 'move', effectiveOn: '2026-09-01', orgCode: 'V21' });
    await dissolveOrg(ctx, 'V23', '2026-10-15');
    await org(ctx, 'V13', '新村党支部', 'T1', { foundedOn: '2026-03-01' });
    await member(ctx, 'V13', '新党员', { status: 'probationary', joinedOn: '2026-03-05', confirmedOn: null });
    await recordMeeting(ctx, 'V12', { kinds: ['theme_day'], heldOn: '2026-11-02', topic: '搬迁后' });
    const [maintained, recomputed] = await maintainedAndRecomputed(h.db);
    expect(maintained).toBe(recomputed);
    // the county's totals count V12 once, under its new township
    const t2 = await rollupTotals(
      h.db,
      (await h.db.query<{ id: number }>("SELECT id FROM org WHERE code = 'T2'"))[0]!.id,
      [2026],
    );
    const c = await rollupTotals(
      h.db,
      (await h.db.query<{ id: number }>("SELECT id FROM org WHERE code = 'C'"))[0]!.id,
      [2026],
    );
    const theme = (cells: typeof c) =>
      cells.filter((x) => x.type === 'theme_day').reduce((s, x) => s + x.expected, 0);
    expect(theme(t2)).toBeGreaterThan(0);
    expect(theme(c)).toBeGreaterThanOrEqual(theme(t2));
    // ~110 writes, each round compared with a full recomputation: 145 s on PGlite and 65 s on PostgreSQL at load ~20
    // (session 17), past the default 60 s
  }, 300_000);

  it('rebuilds in batches the same cells, and a rebuild that fails part-way leaves the previous ones', async () => {
    const ctx = h.ctx();
    const people = await seed(ctx);
    for (const [code, day] of [
      ['V11', '2025-03-10'],
      ['V12', '2026-02-14'],
      ['G11', '2026-09-01'],
    ] as const)
      await recordMeeting(ctx, code, { kinds: ['theme_day', 'general_meeting'], heldOn: day, topic: code });
    await recordHeartTalk(ctx, 'V11', {
      heldOn: '2026-04-01',
      memberIds: [people.V11![0]!, people.V11![3]!],
    }).catch(() => null);
    await rebuildLife(h.db, TODAY);
    const whole = await lifeSnapshot(h.db);
    // batches of one org: on PostgreSQL each batch's facts are read while the previous one is judged
    await rebuildLife(h.db, TODAY, 1);
    expect(await lifeSnapshot(h.db)).toBe(whole);
    await h.db.query('DELETE FROM life_own WHERE org_id = (SELECT min(org_id) FROM life_own)');
    const partial = await lifeSnapshot(h.db);
    await expect(rebuildLife(failingCopy(h.db, 3), TODAY, 1)).rejects.toThrow('COPY 3 failed');
    expect(await lifeSnapshot(h.db)).toBe(partial);
    // the handle is usable after the failure
    await rebuildLife(h.db, TODAY);
    expect(await lifeSnapshot(h.db)).toBe(whole);
  });

  it('swaps in tables keyed as the migration made them, and leaves none of its own after a failure', async () => {
    const ctx = h.ctx();
    await seed(ctx);
    await recordMeeting(ctx, 'V11', { kinds: ['theme_day'], heldOn: '2026-03-10', topic: '三月主题党日' });
    const keys = () =>
      h.db.query<{ t: string; name: string; cols: string }>(
        `SELECT c.conrelid::regclass::text AS t, c.conname AS name,
                (SELECT string_agg(a.attname, ',' ORDER BY array_position(c.conkey, a.attnum))
                   FROM pg_attribute a WHERE a.attrelid = c.conrelid AND a.attnum = ANY(c.conkey)) AS cols
           FROM pg_constraint c
          WHERE c.contype = 'p' AND c.conrelid::regclass::text IN ('life_own', 'life_roll')
          ORDER BY 1`,
      );
    const leftovers = async () =>
      (
        await h.db.query<{ n: number }>(
          "SELECT count(*)::int AS n FROM pg_class WHERE relname IN ('life_own_next', 'life_roll_next')",
        )
      )[0]!.n;
    const migrated = await keys();
    expect(migrated).toEqual([
      { t: 'life_own', name: 'life_own_pk', cols: 'org_id,year,type' },
      { t: 'life_roll', name: 'life_roll_pk', cols: 'org_id,year,type,period' },
    ]);
    await rebuildLife(h.db, TODAY);
    expect(await keys()).toEqual(migrated);
    expect(await leftovers()).toBe(0);
    const [cell] = await h.db.query<{ org_id: number; year: number; type: string }>(
      'SELECT org_id, year, type FROM life_own LIMIT 1',
    );
    expect(cell).toBeDefined();
    // the key is enforced on the swapped-in table
    await expect(
      h.db.query(
        'INSERT INTO life_own (org_id, year, type, expected, held, pending) VALUES ($1, $2, $3, 0, 0, 0)',
        [cell!.org_id, cell!.year, cell!.type],
      ),
    ).rejects.toThrow();
    const before = await lifeSnapshot(h.db);
    await expect(rebuildLife(failingCopy(h.db, 2), TODAY, 1)).rejects.toThrow('COPY 2 failed');
    expect(await leftovers()).toBe(0);
    expect(await keys()).toEqual(migrated);
    expect(await lifeSnapshot(h.db)).toBe(before);
  });

  it('updates the org and its ancestors in the meeting’s own transaction', async () => {
    const ctx = h.ctx();
    await seed(ctx);
    await rebuildLife(h.db, TODAY);
    const countyId = (await h.db.query<{ id: number }>("SELECT id FROM org WHERE code = 'C'"))[0]!.id;
    const octHeld = async () =>
      (await rollupTotals(h.db, countyId, [2026])).find((x) => x.type === 'theme_day' && x.period === 9)
        ?.held ?? 0;
    const before = await octHeld();
    const m = await recordMeeting(ctx, 'V21', {
      kinds: ['theme_day'],
      heldOn: '2026-10-12',
      topic: '十月主题党日',
    });
    // nothing left for a later refresh: the write itself moved the county's figure
    expect(await h.db.query('SELECT org_id FROM life_dirty')).toEqual([]);
    expect(await octHeld()).toBe(before + 1);
    await deleteMeeting(ctx, m.id);
    expect(await octHeld()).toBe(before);
  });

  it('keeps the rollup through a subtree’s bulk delete, audited by one chained entry', async () => {
    const ctx = h.ctx();
    const people = await seed(ctx);
    await rebuildLife(h.db, TODAY);
    for (const [i, code] of ['V11', 'V12', 'V21'].entries())
      await recordMeeting(ctx, code, {
        kinds: ['theme_day', 'general_meeting'],
        heldOn: `2026-0${i + 3}-10`,
        topic: '主题党日',
        attendance: [{ memberId: people[code]![1]!, status: 'excused', reason: '病假' }],
      });
    const auditBefore = (await h.db.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_log'))[0]!.n;
    const r = await deleteMeetingsIn(ctx, 'T1');
    expect(r).toMatchObject({ meetings: 2, attendance: 8 });
    // V21 (township T2) keeps its meeting
    expect(
      (
        await h.db.query<{ code: string }>('SELECT o.code FROM meeting mt JOIN org o ON o.id = mt.org_id')
      ).map((x) => x.code),
    ).toEqual(['V21']);
    const entries = await h.db.query<{ action: string }>(
      'SELECT action FROM audit_log ORDER BY id OFFSET $1',
      [auditBefore],
    );
    expect(entries.map((e) => e.action)).toEqual(['bulk_delete']);
    expect(await h.db.query('SELECT org_id FROM life_dirty')).toEqual([]);
    const [maintained, recomputed] = await maintainedAndRecomputed(h.db);
    expect(maintained).toBe(recomputed);
  });

  it('is caught by the comparison when its maintenance is broken', async () => {
    const ctx = h.ctx();
    await seed(ctx);
    await rebuildLife(h.db, TODAY);
    // sabotage: the meeting table's trigger no longer marks the org, so the write never reaches the rollup
    await h.db.exec('ALTER TABLE meeting DISABLE TRIGGER meeting_life_ins');
    try {
      await recordMeeting(ctx, 'V21', { kinds: ['theme_day'], heldOn: '2026-10-12', topic: '十月主题党日' });
      const [maintained, recomputed] = await maintainedAndRecomputed(h.db);
      expect(maintained).not.toBe(recomputed);
    } finally {
      await h.db.exec('ALTER TABLE meeting ENABLE TRIGGER meeting_life_ins');
    }
  });

  it('falls back to the live computation when the rollup is not today’s or a setting changed', async () => {
    const ctx = h.ctx();
    await seed(ctx);
    await recordMeeting(ctx, 'V11', { kinds: ['theme_day'], heldOn: '2026-10-12', topic: '十月' });
    await rebuildLife(h.db, addDays(TODAY, -40));
    // the state is of another day: the answer is the live one (the October theme day is counted)
    const c = await getCompliance(ctx, 'V11', { from: '2026-10-01', to: '2026-10-31' });
    expect(c.orgs[0]!.items.find((i) => i.type === 'theme_day')).toMatchObject({ held: 1 });
    await rebuildLife(h.db, TODAY);
    await h.db.query(
      `INSERT INTO local_setting (key, value, effective_from, note) VALUES ('partyLectureMonths', '12'::jsonb, '2026-01-01', 't')`,
    );
    expect(await h.db.query('SELECT * FROM life_state')).toEqual([]);
  });
});
