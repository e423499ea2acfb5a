/**
 * Health indicators and early warnings (issue 14 parts 1–2, decision 0032). The facts of a subtree are read in bulk
 * — the own ones (roster, ages, committee, probation) by `repositories/supervision.ts`, the rest through the modules
 * that already judge them (terms, compliance, 党章第九条 and dues, recruitment, transfers, lost contact) — and judged
 * by the pure indicators of `domain/supervision/indicators.ts`. An evaluation for today writes `org_warning`: found
 * causes open (or update) a warning, cleared ones close it. The daily job `warnings.evaluate` evaluates the whole
 * deployment; reading one org's health (or the warnings of a small subtree) evaluates it again first, so a write is
 * seen at once.
 */
import { AppError } from '../shared/errors.js';
import { addDays, addYears, isIsoDate, type IsoDate } from '../shared/dates.js';
import type { Ctx } from './context.js';
import type { Db } from '../db/client.js';
import type {
  ExplainCreate,
  OrgHealth,
  RelapseMark,
  WarningList,
  WarningRowView,
  WarningSummary,
} from '../shared/warnings.js';
import {
  childrenWithSize,
  countyAncestors,
  lastJobRun,
  orgsInBeing,
  rootOrgCodes,
  subtreeSize,
  healthOrgs,
  insertExplanation,
  probationEnded,
  subtreeAges,
  rosterAgesByOrg,
  openWarningsMatch,
  syncWarnings,
  warningById,
  warningCountsByCode,
  warningsOpenOn,
  warningHistory,
  type HealthOrgRow,
  type WarningRow,
  type WarningWrite,
  closeWarningsOfDissolved,
  coverageOrgs,
} from '../db/repositories/supervision.js';
import { divisionTableOn, type DivisionTableRow } from '../db/repositories/divisions.js';
import { orgPathsOf } from '../db/repositories/life-rollup.js';
import { subtreeTerms } from '../db/repositories/terms.js';
import { duesReady } from './dues-rollup.js';
import { lifeRunsReady, rollLifeRuns } from './life-runs.js';
import { lastAdmissions } from '../db/repositories/recruitment.js';
import { settingsAt } from '../db/repositories/settings.js';
import { rulesAt } from '../policy/rules.js';
import type { LocalSettings } from '../policy/settings.js';
import {
  INDICATORS,
  INDICATOR_BY_KEY,
  judgeOrg,
  lastTwoQuarters,
  type IndicatorKey,
  type IndicatorResult,
  type Level,
  type NamedFact,
  type OrgHealthFacts,
} from '../domain/supervision/indicators.js';
import { judgesCoverage, uncoveredIn } from '../domain/supervision/divisions.js';
import { countyPathsOf } from '../domain/supervision/county.js';
import { coverageOn } from './division-coverage.js';
import { mayAnalyse } from './warning-tree.js';
import type { OrgKind, Sector } from '../shared/codes.js';
import { actorId, inScope, orgResource, SYSTEM_ACTOR } from '../domain/access/policy.js';
import { allowed, readsOrg } from './access.js';
import { requireOrg } from './orgs.js';
import { caseWatchesUnder } from '../db/repositories/screening.js';
import { relapseWatchOf, type CaseWatch } from '../domain/screening/rectification.js';
import { termsOf } from './terms.js';
import { complianceOfOrgs } from './meetings.js';
import { article9OfOrgs } from './article9.js';
import { lostOfSubtree, transfersOf } from '../db/repositories/lifecycle.js';
import { fullMonths, lostFlags, transferStatusOn } from '../domain/lifecycle/lifecycle.js';

export interface OrgEvaluation {
  row: HealthOrgRow;
  results: IndicatorResult[];
}

const firstOfMonth = (m: string | null, fallback: IsoDate): IsoDate => (m ? `${m.slice(0, 7)}-01` : fallback);

function push<K, V>(m: Map<K, V[]>, k: K, v: V) {
  const l = m.get(k);
  if (l) l.push(v);
  else m.set(k, [v]);
}

/**
 * The county's reference ages on a day, kept for ten minutes per process: they move by a birthday or a member a
 * day, and a re-evaluation of one org would otherwise read the county's whole roster.
 */
const AGES_TTL_MS = 10 * 60 * 1000;
type Ages = { members: number; aged61: number; ageSum: number };
const agesCache = new WeakMap<Db, Map<string, { at: number; v: Promise<Ages> }>>();
function countyAges(db: Db, path: string, asOf: IsoDate): Promise<Ages> {
  let m = agesCache.get(db);
  if (!m) agesCache.set(db, (m = new Map()));
  const key = `${path}|${asOf}`;
  const hit = m.get(key);
  if (hit && Date.now() - hit.at < AGES_TTL_MS) return hit.v;
  if (m.size > 200) m.clear();
  const v = subtreeAges(db, path, asOf);
  m.set(key, { at: Date.now(), v });
  v.catch(() => m.delete(key));
  return v;
}

