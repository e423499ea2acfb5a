/**
 * Deterministic, pure demo data: a real county (generateCounty) or a whole province (generateProvince), from a
 * seed and the date taken as “today”. No I/O at run time besides the vendored division files; no Math.random.
 *
 * - generateCounty: 英山县 (Huanggang, Hubei) with its 15 township-level divisions and 321 villages and
 *   communities under their real codes and names, county organs, schools, hospitals and enterprises: about 780
 *   orgs and 20,000 members at scale 1, with the three deliberate problems listed in DEMO_PROBLEMS. (The org count
 *   follows from the members: a branch has at most 50, so every village above 50 becomes a general branch with
 *   2–4 branches; `membersPerVillage: 30` gives about 510 orgs and 13,500 members.)
 * - generateProvince: 湖北省 with its real cities, counties and townships and synthesised villages and units,
 *   streamed in batches: about 300,000 orgs and 5,000,000 members by default.
 *
 * Orgs come parents first (every parentCode appears before the org that names it), so they can be written in
 * order. Members reference orgs by code only.
 *
 * Histories are possible histories: every member is, on every day since joining, in an org that existed that day
 * and could hold members. A member who joined before their org was founded was in its predecessor (the village
 * branch before it was split into sub-branches, the older community a new one split from, the village a firm's
 * first members belonged to …) and moved on the founding date: `moves` lists those moves, and `orgChanges` the
 * earlier kind and name of each general branch that was one branch until it was split. memberPeriods gives the
 * dated periods a member's history makes.
 */
import { isIsoDate, type IsoDate } from '../../shared/dates.js';
import type { MemberStatus } from '../../shared/codes.js';
import { dayOfIso, isoOfDay } from './calendar.js';
import { DEMO_PROBLEMS, planCounty, type DemoProblem } from './county.js';
import { MemberFactory } from './people.js';
import { provincePlan } from './province.js';
import { rngFor } from './random.js';
import {
  publicOrg,
  type DemoMember,
  type DemoMove,
  type DemoOrg,
  type DemoOrgChange,
  type PlannedOrg,
} from './types.js';

export type { DemoMember, DemoMove, DemoOrg, DemoOrgChange, DemoProblem };
export { DEMO_PROBLEMS };

export const DEFAULT_SEED = 20261122;

export interface CountyOptions {
  seed?: number;
  /** 'YYYY-MM-DD': ages, terms and probation are counted to this day */
  today: string;
  /** multiplies every unit's size; 0.1 makes about 400 orgs and 2,300 members, for fast tests (default 1) */
  scale?: number;
  /** mean members of a village before `scale` (default 52) */
  membersPerVillage?: number;
}

export interface DemoCounty {
  orgs: DemoOrg[];
  members: DemoMember[];
  /** members' moves between orgs, by member in date order */
  moves: DemoMove[];
  /** earlier versions of orgs (a general branch that was one branch until it was split) */
  orgChanges: DemoOrgChange[];
}

function orgChangeOf(o: PlannedOrg): DemoOrgChange | null {
  if (!o.former) return null;
  return {
    orgCode: o.code,
    on: isoOfDay(o.former.until),
    before: { kind: o.former.kind, name: o.former.name },
  };
}

/** One dated period of a member's history, as member_period holds it (by org code). */
export interface DemoPeriod {
  orgCode: string;
  status: MemberStatus;
  from: IsoDate;
  /** null: still open */
  to: IsoDate | null;
}

/**
 * The periods of a member's history: from joining, in the org of each move (`moves`: this member's, in date
 * order) until the next, probationary until the confirmation date and full from it.
 */
export function memberPeriods(m: DemoMember, moves: readonly DemoMove[]): DemoPeriod[] {
  const orgs: { code: string; from: IsoDate }[] = [
    { code: moves.length ? moves[0]!.fromOrgCode : m.orgCode, from: m.joinedOn },
  ];
  for (const mv of moves) orgs.push({ code: mv.toOrgCode, from: mv.on });
  const confirmed = m.status === 'full' && m.confirmedOn && m.confirmedOn > m.joinedOn ? m.confirmedOn : null;
  const cuts = [...new Set([...orgs.map((o) => o.from), ...(confirmed ? [confirmed] : [])])].sort();
  const out: DemoPeriod[] = [];
  cuts.forEach((from, i) => {
    let code = orgs[0]!.code;
    for (const o of orgs) if (o.from <= from) code = o.code;
    const status: MemberStatus = confirmed ? (from < confirmed ? 'probationary' : 'full') : m.status;
    out.push({ orgCode: code, status, from, to: cuts[i + 1] ?? null });
  });
  return out;
}

function checkToday(today: string): void {
  if (!isIsoDate(today)) throw new Error(`today must be YYYY-MM-DD, got ${today}`);
}

