/**
 * The maintained dues rollup (issue 12 "Performance", decision 0031), on the pattern of the organisational-life
 * rollup (decision 0024):
 *
 * - each org's own cells per month (`dues_own`: its own roster's members that month — due, paid, 未核定, short,
 *   arrears and flags as of the state's day), each ancestor's sums (`dues_roll`) and each member's line of the
 *   state's month (`dues_line`), judged by the same pure rules as the live status (domain/dues);
 * - triggers mark the orgs a statement may change (`dues_dirty`: a dues record marks its member's orgs, a roster
 *   period its org); the dues writers refresh their members' orgs in their own transaction (`refreshDuesOfMembers`),
 *   other writes (the roster) are refreshed by the next read (`duesReady`) or the job;
 * - the job `dues.roll` rebuilds everything when the day has changed and after a dues setting's change (a trigger
 *   drops the state); until then reads are live;
 * - an org move shifts the moved subtree's cells from the old ancestors to the new (repositories/orgs.ts).
 */
import type { Db } from '../db/client.js';
import {
  addDuesRoll,
  anyDuesDirty,
  clearDues,
  copyDuesCells,
  copyDuesLines,
  duesOwnOf,
  duesRollupFacts,
  insertDuesLines,
  lockDuesBuild,
  lockDuesOrgs,
  lockDuesState,
  orgsOfMembers,
  replaceDuesOwn,
  setDuesState,
  takeDuesDirty,
  type DuesCellRow,
  type DuesLineRow,
  type DuesState,
  type RollupFacts,
} from '../db/repositories/dues-rollup.js';
import { allOrgPaths, orgPathsOf } from '../db/repositories/life-rollup.js';
import {
  COUNTERS,
  addCounters,
  duesWindowFrom,
  emptyCounters,
  eachMemberCell,
  isZero,
  type DuesCounters,
  type MemberCellSink,
} from '../domain/dues/rollup.js';
import { monthIndex, monthOf, monthOfDate, monthStart } from '../domain/dues/months.js';
import { pathIds, treeOf } from '../domain/stats/keys.js';
import { rulesAt } from '../policy/rules.js';
import type { IsoDate } from '../shared/dates.js';
import { duesSettingsAt } from './dues.js';
import { pipelineBatches, turn } from './rebuild-pipeline.js';

/** Judges the members on the roster of the orgs (all when null) and returns the orgs' own cells and member lines. */
async function judgeOrgs(
  db: Db,
  state: DuesState,
  ids: readonly number[] | null,
): Promise<{ cells: Map<string, DuesCellRow>; lines: DuesLineRow[] }> {
  const settingsAt = await duesSettingsAt(db);
  const recheckMonths = settingsAt(state.asOf).duesRecheckMonths;
  const rows = await duesRollupFacts(db, { ids }, monthStart(state.fromMonth), state.asOf);
  const only = ids ? new Set(ids) : null;
  const out = await judgeRows(rows, state, (id) => !only || only.has(id), settingsAt, recheckMonths);
  const cells = new Map<string, DuesCellRow>();
  for (const c of cellRows(out.acc, state)) cells.set(`${c.orgId}|${c.month}`, c);
  return { cells, lines: out.lines };
}

const N = COUNTERS.length;

/** The window's months from the state's first month to its day's. */
const windowMonths = (state: DuesState) =>
  monthIndex(monthOfDate(state.asOf)) - monthIndex(state.fromMonth) + 1;

/**
 * Judges the members of the rows: each kept org's own counters (`acc`: per org, the window's months × COUNTERS,
 * summed in place — no object or key per member and month) and the members' lines. Yields to the event loop every
 * few hundred members (a rebuild's statements sent before keep flowing: rebuild-pipeline.ts).
 */
async function judgeRows(
  rows: readonly RollupFacts[],
  state: DuesState,
  keep: (orgId: number) => boolean,
  settingsAt: Awaited<ReturnType<typeof duesSettingsAt>>,
  recheckMonths: number,
): Promise<{ acc: Map<number, Float64Array>; lines: DuesLineRow[] }> {
  const width = windowMonths(state) * N;
  const acc = new Map<number, Float64Array>();
  let lastOrg = -1;
  let a: Float64Array = new Float64Array(0);
  const cell: MemberCellSink = (orgId, k, due, paid, unknown, short, arrears, three, six) => {
    if (orgId !== lastOrg) {
      let x = acc.get(orgId);
      if (!x) acc.set(orgId, (x = new Float64Array(width)));
      a = x;
      lastOrg = orgId;
    }
    const at = k * N;
    a[at]! += 1;
    a[at + 1]! += due;
    a[at + 2]! += paid;
    a[at + 3]! += unknown;
    a[at + 4]! += short;
    a[at + 5]! += arrears;
    a[at + 6]! += three;
    a[at + 7]! += six;
  };
  const o = { asOf: state.asOf, fromMonth: state.fromMonth, recheckMonths, rulesAt, settingsAt, keep };
  const lines: DuesLineRow[] = [];
  for (let i = 0; i < rows.length; i++) {
    if (i % 500 === 499) await turn();
    const r = rows[i]!;
    const line = eachMemberCell(r, o, cell);
    if (line) lines.push({ memberId: r.memberId, ...line });
  }
  return { acc, lines };
}