/**
 * The county reference ages of a whole evaluation of the deployment for today (the daily job) from one read of every
 * org's roster (`rosterAgesByOrg`), begun at once (the job's first batch waits for it): each county the sum over the
 * orgs whose path begins with its path — the members `subtreeAges` counts, without one scan for each county.
 */
export function allCountyAges(
  db: Db,
  today: IsoDate,
): ((path: string) => Promise<Ages>) & { settled: Promise<unknown> } {
  const orgs = rosterAgesByOrg(db, today).then((rows) =>
    // paths are ids and '/': code-unit order is the path index's order, a subtree one run of it
    rows.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)),
  );
  // (awaited by the first county asked; a failure is thrown there, never as an unhandled rejection)
  orgs.catch(() => undefined);
  const sums = new Map<string, Ages>();
  const agesOf = async (path: string): Promise<Ages> => {
    const rows = await orgs;
    let v = sums.get(path);
    if (!v) {
      v = { members: 0, aged61: 0, ageSum: 0 };
      let lo = 0;
      let hi = rows.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (rows[mid]!.path < path) lo = mid + 1;
        else hi = mid;
      }
      for (let i = lo; i < rows.length && rows[i]!.path.startsWith(path); i++) {
        v.members += rows[i]!.members;
        v.aged61 += rows[i]!.aged61;
        v.ageSum += rows[i]!.ageSum;
      }
      sums.set(path, v);
    }
    return v;
  };
  // the read itself, settled: the job waits for it before it returns or throws (nothing of it left running)
  return Object.assign(agesOf, { settled: orgs.catch(() => undefined) });
}

/** A batch of the evaluation holds at most this many orgs: its facts are read, judged and dropped together. */
const BATCH = 2000;
/** On PostgreSQL, this many batches' facts are read ahead of the one being judged (`evaluateEach`). */
const AHEAD = 2;

type Org = { id: number; path: string };

/** A subtree of at most this many orgs is listed in one read and cut into batches in memory (a city: ~45,000). */
const LIST_WHOLE = 50_000;

/**
 * The orgs of the subtree under `root` in being on `asOf`, in batches of at most `size` orgs in tree order: a subtree
 * that fits is taken whole into the batch being filled; a bigger one gives its own root and then its children's
 * subtrees. A subtree of at most LIST_WHOLE orgs is listed in one read (in path order: each child's subtree is one
 * run of it) and cut in memory; a bigger one's children are asked for with their sizes (so the province is read city
 * by city and never listed whole) — a few dozen reads for a province rather than one for every township, each of
 * which waited for a connection behind the batches' reads.
 */
async function* batches(db: Db, root: Org, asOf: IsoDate, size: number): AsyncGenerator<Org[]> {
  let pending: Org[] = [];
  /** the orgs list[lo, hi), the subtree under `path` in path order, cut as `visit` cuts a subtree */
  function* cut(list: readonly Org[], lo: number, hi: number, path: string): Generator<Org[]> {
    if (hi - lo <= size) {
      if (pending.length + (hi - lo) > size) {
        yield pending;
        pending = [];
      }
      for (let i = lo; i < hi; i++) pending.push(list[i]!);
      return;
    }
    let i = lo;
    if (list[i]!.path === path) {
      if (pending.length >= size) {
        yield pending;
        pending = [];
      }
      pending.push(list[i++]!);
    }
    while (i < hi) {
      // the child's path: this path and the next id of the org's path (a dissolved child's subtree all the same)
      const rest = list[i]!.path.slice(path.length);
      const child = path + rest.slice(0, rest.indexOf('/') + 1);
      let j = i + 1;
      while (j < hi && list[j]!.path.startsWith(child)) j++;
      yield* cut(list, i, j, child);
      i = j;
    }
  }
  async function* visit(node: Org & { size: number; inBeing: boolean }): AsyncGenerator<Org[]> {
    if (node.size <= LIST_WHOLE) {
      const list = await orgsInBeing(db, node.path, asOf);
      if (list.length) yield* cut(list, 0, list.length, node.path);
      return;
    }
    if (node.inBeing) {
      if (pending.length >= size) {
        yield pending;
        pending = [];
      }
      pending.push({ id: node.id, path: node.path });
    }
    for (const c of await childrenWithSize(db, node.id, asOf)) yield* visit(c);
  }
  yield* visit({ ...root, size: await subtreeSize(db, root.path), inBeing: true });
  if (pending.length) yield pending;
}

/**
 * `Promise.all`, except that on a failure it waits for every other read to settle before it throws the first error:
 * a batch's reads are not left running against the database when its caller hears of the failure.
 */
