import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { execFileSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { columnsFor, writeTemplate, writeXlsx, type XlsxSheet } from '../../src/io/write-xlsx.js';
import { readTable, type TableRow } from '../../src/io/read-table.js';
import { parseMemberRows, parseOrgRows } from '../../src/io/parse-sheet.js';
import { EXAMPLE_ID_NUMBER, MEMBER_FIELDS, ORG_FIELDS } from '../../src/io/headers.js';
import { ETHNICITIES, OCCUPATIONS } from '../../src/shared/codes.js';
import { IDS } from '../fixtures/io/make-fixtures.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'jiceng-write-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const hasSoffice = (() => {
  try {
    execFileSync('soffice', ['--version'], { stdio: 'ignore', timeout: 30_000 });
    return true;
  } catch {
    return false;
  }
})();

/** Opens `file` in LibreOffice and saves it again as .xlsx into a fresh folder; returns the new path. */
function throughLibreOffice(file: string): string {
  const out = mkdtempSync(join(dir, 'lo-out-'));
  const profile = mkdtempSync(join(tmpdir(), 'lo-profile-'));
  try {
    execFileSync(
      'soffice',
      [
        `-env:UserInstallation=file://${profile}`,
        '--headless',
        '--convert-to',
        'xlsx',
        '--outdir',
        out,
        file,
      ],
      { stdio: 'ignore', timeout: 120_000 },
    );
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
  return join(out, file.split('/').pop()!);
}

async function rows(path: string): Promise<TableRow[]> {
  const out: TableRow[] = [];
  for await (const r of readTable({ path })) out.push(r);
  return out;
}

const SHEET: XlsxSheet = {
  name: '党员名册',
  title: '某某村党员名册',
  columns: [
    { header: '姓名', key: 'name' },
    { header: '公民身份号码', key: 'idNumber', kind: 'text', width: 22 },
    { header: '入党日期', key: 'joinedOn', kind: 'date' },
    { header: '党龄', key: 'standing', kind: 'number' },
    { header: '是否流动党员', key: 'isMobile' },
  ],
};
const DATA = [
  { name: '张伟', idNumber: IDS.zhangWei, joinedOn: '2010-07-01', standing: 14, isMobile: false },
  {
    name: '赵敏',
    idNumber: IDS.zhaoMin,
    joinedOn: new Date(Date.UTC(2024, 6, 1)),
    standing: '0',
    isMobile: true,
  },
  { name: '无日期', idNumber: 330102, joinedOn: null, standing: null },
];
async function* asyncRows() {
  for (const r of DATA) yield r;
}

describe('writeXlsx', () => {
  let path: string;
  let wb: ExcelJS.Workbook;
  beforeAll(async () => {
    path = join(dir, 'roster.xlsx');
    const result = await writeXlsx({ path }, SHEET, asyncRows());
    expect(result).toEqual({ rows: 3 });
    wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path);
  });

  it('writes a merged bold title row above a bold frozen header', () => {
    const ws = wb.getWorksheet('党员名册')!;
    expect(ws.getCell('A1').value).toBe('某某村党员名册');
    expect(ws.getCell('A1').font?.bold).toBe(true);
    expect(ws.getCell('E1').isMerged).toBe(true);
    expect(ws.getRow(2).values).toEqual([
      undefined,
      '姓名',
      '公民身份号码',
      '入党日期',
      '党龄',
      '是否流动党员',
    ]);
    expect(ws.getCell('B2').font?.bold).toBe(true);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 2 });
  });

  it('writes ID numbers as text, dates as real dates, numbers as numbers', () => {
    const ws = wb.getWorksheet('党员名册')!;
    expect(ws.getCell('B3').value).toBe(IDS.zhangWei);
    expect(ws.getCell('B3').type).toBe(ExcelJS.ValueType.String);
    expect(ws.getCell('B3').numFmt).toBe('@');
    expect(ws.getCell('B5').value).toBe('330102'); // a number given for a text column stays text
    expect(ws.getCell('C3').value).toEqual(new Date(Date.UTC(2010, 6, 1)));
    expect(ws.getCell('C3').numFmt).toBe('yyyy-mm-dd');
    expect(ws.getCell('C4').value).toEqual(new Date(Date.UTC(2024, 6, 1)));
    expect(ws.getCell('D3').value).toBe(14);
    expect(ws.getCell('D4').value).toBe(0);
    expect(ws.getCell('E3').value).toBe('否');
    expect(ws.getCell('E4').value).toBe('是');
    expect(ws.getCell('C5').value).toBeNull();
  });

  it('reads back through readTable', async () => {
    const r = await rows(path);
    expect(r.map((x) => x.row)).toEqual([1, 2, 3, 4, 5]);
    expect(r[2]!.cells).toEqual(['张伟', IDS.zhangWei, new Date(Date.UTC(2010, 6, 1)), 14, '否']);
  });

  it('writes to a stream and accepts a plain iterable', async () => {
    const p = join(dir, 'stream.xlsx');
    const out = createWriteStream(p);
    const result = await writeXlsx(out, { name: 'S', columns: columnsFor('orgs') }, [
      { code: 'B001', name: '某某村党支部', foundedOn: '2018-07-01' },
    ]);
    expect(result.rows).toBe(1);
    const r = await rows(p);
    expect(r[0]!.cells).toEqual(ORG_FIELDS.map((f) => f.header));
    expect(r[1]!.cells.slice(0, 2)).toEqual(['B001', '某某村党支部']);
    expect(r[1]!.cells[7]).toEqual(new Date(Date.UTC(2018, 6, 1)));
  });

  it('removes the half-written file when the rows fail', async () => {
    const p = join(dir, 'failed.xlsx');
    async function* failing() {
      for (let i = 0; i < 500; i++) yield { name: `第${i}行` };
      throw new Error('数据库连接断开');
    }
    await expect(writeXlsx({ path: p }, SHEET, failing())).rejects.toThrow('数据库连接断开');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(existsSync(p)).toBe(false);
  });

  it.skipIf(!hasSoffice)(
    'survives a round trip through LibreOffice (opened and saved again as .xlsx)',
    async () => {
      const again = throughLibreOffice(path);
      expect(again).not.toBe(path);
      const r = await rows(again);
      expect(r[0]!.cells).toEqual(['某某村党员名册']);
      expect(r[2]!.cells).toEqual(['张伟', IDS.zhangWei, new Date(Date.UTC(2010, 6, 1)), 14, '否']);
      expect(r[3]!.cells).toEqual(['赵敏', IDS.zhaoMin, new Date(Date.UTC(2024, 6, 1)), 0, '是']);
      expect(r[4]!.cells).toEqual(['无日期', '330102']);
    },
    120_000,
  );
});

