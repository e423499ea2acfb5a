/**
 * Writes what the demo's histories add to the rows the bulk appliers wrote (src/domain/demo/generate.ts): the
 * earlier version of each general branch that was one branch until it was split (org_version and a dated
 * 'renamed' org_event, as a dated change of name and kind makes), and the moves of members who joined before
 * their org was founded (their member_period rows as memberPeriods gives them, and a dated 'move' member_event
 * each, as recordMemberEventIn writes one). Set-based: a few statements for the whole county, in the caller's
 * transaction, after its orgs and members are written. Like the bulk writes (bulk.ts bulkCopy), the rows skip the
 * per-row audit triggers and one chained audit entry records them with the SHA-256 of what was sent; and where the
 * session may, the per-row foreign-key checks too: every row is built by joining the orgs (locked FOR KEY SHARE
 * here, as each row's check would) and members written by this same transaction.
 */
import { createHash } from 'node:crypto';
import { copyLine, type Db } from '../db/client.js';
import type { Ctx } from './context.js';
import { actorId } from '../domain/access/policy.js';
import {
  memberPeriods,
  type DemoMember,
  type DemoMove,
  type DemoOrgChange,
} from '../domain/demo/generate.js';
import { writeAudit } from './audit.js';
import { MEMBER_ROWS } from '../db/member-columns.js';

export async function writeDemoHistory(
  ctx: Ctx,
  db: Db,
  changes: readonly DemoOrgChange[],
  members: readonly DemoMember[],
  moves: readonly DemoMove[],
): Promise<void> {
  if (!changes.length && !moves.length) return;
  const who = actorId(ctx.actor);
  const digest = createHash('sha256');
  const send = async (table: string, columns: readonly string[], lines: string[]) => {
    const bytes = Buffer.from(lines.join(''));
    digest.update(bytes);
    await db.copyIn(table, columns, [bytes]);
  };
  const counts: { table: string; rows: number }[] = [];
  const skipRowTriggers = await maySkipRowTriggers(db);
  if (skipRowTriggers) {
    const codes = new Set<string>();
    for (const c of changes) codes.add(c.orgCode);
    for (const mv of moves) codes.add(mv.fromOrgCode).add(mv.toOrgCode);
    await db.query('SELECT id FROM org WHERE code = ANY($1::text[]) FOR KEY SHARE', [[...codes]]);
    await db.query("SELECT set_config('session_replication_role', 'replica', true)");
  }
  await db.query("SELECT set_config('jiceng.bulk', 'on', true)");

  if (changes.length) {
    await db.query(
      'CREATE TEMP TABLE jiceng_demo_change (code text NOT NULL, on_date date NOT NULL, kind text NOT NULL, name text NOT NULL) ON COMMIT DROP',
    );
    await send(
      'jiceng_demo_change',
      ['code', 'on_date', 'kind', 'name'],
      changes.map((c) => copyLine([c.orgCode, c.on, c.before.kind, c.before.name])),
    );
    // the version written from the founding date becomes the earlier one; the current one starts on the change
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
    counts.push(
      { table: 'org_version', rows: changes.length * 2 },
      { table: 'org_event', rows: changes.length },
    );
  }

  if (moves.length) {
    const byId = new Map<string, DemoMove[]>();
    for (const mv of moves) {
      const list = byId.get(mv.idNumber);
      if (list) list.push(mv);
      else byId.set(mv.idNumber, [mv]);
    }
    const periodLines: string[] = [];
    for (const m of members) {
      const own = byId.get(m.idNumber);
      if (!own) continue;
      for (const p of memberPeriods(m, own))
        periodLines.push(copyLine([m.idNumber, p.orgCode, p.status, p.from, p.to]));
    }
    await db.query(
      `CREATE TEMP TABLE jiceng_demo_period (id_number text NOT NULL, org_code text NOT NULL, status text NOT NULL,
         valid_from date NOT NULL, valid_to date) ON COMMIT DROP`,
    );
    await db.query(
      `CREATE TEMP TABLE jiceng_demo_move (id_number text NOT NULL, on_date date NOT NULL, from_code text NOT NULL,
         to_code text NOT NULL) ON COMMIT DROP`,
    );
    await send(
      'jiceng_demo_period',
      ['id_number', 'org_code', 'status', 'valid_from', 'valid_to'],
      periodLines,
    );
    await send(
      'jiceng_demo_move',
      ['id_number', 'on_date', 'from_code', 'to_code'],
      moves.map((mv) => copyLine([mv.idNumber, mv.on, mv.fromOrgCode, mv.toOrgCode])),
    );
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
    counts.push(
      { table: 'member_period', rows: periodLines.length },
      { table: 'member_event', rows: moves.length },
    );
  }

  await db.query("SELECT set_config('jiceng.bulk', 'off', true)");
  if (skipRowTriggers) await db.query("SELECT set_config('session_replication_role', 'origin', true)");
  const [root] = await db.query<{ path: string }>(
    'SELECT path FROM org WHERE parent_id IS NULL ORDER BY id LIMIT 1',
  );
  await writeAudit(ctx, db, {
    action: 'bulk_insert',
    entity: 'member_event',
    entityId: null,
    orgPath: root?.path ?? null,
    memberId: null,
    after: {
      count: moves.length,
      orgChanges: changes.length,
      members: new Set(moves.map((mv) => mv.idNumber)).size,
      tables: counts,
      sha256: digest.digest('hex'),
      source: 'demo',
    },
  });
}

/** As bulk.ts decides it: a superuser (PGlite) or (PostgreSQL 15+) a role granted SET on session_replication_role. */
async function maySkipRowTriggers(db: Db): Promise<boolean> {
  const [r] = await db.query<{ su: string; v: number }>(
    "SELECT current_setting('is_superuser') AS su, current_setting('server_version_num')::int AS v",
  );
  if (!r) return false;
  if (r.su === 'on') return true;
  if (r.v < 150000) return false;
  const [p] = await db.query<{ ok: boolean }>(
    "SELECT has_parameter_privilege('session_replication_role', 'SET') AS ok",
  );
  return p?.ok === true;
}
