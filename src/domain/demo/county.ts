/**
 * The demo county: one real county (the vendored slice, see DATA_SOURCE.md) with every township and every village
 * and community under its real 12-digit code and name, plus a handful of county organs, a school, a hospital and
 * enterprises — the size a county organisation department works with every day.
 *
 * Org codes are the 12-digit code of the place (a village's own code; the county's and a township's padded with
 * zeros; 000nnn under the county or 6nn–9nn under a township for units without a code of their own, ranges the
 * statistical codes never use) plus a 2-digit suffix: 00 for the unit's top org, 01… for its sub-branches.
 */
import { dayOfIso } from './calendar.js';
import { firmName } from './names.js';
import { COUNTY, placeContext, townshipType, villageClass, villageShortName } from './places.js';
import { CYCLES, addStructure, addUnit, linkUnit, planEnv, type PlanEnv, type UnitSpec } from './plan.js';
import { int, normal, pick, rngFor, type Rng } from './random.js';
import { addDays, addYears } from '../../shared/dates.js';
import type { PlaceContext, PlannedOrg } from './types.js';

export interface CountyPlanOptions {
  seed: number;
  today: string;
  /** multiplies every unit's size (0.1 gives about 400 orgs and 2,300 members, for fast tests) */
  scale: number;
  /** mean members of a village branch before scaling (default 52; real villages have ~30–80) */
  membersPerVillage: number;
}

export const countyKey = (code6: string) => `${code6}000000`;
export const townshipKey = (code9: string) => `${code9}000`;
export const countyUnitKey = (code6: string, n: number) => `${code6}000${String(n).padStart(3, '0')}`;
export const townshipUnitKey = (code9: string, n: number) => `${code9}${String(600 + n).padStart(3, '0')}`;
/** the township's own office branch (机关党支部) */
export const townshipOfficeKey = (code9: string) => `${code9}900`;

/**
 * Deliberate problems of the demo county, each one of the notices the rule set raises (src/domain/org/rules.ts
 * orgNotices), so the warnings screens have something to show. Every other org is clean: branches have 3 to 50
 * members with at least 3 full members, and every term is current.
 */
export interface DemoProblem {
  orgCode: string;
  problem: 'BRANCH_TOO_FEW_FULL_MEMBERS' | 'BRANCH_TOO_LARGE' | 'TERM_EXPIRED';
  /** what the demo did, in Chinese for the UI */
  note: string;
}

const seatTownship =
  COUNTY.townships.find((t) => townshipType(t.code, t.name) === 'street') ??
  COUNTY.townships.find((t) => townshipType(t.code, t.name) === 'town')!;
const zoneTownship = COUNTY.townships.find((t) => townshipType(t.code, t.name) === 'zone') ?? seatTownship;
/** the seat's first community: a big urban branch that has never been split */
const largeBranch =
  seatTownship.villages.find((v) => villageClass(v.code) === 'community') ??
  seatTownship.villages.find((v) => villageClass(v.code) !== null)!;
const LARGE_BRANCH_SIZE = 58;
const SMALL_FIRM_NAME = `${COUNTY.county.name}楚天电子商务有限公司`;
const HOSPITAL = `${COUNTY.county.name}人民医院`;

const CODES = {
  largeBranch: `${largeBranch.code}00`,
  smallFirm: `${townshipUnitKey(zoneTownship.code, 3)}00`,
  hospital: `${countyUnitKey(COUNTY.county.code, 30)}00`,
};

export const DEMO_PROBLEMS: readonly DemoProblem[] = [
  {
    orgCode: CODES.largeBranch,
    problem: 'BRANCH_TOO_LARGE',
    note: `${villageShortName(largeBranch.name)}党支部有${LARGE_BRANCH_SIZE}名党员，超过50人仍未分设党支部或成立党总支`,
  },
  {
    orgCode: CODES.smallFirm,
    problem: 'BRANCH_TOO_FEW_FULL_MEMBERS',
    note: `${SMALL_FIRM_NAME}党支部只有2名正式党员和1名预备党员，应与邻近企业成立联合党支部`,
  },
  {
    orgCode: CODES.hospital,
    problem: 'TERM_EXPIRED',
    note: `${HOSPITAL}党委5年任期已满5个月仍未换届`,
  },
];

/** round(base × scale × lognormal noise), at least `min` */
function sized(rng: Rng, base: number, scale: number, sigma: number, min = 5): number {
  return Math.max(min, Math.round(base * scale * Math.exp(sigma * normal(rng) - (sigma * sigma) / 2)));
}

