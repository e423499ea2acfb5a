import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import {
  detectDelimiter,
  readTable,
  SharedStringStore,
  utf8CompleteLength,
  type TableRow,
  type TableSource,
} from '../../src/io/read-table.js';
import { writeXlsx } from '../../src/io/write-xlsx.js';
import { AppError } from '../../src/shared/errors.js';
import { IDS } from '../fixtures/io/make-fixtures.js';
import { writeZip } from './equivalence.js';
import { XlsxTooLarge } from '../../src/io/xlsx-reader.js';

const FIX = join(import.meta.dirname, '../fixtures/io');
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'jiceng-read-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function rows(source: TableSource | string): Promise<TableRow[]> {
  const out: TableRow[] = [];
  for await (const r of readTable(typeof source === 'string' ? { path: source } : source)) out.push(r);
  return out;
}

async function unreadable(source: TableSource | string): Promise<AppError> {
  try {
    await rows(source);
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    expect((e as AppError).code).toBe('IMPORT_UNREADABLE');
    return e as AppError;
  }
  throw new Error('expected IMPORT_UNREADABLE');
}

function tmp(name: string, content: string | Buffer): string {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
}

describe('readTable: xlsx written by LibreOffice', () => {
  it('streams the first sheet with the sheet’s own row numbers, skipping blank rows', async () => {
    const r = await rows(join(FIX, 'members-roster.xlsx'));
    expect(r.map((x) => x.row)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 10, 11, 12, 13]);
    expect(r[0]!.cells).toEqual(['某某镇某某村党员花名册（2025年6月）']);
    expect(r[1]!.cells.slice(0, 3)).toEqual(['支部编码', '姓名', '身份证号']);
    expect(r[2]!.cells.slice(0, 5)).toEqual(['B001', '张伟', IDS.zhangWei, '男', '1985-03-12']);
    // a text cell keeps its spaces; blank cells in the middle are null, trailing ones dropped
    const row11 = r.find((x) => x.row === 11)!;
    expect(row11.cells[1]).toBe(' 杨  洋 ');
    expect(row11.cells[3]).toBeNull();
    expect(row11.cells).toHaveLength(11);
  });

  it('gives date-typed cells as Date at UTC midnight', async () => {
    const r = await rows(join(FIX, 'members-dates.xlsx'));
    const joined = r[1]!.cells[5];
    expect(joined).toBeInstanceOf(Date);
    expect((joined as Date).toISOString()).toBe('2010-07-01T00:00:00.000Z');
    expect(r[1]!.cells[2]).toBe(IDS.zhangWei); // the ID number stays text
    expect(r[3]!.cells).toHaveLength(6); // no 转正日期 for the probationary member
  });

  it('reports progress', async () => {
    const seen: number[] = [];
    for await (const _ of readTable({ path: join(FIX, 'orgs.xlsx') }, { onProgress: (n) => seen.push(n) }))
      void _;
    expect(seen.at(-1)).toBe(6);
  });

  it('picks the format from the content when the extension lies', async () => {
    const asCsv = join(dir, 'really-xlsx.csv');
    copyFileSync(join(FIX, 'orgs.xlsx'), asCsv);
    const r = await rows(asCsv);
    expect(r[1]!.cells[1]).toBe('中共某某县委员会');
    const asXlsx = tmp('really-csv.xlsx', '组织编码,组织名称\nB001,某某村党支部\n');
    expect((await rows(asXlsx))[1]!.cells).toEqual(['B001', '某某村党支部']);
    // the upload name counts, not the temp path
    const upload = join(dir, 'upload-1234');
    copyFileSync(join(FIX, 'orgs.csv'), upload);
    expect((await rows({ path: upload, fileName: '党组织.csv' }))[1]!.cells[0]).toBe('330102');
  });
});

