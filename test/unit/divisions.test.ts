/**
 * The county's division table checks (decision 0039) and the 预警 tree and analysis view (pure): code shapes, the
 * county, townships present wherever they stand in the file, duplicates, the urban-rural class; the coverage of an
 * area; each org's worst level with the counts below it; the distribution by township, never ranked.
 */
import { describe, expect, it } from 'vitest';
import {
  checkDivisionRows,
  countsByTownship,
  divisionCodeKind,
  judgesCoverage,
  uncoveredIn,
  type DivisionInput,
} from '../../src/domain/supervision/divisions.js';
import { distribution, warningTree, type TreeInput } from '../../src/domain/supervision/tree.js';

const row = (
  n: number,
  code: string,
  name: string,
  townshipCode: string | null = null,
  urbanRural: string | null = null,
): DivisionInput => ({ row: n, code, name, townshipCode, urbanRural });

describe('division codes', () => {
  it('tells the county, a township and a village apart', () => {
    expect(divisionCodeKind('421124')).toEqual({ kind: 'county', code: '421124' });
    expect(divisionCodeKind('421124000000')).toEqual({ kind: 'county', code: '421124' });
    expect(divisionCodeKind('421124100')).toEqual({ kind: 'township', code: '421124100' });
    expect(divisionCodeKind('421124100000')).toEqual({ kind: 'township', code: '421124100' });
    expect(divisionCodeKind('421124100201')).toEqual({ kind: 'village', code: '421124100201' });
    for (const bad of ['42112410020', '4211241002011', '42112410020A', '421124000', '421124000201', ''])
      expect(divisionCodeKind(bad), bad).toBeNull();
  });
});

describe('checking a table', () => {
  it('accepts townships after their villages, skips the county row, sorts by code', () => {
    const r = checkDivisionRows(
      [
        row(2, '421124000000', '英山县'),
        row(3, '421124100201', '莲花村村民委员会', '421124100', '220'),
        row(4, '421124100000', '温泉镇'),
        row(5, '421124100001', '毕升社区居民委员会', '421124100000', '111'),
      ],
      '421124',
    );
    expect(r.problems).toEqual([]);
    expect(r.skipped).toBe(1);
    expect(r.entries.map((e) => [e.code, e.level, e.townshipCode, e.urbanRural])).toEqual([
      ['421124100', 'township', '421124100', null],
      ['421124100001', 'village', '421124100', '111'],
      ['421124100201', 'village', '421124100', '220'],
    ]);
    expect(countsByTownship(r.entries)).toEqual([
      {
        code: '421124100',
        name: '温泉镇',
        communities: 1,
        villages: 1,
        other: 0,
        byUrbanRural: { '111': 1, '220': 1 },
      },
    ]);
  });

  it('reports every bad row with its reason', () => {
    const r = checkDivisionRows(
      [
        row(2, '421124100', '温泉镇', '421124'),
        row(3, '421124101', '坏镇', '421124100201'),
        row(4, '421124100201', '甲村', '421124100'),
        row(5, '421124100201', '甲村', '421124100'),
        row(6, '421124100202', '乙村', '421124101'),
        row(7, '421124103201', '丙村', '421124103'),
        row(8, '421124100203', '丁村', null),
        row(9, '421124100204', '戊村', '421124100', '300'),
        row(10, '421125100201', '外县村', '421125100'),
        row(11, '4211241002', '短村', '421124100'),
        row(12, '421124100205', '己村', '42112410'),
      ],
      '421124',
    );
    expect(r.problems.map((p) => [p.row, p.field, p.code])).toEqual([
      [3, 'townshipCode', 'DIVISION_PARENT_INVALID'],
      [5, 'code', 'DUPLICATE_IN_FILE'],
      [6, 'townshipCode', 'DIVISION_PARENT_MISMATCH'],
      [7, 'townshipCode', 'DIVISION_PARENT_MISSING'],
      [8, 'townshipCode', 'REQUIRED'],
      [9, 'urbanRural', 'URBAN_RURAL_INVALID'],
      [10, 'code', 'DIVISION_OTHER_COUNTY'],
      [11, 'code', 'DIVISION_CODE_INVALID'],
      [12, 'townshipCode', 'DIVISION_PARENT_INVALID'],
    ]);
  });

  it('names a township whose own row was rejected', () => {
    const r = checkDivisionRows(
      [row(2, '421124100', '温泉镇', '421124101'), row(3, '421124100201', '甲村', '421124100')],
      '421124',
    );
    expect(r.problems.map((p) => p.message)).toEqual([
      expect.stringContaining('上级应为本县'),
      '所属乡镇（街道）421124100 一行有问题，未能导入',
    ]);
  });
});

