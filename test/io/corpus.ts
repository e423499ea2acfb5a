/**
 * The small corpus of test/io/fast-paths.test.ts: a member roster of a few thousand rows from the county demo
 * generator, with the cell values people type (汉族, 大学本科毕业, 正式党员) and, deterministically on some rows, the
 * odd cases ledgers carry — quotes, embedded line ends, full-width digits, stray and zero-width spaces, very long
 * cells, empty cells and blank rows, dates as text in several forms, as date cells and as bare serial numbers,
 * numbers and booleans where text is expected, and rows breaking each of the import's rules — written as CSV (UTF-8
 * with BOM, GBK, tab- and semicolon-separated, UTF-16, CR line ends) and as .xlsx (exceljs' writers with shared and
 * with inline strings, and a hand-made workbook of odd XML).
 */
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { generateCounty, type DemoMember } from '../../src/domain/demo/generate.js';
import { EDUCATIONS, ETHNICITIES, OCCUPATIONS } from '../../src/shared/codes.js';
import { checkChar } from '../../src/shared/id-number.js';
import { writeZip } from './equivalence.js';

export const CORPUS_TODAY = '2026-11-22';

/** A cell of the corpus: its CSV text and its spreadsheet value (the same text unless it says otherwise). */
interface Cell {
  text: string;
  /** a date: written in the sheet as a date cell, a serial under a date format, or a bare serial number */
  date?: 'cell' | 'styled-serial' | 'serial';
  /** the sheet holds this value instead of the text (a number, a boolean) */
  value?: number | boolean;
}

export interface Corpus {
  /** the rows, title and header included; [] is a blank row */
  rows: Cell[][];
  names: string[];
  idNumbers: string[];
}

const HEADERS = [
  '所在党组织编码',
  '姓名',
  '公民身份号码',
  '性别',
  '出生日期',
  '民族',
  '文化程度',
  '职业',
  '党员类别',
  '入党时间',
  '转正日期',
  '手机号',
  '籍贯',
  '家庭住址',
  '工作单位',
  '职务',
  '是否流动党员',
  '备注',
];
const C = Object.fromEntries(HEADERS.map((h, i) => [h, i])) as Record<string, number>;
const DATE_COLUMNS = [C['出生日期']!, C['入党时间']!, C['转正日期']!];

const zhOf = (list: readonly { code: string; zh: string }[]) => new Map(list.map((e) => [e.code, e.zh]));
const ETH = zhOf(ETHNICITIES);
const EDU = zhOf(EDUCATIONS);
const OCC = zhOf(OCCUPATIONS);

const fullWidth = (s: string) => s.replace(/[0-9]/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));
const [Y, M, D] = [0, 1, 2];
const ymdOf = (iso: string) => iso.split('-').map(Number) as [number, number, number];
/** Excel's serial day number (1900 system) of a date after 1900-03-01. */
const serialOf = (iso: string) => {
  const [y, m, d] = ymdOf(iso);
  return Math.round(Date.UTC(y, m - 1, d) / 86_400_000) + 25569;
};

/** A date cell as row `i` writes it: the forms rotate (ISO text, date cell, serials, 2020年3月5日, 2020/3/5 …). */
function dateCell(iso: string, i: number): Cell {
  const p = ymdOf(iso);
  switch (i % 8) {
    case 1:
      return { text: iso, date: 'cell' };
    case 2:
      return { text: iso, date: 'styled-serial' };
    case 3:
      return { text: String(serialOf(iso)), date: 'serial' };
    case 4:
      return { text: `${p[Y]}年${p[M]}月${p[D]}日` };
    case 5:
      return { text: `${p[Y]}/${p[M]}/${p[D]}` };
    case 6:
      return { text: iso.replace(/-/g, '') };
    case 7:
      return { text: `${iso} 00:00:00` };
    default:
      return { text: iso };
  }
}

const t = (text: string | null | undefined): Cell => ({ text: text ?? '' });