async function allOrFirstError<T extends readonly unknown[]>(
  reads: readonly [...{ [K in keyof T]: Promise<T[K]> }],
): Promise<T> {
  const settled = await Promise.allSettled(reads);
  for (const r of settled) if (r.status === 'rejected') throw r.reason;
  return settled.map((r) => (r as PromiseFulfilledResult<unknown>).value) as unknown as T;
}

/** What one evaluation (of one org, a subtree or the deployment) reads once for all its batches. */
interface EvaluationRun {
  db: Db;
  asOf: IsoDate;
  today: IsoDate;
  settings: LocalSettings;
  /** 党章第九条's dues ground from today's dues rollup (decision 0045) rather than every member's dues judged */
  duesRollup: boolean;
  /** 党章第九条's attendance months read for only the members whose maintained run may flag (decision 0048) */
  lifeRuns: boolean;
  /** the coverage facts per county path */
  coverage: Map<string, ReturnType<typeof coverageOn>>;
  /** the division table in force on the day, read once for all the counties (when one is asked) */
  divisionTable: Promise<DivisionTableRow | null> | null;
  /** a county's reference ages (the daily job: all counties' from one read, `allCountyAges`) */
  countyAges: (path: string) => Promise<Ages>;
}

async function evaluationRun(
  ctx: Ctx,
  asOf: IsoDate,
  many: boolean,
  agesOf: ((path: string) => Promise<Ages>) | null = null,
): Promise<EvaluationRun> {
  const db = ctx.db;
  const today = ctx.clock.today();
  return {
    db,
    asOf,
    today,
    settings: asOf === today ? ctx.settings : await settingsAt(db, asOf),
    duesRollup: many && asOf === today && (await duesReady(db, today)) !== null,
    lifeRuns: many && asOf === today && (await lifeRunsReady(db, today)),
    coverage: new Map(),
    divisionTable: null,
    countyAges: agesOf ?? ((path) => countyAges(db, path, asOf)),
  };
}

/**
 * Judges every indicator of the orgs of one batch as of the run's day: their facts read by org id in a few
 * statements (decision 0045) — own roster, ages, committee and secretary; terms; compliance of the last two
 * quarters; 党章第九条 flags; last admission; probation ended; overdue transfers; lost contact — the county's ages and
 * division coverage per county.
 */