export function planCounty(o: CountyPlanOptions): { ctx: PlaceContext; plan: PlannedOrg[] } {
  const rng = rngFor(o.seed, `county-plan:${COUNTY.county.code}`);
  const env = planEnv(rng, o.today);
  const ctx = placeContext(COUNTY.county.code);
  const c6 = COUNTY.county.code;
  const cn = COUNTY.county.name;
  const s = o.scale;
  const founded = (org: PlannedOrg) => dayOfIso(org.foundedOn);

  const root = addStructure(env, {
    code: `${countyKey(c6)}00`,
    name: `中共${cn}委员会`,
    kind: 'local_committee',
    sector: 'government',
    parentCode: null,
    divisionCode: c6,
    founded: [1949, 1949],
    cycle: CYCLES.county,
  });
  const taken = new Set<string>();
  /** township code → its office branch and its villages' and communities' orgs, for the units linked to them */
  const offices = new Map<string, PlannedOrg>();
  const places = new Map<string, PlannedOrg[]>();

  for (const t of COUNTY.townships) {
    const type = townshipType(t.code, t.name);
    const townAddress = ctx.countyFull + (t.name.startsWith(cn) ? t.name.slice(cn.length) : t.name);
    const label = t.name.startsWith(cn) || type !== 'farm' ? t.name : `${cn}${t.name}`;
    let parent: PlannedOrg;
    if (type === 'farm') {
      // a state forest farm: its own Party committee, with the staff and the retirees in branches
      parent = addUnit(env, {
        key: townshipKey(t.code),
        parentCode: root.code,
        label,
        sector: 'institution',
        profile: 'forestry',
        size: sized(rng, 64, s, 0.2, 12),
        kind: 'primary_committee',
        subNames: ['机关', '营林'],
        retired: { name: '离退休职工', share: 0.3 },
        branchTarget: 30,
        divisionCode: t.code,
        founded: [1956, 1970],
        notBefore: founded(root),
        workUnit: label,
        addressPrefix: townAddress,
        rural: false,
      });
    } else {
      parent = addStructure(env, {
        code: `${townshipKey(t.code)}00`,
        name: type === 'town' ? `中共${t.name}委员会` : `中共${t.name}工作委员会`,
        kind: type === 'town' ? 'township_committee' : 'working_committee',
        sector: 'government',
        parentCode: root.code,
        divisionCode: t.code,
        founded: type === 'town' ? [1950, 1958] : [2006, 2014],
        notBefore: founded(root),
        cycle: type === 'town' ? CYCLES.township : undefined,
      });
      // the commune's office branch of the 1950s–70s; a zone's office took its first members from the seat's
      const office = addUnit(env, {
        key: townshipOfficeKey(t.code),
        parentCode: parent.code,
        label: `${t.name}机关`,
        sector: 'government',
        profile: 'township_gov',
        size: sized(rng, type === 'zone' ? 18 : 34, s, 0.2),
        divisionCode: t.code,
        founded: [1956, 1978],
        notBefore: founded(parent),
        workUnit: type === 'zone' ? `${t.name}管理委员会` : `${t.name}人民政府`,
        addressPrefix: townAddress,
        rural: false,
      });
      offices.set(t.code, office);
      const seatOffice = offices.get(seatTownship.code);
      if (type === 'zone' && seatOffice) linkUnit(env, office, seatOffice);
      if (type === 'town') {
        // every township has a central school and a health centre, led by the township committee
        const local = (n: number, name: string, sector: 'school' | 'institution', base: number) =>
          addUnit(env, {
            key: townshipUnitKey(t.code, n),
            parentCode: parent.code,
            label: `${t.name}${name}`,
            sector,
            profile: sector === 'school' ? 'school' : 'health',
            size: sized(rng, base, s, 0.25),
            divisionCode: t.code,
            founded: [1956, 1980],
            notBefore: founded(parent),
            workUnit: `${t.name}${name}`,
            addressPrefix: townAddress,
            rural: false,
          });
        local(100, '中心学校', 'school', 38);
        local(101, '卫生院', 'institution', 20);
      }
    }

    const here: PlannedOrg[] = [];
    places.set(t.code, here);
    for (const v of t.villages) {
      const cls = villageClass(v.code);
      if (cls === null) continue; // 虚拟生活区: a statistical area without a residents' committee
      const short = villageShortName(v.name);
      const isLarge = v.code === largeBranch.code;
      // the township's first residents' committee is old; the others split from the older ones as the town grew
      const olderCommunities = here.filter((o) => o.sector === 'community');
      const unit: UnitSpec = {
        key: v.code,
        parentCode: parent.code,
        label: `${label}${short}`,
        sector: cls,
        profile: cls,
        size: isLarge
          ? LARGE_BRANCH_SIZE
          : cls === 'village'
            ? sized(rng, o.membersPerVillage, s, 0.25)
            : sized(rng, 70, s, 0.3),
        divisionCode: v.code,
        founded: cls === 'village' ? [1950, 1962] : olderCommunities.length ? [1998, 2016] : [1956, 1985],
        notBefore: founded(parent),
        workUnit: `${label}${short}`,
        addressPrefix: townAddress + short,
        rural: cls === 'village',
        cycle: CYCLES.village,
      };
      // BRANCH_TOO_LARGE: the seat's oldest community kept one branch as it grew
      if (isLarge) unit.kind = 'branch';
      const org = addUnit(env, unit);
      const older = olderCommunities.filter((c) => c.founded < org.founded);
      if (older.length) linkUnit(env, org, pick(rng, older));
      here.push(org);
    }

    if (t.code === zoneTownship.code) {
      // the firms' first members kept their membership in the villages and communities around the zone
      const around = [...here, ...(places.get(seatTownship.code) ?? [])];
      addZoneFirms(env, o, t.code, parent, townAddress, taken, around);
    }
  }

  addCountyUnits(env, o, root, ctx);
  return { ctx, plan: env.out };
}

