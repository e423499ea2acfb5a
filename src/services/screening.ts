/**
 * Use cases of weak-org screening (软弱涣散排查) and rectification cases (一村一策), issue 14 items 3–4, decision
 * 0033. Township officers record dated observations, petition counts and satisfaction surveys of their villages
 * (`screening.observe`); the screening of a year suggests types from them with the evidence (types 1 and 4 from the
 * health indicators once those are evaluated — until then none is suggested, never made up); the county confirms
 * an org as weak with its types and reason (`screening.decide`), which opens its rectification case; the township
 * plans and follows the case (measures with responsible person and deadline, liaison leader, pairing unit, first
 * secretary, resident cadres, progress), the county records the acceptance decided by people — the local scheme
 * only suggests — and closes the case out, which starts the follow-up watch. The statistics table comes out of the
 * confirmations and cases. Reading needs `read` on the org.
 */
import { AppError } from '../shared/errors.js';
import { daysBetween, type IsoDate } from '../shared/dates.js';
import type {
  AcceptanceCreate,
  CaseList,
  CasePlan,
  CaseView,
  ConfirmationInput,
  MeasureCreate,
  ObservationCreate,
  OverdueMeasure,
  ObservationList,
  ObservationView,
  ProgressCreate,
  ScreeningView,
  WeakTypeView,
} from '../shared/screening.js';
import {
  AcceptanceCreateSchema,
  CasePlanSchema,
  ConfirmationSchema,
  MeasureCreateSchema,
  ObservationCreateSchema,
  ProgressCreateSchema,
} from '../shared/screening.js';
import type { Ctx } from './context.js';
import type { Db } from '../db/client.js';
import {
  acceptancesOf,
  caseOfConfirmation,
  caseRowById,
  casesUnder,
  closeCaseRow,
  confirmationOf,
  confirmationsUnder,
  deleteObservationRow,
  insertAcceptance,
  insertCaseRow,
  insertConfirmation,
  insertMeasure,
  insertObservation,
  insertProgress,
  measuresOf,
  observationById,
  observationsUnder,
  progressOf,
  screenedOrgs,
  setMeasureDone,
  updateCasePlan,
  updateConfirmation,
  type CaseRow,
  type MeasureRow,
  type ObservationRow,
} from '../db/repositories/screening.js';
import { requireOrg } from './orgs.js';
import { writeWorkbook, type XlsxTarget } from '../io/write-xlsx.js';
import { allowed, readsOrg } from './access.js';
import { actorId, orgResource, type Action } from '../domain/access/policy.js';
import { WEAK_TYPES, isWeakType } from '../domain/screening/types.js';
import { countByType, ratioReference } from '../domain/screening/table.js';
import { poorGradesIn } from '../db/repositories/reviews.js';
import { satisfactionPercent, suggestTypes, type ObservationFacts } from '../domain/screening/suggest.js';
import {
  CASE_STAGE_ZH,
  acceptanceProblems,
  caseStage,
  firstSecretaryTermProblem,
  isOverdue,
  judgeAcceptance,
  relapseOf,
  watchEnd,
} from '../domain/screening/rectification.js';
import type { OrgRow } from '../db/repositories/orgs.js';
import { warningHistory } from '../db/repositories/supervision.js';
import { warningRows } from './warnings.js';
import { INDICATORS } from '../domain/supervision/indicators.js';
import type { IndicatorSignal } from '../domain/screening/suggest.js';

/**
 * The weak-org types a red health indicator points to (decision 0033): type 1 (班子配备不齐、书记长期缺职) from a
 * long-vacant secretary or an incomplete committee, type 4 (组织制度形同虚设、不开展党组织活动) from organisational
 * life not held. Amber is not enough to suggest a type.
 */
export const INDICATOR_TYPES: Readonly<Record<string, number>> = {
  secretary_vacant: 1,
  committee_incomplete: 1,
  org_life: 4,
};
const indicatorZh = (key: string) => INDICATORS.find((i) => i.key === key)?.zh ?? key;

const refused = (message: string, field?: string) =>
  new AppError(
    'SCREENING_REFUSED',
    message,
    field ? [{ field, code: 'SCREENING_REFUSED', message }] : undefined,
  );
const caseNotFound = () => new AppError('NOT_FOUND', '没有找到该整顿方案，或您无权查看');

