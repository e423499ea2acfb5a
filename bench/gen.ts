/**
 * Input files for the import benchmarks, from the province demo generator (realistic Chinese names, valid ID
 * numbers agreeing with sex and birth date, real divisions): members-<n>.csv (UTF-8 with BOM, as Excel saves it)
 * and members-<n>.xlsx (exceljs streaming writer with shared strings, as Excel writes them; dates as date cells).
 * Both hold the same rows under the template's headers, with code-table values as people type them (汉族, 大学本科毕业,
 * 正式党员), so the import's normalisers do their real work.
 */
import { createWriteStream, statSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import ExcelJS from 'exceljs';
import { generateProvince, type DemoMember } from '../src/domain/demo/generate.js';
import { EDUCATIONS, ETHNICITIES, OCCUPATIONS } from '../src/shared/codes.js';
import { parts } from '../src/shared/dates.js';
import { BENCH_TODAY, DEFAULT_SEED, ensureOut, inputPaths, type InputManifest } from './common.js';

const HEADERS = [
  '所在党组织编码',
  '姓名',
  '公民身份号码',
  '性别',
  '出生日期',
  '民族',
  '学历',
  '职业',
  '人员类别',
  '入党日期',
  '转正日期',
  '联系电话',
  '籍贯',
  '家庭住址',
  '工作单位',
];
const DATE_COLUMNS = new Set([4, 9, 10]);

const zhOf = (list: readonly { code: string; zh: string }[]) => new Map(list.map((e) => [e.code, e.zh]));
const ETH = zhOf(ETHNICITIES);
const EDU = zhOf(EDUCATIONS);
const OCC = zhOf(OCCUPATIONS);

function cellsOf(m: DemoMember): (string | null)[] {
  return [
    m.orgCode,
    m.name,
    m.idNumber,
    m.sex === 'male' ? '男' : '女',
    m.birthDate,
    ETH.get(m.ethnicity) ?? m.ethnicity,
    EDU.get(m.education) ?? m.education,
    OCC.get(m.occupation) ?? m.occupation,
    m.status === 'full' ? '正式党员' : '预备党员',
    m.joinedOn,
    m.confirmedOn,
    m.phone,
    m.nativePlace,
    m.address,
    m.workUnit,
  ];
}

function csvField(v: string | null): string {
  if (v == null) return '';
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

function isoToDate(iso: string): Date {
  const [y, m, d] = parts(iso);
  return new Date(Date.UTC(y, m - 1, d));
}

export async function generateInputs(
  rows: number,
  seed = DEFAULT_SEED,
  today = BENCH_TODAY,
): Promise<InputManifest> {
  ensureOut();
  const paths = inputPaths(rows);
  const gen = generateProvince({ seed, today, targetMembers: rows });
  let orgs = 0;
  for (const batch of gen.orgs()) orgs += batch.length;

  const csv = createWriteStream(paths.csv);
  const write = async (s: string) => {
    if (!csv.write(s)) await once(csv, 'drain');
  };
  await write('\uFEFF' + HEADERS.join(',') + '\r\n');

  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({
    filename: paths.xlsx,
    useSharedStrings: true,
    useStyles: true,
  });
  const ws = wb.addWorksheet('党员信息');
  ws.columns = HEADERS.map((h, i) => ({
    header: h,
    width: i === 13 ? 36 : 14,
    style: DATE_COLUMNS.has(i) ? { numFmt: 'yyyy-mm-dd' } : { numFmt: '@' },
  }));

  const t0 = performance.now();
  let tCsv = 0;
  let tXlsx = 0;
  let n = 0;
  for (const batch of gen.members()) {
    let text = '';
    const t1 = performance.now();
    const cells = batch.map(cellsOf);
    for (const c of cells) text += c.map(csvField).join(',') + '\r\n';
    await write(text);
    const t2 = performance.now();
    for (const c of cells) {
      ws.addRow(c.map((v, i) => (v != null && DATE_COLUMNS.has(i) ? isoToDate(v) : v))).commit();
      if (++n % 200 === 0) await new Promise((r) => setImmediate(r));
    }
    const t3 = performance.now();
    tCsv += t2 - t1;
    tXlsx += t3 - t2;
  }
  ws.commit();
  await wb.commit();
  csv.end();
  await once(csv, 'finish');
  const total = (performance.now() - t0) / 1000;
  const manifest: InputManifest = {
    rows,
    orgs,
    seed,
    today,
    csv: paths.csv,
    xlsx: paths.xlsx,
    csvBytes: statSync(paths.csv).size,
    xlsxBytes: statSync(paths.xlsx).size,
    seconds: { generate: total - (tCsv + tXlsx) / 1000, csv: tCsv / 1000, xlsx: tXlsx / 1000 },
  };
  writeFileSync(paths.manifest, JSON.stringify(manifest, null, 2));
  return manifest;
}
