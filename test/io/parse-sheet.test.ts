import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { findDuplicates, parseMemberRows, parseOrgRows, type ParsedRow } from '../../src/io/parse-sheet.js';
import type { HeaderInfo } from '../../src/io/headers.js';
import type { MemberImport, OrgCreate } from '../../src/shared/schemas.js';
import { AppError } from '../../src/shared/errors.js';
import { IDS, WRONG_CHECK } from '../fixtures/io/make-fixtures.js';

const FIX = join(import.meta.dirname, '../fixtures/io');
const TODAY = '2025-06-30';
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'jiceng-parse-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function members(path: string, onHeader?: (h: HeaderInfo) => void): Promise<ParsedRow<MemberImport>[]> {
  const out: ParsedRow<MemberImport>[] = [];
  for await (const r of parseMemberRows({ path }, { today: TODAY, onHeader })) out.push(r);
  return out;
}
async function orgs(path: string): Promise<ParsedRow<OrgCreate>[]> {
  const out: ParsedRow<OrgCreate>[] = [];
  for await (const r of parseOrgRows({ path })) out.push(r);
  return out;
}
const errorsOf = (r: ParsedRow<unknown> | undefined) => (r?.errors ?? []).map((e) => [e.column, e.code]);
const csvFile = (name: string, lines: string[]) => {
  const p = join(dir, name);
  writeFileSync(p, lines.join('\n') + '\n');
  return p;
};

