/**
 * The maintained organisational-life rollup (issue 11 "Performance", decision 0024).
 *
 * - Each org's own cells (`life_own`) are its judged periods of the previous and the running year as of the
 *   state's day, made by the same pure judgement as the live compliance (`orgPeriodStates`); each ancestor's rolled
 *   cells (`life_roll`) count its subtree's orgs per year, kind, period and state.
 * - Triggers mark every org whose facts a statement changed (`life_dirty`). A meeting or heart-talk write refreshes
 *   its org in its own transaction (`refreshLifeOf`): the org is judged again and the difference of its cells is
 *   added to its ancestors'. Other writes (roster, committee, groups, the tree) are refreshed by the next read of the
 *   rollup (`refreshLifeAll`) or the job.
 * - The job `life.roll` rebuilds everything when the day has changed (periods end, new ones start) and after a
 *   setting's change (a trigger drops the state); until then reads fall back to the live computation.
 * - An org move shifts the moved subtree's totals from the old ancestors to the new (repositories/orgs.ts).
 */
import type { Db } from '../db/client.js';
import { lifeFactsOf, type LifeFactRow } from '../db/repositories/meetings.js';
import { lifeFlatFactsOfRange, startFlatReads, type FlatReads } from '../db/repositories/life-facts.js';
import { settingHistory } from '../db/repositories/settings.js';
import { rollLifeRuns } from './life-runs.js';
import {
  addRollCells,
  allOrgPaths,
  anyLifeDirty,
  copyOwnCells,
  copyRollCells,
  lifeSummaryCells,
  lockLifeBuild,
  lockLifeOrgs,
  lockLifeState,
  orgPathsOf,
  ownCellsOf,
  replaceOwnCells,
  setLifeState,
  startLifeTables,
  subtreeCellText,
  subtreeOwnCells,
  swapLifeTables,
  takeLifeDirty,
  type LifeState,
  type OwnRow,
  type RollRow,
} from '../db/repositories/life-rollup.js';
import {
  orgPeriodStates,
  type ComplianceItem,
  type OrgLifeFacts,
  type PeriodJudgement,
} from '../domain/meetings/compliance.js';
import {
  PERIOD_BITS,
  cellRange,
  itemsFromCells,
  judgementsFromCells,
  ownCells,
  rollDelta,
  rollupWindow,
  type OwnCell,
  type RollCell,
} from '../domain/meetings/rollup.js';
import { pathIds, treeOf } from '../domain/stats/keys.js';
import { rulesAt, type LifeItemType } from '../policy/rules.js';
import { settingsOn } from '../policy/settings.js';
import { MEETING_KINDS, type MeetingKind, type OrgKind } from '../shared/codes.js';
import { addDays, type IsoDate } from '../shared/dates.js';
import { pipelineBatches, turn } from './rebuild-pipeline.js';

/** lifeFacts' rows as each org's facts (in the order the orgs first appear). */
export function factsFromRows(rows: readonly LifeFactRow[]): Map<number, OrgLifeFacts & { path: string }> {
  const facts = new Map<number, OrgLifeFacts & { path: string }>();
  const of = (id: number) => {
    let f = facts.get(id);
    if (!f) {
      f = {
        orgId: id,
        code: '',
        name: '',
        path: '',
        spans: [],
        populated: [],
        committee: [],
        groups: [],
        heldMonths: {},
      };
      facts.set(id, f);
    }
    return f;
  };
  for (const r of rows) {
    const f = of(r.orgId);
    if (r.what === 'org') {
      f.code = r.info!;
      f.name = r.list![0]!;
      f.path = r.list![1]!;
    } else if (r.what === 'span')
      (f.spans as unknown[]).push({ from: r.f!, to: r.t, kind: r.info as OrgKind });
    else if (r.what === 'pop') (f.populated as unknown[]).push({ from: r.f!, to: r.t });
    else if (r.what === 'com') (f.committee as unknown[]).push({ from: r.f!, to: r.t, posts: r.n! });
    else if (r.what === 'grp') (f.groups as unknown[]).push({ from: r.f!, to: r.t });
    else if (r.what === 'talk') {
      // a year in which every member owed had a talk with a committee member
      if (r.n! > 0 && Number(r.info) === r.n)
        f.heartTalkYears = [...(f.heartTalkYears ?? []), r.f!.slice(0, 4)];
    } else f.heldMonths[r.info as MeetingKind] = r.list ?? [];
  }
  return facts;
}

