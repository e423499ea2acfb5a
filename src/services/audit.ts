/**
 * The tamper-evident audit log: writing application events, verifying the chain (and its anchored head, see
 * audit-anchor.ts), browsing within scope.
 */
import type { Db } from '../db/client.js';
import type { Ctx } from './context.js';
import { actorId, can, deployment, memberResource, orgResource } from '../domain/access/policy.js';
import { scopes } from './access.js';
import { maskIdNumber, maskPhone } from '../shared/id-number.js';
import { AppError } from '../shared/errors.js';
import {
  auditColumn,
  auditColumns,
  entityLabel,
  ROW_AUDITED_TABLES,
  sensitiveFields,
  tableSpec,
  type SensitiveKind,
} from '../db/tables.js';
import type { Page } from '../shared/schemas.js';
import { requireOrg } from './orgs.js';
import { auditPage, countAudit, insertAuditEntry, type AuditFilter } from '../db/repositories/audit.js';
import { anchorAuthentic, GENESIS_HASH, walkChain, type AuditAnchorStore } from './audit-anchor.js';

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
  await insertAuditEntry(db, {
    actorId: who.actorId,
    actorLabel: who.label,
    ip: who.origin ?? null,
    action: e.action,
    entity: e.entity,
    entityId: e.entityId,
    orgPath: e.orgPath,
    memberId: e.memberId,
    before: e.before === undefined ? null : JSON.stringify(e.before),
    after: e.after === undefined ? null : JSON.stringify(e.after),
  });
}

export type AuditBreakReason =
  /** an entry's content does not match its hash */
  | 'hash_mismatch'
  /** an entry does not continue the one before it (deleted, inserted or swapped entries) */
  | 'chain_broken'
  | 'order'
  /** the anchor file's MAC is wrong: it was written without the key (or the key was replaced) */
  | 'anchor_forged'
  /** the anchored entry is gone or fewer entries lead up to it: the log's end was deleted or emptied */
  | 'tail_deleted'
  /** the anchored entry has another hash: the chain up to it was rewritten and recomputed */
  | 'rewritten';

export interface VerifyResult {
  ok: boolean;
  entries: number;
  /** hash of the last entry */
  head: string | null;
  firstBroken: { id: number; reason: AuditBreakReason } | null;
  /** whether an anchor of the head was found and checked; without one, a deleted tail or a recomputed chain
   * cannot be told */
  anchored: boolean;
  anchor: { id: number; entries: number; at: string } | null;
  /** entries after the anchored one (not covered by the anchor yet) */
  unanchored: number;
}

/**
 * Recomputes every entry's hash in order and reports the first entry that does not fit the chain; with an anchor
 * store, also checks that the anchored head is authentic and still where the anchor says, unchanged.
 */
export async function verifyAudit(db: Db, store?: AuditAnchorStore): Promise<VerifyResult> {
  const anchor = store ? await store.read() : null;
  const walk = await walkChain(db, undefined, anchor?.id);
  const result: VerifyResult = {
    ok: true,
    entries: walk.entries,
    head: walk.head?.hash ?? null,
    firstBroken: null,
    anchored: anchor !== null,
    anchor: anchor && { id: anchor.id, entries: anchor.entries, at: anchor.at },
    unanchored: walk.entries - (anchor ? walk.upToWatch : 0),
  };
  const fail = (id: number, reason: AuditBreakReason): VerifyResult => ({
    ...result,
    ok: false,
    head: null,
    firstBroken: { id, reason },
  });
  if (walk.broken) return fail(walk.broken.id, walk.broken.reason);
  if (!anchor || !store) return result;
  if (!anchorAuthentic(await store.key(false), anchor)) return fail(anchor.id, 'anchor_forged');
  const atAnchor = anchor.id === 0 ? { hash: GENESIS_HASH } : walk.watched;
  if (!atAnchor || walk.upToWatch < anchor.entries) return fail(anchor.id, 'tail_deleted');
  if (atAnchor.hash !== anchor.hash || walk.upToWatch > anchor.entries) return fail(anchor.id, 'rewritten');
  return result;
}

const MASKS: Record<SensitiveKind, (v: string) => string> = {
  idNumber: maskIdNumber,
  phone: maskPhone,
  address: (v) => (v.length <= 6 ? `${v.slice(0, 2)}****` : `${v.slice(0, 6)}****`),
};

