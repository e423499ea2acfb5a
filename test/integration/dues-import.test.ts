/**
 * The two dues ledgers imported (decision 0020) from LibreOffice-written files (test/fixtures/ledger, made by
 * make-dues-ledger.ts): good rows written, bad rows rejected with their reason and nothing of them written,
 * suspicious rows kept with a warning, a dry run writes nothing, and importing the same file again changes nothing.
 */
import { expect, it } from 'vitest';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeDb } from '../helpers/db.js';
import { member, smallCounty } from '../helpers/factory.js';
import { runImport } from '../../src/services/imports.js';
import { getDuesStatus } from '../../src/services/dues.js';
import { DUES_IDS } from '../fixtures/ledger/make-dues-ledger.js';
import type { Ctx } from '../../src/services/context.js';
import { actorFor, createUser } from '../../src/services/accounts.js';
import { userByUsername } from '../../src/db/repositories/accounts.js';
import { TODAY } from '../helpers/db.js';

const LEDGER = join(dirname(fileURLToPath(import.meta.url)), '../fixtures/ledger');

describeDb('dues import', (h) => {
  const seed = async () => {
    const ctx = h.ctx();
    await smallCounty(ctx);
    await member(ctx, 'V11', '张一', { idNumber: DUES_IDS.zhang, birth: '1970-05-20' });
    await member(ctx, 'V11', '李二', { idNumber: DUES_IDS.li, birth: '1968-03-10' });
    await member(ctx, 'V11', '陈新', {
      idNumber: DUES_IDS.chen,
      birth: '2000-01-01',
      status: 'probationary',
      joinedOn: '2026-09-15',
      confirmedOn: null,
    });
    await member(ctx, 'V21', '孙七', { idNumber: DUES_IDS.sun, birth: '1975-11-11' });
    await createUser(ctx, {
      username: 'v11sec',
      displayName: '甲村书记',
      role: 'branch_secretary',
      orgCode: 'V11',
      password: 'Passw0rd-test',
    });
    const sec: Ctx = { ...ctx, actor: await actorFor(h.db, (await userByUsername(h.db, 'v11sec'))!, TODAY) };
    return { ctx, sec };
  };
  const reasons = (r: { rejected: { row: number; code: string }[] }) =>
    Object.fromEntries(r.rejected.map((x) => [x.row, x.code]));

  it('imports the bases ledger: good rows written, bad ones rejected with their reason, a re-import changes nothing', async () => {
    const { sec } = await seed();
    const file = { path: join(LEDGER, 'dues-bases.xlsx') };
    const dry = await runImport(sec, 'dues-bases', file, { dryRun: true });
    expect(dry).toMatchObject({ total: 11, inserted: 4, badRows: 7 });
    expect((await h.db.query('SELECT 1 FROM dues_basis')).length).toBe(0);
    const r = await runImport(sec, 'dues-bases', file);
    expect(r).toMatchObject({ total: 11, inserted: 4, updated: 0, badRows: 7 });
    expect(reasons(r)).toEqual({
      7: 'MEMBER_NOT_FOUND',
      8: 'NAME_MISMATCH',
      9: 'CODE_UNKNOWN',
      10: 'AMOUNT_DECIMALS',
      11: 'AMOUNT_NEGATIVE',
      12: 'REQUIRED',
      13: 'MEMBER_NOT_FOUND',
    });
    const again = await runImport(sec, 'dues-bases', file);
    expect(again).toMatchObject({ inserted: 0, updated: 0, unchanged: 4 });
    const all = await runImport(sec, 'dues-bases', file, { allOrNothing: true });
    expect(all).toMatchObject({ inserted: 0, updated: 0, unchanged: 0, badRows: 7 });
    const rows = await h.db.query<{ n: number }>('SELECT count(*)::int AS n FROM dues_basis');
    expect(rows[0]!.n).toBe(4);
  });

  it('imports the payments ledger: ranges of months, bad rows rejected, suspicious rows kept with a warning', async () => {
    const { sec } = await seed();
    await runImport(sec, 'dues-bases', { path: join(LEDGER, 'dues-bases.xlsx') });
    const file = { path: join(LEDGER, 'dues.xlsx') };
    const r = await runImport(sec, 'dues', file);
    expect(r).toMatchObject({ total: 13, inserted: 6, badRows: 7 });
    expect(reasons(r)).toEqual({
      8: 'DUES_NOT_OWED',
      9: 'AMOUNT_DECIMALS',
      10: 'AMOUNT_NOT_NUMBER',
      11: 'AMOUNT_NEGATIVE',
      12: 'MEMBER_NOT_FOUND',
      13: 'NAME_MISMATCH',
      14: 'MONTH_FORMAT',
    });
    expect(r.warnings.map((w) => [w.row, w.code])).toEqual([
      [6, 'DUES_AMOUNT_DIFFERS'],
      [7, 'DUES_LATE_MAKE_UP'],
    ]);
    expect(r.warningSummary.map((w) => w.message)).toContain('1 行缴纳金额与应交党费不一致，已导入，请核实');
    const again = await runImport(sec, 'dues', file);
    expect(again).toMatchObject({ inserted: 0, unchanged: 6, warningTotal: 0 });
    const s = await getDuesStatus(sec, 'V11', { month: '2026-10' });
    const line = (n: string) => s.members.find((m) => m.name === n)!;
    // 张一: 4000 × 1 % Jan–Jun, 5200 × 1.5 % from July, all paid to October; November owed since the 1st
    expect(line('张一')).toMatchObject({ due: 7800, paid: 7800, arrearsMonths: 1, arrears: 7800 }); // November, as of today
    expect(line('陈新')).toMatchObject({ due: 20, paid: 20 });
    const paidBy = await h.db.query<{ paid_by: string; channel: string }>(
      'SELECT paid_by, channel FROM dues_payment WHERE paid_by IS NOT NULL',
    );
    expect(paidBy).toEqual([{ paid_by: '张一之妻', channel: 'import' }]);
  });
});