/** The cells of counters summed per org (a month with no member has no cell). */
function* cellRows(acc: Map<number, Float64Array>, state: DuesState): Generator<DuesCellRow> {
  const from = monthIndex(state.fromMonth);
  for (const [orgId, a] of acc)
    for (let at = 0, k = 0; at < a.length; at += N, k++) {
      if (!a[at]) continue;
      yield {
        orgId,
        month: monthOf(from + k).month,
        members: a[at]!,
        due: a[at + 1]!,
        paid: a[at + 2]!,
        unknown: a[at + 3]!,
        short: a[at + 4]!,
        arrears: a[at + 5]!,
        threeMonths: a[at + 6]!,
        sixMonths: a[at + 7]!,
      };
    }
}

const counters = (r: DuesCounters): DuesCounters => {
  const c = emptyCounters();
  addCounters(c, r);
  return c;
};

/** Judges the orgs again, replaces their own cells and lines, and adds the differences to their ancestors' cells. */
async function refreshOrgs(db: Db, state: DuesState, ids: readonly number[]): Promise<void> {
  if (!ids.length) return;
  await lockDuesOrgs(db, ids);
  const before = new Map<string, DuesCellRow>();
  for (const r of await duesOwnOf(db, ids)) before.set(`${r.orgId}|${r.month}`, r);
  const after = await judgeOrgs(db, state, ids);
  const paths = await orgPathsOf(db, ids);
  const roll = new Map<string, DuesCellRow>();
  const diff = (orgId: number, month: string, d: DuesCounters) => {
    if (isZero(d)) return;
    for (const a of pathIds(paths.get(orgId) ?? '').filter((x) => x !== orgId)) {
      const k = `${a}|${month}`;
      const r = roll.get(k);
      if (r) addCounters(r, d);
      else roll.set(k, { orgId: a, month, ...counters(d) });
    }
  };
  for (const [k, a] of after.cells) {
    const d = counters(a);
    const b = before.get(k);
    if (b) addCounters(d, b, -1);
    diff(a.orgId, a.month, d);
  }
  for (const [k, b] of before)
    if (!after.cells.has(k)) {
      const d = emptyCounters();
      addCounters(d, b, -1);
      diff(b.orgId, b.month, d);
    }
  await replaceDuesOwn(db, ids, [...after.cells.values()], after.lines);
  await addDuesRoll(
    db,
    [...roll.values()].filter((r) => !isZero(r)),
  );
}

/**
 * A dues write: refreshes, inside its transaction, the orgs of these members that the triggers marked (their
 * figures and their ancestors' change with the write). Nothing when the rollup is not built.
 */
export async function refreshDuesOfMembers(db: Db, memberIds: readonly number[]): Promise<void> {
  const state = await lockDuesState(db, 'share');
  if (!state) return;
  const orgs = await orgsOfMembers(db, memberIds);
  if (!orgs.length) return;
  await refreshOrgs(db, state, await takeDuesDirty(db, orgs.length, orgs));
}

/** Refreshes every marked org, in batches, each in its own transaction. Returns how many. */
export async function refreshDuesAll(db: Db): Promise<number> {
  let n = 0;
  for (;;) {
    if (!(await anyDuesDirty(db))) return n;
    const done = await db.transaction(async (tx) => {
      const state = await lockDuesState(tx, 'share');
      if (!state) return 0;
      const ids = await takeDuesDirty(tx, 500);
      await refreshOrgs(tx, state, ids);
      return ids.length;
    });
    if (!done) return n;
    n += done;
  }
}

/** Whether an id is seen for the first time (a bit per id: a province's millions of members in a megabyte). */
function idSet(): (id: number) => boolean {
  let bits = new Uint8Array(1 << 16);
  return (id) => {
    const at = id >>> 3;
    if (at >= bits.length) {
      const grown = new Uint8Array(Math.max(bits.length * 2, at + 1));
      grown.set(bits);
      bits = grown;
    }
    const bit = 1 << (id & 7);
    if (bits[at]! & bit) return false;
    bits[at]! |= bit;
    return true;
  };
}

