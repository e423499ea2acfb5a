import { describe, expect, it } from 'vitest';
import {
  ageKey,
  memberKeys,
  NO_STANDING,
  onRoster,
  orgKeys,
  pathIds,
  standingBandKey,
  standingByBand,
  standingKey,
  StatDelta,
  UNKNOWN,
  type StatMember,
} from '../../src/domain/stats/keys.js';
import { MEMBER_STATUSES } from '../../src/shared/codes.js';
import { bandsFromUpperBounds, DEFAULT_SETTINGS } from '../../src/policy/settings.js';

const AT = '2026-03-15';

const member = (over: Partial<StatMember> = {}): StatMember => ({
  status: 'full',
  sex: 'female',
  birthDate: '1990-03-15',
  ethnicity: '01',
  educationRaw: null,
  occupationRaw: null,
  education: '21',
  occupation: 'worker',
  joinedOn: '2012-11-08',
  confirmedOn: '2013-11-08',
  ...over,
});

describe('onRoster / memberKeys', () => {
  it.each(MEMBER_STATUSES.map((s) => [s.code, s.code === 'full' || s.code === 'probationary'] as const))(
    'onRoster(%s) = %s',
    (s, on) => {
      expect(onRoster(s)).toBe(on);
    },
  );

  it('gives one key per dimension for a full member', () => {
    expect(memberKeys(member(), AT)).toEqual([
      ['status', 'full'],
      ['sex', 'female'],
      ['age', '36-40'], // 36 today
      ['eth', 'han'],
      ['edu', 'bachelor'],
      ['occ', 'worker'],
      ['standing', '12'], // confirmed 2013-11-08: 12 full years (the bands are applied when read)
      ['join', 'since_2012'],
    ]);
  });

  it('a probationary minority member without education or occupation', () => {
    expect(
      memberKeys(
        member({
          status: 'probationary',
          sex: 'male',
          birthDate: '2005-06-15',
          ethnicity: '05',
          education: null,
          occupation: null,
          joinedOn: '2012-11-07',
          confirmedOn: null,
        }),
        AT,
      ),
    ).toEqual([
      ['status', 'probationary'],
      ['sex', 'male'],
      ['age', '0-30'],
      ['eth', 'minority'],
      ['edu', UNKNOWN],
      ['occ', UNKNOWN],
      ['standing', NO_STANDING],
      ['join', '1978_2012'],
    ]);
  });

  it('an education code outside the table is unknown', () => {
    expect(memberKeys(member({ education: '99' }), AT)).toContainEqual(['edu', 'unknown']);
  });

  it.each(['suspended', 'transferred_out', 'removed', 'revoked', 'deceased'] as const)(
    'off the roster (%s) → []',
    (status) => {
      expect(memberKeys(member({ status }), AT)).toEqual([]);
    },
  );
});

describe('ageKey', () => {
  it.each([
    ['1995-03-16', '0-30'], // 30, turns 31 tomorrow
    ['1995-03-15', '31-35'], // 31 today
    ['1990-03-16', '31-35'], // 35
    ['1990-03-15', '36-40'], // 36 today
    ['1965-03-16', '56-60'], // 60
    ['1965-03-15', '61+'], // 61 today
  ])('born %s at 2026-03-15 → %s', (birth, band) => {
    expect(ageKey(birth, AT)).toBe(band);
  });
});

describe('standingKey (党龄 from confirmation, in full years) and standingBandKey', () => {
  it.each([
    ['full', '2026-03-15', '0', '0-5'], // confirmed today: 0 years
    ['full', '2021-03-15', '5', '0-5'], // 5 years
    ['full', '2020-03-16', '5', '0-5'], // 5 years, 6 tomorrow
    ['full', '2020-03-15', '6', '6-10'], // 6 years
    ['full', '1975-03-15', '51', '51+'], // 51 years
    ['full', '1975-03-16', '50', '41-50'], // 50 years
    ['full', '2026-03-16', NO_STANDING, NO_STANDING], // confirmation in the future
    ['full', null, NO_STANDING, NO_STANDING],
    ['probationary', null, NO_STANDING, NO_STANDING],
    ['probationary', '2020-01-01', NO_STANDING, NO_STANDING], // probationary never has standing
  ] as const)('%s confirmed %s → %s years, band %s', (status, confirmedOn, key, band) => {
    expect(standingKey({ status, confirmedOn }, AT)).toBe(key);
    expect(standingBandKey({ status, confirmedOn }, AT, DEFAULT_SETTINGS.standingBands)).toBe(band);
  });

  it('sums year cells into the bands given, every band listed, members without standing last', () => {
    const cells = [
      { key: '0', n: 2 },
      { key: '5', n: 1 },
      { key: '6', n: 4 },
      { key: '51', n: 1 },
      { key: NO_STANDING, n: 3 },
    ];
    expect(standingByBand(cells, DEFAULT_SETTINGS.standingBands)).toEqual({
      '0-5': 3,
      '6-10': 4,
      '11-20': 0,
      '21-30': 0,
      '31-40': 0,
      '41-50': 0,
      '51+': 1,
      none: 3,
    });
    const coarse = bandsFromUpperBounds([9]);
    expect(standingByBand(cells, coarse)).toEqual({ '0-9': 7, '10+': 1, none: 3 });
    expect(standingByBand([], coarse)).toEqual({ '0-9': 0, '10+': 0 });
  });
});