async function evaluateBatch(run: EvaluationRun, orgs: readonly Org[]): Promise<OrgEvaluation[]> {
  if (!orgs.length) return [];
  const { db, asOf, settings } = run;
  const ids = orgs.map((o) => o.id);
  const rules = rulesAt(asOf);
  const quarters = lastTwoQuarters(asOf);
  // the county rule's ancestors: the batch's orgs are read with their facts, the others (their ancestors) here
  const inBatch = new Set(ids);
  const above = new Set<number>();
  for (const o of orgs)
    for (const id of o.path.split('/')) if (id && !inBatch.has(Number(id))) above.add(Number(id));
  // today: each org's own roster from the memberships themselves (TODAY_ROSTER), not the periods
  const today = asOf === run.today;
  const [rows, terms, life, art9, admissions, probation, transfers, lost, ancestors] = await allOrFirstError([
    healthOrgs(db, ids, asOf, today),
    subtreeTerms(db, ids, asOf),
    complianceOfOrgs(db, ids, { from: quarters.from, to: quarters.to, asOf }, run.today),
    article9OfOrgs(db, ids, asOf, run.duesRollup, run.lifeRuns),
    lastAdmissions(db, ids, asOf),
    probationEnded(db, ids, asOf, addYears(asOf, -rules.probationYears), today),
    // every outgoing transfer and lost-contact record of the orgs (the lists' pages stop at 1,000 / 2,000)
    transfersOf(db, ids, 'from', asOf, addYears(asOf, -1), null),
    lostOfSubtree(db, ids, asOf, null),
    countyAncestors(db, [...above]),
  ]);
  for (const r of rows)
    ancestors.set(r.id, { path: r.path, kind: r.kind, depth: r.depth, division: r.divisionCode });
  // (an org of the batch that is not in being on the day, when one is an ancestor: read as before)
  const missing = [...inBatch].filter((id) => !ancestors.has(id));
  if (missing.length) for (const [id, a] of await countyAncestors(db, missing)) ancestors.set(id, a);
  const countyOf = countyPathsOf(
    orgs.map((o) => o.path),
    ancestors,
  );
  // the county's reference ages where the ageing indicator applies (five members or more), and the county's
  // division table and codes taken where coverage may (the county, a township)
  // (the batch's counties read side by side: a batch holds about ten)
  const ages = new Map<string, Ages>();
  const coverage = new Map<string, Awaited<ReturnType<typeof coverageOn>>>();
  const agesOf = new Set<string>();
  const coverOf = new Set<string>();
  for (const r of rows) {
    const c = countyOf.get(r.path) ?? r.path;
    if (r.full + r.probationary >= 5) agesOf.add(c);
    if (judgesCoverage(r.kind, r.divisionCode)) coverOf.add(c);
  }
  await Promise.all([
    ...[...agesOf].map(async (c) => {
      ages.set(c, await run.countyAges(c));
    }),
    ...[...coverOf].map(async (c) => {
      let v = run.coverage.get(c);
      if (!v) {
        run.divisionTable ??= divisionTableOn(db, asOf);
        run.coverage.set(c, (v = coverageOn(db, c, asOf, run.divisionTable)));
      }
      coverage.set(c, await v);
    }),
  ]);
  const termOf = new Map(termsOf(terms, asOf, settings).map((t) => [t.code, t]));
  const art9Of = new Map<number, NamedFact[]>();
  const duesOf = new Map<number, NamedFact[]>();
  for (const m of art9)
    for (const g of m.grounds) {
      if (!g.flag) continue;
      const fact = { name: m.name, since: firstOfMonth(g.since, asOf), months: g.months, flag: g.flag };
      push(g.ground === 'org_life' ? art9Of : duesOf, m.orgId, fact);
    }
  const admittedOf = new Map(admissions.map((a) => [a.code, a.lastAdmitted]));
  const probationOf = new Map<number, NamedFact[]>();
  for (const p of probation)
    push(probationOf, p.orgId, { name: p.name, since: addYears(p.joinedOn, rules.probationYears) });
  const overdueOf = new Map<string, NamedFact[]>();
  for (const t of transfers)
    if (t.fromOrgCode && transferStatusOn(t, asOf) === 'overdue')
      push(overdueOf, t.fromOrgCode, { name: t.name, since: t.validUntil });
  const lostOf = new Map<string, NamedFact[]>();
  for (const m of lost) {
    const flags = lostFlags(m, asOf, settings.lostContactNoticeMonths);
    push(lostOf, m.orgCode, {
      name: m.name,
      since: m.since,
      months: fullMonths(m.since, asOf),
      flag: flags.some((f) => f === 'suspension_due' || f === 'strike_off_due')
        ? 'serious'
        : flags.includes('lost_notice')
          ? 'notice'
          : null,
    });
  }
  return rows.map((row) => {
    const c = countyOf.get(row.path) ?? row.path;
    const county = ages.get(c);
    const cover = coverage.get(c);
    const t = termOf.get(row.code);
    const facts: OrgHealthFacts = {
      asOf,
      org: {
        code: row.code,
        name: row.name,
        kind: row.kind as OrgKind,
        sector: row.sector as Sector,
        foundedOn: row.foundedOn,
      },
      full: row.full,
      probationary: row.probationary,
      aged61: row.aged61,
      ageSum: row.ageSum,
      county: county && county.members > 0 ? county : null,
      secretary:
        row.secretaryName && row.secretaryBirth && row.secretarySince
          ? { name: row.secretaryName, birthDate: row.secretaryBirth, since: row.secretarySince }
          : null,
      secretaryLeftOn: row.secretaryLeftOn,
      committee: row.committee,
      term: t ? { status: t.status, termEnds: t.termEnds } : null,
      life: life.get(row.id) ?? null,
      article9: art9Of.get(row.id) ?? [],
      dues: duesOf.get(row.id) ?? [],
      ...(admittedOf.has(row.code) ? { lastAdmitted: admittedOf.get(row.code) ?? null } : {}),
      probationDue: probationOf.get(row.id) ?? [],
      transfersOverdue: overdueOf.get(row.code) ?? [],
      lostContact: lostOf.get(row.code) ?? [],
      uncovered:
        cover && judgesCoverage(row.kind, row.divisionCode)
          ? uncoveredIn(cover.entries, cover.countyCode, row.divisionCode, cover.taken)
          : null,
    };
    return { row, results: judgeOrg(facts, settings, rules) };
  });
}

