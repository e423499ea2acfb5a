/**
 * The org half of the bulk path (imports and the demo load): org rows applied in dependency order, with the same
 * rules as a single org write — the plan/check functions of domain/org/write.ts, with the same messages — and
 * written through the same write path (repositories/orgs.ts writeNewOrgs: COPY, terms, aggregates; existing orgs
 * through updateOrgIn/moveOrgIn). Shared pieces (BulkRun, COPY with one audit entry per chunk, ids) are in bulk.ts.
 */
import type { OrgCreate } from '../shared/schemas.js';
import {
  orgById,
  orgsByCodes,
  countRoots,
  writeNewOrgs,
  type NewOrgRow,
  type OrgRow,
} from '../db/repositories/orgs.js';
import {
  checkOrgCodeFree,
  checkOrgParent,
  checkOrgRoot,
  orgCycle,
  planOrgCreate,
  type OrgFacts,
  type OrgProblem,
  type ParentLookup,
} from '../domain/org/write.js';
import { actorId, inScope } from '../domain/access/policy.js';
import { RECORDS_BEGIN, moveOrgIn, updateOrgIn } from './orgs.js';
import type { IsoDate } from '../shared/dates.js';
import { bulkCopy, errorRejection, type BulkRun, type Rows } from './bulk.js';
import { nextIds } from '../db/repositories/bulk.js';

type OrgInput = OrgCreate & { electedOn?: IsoDate | null };
/** An org a row is (written in this run, or existing), as later rows see it. */
type Node = OrgFacts & { id: number };

/** Why a row of the file was not written: its row, its first problem, and for a dependent row its root cause. */
interface Failed {
  row: number;
  reason: string;
  /** the row that started it, when this row failed only because its parent's row did */
  root?: { row: number; reason: string };
}

/**
 * Applies org rows. Parents may come later in the file than their children; each row is checked after its
 * parent's row. A row whose parent's row could not be written — rejected while read (run.rejectedKeys) or here —
 * is rejected as depending on it (ORG_PARENT_REJECTED), naming that row and why; a parent neither in the database
 * (in scope) nor in the file is ORG_PARENT_INVALID. Returns the division codes of the orgs written with one and
 * of the orgs re-coded (before and after): the coverage warnings that may change with them (decision 0039).
 */