describe('parseMemberRows: LibreOffice roster with a title row and synonym headers', () => {
  let rows: ParsedRow<MemberImport>[];
  let header: HeaderInfo | undefined;
  beforeAll(async () => {
    rows = await members(join(FIX, 'members-roster.xlsx'), (h) => (header = h));
  });
  const at = (row: number) => rows.find((r) => r.row === row);

  it('finds the header under the title and ignores the 备注 column', () => {
    expect(header?.row).toBe(2);
    expect(header?.ignored).toEqual([{ index: 17, header: '备注' }]);
    expect(rows.map((r) => r.row)).toEqual([3, 4, 5, 6, 7, 8, 10, 11, 12, 13]);
  });

  it('reads a clean row into a MemberCreate', () => {
    expect(at(3)).toEqual({
      row: 3,
      errors: [],
      value: {
        orgCode: 'B001',
        name: '张伟',
        idNumber: IDS.zhangWei,
        sex: 'male',
        birthDate: '1985-03-12',
        ethnicity: '01',
        education: '21',
        occupation: 'farmer',
        status: 'full',
        joinedOn: '2010-07-01',
        confirmedOn: '2011-07-01',
        phone: '13800000001',
        nativePlace: '浙江杭州',
        address: '某某村1组',
        workUnit: '某某村村委会',
        jobTitle: '村委委员',
        isMobile: false,
      },
    });
  });

  it('reports a wrong check character against the ID column as written (身份证号)', () => {
    expect(at(4)?.value).toBeNull();
    expect(at(4)?.errors).toEqual([
      { row: 4, column: '身份证号', code: 'ID_CHECKSUM', message: '身份证号校验位不正确，请核对是否录错' },
    ]);
  });

  it('reports sex that contradicts the ID number', () => {
    expect(errorsOf(at(5))).toEqual([['性别', 'SEX_CONFLICT']]);
    expect(at(5)?.errors[0]?.message).toContain('身份证号显示为女');
  });

  it('reads 2024年7月1日 and fills sex and birth date from the ID number', () => {
    expect(at(6)?.errors).toEqual([]);
    expect(at(6)?.value).toMatchObject({
      joinedOn: '2024-07-01',
      status: 'probationary',
      sex: 'female',
      birthDate: '2000-01-05',
      ethnicity: '03',
      education: '14',
      occupation: 'student',
    });
  });

  it('reads full-width digits in the ID number, dates and phone', () => {
    expect(at(7)?.errors).toEqual([]);
    expect(at(7)?.value).toMatchObject({
      idNumber: IDS.liuYang,
      birthDate: '1992-05-06',
      joinedOn: '2015-07-01',
      confirmedOn: '2016-07-01',
      phone: '13900000002',
      education: '31',
    });
  });

  it('keeps an ethnicity no table knows as typed, with a warning, not a rejection (issue 9 #3)', () => {
    expect(at(8)?.errors).toEqual([]);
    expect(at(8)?.value).toMatchObject({ ethnicityRaw: '火星族' });
    expect(at(8)?.value?.ethnicity).toBeUndefined();
    expect(at(8)?.warnings).toEqual([
      {
        row: 8,
        column: '民族',
        code: 'UNCLASSIFIED',
        message: '民族“火星族”无法对应标准类别，已按原文导入，统计为“未归类”',
        field: 'ethnicity',
        value: '火星族',
      },
    ]);
  });

  it('reports every problem of a row, each against its own column', () => {
    expect(at(10)?.value).toBeNull();
    expect(new Set(errorsOf(at(10)).map(([c, code]) => `${c}:${code}`))).toEqual(
      new Set([
        '姓名:REQUIRED',
        '身份证号:ID_CHECKSUM',
        '性别:CODE_UNKNOWN',
        '党员类别:CODE_NOT_ALLOWED',
        '入党时间:DATE_NO_DAY',
      ]),
    );
    expect(at(10)?.errors.every((e) => e.row === 10)).toBe(true);
    // its unknown 文化程度 is no problem of the row (it would be kept as typed), and a rejected row has no warnings
    expect(at(10)?.warnings).toBeUndefined();
  });

  it('cleans stray spaces and reads 20200305 and 2021/3/6', () => {
    expect(at(11)?.errors).toEqual([]);
    expect(at(11)?.value).toMatchObject({
      name: '杨 洋',
      idNumber: IDS.yangYang,
      ethnicity: '01',
      status: 'full',
      joinedOn: '2020-03-05',
      confirmedOn: '2021-03-06',
      education: '81',
      occupation: 'retired',
    });
  });

  it('reports a confirmation date on a probationary member (checkMemberFacts) against 转正时间', () => {
    expect(errorsOf(at(12))).toEqual([['转正时间', 'PROBATIONARY_CONFIRMED']]);
  });

  it('reads 是 as a mobile member', () => {
    expect(at(13)?.value).toMatchObject({
      isMobile: true,
      ethnicity: '11',
      education: '28',
      phone: '0571-88886666',
    });
  });
});