/** Enterprises in the development zone, including the firm with too few full members. */
function addZoneFirms(
  env: PlanEnv,
  o: CountyPlanOptions,
  code9: string,
  zone: PlannedOrg,
  address: string,
  taken: Set<string>,
  around: readonly PlannedOrg[],
): void {
  const { rng } = env;
  const cn = COUNTY.county.name;
  taken.add(SMALL_FIRM_NAME);
  const firm = (n: number, name: string, size: number, extra: Partial<UnitSpec> = {}) => {
    const org = addUnit(env, {
      key: townshipUnitKey(code9, n),
      parentCode: zone.code,
      label: name,
      sector: 'private_enterprise',
      profile: 'private_enterprise',
      size,
      divisionCode: code9,
      founded: [2010, 2022],
      notBefore: dayOfIso(zone.foundedOn),
      workUnit: name,
      addressPrefix: address,
      rural: false,
      ...extra,
    });
    if (around.length) linkUnit(env, org, around[int(rng, 0, around.length - 1)]!);
  };
  firm(1, firmName(rng, cn, taken), sized(rng, 16, o.scale, 0.2));
  firm(2, firmName(rng, cn, taken), sized(rng, 11, o.scale, 0.2));
  // BRANCH_TOO_FEW_FULL_MEMBERS: 2 full members and 1 probationary, should join a joint branch
  firm(3, SMALL_FIRM_NAME, 3, { probationary: 1, founded: [2021, 2022] });
  firm(4, firmName(rng, cn, taken), sized(rng, 9, o.scale, 0.2));
  firm(5, `${zone.name.replace(/^中共|工作委员会$/g, '')}小微企业`, sized(rng, 9, o.scale, 0.2), {
    kind: 'joint_branch',
    workUnit: `${cn}经济开发区小微企业`,
  });
}