function requireAction(ctx: Ctx, action: Action, path: string, what: string): void {
  if (!allowed(ctx, action, orgResource(path))) throw new AppError('FORBIDDEN', `您没有权限${what}`);
}

function checkDate(ctx: Ctx, on: IsoDate, field: string, what: string): void {
  if (on > ctx.clock.today()) throw refused(`${what}不能晚于今天`, field);
}

export function weakTypes(): WeakTypeView[] {
  return WEAK_TYPES.map((t) => ({ ...t, suggestedBy: [...t.suggestedBy] }));
}

/** An org a screening covers: of the village or community sector, not a township's committee. */
function requireVillageLevel(o: OrgRow): void {
  if (
    !['village', 'community'].includes(o.sector) ||
    ['local_committee', 'township_committee', 'working_committee'].includes(o.kind)
  )
    throw refused(`${o.name}不是村（社区）党组织，不在软弱涣散排查范围内`, 'orgCode');
}

function checkYear(ctx: Ctx, year: number): void {
  if (year > Number(ctx.clock.today().slice(0, 4))) throw refused(`排查年度${year}年还没有到`, 'year');
}

// ------------------------------------------------------------------------------------------------ observations

function observationView(r: ObservationRow): ObservationView {
  return {
    id: r.id,
    orgCode: r.orgCode,
    orgName: r.orgName,
    kind: r.kind,
    observedOn: r.observedOn,
    weakType: r.weakType,
    count: r.count,
    respondents: r.respondents,
    satisfied: r.satisfied,
    satisfaction: r.kind === 'survey' ? satisfactionPercent(r) : null,
    note: r.note,
    author: r.author,
  };
}

export async function recordObservation(
  ctx: Ctx,
  orgCode: string,
  body: ObservationCreate,
): Promise<ObservationView> {
  const input = ObservationCreateSchema.parse(body);
  return ctx.db.transaction(async (tx) => {
    const o = await requireOrg(ctx, tx, orgCode);
    requireAction(ctx, 'screening.observe', o.path, '记录该党组织的排查情况');
    requireVillageLevel(o);
    checkDate(ctx, input.observedOn, 'observedOn', '记录日期');
    const v = {
      weakType: null as number | null,
      count: null as number | null,
      respondents: null as number | null,
      satisfied: null as number | null,
    };
    if (input.kind === 'observation') {
      if (input.weakType != null && !isWeakType(input.weakType))
        throw refused(`没有第${input.weakType}类`, 'weakType');
      if (!input.note) throw refused('请填写走访发现的情况', 'note');
      v.weakType = input.weakType ?? null;
    } else if (input.kind === 'petition') {
      if (input.count == null) throw refused('请填写信访件次', 'count');
      v.count = input.count;
    } else {
      if (input.respondents == null || input.satisfied == null)
        throw refused('请填写参加测评人数和满意人数', 'respondents');
      if (input.satisfied > input.respondents) throw refused('满意人数不能多于参加测评人数', 'satisfied');
      v.respondents = input.respondents;
      v.satisfied = input.satisfied;
    }
    const id = await insertObservation(
      tx,
      { orgId: o.id, kind: input.kind, observedOn: input.observedOn, note: input.note, ...v },
      actorId(ctx.actor),
    );
    return observationView((await observationById(tx, id))!);
  });
}

export async function deleteObservation(ctx: Ctx, id: number): Promise<{ deleted: true }> {
  return ctx.db.transaction(async (tx) => {
    const r = await observationById(tx, id);
    if (!r || !readsOrg(ctx, r.orgPath)) throw new AppError('NOT_FOUND', '没有找到该排查记录，或您无权查看');
    requireAction(ctx, 'screening.observe', r.orgPath, '删除该排查记录');
    await deleteObservationRow(tx, id);
    return { deleted: true as const };
  });
}

export async function listObservations(ctx: Ctx, orgCode: string, year: number): Promise<ObservationList> {
  const o = await requireOrg(ctx, ctx.db, orgCode);
  const rows = await observationsUnder(ctx.db, o.path, `${year}-01-01`, `${year}-12-31`);
  return { org: o.code, year, observations: rows.map(observationView) };
}

// ------------------------------------------------------------------------------------------------ the screening