/** The batches of the subtree under `code` (or only its org `onlyId`), each judged, handed to `each` in tree order. */
async function evaluateEach(
  ctx: Ctx,
  code: string,
  asOf: IsoDate,
  onlyId: number | null,
  each: (evals: OrgEvaluation[]) => Promise<void>,
  batchSize: number,
  agesOf: ((path: string) => Promise<Ages>) | null = null,
): Promise<void> {
  const o = await requireOrg(ctx, ctx.db, code);
  const run = await evaluationRun(ctx, asOf, onlyId === null, agesOf);
  if (onlyId !== null) {
    const path = onlyId === o.id ? o.path : (await orgPathsOf(ctx.db, [onlyId])).get(onlyId);
    // an org outside the subtree is not evaluated (as before: the subtree's rows filtered by id)
    await each(path?.startsWith(o.path) ? await evaluateBatch(run, [{ id: onlyId, path }]) : []);
    return;
  }
  const all = batches(ctx.db, o, asOf, batchSize);
  if (ctx.db.kind !== 'postgres') {
    // PGlite runs one statement at a time: nothing to overlap
    for await (const batch of all) await each(await evaluateBatch(run, batch));
    return;
  }
  // PostgreSQL (outside a transaction each statement takes a connection of the pool): the next batches are listed and
  // their facts read while this one is judged and its warnings synced, so the server is not left idle between
  // batches (AHEAD batches in flight: one batch's slowest statement no longer leaves a core idle); the batches are
  // still handed to `each` one at a time, in tree order
  const pending: Promise<OrgEvaluation[]>[] = [];
  try {
    for await (const batch of all) {
      const next = evaluateBatch(run, batch);
      // not awaited until its turn: a failure is thrown then (or below), never as an unhandled rejection
      next.catch(() => undefined);
      pending.push(next);
      if (pending.length > AHEAD) await each(await pending.shift()!);
    }
    while (pending.length) await each(await pending.shift()!);
  } catch (e) {
    // nothing of this evaluation still running against the database when the caller hears of the failure
    await Promise.allSettled(pending);
    throw e;
  }
}

/**
 * Judges every indicator of every org of the subtree under `code` (or only the org `onlyId`) as of `asOf`, in tree
 * order. The caller has checked the actor may read `code`; every org of its subtree is judged.
 */
export async function evaluate(
  ctx: Ctx,
  code: string,
  asOf: IsoDate,
  onlyId: number | null = null,
  /** at most this many orgs a batch (tests cut a county into many) */
  batchSize = BATCH,
): Promise<OrgEvaluation[]> {
  const out: OrgEvaluation[] = [];
  await evaluateEach(
    ctx,
    code,
    asOf,
    onlyId,
    async (evals) => {
      out.push(...evals);
    },
    batchSize,
  );
  return out;
}

const warningsFound = (evals: readonly OrgEvaluation[], on: IsoDate): WarningWrite[] =>
  evals.flatMap(({ row, results }) =>
    results
      .filter((r) => r.level !== 'green')
      .map((r) => ({
        orgId: row.id,
        indicator: r.key,
        level: r.level as 'amber' | 'red',
        since: r.since && r.since < on ? r.since : on,
        evidence: r.evidence,
      })),
  );

/**
 * Evaluates the subtree (or one org) for today and brings its open warnings in line, batch by batch (each batch's
 * warnings synced in its own transaction). `keep`: return the evaluations (the daily job does not, so memory stays
 * bounded by a batch).
 */
export async function refreshWarnings(
  ctx: Ctx,
  code: string,
  onlyId: number | null = null,
  keep = true,
  /** at most this many orgs a batch (tests cut a county into many) */
  batchSize = BATCH,
  /** the county reference ages of the whole run (the daily job: `allCountyAges`) */
  agesOf: ((path: string) => Promise<Ages>) | null = null,
): Promise<{ orgs: number; opened: number; closed: number; evals: OrgEvaluation[] }> {
  const today = ctx.clock.today();
  const out = { orgs: 0, opened: 0, closed: 0, evals: [] as OrgEvaluation[] };
  await evaluateEach(
    ctx,
    code,
    today,
    onlyId,
    async (evals) => {
      if (keep) out.evals.push(...evals);
      await syncBatch(ctx.db, evals, today, out);
    },
    batchSize,
    agesOf,
  );
  return out;
}

/** Brings the open warnings of one batch's orgs in line with their evaluation for today, adding to `out`. */
async function syncBatch(
  db: Db,
  evals: readonly OrgEvaluation[],
  today: IsoDate,
  out: { orgs: number; opened: number; closed: number },
): Promise<void> {
  out.orgs += evals.length;
  const ids = evals.map((e) => e.row.id);
  const found = warningsFound(evals, today);
  // most evaluations change nothing: one read instead of a transaction of three writes
  if (await openWarningsMatch(db, ids, found)) return;
  const r = await db.transaction((tx) => syncWarnings(tx, ids, found, today));
  out.opened += r.opened;
  out.closed += r.closed;
}

/**
 * After the county's division table or a village's org changed (services/divisions.ts, services/orgs.ts): the orgs
 * whose coverage may change — those carrying the county's or a township's division code (the county's and the
 * townships' committees, and the units that carry their code) — evaluated for today in batches (one in a county)
 * and their warnings synced, so a coverage warning opens or closes at once rather than at the next daily job. Called
 * after the write's commit. Nothing to do while no table is in force (the indicator is absent and opened nothing).
 */