/** The settings in force on a day, from the history of the one setting compliance depends on. */
async function settingsReader(db: Db) {
  const history = await settingHistory(db, 'partyLectureMonths');
  // made once per day asked (a rebuild asks the same few dozen days for every org)
  const made = new Map<IsoDate, ReturnType<typeof settingsOn>>();
  return (d: IsoDate) => {
    let s = made.get(d);
    if (!s) made.set(d, (s = settingsOn(history, d)));
    return s;
  };
}

/** The orgs' own cells as of the state's day, judged from their facts (each on its own). */
function* judgeFacts(
  facts: Iterable<OrgLifeFacts>,
  state: LifeState,
  settingsAt: Awaited<ReturnType<typeof settingsReader>>,
): Generator<[number, OwnCell[]]> {
  const w = rollupWindow(state.asOf);
  for (const f of facts)
    yield [
      f.orgId,
      ownCells(orgPeriodStates(f, { from: w.from, to: w.to, asOf: state.asOf, rulesAt, settingsAt })),
    ];
}

/** The orgs' facts over the rollup's window as of the state's day. */
function readFacts(db: Db, state: LifeState, ids: readonly number[]): Promise<LifeFactRow[]> {
  return lifeFactsOf(db, ids, rollupWindow(state.asOf).from, addDays(state.asOf, 1));
}

async function judgeOwn(db: Db, state: LifeState, ids: readonly number[]): Promise<Map<number, OwnCell[]>> {
  const settingsAt = await settingsReader(db);
  return new Map(judgeFacts(factsFromRows(await readFacts(db, state, ids)).values(), state, settingsAt));
}

const cellKey = (c: OwnCell) => `${c.year}|${c.type}|${c.expected}|${c.held}|${c.pending}`;
const sameCells = (a: readonly OwnCell[], b: readonly OwnCell[]) =>
  a.length === b.length && a.map(cellKey).sort().join() === b.map(cellKey).sort().join();

/** Judges the orgs again and moves the difference of their cells into their ancestors' (under each org's lock). */
async function refreshOrgs(db: Db, state: LifeState, ids: readonly number[]): Promise<void> {
  if (!ids.length) return;
  await lockLifeOrgs(db, ids);
  const before = new Map<number, OwnCell[]>();
  for (const r of await ownCellsOf(db, ids)) {
    const list = before.get(r.orgId) ?? [];
    list.push({ year: r.year, type: r.type, expected: r.expected, held: r.held, pending: r.pending });
    before.set(r.orgId, list);
  }
  const after = await judgeOwn(db, state, ids);
  const changed = ids.filter((id) => !sameCells(before.get(id) ?? [], after.get(id) ?? []));
  if (!changed.length) return;
  const paths = await orgPathsOf(db, changed);
  // the differences summed per ancestor cell (orgs refreshed together share ancestors)
  const roll = new Map<string, RollRow>();
  const own: OwnRow[] = [];
  for (const id of changed) {
    const cells = after.get(id) ?? [];
    for (const c of cells) own.push({ orgId: id, ...c });
    const anc = pathIds(paths.get(id) ?? '').filter((a) => a !== id);
    for (const d of rollDelta(before.get(id) ?? [], cells))
      for (const a of anc) {
        const k = `${a}|${d.year}|${d.type}|${d.period}`;
        const r = roll.get(k);
        if (!r) roll.set(k, { orgId: a, ...d });
        else {
          r.expected += d.expected;
          r.held += d.held;
          r.pending += d.pending;
        }
      }
  }
  await replaceOwnCells(db, changed, own);
  await addRollCells(db, [...roll.values()]);
}

/**
 * Refreshes the given orgs, if marked, inside the caller's transaction (a meeting or heart-talk write: its org's
 * and ancestors' figures change in the same transaction). Nothing when the rollup is not built.
 */
export async function refreshLifeOf(db: Db, ids: readonly number[]): Promise<void> {
  const state = await lockLifeState(db, 'share');
  if (!state) return;
  await refreshOrgs(db, state, await takeLifeDirty(db, ids.length, ids));
}

/** Refreshes every marked org, in batches, each in its own transaction. Returns how many. */
export async function refreshLifeAll(db: Db): Promise<number> {
  let n = 0;
  for (;;) {
    if (!(await anyLifeDirty(db))) return n;
    const done = await db.transaction(async (tx) => {
      const state = await lockLifeState(tx, 'share');
      if (!state) return 0;
      const ids = await takeLifeDirty(tx, 2000);
      await refreshOrgs(tx, state, ids);
      return ids.length;
    });
    if (!done) return n;
    n += done;
  }
}

const TYPES: readonly LifeItemType[] = [...MEETING_KINDS.map((k) => k.code), 'heart_talk'];
const TYPE_INDEX = new Map<string, number>(TYPES.map((t, i) => [t, i]));