/** County organs (under the organs' working committee), a school, hospitals and state enterprises. */
function addCountyUnits(env: PlanEnv, o: CountyPlanOptions, root: PlannedOrg, ctx: PlaceContext): void {
  const { rng } = env;
  const c6 = COUNTY.county.code;
  const cn = COUNTY.county.name;
  const s = o.scale;
  const rootFounded = dayOfIso(root.foundedOn);
  const organs = addStructure(env, {
    code: `${countyUnitKey(c6, 1)}00`,
    name: `中共${cn}直属机关工作委员会`,
    kind: 'working_committee',
    sector: 'government',
    parentCode: root.code,
    divisionCode: c6,
    founded: [1956, 1962],
    notBefore: rootFounded,
  });
  const departments: readonly (readonly [string, number])[] = [
    ['委办公室', 34],
    ['委组织部', 28],
    ['人民政府办公室', 40],
    ['财政局', 136],
    ['教育局', 92],
    ['公安局', 360],
    ['人民法院', 128],
    ['人民检察院', 88],
    ['农业农村局', 176],
    ['自然资源和规划局', 96],
    ['住房和城乡建设局', 84],
    ['市场监督管理局', 132],
    ['卫生健康局', 46],
  ];
  const units = new Map<string, PlannedOrg>();
  departments.forEach(([dept, base], i) => {
    const unitName = `${cn}${dept}`;
    const org = addUnit(env, {
      key: countyUnitKey(c6, 100 + i),
      parentCode: organs.code,
      label: dept.startsWith('委') ? unitName : `${unitName}机关`,
      sector: 'government',
      profile: 'government',
      size: sized(rng, base, s, 0.1),
      retired: { name: '离退休干部', share: 0.22 },
      branchTarget: 44,
      divisionCode: c6,
      // (each bureau under its name of today: the 2019 reform's mergers are not modelled)
      founded: [1956, 1980],
      notBefore: dayOfIso(organs.foundedOn),
      workUnit: unitName,
      addressPrefix: ctx.seatAddress,
      rural: false,
    });
    units.set(dept, org);
  });

  const unit = (
    n: number,
    name: string,
    rest: Omit<
      UnitSpec,
      'key' | 'parentCode' | 'label' | 'workUnit' | 'addressPrefix' | 'rural' | 'divisionCode'
    >,
  ) =>
    addUnit(env, {
      key: countyUnitKey(c6, n),
      parentCode: root.code,
      label: name,
      divisionCode: c6,
      workUnit: name,
      addressPrefix: ctx.seatAddress,
      rural: false,
      notBefore: rootFounded,
      ...rest,
    });

  const firstSchool = unit(20, `${cn}第一中学`, {
    sector: 'school',
    profile: 'school',
    size: sized(rng, 165, s, 0.1),
    subNames: ['高一年级', '高二年级', '高三年级', '行政后勤'],
    retired: { name: '离退休教师', share: 0.2 },
    branchTarget: 40,
    founded: [1952, 1958],
  });
  unit(21, `${cn}第二中学`, {
    sector: 'school',
    profile: 'school',
    size: sized(rng, 96, s, 0.1),
    retired: { name: '离退休教师', share: 0.2 },
    branchTarget: 44,
    founded: [1958, 1970],
  });
  // its first teachers came from the first middle school
  const vocational = unit(22, `${cn}职业技术学校`, {
    sector: 'school',
    profile: 'school',
    size: sized(rng, 64, s, 0.1),
    retired: { name: '离退休教师', share: 0.2 },
    branchTarget: 44,
    founded: [1980, 1990],
  });
  linkUnit(env, vocational, firstSchool);
  unit(23, `${cn}实验小学`, {
    sector: 'school',
    profile: 'school',
    size: sized(rng, 42, s, 0.1),
    founded: [1956, 1975],
  });

  // TERM_EXPIRED: the hospital committee was elected 5 years and about 5 months ago and has not held its election
  const hospital = unit(30, HOSPITAL, {
    sector: 'institution',
    profile: 'health',
    size: sized(rng, 230, s, 0.1),
    subNames: ['内科', '外科', '医技', '护理', '行政后勤'],
    retired: { name: '离退休职工', share: 0.15 },
    branchTarget: 44,
    kind: 'primary_committee',
    founded: [1952, 1956],
    electedOn: addDays(addYears(o.today, -5), -150),
  });
  // the two younger hospitals were set up with staff from the people's hospital
  const tcm = unit(31, `${cn}中医医院`, {
    sector: 'institution',
    profile: 'health',
    size: sized(rng, 64, s, 0.1),
    founded: [1978, 1985],
  });
  linkUnit(env, tcm, hospital);
  const maternity = unit(32, `${cn}妇幼保健院`, {
    sector: 'institution',
    profile: 'health',
    size: sized(rng, 42, s, 0.1),
    founded: [1980, 1990],
  });
  linkUnit(env, maternity, hospital);

  // the investment company's first members came from the housing and construction bureau
  const investment = unit(40, `${cn}城市建设投资有限公司`, {
    sector: 'state_enterprise',
    profile: 'state_enterprise',
    size: sized(rng, 72, s, 0.1),
    subNames: ['综合管理', '工程建设', '资产运营'],
    founded: [2009, 2012],
  });
  const housing = units.get('住房和城乡建设局');
  if (housing) linkUnit(env, investment, housing);
  // the county power supply company (供电局 until the grid reform), under its name of today
  unit(41, `国网${cn}供电公司`, {
    sector: 'state_enterprise',
    profile: 'state_enterprise',
    size: sized(rng, 44, s, 0.1),
    founded: [1970, 1985],
  });
}