function memberRow(m: DemoMember, i: number): Cell[] {
  const row: Cell[] = [
    t(m.orgCode),
    t(m.name),
    t(m.idNumber),
    t(m.sex === 'male' ? '男' : '女'),
    i % 3 === 0 ? t('') : dateCell(m.birthDate, i),
    t(i % 11 === 0 ? m.ethnicity : (ETH.get(m.ethnicity) ?? m.ethnicity)),
    t(i % 13 === 0 ? m.education : (EDU.get(m.education) ?? m.education)),
    t(OCC.get(m.occupation) ?? m.occupation),
    t(m.status === 'full' ? (i % 5 === 0 ? '正式' : '正式党员') : '预备党员'),
    dateCell(m.joinedOn, i + 1),
    m.confirmedOn ? dateCell(m.confirmedOn, i + 2) : t(''),
    t(m.phone),
    t(m.nativePlace),
    t(m.address),
    t(m.workUnit),
    t(i % 7 === 0 ? '支部委员' : ''),
    t(i % 17 === 0 ? '是' : i % 2 ? '否' : ''),
    t(''),
  ];
  const set = (h: string, c: Cell | string) => (row[C[h]!] = typeof c === 'string' ? t(c) : c);
  const get = (h: string) => row[C[h]!]!.text;
  // the odd cases, one kind per row on a few rows in every hundred
  switch (i % 97) {
    case 1:
      set('家庭住址', `${m.address}（"幸福"小区）`);
      break;
    case 2:
      set('家庭住址', `一组，\n二号${i % 2 ? '\r\n三楼' : ''}`);
      break;
    case 3:
      set('公民身份号码', fullWidth(m.idNumber));
      set('手机号', fullWidth(m.phone));
      break;
    case 4:
      set('姓名', ` ${m.name.slice(0, 1)}  ${m.name.slice(1)}\u3000`);
      break;
    case 5:
      set('公民身份号码', m.idNumber.slice(0, 17) + (m.idNumber[17] === '0' ? '1' : '0'));
      break;
    case 6:
      set('性别', m.sex === 'male' ? '女' : '男');
      break;
    case 7:
      set('民族', ['汉', '1', '火星族', '01'][i % 4]!);
      break;
    case 8:
      set('党员类别', '预备');
      set('转正日期', '2020-07-01');
      break;
    case 9:
      set('入党时间', '2030-01-01');
      break;
    case 10:
      set('姓名', '');
      break;
    case 11:
      set('家庭住址', '某'.repeat(250));
      break;
    case 12:
      set('备注', `很长的备注${'长'.repeat(i < 100 ? 40_000 : 2_000)}`); // (one beyond Excel's 32,767)
      break;
    case 13:
      set('手机号', '138-0000-0000 转 8');
      break;
    case 14:
      set('手机号', { text: m.phone, value: Number(m.phone) });
      break;
    case 15:
      set('是否流动党员', { text: 'TRUE', value: true });
      break;
    case 16:
      set(
        '公民身份号码',
        `${m.idNumber.slice(0, 6)} ${m.idNumber.slice(6, 17)} ${m.idNumber[17]!.toLowerCase()}`,
      );
      break;
    case 17:
      set('所在党组织编码', 'B-001/2');
      break;
    case 18:
      return [];
    case 19:
      return row.map((_, k) => t(k === C['备注'] ? '本行只有备注' : ''));
    case 20:
      set('出生日期', '1970-01-01');
      break;
    case 21:
      set('入党时间', '2020-3');
      break;
    case 22:
      set('入党时间', '2021-02-29');
      break;
    case 23:
      set('公民身份号码', m.idNumber.slice(0, 6) + m.idNumber.slice(8, 17));
      break;
    case 24:
      set('文化程度', ['本科毕业', '博士后', '大学本科/学士', '中专学历'][i % 4]!);
      break;
    case 25:
      set('姓名', `${m.name.slice(0, 1)}\u200b${m.name.slice(1)}`);
      break;
    case 26:
      set('职务', '   ');
      break;
    case 27:
      set('所在党组织编码', { text: '330102', value: 330102 });
      set('公民身份号码', { text: m.idNumber, value: Number(m.idNumber.slice(0, 17)) });
      break;
    case 28:
      set('姓名', '长'.repeat(51));
      break;
    case 29:
      set('姓名', `${m.name.slice(0, 1)}"小"${m.name.slice(1)}`);
      break;
    case 30:
      set('入党时间', fullWidth('2015．7．1'));
      break;
    case 31:
      set('姓名', ['阿依古丽·买买提', 'Anna', '王AB', '㐀一', '曾 强'][i % 5]!);
      break;
    case 32:
      set('转正日期', get('入党时间') && m.confirmedOn ? '1990-01-01' : '');
      break;
    case 33:
      set('工作单位', `甲\t乙；丙;丁`);
      break;
    case 34:
      set('职务', '=1+1');
      break;
    case 35:
      set('家庭住址', `回车\r在中间`);
      break;
    case 36:
      set('家庭住址', `生僻字𠀀𪚥和表情😀`);
      break;
    case 37:
      set('党员类别', '停止党籍');
      break;
    case 38:
      set('性别', ['1', '2', '男性', '未知'][i % 4]!);
      break;
    case 39:
      set('所在党组织编码', '');
      set('公民身份号码', '');
      break;
    case 40:
      set('籍贯', '"');
      set('职务', '""');
      break;
    case 41:
      set('是否流动党员', '也许');
      break;
  }
  return row;
}