export async function refreshCoverage(
  ctx: Ctx,
  countyCode: string,
): Promise<{ orgs: number; opened: number; closed: number }> {
  const today = ctx.clock.today();
  const out = { orgs: 0, opened: 0, closed: 0 };
  if (!(await divisionTableOn(ctx.db, today))) return out;
  const orgs = await coverageOrgs(ctx.db, countyCode);
  const run = await evaluationRun(ctx, today, true);
  for (let i = 0; i < orgs.length; i += BATCH)
    await syncBatch(ctx.db, await evaluateBatch(run, orgs.slice(i, i + BATCH)), today, out);
  return out;
}

/** The daily job: every org of the deployment, in batches of at most BATCH orgs (county by county in a province). */
export async function evaluateAll(db: Db, clock: Ctx['clock']): Promise<string> {
  const today = clock.today();
  const ctx: Ctx = { db, clock, actor: SYSTEM_ACTOR, settings: await settingsAt(db, today) };
  // every county's reference ages from one read of the rosters (a province has 105 counties), begun first: on
  // PostgreSQL it runs beside the roll below and the first batches' reads
  const agesOf = allCountyAges(db, today);
  try {
    // 党章第九条's maintained runs built if they are not (decision 0048), the marked members refreshed
    await rollLifeRuns(db, today);
    const roots = await rootOrgCodes(db);
    let orgs = 0;
    let opened = 0;
    let closed = 0;
    for (const code of roots) {
      const x = await refreshWarnings(ctx, code, null, false, BATCH, agesOf);
      orgs += x.orgs;
      opened += x.opened;
      closed += x.closed;
    }
    // the warnings of orgs dissolved since: nothing evaluates them any more
    closed += await closeWarningsOfDissolved(db, today);
    return `评估${orgs}个党组织，新增预警${opened}条，解除${closed}条`;
  } finally {
    // (no org asked for its county's ages, or a failure: the read is not left running when the job ends)
    await agesOf.settled;
  }
}

function checkAsOf(ctx: Ctx, asOf: IsoDate | null | undefined): IsoDate {
  const today = ctx.clock.today();
  const d = asOf ?? today;
  if (!isIsoDate(d))
    throw new AppError('VALIDATION_FAILED', '日期格式应为 YYYY-MM-DD', [
      { path: ['asOf'], code: 'invalid', message: '日期格式应为 YYYY-MM-DD' },
    ]);
  if (d > today)
    throw new AppError('VALIDATION_FAILED', '截至日期不能晚于今天', [
      { path: ['asOf'], code: 'DATE_IN_FUTURE', message: '截至日期不能晚于今天' },
    ]);
  return d;
}

/** Subtrees up to this many orgs are evaluated again on every read of today's warnings (a township, a branch). */
const LIVE_LIMIT = 60;
/** One org's health and trend are judged live when its subtree holds at most this many orgs (a branch, a small 总支). */
const LIVE_TREND_LIMIT = 10;

/** The relapse mark of each red warning of a subtree (decision 0033): read from the closed cases' watches. */
async function relapseMarker(db: Db, path: string, orgIds: readonly number[] | null = null) {
  const byOrg = new Map<string, CaseWatch[]>();
  for (const w of await caseWatchesUnder(db, path, orgIds))
    byOrg.set(w.orgCode, [...(byOrg.get(w.orgCode) ?? []), w]);
  return (org: string, w: { level: 'amber' | 'red'; since: IsoDate }): RelapseMark | null => {
    const c = relapseWatchOf(w, byOrg.get(org) ?? []);
    return c ? { caseId: c.caseId, closedOn: c.closedOn } : null;
  };
}

/**
 * The warnings of the orgs of the subtree under `orgCode` open on `asOf`, in tree order (the `jiceng warnings`
 * contract). Today: a small subtree is evaluated first (so a write is seen at once), a big one read as the daily
 * job left it. A past day: the indicators judged as of that day from the history, each warning's `since` and
 * explanation taken from the warning recorded then, when there was one.
 */
