/**
 * Synthetic Party members. Each org of the plan carries a profile (village, government, school …) that shapes its
 * members after the 中组部 party-statistics bulletin (党内统计公报, 2024): nationally about 31% women, 29% aged 61
 * and over, 7.7% minorities, 3–4% probationary members. Rural branches are older and less schooled, organs and
 * schools younger and mostly graduates; the county mix therefore lands a little older than the national figure,
 * as it does in real rural counties.
 *
 * Every member satisfies checkMemberFacts: a valid GB 11643 ID number (county prefix, birth date, sequence with
 * the right sex parity, ISO 7064 check character) that agrees with sex and birth date; joined at 18 or older,
 * not in the future; probationary members joined within the last year and have no confirmation date; full
 * members were confirmed one year after joining (18 months for an extended probation), never after today.
 */
import type { EducationGroup, Occupation, Sex } from '../../shared/codes.js';
import { HAN_CODE } from '../../shared/codes.js';
import { checkChar } from '../../shared/id-number.js';
import { addMonthsDay, birthdayDay, compactOfDay, dayOf, dayOfIso, isoOfDay } from './calendar.js';
import { FAR_NATIVE_PLACES, STREETS, givenName, surname } from './names.js';
import { Weighted, chance, int, pick, type Rng } from './random.js';
import type { DemoMember, DemoMove, PlaceContext, PlannedOrg, ProfileKey } from './types.js';

/** A word list written as a block of space-separated words. */
const words = (s: string): string[] => s.trim().split(/\s+/);

type Range = readonly [number, number];

interface Profile {
  female: number;
  /** age ranges (full years today) with weights */
  ages: Weighted<Range>;
  /** education group below 50 and from 50 */
  eduYoung: Weighted<EducationGroup>;
  eduOld: Weighted<EducationGroup>;
  occupation: Weighted<Occupation>;
  /** from this age, occupations are drawn from `occupationOld` */
  oldAge: number;
  occupationOld: Weighted<Occupation> | null;
  /** share of the org's members that are probationary */
  probationaryRate: number;
}

/** A weighted table from an object literal: W({ farmer: 82, other: 7 }). */
const W = <K extends string>(o: Partial<Record<K, number>>) =>
  new Weighted(Object.entries(o) as [K, number][]);
/** Age (or join-age) ranges from 'min-max' keys: A({ '21-30': 5, '31-40': 11 }). */
const A = (o: Record<string, number>) =>
  new Weighted(Object.entries(o).map(([k, w]) => [k.split('-').map(Number) as unknown as Range, w] as const));
const E = W<EducationGroup>;
const O = W<Occupation>;

const WORKING_AGES = A({ '22-30': 15, '31-40': 28, '41-50': 27, '51-59': 30 });
const TEACHING_AGES = A({ '22-30': 20, '31-40': 30, '41-50': 28, '51-59': 22 });

