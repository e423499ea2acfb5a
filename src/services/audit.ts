/** The tamper-evident audit log: writing application events, verifying the chain, browsing within scope. */
import { createHash } from 'node:crypto';
import type { Db } from '../db/client.js';
import type { Ctx } from './context.js';
import { actorId, scopePath } from '../domain/access/policy.js';
import { maskIdNumber, maskPhone } from '../shared/id-number.js';
import { AppError } from '../shared/errors.js';
import type { Page } from '../shared/schemas.js';
import { requireOrg } from './orgs.js';

export interface AuditEntryInput {
  action: string;
  entity: string;
  entityId: string | null;
  orgPath: string | null;
  memberId: number | null;
  before?: unknown;
  after?: unknown;
}

export function actorLabel(ctx: Ctx): string {
  return ctx.actor.kind === 'user' ? ctx.actor.username : `system:${ctx.actor.label}`;
}

/** Who an entry is written for when there is no actor's context (sign-in attempts: `anonymous`, or the account). */
export interface AuditAuthor {
  actorId: number | null;
  label: string;
  origin?: string | null;
}

/** Appends an application event (login, sensitive read, bulk write) to the chain. */
export async function writeAudit(by: Ctx | AuditAuthor, db: Db, e: AuditEntryInput): Promise<void> {
  const who: AuditAuthor =
    'actor' in by ? { actorId: actorId(by.actor), label: actorLabel(by), origin: by.origin } : by;
  await db.query(
    `INSERT INTO audit_log (actor_id, actor_label, ip, action, entity, entity_id, org_path, member_id, before, after,
                            prev_hash, hash)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,'','')`,
    [
      who.actorId,
      who.label,
      who.origin ?? null,
      e.action,
      e.entity,
      e.entityId,
      e.orgPath,
      e.memberId,
      e.before === undefined ? null : JSON.stringify(e.before),
      e.after === undefined ? null : JSON.stringify(e.after),
    ],
  );
}

export interface VerifyResult {
  ok: boolean;
  entries: number;
  /** hash of the last entry: write it down elsewhere to anchor the chain */
  head: string | null;
  firstBroken: { id: number; reason: 'hash_mismatch' | 'chain_broken' | 'order' } | null;
}

/** Recomputes every entry's hash in order; reports the first entry that does not fit the chain. */
export async function verifyAudit(db: Db): Promise<VerifyResult> {
  let prev = '0'.repeat(64);
  let lastId = 0;
  let entries = 0;
  for (;;) {
    const rows = await db.query<{ id: number; prev_hash: string; hash: string; payload: string }>(
      `SELECT id, prev_hash, hash, jiceng_audit_payload(a) AS payload FROM audit_log a
        WHERE id > $1 ORDER BY id LIMIT 5000`,
      [lastId],
    );
    for (const r of rows) {
      entries++;
      if (r.prev_hash !== prev)
        return { ok: false, entries, head: null, firstBroken: { id: r.id, reason: 'chain_broken' } };
      const h = createHash('sha256').update(`${r.prev_hash}|${r.payload}`, 'utf8').digest('hex');
      if (h !== r.hash)
        return { ok: false, entries, head: null, firstBroken: { id: r.id, reason: 'hash_mismatch' } };
      prev = r.hash;
      lastId = r.id;
    }
    if (rows.length < 5000) break;
  }
  return { ok: true, entries, head: entries ? prev : null, firstBroken: null };
}

const SENSITIVE_KEYS: Record<string, (v: string) => string> = {
  id_number: maskIdNumber,
  phone: maskPhone,
  contact_phone: (v) => v,
  address: (v) => (v.length <= 6 ? `${v.slice(0, 2)}****` : `${v.slice(0, 6)}****`),
};

function maskJson(v: unknown): unknown {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return v;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
    const mask = SENSITIVE_KEYS[k];
    out[k] = mask && typeof x === 'string' ? mask(x) : x;
  }
  return out;
}

export interface AuditView {
  id: number;
  at: string;
  actorLabel: string;
  ip: string | null;
  action: string;
  entity: string;
  entityId: string | null;
  memberId: number | null;
  before: unknown;
  after: unknown;
}

/** History within the actor's scope, for an org's subtree or one member; sensitive values masked. */
export async function listAudit(
  ctx: Ctx,
  q: {
    orgCode?: string | undefined;
    memberId?: number | undefined;
    actor?: 'me' | undefined;
    page: number;
    pageSize: number;
  },
): Promise<Page<AuditView>> {
  if (ctx.actor.kind === 'user' && (ctx.actor.role === 'member' || ctx.actor.role === 'viewer'))
    throw new AppError('FORBIDDEN');
  let path = scopePath(ctx.actor);
  if (q.orgCode) path = (await requireOrg(ctx, ctx.db, q.orgCode)).path;
  const where = [`a.org_path LIKE $1 || '%'`];
  const params: unknown[] = [path];
  if (q.memberId) {
    params.push(q.memberId);
    where.push(`a.member_id = $${params.length}`);
  }
  if (q.actor === 'me') {
    params.push(actorId(ctx.actor));
    where.push(`a.actor_id = $${params.length}`);
  }
  const w = where.join(' AND ');
  const [c] = await ctx.db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM audit_log a WHERE ${w}`,
    params,
  );
  const rows = await ctx.db.query<AuditView>(
    `SELECT a.id, a.at::text AS at, a.actor_label AS "actorLabel", a.ip, a.action, a.entity, a.entity_id AS "entityId",
            a.member_id AS "memberId", a.before, a.after
       FROM audit_log a WHERE ${w} ORDER BY a.id DESC LIMIT ${q.pageSize} OFFSET ${(q.page - 1) * q.pageSize}`,
    params,
  );
  return {
    total: c?.n ?? 0,
    page: q.page,
    pageSize: q.pageSize,
    items: rows.map((r) => ({ ...r, before: maskJson(r.before), after: maskJson(r.after) })),
  };
}
