import { describe, expect, it } from 'vitest';
import {
  DEMO_PROBLEMS,
  generateCounty,
  generateProvince,
  memberPeriods,
  type DemoMember,
  type DemoMove,
  type DemoOrg,
  type DemoOrgChange,
} from '../../src/domain/demo/generate.js';
import { COUNTY, PROVINCE } from '../../src/domain/demo/places.js';
import { checkMemberFacts } from '../../src/domain/member/validate.js';
import { mayContain, mayHoldMembers, orgNotices, termEndsOn } from '../../src/domain/org/rules.js';
import { defaultTermYears } from '../../src/domain/org/rules.js';
import { addDays, addMonths, addYears, fullYears } from '../../src/shared/dates.js';
import { BRANCH_KINDS, educationGroup } from '../../src/shared/codes.js';
import { MemberCreateSchema, OrgCreateSchema } from '../../src/shared/schemas.js';

const TODAY = '2025-11-22';

function share<T>(list: readonly T[], pred: (x: T) => boolean): number {
  return list.filter(pred).length / list.length;
}

/** Structural checks shared by county and province output. */
function checkTree(orgs: readonly DemoOrg[]): Map<string, DemoOrg> {
  const byCode = new Map<string, DemoOrg>();
  orgs.forEach((o, i) => {
    expect(byCode.has(o.code), `duplicate org code ${o.code}`).toBe(false);
    if (i === 0) {
      expect(o.parentCode).toBeNull();
      expect(o.kind).toBe('local_committee');
    } else {
      const parent = byCode.get(o.parentCode ?? '');
      expect(parent, `parent of ${o.code} missing or after it`).toBeDefined();
      expect(mayContain(parent!.kind, o.kind), `${parent!.kind} → ${o.kind}`).toBe(true);
      expect(o.foundedOn >= parent!.foundedOn, `${o.code} founded before its parent`).toBe(true);
    }
    expect(o.code).toMatch(/^\d{14}$/);
    expect(o.foundedOn <= TODAY).toBe(true);
    if (o.electedOn) {
      expect(o.electedOn >= o.foundedOn).toBe(true);
      expect(o.electedOn <= TODAY).toBe(true);
    }
    byCode.set(o.code, o);
  });
  return byCode;
}

function checkMembers(members: readonly DemoMember[], byCode: Map<string, DemoOrg>, ids: Set<string>): void {
  const errors: unknown[] = [];
  const fail = (what: string, m: DemoMember) => {
    if (errors.length < 10) errors.push({ what, m });
  };
  const yearAgo = addYears(TODAY, -1);
  for (const m of members) {
    const { problems } = checkMemberFacts(m, TODAY);
    if (problems.length) fail(problems.map((p) => p.code).join(), m);
    if (ids.has(m.idNumber)) fail('duplicate ID', m);
    ids.add(m.idNumber);
    const org = byCode.get(m.orgCode);
    if (!org || !mayHoldMembers(org.kind)) fail('org missing or holds no members', m);
    if (m.joinedOn < '1950-01-01') fail('joined before 1950', m);
    if (m.status === 'probationary') {
      if (m.confirmedOn !== null || m.joinedOn <= yearAgo) fail('probationary', m);
    } else if (m.confirmedOn !== addMonths(m.joinedOn, 12) && m.confirmedOn !== addMonths(m.joinedOn, 18)) {
      fail('confirmedOn not 12 or 18 months after joinedOn', m);
    }
    if (!/^1(3|5|8|9)\d{9}$/.test(m.phone)) fail('phone', m);
  }
  expect(errors).toEqual([]);
}

/** The notices the rule set raises for the generated tree (term and direct member counts as a real import). */
function noticesOf(orgs: readonly DemoOrg[], members: readonly DemoMember[]): string[] {
  const direct = new Map<string, { total: number; full: number }>();
  for (const m of members) {
    const d = direct.get(m.orgCode) ?? { total: 0, full: 0 };
    d.total++;
    if (m.status === 'full') d.full++;
    direct.set(m.orgCode, d);
  }
  const out: string[] = [];
  for (const o of orgs) {
    const years = o.electedOn ? defaultTermYears(o.kind, o.sector, o.electedOn) : null;
    const term = o.electedOn && years ? { termEndsOn: termEndsOn(o.electedOn, years) } : null;
    for (const n of orgNotices(
      { kind: o.kind, status: 'active' },
      direct.get(o.code) ?? { total: 0, full: 0 },
      term,
      TODAY,
    ))
      out.push(`${o.code} ${n.code}`);
  }
  return out.sort();
}