export async function screening(
  ctx: Ctx,
  orgCode: string,
  year: number,
  asOfArg?: IsoDate | null,
): Promise<ScreeningView> {
  const today = ctx.clock.today();
  checkYear(ctx, year);
  const yearEnd = `${year}-12-31`;
  const asOf = asOfArg ?? (yearEnd < today ? yearEnd : today);
  if (asOf > today) throw refused('查询日期不能晚于今天', 'asOf');
  const o = await requireOrg(ctx, ctx.db, orgCode);
  const on = asOf < yearEnd ? asOf : yearEnd;
  const [orgs, observations, confirmations, cases, warnings] = await Promise.all([
    screenedOrgs(ctx.db, o.path, on),
    observationsUnder(ctx.db, o.path, `${year}-01-01`, on),
    confirmationsUnder(ctx.db, o.path, year, asOf),
    casesUnder(ctx.db, o.path, asOf, year),
    warningRows(ctx, o.code, on),
  ]);
  // the red indicators of the screening day (the year's end, or today in the running year)
  const signals = new Map<string, IndicatorSignal[]>();
  for (const w of warnings.rows) {
    const type = INDICATOR_TYPES[w.indicator];
    if (w.level !== 'red' || !type) continue;
    signals.set(w.org, [
      ...(signals.get(w.org) ?? []),
      {
        type,
        evidence: `健康指标“${indicatorZh(w.indicator)}”红色预警（自${w.since}）：${w.evidence.join('；')}`,
      },
    ]);
  }
  // a secretary graded 差 in the year's 述职评议 (decision 0037) points to type 2 (书记不胜任), for people to decide
  for (const g of await poorGradesIn(ctx.db, o.path, year))
    if (!g.heldOn || g.heldOn <= on)
      signals.set(g.orgCode, [
        ...(signals.get(g.orgCode) ?? []),
        {
          type: 2,
          evidence: `${year}年度书记抓基层党建述职评议，${g.reviewerName}评定书记${g.name}为“差”${g.heldOn ? `（${g.heldOn}）` : ''}`,
        },
      ]);
  const s = ctx.settings.screening;
  const byOrg = new Map<number, ObservationFacts[]>();
  for (const r of observations) byOrg.set(r.orgId, [...(byOrg.get(r.orgId) ?? []), r]);
  const confirmed = new Map(confirmations.map((c) => [c.orgId, c]));
  const caseByOrg = new Map(cases.map((c) => [c.orgId, c]));
  const caseIds = cases.map((c) => c.id);
  const [measures, acceptances, relapses] = await Promise.all([
    measuresOf(ctx.db, caseIds),
    acceptancesOf(ctx.db, caseIds),
    Promise.all(cases.map((c) => relapseFor(ctx.db, c))),
  ]);
  const relapseOn = new Map(cases.map((c, i) => [c.id, relapses[i]?.on ?? null]));
  const stageOf = (c: CaseRow) =>
    caseStage(
      {
        measures: measures.filter((m) => m.caseId === c.id).length,
        lastDecision:
          acceptances.filter((a) => a.caseId === c.id && a.heldOn <= asOf).at(-1)?.decision ?? null,
        closedOn: c.closedOn,
        watchUntil: c.watchUntil,
        relapsedOn: relapseOn.get(c.id) ?? null,
      },
      asOf,
    );
  const screenedIds = new Set(orgs.map((x) => x.id));
  // a confirmed org no longer counted as village-level (dissolved since) still shows in its year's list
  const listed = [
    ...orgs,
    ...confirmations
      .filter((c) => !screenedIds.has(c.orgId))
      .map((c) => ({ id: c.orgId, code: c.orgCode, name: c.orgName, path: c.orgPath, township: null })),
  ];
  const rows = listed.map((x) => {
    const c = confirmed.get(x.id);
    const k = caseByOrg.get(x.id);
    return {
      code: x.code,
      name: x.name,
      township: x.township,
      suggested: suggestTypes(
        byOrg.get(x.id) ?? [],
        {
          petitionThreshold: s.petitionThreshold,
          satisfactionMinPercent: s.satisfactionMinPercent,
        },
        signals.get(x.code) ?? [],
      ),
      confirmed: c ? [...c.types].sort((a, b) => a - b) : [],
      reason: c?.reason ?? null,
      confirmedOn: c?.confirmedOn ?? null,
      caseId: k?.id ?? null,
      stage: k ? CASE_STAGE_ZH[stageOf(k)] : null,
    };
  });
  // confirmed first, then those with suggestions, then the rest, each in tree order
  const rank = (r: (typeof rows)[number]) => (r.confirmed.length ? 0 : r.suggested.length ? 1 : 2);
  rows.sort((a, b) => rank(a) - rank(b));
  const activeCases = cases.filter((c) => confirmed.has(c.orgId));
  const distinct = (xs: (string | null)[]) => new Set(xs.filter((x): x is string => !!x)).size;
  return {
    org: o.code,
    orgName: o.name,
    year,
    asOf,
    ratioPercent: s.ratioPercent,
    ratioReference: ratioReference(orgs.length, s.ratioPercent),
    indicatorsAvailable: true,
    orgs: rows,
    table: {
      screened: orgs.length,
      confirmed: confirmations.length,
      byType: countByType(confirmations.map((c) => c.types)),
      measures: {
        pairingUnits: distinct(activeCases.map((c) => c.pairingUnit)),
        liaisonLeaders: distinct(activeCases.map((c) => c.liaisonLeader)),
        firstSecretaries: activeCases.filter((c) => c.firstSecretary && (c.firstSecretaryFrom ?? '') <= asOf)
          .length,
        residentCadres: activeCases.reduce((n, c) => n + c.residentCadres.length, 0),
        problemsSolved: measures.filter((m) => m.doneOn !== null && m.doneOn <= asOf).length,
        rectified: activeCases.filter((c) => ['accepted', 'watching', 'done'].includes(stageOf(c))).length,
      },
    },
  };
}

