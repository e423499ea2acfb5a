import { describe, expect, it } from 'vitest';
import {
  defaultTermYears,
  mayContain,
  mayHoldMembers,
  orgNotices,
  termEndsOn,
} from '../../src/domain/org/rules.js';
import { ORG_KINDS, type OrgKind } from '../../src/shared/codes.js';

const TODAY = '2026-03-15';

// Rows: parent; columns in this order. 'Y' = may contain.
const KINDS: OrgKind[] = [
  'local_committee',
  'township_committee',
  'working_committee',
  'primary_committee',
  'general_branch',
  'branch',
  'joint_branch',
  'temporary_branch',
];
const MATRIX: Record<OrgKind, string> = {
  local_committee: '.YYYYYYY',
  township_committee: '.YYYYYYY',
  working_committee: '.YYYYYYY',
  primary_committee: '.YYYYYYY',
  general_branch: '.....YYY', // 党总支 contains only branches
  branch: '........', // the basic unit has no sub-orgs
  joint_branch: '........',
  temporary_branch: '........',
};

describe('mayContain', () => {
  it('the matrix covers every kind', () => {
    expect([...KINDS].sort()).toEqual(ORG_KINDS.map((k) => k.code).sort());
  });

  const cells = KINDS.flatMap((parent) =>
    KINDS.map((child, i) => [parent, child, MATRIX[parent][i] === 'Y'] as const),
  );
  it.each(cells)('%s ⊃ %s: %s', (parent, child, allowed) => {
    expect(mayContain(parent, child)).toBe(allowed);
  });

  it('nothing contains a local committee', () => {
    for (const p of KINDS) expect(mayContain(p, 'local_committee')).toBe(false);
  });
});

describe('mayHoldMembers', () => {
  it.each(KINDS.map((k) => [k, k !== 'local_committee'] as const))('%s → %s', (k, ok) => {
    expect(mayHoldMembers(k)).toBe(ok);
  });
});

describe('termEndsOn / defaultTermYears', () => {
  it.each([
    ['2021-03-15', 3, '2024-03-15'],
    ['2021-03-15', 5, '2026-03-15'],
    ['2020-02-29', 3, '2023-02-28'],
    ['2020-02-29', 4, '2024-02-29'],
    ['2019-12-31', 5, '2024-12-31'],
  ])('elected %s for %i years → ends %s', (elected, years, ends) => {
    expect(termEndsOn(elected, years)).toBe(ends);
  });

  it.each([
    ['branch', 'school', '2021-05-01', 3],
    ['general_branch', 'state_enterprise', '2021-05-01', 3],
    ['primary_committee', 'institution', '2021-05-01', 5],
    ['branch', 'village', '2021-05-01', 5],
    ['branch', 'community', '2021-05-01', 5],
    ['township_committee', 'government', '2021-05-01', 5],
    ['temporary_branch', 'private_enterprise', '2021-05-01', null],
    ['branch', 'school', '2010-05-01', 3], // baseline rule set
  ] as const)('%s / %s elected %s → %s', (kind, sector, on, years) => {
    expect(defaultTermYears(kind, sector, on)).toBe(years);
  });
});

describe('orgNotices', () => {
  const active = (kind: OrgKind) => ({ kind, status: 'active' });
  const codes = (...a: Parameters<typeof orgNotices>) => orgNotices(...a).map((n) => n.code);

  it.each([
    // [kind, total, full, expected codes]
    ['branch', 2, 2, ['BRANCH_TOO_FEW_FULL_MEMBERS']],
    ['branch', 10, 2, ['BRANCH_TOO_FEW_FULL_MEMBERS']], // counts full members, not all members
    ['branch', 3, 3, []],
    ['branch', 0, 0, ['BRANCH_TOO_FEW_FULL_MEMBERS']],
    ['branch', 50, 50, []],
    ['branch', 51, 51, ['BRANCH_TOO_LARGE']],
    ['branch', 51, 2, ['BRANCH_TOO_FEW_FULL_MEMBERS', 'BRANCH_TOO_LARGE']],
    ['joint_branch', 2, 2, []], // 联合党支部 exists because units have fewer than 3
    ['joint_branch', 51, 51, ['BRANCH_TOO_LARGE']],
    ['temporary_branch', 2, 2, []],
    ['temporary_branch', 51, 51, ['BRANCH_TOO_LARGE']],
    ['general_branch', 2, 1, []], // not a branch
    ['general_branch', 120, 120, []],
    ['primary_committee', 0, 0, []],
    ['primary_committee', 500, 500, []],
    ['local_committee', 0, 0, []],
  ] as const)('%s with %i members (%i full) → %j', (kind, total, full, expected) => {
    expect(codes(active(kind), { total, full }, null, TODAY)).toEqual(expected);
  });

  it('the messages carry the thresholds and the counts', () => {
    const [few, large] = orgNotices(active('branch'), { total: 51, full: 2 }, null, TODAY);
    expect(few!.message).toContain('3');
    expect(few!.message).toContain('2人');
    expect(large!.message).toContain('50');
    expect(large!.message).toContain('51人');
  });

  it.each([
    ['2026-03-14', ['TERM_EXPIRED']], // ended yesterday
    ['2026-03-15', []], // ends today
    ['2026-03-16', []],
    ['2020-01-01', ['TERM_EXPIRED']],
  ])('term ending %s, today 2026-03-15 → %j', (ends, expected) => {
    expect(codes(active('branch'), { total: 5, full: 5 }, { termEndsOn: ends }, TODAY)).toEqual(expected);
    expect(codes(active('primary_committee'), { total: 0, full: 0 }, { termEndsOn: ends }, TODAY)).toEqual(
      expected,
    );
  });

  it('names the end date in TERM_EXPIRED', () => {
    const [n] = orgNotices(active('branch'), { total: 5, full: 5 }, { termEndsOn: '2026-03-14' }, TODAY);
    expect(n!.message).toContain('2026-03-14');
  });

  it('a dissolved org gets no notices at all', () => {
    expect(
      orgNotices(
        { kind: 'branch', status: 'dissolved' },
        { total: 60, full: 1 },
        { termEndsOn: '2000-01-01' },
        TODAY,
      ),
    ).toEqual([]);
  });

  it('all three notices at once', () => {
    expect(codes(active('branch'), { total: 60, full: 1 }, { termEndsOn: '2025-01-01' }, TODAY)).toEqual([
      'BRANCH_TOO_FEW_FULL_MEMBERS',
      'BRANCH_TOO_LARGE',
      'TERM_EXPIRED',
    ]);
  });
});
