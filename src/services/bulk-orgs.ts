/**
 * The org half of the bulk path (imports and the demo load): org rows applied in dependency order, with the same
 * rules as a single org write. Shared pieces (COPY with one audit entry per chunk, ids, rejections) are in bulk.ts.
 */
import { copyLine } from '../db/client.js';
import type { OrgCreate } from '../shared/schemas.js';
import { ERROR_CODES } from '../shared/errors.js';
import { countRoots, orgById, orgsByCodes, type OrgRow } from '../db/repositories/orgs.js';
import { ORG_VERSION, periodCopyColumns } from '../db/intervals.js';
import { applyDelta } from '../db/repositories/stats.js';
import { StatDelta, orgKeys, pathIds } from '../domain/stats/keys.js';
import { mayContain } from '../domain/org/rules.js';
import { actorId, mayWrite, scopePath } from '../domain/access/policy.js';
import { RECORDS_BEGIN, moveOrgIn, orgCodeTaken, updateOrgIn } from './orgs.js';
import type { IsoDate } from '../shared/dates.js';
import { bulkCopy, errorRejection, nextIds, reject, type BulkRun, type Rows } from './bulk.js';

/**
 * Applies org rows. Parents may come later in the file than their children; a row whose parent is neither in the
 * database (in scope) nor a valid row of the file is rejected, and so is everything below a rejected row.
 */