/** Confirm (or correct the confirmation of) an org as weak in a year; the first confirmation opens its case. */
export async function confirmWeakOrg(
  ctx: Ctx,
  orgCode: string,
  year: number,
  body: ConfirmationInput,
  source: 'manual' | 'import' = 'manual',
): Promise<{ confirmationId: number; caseId: number; created: boolean }> {
  const input = ConfirmationSchema.parse(body);
  return ctx.db.transaction(async (tx) => {
    const o = await requireOrg(ctx, tx, orgCode);
    requireAction(ctx, 'screening.decide', o.path, '认定软弱涣散党组织（须由县委组织部认定）');
    return confirmIn(
      ctx,
      tx,
      o,
      year,
      { ...input, confirmedOn: input.confirmedOn ?? ctx.clock.today() },
      source,
    );
  });
}

export async function confirmIn(
  ctx: Ctx,
  tx: Db,
  o: OrgRow,
  year: number,
  input: { types: number[]; reason: string; problems: string; confirmedOn: IsoDate },
  source: 'manual' | 'import',
): Promise<{ confirmationId: number; caseId: number; created: boolean; unchanged: boolean }> {
  requireVillageLevel(o);
  checkYear(ctx, year);
  checkDate(ctx, input.confirmedOn, 'confirmedOn', '认定日期');
  if (input.confirmedOn.slice(0, 4) < String(year))
    throw refused(`认定日期不能早于排查年度${year}年`, 'confirmedOn');
  const unknown = input.types.filter((t) => !isWeakType(t));
  if (unknown.length) throw refused(`没有第${unknown.join('、')}类软弱涣散类型`, 'types');
  const types = [...new Set(input.types)].sort((a, b) => a - b);
  const prev = await confirmationOf(tx, o.id, year, true);
  if (prev) {
    const same =
      JSON.stringify([...prev.types].sort((a, b) => a - b)) === JSON.stringify(types) &&
      prev.reason === input.reason &&
      prev.problems === input.problems &&
      prev.confirmedOn === input.confirmedOn;
    if (!same)
      await updateConfirmation(tx, prev.id, {
        types,
        reason: input.reason,
        problems: input.problems,
        confirmedOn: input.confirmedOn,
      });
    const caseId =
      (await caseOfConfirmation(tx, prev.id)) ??
      (await insertCaseRow(
        tx,
        { confirmationId: prev.id, orgId: o.id, problems: input.problems },
        actorId(ctx.actor),
      ));
    return { confirmationId: prev.id, caseId, created: false, unchanged: same };
  }
  const confirmationId = await insertConfirmation(
    tx,
    {
      orgId: o.id,
      year,
      types,
      reason: input.reason,
      problems: input.problems,
      confirmedOn: input.confirmedOn,
      source,
    },
    actorId(ctx.actor),
  );
  const caseId = await insertCaseRow(
    tx,
    { confirmationId, orgId: o.id, problems: input.problems },
    actorId(ctx.actor),
  );
  return { confirmationId, caseId, created: true, unchanged: false };
}