/**
 * Checks that the histories are possible: each member's periods run from joining without a gap to today's org and
 * status, and on every day checked — each period's first and last day and every year-end from the earliest
 * founding to today — the period's org existed and could hold members (a split general branch only before it was
 * split). Returns the problems (at most 10) and, per year-end, the members on the roster by township-level org.
 */
function checkHistories(
  orgs: readonly DemoOrg[],
  changes: readonly DemoOrgChange[],
  members: readonly DemoMember[],
  moves: readonly DemoMove[],
): { problems: unknown[]; totals: Map<string, Map<string, number>>; yearEnds: string[] } {
  const byCode = new Map(orgs.map((o) => [o.code, o]));
  const changeOf = new Map(changes.map((c) => [c.orgCode, c]));
  const movesOf = new Map<string, DemoMove[]>();
  for (const mv of moves) {
    const list = movesOf.get(mv.idNumber) ?? [];
    list.push(mv);
    movesOf.set(mv.idNumber, list);
  }
  const root = orgs[0]!;
  const topOf = new Map<string, string>();
  const top = (code: string): string => {
    let t = topOf.get(code);
    if (t === undefined) {
      const o = byCode.get(code)!;
      t = o.parentCode === null ? code : o.parentCode === root.code ? code : top(o.parentCode);
      topOf.set(code, t);
    }
    return t;
  };
  const holds = (code: string, day: string): boolean => {
    const o = byCode.get(code);
    if (!o || o.foundedOn > day) return false;
    const c = changeOf.get(code);
    // (the demo puts members in branches only: a general branch holds none once it has sub-branches)
    return BRANCH_KINDS.includes(c && day < c.on ? c.before.kind : o.kind);
  };
  const earliest = orgs.reduce((d, o) => (o.foundedOn < d ? o.foundedOn : d), TODAY);
  const yearEnds: string[] = [];
  for (let y = Number(earliest.slice(0, 4)); y < Number(TODAY.slice(0, 4)); y++) yearEnds.push(`${y}-12-31`);
  yearEnds.push(TODAY);
  const totals = new Map(yearEnds.map((d) => [d, new Map<string, number>()]));
  const problems: unknown[] = [];
  const fail = (what: string, m: DemoMember, extra: unknown) => {
    if (problems.length < 10) problems.push({ what, name: m.name, joinedOn: m.joinedOn, extra });
  };
  for (const c of changes) {
    const o = byCode.get(c.orgCode);
    if (!o || c.on <= o.foundedOn || c.on > TODAY) problems.push({ what: 'org change date', c });
  }
  for (const m of members) {
    const own = movesOf.get(m.idNumber) ?? [];
    for (const mv of own) {
      if (mv.on <= m.joinedOn) fail('move not after joining', m, mv);
      if (!holds(mv.fromOrgCode, addDays(mv.on, -1)) || !holds(mv.toOrgCode, mv.on)) fail('move', m, mv);
    }
    const periods = memberPeriods(m, own);
    if (periods[0]!.from !== m.joinedOn) fail('history does not start on the join date', m, periods);
    const last = periods[periods.length - 1]!;
    if (last.to !== null || last.orgCode !== m.orgCode || last.status !== m.status)
      fail('history does not end in today’s org and status', m, periods);
    periods.forEach((p, i) => {
      if (p.from < m.joinedOn) fail('period before joining', m, p);
      if (i > 0 && periods[i - 1]!.to !== p.from) fail('gap', m, periods);
      if (p.to !== null && p.to <= p.from) fail('empty period', m, p);
      if (!holds(p.orgCode, p.from))
        fail('org did not exist (or held no members) when the period began', m, p);
      if (!holds(p.orgCode, p.to === null ? TODAY : addDays(p.to, -1)))
        fail('org did not exist (or held no members) when the period ended', m, p);
    });
    for (const d of yearEnds) {
      const p = periods.find((q) => q.from <= d && (q.to === null || q.to > d));
      if (!p) continue;
      if (!holds(p.orgCode, d)) fail(`org did not exist on ${d}`, m, p);
      const t = totals.get(d)!;
      const k = top(p.orgCode);
      t.set(k, (t.get(k) ?? 0) + 1);
    }
  }
  return { problems, totals, yearEnds };
}

/** The largest year-on-year change of a series of year-end totals, from the first year it reaches `from`. */
function worstYearOnYear(series: readonly number[], from: number): { change: number; at: number } {
  let worst = { change: 0, at: -1 };
  for (let i = 0; i + 1 < series.length; i++) {
    if (series[i]! < from) continue;
    const change = Math.abs(series[i]! / series[i + 1]! - 1);
    if (change > worst.change) worst = { change, at: i };
  }
  return worst;
}

