/**
 * SQL of the demo seed (services/demo.ts, demo-history.ts): its committees, the orgs and member its accounts are
 * bound to, and the set-based history written through temporary tables the caller fills with COPY.
 */
import type { Db } from '../client.js';
import { MEMBER_ROWS } from '../member-columns.js';

export async function countOrgs(db: Db): Promise<number> {
  const existing = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM org');
  return existing[0]?.n ?? 0;
}

/**
 * Committees for the demo: every org gets a secretary from its full members (someone around fifty); orgs with at
 * least `min` full members get a committee of five (书记, 副书记, three 委员), from their latest term's election
 * (no later than `today`).
 */
export async function insertDemoCommittees(db: Db, min: number, today: string): Promise<void> {
  await db.query(
    `WITH ranked AS (
       SELECT m.id, m.org_id,
              row_number() OVER (PARTITION BY m.org_id ORDER BY abs(extract(year from m.birth_date) - 1975), m.id) AS rn,
              count(*) OVER (PARTITION BY m.org_id) AS n
         FROM ${MEMBER_ROWS} m WHERE m.status = 'full')
     INSERT INTO committee_post (org_id, member_id, post, title, start_on)
     SELECT r.org_id, r.id,
            CASE WHEN r.rn = 1 THEN 'secretary' WHEN r.rn = 2 THEN 'deputy_secretary' ELSE 'committee_member' END,
            CASE r.rn WHEN 1 THEN '书记' WHEN 2 THEN '副书记' WHEN 3 THEN '组织委员' WHEN 4 THEN '宣传委员' ELSE '纪检委员' END,
            least(coalesce((SELECT max(t.elected_on) FROM org_term t WHERE t.org_id = r.org_id), $2::date), $2::date)
       FROM ranked r WHERE r.rn = 1 OR (r.n >= $1 AND r.rn <= 5)`,
    [min, today],
  );
}

/** The first township committee (by code) directly under the org `rootCode`. */
export async function firstTownship(
  db: Db,
  rootCode: string,
): Promise<{ code: string; name: string; path: string } | undefined> {
  const [township] = await db.query<{ code: string; name: string; path: string }>(
    `SELECT o.code, o.name, o.path FROM org o JOIN org r ON r.id = o.parent_id
      WHERE r.code = $1 AND o.kind = 'township_committee' ORDER BY o.code LIMIT 1`,
    [rootCode],
  );
  return township;
}

/** The first village branch (by path) under `path` with at least three full members. */
export async function firstVillageBranch(
  db: Db,
  path: string,
): Promise<{ code: string; name: string; id: number } | undefined> {
  const [branch] = await db.query<{ code: string; name: string; id: number }>(
    `SELECT o.code, o.name, o.id FROM org o
          WHERE o.path LIKE $1 || '%' AND o.kind = 'branch' AND o.sector = 'village'
            AND (SELECT count(*) FROM member m WHERE m.org_id = o.id AND m.status = 'full') >= 3
          ORDER BY o.path LIMIT 1`,
    [path],
  );
  return branch;
}

/** The first full member (by id) of the org `orgId`. */
export async function firstFullMember(db: Db, orgId: number): Promise<{ id: number } | undefined> {
  const [member] = await db.query<{ id: number }>(
    "SELECT id FROM member WHERE org_id = $1 AND status = 'full' ORDER BY id LIMIT 1",
    [orgId],
  );
  return member;
}

// --- the demo's history ------------------------------------------------------------------------------------------

/** The temporary tables the history is sent into (COPY), with their columns in COPY order. */
export const DEMO_CHANGE_TABLE = {
  name: 'jiceng_demo_change',
  columns: ['code', 'on_date', 'kind', 'name'],
} as const;
export const DEMO_PERIOD_TABLE = {
  name: 'jiceng_demo_period',
  columns: ['id_number', 'org_code', 'status', 'valid_from', 'valid_to'],
} as const;
export const DEMO_MOVE_TABLE = {
  name: 'jiceng_demo_move',
  columns: ['id_number', 'on_date', 'from_code', 'to_code'],
} as const;

/** Locks the orgs of `codes` FOR KEY SHARE, as each row's foreign-key check would. */
export async function lockOrgsForKeyShare(db: Db, codes: readonly string[]): Promise<void> {
  await db.query('SELECT id FROM org WHERE code = ANY($1::text[]) FOR KEY SHARE', [codes]);
}

/** session_replication_role for the rest of the transaction: 'replica' skips the per-row triggers. */
export async function setReplicationRole(db: Db, role: 'replica' | 'origin'): Promise<void> {
  await db.query(`SELECT set_config('session_replication_role', '${role}', true)`);
}

/** The `jiceng.bulk` flag for the rest of the transaction (the row audit triggers stand aside while it is on). */
export async function setBulkFlag(db: Db, on: boolean): Promise<void> {
  await db.query(`SELECT set_config('jiceng.bulk', '${on ? 'on' : 'off'}', true)`);
}