describe('readTable: csv', () => {
  const expected = [
    { row: 1, cells: ['党员名册'] },
    { row: 2, cells: ['党组织编码', '姓名', '公民身份号码', '民族', '人员类别', '入党日期', '家庭住址'] },
    {
      row: 3,
      cells: [
        'B001',
        '张伟',
        IDS.zhangWei,
        '汉族',
        '正式党员',
        '2010-07-01',
        '浙江省杭州市上城区某某街道，某某小区',
      ],
    },
    { row: 4, cells: ['B002', '赵敏', IDS.zhaoMin, '回族', '预备党员', '2024-07-01'] },
  ];

  it('reads UTF-8 with a BOM', async () => {
    expect(await rows(join(FIX, 'members-bom.csv'))).toEqual(expected);
  });

  it('reads GBK', async () => {
    expect(await rows(join(FIX, 'members-gbk.csv'))).toEqual(expected);
  });

  it('reads UTF-8 without BOM, and UTF-16 (Excel “Unicode text”, tab-separated)', async () => {
    const text = '组织编码\t组织名称\nB001\t某某村党支部\n';
    expect((await rows(tmp('plain.csv', text)))[1]!.cells).toEqual(['B001', '某某村党支部']);
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(text, 'utf-16le')]);
    expect((await rows(tmp('unicode.txt', utf16)))[1]!.cells).toEqual(['B001', '某某村党支部']);
  });

  it('detects GBK even when a UTF-8-looking prefix is long (decision on the first 64 KB)', async () => {
    const lines = ['组织编码,组织名称'];
    for (let i = 0; i < 5000; i++) lines.push(`B${i},某某村第${i}党支部`);
    const p = tmp('big-gbk.csv', iconv.encode(lines.join('\r\n'), 'gb18030'));
    const r = await rows(p);
    expect(r).toHaveLength(5001);
    expect(r[4999]!.cells).toEqual(['B4998', '某某村第4998党支部']);
  });

  it('detects tab and semicolon delimiters and Excel’s sep= line', async () => {
    expect(detectDelimiter('a;b;c\n1;2;3\n')).toBe(';');
    expect(detectDelimiter('a\tb\tc\n1\t2\t"x,y,z"\n')).toBe('\t');
    expect(detectDelimiter('"a;b",c\n')).toBe(',');
    const r = await rows(tmp('semi.csv', '组织编码;组织名称\nB001;"某某村;党支部"\n'));
    expect(r[1]!.cells).toEqual(['B001', '某某村;党支部']);
    const s = await rows(tmp('sep.csv', 'sep=|\n组织编码|组织名称\nB001|某某\n'));
    expect(s).toEqual([
      { row: 2, cells: ['组织编码', '组织名称'] },
      { row: 3, cells: ['B001', '某某'] },
    ]);
  });

  it('numbers rows like a spreadsheet: blank lines count, a quoted line break does not start a row', async () => {
    const r = await rows(tmp('rows.csv', '姓名,住址\n\n张三,"一组\n二号"\n ,  \n李四,\n'));
    expect(r).toEqual([
      { row: 1, cells: ['姓名', '住址'] },
      { row: 3, cells: ['张三', '一组\n二号'] },
      { row: 5, cells: ['李四'] },
    ]);
  });

  it('reports a broken CSV as unreadable', async () => {
    const e = await unreadable(tmp('broken.csv', '姓名,住址\n张三,"没有结束的引号\n'));
    expect(e.details).toEqual({ reason: 'BAD_CSV' });
    expect(e.message).toContain('引号');
  });
});