describe('demo histories', () => {
  it('puts every member, on every day since joining, in an org that existed then', () => {
    const c = generateCounty({ today: TODAY });
    const { problems, totals, yearEnds } = checkHistories(c.orgs, c.orgChanges, c.members, c.moves);
    expect(problems).toEqual([]);
    // members who joined before their branch was founded moved into it from an older org
    expect(c.moves.length).toBeGreaterThan(1000);
    expect(c.orgChanges.length).toBeGreaterThan(50);

    // the county as of each year-end grows smoothly (from when it had 5% of today's members)
    const sum = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);
    const county = yearEnds.map((d) => sum(totals.get(d)!));
    expect(county[county.length - 1]).toBe(c.members.length);
    const worst = worstYearOnYear(county, c.members.length * 0.05);
    expect(worst.change, `county ${yearEnds[worst.at]}`).toBeLessThanOrEqual(0.15);
    // so does each township of 500 members or more (from when it had a fifth of today's; but the development zone,
    // whose firms took their first members from the seat's villages and communities)
    const tops = c.orgs.filter((o) => o.parentCode === c.orgs[0]!.code);
    for (const t of tops) {
      const series = yearEnds.map((d) => totals.get(d)!.get(t.code) ?? 0);
      if (series[series.length - 1]! < 500 || t.name.includes('开发区')) continue;
      const w = worstYearOnYear(series, 0.2 * series[series.length - 1]!);
      expect(w.change, `${t.name} ${yearEnds[w.at]}`).toBeLessThanOrEqual(0.15);
    }
    // the county seat (温泉镇) at the end of 2015: the members of today less those who joined since (about 2% a
    // year; the demo has no members who died or left, so its past rosters are a little smaller than real ones)
    const seat = c.orgs.find((o) => o.name === '中共温泉镇委员会')!;
    const seat2015 = totals.get('2015-12-31')!.get(seat.code)!;
    const seatToday = totals.get(TODAY)!.get(seat.code)!;
    expect(seat2015 / seatToday).toBeGreaterThan(0.75);
  });

  it('moves a split branch’s members into its sub-branches on the day it was split', () => {
    const c = generateCounty({ today: TODAY });
    const change = c.orgChanges[0]!;
    expect(change.before.kind).toBe('branch');
    const subs = c.orgs.filter((o) => o.parentCode === change.orgCode);
    expect(subs.length).toBeGreaterThanOrEqual(2);
    for (const s of subs) expect(s.foundedOn).toBe(change.on);
    const into = c.moves.filter(
      (mv) => mv.fromOrgCode === change.orgCode && subs.some((s) => s.code === mv.toOrgCode),
    );
    expect(into.length).toBeGreaterThan(0);
    for (const mv of into) expect(mv.on).toBe(change.on);
  });

  it('keeps the province’s histories possible too', () => {
    const gen = generateProvince({ seed: 11, today: TODAY, targetMembers: 20_000 });
    const orgs: DemoOrg[] = [];
    const changes: DemoOrgChange[] = [];
    for (const b of gen.orgBatches()) {
      orgs.push(...b.orgs);
      changes.push(...b.changes);
    }
    const members: DemoMember[] = [];
    const moves: DemoMove[] = [];
    for (const b of gen.memberBatches()) {
      members.push(...b.members);
      moves.push(...b.moves);
    }
    expect(checkHistories(orgs, changes, members, moves).problems).toEqual([]);
    expect(moves.length).toBeGreaterThan(100);
  }, 120_000);
});

