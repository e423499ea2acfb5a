/**
 * Province scale (for load tests and benchmarks): the real province, cities, counties and townships of the
 * vendored province list, with villages, communities and units synthesised to reach `targetMembers` (5 million by
 * default: about 300,000 orgs). Each county is planned on its own from (seed, county code), so orgs and members
 * stream county by county and a county can be regenerated without the rest; nothing holds more than one county.
 *
 * Kinds: the platform has one local committee, the root (mayContain never puts a local_committee under
 * another org), so the province committee is the local_committee and city and county committees below it are
 * working_committee, the other kind that leads an area. Their terms are 5 years either way.
 *
 * Members are split over counties in proportion to what each county has (villages, communities, townships) and,
 * within a county, over villages, communities, township offices, county organs, schools, health, state and private
 * enterprises and social organisations, with exact integer apportionment so the total is exactly targetMembers.
 */
import { dayOfIso } from './calendar.js';
import { countyKey, countyUnitKey, townshipKey, townshipOfficeKey, townshipUnitKey } from './county.js';
import {
  COUNTY_HEALTH,
  COUNTY_SCHOOLS,
  DEPARTMENTS,
  SOCIAL_ORGS,
  STATE_BRANCHES,
  STATE_ENTERPRISES,
  communityName,
  firmName,
  villageName,
  zhNumber,
} from './names.js';
import {
  COUNTY,
  DIRECT_CITY_SUFFIX,
  PROVINCE,
  placeContext,
  townshipType,
  villageClass,
  villageShortName,
} from './places.js';
import { CYCLES, addStructure, addUnit, linkUnit, planEnv, type UnitSpec } from './plan.js';
import { Weighted, apportion, int, normal, pick, rngFor, type Rng } from './random.js';
import type { PlaceContext, PlannedOrg, ProfileKey } from './types.js';
import type { Sector } from '../../shared/codes.js';

type County = (typeof PROVINCE.counties)[number];
type Township = (typeof PROVINCE.townships)[number];

/** Members wanted per village, community, township office and county (before scaling to the target). */
const DESIRED = {
  village: 52,
  community: 75,
  townshipOffice: 30,
  countyGov: 6500,
  countySchool: 2600,
  countyHealth: 1800,
  countyState: 2200,
  countySocial: 500,
  /** per township, plus per community for private firms */
  townPrivate: 320,
  townPrivatePerCommunity: 30,
  townSchool: 90,
  townHealth: 35,
  townSocial: 25,
} as const;

type Category =
  | 'village'
  | 'community'
  | 'townshipOffice'
  | 'countyGov'
  | 'countySchool'
  | 'countyHealth'
  | 'countyState'
  | 'countySocial'
  | 'townPrivate'
  | 'townSchool'
  | 'townHealth'
  | 'townSocial';
const CATEGORIES: readonly Category[] = [
  'village',
  'community',
  'townshipOffice',
  'townPrivate',
  'townSchool',
  'townHealth',
  'townSocial',
  'countySchool',
  'countyHealth',
  'countyState',
  'countySocial',
  'countyGov', // last: takes whatever the others could not place
];

interface CountyInfo {
  county: County;
  townships: Township[];
  desired: Record<Category, number>;
}

function countyInfos(): CountyInfo[] {
  return PROVINCE.counties.map((county) => {
    const townships = PROVINCE.townships.filter((t) => t.c.startsWith(county.code));
    const v = townships.reduce((n, t) => n + t.v, 0);
    const r = townships.reduce((n, t) => n + t.r, 0);
    const offices = townships.filter((t) => townshipType(t.c, t.n) !== 'farm').length;
    const farms = townships.length - offices;
    const n = townships.length;
    return {
      county,
      townships,
      desired: {
        village: v * DESIRED.village,
        community: r * DESIRED.community,
        townshipOffice: offices * DESIRED.townshipOffice + farms * 60,
        countyGov: DESIRED.countyGov,
        countySchool: DESIRED.countySchool,
        countyHealth: DESIRED.countyHealth,
        countyState: DESIRED.countyState,
        countySocial: DESIRED.countySocial,
        townPrivate: n * DESIRED.townPrivate + r * DESIRED.townPrivatePerCommunity,
        townSchool: n * DESIRED.townSchool,
        townHealth: n * DESIRED.townHealth,
        townSocial: n * DESIRED.townSocial,
      },
    };
  });
}

