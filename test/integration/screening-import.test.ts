/**
 * The screening ledger (软弱涣散村党组织台账, decision 0033) imported from a LibreOffice-written file
 * (test/fixtures/ledger, made by make-screening-ledger.ts): good rows confirm orgs with their types and open their
 * cases, bad rows are rejected with the reason, a dry run writes nothing, a re-import changes nothing, and a
 * township officer may not confirm.
 */
import { expect, it } from 'vitest';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeDb, TODAY } from '../helpers/db.js';
import { smallCounty } from '../helpers/factory.js';
import { runImport } from '../../src/services/imports.js';
import { screening } from '../../src/services/screening.js';
import type { Ctx } from '../../src/services/context.js';
import { actorFor, createUser } from '../../src/services/accounts.js';
import { userByUsername } from '../../src/db/repositories/accounts.js';

const LEDGER = join(dirname(fileURLToPath(import.meta.url)), '../fixtures/ledger');

describeDb('screening import', (h) => {
  it('confirms weak orgs from the ledger, rejecting bad rows with the reason', async () => {
    const ctx = h.ctx();
    await smallCounty(ctx);
    const file = { path: join(LEDGER, 'screening.xlsx') };
    const dry = await runImport(ctx, 'screening', file, { dryRun: true });
    expect(dry).toMatchObject({ total: 9, inserted: 3, rejectedTotal: 6 });
    expect((await screening(ctx, 'C', 2026)).table.confirmed).toBe(0);

    const r = await runImport(ctx, 'screening', file);
    expect(r).toMatchObject({ total: 9, inserted: 3, rejectedTotal: 6 });
    const byRow = Object.fromEntries(r.rejected.map((x) => [x.row, x.code]));
    expect(byRow).toEqual({
      6: 'ORG_NOT_FOUND',
      7: 'WEAK_TYPE_UNKNOWN',
      8: 'YEAR_IN_FUTURE',
      9: 'SCREENING_REFUSED',
      10: 'DUPLICATE_IN_FILE',
      11: 'SCREENING_REFUSED',
    });
    const msg = (row: number) => r.rejected.find((x) => x.row === row)!;
    expect(msg(7)).toMatchObject({ column: '主要类型', message: expect.stringContaining('“15”') });
    expect(msg(8).message).toContain('2027');
    expect(msg(9).message).toContain('不是村（社区）党组织');
    expect(msg(11)).toMatchObject({
      column: '认定时间',
      message: expect.stringContaining('不能早于排查年度'),
    });

    const s = await screening(ctx, 'C', 2026);
    expect(s.table).toMatchObject({ screened: 4, confirmed: 3 });
    const conf = Object.fromEntries(s.orgs.map((o) => [o.code, o.confirmed]));
    expect(conf).toEqual({ V11: [1, 4], V12: [8, 10], V22: [3], V21: [] });
    const pct = Object.fromEntries(s.table.byType.filter((t) => t.count).map((t) => [t.type, t.percent]));
    expect(pct).toEqual({ 1: 33.3, 3: 33.3, 4: 33.3, 8: 33.3, 10: 33.3 });
    expect(s.orgs.find((o) => o.code === 'V11')).toMatchObject({
      reason: '按排查台账导入',
      stage: '待制定方案',
    });
    expect(s.orgs.find((o) => o.code === 'V11')!.caseId).toBeGreaterThan(0);

    const again = await runImport(ctx, 'screening', file);
    expect(again).toMatchObject({ inserted: 0, updated: 0, unchanged: 3, rejectedTotal: 6 });
    const audited = await h.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_log WHERE entity = 'screening_confirmation'`,
    );
    expect(audited[0]!.n).toBe(3);
  });

  it('leaves the confirmation to the county: a township officer’s rows are refused', async () => {
    const ctx = h.ctx();
    await smallCounty(ctx);
    await createUser(ctx, {
      username: 't1officer',
      displayName: '甲镇组织委员',
      role: 'township_officer',
      orgCode: 'T1',
      password: 'Passw0rd-test',
    });
    const officer: Ctx = {
      ...ctx,
      actor: await actorFor(h.db, (await userByUsername(h.db, 't1officer'))!, TODAY),
    };
    const r = await runImport(officer, 'screening', { path: join(LEDGER, 'screening.xlsx') });
    expect(r.inserted).toBe(0);
    const byRow = Object.fromEntries(r.rejected.map((x) => [x.row, x.code]));
    // V11 and V12 are the officer's villages but confirming is the county's; V22 lies outside the officer's scope
    expect(byRow[3]).toBe('FORBIDDEN');
    expect(byRow[4]).toBe('FORBIDDEN');
    expect(byRow[5]).toBe('ORG_NOT_FOUND');
  });
});