/** Names whose reading depends on the surname rule or on polyphonic characters, and names that are not Chinese. */
const TRICKY_NAMES = [
  '曾国藩',
  '单雄信',
  '解放',
  '长孙无忌',
  '赵长江',
  '乐嘉',
  '朴正熙',
  '查良镛',
  '仇英',
  '覃小华',
  '万俟卨',
  '尉迟恭',
  '翟重阳',
  '张行',
  '陈银行',
  '吴一不',
  '阿依古丽·买买提',
  '王AB',
  '李2号',
  '㐀一',
  '王 明',
  '单',
  '',
  ' ',
];

export function makeCorpus(): Corpus {
  const { members } = generateCounty({ today: CORPUS_TODAY, scale: 0.1 });
  const rows: Cell[][] = [[t('某某县党员花名册（测试语料）')], [], HEADERS.map(t)];
  members.forEach((m, i) => rows.push(memberRow(m, i)));
  // ID numbers made valid for the odd rows' dates: a member born on 29 February, one born too late to have joined
  const id = (first17: string) => first17 + checkChar(first17);
  rows.push(
    [t('B001'), t('闰日'), t(id('42112420000229001')), t(''), t('2000-02-29'), t('汉族')].concat([
      t(''),
      t(''),
      t('正式党员'),
      t('2020-02-29'),
    ]),
    [t('B001'), t('太小'), t(id('42112420200101002')), t('女'), t(''), t('汉族')].concat([
      t(''),
      t(''),
      t('正式党员'),
      t('2026-01-01'),
    ]),
  );
  return {
    rows,
    names: [...new Set([...members.map((m) => m.name), ...TRICKY_NAMES])],
    idNumbers: members.map((m) => m.idNumber),
  };
}

// ------------------------------------------------------------------------------------------------ CSV

type CsvVariant = { delimiter: string; lineEnd: string; quoteAll?: (row: number) => boolean };

function csvText(rows: Cell[][], v: CsvVariant): string {
  const needs = new RegExp(`[\\r\\n${v.delimiter === '\t' ? '\\t' : v.delimiter}]`);
  const field = (s: string, all: boolean) =>
    s !== '' && (all || needs.test(s) || s.startsWith('"')) ? `"${s.replace(/"/g, '""')}"` : s;
  return rows
    .map((r, i) => r.map((c) => field(c.text, v.quoteAll?.(i) ?? false)).join(v.delimiter) + v.lineEnd)
    .join('');
}

/** The corpus as CSV files of every kind read-table accepts; paths. */
export function writeCorpusCsv(dir: string, corpus: Corpus): string[] {
  const comma: CsvVariant = { delimiter: ',', lineEnd: '\r\n', quoteAll: (i) => i % 13 === 0 };
  // the whole corpus once; its first rows (every odd case of the first hundreds) in the other forms
  const some = corpus.rows.slice(0, 800);
  const files: [string, string | Buffer][] = [
    ['corpus-bom.csv', '\uFEFF' + csvText(corpus.rows, comma)],
    ['corpus-gbk.csv', iconv.encode(csvText(some, comma), 'gbk')],
    ['corpus-tab.csv', csvText(some, { delimiter: '\t', lineEnd: '\n' })],
    ['corpus-semicolon.csv', 'sep=;\r\n' + csvText(some, { delimiter: ';', lineEnd: '\r\n' })],
    ['corpus-cr.csv', csvText(some, { delimiter: ',', lineEnd: '\r' })],
    [
      'corpus-utf16.csv',
      Buffer.concat([
        Buffer.from([0xff, 0xfe]),
        iconv.encode(csvText(some.slice(0, 300), { delimiter: '\t', lineEnd: '\r\n' }), 'utf-16le'),
      ]),
    ],
    // a quote closed in the middle of a field: the fast splitter hands the rest of the file to csv-parse
    [
      'corpus-handover.csv',
      csvText(corpus.rows.slice(0, 300), comma) +
        'B001,"王"五,1\r\n' +
        csvText(corpus.rows.slice(300, 600), comma),
    ],
    // a quote never closed: an error, after the same rows
    ['corpus-unclosed.csv', csvText(corpus.rows.slice(0, 300), comma) + 'B001,"王五\r\n'],
  ];
  return files.map(([name, content]) => {
    const p = join(dir, name);
    writeFileSync(p, content);
    return p;
  });
}