export async function createDemoChangeTable(db: Db): Promise<void> {
  await db.query(
    'CREATE TEMP TABLE jiceng_demo_change (code text NOT NULL, on_date date NOT NULL, kind text NOT NULL, name text NOT NULL) ON COMMIT DROP',
  );
}

/**
 * From the rows sent into jiceng_demo_change: the version written from the founding date becomes the earlier one
 * and the current one starts on the change, with a dated 'renamed' event recorded by `who`; drops the table.
 */
export async function writeDemoChanges(db: Db, who: number | null): Promise<void> {
  await db.query(
    `UPDATE org_version v SET valid_to = c.on_date, kind = c.kind, name = c.name
         FROM jiceng_demo_change c JOIN org o ON o.code = c.code
        WHERE v.org_id = o.id AND v.valid_to IS NULL`,
  );
  await db.query(
    `INSERT INTO org_version (org_id, valid_from, valid_to, parent_id, name, kind, sector)
       SELECT o.id, c.on_date, NULL, o.parent_id, o.name, o.kind, o.sector
         FROM jiceng_demo_change c JOIN org o ON o.code = c.code ORDER BY o.id`,
  );
  await db.query(
    `INSERT INTO org_event (org_id, kind, effective_on, data, recorded_by)
       SELECT o.id, 'renamed', c.on_date,
              jsonb_build_object('before', jsonb_build_object('name', c.name, 'kind', c.kind),
                                 'after', jsonb_build_object('name', o.name, 'kind', o.kind), 'source', 'demo'),
              $1::int
         FROM jiceng_demo_change c JOIN org o ON o.code = c.code ORDER BY o.id`,
    [who],
  );
  await db.query('DROP TABLE jiceng_demo_change');
}

export async function createDemoMoveTables(db: Db): Promise<void> {
  await db.query(
    `CREATE TEMP TABLE jiceng_demo_period (id_number text NOT NULL, org_code text NOT NULL, status text NOT NULL,
         valid_from date NOT NULL, valid_to date) ON COMMIT DROP`,
  );
  await db.query(
    `CREATE TEMP TABLE jiceng_demo_move (id_number text NOT NULL, on_date date NOT NULL, from_code text NOT NULL,
         to_code text NOT NULL) ON COMMIT DROP`,
  );
}

/**
 * From the rows sent into jiceng_demo_period and jiceng_demo_move: the moved members' periods replaced by their
 * history and a dated 'move' event per move recorded by `who`; drops both tables.
 */
export async function writeDemoMoves(db: Db, who: number | null): Promise<void> {
  // the periods written from joining in today's org give way to the member's history
  await db.query(
    `DELETE FROM member_period WHERE member_id IN (
         SELECT m.id FROM ${MEMBER_ROWS} m JOIN (SELECT DISTINCT id_number FROM jiceng_demo_move) d ON d.id_number = m.id_number)`,
  );
  await db.query(
    `INSERT INTO member_period (member_id, org_id, status, valid_from, valid_to)
       SELECT m.id, o.id, d.status, d.valid_from, d.valid_to
         FROM jiceng_demo_period d JOIN ${MEMBER_ROWS} m ON m.id_number = d.id_number JOIN org o ON o.code = d.org_code
        ORDER BY m.id, d.valid_from`,
  );
  // a move names the orgs as they were named that day (a split branch by its earlier name)
  await db.query(
    `INSERT INTO member_event (member_id, kind, effective_on, data, recorded_by)
       SELECT m.id, 'move', d.on_date,
              jsonb_build_object('note', NULL, 'fromOrgCode', d.from_code,
                'fromOrgName', (SELECT v.name FROM org_version v WHERE v.org_id = f.id AND v.valid_from < d.on_date
                                 ORDER BY v.valid_from DESC LIMIT 1),
                'toOrgCode', d.to_code,
                'toOrgName', (SELECT v.name FROM org_version v WHERE v.org_id = t.id AND v.valid_from <= d.on_date
                               ORDER BY v.valid_from DESC LIMIT 1),
                'source', 'demo'),
              $1::int
         FROM jiceng_demo_move d JOIN ${MEMBER_ROWS} m ON m.id_number = d.id_number
              JOIN org f ON f.code = d.from_code JOIN org t ON t.code = d.to_code
        ORDER BY m.id, d.on_date`,
    [who],
  );
  await db.query('DROP TABLE jiceng_demo_period');
  await db.query('DROP TABLE jiceng_demo_move');
}

/** The path of the first root org (by id), or null when there is none. */
export async function firstRootPath(db: Db): Promise<string | null> {
  const [root] = await db.query<{ path: string }>(
    'SELECT path FROM org WHERE parent_id IS NULL ORDER BY id LIMIT 1',
  );
  return root?.path ?? null;
}