describe('generateCounty', () => {
  const full = generateCounty({ today: TODAY });

  it('is deterministic for a seed and differs between seeds', () => {
    const a = generateCounty({ seed: 7, today: TODAY, scale: 0.1 });
    const b = generateCounty({ seed: 7, today: TODAY, scale: 0.1 });
    const c = generateCounty({ seed: 8, today: TODAY, scale: 0.1 });
    expect(b).toEqual(a);
    expect(c.members.slice(0, 50)).not.toEqual(a.members.slice(0, 50));
    // the real places are the same whatever the seed
    expect(
      c.orgs
        .filter((o) => o.kind !== 'branch')
        .map((o) => o.code)
        .slice(0, 20),
    ).toEqual(
      a.orgs
        .filter((o) => o.kind !== 'branch')
        .map((o) => o.code)
        .slice(0, 20),
    );
    expect(a.members.length).toBeGreaterThan(1500);
    expect(a.members.length).toBeLessThan(4000);
  });

  it('has a realistic size', () => {
    expect(full.orgs.length).toBeGreaterThan(500);
    expect(full.orgs.length).toBeLessThan(900);
    expect(full.members.length).toBeGreaterThan(18_000);
    expect(full.members.length).toBeLessThan(30_000);
  });

  it('builds a valid tree on the real divisions of the vendored county', () => {
    const byCode = checkTree(full.orgs);
    expect(full.orgs[0]!.name).toBe(`中共${COUNTY.county.name}委员会`);
    const divisions = new Set<string>([COUNTY.county.code]);
    for (const t of COUNTY.townships) {
      divisions.add(t.code);
      for (const v of t.villages) divisions.add(v.code);
    }
    for (const o of full.orgs) expect(divisions.has(o.divisionCode), o.divisionCode).toBe(true);
    // every real village and community has its org under its own code
    const villages = COUNTY.townships.flatMap((t) => t.villages).filter((v) => !v.name.includes('虚拟'));
    expect(villages.length).toBeGreaterThan(300);
    for (const v of villages) expect(byCode.has(`${v.code}00`), v.name).toBe(true);
    for (const kind of [
      'local_committee',
      'township_committee',
      'working_committee',
      'primary_committee',
      'general_branch',
      'branch',
    ]) {
      expect(
        full.orgs.some((o) => o.kind === kind),
        kind,
      ).toBe(true);
    }
    for (const sector of [
      'village',
      'community',
      'government',
      'school',
      'institution',
      'state_enterprise',
      'private_enterprise',
    ]) {
      expect(
        full.orgs.some((o) => o.sector === sector),
        sector,
      ).toBe(true);
    }
  });

  it('fits the API create schemas', () => {
    for (const o of full.orgs) OrgCreateSchema.parse(o);
    for (const m of full.members.filter((_, i) => i % 7 === 0)) MemberCreateSchema.parse(m);
  });

  it('makes members that pass checkMemberFacts with unique ID numbers from the county', () => {
    const byCode = new Map(full.orgs.map((o) => [o.code, o]));
    checkMembers(full.members, byCode, new Set());
    for (const m of full.members) expect(m.idNumber.slice(0, 6)).toBe(COUNTY.county.code);
  });

  it('shapes the members like the party statistics', () => {
    const ms = full.members;
    const sectorOf = new Map(full.orgs.map((o) => [o.code, o.sector]));
    const age = (m: DemoMember) => fullYears(m.birthDate, TODAY);
    const of = (sector: string) => ms.filter((m) => sectorOf.get(m.orgCode) === sector);
    const village = of('village');
    const government = of('government');

    expect(share(ms, (m) => m.sex === 'female')).toBeGreaterThan(0.27);
    expect(share(ms, (m) => m.sex === 'female')).toBeLessThan(0.34);
    // a rural county is older than the national 29% aged 61+; its villages older still, its organs young
    expect(share(ms, (m) => age(m) >= 61)).toBeGreaterThan(0.28);
    expect(share(ms, (m) => age(m) >= 61)).toBeLessThan(0.45);
    expect(share(village, (m) => age(m) >= 61)).toBeGreaterThan(0.35);
    expect(share(village, (m) => age(m) >= 61)).toBeLessThan(0.5);
    expect(
      share(
        government.filter((m) => m.occupation !== 'retired'),
        (m) => age(m) >= 60,
      ),
    ).toBe(0);
    // eastern Hubei: mostly Han
    expect(share(ms, (m) => m.ethnicity !== '01')).toBeGreaterThan(0.005);
    expect(share(ms, (m) => m.ethnicity !== '01')).toBeLessThan(0.03);
    expect(share(ms, (m) => m.status === 'probationary')).toBeGreaterThan(0.025);
    expect(share(ms, (m) => m.status === 'probationary')).toBeLessThan(0.045);
    // education and occupation by sector
    const school = (g: string | null) => g === 'junior_or_below' || g === 'high_school';
    expect(share(village, (m) => school(educationGroup(m.education)))).toBeGreaterThan(0.6);
    const working = government.filter((m) => m.occupation !== 'retired');
    expect(
      share(working, (m) => ['bachelor', 'postgraduate'].includes(educationGroup(m.education)!)),
    ).toBeGreaterThan(0.5);
    expect(share(working, (m) => m.occupation === 'civil_servant')).toBeGreaterThan(0.7);
    expect(share(village, (m) => m.occupation === 'farmer')).toBeGreaterThan(0.7);
    // join dates from the 1950s to last year
    expect(ms.some((m) => m.joinedOn < '1960-01-01')).toBe(true);
    expect(ms.some((m) => m.joinedOn > addYears(TODAY, -2) && m.status === 'full')).toBe(true);
    // names: a surname and one or two given-name characters
    expect(share(ms, (m) => /^[\u4e00-\u9fff]{2,3}$/.test(m.name))).toBe(1);
    expect(
      share(ms, (m) => m.name.startsWith('王') || m.name.startsWith('李') || m.name.startsWith('张')),
    ).toBeGreaterThan(0.12);
  });

  it('has exactly the documented problems', () => {
    const expected = DEMO_PROBLEMS.map((p) => `${p.orgCode} ${p.problem}`).sort();
    expect(expected).toHaveLength(3);
    expect(new Set(DEMO_PROBLEMS.map((p) => p.problem))).toEqual(
      new Set(['BRANCH_TOO_FEW_FULL_MEMBERS', 'BRANCH_TOO_LARGE', 'TERM_EXPIRED']),
    );
    expect(noticesOf(full.orgs, full.members)).toEqual(expected);
    const small = generateCounty({ seed: 3, today: TODAY, scale: 0.1 });
    expect(noticesOf(small.orgs, small.members)).toEqual(expected);
  });

  it('rejects a malformed today', () => {
    expect(() => generateCounty({ today: '2025-13-01' })).toThrow();
  });
});

