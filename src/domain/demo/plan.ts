/**
 * Turns “units” (a village, a bureau, a school, a firm …) into orgs. A unit of up to 50 members is one branch; a
 * bigger one becomes a general branch (51–100 members) or a primary committee (over 100) with its members in
 * sub-branches of about `branchTarget` members (never over 50, 党支部工作条例 第五条), the last one for
 * retirees where the unit has them. Names follow the usual pattern: “中共XX支部委员会” for a branch with 7 or more
 * full members (it elects a committee), “XX党支部” below that, “中共XX总支部委员会”, “中共XX委员会”.
 */
import type { OrgKind, Sector } from '../../shared/codes.js';
import { BRANCH_KINDS } from '../../shared/codes.js';
import { rulesAt } from '../../policy/rules.js';
import { dayOf, dayOfIso, isoOfDay } from './calendar.js';
import { zhNumber } from './names.js';
import { probationaryCount } from './people.js';
import { apportion, int, type Rng } from './random.js';
import type { PlannedOrg, ProfileKey } from './types.js';

export interface PlanEnv {
  rng: Rng;
  today: string;
  todayDay: number;
  out: PlannedOrg[];
  /** a split unit's top org code → its sub-branches (working ones first) */
  subs: Map<string, PlannedOrg[]>;
}

export function planEnv(rng: Rng, today: string, out: PlannedOrg[] = []): PlanEnv {
  return { rng, today, todayDay: dayOfIso(today), out, subs: new Map() };
}

/** The org of a unit (its top org) that held its members on `day`: the top org, or its first sub-branch. */
export function holderAt(env: PlanEnv, top: PlannedOrg, day: number): PlannedOrg {
  const subs = env.subs.get(top.code);
  if (!subs) return top;
  if (top.former && day < top.former.until) return top;
  return subs[0]!;
}

/**
 * Records that the members of `unit` who joined before it was founded were in `from` (a unit founded earlier:
 * a new community split from an older one, a firm's first members in the village it was set up in): each org of
 * `unit` that took in members at the unit's founding gets as predecessor the org of `from` that held members the
 * day before. Nothing is linked where `from` is not older.
 */
export function linkUnit(env: PlanEnv, unit: PlannedOrg, from: PlannedOrg): void {
  const subs = env.subs.get(unit.code);
  const first = !subs || unit.former ? [unit] : subs.filter((s) => s.founded === unit.founded);
  for (const o of first) {
    const p = holderAt(env, from, o.founded - 1);
    if (p.founded < o.founded) o.prev = p;
  }
}

/**
 * A round of elections held across the whole area at about the same time, repeating every term: the national
 * round of village and community “两委” elections in 2021, the township, county and city Party congresses of 2021,
 * the provincial congress of 2022. Used when it gives a current term; otherwise the date is spread over the term.
 */
export interface Cycle {
  year: number;
  month: number;
  /** days after the 1st of `month` over which the round is spread */
  span: number;
}
export const CYCLES = {
  village: { year: 2021, month: 1, span: 100 },
  township: { year: 2021, month: 6, span: 90 },
  county: { year: 2021, month: 9, span: 45 },
  city: { year: 2021, month: 9, span: 60 },
  province: { year: 2022, month: 6, span: 20 },
} as const satisfies Record<string, Cycle>;

/** A founding date: an exact ISO date, or a random day in a range of years. */
export type Founded = string | readonly [number, number];

function foundedDay(env: PlanEnv, f: Founded, notBefore: number | null): number {
  let d =
    typeof f === 'string'
      ? dayOfIso(f)
      : dayOf(int(env.rng, f[0], f[1]), int(env.rng, 1, 12), int(env.rng, 1, 28));
  if (notBefore !== null && d < notBefore) d = notBefore + int(env.rng, 0, 90);
  return Math.min(d, env.todayDay - 60);
}