/** Each table holds relative weights (they need not add up to 100). */
export const PROFILES: Record<ProfileKey, Profile> = {
  village: {
    female: 0.27,
    ages: A({ '21-30': 5, '31-40': 11, '41-50': 16, '51-60': 24, '61-70': 24, '71-80': 14, '81-93': 6 }),
    eduYoung: E({
      junior_or_below: 38,
      high_school: 30,
      secondary_vocational: 9,
      associate: 15,
      bachelor: 8,
    }),
    eduOld: E({ junior_or_below: 76, high_school: 17, secondary_vocational: 4, associate: 3 }),
    occupation: O({ farmer: 82, other: 7, worker: 5, manager: 4, professional: 2 }),
    oldAge: 61,
    occupationOld: O({ farmer: 84, retired: 12, other: 4 }),
    probationaryRate: 0.03,
  },
  community: {
    female: 0.45,
    ages: A({ '22-30': 7, '31-40': 12, '41-50': 13, '51-60': 17, '61-70': 25, '71-80': 18, '81-95': 8 }),
    eduYoung: E({
      junior_or_below: 12,
      high_school: 25,
      secondary_vocational: 10,
      associate: 26,
      bachelor: 25,
      postgraduate: 2,
    }),
    eduOld: E({ junior_or_below: 42, high_school: 30, secondary_vocational: 13, associate: 10, bachelor: 5 }),
    occupation: O({ other: 30, worker: 18, manager: 14, professional: 18, farmer: 6, civil_servant: 4 }),
    oldAge: 60,
    occupationOld: O({ retired: 85, other: 15 }),
    probationaryRate: 0.025,
  },
  township_gov: {
    female: 0.3,
    ages: WORKING_AGES,
    eduYoung: E({ postgraduate: 4, bachelor: 60, associate: 31, secondary_vocational: 5 }),
    eduOld: E({ bachelor: 35, associate: 45, secondary_vocational: 10, high_school: 10 }),
    occupation: O({ civil_servant: 75, professional: 15, worker: 10 }),
    oldAge: 200,
    occupationOld: null,
    probationaryRate: 0.04,
  },
  government: {
    female: 0.36,
    ages: WORKING_AGES,
    eduYoung: E({ postgraduate: 12, bachelor: 72, associate: 14, secondary_vocational: 2 }),
    eduOld: E({ postgraduate: 3, bachelor: 55, associate: 35, secondary_vocational: 4, high_school: 3 }),
    occupation: O({ civil_servant: 86, professional: 8, worker: 6 }),
    oldAge: 200,
    occupationOld: null,
    probationaryRate: 0.04,
  },
  retired: {
    female: 0.28,
    ages: A({ '58-65': 22, '66-75': 40, '76-85': 28, '86-95': 10 }),
    eduYoung: E({ high_school: 30, associate: 40, bachelor: 30 }),
    eduOld: E({
      junior_or_below: 25,
      high_school: 25,
      secondary_vocational: 20,
      associate: 18,
      bachelor: 12,
    }),
    occupation: O({ retired: 1 }),
    oldAge: 200,
    occupationOld: null,
    probationaryRate: 0,
  },
  school: {
    female: 0.56,
    ages: TEACHING_AGES,
    eduYoung: E({ postgraduate: 8, bachelor: 77, associate: 13, secondary_vocational: 2 }),
    eduOld: E({ bachelor: 50, associate: 40, secondary_vocational: 10 }),
    occupation: O({ professional: 90, manager: 7, worker: 3 }),
    oldAge: 200,
    occupationOld: null,
    probationaryRate: 0.05,
  },
  health: {
    female: 0.62,
    ages: A({ '23-30': 20, '31-40': 32, '41-50': 27, '51-59': 21 }),
    eduYoung: E({ postgraduate: 8, bachelor: 57, associate: 28, secondary_vocational: 7 }),
    eduOld: E({ bachelor: 40, associate: 40, secondary_vocational: 20 }),
    occupation: O({ professional: 86, manager: 9, worker: 5 }),
    oldAge: 200,
    occupationOld: null,
    probationaryRate: 0.05,
  },
  forestry: {
    female: 0.2,
    ages: A({ '25-35': 15, '36-45': 25, '46-55': 35, '56-59': 25 }),
    eduYoung: E({
      bachelor: 20,
      associate: 30,
      secondary_vocational: 20,
      high_school: 25,
      junior_or_below: 5,
    }),
    eduOld: E({ associate: 20, secondary_vocational: 20, high_school: 35, junior_or_below: 25 }),
    occupation: O({ worker: 55, professional: 25, manager: 20 }),
    oldAge: 200,
    occupationOld: null,
    probationaryRate: 0.03,
  },
  state_enterprise: {
    female: 0.28,
    ages: WORKING_AGES,
    eduYoung: E({ postgraduate: 5, bachelor: 48, associate: 30, secondary_vocational: 7, high_school: 10 }),
    eduOld: E({ bachelor: 25, associate: 35, secondary_vocational: 15, high_school: 20, junior_or_below: 5 }),
    occupation: O({ worker: 40, manager: 30, professional: 30 }),
    oldAge: 200,
    occupationOld: null,
    probationaryRate: 0.04,
  },
  private_enterprise: {
    female: 0.31,
    ages: A({ '21-30': 24, '31-40': 36, '41-50': 25, '51-60': 15 }),
    eduYoung: E({
      bachelor: 22,
      associate: 32,
      secondary_vocational: 14,
      high_school: 24,
      junior_or_below: 8,
    }),
    eduOld: E({ bachelor: 8, associate: 20, secondary_vocational: 15, high_school: 35, junior_or_below: 22 }),
    occupation: O({ worker: 45, manager: 32, professional: 23 }),
    oldAge: 200,
    occupationOld: null,
    probationaryRate: 0.055,
  },
  social_org: {
    female: 0.45,
    ages: A({ '24-35': 30, '36-50': 35, '51-60': 15, '61-75': 20 }),
    eduYoung: E({ postgraduate: 5, bachelor: 45, associate: 30, high_school: 15, junior_or_below: 5 }),
    eduOld: E({ bachelor: 25, associate: 30, high_school: 25, junior_or_below: 20 }),
    occupation: O({ manager: 35, professional: 40, other: 25 }),
    oldAge: 61,
    occupationOld: O({ retired: 70, other: 30 }),
    probationaryRate: 0.04,
  },
};

