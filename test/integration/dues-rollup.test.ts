/**
 * The maintained dues rollup (decision 0031) on both engines: after random writes of every kind that changes dues —
 * bases recorded and deleted, reliefs, payments recorded (one, a branch's batch, an import-like bulk insert) and
 * deleted, members moving, leaving and dying, an org moved — the maintained cells and lines equal a full
 * recomputation, and today's status and summary read from them equal the live judgement. Each line's stored run of
 * months unpaid (decision 0052) equals the member's judgement from scratch, and 党章第九条's flags and the county's
 * whole evaluation are the same through the stored runs and without them. A rollup whose maintenance is broken (a
 * trigger turned off) is caught by the same comparison.
 */
import { expect, it } from 'vitest';
import { describeDb, TODAY } from '../helpers/db.js';
import { failingCopy } from '../helpers/life.js';
import { member, org, smallCounty } from '../helpers/factory.js';
import type { Ctx } from '../../src/services/context.js';
import type { Db } from '../../src/db/client.js';
import {
  getDuesStatus,
  getDuesSummary,
  recordBasis,
  recordBatch,
  recordPayment,
  recordRelief,
  removeBasis,
  removePayment,
  getMemberDues,
} from '../../src/services/dues.js';
import { rebuildDues, refreshDuesAll } from '../../src/services/dues-rollup.js';
import { recordMemberEvent } from '../../src/services/members.js';
import { moveOrg } from '../../src/services/orgs.js';
import { addDays } from '../../src/shared/dates.js';
import type { DuesCategory } from '../../src/shared/codes.js';
import { article9OfOrgs, getMemberArticle9 } from '../../src/services/article9.js';
import { evaluate } from '../../src/services/warnings.js';
import { rollLifeRuns } from '../../src/services/life-runs.js';
import { rng } from '../helpers/random.js';

/** The rollup's tables in a fixed order, as text. */
async function snapshot(db: Db): Promise<string> {
  const own = await db.query(
    `SELECT org_id, month::text, members, due::text, paid::text, unknown, short, arrears::text, three_months,
            six_months FROM dues_own ORDER BY org_id, month`,
  );
  const roll = await db.query(
    `SELECT org_id, month::text, members, due::text, paid::text, unknown, short, arrears::text, three_months,
            six_months FROM dues_roll
      WHERE members <> 0 OR due <> 0 OR paid <> 0 OR unknown <> 0 OR short <> 0 OR arrears <> 0
         OR three_months <> 0 OR six_months <> 0
      ORDER BY org_id, month`,
  );
  const line = await db.query('SELECT * FROM dues_line ORDER BY member_id');
  return JSON.stringify({ own, roll, line });
}

async function maintainedAndRecomputed(db: Db): Promise<[string, string]> {
  await refreshDuesAll(db);
  const maintained = await snapshot(db);
  await rebuildDues(db, TODAY);
  return [maintained, await snapshot(db)];
}

const MONTH = TODAY.slice(0, 7);
const CATEGORIES: [DuesCategory, number | null][] = [
  ['salaried', 400000],
  ['salaried', 520000],
  ['retired', 300000],
  ['farmer', null],
  ['student', null],
];

/** Today's status and summary read live (the state dropped) and from the rollup (rebuilt). */
async function liveAndFast(db: Db, ctx: Ctx, code: string) {
  await db.query('DELETE FROM dues_state');
  const live = {
    status: await getDuesStatus(ctx, code, { month: MONTH }),
    summary: await getDuesSummary(ctx, code, { month: MONTH }),
    earlier: await getDuesSummary(ctx, code, { month: '2026-06' }),
  };
  await rebuildDues(db, TODAY);
  const fast = {
    status: await getDuesStatus(ctx, code, { month: MONTH }),
    summary: await getDuesSummary(ctx, code, { month: MONTH }),
    earlier: await getDuesSummary(ctx, code, { month: '2026-06' }),
  };
  return { live, fast };
}

/**
 * The stored runs (decision 0052) against the judgement: each line's run and first month equal the member's dues
 * ground judged from their facts as of today, and 党章第九条's flags of every org are the same read through the
 * stored runs, through lines without them (as before migration 0043: judged from the facts) and without the rollup.
 * Returns how many lines carry a run of three months or more.
 */