// ------------------------------------------------------------------------------------------------ cases

/**
 * Relapse (反弹) of a closed-out case: one recorded on the case, else the first health indicator of the org that
 * turned red within the follow-up watch [closedOn, watchUntil) — read from the warnings the indicators keep
 * (decision 0032), so the warning itself is the one the indicators opened; the case shows it as relapse.
 */
async function relapseFor(db: Db, c: CaseRow): Promise<{ on: IsoDate; note: string } | null> {
  if (c.relapsedOn) return { on: c.relapsedOn, note: c.relapseNote ?? '' };
  if (!c.closedOn || !c.watchUntil) return null;
  const red = (await warningHistory(db, c.orgId, c.closedOn)).filter((w) => w.level === 'red');
  const first = relapseOf(
    c.closedOn,
    c.watchUntil,
    red.map((w) => ({ indicator: w.indicator, since: w.since })),
  );
  if (!first) return null;
  const w = red.find((x) => x.indicator === first.indicator && x.since === first.since)!;
  return {
    on: first.since,
    note: `跟踪问效期内健康指标“${indicatorZh(w.indicator)}”再次变红（自${w.since}）：${w.evidence.join('；')}`,
  };
}

async function requireCase(ctx: Ctx, db: Db, id: number, lock = false): Promise<CaseRow> {
  const c = await caseRowById(db, id, lock);
  if (!c || !readsOrg(ctx, c.orgPath)) throw caseNotFound();
  return c;
}

function requireOpen(c: CaseRow): void {
  if (c.closedOn) throw refused(`该整顿方案已于${c.closedOn}销号，不能再修改`);
}

export async function getCase(ctx: Ctx, id: number, db: Db = ctx.db): Promise<CaseView> {
  const c = await requireCase(ctx, db, id);
  const today = ctx.clock.today();
  const [measures, progress, acceptances, relapse] = await Promise.all([
    measuresOf(db, [c.id]),
    progressOf(db, [c.id]),
    acceptancesOf(db, [c.id]),
    relapseFor(db, c),
  ]);
  const stage = caseStage(
    {
      measures: measures.length,
      lastDecision: acceptances.at(-1)?.decision ?? null,
      closedOn: c.closedOn,
      watchUntil: c.watchUntil,
      relapsedOn: relapse?.on ?? null,
    },
    today,
  );
  const s = ctx.settings.screening;
  return {
    id: c.id,
    orgCode: c.orgCode,
    orgName: c.orgName,
    year: c.year,
    types: [...c.types].sort((a, b) => a - b),
    reason: c.reason,
    confirmedOn: c.confirmedOn,
    problems: c.problems,
    liaisonLeader: c.liaisonLeader,
    pairingUnit: c.pairingUnit,
    firstSecretary: c.firstSecretary,
    firstSecretaryUnit: c.firstSecretaryUnit,
    firstSecretaryFrom: c.firstSecretaryFrom,
    firstSecretaryTo: c.firstSecretaryTo,
    residentCadres: c.residentCadres,
    stage,
    stageZh: CASE_STAGE_ZH[stage],
    measures: measures.map((m) => ({ ...measureOut(m), overdue: isOverdue(m, today) })),
    progress: progress.map((p) => ({
      id: p.id,
      notedOn: p.notedOn,
      content: p.content,
      measureId: p.measureId,
      author: p.author,
    })),
    acceptances: acceptances.map((a) => ({
      id: a.id,
      heldOn: a.heldOn,
      score: a.score,
      voters: a.voters,
      dissatisfied: a.dissatisfied,
      suggested: a.suggested,
      reasons: judgeAcceptance(a, a.scheme).reasons,
      decision: a.decision,
      deciders: a.deciders,
      note: a.note,
    })),
    closedOn: c.closedOn,
    watchUntil: c.watchUntil,
    relapsedOn: relapse?.on ?? null,
    relapseNote: relapse?.note ?? null,
    scheme: {
      passScore: s.passScore,
      dissatisfiedMaxPercent: s.dissatisfiedMaxPercent,
      watchMonths: s.watchMonths,
    },
  };
}