/** Start of the current term: inside the term length before today (so no unplanned TERM_EXPIRED notice). */
export function electedDay(
  env: PlanEnv,
  kind: OrgKind,
  sector: Sector,
  founded: number,
  cycle?: Cycle,
): number | null {
  const years = rulesAt(env.today).termYears(kind, sector);
  if (years === null) return null;
  const hi = env.todayDay - 10;
  const lo = Math.min(hi, Math.max(founded, env.todayDay - years * 365 + 30));
  if (cycle) {
    let y = cycle.year;
    while (dayOf(y + years, cycle.month, 1) + cycle.span <= hi) y += years;
    while (dayOf(y, cycle.month, 1) > hi) y -= years;
    const d = Math.min(hi, dayOf(y, cycle.month, 1) + int(env.rng, 0, cycle.span));
    if (d >= lo) return d;
  }
  return int(env.rng, lo, hi);
}

/** One shape for every planned org (object spread here made V8 fall back to slow objects: 15 µs an org). */
function makeOrg(
  code: string,
  name: string,
  kind: OrgKind,
  parentCode: string | null,
  founded: number,
  elected: number | null,
  size: number,
  probationary: number,
  profile: ProfileKey,
  place: { sector: Sector; divisionCode: string; workUnit: string; addressPrefix: string; rural: boolean },
  prev: PlannedOrg | null = null,
): PlannedOrg {
  return {
    code,
    name,
    kind,
    sector: place.sector,
    parentCode,
    divisionCode: place.divisionCode,
    foundedOn: isoOfDay(founded),
    electedOn: elected === null ? undefined : isoOfDay(elected),
    size,
    probationary,
    profile,
    workUnit: place.workUnit,
    addressPrefix: place.addressPrefix,
    rural: place.rural,
    founded,
    prev,
    former: null,
  };
}

export interface StructureSpec {
  code: string;
  name: string;
  kind: OrgKind;
  sector: Sector;
  parentCode: string | null;
  divisionCode: string;
  founded: Founded;
  notBefore?: number | null;
  cycle?: Cycle;
}

/** A committee with no members of its own (province, city, county, township, working committees). */
export function addStructure(env: PlanEnv, s: StructureSpec): PlannedOrg {
  const f = foundedDay(env, s.founded, s.notBefore ?? null);
  const e = electedDay(env, s.kind, s.sector, f, s.cycle);
  const org = makeOrg(s.code, s.name, s.kind, s.parentCode, f, e, 0, 0, 'government', {
    sector: s.sector,
    divisionCode: s.divisionCode,
    workUnit: '',
    addressPrefix: '',
    rural: false,
  });
  env.out.push(org);
  return org;
}

export interface UnitSpec {
  /** 12 digits; the unit's orgs are `key + '00'` (top) and `key + '01'…` (sub-branches) */
  key: string;
  parentCode: string;
  /** used in org names: 温泉镇莲花村 → 中共温泉镇莲花村支部委员会 */
  label: string;
  sector: Sector;
  profile: ProfileKey;
  size: number;
  divisionCode: string;
  founded: Founded;
  /** founding date of the parent: a unit is not older than the org it sits under */
  notBefore?: number | null;
  workUnit: string;
  addressPrefix: string;
  rural: boolean;
  /** names of the sub-branches in order (内科, 外科 …); default 第一, 第二 … */
  subNames?: readonly string[];
  /** a retirees' sub-branch (离退休干部) with this share of the members, when the unit is split */
  retired?: { name: string; share: number };
  /** members per sub-branch to aim for (default 40) */
  branchTarget?: number;
  /** force the top org's kind (a joint branch, a committee for a small farm, a branch for the too-large demo) */
  kind?: OrgKind;
  /** exact number of probationary members of a single-org unit (default drawn from the profile's rate) */
  probationary?: number;
  /** start of the current term, for the expired-term demo */
  electedOn?: string;
  cycle?: Cycle;
}

function branchName(label: string, full: number, joint = false): string {
  if (joint) return full >= 7 ? `中共${label}联合支部委员会` : `${label}联合党支部`;
  return full >= 7 ? `中共${label}支部委员会` : `${label}党支部`;
}