async function storedRunsAgree(db: Db, ctx: Ctx): Promise<number> {
  await refreshDuesAll(db);
  const lines = await db.query<{ member_id: number; unpaid_run: number | null; unpaid_since: string | null }>(
    'SELECT member_id, unpaid_run, unpaid_since FROM dues_line ORDER BY member_id',
  );
  let long = 0;
  for (const l of lines) {
    const g = (await getMemberArticle9(ctx, l.member_id)).grounds.find((x) => x.ground === 'dues')!;
    expect([l.member_id, l.unpaid_run, l.unpaid_since]).toEqual([l.member_id, g.months, g.since]);
    if (g.months >= 3) long++;
  }
  const ids = (await db.query<{ id: number }>('SELECT id FROM org ORDER BY id')).map((r) => r.id);
  const stored = await article9OfOrgs(db, ids, TODAY, true);
  expect(stored).toEqual(await article9OfOrgs(db, ids, TODAY, false));
  // the daily job's read (the maintained life runs too: one statement from one roster of the month)
  await rollLifeRuns(db, TODAY);
  expect(await article9OfOrgs(db, ids, TODAY, true, true)).toEqual(stored);
  // that read takes each member's line from the batch's lines read by org, else by its key (session 19): each org
  // alone, its candidates are the same with every line under no org of the database (all found by key)
  const eachOrg = async () => {
    const out = [];
    for (const id of ids) out.push(await article9OfOrgs(db, [id], TODAY, true, true));
    return out;
  };
  const byOrg = await eachOrg();
  expect(byOrg.flat().length).toBe(stored.length);
  await db.query('UPDATE dues_line SET org_id = -org_id');
  expect(await eachOrg()).toEqual(byOrg);
  await db.query('UPDATE dues_line SET org_id = -org_id');
  await db.query('UPDATE dues_line SET unpaid_run = NULL, unpaid_since = NULL WHERE member_id % 2 = 0');
  expect(await article9OfOrgs(db, ids, TODAY, true)).toEqual(stored);
  expect(await article9OfOrgs(db, ids, TODAY, true, true)).toEqual(stored);
  await rebuildDues(db, TODAY);
  return long;
}