describe('readTable: unreadable files', () => {
  it('empty file', async () => {
    const e = await unreadable(tmp('empty.xlsx', ''));
    expect(e.message).toBe('文件是空的，请检查后重新上传');
  });

  it('old .xls (written by LibreOffice)', async () => {
    const e = await unreadable(join(FIX, 'orgs.xls'));
    expect(e.details).toEqual({ reason: 'OLD_OFFICE' });
    expect(e.message).toContain('另存为');
  });

  it('a Word document', async () => {
    const e = await unreadable(join(FIX, 'not-a-table.docx'));
    expect(e.details).toEqual({ reason: 'NO_WORKSHEET' });
    expect(e.message).toContain('没有找到工作表');
  });

  it('random bytes, PDF, a web page named .xls, a truncated xlsx', async () => {
    expect((await unreadable(tmp('noise.xlsx', randomBytes(4096)))).details).toEqual({ reason: 'BINARY' });
    expect((await unreadable(tmp('noise.csv', randomBytes(300)))).message).toContain('.xlsx 或 .csv');
    expect((await unreadable(tmp('doc.pdf', '%PDF-1.7\n%\xe2\xe3\n'))).details).toEqual({ reason: 'PDF' });
    const html = '<html><body><table><tr><td>姓名</td></tr></table></body></html>';
    expect((await unreadable({ path: tmp('export.xls', html), fileName: '导出.xls' })).details).toEqual({
      reason: 'HTML',
    });
    const full = readFileSync(join(FIX, 'orgs.xlsx'));
    const e = await unreadable(tmp('cut.xlsx', full.subarray(0, Math.floor(full.length / 2))));
    expect(e.details).toEqual({ reason: 'BAD_ZIP' });
  });

  it('a zip bomb (20 MB of shared strings from 57 KB) as too large, and an entry inflating past its stated size as damaged', async () => {
    const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
    const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
    const book = (shared: string): [string, string][] => [
      [
        '[Content_Types].xml',
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
          '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
          '<Default Extension="xml" ContentType="application/xml"/>' +
          '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>',
      ],
      [
        '_rels/.rels',
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
          `<Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
      ],
      [
        'xl/workbook.xml',
        `<workbook xmlns="${NS}" xmlns:r="${REL}"><sheets><sheet name="名册" sheetId="1" r:id="rId1"/></sheets></workbook>`,
      ],
      [
        'xl/_rels/workbook.xml.rels',
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
          `<Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/>` +
          `<Relationship Id="rId2" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/></Relationships>`,
      ],
      ['xl/sharedStrings.xml', shared],
      [
        'xl/worksheets/sheet1.xml',
        `<worksheet xmlns="${NS}"><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData></worksheet>`,
      ],
    ];
    // 20,000 strings of 1,000 letters: 20 MB inflated from ~20 KB
    const si = `<si><t>${'A'.repeat(1000)}</t></si>`;
    const bomb = join(dir, 'bomb.xlsx');
    await writeZip(
      bomb,
      book(`<sst xmlns="${NS}" count="20000" uniqueCount="20000">${si.repeat(20_000)}</sst>`),
    );
    expect(readFileSync(bomb).length).toBeLessThan(200_000);
    const e = await unreadable(bomb);
    expect(e.details).toEqual({ reason: 'TOO_LARGE' });
    expect(e.message).toContain('解压后的内容异常庞大');
    // the same strings few enough to be a ledger's: read
    const fine = join(dir, 'fine.xlsx');
    await writeZip(
      fine,
      book(`<sst xmlns="${NS}" count="2" uniqueCount="2">${si}<si><t>李四</t></si></sst>`),
    );
    expect(await rows(fine)).toEqual([{ row: 1, cells: ['A'.repeat(1000)] }]);
    // an entry whose central directory says it is smaller than it inflates to: damaged — a ledger's, and a bomb's
    // that understates its size (caught when inflated, before exceljs is given the file)
    const understated = (path: string) => {
      const bytes = readFileSync(path);
      const name = Buffer.from('xl/sharedStrings.xml');
      for (let at = bytes.indexOf(0x50); at >= 0; at = bytes.indexOf(0x50, at + 1)) {
        if (at + 46 > bytes.length || bytes.readUInt32LE(at) !== 0x02014b50) continue;
        const len = bytes.readUInt16LE(at + 28);
        if (bytes.subarray(at + 46, at + 46 + len).equals(name)) bytes.writeUInt32LE(1000, at + 24);
      }
      return bytes;
    };
    expect((await unreadable(tmp('forged.xlsx', understated(fine)))).details).toEqual({ reason: 'BAD_ZIP' });
    expect((await unreadable(tmp('forged-bomb.xlsx', understated(bomb)))).details).toEqual({
      reason: 'BAD_ZIP',
    });
    // a local entry the central directory does not list (exceljs reads local entries one after another, so it would
    // inflate it unchecked): damaged
    const listed = join(dir, 'listed.xlsx');
    await writeZip(listed, [
      ...book(`<sst xmlns="${NS}" count="1" uniqueCount="1">${si}</sst>`),
      ['docProps/hidden.xml', '<x/>'],
    ]);
    const z = readFileSync(listed);
    const end = z.length - 22;
    const cdStart = z.readUInt32LE(end + 16);
    const records: Buffer[] = [];
    for (let at = cdStart; at < end;) {
      const len = 46 + z.readUInt16LE(at + 28) + z.readUInt16LE(at + 30) + z.readUInt16LE(at + 32);
      const rec = z.subarray(at, at + len);
      if (!rec.subarray(46, 46 + z.readUInt16LE(at + 28)).equals(Buffer.from('docProps/hidden.xml')))
        records.push(rec);
      at += len;
    }
    const cd = Buffer.concat(records);
    const eocd = Buffer.from(z.subarray(end));
    eocd.writeUInt16LE(records.length, 8);
    eocd.writeUInt16LE(records.length, 10);
    eocd.writeUInt32LE(cd.length, 12);
    expect(
      (await unreadable(tmp('hidden.xlsx', Buffer.concat([z.subarray(0, cdStart), cd, eocd])))).details,
    ).toEqual({ reason: 'BAD_ZIP' });
  });

  it('a file that does not exist, or a folder', async () => {
    expect((await unreadable(join(dir, 'missing.xlsx'))).message).toBe('无法打开上传的文件，请重新上传');
    expect((await unreadable(dir)).message).toBe('无法打开上传的文件，请重新上传');
  });
});

describe('readTable: Chinese text in big sheets', () => {
  const name = (i: number) =>
    `${'张王李赵刘陈杨黄'[i % 8]}${'伟芳娜秀英敏静丽'[(i >> 3) % 8]}${'强磊军洋勇艳杰娟'[(i >> 6) % 8]}${i}`;
  const N = 20_000;

  it('keeps every character of shared strings split across zip chunks (Excel-style file)', async () => {
    const wb = new ExcelJS.Workbook(); // the non-streaming writer stores text as shared strings, as Excel does
    const ws = wb.addWorksheet('党员');
    ws.addRow(['姓名', '住址']);
    for (let i = 0; i < N; i++) ws.addRow([name(i), `某某省某某市某某县某某镇某某村${i}组`]);
    const p = join(dir, 'shared.xlsx');
    await wb.xlsx.writeFile(p);
    let n = 0;
    for await (const r of readTable({ path: p })) {
      if (r.row === 1) continue;
      const i = r.row - 2;
      expect(r.cells[0]).toBe(name(i));
      expect(r.cells[1]).toBe(`某某省某某市某某县某某镇某某村${i}组`);
      n++;
    }
    expect(n).toBe(N);
  }, 60_000);

  it('keeps every character of inline strings split across zip chunks (our own writer)', async () => {
    const p = join(dir, 'inline.xlsx');
    await writeXlsx(
      { path: p },
      { name: '党员', columns: [{ header: '姓名', key: 'n', kind: 'text' }] },
      (function* () {
        for (let i = 0; i < N; i++) yield { n: name(i) };
      })(),
    );
    let bad = 0;
    let n = 0;
    for await (const r of readTable({ path: p })) {
      if (r.row === 1) continue;
      if (r.cells[0] !== name(r.row - 2)) bad++;
      n++;
    }
    expect(n).toBe(N);
    expect(bad).toBe(0);
  }, 60_000);
});

describe('helpers', () => {
  it('utf8CompleteLength never cuts inside a character', () => {
    const b = Buffer.from('a张b', 'utf8'); // 61 e5 bc a0 62
    expect(utf8CompleteLength(b)).toBe(5);
    expect(utf8CompleteLength(b.subarray(0, 2))).toBe(1);
    expect(utf8CompleteLength(b.subarray(0, 3))).toBe(1);
    expect(utf8CompleteLength(b.subarray(0, 4))).toBe(4);
    expect(utf8CompleteLength(Buffer.from('😀', 'utf8').subarray(0, 3))).toBe(0);
  });

  it('SharedStringStore keeps strings across blocks', () => {
    const s = new SharedStringStore();
    const big = '党'.repeat(3_000_000); // 9 MB of UTF-8: larger than a block
    s.set(0, '张三');
    s.set(1, null);
    s.set(2, big);
    s.set(3, '李四');
    expect(s.get(0)).toBe('张三');
    expect(s.get(1)).toBeNull();
    expect(s.get(2)).toBe(big);
    expect(s.get(3)).toBe('李四');
    expect(s.get(4)).toBeNull();
    for (let i = 4; i < 5000; i++) s.set(i, `字${i}`);
    expect(s.get(4999)).toBe('字4999');
    expect(s.size).toBe(5000);
  });

  it('SharedStringStore holds at most its limits of text and strings, and does not believe a count past them', () => {
    const bytes = new SharedStringStore({ bytes: 10, strings: 100 });
    bytes.set(0, '张三'); // 6 bytes
    expect(() => bytes.set(1, '李四')).toThrow(XlsxTooLarge);
    const count = new SharedStringStore({ bytes: 1_000, strings: 3 });
    count.reserve(50_000_000);
    for (let i = 0; i < 3; i++) count.set(i, null);
    expect(() => count.set(3, null)).toThrow(XlsxTooLarge);
    expect(count.size).toBe(3);
    expect(SharedStringStore.LIMITS).toEqual({ bytes: 256 * 1024 * 1024, strings: 8_000_000 });
  });
});