/** Adds the unit's orgs to the plan (top org first) and returns the top org. */
export function addUnit(env: PlanEnv, u: UnitSpec): PlannedOrg {
  const { rng } = env;
  const size = u.size;
  const kind: OrgKind =
    u.kind ?? (size <= 50 ? 'branch' : size <= 100 ? 'general_branch' : 'primary_committee');
  const founded = foundedDay(env, u.founded, u.notBefore ?? null);

  if (BRANCH_KINDS.includes(kind)) {
    const probationary = u.probationary ?? probationaryCount(rng, u.profile, size);
    const elected = u.electedOn ? dayOfIso(u.electedOn) : electedDay(env, kind, u.sector, founded, u.cycle);
    const name =
      kind === 'temporary_branch'
        ? `${u.label}临时党支部`
        : branchName(u.label, size - probationary, kind === 'joint_branch');
    const org = makeOrg(
      `${u.key}00`,
      name,
      kind,
      u.parentCode,
      founded,
      elected,
      size,
      probationary,
      u.profile,
      u,
    );
    env.out.push(org);
    return org;
  }

  // split: members go to sub-branches, the committee / general branch itself holds none
  const retiredSize = u.retired && size > 50 ? Math.max(5, Math.round(size * u.retired.share)) : 0;
  const working = size - retiredSize;
  const target = u.branchTarget ?? 40;
  let k = Math.max(Math.ceil(working / target), Math.ceil(working / 50));
  if (k + (retiredSize > 0 ? 1 : 0) < 2) k = 2 - (retiredSize > 0 ? 1 : 0);
  const retiredSubs = retiredSize > 0 ? Math.ceil(retiredSize / Math.min(target, 50)) : 0;
  k = Math.max(1, Math.min(k, Math.floor(working / 5), 99 - retiredSubs));
  if (k * 50 < working) throw new Error(`unit ${u.label} too large (${size} members)`);

  // A general branch was one branch until the unit grew past 50 members, not before 2005 unless the unit is
  // younger: on that day it became a general branch (its committee elected since) and its members moved into the
  // new sub-branches. A primary committee (a hospital, a bureau of a hundred members and more) has had its
  // sub-branches since its founding.
  let split = founded;
  let former: PlannedOrg['former'] = null;
  if (kind === 'general_branch') {
    const subFrom = Math.max(founded + 365, dayOf(2005, 1, 1));
    const subTo = env.todayDay - 400;
    if (subFrom <= subTo) {
      split = int(rng, subFrom, subTo);
      former = { kind: 'branch', name: `中共${u.label}支部委员会`, until: split };
    }
  }
  const elected = u.electedOn ? dayOfIso(u.electedOn) : electedDay(env, kind, u.sector, split, u.cycle);
  const topName = kind === 'general_branch' ? `中共${u.label}总支部委员会` : `中共${u.label}委员会`;
  const top = makeOrg(`${u.key}00`, topName, kind, u.parentCode, founded, elected, 0, 0, u.profile, u);
  top.former = former;
  env.out.push(top);

  const weights = Array.from({ length: k }, () => 0.85 + 0.3 * rng());
  const sizes = apportion(working, weights);
  // apportioning with jitter can push a part over 50: move the excess to the smallest part
  for (let i = 0; i < k; i++) {
    while (sizes[i]! > 50) {
      const j = sizes.indexOf(Math.min(...sizes));
      sizes[i]! -= 1;
      sizes[j]! += 1;
    }
  }
  const subs: { name: string; size: number; profile: ProfileKey }[] = sizes.map((s, i) => ({
    name: u.subNames?.[i] ?? `第${zhNumber(i + 1)}`,
    size: s,
    profile: u.profile,
  }));
  if (retiredSize > 0) {
    const rk = Math.ceil(retiredSize / Math.min(target, 50));
    apportion(
      retiredSize,
      Array.from({ length: rk }, () => 1),
    ).forEach((rs, j) =>
      subs.push({
        name: rk === 1 ? u.retired!.name : `${u.retired!.name}第${zhNumber(j + 1)}`,
        size: rs,
        profile: 'retired',
      }),
    );
  }

  const made = subs.map((s, i) => {
    const probationary = probationaryCount(rng, s.profile, s.size);
    const e = electedDay(env, 'branch', u.sector, split);
    const code = `${u.key}${String(i + 1).padStart(2, '0')}`;
    const name = branchName(`${u.label}${s.name}`, s.size - probationary);
    const prev = top.former ? top : null;
    const org = makeOrg(code, name, 'branch', top.code, split, e, s.size, probationary, s.profile, u, prev);
    env.out.push(org);
    return org;
  });
  env.subs.set(top.code, made);
  return top;
}
