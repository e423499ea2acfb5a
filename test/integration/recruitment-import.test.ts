/**
 * The recruitment ledger imported (decision 0025) from a LibreOffice-written file (test/fixtures/ledger, made by
 * make-applicants-ledger.ts): good rows become cases with their dated steps (a 预备党员 row a probationary member
 * on the roster from the general meeting's date), impossible rows are rejected with the reason, dates that break an
 * interval rule are kept with a warning, a dry run writes nothing and a re-import changes nothing.
 */
import { expect, it } from 'vitest';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeDb, TODAY } from '../helpers/db.js';
import { member, smallCounty } from '../helpers/factory.js';
import { runImport } from '../../src/services/imports.js';
import { recruitmentSummary } from '../../src/services/recruitment.js';
import { APPLICANT_IDS } from '../fixtures/ledger/make-applicants-ledger.js';
import type { Ctx } from '../../src/services/context.js';
import { actorFor, createUser } from '../../src/services/accounts.js';
import { userByUsername } from '../../src/db/repositories/accounts.js';

const LEDGER = join(dirname(fileURLToPath(import.meta.url)), '../fixtures/ledger');

describeDb('recruitment import', (h) => {
  it('imports the ledger: cases with their steps, rejections with reasons, warnings kept, a re-import changes nothing', async () => {
    const ctx = h.ctx();
    await smallCounty(ctx);
    await member(ctx, 'V11', '张一', { idNumber: APPLICANT_IDS.member });
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
    const file = { path: join(LEDGER, 'applicants.xlsx') };
    const dry = await runImport(officer, 'applicants', file, { dryRun: true });
    expect(dry).toMatchObject({ total: 11, inserted: 4 });
    expect((await recruitmentSummary(ctx, 'C')).stages).toEqual({
      applicant: 0,
      activist: 0,
      candidate: 0,
      probationary: 0,
    });

    const r = await runImport(officer, 'applicants', file);
    expect(r).toMatchObject({ total: 11, inserted: 4, rejectedTotal: 7 });
    const byRow = Object.fromEntries(r.rejected.map((x) => [x.row, x.code]));
    expect(byRow).toEqual({
      7: 'ORG_NOT_FOUND',
      8: 'DATE_ORDER',
      9: 'UNDER_AGE',
      10: 'MEMBER_ID_NUMBER_TAKEN',
      11: 'STAGE_MISMATCH',
      12: 'ORG_NOT_FOUND',
      13: 'CODE_UNKNOWN',
    });
    expect(r.rejected.find((x) => x.row === 9)!.message).toContain('第五条');
    // kept with warnings: the talk two months after the application, a candidate five months after being an activist
    const warned = r.warnings.filter((w) => w.row === 5).map((w) => w.code);
    expect(warned.sort()).toEqual(['RECRUITMENT_TALK_LATE', 'RECRUITMENT_TOO_EARLY']);
    expect(r.warnings.find((w) => w.code === 'RECRUITMENT_TOO_EARLY')!.message).toContain('第十三条');

    const s = await recruitmentSummary(ctx, 'C');
    expect(s.stages).toEqual({ applicant: 1, activist: 1, candidate: 1, probationary: 1 });
    const v11 = s.orgs.find((o) => o.code === 'V11')!;
    expect(v11).toMatchObject({ lastAdmitted: '2025-12-01', probationary: 1 });
    // 王小兵 is on the roster as probationary from the general meeting
    const rows = await h.db.query<{ status: string; joined_on: string }>(
      `SELECT m.status, m.joined_on::text FROM member m JOIN person p ON p.id = m.person_id WHERE p.name = '王小兵'`,
    );
    expect(rows).toEqual([{ status: 'probationary', joined_on: '2025-12-01' }]);

    const again = await runImport(officer, 'applicants', file);
    expect(again).toMatchObject({ inserted: 0, unchanged: 4, rejectedTotal: 7 });
    expect((await recruitmentSummary(ctx, 'C')).stages.applicant).toBe(1);
  });
});