describe('parseMemberRows: other checks', () => {
  it('reads real date cells (LibreOffice date type)', async () => {
    const rows = await members(join(FIX, 'members-dates.xlsx'));
    expect(
      rows.map((r) => [r.row, r.value?.joinedOn, r.value?.confirmedOn ?? null, r.errors.length]),
    ).toEqual([
      [2, '2010-07-01', '2011-07-01', 0],
      [3, '2012-06-30', '2013-07-01', 0],
      [4, '2024-07-01', null, 0],
    ]);
  });

  it('reads GBK CSV (text is folded to half-width: ，→ ,)', async () => {
    const rows = await members(join(FIX, 'members-gbk.csv'));
    expect(rows).toHaveLength(2);
    expect(rows[0]?.value).toMatchObject({ name: '张伟', address: '浙江省杭州市上城区某某街道,某某小区' });
    expect(rows[1]?.value).toMatchObject({ name: '赵敏', status: 'probationary', sex: 'female' });
  });

  it('judges dates against `today` and the age at joining', async () => {
    const p = csvFile('dates.csv', [
      '所在党组织编码,姓名,公民身份号码,出生日期,民族,人员类别,入党日期,转正日期',
      `B001,甲,${IDS.zhangWei},1985-03-13,汉族,正式党员,2026-01-01,`,
      `B001,乙,${IDS.zhaoMin},,汉族,正式党员,2015-01-01,2014-01-01`,
      `B001,丙,${IDS.zhangWei},,汉族,正式党员,2010-07-01,2026-01-01`,
    ]);
    const rows = await members(p);
    expect(errorsOf(rows[0])).toEqual([
      ['出生日期', 'BIRTH_DATE_CONFLICT'],
      ['入党日期', 'JOIN_IN_FUTURE'],
    ]);
    expect(errorsOf(rows[1])).toEqual([
      ['入党日期', 'JOIN_UNDER_AGE'],
      ['转正日期', 'CONFIRM_BEFORE_JOIN'],
    ]);
    expect(errorsOf(rows[2])).toEqual([['转正日期', 'CONFIRM_IN_FUTURE']]);
  });

  it('still checks the ID number when the join date is missing, without inventing join problems', async () => {
    const p = csvFile('missing.csv', [
      '所在党组织编码,姓名,公民身份号码,民族,人员类别,入党日期,转正日期',
      `B001,甲,${WRONG_CHECK(IDS.zhaoMin)},汉族,,,2020-01-01`,
      `,乙,,,正式党员,2020-01-01,`,
    ]);
    const rows = await members(p);
    expect(errorsOf(rows[0])).toEqual([
      ['人员类别', 'REQUIRED'],
      ['入党日期', 'REQUIRED'],
      ['公民身份号码', 'ID_CHECKSUM'],
    ]);
    expect(errorsOf(rows[1])).toEqual([
      ['所在党组织编码', 'REQUIRED'],
      ['公民身份号码', 'REQUIRED'],
      ['民族', 'REQUIRED'],
    ]);
    expect(rows[1]?.errors[0]?.message).toBe('“所在党组织编码”不能为空');
  });

  it('turns schema problems into Chinese rejections (too long, bad phone, bad org code)', async () => {
    const p = csvFile('schema.csv', [
      '所在党组织编码,姓名,公民身份号码,民族,人员类别,入党日期,联系电话',
      `B-001/2,${'长'.repeat(51)},${IDS.zhangWei},汉族,正式党员,2010-07-01,138-0000-0000 转 8`,
    ]);
    const [row] = await members(p);
    expect(errorsOf(row)).toEqual([
      ['所在党组织编码', 'INVALID'],
      ['姓名', 'INVALID'],
      ['联系电话', 'INVALID'],
    ]);
    expect(row?.errors[0]?.message).toBe('组织编码只能包含字母、数字、-和_');
    expect(row?.errors[1]?.message).toBe('“姓名”不能超过50个字符');
    expect(row?.errors[2]?.message).toBe('联系电话只能包含数字、+、-');
  });

  it('refuses an ID number that Excel stored as a number', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('党员');
    ws.addRow(['所在党组织编码', '姓名', '公民身份号码', '民族', '人员类别', '入党日期']);
    ws.addRow(['B001', '张伟', Number(IDS.zhangWei), '汉族', '正式党员', '2010-07-01']);
    const p = join(dir, 'number-id.xlsx');
    await wb.xlsx.writeFile(p);
    const [row] = await members(p);
    expect(errorsOf(row)).toEqual([['公民身份号码', 'NUMBER_PRECISION_LOST']]);
  });

  it('reports a duplicated column on the header row', async () => {
    const p = csvFile('dup.csv', [
      '所在党组织编码,姓名,身份证号,民族,人员类别,入党日期,手机,联系电话',
      `B001,张伟,${IDS.zhangWei},汉族,正式党员,2010-07-01,13800000001,13800000009`,
    ]);
    const rows = await members(p);
    expect(rows[0]).toMatchObject({ row: 1, value: null });
    expect(errorsOf(rows[0])).toEqual([['联系电话', 'DUPLICATE_COLUMN']]);
    expect(rows[0]?.errors[0]?.message).toContain('第G列“手机”');
    expect(rows[1]?.value?.phone).toBe('13800000001');
  });

  it('throws IMPORT_NO_HEADER naming the missing columns', async () => {
    const p = csvFile('nohead.csv', ['花名册', '姓名,身份证号,民族', '张伟,1,汉族']);
    await expect(members(p)).rejects.toSatisfy(
      (e: unknown) =>
        e instanceof AppError &&
        e.code === 'IMPORT_NO_HEADER' &&
        e.message.includes('所在党组织编码、人员类别、入党日期'),
    );
  });

  it('skips rows with content only in columns it does not read', async () => {
    const p = csvFile('notes.csv', [
      '所在党组织编码,姓名,公民身份号码,民族,人员类别,入党日期,备注',
      ',,,,,,填表人：张三',
      `B001,张伟,${IDS.zhangWei},汉族,正式党员,2010-07-01,`,
    ]);
    const rows = await members(p);
    expect(rows.map((r) => r.row)).toEqual([3]);
  });
});

