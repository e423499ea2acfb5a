/** Maintained per-org aggregates (org_stat) and the live recount from history. */
import type { Db } from '../client.js';
import { dateParams, memberKeysSql } from './stat-sql.js';
import { onRoster, subtreeAsOf } from '../sql.js';
import { validOn } from '../intervals.js';
import { MEMBER_ROWS } from '../member-columns.js';
import {
  StatDelta,
  ageKey,
  memberKeys,
  pathIds,
  standingKey,
  type StatMember,
} from '../../domain/stats/keys.js';
import { daysBetween, type IsoDate } from '../../shared/dates.js';

export interface StatCell {
  dim: string;
  key: string;
  n: number;
}

const MAX_ROLL_DAYS = 300;

/**
 * Adds a delta to the cells. The cells are written in one fixed order, org_id descending, then dim and key, by
 * every writer (and the bulk writers' upserts), so two transactions that touch the same cells — every write
 * touches its ancestors', the county's among them — wait for each other instead of deadlocking. Descending: an
 * ancestor is usually older than its descendants (a smaller id), so the most shared cells are taken last and held
 * for the shortest time before the commit.
 */
export async function applyDelta(db: Db, delta: StatDelta): Promise<void> {
  const cells = [...delta.entries()].filter((c) => c.n !== 0);
  cells.sort((a, b) =>
    a.orgId !== b.orgId ? b.orgId - a.orgId : a.dim !== b.dim ? cmp(a.dim, b.dim) : cmp(a.key, b.key),
  );
  for (let i = 0; i < cells.length; i += 20_000) {
    const part = cells.slice(i, i + 20_000);
    await db.query(
      `INSERT INTO org_stat (org_id, dim, key, n)
       SELECT o, d, k, n FROM unnest($1::int[], $2::text[], $3::text[], $4::int[]) WITH ORDINALITY AS c(o, d, k, n, i)
        ORDER BY i
       ON CONFLICT (org_id, dim, key) DO UPDATE SET n = org_stat.n + excluded.n`,
      [part.map((c) => c.orgId), part.map((c) => c.dim), part.map((c) => c.key), part.map((c) => c.n)],
    );
  }
}

/** Code-point order (the order of COLLATE "C" for these ASCII keys), independent of the database's collation. */
function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Share-locks the aggregate state for a write and returns the date its age and standing cells describe (its
 * `as_of`). The writer counts its changes with that date's keys, so they agree with the daily roll whether it runs
 * before or after the write: the roll locks the state exclusively (rollStats), so it waits for running writers and
 * later writers wait for it, and writers do not wait for each other here. Only a database without aggregates yet
 * is counted first (exclusively). Call inside the write transaction.
 */
export async function shareStatsState(db: Db, today: IsoDate): Promise<IsoDate> {
  const rows = await db.query<{ as_of: string }>('SELECT as_of FROM org_stat_state WHERE id = 1 FOR SHARE');
  return rows[0]?.as_of ?? rollStats(db, today).then((r) => r.to);
}

/**
 * The aggregate state as held by a writer (holdStats): the date its changes are counted as of. The write path's
 * functions (repositories/orgs.ts writeNewOrg …) take one, so a writer cannot write without holding the state.
 */
export interface StatsHold {
  readonly asOf: IsoDate;
}

/** Holds the aggregate state shared for a write (shareStatsState) and returns the hold. */
export async function holdStats(db: Db, today: IsoDate): Promise<StatsHold> {
  return { asOf: await shareStatsState(db, today) };
}

/** What a roll did: the date the aggregates described before and after, and the members whose bands moved. */
export interface RollOutcome {
  from: IsoDate | null;
  to: IsoDate;
  /** members whose age or standing cell changed (null: recounted from the roster) */
  moved: number | null;
}

/**
 * Locks the aggregate state exclusively and brings it to `today`: members whose birthday or confirmation
 * anniversary fell in (asOf, today] may change band; aggregates more than MAX_ROLL_DAYS behind, or none at all, are
 * recounted. The daily job `stats.roll` (services/jobs.ts) runs it in its own transaction; an org move runs it to
 * keep writers out while it shifts a subtree's totals. Returns what it did.
 */