/** GB/T 4658 codes within each group, the “graduated” code by far the commonest. */
const EDUCATION_CODES: Record<EducationGroup, Weighted<string>> = {
  postgraduate: W({ '14': 88, '11': 10, '17': 2 }),
  bachelor: W({ '21': 98, '23': 2 }),
  associate: W({ '31': 98, '33': 2 }),
  secondary_vocational: W({ '41': 1 }),
  high_school: W({ '61': 70, '44': 15, '47': 15 }),
  junior_or_below: W({ '71': 62, '81': 33, '83': 3, '90': 2 }),
};

/** Probationary members are recent recruits: mostly under 40. */
const PROBATIONARY_AGES = A({ '21-30': 50, '31-40': 35, '41-50': 15 });

/** Age at joining (full years). */
const JOIN_AGES = A({ '18-22': 22, '23-27': 30, '28-35': 28, '36-45': 14, '46-58': 6 });

const PHONE_PREFIXES = words(`
  130 131 132 133 135 136 137 138 139 150 151 152 153 155 156 157 158 159 180 181 182 183 185 186 187
  188 189 191 193 199
`);

const EARLIEST_JOIN = dayOf(1950, 1, 1);

/** How many of an org's `size` members are probationary: the profile's rate, leaving a branch 3 full members. */
export function probationaryCount(rng: Rng, profile: ProfileKey, size: number): number {
  const n = Math.floor(size * PROFILES[profile].probationaryRate + rng());
  return Math.max(0, Math.min(n, size - 3));
}

/**
 * Makes the members of one county. ID numbers are unique within the factory (a counter per birth date and sex),
 * and the county prefix makes them unique across counties.
 */
export class MemberFactory {
  private readonly today: number;
  private readonly seq = new Map<number, number>();
  private readonly minority: Weighted<string> | null;

  constructor(
    private readonly ctx: PlaceContext,
    private readonly rng: Rng,
    today: string,
  ) {
    this.today = dayOfIso(today);
    this.minority = ctx.minorityMix.length > 0 ? new Weighted(ctx.minorityMix) : null;
  }

  /**
   * Appends the org's `size` members to `out`; the last `probationary` of them are probationary. The moves of
   * members who joined before the org was founded go to `moves`.
   */
  fill(org: PlannedOrg, out: DemoMember[], moves: DemoMove[]): void {
    const firstProbationary = org.size - org.probationary;
    for (let i = 0; i < org.size; i++) out.push(this.make(org, i >= firstProbationary, moves));
  }