const measureOut = (m: MeasureRow) => ({
  id: m.id,
  content: m.content,
  responsible: m.responsible,
  dueOn: m.dueOn,
  doneOn: m.doneOn,
});

/** A subtree's cases (of a year, or all) and the measures past their deadline: the township's to-dos. */
export async function listCases(ctx: Ctx, orgCode: string, year?: number | null): Promise<CaseList> {
  const today = ctx.clock.today();
  const o = await requireOrg(ctx, ctx.db, orgCode);
  const cases = await casesUnder(ctx.db, o.path, today, year ?? null);
  const ids = cases.map((c) => c.id);
  const [measures, acceptances, relapses] = await Promise.all([
    measuresOf(ctx.db, ids),
    acceptancesOf(ctx.db, ids),
    Promise.all(cases.map((c) => relapseFor(ctx.db, c))),
  ]);
  const overdue: OverdueMeasure[] = [];
  const list = cases.map((c, i) => {
    const ms = measures.filter((m) => m.caseId === c.id);
    const late = ms.filter((m) => isOverdue(m, today));
    if (!c.closedOn)
      for (const m of late)
        overdue.push({
          caseId: c.id,
          orgCode: c.orgCode,
          orgName: c.orgName,
          measureId: m.id,
          content: m.content,
          responsible: m.responsible,
          dueOn: m.dueOn,
          daysOverdue: daysBetween(m.dueOn, today),
        });
    const stage = caseStage(
      {
        measures: ms.length,
        lastDecision: acceptances.filter((a) => a.caseId === c.id).at(-1)?.decision ?? null,
        closedOn: c.closedOn,
        watchUntil: c.watchUntil,
        relapsedOn: relapses[i]?.on ?? null,
      },
      today,
    );
    return {
      id: c.id,
      orgCode: c.orgCode,
      orgName: c.orgName,
      year: c.year,
      types: [...c.types].sort((a, b) => a - b),
      stage,
      stageZh: CASE_STAGE_ZH[stage],
      measures: ms.length,
      done: ms.filter((m) => m.doneOn !== null).length,
      overdue: c.closedOn ? 0 : late.length,
      closedOn: c.closedOn,
    };
  });
  overdue.sort((a, b) => (a.dueOn < b.dueOn ? -1 : a.dueOn > b.dueOn ? 1 : 0));
  return { org: o.code, asOf: today, cases: list, overdue };
}

export async function planCase(ctx: Ctx, id: number, body: CasePlan): Promise<CaseView> {
  const p = CasePlanSchema.parse(body);
  return ctx.db.transaction(async (tx) => {
    const c = await requireCase(ctx, tx, id, true);
    requireAction(ctx, 'screening.observe', c.orgPath, '制定该党组织的整顿方案');
    requireOpen(c);
    const next = {
      problems: p.problems ?? c.problems,
      liaisonLeader: p.liaisonLeader === undefined ? c.liaisonLeader : p.liaisonLeader || null,
      pairingUnit: p.pairingUnit === undefined ? c.pairingUnit : p.pairingUnit || null,
      firstSecretary: p.firstSecretary === undefined ? c.firstSecretary : p.firstSecretary || null,
      firstSecretaryUnit:
        p.firstSecretaryUnit === undefined ? c.firstSecretaryUnit : p.firstSecretaryUnit || null,
      firstSecretaryFrom:
        p.firstSecretaryFrom === undefined ? c.firstSecretaryFrom : (p.firstSecretaryFrom ?? null),
      firstSecretaryTo: p.firstSecretaryTo === undefined ? c.firstSecretaryTo : (p.firstSecretaryTo ?? null),
      residentCadres: p.residentCadres ?? c.residentCadres,
    };
    if (next.firstSecretary) {
      if (!next.firstSecretaryFrom || !next.firstSecretaryTo)
        throw refused('请填写第一书记任期的开始和结束日期（任期1至3年）', 'firstSecretaryFrom');
      const problem = firstSecretaryTermProblem(next.firstSecretaryFrom, next.firstSecretaryTo);
      if (problem) throw refused(problem, 'firstSecretaryTo');
    }
    await updateCasePlan(tx, c.id, next);
    return getCase(ctx, c.id, tx);
  });
}