/**
 * Recomputes the whole rollup as of `today` in one transaction (the job, a demo seed, a setting's change): every
 * org judged in batches (the next batch's facts read meanwhile: rebuild-pipeline.ts), its own cells written by
 * COPY, and the rolled cells summed bottom-up over the tree in memory, all into fresh tables without keys that take
 * the old tables' place at the end (`startLifeTables`, `swapLifeTables`). Readers keep the previous cells until it
 * commits; a failed rebuild leaves them.
 */
export async function rebuildLife(
  db: Db,
  today: IsoDate,
  /** orgs per batch (tests: many batches on a small tree) */
  batch = 2000,
): Promise<{ orgs: number; cells: number }> {
  return db.transaction(async (tx) => {
    await lockLifeBuild(tx);
    await lockLifeState(tx, 'update');
    await startLifeTables(tx);
    const w = rollupWindow(today);
    const state: LifeState = { asOf: today, fromYear: w.fromYear };
    const years = Number(today.slice(0, 4)) - w.fromYear + 1;
    const width = years * TYPES.length * PERIOD_BITS * 3;
    const orgs = await allOrgPaths(tx);
    const { parent, inner } = treeOf(orgs);
    // acc[x]: the sum of the own cells of x's strict descendants, as counts per (year, type, bit, state)
    const acc = new Map<number, Int32Array>();
    const accOf = (id: number) => {
      let a = acc.get(id);
      if (!a) acc.set(id, (a = new Int32Array(width)));
      return a;
    };
    const settingsAt = await settingsReader(tx);
    let cells = 0;
    // batches of orgs: the next batch's facts read while this one is judged (PostgreSQL), its cells written by COPY
    const batches: number[][] = [];
    for (let i = 0; i < orgs.length; i += batch) batches.push(orgs.slice(i, i + batch).map((o) => o.id));
    // JIT off and the meetings marked false read, once for the run on the connection (and snapshot) of the reads
    let run: Promise<FlatReads> | undefined;
    await pipelineBatches(
      tx,
      batches.length,
      // a batch is a run of the orgs in id order: its facts are read by the range of ids, as flat rows (one per
      // org version, roster period, post, group membership, meeting and talk party) made into each org's facts here
      async (from, i) => {
        const ids = batches[i]!;
        run ??= startFlatReads(from);
        const r = await run;
        return lifeFlatFactsOfRange(from, ids[0]!, ids[ids.length - 1]!, w.from, addDays(today, 1), r);
      },
      async (facts) => {
        const own: OwnRow[] = [];
        let n = 0;
        for (const [id, list] of judgeFacts(facts, state, settingsAt)) {
          // the statements sent before (the last batch's COPY, the next batch's read) keep flowing
          if (++n % 100 === 0) await turn();
          const p = parent.get(id);
          for (const c of list) {
            own.push({
              orgId: id,
              year: c.year,
              type: c.type,
              expected: c.expected,
              held: c.held,
              pending: c.pending,
            });
            if (p === undefined) continue;
            const a = accOf(p);
            const base = ((c.year - w.fromYear) * TYPES.length + TYPE_INDEX.get(c.type)!) * PERIOD_BITS * 3;
            // each bit set in any of the three masks, lowest first
            for (let bits = c.expected | c.held | c.pending; bits; bits &= bits - 1) {
              const b = 31 - Math.clz32(bits & -bits);
              const m = 1 << b;
              if (c.expected & m) a[base + b * 3]! += 1;
              if (c.held & m) a[base + b * 3 + 1]! += 1;
              if (c.pending & m) a[base + b * 3 + 2]! += 1;
            }
          }
        }
        cells += own.length;
        return () => copyOwnCells(tx, own);
      },
    );
    // deepest first: each org's totals join its parent's
    for (const id of inner) {
      const p = parent.get(id);
      const from = acc.get(id);
      if (p === undefined || !from) continue;
      const to = accOf(p);
      for (let k = 0; k < width; k++) to[k]! += from[k]!;
    }
    const roll: RollRow[] = [];
    for (const [id, a] of acc)
      for (let y = 0; y < years; y++)
        for (let t = 0; t < TYPES.length; t++)
          for (let b = 0; b < PERIOD_BITS; b++) {
            const k = ((y * TYPES.length + t) * PERIOD_BITS + b) * 3;
            if (!a[k] && !a[k + 1] && !a[k + 2]) continue;
            roll.push({
              orgId: id,
              year: w.fromYear + y,
              type: TYPES[t]!,
              period: b,
              expected: a[k]!,
              held: a[k + 1]!,
              pending: a[k + 2]!,
            });
          }
    await copyRollCells(tx, roll);
    await swapLifeTables(tx);
    await setLifeState(tx, state);
    return { orgs: orgs.length, cells };
  });
}