describe('writeTemplate', () => {
  it('members: title, marked headers, a valid example row, and 填写说明', async () => {
    const p = join(dir, 'members-template.xlsx');
    await writeTemplate('members', { path: p });
    const r = await rows(p);
    expect(r[0]!.cells).toEqual(['党员信息导入模板']);
    expect(r[2]!.cells).toEqual(MEMBER_FIELDS.map((f) => (f.required ? `*${f.header}` : f.header)));
    expect(r[2]!.cells).toContain('*公民身份号码');
    expect(r[2]!.cells).toContain('性别');

    const parsed = [];
    for await (const x of parseMemberRows({ path: p }, { today: '2025-06-30' })) parsed.push(x);
    expect(parsed).toHaveLength(1);
    expect(parsed[0]!.row).toBe(4);
    expect(parsed[0]!.errors).toEqual([]);
    expect(parsed[0]!.value).toMatchObject({
      idNumber: EXAMPLE_ID_NUMBER,
      sex: 'male',
      birthDate: '1990-03-07',
      ethnicity: '01',
      education: '21',
      occupation: 'farmer',
      status: 'full',
      joinedOn: '2015-07-01',
      isMobile: false,
    });

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(p);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['党员信息', '填写说明']);
    const guide = wb.getWorksheet('填写说明')!;
    const lines = new Map<string, string[]>();
    guide.eachRow((row, n) => {
      if (n > 2)
        lines.set(
          String(row.getCell(1).value),
          [2, 3, 4].map((c) => String(row.getCell(c).value ?? '')),
        );
    });
    expect([...lines.keys()]).toEqual(MEMBER_FIELDS.map((f) => f.header));
    expect(lines.get('姓名')![0]).toBe('必填');
    expect(lines.get('性别')![0]).toBe('选填');
    const ethnicities = lines.get('民族')![2]!;
    for (const e of ETHNICITIES) expect(ethnicities).toContain(e.zh);
    expect(ethnicities).toContain('01 汉族');
    expect(lines.get('学历')![2]).toContain('21 大学本科毕业');
    expect(lines.get('学历')![2]).toContain('本科');
    for (const o of OCCUPATIONS) expect(lines.get('职业')![2]).toContain(o.zh);
    expect(lines.get('人员类别')![2]).toContain('正式党员、预备党员');
    expect(lines.get('是否流动党员')![2]).toContain('是、否');
    expect(lines.get('公民身份号码')![1]).toContain('文本');

    // the ID column of the data sheet is formatted as text, so typed numbers stay text
    const sheet = wb.getWorksheet('党员信息')!;
    expect(sheet.getColumn(3).numFmt).toBe('@');
    expect(sheet.getCell('C4').value).toBe(EXAMPLE_ID_NUMBER);
  });

  it('orgs: the example row parses', async () => {
    const p = join(dir, 'orgs-template.xlsx');
    await writeTemplate('orgs', { path: p });
    const parsed = [];
    for await (const x of parseOrgRows({ path: p })) parsed.push(x);
    expect(parsed).toEqual([
      {
        row: 4,
        errors: [],
        value: {
          code: '330102001',
          name: '中共某某村支部委员会',
          shortName: '某某村党支部',
          parentCode: '330102',
          kind: 'branch',
          sector: 'village',
          divisionCode: '330102001001',
          foundedOn: '2018-07-01',
          address: '某某镇某某村村委会',
          contactPhone: '0571-12345678',
        },
      },
    ]);
  });

  it.skipIf(!hasSoffice)(
    'the template still parses after LibreOffice opened and saved it',
    async () => {
      const p = join(dir, 'lo-template', 'members-template.xlsx');
      mkdirSync(join(dir, 'lo-template'), { recursive: true });
      await writeTemplate('members', { path: p });
      const again = throughLibreOffice(p);
      expect(readFileSync(again).subarray(0, 4).toString('latin1')).toBe('PK\x03\x04');
      const parsed = [];
      for await (const x of parseMemberRows({ path: again }, { today: '2025-06-30' })) parsed.push(x);
      expect(parsed.map((x) => [x.row, x.errors, x.value?.idNumber, x.value?.joinedOn])).toEqual([
        [4, [], EXAMPLE_ID_NUMBER, '2015-07-01'],
      ]);
    },
    120_000,
  );
});