export async function rollStats(db: Db, today: IsoDate): Promise<RollOutcome> {
  let rows = await db.query<{ as_of: string }>('SELECT as_of FROM org_stat_state WHERE id = 1 FOR UPDATE');
  if (!rows[0]) {
    // no state row to lock yet: one counter at a time, then look again
    await db.query('SELECT pg_advisory_xact_lock(7274002)');
    rows = await db.query<{ as_of: string }>('SELECT as_of FROM org_stat_state WHERE id = 1 FOR UPDATE');
  }
  const asOf = rows[0]?.as_of ?? null;
  if (!asOf) {
    await rebuild(db, today);
    return { from: null, to: today, moved: null };
  }
  if (asOf >= today) return { from: asOf, to: asOf, moved: 0 };
  if (daysBetween(asOf, today) > MAX_ROLL_DAYS) {
    await rebuild(db, today);
    return { from: asOf, to: today, moved: null };
  }
  const from = dateParams(asOf).md;
  const to = dateParams(today).md;
  // md window (from, to], wrapping over the new year
  const cond = (col: string) =>
    from < to ? `(${col} > ${from} AND ${col} <= ${to})` : `(${col} > ${from} OR ${col} <= ${to})`;
  const candidates = await db.query<StatMember & { path: string }>(
    `SELECT m.status, m.sex, m.birth_date AS "birthDate", m.ethnicity, m.education, m.occupation,
            m.joined_on AS "joinedOn", m.confirmed_on AS "confirmedOn", o.path
       FROM ${MEMBER_ROWS} m JOIN org o ON o.id = m.org_id
      WHERE ${onRoster('m.status')} AND (${cond('m.birth_md')} OR ${cond('m.confirmed_md')})`,
  );
  const delta = new StatDelta();
  let moved = 0;
  for (const m of candidates) {
    const ids = pathIds(m.path);
    const a0 = ageKey(m.birthDate, asOf);
    const a1 = ageKey(m.birthDate, today);
    if (a0 !== a1) {
      delta.add(ids, [['age', a0]], -1);
      delta.add(ids, [['age', a1]], 1);
    }
    const s0 = standingKey(m, asOf);
    const s1 = standingKey(m, today);
    if (s0 !== s1) {
      delta.add(ids, [['standing', s0]], -1);
      delta.add(ids, [['standing', s1]], 1);
    }
    if (a0 !== a1 || s0 !== s1) moved++;
  }
  await applyDelta(db, delta);
  await db.query('UPDATE org_stat_state SET as_of = $1 WHERE id = 1', [today]);
  return { from: asOf, to: today, moved };
}

/**
 * Runs the roll in its own transaction, waiting at most `waitMs` for the state's lock (writers hold it shared, an
 * import for its whole run). Returns null when the lock was not granted in time (nothing changed).
 */
export async function rollStatsNow(db: Db, today: IsoDate, waitMs?: number): Promise<RollOutcome | null> {
  try {
    return await db.transaction(async (tx) => {
      if (waitMs !== undefined && tx.kind === 'postgres')
        await tx.query(`SELECT set_config('lock_timeout', $1, true)`, [
          `${Math.max(1, Math.round(waitMs))}ms`,
        ]);
      return rollStats(tx, today);
    });
  } catch (e) {
    if ((e as { code?: string } | null)?.code === '55P03') return null;
    throw e;
  }
}

/** Recomputes every aggregate from the current roster and tree, as of `at`. */
export async function rebuild(db: Db, at: IsoDate): Promise<void> {
  const { y, md } = dateParams(at);
  await db.query('DELETE FROM org_stat');
  // first per org (direct members), then rolled up to every ancestor through the path
  await db.query(
    `WITH direct AS (
       SELECT m.org_id, d.dim, d.key, count(*)::int AS n
         FROM ${MEMBER_ROWS} m CROSS JOIN LATERAL ${memberKeysSql(at, { y: '$1', md: '$2', at: '$3' })} AS d(dim, key)
        WHERE ${onRoster('m.status')}
        GROUP BY 1, 2, 3
       UNION ALL
       SELECT o.id, d.dim, d.key, 1
         FROM org o CROSS JOIN LATERAL (VALUES ('orgKind', o.kind), ('orgSector', o.sector)) AS d(dim, key)
        WHERE o.status = 'active'
     )
     INSERT INTO org_stat (org_id, dim, key, n)
     SELECT a.anc, direct.dim, direct.key, sum(direct.n)::int
       FROM direct JOIN org o ON o.id = direct.org_id
       CROSS JOIN LATERAL unnest(string_to_array(trim(both '/' from o.path), '/')::int[]) AS a(anc)
      GROUP BY 1, 2, 3`,
    [y, md, at],
  );
  await db.query(
    `INSERT INTO org_stat_state (id, as_of) VALUES (1, $1) ON CONFLICT (id) DO UPDATE SET as_of = excluded.as_of`,
    [at],
  );
}

export async function readRollup(
  db: Db,
  orgId: number,
): Promise<{ asOf: IsoDate | null; cells: StatCell[] }> {
  const state = await db.query<{ as_of: string }>('SELECT as_of FROM org_stat_state WHERE id = 1');
  const cells = await db.query<StatCell>('SELECT dim, key, n FROM org_stat WHERE org_id = $1 AND n <> 0', [
    orgId,
  ]);
  return { asOf: state[0]?.as_of ?? null, cells };
}

/** Live recount of an org's subtree as of a date, from the dated history (org_version, member_period). */
export async function liveCounts(db: Db, orgId: number, at: IsoDate): Promise<StatCell[]> {
  const { y, md } = dateParams(at);
  return db.query<StatCell>(
    `WITH RECURSIVE ${subtreeAsOf('sub', '$4', '$3')}, r AS (
        SELECT p.status AS st, m.*
          FROM member_period p JOIN sub ON sub.org_id = p.org_id JOIN ${MEMBER_ROWS} m ON m.id = p.member_id
         WHERE ${validOn('p', '$3')} AND ${onRoster('p.status')}
     )
     SELECT d.dim, d.key, count(*)::int AS n
       FROM r AS m CROSS JOIN LATERAL ${memberKeysSql(at, { y: '$1', md: '$2', at: '$3' }, 'm.st')} AS d(dim, key)
      GROUP BY 1, 2
     UNION ALL
     SELECT d.dim, d.key, count(*)::int
       FROM org_version v JOIN sub ON sub.org_id = v.org_id
       CROSS JOIN LATERAL (VALUES ('orgKind', v.kind), ('orgSector', v.sector)) AS d(dim, key)
      WHERE ${validOn('v', '$3')}
      GROUP BY 1, 2`,
    [y, md, at, orgId],
  );
}

export { memberKeys };