/** The job life.roll: rebuilds when the state is not today's, else refreshes the marked orgs. */
export async function rollLife(db: Db, today: IsoDate): Promise<string> {
  // 党章第九条's maintained runs (decision 0048): built when they are not, else their marked members refreshed
  await rollLifeRuns(db, today);
  const state = await lockLifeState(db, null);
  if (state && state.asOf === today) {
    const n = await refreshLifeAll(db);
    return `组织生活汇总已是 ${today} 的口径${n ? `，更新了 ${n} 个党组织` : ''}`;
  }
  const r = await rebuildLife(db, today);
  return `组织生活汇总已按 ${today} 重新计算（${r.orgs} 个党组织）`;
}

/** The state when the rollup can answer for `today` (refreshing the marked orgs first), else null. */
export async function lifeReady(db: Db, today: IsoDate): Promise<LifeState | null> {
  const state = await lockLifeState(db, null);
  if (!state || state.asOf !== today) return null;
  await refreshLifeAll(db);
  return state;
}

/** One org of a subtree with its judged periods of a range. */
export interface OrgJudged {
  orgId: number;
  code: string;
  name: string;
  path: string;
  judged: PeriodJudgement[];
}

/**
 * Every org of the subtree at `path` (today's tree) with its judged periods of [from, to] from the rollup, in tree
 * order; null when the rollup cannot answer (not built, not today's, or the range outside its two years).
 */
export async function judgedFromRollup(
  db: Db,
  path: string,
  from: IsoDate,
  to: IsoDate,
  today: IsoDate,
): Promise<OrgJudged[] | null> {
  const w = rollupWindow(today);
  if (from < w.from || to > w.to) return null;
  if (!(await lifeReady(db, today))) return null;
  const years: number[] = [];
  for (let y = Number(from.slice(0, 4)); y <= Number(to.slice(0, 4)); y++) years.push(y);
  return (await subtreeOwnCells(db, path, years)).map((r) => ({
    orgId: r.orgId,
    code: r.code,
    name: r.name,
    path: r.path,
    judged: judgementsFromCells(r.cells, from, to),
  }));
}

/**
 * Every org of the subtree at `path` (today's tree) that owes or held anything of [from, to], with its compliance
 * items from the rollup's cells, in tree order; null when the rollup cannot answer (as `judgedFromRollup`). The
 * same items as `itemsOf` of `judgedFromRollup`'s periods (a unit test compares them), for a county's ~3,000 orgs
 * by bit counts: only the cells with a bit of the range are read, each org's as one text.
 */
export async function complianceFromRollup(
  db: Db,
  path: string,
  from: IsoDate,
  to: IsoDate,
  today: IsoDate,
): Promise<{ orgId: number; code: string; name: string; path: string; items: ComplianceItem[] }[] | null> {
  const w = rollupWindow(today);
  if (from < w.from || to > w.to) return null;
  if (!(await lifeReady(db, today))) return null;
  const range = cellRange(from, to);
  const years = [...range.masks.keys()];
  if (!years.length) return [];
  const rows = await subtreeCellText(db, path, years, [...range.masks.values()]);
  return rows.map((r) => {
    const cells: OwnCell[] = r.cells.split(';').map((t) => {
      const [year, type, expected, held, pending] = t.split(' ');
      return {
        year: Number(year),
        type: type as LifeItemType,
        expected: Number(expected),
        held: Number(held),
        pending: Number(pending),
      };
    });
    return { orgId: r.orgId, code: r.code, name: r.name, path: r.path, items: itemsFromCells(cells, range) };
  });
}

/** The subtree's totals per year, kind and period (bit) from the rollup: its orgs' counts in each state. */
export async function rollupTotals(db: Db, orgId: number, years: readonly number[]): Promise<RollCell[]> {
  const { roll, own } = await lifeSummaryCells(db, orgId, years);
  const out = new Map<string, RollCell>();
  for (const r of roll) out.set(`${r.year}|${r.type}|${r.period}`, { ...r });
  for (const d of rollDelta([], own)) {
    const k = `${d.year}|${d.type}|${d.period}`;
    const r = out.get(k);
    if (r) {
      r.expected += d.expected;
      r.held += d.held;
      r.pending += d.pending;
    } else out.set(k, d);
  }
  return [...out.values()].filter((r) => r.expected || r.held || r.pending);
}
