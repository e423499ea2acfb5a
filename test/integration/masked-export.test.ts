/**
 * The Excel round trip (issue 10 #3): a plain export masks ID numbers and phones, so it cannot be imported again —
 * the import says so in one message naming the way out; the export made for re-import goes back in unchanged.
 */
import { expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeDb } from '../helpers/db.js';
import { member, smallCounty } from '../helpers/factory.js';
import { importMembers } from '../../src/services/imports.js';
import { exportMembers } from '../../src/services/exports.js';
import { parseIdNumber } from '../../src/shared/id-number.js';
import { TODAY } from '../helpers/db.js';

it('tells a masked ID number from a mistyped one', () => {
  expect(parseIdNumber('4211**********8856', TODAY)).toEqual({ ok: false, problem: 'ID_MASKED' });
  expect(parseIdNumber('4211＊＊＊＊＊＊＊＊＊＊885X', TODAY)).toEqual({ ok: false, problem: 'ID_MASKED' });
  expect(parseIdNumber('42112419650412', TODAY)).toEqual({ ok: false, problem: 'ID_FORMAT' });
  expect(parseIdNumber('4211*9650412001', TODAY)).toEqual({ ok: false, problem: 'ID_FORMAT' });
});

describeDb('re-importing an export', (h) => {
  it('refuses a masked export with one message, and takes the full export back unchanged', async () => {
    await smallCounty(h.ctx());
    for (const [i, org] of ['V11', 'V12', 'V21'].entries()) await member(h.ctx(), org, `党员${i}`);
    const out = mkdtempSync(join(tmpdir(), 'jiceng-masked-'));

    const masked = join(out, 'masked.xlsx');
    await exportMembers(h.ctx(), 'C', {}, { path: masked }, { full: false });
    const r = await importMembers(h.ctx(), { path: masked });
    expect(r).toMatchObject({ total: 3, inserted: 0, updated: 0 });
    // one root cause, one message: every row for the same reason, and the message names the way out
    expect(r.summary.map((s) => [s.code, s.count])).toEqual([['ID_MASKED', 3]]);
    expect(r.summary[0]!.message).toContain('导出可导入的名册');

    const full = join(out, 'full.xlsx');
    await exportMembers(h.ctx(), 'C', {}, { path: full }, { full: true });
    expect(await importMembers(h.ctx(), { path: full })).toMatchObject({
      total: 3,
      inserted: 0,
      unchanged: 3,
      rejected: [],
    });
  });
});