export async function addMeasure(ctx: Ctx, id: number, body: MeasureCreate): Promise<CaseView> {
  const m = MeasureCreateSchema.parse(body);
  return ctx.db.transaction(async (tx) => {
    const c = await requireCase(ctx, tx, id, true);
    requireAction(ctx, 'screening.observe', c.orgPath, '制定该党组织的整顿措施');
    requireOpen(c);
    if (m.dueOn < c.confirmedOn) throw refused(`完成时限不能早于认定日期${c.confirmedOn}`, 'dueOn');
    await insertMeasure(tx, { caseId: c.id, orgId: c.orgId, ...m }, actorId(ctx.actor));
    return getCase(ctx, c.id, tx);
  });
}

export async function completeMeasure(
  ctx: Ctx,
  id: number,
  measureId: number,
  doneOn: IsoDate,
): Promise<CaseView> {
  return ctx.db.transaction(async (tx) => {
    const c = await requireCase(ctx, tx, id, true);
    requireAction(ctx, 'screening.observe', c.orgPath, '记录该党组织的整顿进展');
    requireOpen(c);
    const m = (await measuresOf(tx, [c.id])).find((x) => x.id === measureId);
    if (!m) throw new AppError('NOT_FOUND', '没有找到该整顿措施');
    checkDate(ctx, doneOn, 'doneOn', '完成日期');
    if (doneOn < c.confirmedOn) throw refused(`完成日期不能早于认定日期${c.confirmedOn}`, 'doneOn');
    await setMeasureDone(tx, m.id, doneOn);
    return getCase(ctx, c.id, tx);
  });
}

export async function addProgress(ctx: Ctx, id: number, body: ProgressCreate): Promise<CaseView> {
  const p = ProgressCreateSchema.parse(body);
  return ctx.db.transaction(async (tx) => {
    const c = await requireCase(ctx, tx, id, true);
    requireAction(ctx, 'screening.observe', c.orgPath, '记录该党组织的整顿进展');
    checkDate(ctx, p.notedOn, 'notedOn', '进展日期');
    if (p.notedOn < c.confirmedOn) throw refused(`进展日期不能早于认定日期${c.confirmedOn}`, 'notedOn');
    if (p.measureId && !(await measuresOf(tx, [c.id])).some((m) => m.id === p.measureId))
      throw refused('该措施不属于本整顿方案', 'measureId');
    await insertProgress(
      tx,
      {
        caseId: c.id,
        orgId: c.orgId,
        notedOn: p.notedOn,
        content: p.content,
        measureId: p.measureId ?? null,
      },
      actorId(ctx.actor),
    );
    return getCase(ctx, c.id, tx);
  });
}

/**
 * Record an acceptance (验收): the scores and votes, what the local scheme suggests, and the decision of the
 * people named. A decision against the suggestion needs a note saying why.
 */
export async function recordAcceptance(ctx: Ctx, id: number, body: AcceptanceCreate): Promise<CaseView> {
  const a = AcceptanceCreateSchema.parse(body);
  return ctx.db.transaction(async (tx) => {
    const c = await requireCase(ctx, tx, id, true);
    requireAction(ctx, 'screening.decide', c.orgPath, '记录整顿验收（须由县委组织部组织验收）');
    requireOpen(c);
    checkDate(ctx, a.heldOn, 'heldOn', '验收日期');
    if (a.heldOn < c.confirmedOn) throw refused(`验收日期不能早于认定日期${c.confirmedOn}`, 'heldOn');
    const problems = acceptanceProblems(a);
    if (problems.length) throw refused(problems[0]!.message, problems[0]!.field);
    if (!(await measuresOf(tx, [c.id])).length) throw refused('整顿方案还没有任何措施，不能验收');
    const s = ctx.settings.screening;
    const scheme = { passScore: s.passScore, dissatisfiedMaxPercent: s.dissatisfiedMaxPercent };
    const judged = judgeAcceptance(a, scheme);
    const agrees = (judged.outcome === 'pass') === (a.decision === 'passed');
    if (!agrees && !a.note)
      throw refused(
        `按本县验收办法应为${judged.outcome === 'pass' ? '合格' : '不合格'}（${judged.reasons.join('；')}）；认定结果与此不同时请在说明中写明理由`,
        'note',
      );
    await insertAcceptance(
      tx,
      {
        caseId: c.id,
        orgId: c.orgId,
        heldOn: a.heldOn,
        score: a.score,
        voters: a.voters,
        dissatisfied: a.dissatisfied,
        suggested: judged.outcome,
        scheme,
        decision: a.decision,
        deciders: a.deciders,
        note: a.note,
      },
      actorId(ctx.actor),
    );
    return getCase(ctx, c.id, tx);
  });
}