/** Entries the row trigger wrote: their before/after are rows of the entry's table. */
const ROW_ACTIONS = new Set(['insert', 'update', 'delete']);

/** Sensitive column names over all audited tables, for columns an entry has and the registry no longer knows. */
const SENSITIVE_COLUMNS = new Map<string, SensitiveKind>();
for (const t of ROW_AUDITED_TABLES) {
  for (const [column, what] of auditColumns(t))
    if (what?.sensitive) SENSITIVE_COLUMNS.set(column, what.sensitive);
}

function mask(kind: SensitiveKind | null | undefined, v: unknown): unknown {
  return kind && typeof v === 'string' ? MASKS[kind](v) : v;
}

/**
 * An entry's before/after as the API shows it. A row written by the audit trigger gets the domain field names of
 * the table registry, without its bookkeeping columns, the sensitive fields masked; a column the registry does
 * not know (one dropped or renamed since the entry was written) keeps its name and is masked if a sensitive
 * column of any table has that name. An application event's payload keeps its keys, the entity's sensitive
 * fields masked.
 */
function presentPayload(entity: string, action: string, v: unknown): unknown {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return v;
  const out: Record<string, unknown> = {};
  const row = ROW_ACTIONS.has(action) && tableSpec(entity)?.audit.mode === 'row';
  const sensitive = sensitiveFields(entity);
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
    if (!row) {
      out[k] = mask(sensitive.get(k), x);
      continue;
    }
    const col = auditColumn(entity, k);
    if (col === null) continue;
    if (col === undefined) out[k] = mask(SENSITIVE_COLUMNS.get(k), x);
    else out[col.field] = mask(col.sensitive, x);
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
  /** the entity's Chinese name (table registry) */
  entityLabel: string;
  entityId: string | null;
  memberId: number | null;
  /** the org the entry concerns (by its org path), null for entries of the whole deployment */
  orgName: string | null;
  /** for row changes: the record with domain field names, bookkeeping left out, sensitive values masked */
  before: unknown;
  after: unknown;
}

/**
 * History within the actor's scope, for an org's subtree or one member; rows under their domain field names,
 * sensitive values masked.
 */
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
  // the history of one org's subtree, if the policy lets the actor browse it; without an org, of every subtree it
  // may browse: its binding's and each granted one (decision 0010)
  const paths = q.orgCode ? [(await requireOrg(ctx, ctx.db, q.orgCode)).path] : scopes(ctx, 'audit.read');
  if (!paths.length || !paths.every((p) => can(ctx.actor, 'audit.read', orgResource(p))))
    throw new AppError('FORBIDDEN');
  // what concerns no org (a person without a membership, a failed sign-in of an unknown username): with the whole
  // history only — to a deployment-wide reader all of it (decision 0011), to a root-bound administrator the failed
  // sign-ins (docs/security.md: administrators see every failed sign-in with its reason; an administrator is who
  // manages the deployment's settings — an officer bound at the root is not: a typed username may be a mistyped
  // password)
  const whole = !q.orgCode && !q.memberId;
  // (an entry with no org: a member resource whose path is null, which the policy gives to deployment-wide bindings)
  const noOrg = memberResource({ id: 0, orgPath: null });
  const orgless = !whole
    ? undefined
    : can(ctx.actor, 'audit.read', noOrg)
      ? 'all'
      : can(ctx.actor, 'audit.read', deployment) && can(ctx.actor, 'settings.manage', deployment)
        ? 'sign-ins'
        : undefined;
  const filter: AuditFilter = {
    paths,
    memberId: q.memberId,
    orgless,
    ...(q.actor === 'me' ? { actor: { id: actorId(ctx.actor) } } : {}),
  };
  const total = await countAudit(ctx.db, filter);
  const rows = await auditPage(ctx.db, filter, q.page, q.pageSize);
  return {
    total,
    page: q.page,
    pageSize: q.pageSize,
    items: rows.map((r) => ({
      ...r,
      entityLabel: entityLabel(r.entity),
      before: presentPayload(r.entity, r.action, r.before),
      after: presentPayload(r.entity, r.action, r.after),
    })),
  };
}
