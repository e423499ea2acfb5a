/**
 * The compliance heat map (issue 11 item 10, decision 0024): for one kind and one calendar year, every org of a
 * subtree that owed the kind, with each period held, missing, still running (pending) or not owed; filterable by
 * township (an org directly under the map's org); exportable to .xlsx with the same figures. Today's figures of
 * the running and the previous year come from the maintained rollup; other years are computed from the records.
 * Reading needs `read` on the org; orgs the actor may not read are left out. No ranking (burden-reduction rules):
 * rows are in tree order.
 */
import { AppError } from '../shared/errors.js';
import { MEETING_KINDS } from '../shared/codes.js';
import type { ComplianceMap, ComplianceMapQuery } from '../shared/schemas.js';
import { ymd } from '../shared/dates.js';
import type { Ctx } from './context.js';
import { requireOrg } from './orgs.js';
import { readsOrg } from './access.js';
import { subtreeLife } from './meetings.js';
import { judgedFromRollup, type OrgJudged } from './life-rollup.js';
import { childrenOf } from '../db/repositories/orgs.js';
import { orgPeriodStates } from '../domain/meetings/compliance.js';
import { pathIds } from '../domain/stats/keys.js';
import { rulesAt } from '../policy/rules.js';
import { writeXlsx, type XlsxTarget } from '../io/write-xlsx.js';

const UNIT_ORDER = { month: 0, quarter: 1, year: 2 } as const;

export async function getComplianceMap(
  ctx: Ctx,
  orgCode: string,
  q: ComplianceMapQuery,
): Promise<ComplianceMap> {
  const today = ctx.clock.today();
  const year = q.year;
  if (ymd(year, 1, 1) > today)
    throw new AppError('VALIDATION_FAILED', '年份不能晚于今年', [
      { field: 'year', code: 'invalid', message: '年份不能晚于今年' },
    ]);
  const o = await requireOrg(ctx, ctx.db, orgCode);
  let within: string | null = null;
  if (q.within) {
    const w = await requireOrg(ctx, ctx.db, q.within);
    if (!w.path.startsWith(o.path) || w.id === o.id)
      throw new AppError('VALIDATION_FAILED', '所选乡镇不在本组织之下', [
        { field: 'within', code: 'invalid', message: '所选乡镇不在本组织之下' },
      ]);
    within = w.path;
  }
  const from = ymd(year, 1, 1);
  const to = ymd(year, 12, 31);
  let source: 'rollup' | 'live' = 'rollup';
  let orgs: OrgJudged[] | null = await judgedFromRollup(ctx.db, o.path, from, to, today);
  if (!orgs) {
    source = 'live';
    const last = to < today ? to : today;
    const { facts, settingsAt } = await subtreeLife(ctx, o.id, from, last);
    orgs = facts.map((f) => ({
      orgId: f.orgId,
      code: f.code,
      name: f.name,
      path: f.path,
      judged: orgPeriodStates(f, { from, to, asOf: today, rulesAt, settingsAt }),
    }));
  }
  const depth = pathIds(o.path).length;
  const children = new Map(
    (await childrenOf(ctx.db, o.id, true)).map((c) => [c.id, { code: c.code, name: c.name }]),
  );
  // the columns: every period of the kind anyone owed, months before quarters before the year
  const periods = new Map<string, number>();
  const kept = orgs
    .filter((f) => readsOrg(ctx, f.path))
    .map((f) => ({ ...f, judged: f.judged.filter((j) => j.type === q.kind) }))
    .filter((f) => f.judged.length > 0);
  for (const f of kept)
    for (const j of f.judged)
      periods.set(j.period.key, UNIT_ORDER[j.period.unit] * 100 + periodIndex(j.period.key));
  const columns = [...periods].sort((a, b) => a[1] - b[1]).map(([k]) => k);
  const col = new Map(columns.map((k, i) => [k, i]));
  // the org directly under the map's org a row lies in; none for the map's org and the orgs directly under it
  const townshipOf = (path: string) => {
    const ids = pathIds(path);
    const id = ids[depth];
    return id === undefined || ids.length === depth + 1 ? null : (children.get(id)?.code ?? null);
  };
  const used = new Set<string>();
  const rows: ComplianceMap['rows'] = [];
  for (const f of kept) {
    const township = townshipOf(f.path);
    if (township) used.add(township);
    if (within && !f.path.startsWith(within)) continue;
    const cells: ComplianceMap['rows'][number]['cells'] = columns.map(() => null);
    let expected = 0;
    let held = 0;
    const missing: string[] = [];
    for (const j of f.judged) {
      cells[col.get(j.period.key)!] = j.state;
      if (j.state !== 'pending') expected++;
      if (j.state === 'held') held++;
      if (j.state === 'missing') missing.push(j.period.key);
    }
    rows.push({ code: f.code, name: f.name, township, cells, expected, held, missing });
  }
  const totals = { orgs: rows.length, expected: 0, held: 0, missing: 0, pending: 0 };
  for (const r of rows) {
    totals.expected += r.expected;
    totals.held += r.held;
    totals.missing += r.missing.length;
    totals.pending += r.cells.filter((c) => c === 'pending').length;
  }
  return {
    org: o.code,
    orgName: o.name,
    asOf: today,
    year,
    kind: q.kind,
    within: q.within ?? null,
    source,
    periods: columns,
    townships: [...children.values()].filter((c) => used.has(c.code)),
    totals,
    rows,
  };
}