// ------------------------------------------------------------------------------------------------ xlsx

const isoToDate = (iso: string) => {
  const [y, m, d] = ymdOf(iso);
  return new Date(Date.UTC(y, m - 1, d));
};

/** Writes a corpus row into an exceljs row. */
function fillRow(row: ExcelJS.Row, cells: Cell[]): void {
  cells.forEach((c, k) => {
    if (c.text === '' && c.value === undefined) return;
    const cell = row.getCell(k + 1);
    if (c.value !== undefined) cell.value = c.value;
    else if (c.date === 'cell') {
      cell.value = isoToDate(c.text);
      cell.numFmt = 'yyyy-mm-dd';
    } else if (c.date === 'styled-serial') {
      cell.value = serialOf(c.text);
      cell.numFmt = k % 2 ? 'yyyy"年"m"月"d"日"' : 'yyyy/m/d';
    } else if (c.date === 'serial') cell.value = Number(c.text);
    else cell.value = c.text;
  });
}

/**
 * The corpus as .xlsx: exceljs' workbook writer (shared strings), and its first rows by exceljs' streaming writer
 * with shared strings (written after the sheet, as Excel orders them) and without (inline `str` cells), and a hand-made workbook of the XML
 * exceljs never writes (inlineStr rich text, phonetic runs, references, CDATA, comments, a processing instruction,
 * single quotes, a styled row, `$` in a cell reference, a stored entry). Paths.
 */
export async function writeCorpusXlsx(dir: string, corpus: Corpus): Promise<string[]> {
  const out: string[] = [];
  const book = new ExcelJS.Workbook();
  const ws = book.addWorksheet('党员名册');
  book.addWorksheet('填写说明').addRow(['不是数据']);
  for (const r of corpus.rows) fillRow(ws.addRow([]), r);
  out.push(join(dir, 'corpus-book.xlsx'));
  await book.xlsx.writeFile(out[0]!);
  for (const useSharedStrings of [true, false]) {
    const p = join(dir, `corpus-stream-${useSharedStrings ? 'shared' : 'inline'}.xlsx`);
    const sw = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: p, useSharedStrings, useStyles: true });
    const s = sw.addWorksheet('党员名册');
    s.columns = HEADERS.map((_, k) => ({ style: DATE_COLUMNS.includes(k) ? { numFmt: 'yyyy-mm-dd' } : {} }));
    let n = 0;
    for (const r of corpus.rows.slice(0, 800)) {
      const row = s.getRow(++n);
      fillRow(row, r);
      row.commit();
    }
    await sw.commit();
    out.push(p);
  }
  out.push(await handMadeXlsx(dir));
  return out;
}

const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n';