  /**
   * One member of `org`. A member who joined before `org` was founded was in its predecessor (org.prev, and so
   * on back): a move into each later org of the chain on its founding date is appended to `moves`. No join is
   * dated before the founding of the oldest org of the chain (such a date is drawn again after it).
   */
  make(org: PlannedOrg, probationary: boolean, moves: DemoMove[]): DemoMember {
    const rng = this.rng;
    const ctx = this.ctx;
    const p = PROFILES[org.profile];
    const female = chance(rng, p.female);
    const sex: Sex = female ? 'female' : 'male';
    const [amin, amax] = (probationary ? PROBATIONARY_AGES : p.ages).pick(rng);
    const age = int(rng, amin, amax);
    // born between (age+1) years and age years before today, so `age` full years today
    let birth = this.today - Math.floor((age + rng()) * 365.2425) - 1;

    let joined: number;
    let confirmed: number | null = null;
    let extended = false;
    const adult = birthdayDay(birth, 18);
    if (probationary) {
      joined = Math.max(adult + 1, this.today - int(rng, 3, 360));
    } else {
      extended = chance(rng, 0.04);
      const latest = this.today - (extended ? 550 : 370);
      const [jmin, jmax] = JOIN_AGES.pick(rng);
      joined = birthdayDay(birth, int(rng, jmin, jmax)) + int(rng, 0, 360);
      if (joined > latest) joined = latest - int(rng, 0, 700);
      if (joined < adult + 1) joined = adult + 1 + int(rng, 0, 200);
      if (joined < EARLIEST_JOIN) joined = EARLIEST_JOIN + int(rng, 0, 1500);
      if (joined > latest) joined = latest; // only for the very youngest; still ≥ 18 (ages start at 20)
      if (org.idleFrom !== undefined && joined > org.idleFrom) {
        // a village that admitted nobody since idleFrom: an earlier join, of someone old enough then
        joined = org.idleFrom - ((joined - org.idleFrom) % 2000);
        if (joined < adult + 1) birth -= adult + 1 - joined + 30;
      }
    }
    // the org the member joined: the oldest of the chain founded by then (or the oldest of all)
    let first = org;
    while (joined < first.founded && first.prev !== null) first = first.prev;
    if (joined < first.founded) {
      // joined before any org of the chain existed: a date between its founding and the latest possible one
      const latest = probationary ? this.today - 3 : this.today - (extended ? 550 : 370);
      if (first.founded <= latest) {
        joined = first.founded + int(rng, 0, Math.min(1500, latest - first.founded));
        first = org;
        while (joined < first.founded && first.prev !== null) first = first.prev;
      }
    }
    if (!probationary) confirmed = extended ? addMonthsDay(joined, 18) : addMonthsDay(joined, 12);

    const old = age >= 50;
    const education = EDUCATION_CODES[(old ? p.eduOld : p.eduYoung).pick(rng)].pick(rng);
    const occupation =
      p.occupationOld && age >= p.oldAge ? p.occupationOld.pick(rng) : p.occupation.pick(rng);
    const minority = this.minority !== null && chance(rng, ctx.minorityRate);
    const ethnicity = minority ? this.minority!.pick(rng) : HAN_CODE;

    // ID number: county prefix + birth date + 3-digit sequence (odd for men, even for women) + check character
    let key = birth * 2 + (female ? 1 : 0);
    let n = this.seq.get(key) ?? 0;
    while (n >= 499) {
      birth -= 1;
      key = birth * 2 + (female ? 1 : 0);
      n = this.seq.get(key) ?? 0;
    }
    this.seq.set(key, n + 1);
    const slot = (((birth * 37) % 499) + 499 + n) % 499; // scatter, still one-to-one for n < 499
    const seq = female ? slot * 2 + 2 : slot * 2 + 1;
    const birthDate = isoOfDay(birth);
    const first17 = ctx.countyCode + compactOfDay(birth) + (seq < 10 ? '00' : seq < 100 ? '0' : '') + seq;
    const by = Number(birthDate.slice(0, 4));
    const idNumber = first17 + checkChar(first17);
    if (first !== org) {
      // from the org joined to `org`, one move on each later org's founding date
      const chain: PlannedOrg[] = [];
      for (let o: PlannedOrg = org; o !== first; o = o.prev!) chain.push(o);
      let from = first;
      for (let k = chain.length - 1; k >= 0; k--) {
        const to = chain[k]!;
        moves.push({ idNumber, on: isoOfDay(to.founded), fromOrgCode: from.code, toOrgCode: to.code });
        from = to;
      }
    }

    const r = rng();
    const nativePlace =
      r < 0.87 || ctx.nativeNear.length === 0
        ? ctx.nativeHome
        : r < 0.96
          ? pick(rng, ctx.nativeNear)
          : pick(rng, FAR_NATIVE_PLACES);

    return {
      orgCode: org.code,
      status: probationary ? 'probationary' : 'full',
      name: surname(rng, minority) + givenName(rng, by, female),
      idNumber,
      sex,
      birthDate,
      ethnicity,
      education,
      occupation,
      phone: pick(rng, PHONE_PREFIXES) + String(Math.floor(rng() * 1e8)).padStart(8, '0'),
      joinedOn: isoOfDay(joined),
      confirmedOn: confirmed === null ? null : isoOfDay(confirmed),
      nativePlace,
      workUnit: org.workUnit,
      address: org.rural
        ? `${org.addressPrefix}${int(rng, 1, 12)}组`
        : `${org.addressPrefix}${pick(rng, STREETS)}${int(rng, 1, 268)}号`,
    };
  }
}