describe('orgKeys', () => {
  it('active org → kind and sector; dissolved → []', () => {
    expect(orgKeys({ kind: 'branch', sector: 'village', status: 'active' })).toEqual([
      ['orgKind', 'branch'],
      ['orgSector', 'village'],
    ]);
    expect(orgKeys({ kind: 'branch', sector: 'village', status: 'dissolved' })).toEqual([]);
  });
});

describe('StatDelta', () => {
  const sorted = (d: StatDelta) =>
    [...d.entries()].sort(
      (a, b) => a.orgId - b.orgId || a.dim.localeCompare(b.dim) || a.key.localeCompare(b.key),
    );

  it('adds one per (org, dim, key) along the path', () => {
    const d = new StatDelta();
    d.add(
      [1, 5],
      [
        ['sex', 'male'],
        ['status', 'full'],
      ],
      1,
    );
    expect(d.size).toBe(4);
    expect(sorted(d)).toEqual([
      { orgId: 1, dim: 'sex', key: 'male', n: 1 },
      { orgId: 1, dim: 'status', key: 'full', n: 1 },
      { orgId: 5, dim: 'sex', key: 'male', n: 1 },
      { orgId: 5, dim: 'status', key: 'full', n: 1 },
    ]);
  });

  it('aggregates repeated adds and honours `times`', () => {
    const d = new StatDelta();
    d.add([1], [['sex', 'male']], 1);
    d.add([1], [['sex', 'male']], 1, 3);
    d.add([1], [['sex', 'male']], -1, 2);
    expect(sorted(d)).toEqual([{ orgId: 1, dim: 'sex', key: 'male', n: 2 }]);
  });

  it('a move cancels out in the common ancestors and leaves ±1 in the branches', () => {
    const keys = memberKeys(member(), AT);
    const d = new StatDelta();
    d.add(pathIds('/1/5/17/'), keys, -1); // leave branch 17
    d.add(pathIds('/1/5/23/'), keys, 1); // join branch 23
    const out = sorted(d);
    expect(out.filter((e) => e.orgId === 1 || e.orgId === 5)).toEqual([]);
    expect(out.filter((e) => e.orgId === 17)).toHaveLength(8);
    expect(out.filter((e) => e.orgId === 17).every((e) => e.n === -1)).toBe(true);
    expect(out.filter((e) => e.orgId === 23)).toHaveLength(8);
    expect(out.filter((e) => e.orgId === 23).every((e) => e.n === 1)).toBe(true);
    expect(d.size).toBe(32); // cancelled cells stay in the map with 0, but entries() skips them
  });

  it('keys with separators stay apart', () => {
    const d = new StatDelta();
    d.add([1], [['age', '0-30']], 1);
    d.add([1], [['age', '31-35']], 1);
    d.add([12], [['age', '0-30']], 1);
    expect(sorted(d)).toEqual([
      { orgId: 1, dim: 'age', key: '0-30', n: 1 },
      { orgId: 1, dim: 'age', key: '31-35', n: 1 },
      { orgId: 12, dim: 'age', key: '0-30', n: 1 },
    ]);
  });
});

describe('pathIds', () => {
  it.each([
    ['/1/5/17/', [1, 5, 17]],
    ['/1/', [1]],
    ['/', []],
    ['', []],
    ['/100/2000/30000/', [100, 2000, 30000]],
  ])('%j → %j', (path, ids) => {
    expect(pathIds(path)).toEqual(ids);
  });
});