/** A workbook written by hand: what other office suites and exporters put in an .xlsx. */
async function handMadeXlsx(dir: string): Promise<string> {
  const is = (t: string) => `<is><t>${t}</t></is>`;
  const sheet =
    XML +
    `<worksheet xmlns="${NS}" xmlns:r="${REL}"><dimension ref="A1:F9"/>\r\n` +
    '<!-- written by hand --><sheetData>\r\n' +
    `<row r="1"><c r="A1" t="inlineStr">${is('党员名册')}</c></row>\r\n` +
    `<row r="2"><c r="A2" t="inlineStr">${is('所在党组织编码')}</c><c r="B2" t="inlineStr">${is('姓名')}</c>` +
    `<c r="C2" t="s"><v>0</v></c><c r="D2" t="inlineStr"><is><t xml:space="preserve"> 入党日期 </t></is></c>` +
    `<c r="E2" t="inlineStr">${is('民族')}</c><c r="F2" t="inlineStr">${is('人员类别')}</c></row>\r\n` +
    `<row r="3" spans="1:6"><c r="A3" t="inlineStr">${is('B001')}</c>` +
    '<c r="B3" t="inlineStr"><is><r><t>张</t></r><r><rPr><b/></rPr><t xml:space="preserve">三 </t></r></is></c>' +
    `<c r="C3" t="s"><v>1</v></c><c r="D3" s="1"><v>43895</v></c><c r="E3" t="s"><v>2</v></c>` +
    `<c r="F3" t="inlineStr">${is('正式党员')}</c></row>\r\n` +
    `<row r='4'><c r='A4' t='inlineStr'>${is('a &amp;lt; b &#x4E2D;&#25991; &quot;q&quot; &apos;s&apos; &gt;')}</c>` +
    '<c r="B4" t="str"><v>行一&#13;&#10;行二\r\n行三</v></c><c r="C4" t="n"><v>1.5E3</v></c>' +
    '<c r="D4" s="2"><v>44000.75</v></c><c r="E4" t="b"><v>1</v></c><c r="F4" t="e"><v>#DIV/0!</v></c></row>\r\n' +
    '<row r="6" s="1" customFormat="1"><c r="A6"><v>43000</v></c><c r="B6" s="0"><v>43000</v></c>' +
    '<c r="C6" t="inlineStr"><is><t><![CDATA[x<y]]></t></is></c><c r="D6"/><c r="E6" t="inlineStr"><is><t></t></is></c>' +
    '<c r="F6"><f>SUM(A6:B6)</f><v>86000</v></c></row>\r\n' +
    '<row r="7"><c r="$A$7" t="inlineStr"><is><t>美元符号引用</t></is></c><c r="C7" t="s"><v>99</v></c>' +
    '<c r="D7" t="str"><f>A7&amp;"x"</f><v>甲&amp;amp;x</v></c><c r="F7"><v>-0</v></c></row>\r\n' +
    `<row r="9"><?pi ignored?><c r="A9" t="inlineStr">${is('最后一行 &#x1F600;')}</c></row>\r\n` +
    '</sheetData><pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>' +
    '</worksheet>';
  const shared =
    XML +
    `<sst xmlns="${NS}" count="3" uniqueCount="3"><si><t>公民身份号码</t></si>` +
    '<si><r><t>4211241968</t></r><r><rPr><i/></rPr><t>06279956</t></r></si>' +
    '<si><t>汉族</t><rPh sb="0" eb="1"><t>ハン</t></rPh></si></sst>';
  const styles =
    XML +
    `<styleSheet xmlns="${NS}"><numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/></numFmts>` +
    '<fonts count="1"><font><sz val="11"/><name val="宋体"/></font></fonts>' +
    '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
    '<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>' +
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>' +
    '<xf numFmtId="22" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs></styleSheet>';
  const p = join(dir, 'corpus-handmade.xlsx');
  await writeZip(p, [
    [
      '[Content_Types].xml',
      XML +
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
        '<Default Extension="xml" ContentType="application/xml"/>' +
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' +
        '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>' +
        '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>',
    ],
    [
      '_rels/.rels',
      XML +
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
        `<Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    ],
    [
      'xl/workbook.xml',
      XML +
        `<workbook xmlns="${NS}" xmlns:r="${REL}"><workbookPr date1904="0"/>` +
        '<sheets><sheet name="名册" sheetId="1" r:id="rId1"/></sheets></workbook>',
      true,
    ],
    [
      'xl/_rels/workbook.xml.rels',
      XML +
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
        `<Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/>` +
        `<Relationship Id="rId2" Type="${REL}/styles" Target="styles.xml"/>` +
        `<Relationship Id="rId3" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/></Relationships>`,
    ],
    ['xl/styles.xml', styles],
    // the sheet last: exceljs' streaming reader sometimes loses the entries after a sheet it had to buffer when they
    // are few and small (exceljs issue #683, unmerged fix #2915), and would then read the cells unresolved
    ['xl/sharedStrings.xml', shared],
    ['xl/worksheets/sheet1.xml', sheet],
  ]);
  return p;
}
