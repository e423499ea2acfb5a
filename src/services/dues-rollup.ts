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
  duesOwnOf,
  duesRollupFacts,
  insertDuesCells,
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
  type RollupFactsRow,
} from '../db/repositories/dues-rollup.js';
import { allOrgPaths, orgPathsOf } from '../db/repositories/life-rollup.js';
import {
  COUNTERS,
  addCounters,
  duesWindowFrom,
  emptyCounters,
  isZero,
  memberCells,
  type DuesCounters,
} from '../domain/dues/rollup.js';
import { monthStart } from '../domain/dues/months.js';
import { pathIds } from '../domain/stats/keys.js';
import { rulesAt } from '../policy/rules.js';
import type { IsoDate } from '../shared/dates.js';
import { duesSettingsAt } from './dues.js';

/** Judges the members on the roster of the orgs (all when null) and returns the orgs' own cells and member lines. */
async function judgeOrgs(
  db: Db,
  state: DuesState,
  ids: readonly number[] | null,
): Promise<{ cells: Map<string, DuesCellRow>; lines: DuesLineRow[] }> {
  const settingsAt = await duesSettingsAt(db);
  const recheckMonths = settingsAt(state.asOf).duesRecheckMonths;
  const rows = await duesRollupFacts(db, ids, monthStart(state.fromMonth), state.asOf);
  const only = ids ? new Set(ids) : null;
  return judgeRows(rows, state, (id) => !only || only.has(id), settingsAt, recheckMonths);
}

function judgeRows(
  rows: readonly RollupFactsRow[],
  state: DuesState,
  keep: (orgId: number) => boolean,
  settingsAt: Awaited<ReturnType<typeof duesSettingsAt>>,
  recheckMonths: number,
): { cells: Map<string, DuesCellRow>; lines: DuesLineRow[] } {
  const cells = new Map<string, DuesCellRow>();
  const lines: DuesLineRow[] = [];
  for (const r of rows) {
    const out = memberCells(
      {
        owing: r.owing.map(([from, to, orgId]) => ({ from, to, orgId })),
        bases: r.bases.map(([category, baseFen, fromMonth]) => ({ category, baseFen, fromMonth })),
        reliefs: r.reliefs.map(([kind, monthlyFen, fromMonth, toMonth]) => ({
          kind,
          monthlyFen,
          fromMonth,
          toMonth,
        })),
        payments: r.payments.map(([id, fromMonth, toMonth, amountFen, paidOn]) => ({
          id,
          fromMonth,
          toMonth,
          amountFen,
          paidOn,
        })),
      },
      { asOf: state.asOf, fromMonth: state.fromMonth, recheckMonths, rulesAt, settingsAt, keep },
    );
    for (const c of out.cells) {
      const k = `${c.orgId}|${c.month}`;
      const cell = cells.get(k);
      if (cell) addCounters(cell, c.c);
      else cells.set(k, { orgId: c.orgId, month: c.month, ...c.c });
    }
    if (out.line) lines.push({ memberId: r.memberId, ...out.line });
  }
  return { cells, lines };
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

/**
 * Recomputes the whole rollup as of `today` in one transaction (the job, the demo, a setting's change): the members
 * judged in batches of orgs, the own cells and lines written, the rolled cells summed up the tree in memory.
 */
export async function rebuildDues(
  db: Db,
  today: IsoDate,
): Promise<{ orgs: number; cells: number; members: number }> {
  return db.transaction(async (tx) => {
    await lockDuesBuild(tx);
    await lockDuesState(tx, 'update');
    await clearDues(tx);
    const state: DuesState = { asOf: today, fromMonth: duesWindowFrom(today) };
    const orgs = await allOrgPaths(tx);
    const settingsAt = await duesSettingsAt(tx);
    const recheckMonths = settingsAt(today).duesRecheckMonths;
    const ancestors = new Map<number, number[]>();
    for (const o of orgs)
      ancestors.set(
        o.id,
        pathIds(o.path).filter((x) => x !== o.id),
      );
    const roll = new Map<string, DuesCellRow>();
    let cells = 0;
    let members = 0;
    for (let i = 0; i < orgs.length; i += 1000) {
      const ids = orgs.slice(i, i + 1000).map((o) => o.id);
      const only = new Set(ids);
      const rows = await duesRollupFacts(tx, ids, monthStart(state.fromMonth), today);
      const out = judgeRows(rows, state, (id) => only.has(id), settingsAt, recheckMonths);
      for (const c of out.cells.values())
        for (const a of ancestors.get(c.orgId) ?? []) {
          const k = `${a}|${c.month}`;
          const r = roll.get(k);
          if (r) addCounters(r, c);
          else roll.set(k, { orgId: a, month: c.month, ...counters(c) });
        }
      await insertDuesCells(tx, 'dues_own', [...out.cells.values()]);
      await insertDuesLines(tx, out.lines);
      cells += out.cells.size;
      members += out.lines.length;
    }
    await insertDuesCells(tx, 'dues_roll', [...roll.values()]);
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