describe('parseOrgRows', () => {
  it('reads the LibreOffice org sheet (synonyms, * marker, （必填）, real dates)', async () => {
    const rows = await orgs(join(FIX, 'orgs.xlsx'));
    expect(rows.slice(0, 4).map((r) => r.value)).toEqual([
      {
        code: '330102',
        name: '中共某某县委员会',
        shortName: '县委',
        kind: 'local_committee',
        sector: 'government',
        divisionCode: '330102',
        foundedOn: '1949-10-01',
        address: '某某县人民路1号',
        contactPhone: '0571-87000000',
      },
      {
        code: '330102001',
        name: '中共某某镇委员会',
        shortName: '镇党委',
        parentCode: '330102',
        kind: 'township_committee',
        sector: 'village',
        divisionCode: '330102001',
        foundedOn: '1985-06-01',
      },
      {
        code: 'B001',
        name: '中共某某村支部委员会',
        shortName: '某某村党支部',
        parentCode: '330102001',
        kind: 'branch',
        sector: 'village',
        divisionCode: '330102001001',
        foundedOn: '2018-07-01',
      },
      {
        code: 'B002',
        name: '中共某某社区支部委员会',
        parentCode: '330102001',
        kind: 'branch',
        sector: 'community',
        foundedOn: '2019-03-15',
      },
    ]);
  });

  it('reports every problem of a bad org row against the columns as written', async () => {
    const rows = await orgs(join(FIX, 'orgs.xlsx'));
    const bad = rows.find((r) => r.row === 6);
    expect(bad?.value).toBeNull();
    expect(new Set(errorsOf(bad).map(([c, code]) => `${c}:${code}`))).toEqual(
      new Set([
        '*组织编码:INVALID',
        '组织类型:CODE_UNKNOWN',
        // (a blank sector is the write path's to judge by the kind, decision 0012: not a problem of the sheet)
        '区划代码:INVALID',
        '建立日期:DATE_INVALID',
      ]),
    );
  });
});

describe('findDuplicates', () => {
  it('names the first row where the key appeared', () => {
    const rows = [
      { row: 3, value: { id: 'A' } },
      { row: 4, value: { id: 'B' } },
      { row: 5, value: null },
      { row: 6, value: { id: 'A' } },
      { row: 9, value: { id: 'A' } },
      { row: 10, value: { id: '' } },
      { row: 11, value: { id: '' } },
    ];
    expect(findDuplicates(rows, (v) => v.id, '公民身份号码')).toEqual([
      {
        row: 6,
        column: '公民身份号码',
        code: 'DUPLICATE_IN_FILE',
        message: '与第3行重复（公民身份号码相同），同一文件中只能出现一次',
      },
      {
        row: 9,
        column: '公民身份号码',
        code: 'DUPLICATE_IN_FILE',
        message: '与第3行重复（公民身份号码相同），同一文件中只能出现一次',
      },
    ]);
    expect(findDuplicates([{ row: 2, value: 1 }], String)).toEqual([]);
  });
});