export async function applyOrgRows(
  run: BulkRun,
  rows: readonly Rows<OrgCreate & { electedOn?: IsoDate | null }>[],
): Promise<void> {
  const { ctx, db, tally: result, columnOf: col } = run;
  const scope = scopePath(ctx.actor);
  const byCode = new Map<string, Rows<OrgCreate & { electedOn?: IsoDate | null }>>();
  for (const r of rows) byCode.set(r.value.code, r);
  const existing = new Map<string, OrgRow>();
  const codes = [
    ...new Set([...byCode.keys(), ...rows.map((r) => r.value.parentCode).filter((c): c is string => !!c)]),
  ];
  for (let i = 0; i < codes.length; i += 10_000) {
    const found = await orgsByCodes(db, codes.slice(i, i + 10_000));
    for (const o of found) existing.set(o.code, o);
  }
  // resolve in dependency order
  const state = new Map<string, 'pending' | 'ok' | 'bad'>();
  const order: Rows<OrgCreate & { electedOn?: IsoDate | null }>[] = [];
  const visit = (code: string, trail: Set<string>): boolean => {
    const s = state.get(code);
    if (s === 'ok') return true;
    if (s === 'bad') return false;
    const r = byCode.get(code)!;
    if (trail.has(code)) {
      reject(
        result,
        r.row,
        col('parentCode'),
        'ORG_CYCLE',
        '上级组织编码形成了循环（A 的上级是 B，B 的上级又是 A）',
      );
      state.set(code, 'bad');
      return false;
    }
    const p = r.value.parentCode;
    let ok = true;
    if (p) {
      if (byCode.has(p)) {
        trail.add(code);
        ok = visit(p, trail);
        trail.delete(code);
        // (a row of a cycle was rejected as such already: not again as depending on its parent)
        if (!ok && state.get(code) !== 'bad')
          reject(
            result,
            r.row,
            col('parentCode'),
            'ORG_PARENT_REJECTED',
            `上级组织 ${p} 所在的行有问题，本行暂不能导入`,
          );
      } else {
        const po = existing.get(p);
        if ((!po || !po.path.startsWith(scope)) && run.rejectedKeys.has(p)) {
          // the parent's own row is in the file but was rejected: this row depends on it
          reject(
            result,
            r.row,
            col('parentCode'),
            'ORG_PARENT_REJECTED',
            `上级组织 ${p} 所在的行有问题，本行暂不能导入`,
          );
          ok = false;
        } else if (!po || !po.path.startsWith(scope)) {
          reject(
            result,
            r.row,
            col('parentCode'),
            'ORG_PARENT_INVALID',
            `上级组织编码 ${p} 在系统和本文件中都不存在`,
          );
          ok = false;
        } else if (po.status !== 'active') {
          reject(result, r.row, col('parentCode'), 'ORG_PARENT_INVALID', `上级组织 ${po.name} 已撤销`);
          ok = false;
        }
      }
    }
    state.set(code, ok ? 'ok' : 'bad');
    if (ok) order.push(r);
    return ok;
  };
  for (const code of byCode.keys()) visit(code, new Set());

  const delta = new StatDelta();
  const fresh: {
    r: Rows<OrgCreate & { electedOn?: IsoDate | null }>;
    id: number;
    path: string;
    parentId: number | null;
    validFrom: IsoDate;
  }[] = [];
  const newIds = await nextIds(db, 'org_id_seq', order.filter((r) => !existing.has(r.value.code)).length);
  const created = new Map<string, { id: number; path: string; kind: OrgCreate['kind'] }>();
  let roots = await countRoots(db);
  for (const r of order) {
    const v = r.value;
    const cur = existing.get(v.code);
    const parent = v.parentCode ? (created.get(v.parentCode) ?? existing.get(v.parentCode)) : null;
    if (cur) {
      if (!cur.path.startsWith(scope)) {
        // the same words as for a single creation, naming nothing outside the scope (decision 0005)
        reject(result, r.row, col('code'), 'ORG_CODE_TAKEN', orgCodeTaken(ctx, v.code, cur).message);
        continue;
      }
      try {
        let changed = await updateOrgIn(ctx, db, cur, {
          name: v.name,
          shortName: v.shortName ?? null,
          kind: v.kind,
          sector: v.sector,
          divisionCode: v.divisionCode ?? null,
          foundedOn: v.foundedOn ?? cur.foundedOn,
          address: v.address ?? null,
          contactPhone: v.contactPhone ?? null,
        });
        if (v.parentCode && parent && parent.id !== cur.parentId) {
          const fresh = (await orgById(db, cur.id, '/'))!;
          changed = (await moveOrgIn(ctx, db, fresh, v.parentCode)) || changed;
        }
        if (changed) result.updated++;
        else result.unchanged++;
      } catch (e) {
        result.reject(errorRejection(e, r.row, col('code')));
      }
      continue;
    }
    if (!parent) {
      if (roots > 0) {
        reject(result, r.row, col('parentCode'), 'ORG_ROOT_EXISTS', ERROR_CODES.ORG_ROOT_EXISTS.zh);
        continue;
      }
      if (ctx.actor.kind !== 'system' && ctx.actor.role !== 'county_admin') {
        reject(result, r.row, col('parentCode'), 'FORBIDDEN', '只有组织部管理员可以建立根组织');
        continue;
      }
      roots++;
    } else {
      if (!mayContain(parent.kind, v.kind)) {
        reject(result, r.row, col('kind'), 'ORG_KIND_NOT_ALLOWED', ERROR_CODES.ORG_KIND_NOT_ALLOWED.zh);
        continue;
      }
      if (!mayWrite(ctx.actor, parent.path)) {
        reject(result, r.row, col('parentCode'), 'FORBIDDEN', '上级组织不在您的管理范围内');
        continue;
      }
    }
    const id = newIds[fresh.length]!;
    const path = `${parent?.path ?? '/'}${id}/`;
    created.set(v.code, { id, path, kind: v.kind });
    fresh.push({ r, id, path, parentId: parent?.id ?? null, validFrom: v.foundedOn ?? RECORDS_BEGIN });
    delta.add(pathIds(path), orgKeys({ ...v, status: 'active' }), 1);
  }
  // parents before children (order is topological), so the FK holds row by row inside COPY
  const who = actorId(ctx.actor);
  await bulkCopy(
    ctx,
    db,
    'org',
    [
      {
        table: 'org',
        columns: [
          'id',
          'code',
          'name',
          'short_name',
          'kind',
          'sector',
          'parent_id',
          'path',
          'depth',
          'division_code',
          'founded_on',
          'address',
          'contact_phone',
        ],
        lines: fresh.map((f) => {
          const v = f.r.value;
          return copyLine([
            f.id,
            v.code,
            v.name,
            v.shortName ?? null,
            v.kind,
            v.sector,
            f.parentId,
            f.path,
            f.path.split('/').length - 3,
            v.divisionCode ?? null,
            v.foundedOn ?? null,
            v.address ?? null,
            v.contactPhone ?? null,
          ]);
        }),
      },
      {
        table: 'org_version',
        columns: periodCopyColumns(ORG_VERSION),
        lines: fresh.map((f) =>
          copyLine([f.id, f.parentId, f.r.value.name, f.r.value.kind, f.r.value.sector, f.validFrom, null]),
        ),
      },
      {
        table: 'org_event',
        columns: ['org_id', 'kind', 'effective_on', 'data', 'recorded_by'],
        lines: fresh.map((f) =>
          copyLine([
            f.id,
            'founded',
            f.validFrom,
            { name: f.r.value.name, parentCode: f.r.value.parentCode ?? null, source: 'import' },
            who,
          ]),
        ),
      },
    ],
    { ids: fresh.map((f) => f.id), paths: fresh.map((f) => f.path), source: run.source },
  );
  const terms = fresh.filter((f) => f.r.value.electedOn);
  if (terms.length) {
    const { defaultTermYears, termEndsOn } = await import('../domain/org/rules.js');
    const lines: string[] = [];
    for (const f of terms) {
      // kinds without a statutory term (临时党支部) record no term
      const years = defaultTermYears(f.r.value.kind, f.r.value.sector, f.r.value.electedOn!);
      if (years === null) continue;
      lines.push(copyLine([f.id, f.r.value.electedOn, years, termEndsOn(f.r.value.electedOn!, years)]));
    }
    if (lines.length)
      await db.copyIn('org_term', ['org_id', 'elected_on', 'term_years', 'term_ends_on'], lines);
    // (audited by the per-row trigger: terms are few)
  }
  if (fresh.length) await db.query("SELECT setval('org_id_seq', greatest((SELECT max(id) FROM org), 1))");
  result.inserted += fresh.length;
  await applyDelta(db, delta);
}

// ------------------------------------------------------------------------------------------------------ members