/** mean members per unit above which a category gets more units rather than bigger ones */
const UNIT_MAX_MEAN = 1500;

const total = (d: Record<Category, number>) => CATEGORIES.reduce((s, c) => s + d[c], 0);

export interface ProvinceOptions {
  seed: number;
  today: string;
  targetMembers: number;
}

/** Iterates the province in output order: the province and city committees, then each county's whole subtree. */
export function* provincePlan(
  o: ProvinceOptions,
): Generator<{ orgs: PlannedOrg[]; ctx: PlaceContext | null; countyCode: string | null }> {
  const infos = countyInfos();
  const budgets = apportion(
    o.targetMembers,
    infos.map((i) => total(i.desired)),
  );
  const rng = rngFor(o.seed, `province-plan:${PROVINCE.province.code}`);
  const env = planEnv(rng, o.today);
  const p6 = PROVINCE.province.code;
  const root = addStructure(env, {
    code: `${countyKey(p6)}00`,
    name: `中共${PROVINCE.province.name}委员会`,
    kind: 'local_committee',
    sector: 'government',
    parentCode: null,
    divisionCode: p6,
    founded: [1949, 1949],
    cycle: CYCLES.province,
  });
  const cityOrgs = new Map<string, PlannedOrg>();
  for (const c of PROVINCE.cities) {
    if (c.code.slice(2) === DIRECT_CITY_SUFFIX) continue;
    cityOrgs.set(
      c.code,
      addStructure(env, {
        code: `${countyKey(c.code)}00`,
        name: `中共${c.name}委员会`,
        kind: 'working_committee',
        sector: 'government',
        parentCode: root.code,
        divisionCode: c.code,
        founded: c.name.includes('自治州') ? [1983, 1983] : [1949, 1952],
        notBefore: dayOfIso(root.foundedOn),
        cycle: CYCLES.city,
      }),
    );
  }
  yield { orgs: env.out, ctx: null, countyCode: null };

  for (let i = 0; i < infos.length; i++) {
    const info = infos[i]!;
    const parent = cityOrgs.get(info.county.city) ?? root;
    const plan = planBulkCounty(o, info, budgets[i]!, parent);
    yield { orgs: plan, ctx: placeContext(info.county.code), countyCode: info.county.code };
  }
}

/** Real villages of the vendored county, so the demo county looks the same in the province. */
const realVillages = new Map(
  COUNTY.townships.map((t) => [
    t.code,
    t.villages
      .filter((v) => villageClass(v.code) !== null)
      .map((v) => ({ ...v, cls: villageClass(v.code)! })),
  ]),
);

/** Members of `budget` over `n` slots (villages …): all slots if each gets ≥ `min`, else fewer, evenly spread. */
function slotSizes(
  rng: Rng,
  budget: number,
  n: number,
  min: number,
  typical: number,
  sigma: number,
): number[] {
  let m = n;
  if (budget < n * Math.max(min, typical * 0.35)) m = Math.min(n, Math.floor(budget / typical));
  if (m === 0) return [];
  const weights = Array.from({ length: m }, () => Math.exp(sigma * normal(rng)));
  return apportion(budget - m * min, weights).map((x) => x + min);
}

/** Which `m` of `n` slots get members: evenly spread indices. */
function spread(n: number, m: number): number[] {
  return Array.from({ length: m }, (_, i) => Math.floor(((i + 0.5) * n) / m));
}

/** Sizes drawn from a lognormal around `mean`, adding up to exactly `budget` (last one takes the rest). */
function drawnSizes(
  rng: Rng,
  budget: number,
  mean: number,
  sigma: number,
  min: number,
  max: number,
): number[] {
  const out: number[] = [];
  let left = budget;
  while (left >= min) {
    let s = Math.round(mean * Math.exp(sigma * normal(rng) - (sigma * sigma) / 2));
    s = Math.max(min, Math.min(max, s));
    if (left - s < min) s = left;
    out.push(s);
    left -= s;
  }
  if (left > 0 && out.length > 0) out[out.length - 1]! += left;
  return out; // empty when budget < min: the caller carries the budget on
}