/**
 * Four old village branches with no probationary members admitted nobody for 6 to 9 years (the research's
 * "villages with no new members for years"): their members' join dates are moved before that (member factory). No
 * random draw depends on it, so the rest of the demo is the same.
 */
function markIdleVillages(plan: PlannedOrg[], today: number): void {
  const old = plan.filter(
    (o) =>
      o.kind === 'branch' &&
      o.sector === 'village' &&
      o.size >= 5 &&
      o.probationary === 0 &&
      o.prev === null &&
      o.former === null &&
      o.founded <= today - 40 * 365,
  );
  [0.15, 0.4, 0.65, 0.9].forEach((at, i) => {
    const o = old[Math.floor(old.length * at)];
    if (o) o.idleFrom = today - Math.round((6 + i) * 365.25) - 40 * i;
  });
}

export function generateCounty(opts: CountyOptions): DemoCounty {
  checkToday(opts.today);
  const seed = opts.seed ?? DEFAULT_SEED;
  const scale = opts.scale ?? 1;
  if (!(scale > 0)) throw new Error('scale must be positive');
  const { ctx, plan } = planCounty({
    seed,
    today: opts.today,
    scale,
    membersPerVillage: opts.membersPerVillage ?? 52,
  });
  const factory = new MemberFactory(ctx, rngFor(seed, `members:${ctx.countyCode}`), opts.today);
  const members: DemoMember[] = [];
  const moves: DemoMove[] = [];
  markIdleVillages(plan, dayOfIso(opts.today));
  for (const org of plan) factory.fill(org, members, moves);
  const orgChanges = plan.map(orgChangeOf).filter((c): c is DemoOrgChange => c !== null);
  return { orgs: plan.map(publicOrg), members, moves, orgChanges };
}

export interface ProvinceOptions {
  seed?: number;
  today: string;
  /** total members (default 5,000,000); the generator hits it exactly */
  targetMembers?: number;
  /** rows per yielded batch (default and maximum 50,000) */
  batchSize?: number;
}

export interface DemoProvince {
  /** exactly the number of members members() yields */
  readonly targetMembers: number;
  /** orgs in batches of at most batchSize, parents before children */
  orgs(): Generator<DemoOrg[], void, undefined>;
  /** the same batches of orgs, each with the earlier versions of its orgs */
  orgBatches(): Generator<{ orgs: DemoOrg[]; changes: DemoOrgChange[] }, void, undefined>;
  /** members in batches of at most batchSize, county by county; the same every time it is called */
  members(): Generator<DemoMember[], void, undefined>;
  /** the same batches of members, each with its members' moves */
  memberBatches(): Generator<{ members: DemoMember[]; moves: DemoMove[] }, void, undefined>;
}

export function generateProvince(opts: ProvinceOptions): DemoProvince {
  checkToday(opts.today);
  const seed = opts.seed ?? DEFAULT_SEED;
  const targetMembers = opts.targetMembers ?? 5_000_000;
  const batchSize = Math.min(50_000, opts.batchSize ?? 50_000);
  if (!Number.isInteger(targetMembers) || targetMembers < 0)
    throw new Error('targetMembers must be a whole number');
  if (!(batchSize >= 1)) throw new Error('batchSize must be at least 1');
  const planOpts = { seed, today: opts.today, targetMembers };

  return {
    targetMembers,
    *orgs() {
      for (const b of orgBatches()) yield b.orgs;
    },
    orgBatches,
    *members() {
      for (const b of memberBatches()) yield b.members;
    },
    memberBatches,
  };

  function* orgBatches() {
    let batch: DemoOrg[] = [];
    let changes: DemoOrgChange[] = [];
    for (const part of provincePlan(planOpts)) {
      for (const o of part.orgs) {
        batch.push(publicOrg(o));
        const c = orgChangeOf(o);
        if (c) changes.push(c);
        if (batch.length === batchSize) {
          yield { orgs: batch, changes };
          batch = [];
          changes = [];
        }
      }
    }
    if (batch.length > 0) yield { orgs: batch, changes };
  }

  function* memberBatches() {
    let batch: DemoMember[] = [];
    let moves: DemoMove[] = [];
    for (const part of provincePlan(planOpts)) {
      if (!part.ctx) continue;
      const factory = new MemberFactory(part.ctx, rngFor(seed, `members:${part.ctx.countyCode}`), opts.today);
      for (const org of part.orgs) {
        const firstProbationary = org.size - org.probationary;
        for (let i = 0; i < org.size; i++) {
          batch.push(factory.make(org, i >= firstProbationary, moves));
          if (batch.length === batchSize) {
            yield { members: batch, moves };
            batch = [];
            moves = [];
          }
        }
      }
    }
    if (batch.length > 0) yield { members: batch, moves };
  }
}