describe('generateProvince', () => {
  it('streams a small province with exactly the target members', () => {
    const gen = generateProvince({ seed: 11, today: TODAY, targetMembers: 20_000, batchSize: 7_000 });
    const orgs: DemoOrg[] = [];
    for (const batch of gen.orgs()) {
      expect(batch.length).toBeLessThanOrEqual(7_000);
      orgs.push(...batch);
    }
    const byCode = checkTree(orgs);
    expect(orgs[0]!.name).toBe(`中共${PROVINCE.province.name}委员会`);
    const cities = PROVINCE.cities.filter((c) => !c.code.endsWith('9000'));
    for (const c of cities) expect(byCode.get(`${c.code}00000000`)?.parentCode).toBe(orgs[0]!.code);
    for (const c of PROVINCE.counties) expect(byCode.has(`${c.code}00000000`), c.name).toBe(true);
    for (const t of PROVINCE.townships) expect(byCode.has(`${t.c}00000`), t.n).toBe(true);
    expect(orgs.length).toBeGreaterThan(
      1 + cities.length + PROVINCE.counties.length + PROVINCE.townships.length,
    );

    let count = 0;
    const ids = new Set<string>();
    for (const batch of gen.members()) {
      expect(batch.length).toBeLessThanOrEqual(7_000);
      checkMembers(batch, byCode, ids);
      count += batch.length;
    }
    expect(count).toBe(20_000);
    expect(gen.targetMembers).toBe(20_000);
    // no deliberate problems at province scale: every branch has 3+ full members and at most 50, terms current
    const all: DemoMember[] = [];
    for (const batch of gen.members()) all.push(...batch);
    expect(noticesOf(orgs, all)).toEqual([]);
  }, 120_000);

  it('is reproducible and lazy', () => {
    const a = generateProvince({ seed: 5, today: TODAY, targetMembers: 200_000, batchSize: 2_000 });
    const b = generateProvince({ seed: 5, today: TODAY, targetMembers: 200_000, batchSize: 2_000 });
    const t0 = performance.now();
    const first = a.members().next().value;
    expect(performance.now() - t0).toBeLessThan(5_000); // one county planned, not the province
    expect(first).toEqual(b.members().next().value);
    expect(first).toHaveLength(2_000);
    const firstOrgs = a.orgs().next().value!;
    expect(firstOrgs).toEqual(b.orgs().next().value);
  }, 60_000);

  it('plans about 300,000 orgs for the default 5 million members', () => {
    const gen = generateProvince({ today: TODAY });
    let n = 0;
    let western = 0;
    for (const batch of gen.orgs()) {
      n += batch.length;
      western += batch.filter((o) => o.divisionCode.startsWith('4228')).length;
    }
    expect(gen.targetMembers).toBe(5_000_000);
    expect(n).toBeGreaterThan(250_000);
    expect(n).toBeLessThan(350_000);
    expect(western).toBeGreaterThan(5_000);
  }, 120_000);

  it('gives western Hubei its Tujia and Miao members', () => {
    const gen = generateProvince({ seed: 2, today: TODAY, targetMembers: 50_000 });
    const ms: DemoMember[] = [];
    for (const batch of gen.members()) ms.push(...batch.filter((m) => m.idNumber.startsWith('4228')));
    expect(ms.length).toBeGreaterThan(1000);
    expect(share(ms, (m) => m.ethnicity === '15')).toBeGreaterThan(0.3);
  }, 60_000);
});