describeDb('dues rollup', (h) => {
  async function seed(ctx: Ctx) {
    await smallCounty(ctx);
    await org(ctx, 'G1', '戊村党总支', 'T2', { kind: 'general_branch' });
    await org(ctx, 'G11', '戊村第一党支部', 'G1');
    const people: Record<string, number[]> = {};
    let n = 0;
    for (const code of ['V11', 'V12', 'V21', 'V22', 'G11']) {
      people[code] = [];
      for (let i = 0; i < 4; i++)
        people[code].push(
          (
            await member(
              ctx,
              code,
              `党员${n++}`,
              i === 3 ? { joinedOn: '2025-08-10', confirmedOn: '2026-08-12' } : {},
            )
          ).id,
        );
    }
    return people;
  }

  it('equals a full recomputation after random dues and roster writes, and answers as the live judgement', async () => {
    const ctx = h.ctx();
    const people = await seed(ctx);
    const all = Object.values(people).flat();
    const rand = rng(7);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
    const month = () => {
      const i = Math.floor(rand() * 22);
      const d = new Date(Date.UTC(2026, 10 - i, 1));
      return d.toISOString().slice(0, 7);
    };
    const payments: number[] = [];
    const pay = async (id: number) => {
      const from = month();
      const r = await recordPayment(ctx, id, {
        fromMonth: from,
        toMonth:
          rand() < 0.2 && from < '2026-09'
            ? `${from.slice(0, 5)}${String(Number(from.slice(5)) + 2).padStart(2, '0')}`
            : from,
        amountFen: pick([20, 2000, 4000, 7800, 1500]),
        paidOn: addDays(TODAY, -Math.floor(rand() * 30)),
        method: 'cash',
      }).catch(() => null);
      if (r?.created) payments.push(r.payment.id);
    };
    // a year of records before the rollup is built; some members keep no basis (未核定)
    for (const id of all.slice(0, 16)) {
      const [category, baseFen] = pick(CATEGORIES);
      await recordBasis(ctx, id, { category, baseFen, fromMonth: '2025-03' });
    }
    for (let i = 0; i < 40; i++) await pay(pick(all));
    await rebuildDues(h.db, TODAY);
    expect(await h.db.query('SELECT count(*)::int AS n FROM dues_line')).toEqual([{ n: all.length }]);

    // today's status and summary from the rollup equal the live judgement
    for (const code of ['C', 'T2', 'V11']) {
      const { live, fast } = await liveAndFast(h.db, ctx, code);
      expect(fast).toEqual(live);
    }
    const c = await getDuesStatus(ctx, 'C', { month: MONTH });
    expect(c.counts.members).toBe(all.length);
    expect(c.totals.due).toBeGreaterThan(0);
    expect(c.totals.arrears).toBeGreaterThan(0);

    // random writes; after each round the maintained cells equal a recomputation
    for (let round = 0; round < 4; round++) {
      for (let i = 0; i < 14; i++) {
        const r = rand();
        if (r < 0.35) await pay(pick(all));
        else if (r < 0.45 && payments.length) {
          const id = payments.splice(Math.floor(rand() * payments.length), 1)[0]!;
          await removePayment(ctx, id);
        } else if (r < 0.55) {
          const [category, baseFen] = pick(CATEGORIES);
          await recordBasis(ctx, pick(all), { category, baseFen, fromMonth: month() }).catch(() => null);
        } else if (r < 0.6) {
          const id = pick(all);
          const bases = (await getMemberDues(ctx, id)).bases;
          if (bases.length > 1) await removeBasis(ctx, id, bases[bases.length - 1]!.id);
        } else if (r < 0.67) {
          await recordRelief(ctx, pick(all), {
            kind: rand() < 0.5 ? 'exempt' : 'reduced',
            monthlyFen: 100,
            fromMonth: month(),
            toMonth: null,
            approvedBy: '甲镇党委',
            approvedOn: '2026-10-01',
            reason: null,
          }).catch(() => null);
        } else if (r < 0.77) {
          const code = pick(['V11', 'V12', 'V21']);
          const items = people[code]!.map((memberId) => ({ memberId, amountFen: pick([0, 2000, 4000]) }));
          await recordBatch(ctx, code, {
            fromMonth: MONTH,
            paidOn: TODAY,
            method: 'wechat',
            items,
          }).catch(() => null);
        } else if (r < 0.87) {
          // a member moves to another branch
          const from = pick(['V12', 'V21', 'V22']);
          const id = people[from]!.pop();
          if (id) {
            const to = pick(['V11', 'G11']);
            await recordMemberEvent(ctx, id, {
              kind: 'move',
              effectiveOn: addDays(TODAY, -Math.floor(rand() * 200)),
              orgCode: to,
            }).catch(() => null);
            people[to]!.push(id);
          }
        } else {
          const from = pick(['V11', 'G11']);
          const id = people[from]!.shift();
          if (id)
            await recordMemberEvent(ctx, id, {
              kind: 'decease',
              effectiveOn: addDays(TODAY, -Math.floor(rand() * 120)),
            }).catch(() => null);
        }
      }
      const [maintained, recomputed] = await maintainedAndRecomputed(h.db);
      expect(maintained).toBe(recomputed);
      expect(await storedRunsAgree(h.db, ctx)).toBeGreaterThan(3);
    }
    // the rounds did write: payments kept, members moved away from their first branches
    expect(payments.length).toBeGreaterThan(20);
    expect(people.V21!.length + people.V22!.length).toBeLessThan(8);
    // a bulk insert of payments (as an import writes) is marked by the statement trigger
    await h.db.query(
      `INSERT INTO dues_payment (member_id, org_id, from_month, to_month, amount_fen, voluntary_fen, paid_on, method,
                                 channel)
       SELECT m.id, m.org_id, '2026-02-01', '2026-02-01', 777, 0, '2026-11-01', 'cash', 'import' FROM member m`,
    );
    let [maintained, recomputed] = await maintainedAndRecomputed(h.db);
    expect(maintained).toBe(recomputed);

    // the tree changes: a branch moves to the other township
    await moveOrg(ctx, 'V12', 'T2', '2026-06-01');
    await pay(pick(people.V12!.length ? people.V12! : all));
    [maintained, recomputed] = await maintainedAndRecomputed(h.db);
    expect(maintained).toBe(recomputed);
    // the county's answers still equal the live ones
    const { live, fast } = await liveAndFast(h.db, ctx, 'C');
    expect(fast).toEqual(live);
    await storedRunsAgree(h.db, ctx);
    // the county's whole evaluation through the stored runs equals it with the rollup dropped
    const through = await evaluate(ctx, 'C', TODAY);
    expect(through.some((e) => e.results.some((r) => r.key === 'dues_arrears' && r.level !== 'green'))).toBe(
      true,
    );
    await h.db.query('DELETE FROM dues_state');
    expect(await evaluate(ctx, 'C', TODAY)).toEqual(through);
    // random rounds, each compared with a full recomputation: 164 s on PGlite and 80 s on PostgreSQL at load ~20
    // (session 17), past the default 60 s
  }, 300_000);

  it('rebuilds in batches the same cells and lines, and a rebuild that fails part-way leaves the previous ones', async () => {
    const ctx = h.ctx();
    const people = await seed(ctx);
    const a = people.V11![0]!;
    const b = people.G11![1]!;
    await recordBasis(ctx, a, { category: 'salaried', baseFen: 400000, fromMonth: '2025-06' });
    await recordBasis(ctx, b, { category: 'farmer', baseFen: null, fromMonth: '2026-01' });
    await recordPayment(ctx, a, {
      fromMonth: '2026-01',
      amountFen: 4000,
      paidOn: '2026-02-01',
      method: 'cash',
    });
    await recordPayment(ctx, b, {
      fromMonth: '2026-03',
      amountFen: 20,
      paidOn: '2026-03-05',
      method: 'cash',
    });
    // a member who moved: counted under both branches, lined once
    await recordMemberEvent(ctx, a, { kind: 'move', effectiveOn: '2026-07-01', orgCode: 'G11' });
    await rebuildDues(h.db, TODAY);
    const whole = await snapshot(h.db);
    // batches of one org: on PostgreSQL each batch's facts are read while the previous one is judged
    await rebuildDues(h.db, TODAY, 1);
    expect(await snapshot(h.db)).toBe(whole);
    await h.db.query('DELETE FROM dues_line WHERE member_id = (SELECT min(member_id) FROM dues_line)');
    const partial = await snapshot(h.db);
    await expect(rebuildDues(failingCopy(h.db, 4), TODAY, 1)).rejects.toThrow('COPY 4 failed');
    expect(await snapshot(h.db)).toBe(partial);
    await rebuildDues(h.db, TODAY);
    expect(await snapshot(h.db)).toBe(whole);
  });

  it('updates the member’s org and its ancestors in the write’s own transaction', async () => {
    const ctx = h.ctx();
    const people = await seed(ctx);
    const id = people.V21![0]!;
    await recordBasis(ctx, id, { category: 'salaried', baseFen: 400000, fromMonth: '2026-01' });
    await rebuildDues(h.db, TODAY);
    const county = async () => (await getDuesStatus(ctx, 'C', { month: MONTH })).totals;
    const before = await county();
    expect(before.arrears).toBeGreaterThanOrEqual(4000 * 11);
    const p = await recordPayment(ctx, id, {
      fromMonth: '2026-01',
      toMonth: '2026-03',
      amountFen: 12000,
      paidOn: TODAY,
      method: 'cash',
    });
    // nothing left for a later refresh: the write itself moved the county's figures
    expect(await h.db.query('SELECT org_id FROM dues_dirty')).toEqual([]);
    expect((await county()).arrears).toBe(before.arrears - 12000);
    await removePayment(ctx, p.payment.id);
    expect(await county()).toEqual(before);
  });

  it('pages and filters the member lines on the server, live and from the rollup alike', async () => {
    const ctx = h.ctx();
    const people = await seed(ctx);
    for (const id of Object.values(people).flat().slice(0, 10))
      await recordBasis(ctx, id, { category: 'salaried', baseFen: 400000, fromMonth: '2026-05' });
    await recordPayment(ctx, people.V11![0]!, {
      fromMonth: MONTH,
      amountFen: 4000,
      paidOn: TODAY,
      method: 'cash',
    });
    await h.db.query('DELETE FROM dues_state');
    const pages = async () => ({
      all: await getDuesStatus(ctx, 'C', { month: MONTH }),
      page: await getDuesStatus(ctx, 'C', { month: MONTH, limit: 5, offset: 5 }),
      short: await getDuesStatus(ctx, 'C', { month: MONTH, filter: 'short', limit: 3 }),
      unknown: await getDuesStatus(ctx, 'C', { month: MONTH, filter: 'unknown' }),
      flagged: await getDuesStatus(ctx, 'C', { month: MONTH, filter: 'flagged' }),
    });
    const live = await pages();
    expect(live.all.matching).toBe(20);
    expect(live.page.members.map((m) => m.id)).toEqual(live.all.members.slice(5, 10).map((m) => m.id));
    expect(live.page.matching).toBe(20);
    expect(live.page.totals).toEqual(live.all.totals);
    expect(live.short.matching).toBe(9);
    expect(live.short.members).toHaveLength(3);
    expect(live.unknown.matching).toBe(10);
    // May–October ended unpaid for all ten: the one who paid the running month is still six months behind
    expect(live.flagged.matching).toBe(10);
    await rebuildDues(h.db, TODAY);
    expect(await pages()).toEqual(live);
    // every window of the rollup's pages (read org by org, decision 0050) is the slice of the whole ordered list,
    // across the orgs' boundaries, past the end, and filtered
    const short = await getDuesStatus(ctx, 'C', { month: MONTH, filter: 'short' });
    for (const limit of [1, 3, 7])
      for (let offset = 0; offset <= 21; offset += 2) {
        const p = await getDuesStatus(ctx, 'C', { month: MONTH, limit, offset });
        expect(p.members, `${offset}+${limit}`).toEqual(live.all.members.slice(offset, offset + limit));
        expect(p.matching).toBe(20);
        const f = await getDuesStatus(ctx, 'C', { month: MONTH, filter: 'short', limit, offset });
        expect(f.members, `short ${offset}+${limit}`).toEqual(short.members.slice(offset, offset + limit));
        expect(f.matching).toBe(9);
      }
  });

  it('is caught by the comparison when its maintenance is broken', async () => {
    const ctx = h.ctx();
    const people = await seed(ctx);
    const id = people.V21![0]!;
    await recordBasis(ctx, id, { category: 'salaried', baseFen: 400000, fromMonth: '2026-01' });
    await rebuildDues(h.db, TODAY);
    await h.db.exec('ALTER TABLE dues_payment DISABLE TRIGGER dues_payment_dues_ins');
    try {
      await recordPayment(ctx, id, { fromMonth: '2026-01', amountFen: 4000, paidOn: TODAY, method: 'cash' });
      const run = `SELECT unpaid_run, unpaid_since FROM dues_line WHERE member_id = ${id}`;
      await refreshDuesAll(h.db);
      // the stored run missed the payment: still from January
      expect(await h.db.query(run)).toEqual([{ unpaid_run: 10, unpaid_since: '2026-01' }]);
      const [maintained, recomputed] = await maintainedAndRecomputed(h.db);
      expect(maintained).not.toBe(recomputed);
      expect(await h.db.query(run)).toEqual([{ unpaid_run: 9, unpaid_since: '2026-02' }]);
    } finally {
      await h.db.exec('ALTER TABLE dues_payment ENABLE TRIGGER dues_payment_dues_ins');
    }
  });

  it('falls back to the live judgement when the rollup is not today’s or a dues setting changed', async () => {
    const ctx = h.ctx();
    const people = await seed(ctx);
    const id = people.V11![0]!;
    await recordBasis(ctx, id, { category: 'farmer', baseFen: null, fromMonth: '2026-01' });
    await rebuildDues(h.db, addDays(TODAY, -40));
    // the state is of another day: the answer is the live one (the member's line is there)
    const s = await getDuesStatus(ctx, 'V11', { month: MONTH });
    expect(s.members.find((m) => m.id === id)).toMatchObject({ due: 20, arrearsMonths: 11 });
    await rebuildDues(h.db, TODAY);
    await h.db.query(
      `INSERT INTO local_setting (key, value, effective_from, note) VALUES ('duesFarmerFen', '50'::jsonb, '2026-01-01', 't')`,
    );
    expect(await h.db.query('SELECT * FROM dues_state')).toEqual([]);
    const after = await getDuesStatus(ctx, 'V11', { month: MONTH });
    expect(after.members.find((m) => m.id === id)).toMatchObject({ due: 50 });
  });
});
