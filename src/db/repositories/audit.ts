/**
 * SQL for the audit log (`audit_log`): appending an application event (the chain's hashes are set by the table's
 * trigger), reading the chain in id order to verify or anchor it, and browsing entries by org path.
 */
import type { Db } from '../client.js';

/** An application event as written; before/after already JSON text (or null). */
export interface AuditInsert {
  actorId: number | null;
  actorLabel: string;
  ip: string | null;
  action: string;
  entity: string;
  entityId: string | null;
  orgPath: string | null;
  memberId: number | null;
  before: string | null;
  after: string | null;
}

export async function insertAuditEntry(db: Db, e: AuditInsert): Promise<void> {
  await db.query(
    `INSERT INTO audit_log (actor_id, actor_label, ip, action, entity, entity_id, org_path, member_id, before, after,
                            prev_hash, hash)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,'','')`,
    [e.actorId, e.actorLabel, e.ip, e.action, e.entity, e.entityId, e.orgPath, e.memberId, e.before, e.after],
  );
}

/** An entry as the chain check reads it: its hashes and the payload text its hash covers. */
export interface AuditChainRow {
  id: number;
  prev_hash: string;
  hash: string;
  payload: string;
}

/** Up to `limit` entries after id `afterId`, in id order. */
export async function auditChainAfter(db: Db, afterId: number, limit: number): Promise<AuditChainRow[]> {
  return db.query<AuditChainRow>(
    `SELECT id, prev_hash, hash, jiceng_audit_payload(a) AS payload FROM audit_log a
        WHERE id > $1 ORDER BY id LIMIT ${limit}`,
    [afterId],
  );
}

/** The last entry, with the number of entries up to it; null for an empty log. */
export async function auditHead(db: Db): Promise<{ id: number; hash: string; n: number } | null> {
  const [head] = await db.query<{ id: number; hash: string; n: number }>(
    `SELECT id, hash, (SELECT count(*)::int FROM audit_log b WHERE b.id <= a.id) AS n
         FROM audit_log a ORDER BY id DESC LIMIT 1`,
  );
  return head ?? null;
}

/** The hash of entry `id`, or null when there is none. */
export async function auditHashOf(db: Db, id: number): Promise<string | null> {
  const [row] = await db.query<{ hash: string }>('SELECT hash FROM audit_log WHERE id = $1', [id]);
  return row ? row.hash : null;
}

/** Which entries a browse shows: those of the org paths under any of `paths`, of one member, of one actor. */
export interface AuditFilter {
  paths: readonly string[];
  memberId?: number | undefined;
  /** only the entries of this actor (its id, null for none) */
  actor?: { id: number | null } | undefined;
  /**
   * entries that concern no org, besides the subtrees': `all` (a deployment-wide reader: decision 0011), or
   * `sign-ins` (the failed sign-ins of unknown usernames, for a root-bound administrator)
   */
  orgless?: 'all' | 'sign-ins' | undefined;
}

/** An entry as browsed, with the name of the org it concerns. */
export interface AuditRow {
  id: number;
  at: string;
  actorLabel: string;
  ip: string | null;
  action: string;
  entity: string;
  entityId: string | null;
  memberId: number | null;
  orgName: string | null;
  before: unknown;
  after: unknown;
}

function auditWhere(f: AuditFilter): { where: string; params: unknown[] } {
  // one prefix condition per subtree (ORed), each able to use audit_log_org_path_idx, where LIKE ANY(array) could not
  const params: unknown[] = [...f.paths];
  const subtrees = f.paths.map((_, i) => `a.org_path LIKE $${i + 1} || '%'`);
  if (f.orgless === 'all') subtrees.push('a.org_path IS NULL');
  if (f.orgless === 'sign-ins') subtrees.push(`(a.org_path IS NULL AND a.action = 'login_failed')`);
  const where = [subtrees.length ? `(${subtrees.join(' OR ')})` : 'false'];
  if (f.memberId) {
    params.push(f.memberId);
    where.push(`a.member_id = $${params.length}`);
  }
  if (f.actor) {
    params.push(f.actor.id);
    where.push(`a.actor_id = $${params.length}`);
  }
  return { where: where.join(' AND '), params };
}

export async function countAudit(db: Db, f: AuditFilter): Promise<number> {
  const { where, params } = auditWhere(f);
  const [c] = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM audit_log a WHERE ${where}`,
    params,
  );
  return c?.n ?? 0;
}

/** One page of entries, newest first. */
export async function auditPage(db: Db, f: AuditFilter, page: number, pageSize: number): Promise<AuditRow[]> {
  const { where, params } = auditWhere(f);
  return db.query<AuditRow>(
    // orgName: the org the entry concerns, so that "班子成员 · 纪检委员" says of which org (issue 10 #7)
    `SELECT a.id, a.at::text AS at, a.actor_label AS "actorLabel", a.ip, a.action, a.entity, a.entity_id AS "entityId",
            a.member_id AS "memberId", o.name AS "orgName", a.before, a.after
       FROM audit_log a LEFT JOIN org o ON o.path = a.org_path
      WHERE ${where} ORDER BY a.id DESC LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`,
    params,
  );
}