/** `2026-03` → 3, `2026-Q2` → 2, `2026` → 0 (the order within a unit). */
function periodIndex(key: string): number {
  if (key.length === 4) return 0;
  return key[5] === 'Q' ? Number(key.slice(6)) : Number(key.slice(5, 7));
}

/** A period's column header in Chinese: 3月, 第二季度, 全年. */
export function periodZh(key: string): string {
  if (key.length === 4) return '全年';
  if (key[5] === 'Q') return `第${'一二三四'[Number(key.slice(6)) - 1]}季度`;
  return `${Number(key.slice(5, 7))}月`;
}

const STATE_ZH = { held: '已开', missing: '未开', pending: '进行中' } as const;

/** The map as a workbook: one row per org, one column per period, and the figures of the page. */
export async function complianceMapXlsx(
  ctx: Ctx,
  orgCode: string,
  q: ComplianceMapQuery,
  target: XlsxTarget,
): Promise<ComplianceMap> {
  const map = await getComplianceMap(ctx, orgCode, q);
  const kindZh =
    q.kind === 'heart_talk' ? '谈心谈话' : (MEETING_KINDS.find((k) => k.code === q.kind)?.zh ?? q.kind);
  const township = new Map(map.townships.map((t) => [t.code, t.name]));
  await writeXlsx(
    target,
    {
      name: '组织生活落实情况',
      title: `${map.orgName}${map.within ? `（${township.get(map.within) ?? map.within}）` : ''} ${map.year}年${kindZh}落实情况（截至${map.asOf}）`,
      columns: [
        { header: '组织编码', key: 'code', width: 14 },
        { header: '党组织', key: 'name', width: 28 },
        { header: '所属乡镇（下级组织）', key: 'township', width: 24 },
        ...map.periods.map((p, i) => ({ header: periodZh(p), key: `p${i}`, width: 8 })),
        { header: '应开', key: 'expected', kind: 'number' as const, width: 6 },
        { header: '已开', key: 'held', kind: 'number' as const, width: 6 },
        { header: '未开', key: 'missingCount', kind: 'number' as const, width: 6 },
        { header: '未开期次', key: 'missing', width: 30 },
      ],
    },
    (function* () {
      for (const r of map.rows)
        yield {
          code: r.code,
          name: r.name,
          township: r.township ? (township.get(r.township) ?? r.township) : map.orgName,
          ...Object.fromEntries(r.cells.map((c, i) => [`p${i}`, c ? STATE_ZH[c] : '—'])),
          expected: r.expected,
          held: r.held,
          missingCount: r.missing.length,
          missing: r.missing.map(periodZh).join('、') || '无',
        };
    })(),
  );
  return map;
}