export async function applyOrgRows(run: BulkRun, rows: readonly Rows<OrgInput>[]): Promise<string[]> {
  const { ctx, db, tally, columnOf: col } = run;
  const actor = ctx.actor;
  const reject = (row: number, p: OrgProblem) =>
    tally.reject({ row, column: col(p.field), code: p.code, message: p.message });

  const byCode = new Map<string, Rows<OrgInput>>();
  for (const r of rows) byCode.set(r.value.code, r);
  const existing = new Map<string, OrgRow>();
  const codes = [
    ...new Set([...byCode.keys(), ...rows.map((r) => r.value.parentCode).filter((c): c is string => !!c)]),
  ];
  for (let i = 0; i < codes.length; i += 10_000) {
    const found = await orgsByCodes(db, codes.slice(i, i + 10_000));
    for (const o of found) existing.set(o.code, o);
  }
  const newIds = await nextIds(db, 'org_id_seq', rows.filter((r) => !existing.has(r.value.code)).length);
  let nextId = 0;
  let roots = await countRoots(db);

  /** Rows done: the org they are (written now, or existing), or why they failed. */
  const done = new Map<string, Node | Failed>();
  const fresh: NewOrgRow[] = [];
  /** division codes of the orgs created or re-coded (the coverage they may change) */
  const divisionCodes = new Set<string>();
  const fail = (code: string, row: number, p: OrgProblem, root?: Failed['root']): false => {
    reject(row, p);
    done.set(code, { row, reason: p.message, ...(root ? { root } : {}) });
    return false;
  };
  const isFailed = (d: unknown): d is Failed => !!d && !('path' in (d as object));

  /** The parent a row names, as the rules see it. */
  const parentOf = (p: string): ParentLookup & { found?: Node } => {
    if (byCode.has(p)) {
      const d = done.get(p)!;
      if (isFailed(d))
        return { rejected: { row: d.row, reason: d.reason, ...(d.root ? { dependent: d.root } : {}) } };
      return { found: d };
    }
    const o = existing.get(p);
    if (o && inScope(actor, o.path)) return { found: o };
    const earlier = run.rejectedKeys.get(p);
    if (earlier) return { rejected: earlier };
    return { missing: true };
  };

  const visit = async (code: string, trail: Set<string>): Promise<boolean> => {
    const d = done.get(code);
    if (d) return !isFailed(d);
    const r = byCode.get(code)!;
    const v = r.value;
    if (trail.has(code)) return fail(code, r.row, orgCycle());
    const p = v.parentCode ?? null;
    if (p && byCode.has(p)) {
      trail.add(code);
      await visit(p, trail);
      trail.delete(code);
      // a row of a cycle was rejected as such already: not again as depending on its parent
      if (done.has(code)) return !isFailed(done.get(code));
    }
    const parent = p ? parentOf(p) : null;
    if (parent && 'rejected' in parent) {
      const problem = checkOrgParent(actor, v, p!, parent, 'file')!;
      const root = parent.rejected.dependent ?? { row: parent.rejected.row, reason: parent.rejected.reason };
      return fail(code, r.row, problem, root);
    }
    const cur = existing.get(code);
    if (cur) return update(code, r, cur, parent);
    const planned = planOrgCreate(v, run.today, RECORDS_BEGIN);
    if ('problems' in planned) {
      for (const q of planned.problems.slice(1)) reject(r.row, q);
      return fail(code, r.row, planned.problems[0]!);
    }
    const problem = parent ? checkOrgParent(actor, v, p!, parent, 'file') : checkOrgRoot(actor, roots);
    if (problem) return fail(code, r.row, problem);
    if (!parent) roots++;
    const up = parent?.found ?? null;
    const id = newIds[nextId++]!;
    const path = `${up?.path ?? '/'}${id}/`;
    const { plan } = planned;
    fresh.push({
      id,
      path,
      parentId: up?.id ?? null,
      validFrom: plan.validFrom,
      code,
      name: v.name,
      shortName: v.shortName ?? null,
      kind: v.kind,
      sector: plan.sector,
      nameKeys: plan.nameKeys,
      parentCode: p,
      divisionCode: v.divisionCode ?? null,
      foundedOn: v.foundedOn ?? null,
      address: v.address ?? null,
      contactPhone: v.contactPhone ?? null,
      term: plan.term,
    });
    done.set(code, { id, code, name: v.name, kind: v.kind, path, status: 'active' });
    return true;
  };

  /** A row of an org that exists: corrected (and moved) through the single write's use cases. */
  const update = async (
    code: string,
    r: Rows<OrgInput>,
    cur: OrgRow,
    parent: { found?: Node } | null,
  ): Promise<boolean> => {
    const v = r.value;
    const taken = inScope(actor, cur.path) ? null : checkOrgCodeFree(actor, code, cur);
    if (taken) return fail(code, r.row, taken);
    let now = cur;
    try {
      let changed = await updateOrgIn(ctx, db, cur, {
        name: v.name,
        shortName: v.shortName ?? null,
        kind: v.kind,
        ...(v.sector ? { sector: v.sector } : {}),
        divisionCode: v.divisionCode ?? null,
        foundedOn: v.foundedOn ?? cur.foundedOn,
        address: v.address ?? null,
        contactPhone: v.contactPhone ?? null,
      });
      now = (await orgById(db, cur.id, '/'))!;
      if (now.divisionCode !== cur.divisionCode)
        for (const c of [cur.divisionCode, now.divisionCode]) if (c) divisionCodes.add(c);
      const up = parent?.found;
      if (v.parentCode && up && up.id !== cur.parentId) {
        changed = (await moveOrgIn(ctx, db, now, v.parentCode)) || changed;
        now = (await orgById(db, cur.id, '/'))!;
      }
      if (changed) tally.updated++;
      else tally.unchanged++;
    } catch (e) {
      tally.reject(errorRejection(e, r.row, col('code')));
    }
    // it exists either way: rows under it are written under it as it now stands
    done.set(code, now);
    return true;
  };

  for (const code of byCode.keys()) await visit(code, new Set());

  // parents before children (the visit wrote a row after its parent), so the FK holds row by row inside COPY
  await writeNewOrgs(db, run.stats, fresh, { recordedBy: actorId(actor), source: 'import' }, (writes) =>
    bulkCopy(ctx, db, 'org', writes, {
      ids: fresh.map((f) => f.id),
      paths: fresh.map((f) => f.path),
      source: run.source,
    }),
  );
  tally.inserted += fresh.length;
  for (const f of fresh) if (f.divisionCode) divisionCodes.add(f.divisionCode);
  return [...divisionCodes];
}