function planBulkCounty(
  o: ProvinceOptions,
  info: CountyInfo,
  budget: number,
  parent: PlannedOrg,
): PlannedOrg[] {
  const c6 = info.county.code;
  const rng = rngFor(o.seed, `county-plan:${c6}`);
  const env = planEnv(rng, o.today);
  const ctx = placeContext(c6);
  const cn = info.county.name;
  const zone = /开发区|管理区$/.test(cn);
  const root = addStructure(env, {
    code: `${countyKey(c6)}00`,
    name: zone ? `中共${cn}工作委员会` : `中共${cn}委员会`,
    kind: 'working_committee',
    sector: 'government',
    parentCode: parent.code,
    divisionCode: c6,
    founded: zone ? [1992, 2010] : [1949, 1952],
    notBefore: dayOfIso(parent.foundedOn),
    cycle: zone ? undefined : CYCLES.county,
  });
  const rootFounded = dayOfIso(root.foundedOn);

  const cats = apportion(
    budget,
    CATEGORIES.map((c) => info.desired[c]),
  );
  const budgetOf = new Map(CATEGORIES.map((c, i) => [c, cats[i]!] as const));
  let carry = 0;
  const take = (c: Category) => {
    const b = budgetOf.get(c)! + carry;
    carry = 0;
    return b;
  };

  // ---- townships with their office branch, villages and communities
  const towns = info.townships;
  const townOrgs = new Map<string, PlannedOrg>();
  const townAddress = (t: Township) => ctx.countyFull + (t.n.startsWith(cn) ? t.n.slice(cn.length) : t.n);
  const townLabel = (t: Township) =>
    t.n.startsWith(cn) || townshipType(t.c, t.n) !== 'farm' ? t.n : `${cn}${t.n}`;
  const officeSizes = slotSizes(rng, take('townshipOffice'), towns.length, 5, 30, 0.3);
  const officeOf = new Map(spread(towns.length, officeSizes.length).map((ti, k) => [ti, officeSizes[k]!]));
  if (officeSizes.length === 0) carry += budgetOf.get('townshipOffice')!;

  towns.forEach((t, ti) => {
    const type = townshipType(t.c, t.n);
    const size = officeOf.get(ti) ?? 0;
    if (type === 'farm') {
      const org =
        size > 0
          ? addUnit(env, {
              key: townshipKey(t.c),
              parentCode: root.code,
              label: townLabel(t),
              sector: 'institution',
              profile: 'forestry',
              size,
              kind: size >= 10 ? 'primary_committee' : undefined,
              subNames: ['机关', '生产'],
              retired: { name: '离退休职工', share: 0.3 },
              branchTarget: 30,
              divisionCode: t.c,
              founded: [1956, 1970],
              notBefore: rootFounded,
              workUnit: townLabel(t),
              addressPrefix: townAddress(t),
              rural: false,
            })
          : addStructure(env, {
              code: `${townshipKey(t.c)}00`,
              name: `中共${townLabel(t)}委员会`,
              kind: 'primary_committee',
              sector: 'institution',
              parentCode: root.code,
              divisionCode: t.c,
              founded: [1956, 1970],
              notBefore: rootFounded,
            });
      townOrgs.set(t.c, org);
      return;
    }
    const org = addStructure(env, {
      code: `${townshipKey(t.c)}00`,
      name: type === 'town' ? `中共${t.n}委员会` : `中共${t.n}工作委员会`,
      kind: type === 'town' ? 'township_committee' : 'working_committee',
      sector: 'government',
      parentCode: root.code,
      divisionCode: t.c,
      founded: type === 'town' ? [1950, 1958] : type === 'street' ? [1955, 2010] : [1992, 2015],
      notBefore: rootFounded,
      cycle: type === 'town' ? CYCLES.township : undefined,
    });
    townOrgs.set(t.c, org);
    if (size > 0)
      addUnit(env, {
        key: townshipOfficeKey(t.c),
        parentCode: org.code,
        label: `${t.n}机关`,
        sector: 'government',
        profile: 'township_gov',
        size,
        divisionCode: t.c,
        founded: [1956, 1978],
        notBefore: dayOfIso(org.foundedOn),
        workUnit:
          type === 'town' ? `${t.n}人民政府` : type === 'street' ? `${t.n}办事处` : `${t.n}管理委员会`,
        addressPrefix: townAddress(t),
        rural: false,
      });
  });

  // villages and communities: real ones for the vendored county, synthesised names elsewhere
  const slots: {
    cls: 'village' | 'community';
    t: Township;
    key: string;
    name: string;
    division: string;
  }[][] = [[], []];
  for (const t of towns) {
    const real = realVillages.get(t.c);
    if (real) {
      for (const v of real)
        slots[v.cls === 'village' ? 0 : 1]!.push({
          cls: v.cls,
          t,
          key: v.code,
          name: villageShortName(v.name),
          division: v.code,
        });
      continue;
    }
    const taken = new Set<string>();
    for (let i = 0; i < t.v && i < 200; i++)
      slots[0]!.push({
        cls: 'village',
        t,
        key: `${t.c}${200 + i}`,
        name: villageName(rng, taken),
        division: t.c,
      });
    for (let i = 0; i < t.r && i < 199; i++)
      slots[1]!.push({
        cls: 'community',
        t,
        key: `${t.c}${String(1 + i).padStart(3, '0')}`,
        name: communityName(rng, taken),
        division: t.c,
      });
  }
  /** township code → its villages' and communities' orgs (a firm's first members were in one of them) */
  const places = new Map<string, PlannedOrg[]>();
  (['village', 'community'] as const).forEach((cls, ci) => {
    const list = slots[ci]!;
    const b = take(cls);
    const sizes = slotSizes(
      rng,
      b,
      list.length,
      5,
      cls === 'village' ? 30 : 45,
      cls === 'village' ? 0.4 : 0.35,
    );
    if (sizes.length === 0) {
      carry += b;
      return;
    }
    spread(list.length, sizes.length).forEach((idx, k) => {
      const v = list[idx]!;
      const town = townOrgs.get(v.t.c)!;
      const label = `${townLabel(v.t)}${v.name}`;
      let here = places.get(v.t.c);
      if (!here) places.set(v.t.c, (here = []));
      // the township's first residents' committee is old; the others split from the older ones as the town grew
      const olderCommunities = here.filter((o) => o.sector === 'community');
      const org = addUnit(env, {
        key: v.key,
        parentCode: town.code,
        label,
        sector: cls,
        profile: cls,
        size: sizes[k]!,
        divisionCode: v.division,
        founded: cls === 'village' ? [1950, 1962] : olderCommunities.length ? [1998, 2016] : [1956, 1985],
        notBefore: dayOfIso(town.foundedOn),
        workUnit: label,
        addressPrefix: townAddress(v.t) + v.name,
        rural: cls === 'village',
        cycle: CYCLES.village,
      });
      const older = olderCommunities.filter((c) => c.founded < org.founded);
      if (older.length) linkUnit(env, org, pick(rng, older));
      here.push(org);
    });
  });

  // ---- township-level units: firms, schools, health centres, social organisations
  const townWeights = new Weighted(
    towns.filter((t) => townshipType(t.c, t.n) !== 'farm').map((t) => [t, t.v + 3 * t.r + 4] as const),
  );
  const nextUnit = new Map<string, number>();
  const townSlot = (t: Township): [Township, number] | null => {
    // 300 unit numbers (600–899) per township; move on to another township when one is full
    for (let k = 0; k < towns.length; k++) {
      const tt = k === 0 ? t : towns[(towns.indexOf(t) + k) % towns.length]!;
      if (townshipType(tt.c, tt.n) === 'farm') continue;
      const n = nextUnit.get(tt.c) ?? 0;
      if (n < 300) {
        nextUnit.set(tt.c, n + 1);
        return [tt, n];
      }
    }
    return null;
  };
  const firms = new Set<string>();
  const townUnit = (
    cat: Category,
    mean: number,
    sigma: number,
    make: (
      t: Township,
      size: number,
    ) => Omit<UnitSpec, 'key' | 'parentCode' | 'divisionCode' | 'addressPrefix' | 'rural' | 'notBefore'>,
  ) => {
    const b = take(cat);
    if (!towns.some((t) => townshipType(t.c, t.n) !== 'farm')) {
      carry += b;
      return;
    }
    const sizes = drawnSizes(rng, b, mean, sigma, 3, 400);
    if (sizes.length === 0) carry += b;
    for (const size of sizes) {
      const slot = townSlot(townWeights.pick(rng));
      if (!slot) {
        carry += size;
        continue;
      }
      const [t, n] = slot;
      const town = townOrgs.get(t.c)!;
      const org = addUnit(env, {
        key: townshipUnitKey(t.c, n),
        parentCode: town.code,
        divisionCode: t.c,
        addressPrefix: townAddress(t),
        rural: false,
        notBefore: dayOfIso(town.foundedOn),
        ...make(t, size),
      });
      // a firm's or a social organisation's first members were in the villages and communities around it
      const around =
        org.sector === 'private_enterprise' || org.sector === 'social_org' ? places.get(t.c) : null;
      if (around?.length) linkUnit(env, org, around[int(rng, 0, around.length - 1)]!);
    }
  };
  townUnit('townPrivate', 7, 0.55, (t, size) => {
    const joint = size <= 12 && rng() < 0.18;
    const name = joint ? `${t.n}非公企业第${'一二三四五六七八九'[int(rng, 0, 8)]}` : firmName(rng, cn, firms);
    return {
      label: name,
      sector: 'private_enterprise',
      profile: 'private_enterprise',
      size,
      kind: joint ? 'joint_branch' : undefined,
      founded: [2005, 2023],
      workUnit: joint ? `${t.n}非公企业` : name,
      subNames: ['生产', '经营管理', '技术研发', '销售'],
    };
  });
  townUnit('townSchool', 16, 0.5, (t, size) => {
    const name = `${t.n}${pick(rng, ['中心小学', '初级中学', '中心学校', '中心幼儿园', '九年一贯制学校'])}`;
    return { label: name, sector: 'school', profile: 'school', size, founded: [1952, 2012], workUnit: name };
  });
  townUnit('townHealth', 14, 0.45, (t, size) => {
    const name = `${t.n}${size > 20 ? '卫生院' : pick(rng, ['卫生院', '计划生育服务站', '卫生院分院'])}`;
    return {
      label: name,
      sector: 'institution',
      profile: 'health',
      size,
      founded: [1958, 1990],
      workUnit: name,
    };
  });
  townUnit('townSocial', 5, 0.4, (t, size) => {
    const name = `${t.n}${pick(rng, ['商会', '养老服务中心', '农民专业合作社', '志愿服务协会', '物业服务中心', '社会工作站'])}`;
    return {
      label: name,
      sector: 'social_org',
      profile: 'social_org',
      size,
      founded: [2010, 2023],
      workUnit: name,
    };
  });

  // ---- county-level units
  let unitNo = 100; // county units 100–499; county organs 500–999
  const countyUnit = (
    name: string,
    sector: Sector,
    profile: ProfileKey,
    size: number,
    extra: Partial<UnitSpec>,
  ) =>
    addUnit(env, {
      key: countyUnitKey(c6, unitNo++),
      parentCode: root.code,
      label: name,
      sector,
      profile,
      size,
      divisionCode: c6,
      founded: [1980, 2019],
      notBefore: rootFounded,
      workUnit: name,
      addressPrefix: ctx.seatAddress,
      rural: false,
      ...extra,
    });
  /**
   * Units named from `names` sharing the category's budget, sized by rank (the first are the biggest). A huge
   * budget gets more units (名称+第N分部) rather than units of thousands of members.
   */
  const ranked = (
    cat: Category,
    names: readonly string[],
    typical: number,
    fn: (name: string, size: number) => void,
  ) => {
    const b = take(cat);
    const n = Math.min(names.length, Math.floor(b / typical));
    if (n === 0) {
      carry += b;
      return;
    }
    const units = Math.max(n, Math.ceil(b / UNIT_MAX_MEAN));
    const sizes = apportion(
      b - units * 5,
      Array.from({ length: units }, (_, i) => (1 / (2 + (i % n))) * Math.exp(0.3 * normal(rng))),
    ).map((x) => x + 5);
    sizes.forEach((size, i) => {
      const round = Math.floor(i / n);
      fn(`${names[i % n]!}${round > 0 ? `第${zhNumber(round + 1)}分部` : ''}`, size);
    });
  };
  ranked(
    'countySchool',
    COUNTY_SCHOOLS.map((s) => `${cn}${s}`),
    40,
    (name, size) =>
      countyUnit(name, 'school', 'school', size, {
        subNames: ['一年级', '二年级', '三年级', '行政后勤'],
        retired: { name: '离退休教师', share: 0.2 },
        branchTarget: 34,
        founded: [1950, 1990],
      }),
  );
  ranked(
    'countyHealth',
    COUNTY_HEALTH.map((s) => `${cn}${s}`),
    40,
    (name, size) =>
      countyUnit(name, 'institution', 'health', size, {
        subNames: ['内科', '外科', '医技', '护理', '行政后勤', '门诊', '公共卫生'],
        retired: { name: '离退休职工', share: 0.15 },
        branchTarget: 36,
        founded: [1950, 1990],
      }),
  );
  ranked(
    'countyState',
    [...STATE_ENTERPRISES.map((s) => `${cn}${s}`), ...STATE_BRANCHES.map(([a, b]) => `${a}${cn}${b}`)],
    30,
    (name, size) =>
      countyUnit(name, 'state_enterprise', 'state_enterprise', size, {
        subNames: ['综合管理', '生产经营', '工程技术', '财务审计', '营销服务'],
        retired: { name: '离退休职工', share: 0.2 },
        branchTarget: 30,
        founded: [1990, 2018],
      }),
  );
  ranked(
    'countySocial',
    SOCIAL_ORGS.map((s) => `${cn}${s}`),
    6,
    (name, size) => countyUnit(name, 'social_org', 'social_org', size, { founded: [2008, 2023] }),
  );

  // county organs under the organs' working committee; last, so it also takes every leftover
  const gov = take('countyGov');
  if (gov >= 3) {
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
    const n = Math.max(1, Math.min(DEPARTMENTS.length, Math.floor(gov / 25)));
    const units = Math.min(500, Math.max(n, Math.ceil(gov / UNIT_MAX_MEAN)));
    const sizes = apportion(
      gov - units * 3,
      Array.from({ length: units }, (_, i) => (1 / (2 + (i % n))) * Math.exp(0.3 * normal(rng))),
    ).map((x) => x + 3);
    sizes.forEach((size, i) => {
      const dept = DEPARTMENTS[i % n]!;
      const round = Math.floor(i / n);
      const unitName = `${cn}${dept}${round > 0 ? `第${zhNumber(round + 1)}分部` : ''}`;
      addUnit(env, {
        key: countyUnitKey(c6, 500 + i),
        parentCode: organs.code,
        label: dept.startsWith('委') || dept.endsWith('机关') ? unitName : `${unitName}机关`,
        sector: 'government',
        profile: 'government',
        size,
        retired: { name: '离退休干部', share: 0.2 },
        branchTarget: 25,
        divisionCode: c6,
        founded: [1956, 1990],
        notBefore: dayOfIso(organs.foundedOn),
        workUnit: unitName,
        addressPrefix: ctx.seatAddress,
        rural: false,
      });
    });
  } else if (gov > 0) {
    // a county with almost no members (tiny targets): put the last one or two into any branch with room
    const room = env.out.find((x) => x.kind === 'branch' && x.size > 0 && x.size + gov <= 50);
    if (room) room.size += gov;
    else
      addUnit(env, {
        key: countyUnitKey(c6, 500),
        parentCode: root.code,
        label: `${cn}机关`,
        sector: 'government',
        profile: 'government',
        size: gov,
        divisionCode: c6,
        founded: [1984, 2019],
        notBefore: rootFounded,
        workUnit: `${cn}机关`,
        addressPrefix: ctx.seatAddress,
        rural: false,
      });
  }
  return env.out;
}