export async function warningRows(
  ctx: Ctx,
  orgCode: string,
  asOfIn?: IsoDate | null,
): Promise<{ asOf: IsoDate; org: { code: string; name: string }; rows: WarningRowView[] }> {
  const asOf = checkAsOf(ctx, asOfIn);
  const o = await requireOrg(ctx, ctx.db, orgCode);
  const today = ctx.clock.today();
  const relapse = await relapseMarker(ctx.db, o.path);
  const view = (w: WarningRow): WarningRowView => ({
    id: w.id,
    org: w.orgCode,
    orgName: w.orgName,
    indicator: w.indicator,
    level: w.level,
    since: w.since,
    evidence: w.evidence,
    explained: w.explanation !== null,
    explanation: w.explanation,
    relapse: relapse(w.orgCode, w),
  });
  if (asOf === today) {
    if ((await subtreeSize(ctx.db, o.path)) <= LIVE_LIMIT) await refreshWarnings(ctx, o.code);
    const rows = await warningsOpenOn(ctx.db, o.path, today);
    // the access check once per org, not per warning (a county lists over a thousand)
    const reads = new Map<string, boolean>();
    const mayRead = (path: string) => {
      let r = reads.get(path);
      if (r === undefined) reads.set(path, (r = readsOrg(ctx, path)));
      return r;
    };
    return {
      asOf,
      org: { code: o.code, name: o.name },
      rows: rows.filter((w) => mayRead(w.orgPath)).map(view),
    };
  }
  const [evals, recorded] = await Promise.all([
    evaluate(ctx, o.code, asOf),
    warningsOpenOn(ctx.db, o.path, asOf),
  ]);
  const rec = new Map(recorded.map((w) => [`${w.orgId}:${w.indicator}`, w]));
  const rows: WarningRowView[] = [];
  for (const { row, results } of evals) {
    if (!readsOrg(ctx, row.path)) continue;
    for (const r of results) {
      if (r.level === 'green') continue;
      const w = rec.get(`${row.id}:${r.key}`);
      rows.push({
        id: w?.id ?? null,
        org: row.code,
        orgName: row.name,
        indicator: r.key,
        level: r.level,
        since: w?.since ?? (r.since && r.since < asOf ? r.since : asOf),
        evidence: r.evidence,
        explained: !!w?.explanation,
        explanation: w?.explanation ?? null,
        relapse: null,
      });
      const last = rows[rows.length - 1]!;
      last.relapse = relapse(row.code, last);
    }
  }
  return { asOf, org: { code: o.code, name: o.name }, rows };
}

/** `jiceng warnings ORG_CODE [--as-of DATE] --json` and GET /orgs/:code/warnings. */
export async function warningsFor(ctx: Ctx, orgCode: string, asOf?: IsoDate | null): Promise<WarningList> {
  const r = await warningRows(ctx, orgCode, asOf);
  return {
    org: r.org.code,
    asOf: r.asOf,
    warnings: r.rows.map((w) => ({
      org: w.org,
      indicator: w.indicator,
      level: w.level,
      since: w.since,
      evidence: w.evidence,
      explained: w.explained,
    })),
  };
}

const INDICATOR_DEFS = INDICATORS.map((i) => ({
  key: i.key,
  zh: i.zh,
  source: i.source,
  appliesTo: i.appliesToZh,
  settings: [...i.settings],
}));

/** The county / township early-warning page: counts by indicator and level, and the open warnings in tree order. */
export async function warningSummary(ctx: Ctx, orgCode: string): Promise<WarningSummary> {
  const o = await requireOrg(ctx, ctx.db, orgCode);
  const today = ctx.clock.today();
  const [{ rows }, job] = await Promise.all([
    warningRows(ctx, o.code, today),
    lastJobRun(ctx.db, 'warnings.evaluate'),
  ]);
  const counts = new Map<string, { indicator: string; red: number; amber: number; explained: number }>();
  const orgLevel = new Map<string, Level>();
  for (const w of rows) {
    let c = counts.get(w.indicator);
    if (!c) counts.set(w.indicator, (c = { indicator: w.indicator, red: 0, amber: 0, explained: 0 }));
    c[w.level]++;
    if (w.explained) c.explained++;
    if (w.level === 'red' || !orgLevel.has(w.org)) orgLevel.set(w.org, w.level);
  }
  return {
    org: o.code,
    orgName: o.name,
    asOf: today,
    evaluatedAt: job,
    indicators: INDICATOR_DEFS,
    counts: INDICATORS.map((i) => counts.get(i.key)).filter((c) => c !== undefined),
    orgs: {
      red: [...orgLevel.values()].filter((l) => l === 'red').length,
      amber: [...orgLevel.values()].filter((l) => l === 'amber').length,
    },
    warnings: rows,
    analysisView: mayAnalyse(ctx),
  };
}

/**
 * A subtree's open warnings counted per indicator and level, with how many are explained: the maintained counts
 * (`warning_roll`), no evaluation and no scan of the subtree.
 */
export async function warningCountsOf(ctx: Ctx, orgCode: string) {
  const r = await warningCountsByCode(ctx.db, orgCode);
  // one the actor may not see looks missing (as requireOrg)
  if (!r || !inScope(ctx.actor, r.path))
    throw new AppError('ORG_NOT_FOUND', `没有找到组织编码为 ${orgCode} 的党组织，或您无权查看`);
  return r.counts;
}

const monthEnds = (asOf: IsoDate, n: number): IsoDate[] => {
  const out: IsoDate[] = [];
  let d = addDays(`${asOf.slice(0, 7)}-01`, -1);
  for (let i = 0; i < n; i++) {
    out.unshift(d);
    d = addDays(`${d.slice(0, 7)}-01`, -1);
  }
  return [...out, asOf];
};