/**
 * Recomputes the whole rollup as of `today` in one transaction (the job, the demo, a setting's change): the members
 * judged in batches of orgs (the next batch's facts read meanwhile: rebuild-pipeline.ts), the own cells and lines
 * written by COPY, the rolled cells summed up the tree in memory (each org's subtree totals added to its parent's,
 * deepest first, as the organisational-life rebuild). A failed rebuild leaves the previous cells.
 */
export async function rebuildDues(
  db: Db,
  today: IsoDate,
  /** orgs per batch (tests: many batches on a small tree) */
  batch = 1000,
): Promise<{ orgs: number; cells: number; members: number }> {
  return db.transaction(async (tx) => {
    await lockDuesBuild(tx);
    await lockDuesState(tx, 'update');
    await clearDues(tx);
    const state: DuesState = { asOf: today, fromMonth: duesWindowFrom(today) };
    const orgs = await allOrgPaths(tx);
    const settingsAt = await duesSettingsAt(tx);
    const recheckMonths = settingsAt(today).duesRecheckMonths;
    const { parent, inner } = treeOf(orgs);
    const width = windowMonths(state) * N;
    // roll[x]: the counters of x's strict descendants' own cells
    const roll = new Map<number, Float64Array>();
    const addTo = (id: number, from: Float64Array) => {
      let to = roll.get(id);
      if (!to) roll.set(id, (to = new Float64Array(width)));
      for (let k = 0; k < width; k++) to[k]! += from[k]!;
    };
    // a member's line is written once: a later batch's line of the same member (a roster changed by a transfer
    // that committed between two batches' reads) replaces it, as the upsert of the maintained path does
    const lined = idSet();
    let cells = 0;
    let members = 0;
    const batches: number[][] = [];
    for (let i = 0; i < orgs.length; i += batch) batches.push(orgs.slice(i, i + batch).map((o) => o.id));
    await pipelineBatches(
      tx,
      batches.length,
      // a batch is a run of the orgs in id order: its members are read by the range of ids
      (from, i) => {
        const ids = batches[i]!;
        const orgs = { lo: ids[0]!, hi: ids[ids.length - 1]! };
        return duesRollupFacts(from, orgs, monthStart(state.fromMonth), today);
      },
      async (rows, i) => {
        const only = new Set(batches[i]);
        const out = await judgeRows(rows, state, (id) => only.has(id), settingsAt, recheckMonths);
        for (const [id, a] of out.acc) {
          const p = parent.get(id);
          if (p !== undefined) addTo(p, a);
        }
        const own = [...cellRows(out.acc, state)];
        const fresh: DuesLineRow[] = [];
        const again: DuesLineRow[] = [];
        for (const l of out.lines) {
          if (lined(l.memberId)) fresh.push(l);
          else again.push(l);
        }
        cells += own.length;
        members += out.lines.length;
        return async () => {
          await copyDuesCells(tx, 'dues_own', own);
          await copyDuesLines(tx, fresh);
          if (again.length) await insertDuesLines(tx, again);
        };
      },
    );
    // deepest first: each org's subtree totals join its parent's
    for (const id of inner) {
      const p = parent.get(id);
      const from = roll.get(id);
      if (p !== undefined && from) addTo(p, from);
    }
    await copyDuesCells(tx, 'dues_roll', cellRows(roll, state));
    await setDuesState(tx, state);
    return { orgs: orgs.length, cells, members };
  });
}

/** The job dues.roll: rebuilds when the state is not today's, else refreshes the marked orgs. */
export async function rollDues(db: Db, today: IsoDate): Promise<string> {
  const state = await lockDuesState(db, null);
  if (state && state.asOf === today) {
    const n = await refreshDuesAll(db);
    return `党费汇总已是 ${today} 的口径${n ? `，更新了 ${n} 个党组织` : ''}`;
  }
  const r = await rebuildDues(db, today);
  return `党费汇总已按 ${today} 重新计算（${r.orgs} 个党组织、${r.members} 名党员）`;
}

/** The state when the rollup can answer for `today` (refreshing the marked orgs first), else null. */
export async function duesReady(db: Db, today: IsoDate): Promise<DuesState | null> {
  const state = await lockDuesState(db, null);
  if (!state || state.asOf !== today) return null;
  await refreshDuesAll(db);
  return state;
}

export { COUNTERS };
