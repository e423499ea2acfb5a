import { describe, it, expect } from 'vitest';
import {
  detectHeader,
  headerKey,
  matchHeader,
  MEMBER_FIELDS,
  ORG_FIELDS,
  EXAMPLE_ID_NUMBER,
} from '../../src/io/headers.js';
import { AppError } from '../../src/shared/errors.js';
import { parseIdNumber } from '../../src/shared/id-number.js';
import type { CellValue } from '../../src/io/normalize.js';

const keyOf = (kind: 'orgs' | 'members', text: string) => matchHeader(kind, text)?.key ?? null;

function noHeader(fn: () => unknown): AppError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    expect((e as AppError).code).toBe('IMPORT_NO_HEADER');
    return e as AppError;
  }
  throw new Error('expected IMPORT_NO_HEADER');
}

describe('header matching', () => {
  it('ignores spaces, full-width forms, * markers and bracketed notes', () => {
    expect(headerKey(' *姓 名（必填）')).toBe('姓名');
    expect(headerKey('身份证号(18位)')).toBe('身份证号');
    expect(headerKey('＊入党日期【必填】')).toBe('入党日期');
    expect(headerKey('出生日期\n(yyyy-mm-dd)')).toBe('出生日期');
    expect(headerKey('联系电话：')).toBe('联系电话');
    expect(keyOf('members', '姓名*')).toBe('name');
    expect(keyOf('members', '※民族')).toBe('ethnicity');
  });

  it('knows the member synonyms', () => {
    const cases: [string, string][] = [
      ['所在党组织编码', 'orgCode'],
      ['党组织编码', 'orgCode'],
      ['组织编码', 'orgCode'],
      ['支部编码', 'orgCode'],
      ['所在支部编码', 'orgCode'],
      ['公民身份号码', 'idNumber'],
      ['身份证号', 'idNumber'],
      ['身份证号码', 'idNumber'],
      ['身份证', 'idNumber'],
      ['文化程度', 'education'],
      ['学历学位', 'education'],
      ['工作岗位', 'occupation'],
      ['党员类别', 'status'],
      ['党员状态', 'status'],
      ['入党时间', 'joinedOn'],
      ['加入党组织日期', 'joinedOn'],
      ['转正时间', 'confirmedOn'],
      ['手机号', 'phone'],
      ['手机', 'phone'],
      ['电话', 'phone'],
      ['住址', 'address'],
      ['现居住地', 'address'],
      ['单位', 'workUnit'],
      ['是否流动党员', 'isMobile'],
    ];
    for (const [h, key] of cases) expect(keyOf('members', h), h).toBe(key);
    expect(keyOf('members', '备注')).toBeNull();
  });

  it('knows the org synonyms', () => {
    const cases: [string, string][] = [
      ['组织编码', 'code'],
      ['组织名称', 'name'],
      ['党组织名称', 'name'],
      ['名称', 'name'],
      ['简称', 'shortName'],
      ['上级组织编码', 'parentCode'],
      ['上级党组织编码', 'parentCode'],
      ['组织类别', 'kind'],
      ['组织类型', 'kind'],
      ['党组织类别', 'kind'],
      ['所在领域', 'sector'],
      ['领域', 'sector'],
      ['单位类别', 'sector'],
      ['行政区划代码', 'divisionCode'],
      ['区划代码', 'divisionCode'],
      ['成立日期', 'foundedOn'],
      ['建立日期', 'foundedOn'],
      ['地址', 'address'],
      ['联系电话', 'contactPhone'],
    ];
    for (const [h, key] of cases) expect(keyOf('orgs', h), h).toBe(key);
  });

  it('every canonical header and synonym maps to its own field', () => {
    for (const [kind, fields] of [
      ['orgs', ORG_FIELDS],
      ['members', MEMBER_FIELDS],
    ] as const) {
      for (const f of fields) {
        expect(keyOf(kind, f.header)).toBe(f.key);
        for (const s of f.synonyms) expect(keyOf(kind, s), s).toBe(f.key);
      }
    }
  });

  it('the template example ID number is valid', () => {
    const r = parseIdNumber(EXAMPLE_ID_NUMBER, '2025-06-30');
    expect(r.ok).toBe(true);
  });
});

describe('detectHeader', () => {
  const memberHeader: CellValue[] = ['支部编码', '姓名', '身份证号', '民族', '党员类别', '入党时间', '备注'];

  it('skips title rows above the header', () => {
    const h = detectHeader(
      [
        { row: 1, cells: ['某某镇党员花名册'] },
        { row: 2, cells: ['填报单位：某某村', null, null, '2025年6月'] },
        { row: 4, cells: memberHeader },
        { row: 5, cells: ['B001', '张三'] },
      ],
      'members',
    );
    expect(h.row).toBe(4);
    expect(h.columns.map((c) => [c.index, c.field.key, c.header])).toEqual([
      [0, 'orgCode', '支部编码'],
      [1, 'name', '姓名'],
      [2, 'idNumber', '身份证号'],
      [3, 'ethnicity', '民族'],
      [4, 'status', '党员类别'],
      [5, 'joinedOn', '入党时间'],
    ]);
    expect(h.ignored).toEqual([{ index: 6, header: '备注' }]);
    expect(h.duplicates).toEqual([]);
  });

  it('reports a column named twice and reads the first', () => {
    const h = detectHeader([{ row: 1, cells: [...memberHeader, '手机号', '联系电话'] }], 'members');
    expect(h.columns.find((c) => c.field.key === 'phone')?.index).toBe(7);
    expect(h.duplicates).toHaveLength(1);
    expect(h.duplicates[0]).toMatchObject({
      index: 8,
      header: '联系电话',
      first: { index: 7, header: '手机号' },
    });
  });

  it('names the missing required columns', () => {
    const e = noHeader(() =>
      detectHeader(
        [
          { row: 1, cells: ['标题'] },
          { row: 2, cells: ['姓名', '身份证号', '民族', '入党日期'] },
        ],
        'members',
      ),
    );
    expect(e.message).toContain('第2行');
    expect(e.message).toContain('所在党组织编码');
    expect(e.message).toContain('人员类别');
    expect(e.message).not.toContain('民族、');
    expect(e.details).toEqual({ row: 2, missing: ['所在党组织编码', '人员类别'] });
  });

  it('says so when no row looks like a header', () => {
    const e = noHeader(() =>
      detectHeader(
        [
          { row: 1, cells: ['会议记录'] },
          { row: 2, cells: [1, 2, 3] },
        ],
        'orgs',
      ),
    );
    expect(e.message).toContain('没有找到表头行');
    expect(e.message).toContain('“组织编码”');
  });

  it('looks no further than the first 10 rows', () => {
    const rows = Array.from({ length: 10 }, (_, i) => ({ row: i + 1, cells: ['说明'] as CellValue[] }));
    rows.push({ row: 11, cells: ['组织编码', '组织名称', '组织类别', '所在领域'] });
    noHeader(() => detectHeader(rows, 'orgs'));
    expect(detectHeader(rows.slice(1), 'orgs').row).toBe(11);
  });
});