/** One org's health: every indicator that applies, its level and evidence, its warning; and the last year by month. */
export async function orgHealth(ctx: Ctx, orgCode: string, asOfIn?: IsoDate | null): Promise<OrgHealth> {
  const asOf = checkAsOf(ctx, asOfIn);
  const o = await requireOrg(ctx, ctx.db, orgCode);
  const today = ctx.clock.today();
  const days = monthEnds(asOf, 12).filter((d) => !o.foundedOn || d >= o.foundedOn);
  const relapse = await relapseMarker(ctx.db, o.path, [o.id]);
  // the modules' facts are read per subtree: an org with a big subtree (a township, the county) shows its own
  // warnings as the daily evaluation left them, and its trend from the warnings recorded at each month's end
  if ((await subtreeSize(ctx.db, o.path)) > LIVE_TREND_LIMIT) {
    const hist = await warningHistory(ctx.db, o.id, days[0]!);
    const openOn = (d: IsoDate) =>
      hist.filter((w) => w.openedOn <= d && (w.closedOn === null || w.closedOn > d));
    const now = openOn(asOf);
    const keys = INDICATORS.filter((i) => hist.some((w) => w.indicator === i.key));
    return {
      org: o.code,
      orgName: o.name,
      asOf,
      indicators: now.map((w) => ({
        key: w.indicator,
        zh: INDICATOR_BY_KEY.get(w.indicator as IndicatorKey)?.zh ?? w.indicator,
        source: INDICATOR_BY_KEY.get(w.indicator as IndicatorKey)?.source ?? '',
        level: w.level,
        value: null,
        evidence: w.evidence,
        warning: {
          id: w.id,
          since: w.since,
          explanation: w.explanation,
          relapse: relapse(o.code, w),
        },
      })),
      trend: {
        days,
        rows: keys.map((i) => ({
          key: i.key,
          zh: i.zh,
          levels: days.map((d) => openOn(d).find((w) => w.indicator === i.key)?.level ?? 'green'),
        })),
      },
    };
  }
  const evals =
    asOf === today
      ? (await refreshWarnings(ctx, o.code, o.id)).evals
      : await evaluate(ctx, o.code, asOf, o.id);
  const open = await warningsOpenOn(ctx.db, o.path, asOf, [o.id]);
  const mine = evals.find((e) => e.row.id === o.id);
  const byKey = new Map(open.map((w) => [w.indicator, w]));
  const past = [];
  for (const d of days.slice(0, -1)) past.push(await evaluate(ctx, o.code, d, o.id));
  const levelsOn = [...past.map((e) => e[0]?.results ?? []), mine?.results ?? []];
  const keys = INDICATORS.filter((i) => levelsOn.some((rs) => rs.some((r) => r.key === i.key)));
  return {
    org: o.code,
    orgName: o.name,
    asOf,
    indicators: (mine?.results ?? []).map((r) => {
      const w = byKey.get(r.key);
      const since = w?.since ?? (r.since && r.since < asOf ? r.since : asOf);
      return {
        key: r.key,
        zh: INDICATOR_BY_KEY.get(r.key)!.zh,
        source: INDICATOR_BY_KEY.get(r.key)!.source,
        level: r.level,
        value: r.value,
        evidence: r.evidence,
        warning:
          r.level === 'green'
            ? null
            : {
                id: w?.id ?? null,
                since,
                explanation: w?.explanation ?? null,
                relapse: relapse(o.code, { level: r.level, since }),
              },
      };
    }),
    trend: {
      days,
      rows: keys.map((i) => ({
        key: i.key,
        zh: i.zh,
        levels: levelsOn.map((rs) => rs.find((r) => r.key === i.key)?.level ?? 'green'),
      })),
    },
  };
}

/** People add an explanation to an open warning (an approved postponement, a documented reason); audited. */
export async function explainWarning(ctx: Ctx, id: number, input: ExplainCreate): Promise<WarningRowView> {
  return ctx.db.transaction(async (tx) => {
    const w = await warningById(tx, id);
    if (!w || !readsOrg(ctx, w.orgPath)) throw new AppError('NOT_FOUND', '预警不存在');
    if (!allowed(ctx, 'write', orgResource(w.orgPath))) throw new AppError('FORBIDDEN');
    if (w.closedOn !== null) throw new AppError('CONFLICT', '该预警已解除，不能再添加说明');
    await insertExplanation(tx, {
      warningId: w.id,
      orgId: w.orgId,
      kind: input.kind,
      note: input.note,
      explainedOn: ctx.clock.today(),
      createdBy: actorId(ctx.actor),
    });
    const after = (await warningById(tx, id))!;
    return {
      id: after.id,
      org: after.orgCode,
      orgName: after.orgName,
      indicator: after.indicator,
      level: after.level,
      since: after.since,
      evidence: after.evidence,
      explained: true,
      explanation: after.explanation,
      relapse: (await relapseMarker(tx, after.orgPath, [after.orgId]))(after.orgCode, after),
    };
  });
}