/** Close a case out (销号) after an acceptance that passed; the follow-up watch runs from that day. */
export async function closeCase(ctx: Ctx, id: number, closedOn: IsoDate): Promise<CaseView> {
  return ctx.db.transaction(async (tx) => {
    const c = await requireCase(ctx, tx, id, true);
    requireAction(ctx, 'screening.decide', c.orgPath, '为整顿方案销号（须由县委组织部决定）');
    requireOpen(c);
    checkDate(ctx, closedOn, 'closedOn', '销号日期');
    const last = (await acceptancesOf(tx, [c.id])).at(-1);
    if (!last || last.decision !== 'passed') throw refused('最近一次验收合格后才能销号');
    if (closedOn < last.heldOn) throw refused(`销号日期不能早于验收日期${last.heldOn}`, 'closedOn');
    await closeCaseRow(tx, c.id, closedOn, watchEnd(closedOn, ctx.settings.screening.watchMonths));
    return getCase(ctx, c.id, tx);
  });
}

/**
 * The statistics form 整顿软弱涣散基层党组织情况 as a workbook (the figures of the screening page): the count and
 * percent of the confirmed orgs by type and the measures columns, and the list of the confirmed orgs.
 */
export async function screeningTableXlsx(
  ctx: Ctx,
  orgCode: string,
  year: number,
  target: XlsxTarget,
): Promise<ScreeningView> {
  const v = await screening(ctx, orgCode, year);
  const t = v.table;
  const short = new Map(WEAK_TYPES.map((x) => [x.type, x.short]));
  const m = t.measures;
  await writeWorkbook(target, [
    {
      sheet: {
        name: '整顿软弱涣散基层党组织情况',
        title: `${v.orgName} ${year}年整顿软弱涣散基层党组织情况（截至${v.asOf}）`,
        notes: [
          `排查村（社区）党组织${t.screened}个，认定软弱涣散${t.confirmed}个；一个组织可属多个类型，比例之和可能超过100%。`,
        ],
        columns: [
          { header: '项目', key: 'item', width: 60, wrap: true },
          { header: '个数', key: 'count', kind: 'number', width: 8 },
          { header: '占认定数（%）', key: 'percent', kind: 'number', width: 14 },
        ],
      },
      rows: [
        { item: '排查村（社区）党组织', count: t.screened, percent: null },
        { item: '认定软弱涣散党组织', count: t.confirmed, percent: null },
        ...t.byType.map((b) => ({
          item: `主要类型${b.type}：${b.label}`,
          count: b.count,
          percent: b.percent,
        })),
        { item: '整顿措施：结对帮扶单位', count: m.pairingUnits, percent: null },
        { item: '整顿措施：县级联系领导', count: m.liaisonLeaders, percent: null },
        { item: '整顿措施：选派第一书记', count: m.firstSecretaries, percent: null },
        { item: '整顿措施：驻村干部', count: m.residentCadres, percent: null },
        { item: '整顿措施：解决问题（已完成措施）', count: m.problemsSolved, percent: null },
        { item: '整顿提升（已验收或销号）', count: m.rectified, percent: null },
      ],
    },
    {
      sheet: {
        name: '认定名单',
        columns: [
          { header: '组织编码', key: 'code', width: 14 },
          { header: '党组织', key: 'name', width: 28 },
          { header: '所属乡镇', key: 'township', width: 20 },
          { header: '软弱涣散类型', key: 'types', width: 40, wrap: true },
          { header: '认定日期', key: 'on', kind: 'date', width: 12 },
          { header: '认定理由', key: 'reason', width: 40, wrap: true },
          { header: '整顿阶段', key: 'stage', width: 16 },
        ],
      },
      rows: v.orgs
        .filter((o) => o.confirmed.length)
        .map((o) => ({
          code: o.code,
          name: o.name,
          township: o.township ?? '',
          types: o.confirmed.map((n) => `${n}.${short.get(n) ?? ''}`).join('、'),
          on: o.confirmedOn,
          reason: o.reason ?? '',
          stage: o.stage ?? '',
        })),
    },
  ]);
  return v;
}