describe('coverage of an area', () => {
  const { entries } = checkDivisionRows(
    [
      row(2, '421124100', '温泉镇'),
      row(3, '421124100001', '毕升社区居民委员会', '421124100'),
      row(4, '421124100201', '莲花村村民委员会', '421124100'),
      row(5, '421124100400', '虚拟生活区', '421124100'),
      row(6, '421124101', '孔家坊乡'),
      row(7, '421124101201', '孔家坊村村民委员会', '421124101'),
    ],
    '421124',
  );
  it('lists the villages and communities no org carries, never a virtual area', () => {
    const taken = new Set(['421124', '421124100', '421124100201']);
    expect(uncoveredIn(entries, '421124', '421124', taken)).toEqual([
      { code: '421124100001', name: '毕升社区居民委员会' },
      { code: '421124101201', name: '孔家坊村村民委员会' },
    ]);
    expect(uncoveredIn(entries, '421124', '421124100', taken)).toEqual([
      { code: '421124100001', name: '毕升社区居民委员会' },
    ]);
  });
  it('is absent for an area the table does not hold', () => {
    expect(uncoveredIn(entries, '421124', '421124102', new Set())).toBeNull();
    expect(uncoveredIn(entries, '421124', '421124100201', new Set())).toBeNull();
    expect(uncoveredIn(entries, '421124', null, new Set())).toBeNull();
  });
  it('is judged for the area’s own committee only', () => {
    expect(judgesCoverage('local_committee', '421124')).toBe(true);
    expect(judgesCoverage('township_committee', '421124100')).toBe(true);
    expect(judgesCoverage('working_committee', '421124100')).toBe(true); // a street working committee
    // a county bureau's 机关工委 on the county's code, a township office's branch on the township's
    expect(judgesCoverage('working_committee', '421124')).toBe(false);
    expect(judgesCoverage('branch', '421124100')).toBe(false);
    expect(judgesCoverage('primary_committee', '421124100')).toBe(false);
    expect(judgesCoverage('local_committee', '421124100201')).toBe(false);
    expect(judgesCoverage('local_committee', null)).toBe(false);
  });
});

describe('the warning tree', () => {
  // C (1) → T1 (2) → V11 (4), V12 (5); C → T2 (3) → V21 (6)
  const rows: TreeInput[] = [
    {
      id: 1,
      code: 'C',
      name: '县委',
      kind: 'local_committee',
      parentId: null,
      path: '/1/',
      depth: 1,
      reds: [],
      ambers: ['ageing'],
    },
    {
      id: 2,
      code: 'T1',
      name: '甲镇',
      kind: 'township_committee',
      parentId: 1,
      path: '/1/2/',
      depth: 2,
      reds: ['coverage'],
      ambers: [],
    },
    {
      id: 4,
      code: 'V11',
      name: '甲村',
      kind: 'branch',
      parentId: 2,
      path: '/1/2/4/',
      depth: 3,
      reds: ['org_life'],
      ambers: ['ageing'],
    },
    {
      id: 5,
      code: 'V12',
      name: '乙村',
      kind: 'branch',
      parentId: 2,
      path: '/1/2/5/',
      depth: 3,
      reds: [],
      ambers: ['org_life'],
    },
    {
      id: 3,
      code: 'T2',
      name: '乙镇',
      kind: 'township_committee',
      parentId: 1,
      path: '/1/3/',
      depth: 2,
      reds: [],
      ambers: [],
    },
    {
      id: 6,
      code: 'V21',
      name: '丙村',
      kind: 'branch',
      parentId: 3,
      path: '/1/3/6/',
      depth: 3,
      reds: [],
      ambers: [],
    },
  ];

  it('gives each org its worst level and the counts below it, in tree order', () => {
    const t = warningTree(rows, { id: 1, depth: 1 });
    expect(t.map((n) => [n.code, n.parent, n.depth, n.level, n.below])).toEqual([
      ['C', null, 0, 'amber', { red: 2, amber: 1, orgs: 5 }],
      ['T1', 'C', 1, 'red', { red: 1, amber: 1, orgs: 2 }],
      ['V11', 'T1', 2, 'red', { red: 0, amber: 0, orgs: 0 }],
      ['V12', 'T1', 2, 'amber', { red: 0, amber: 0, orgs: 0 }],
      ['T2', 'C', 1, null, { red: 0, amber: 0, orgs: 1 }],
      ['V21', 'T2', 2, null, { red: 0, amber: 0, orgs: 0 }],
    ]);
    // a subtree: its root has no parent, nothing above it counts
    expect(warningTree(rows.slice(1, 4), { id: 2, depth: 2 })[0]).toMatchObject({
      code: 'T1',
      parent: null,
      depth: 0,
      below: { red: 1, amber: 1, orgs: 2 },
    });
  });

  it('distributes each indicator over the townships, in tree order, with shares', () => {
    const d = distribution(rows, { id: 1 }, ['org_life', 'ageing', 'coverage']);
    expect(d.groups.map((g) => [g.code, g.orgs, g.red, g.amber])).toEqual([
      ['T1', 3, 2, 1],
      ['T2', 2, 0, 0],
    ]);
    expect(d.groups[0]!.byIndicator).toEqual([
      { indicator: 'org_life', red: 1, amber: 1, percent: 66.7 },
      { indicator: 'ageing', red: 0, amber: 1, percent: 33.3 },
      { indicator: 'coverage', red: 1, amber: 0, percent: 33.3 },
    ]);
    expect(d.total).toMatchObject({ code: 'C', orgs: 6, red: 2, amber: 2 });
    expect(d.total.byIndicator[1]).toEqual({ indicator: 'ageing', red: 0, amber: 2, percent: 33.3 });
  });
});
