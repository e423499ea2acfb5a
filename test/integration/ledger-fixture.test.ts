/**
 * The county ledgers as issue 9 found them, in files LibreOffice wrote (test/fixtures/ledger, make-ledger.ts): a
 * title row above the header, committees with 所属领域 blank, and member rows whose 工作岗位, 文化程度 and 民族 use
 * the ledgers' own wordings. Every org and every member is imported; the one wording no table knows is a single
 * warning line, and its members are counted as 未归类 until it is mapped.
 */
import { expect, it } from 'vitest';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeDb } from '../helpers/db.js';
import { importMembers, importOrgs } from '../../src/services/imports.js';
import { getLiveStats, getStats } from '../../src/services/stats.js';
import { mapClassification } from '../../src/services/classification.js';

const LEDGER = join(dirname(fileURLToPath(import.meta.url)), '../fixtures/ledger');

describeDb('a LibreOffice-written county ledger', (h) => {
  it('imports every org and member; one line for the wording no table knows, 未归类 until it is mapped', async () => {
    const orgs = await importOrgs(h.ctx(), { path: join(LEDGER, 'orgs.xlsx') });
    expect(orgs).toMatchObject({ total: 6, inserted: 6, rejectedTotal: 0 });
    const sectors = await h.db.query<{ code: string; sector: string }>(
      'SELECT code, sector FROM org ORDER BY code',
    );
    expect(Object.fromEntries(sectors.map((o) => [o.code, o.sector]))).toEqual({
      '421199': 'none',
      '421199001': 'street',
      '421199001001': 'community',
      '421199100': 'township',
      '421199100201': 'village',
      '421199100202': 'village',
    });

    const members = await importMembers(h.ctx(), { path: join(LEDGER, 'members.xlsx') });
    expect(members).toMatchObject({ total: 8, inserted: 8, rejectedTotal: 0, warningTotal: 2 });
    expect(members.headline).toBe('');
    expect(members.warningSummary).toEqual([
      {
        code: 'UNCLASSIFIED',
        column: '工作岗位',
        field: 'occupation',
        value: '个体经营',
        message: '2 行的工作岗位为“个体经营”，无法对应标准类别',
        count: 2,
        rows: [6, 10],
      },
    ]);
    const stats = await getStats(h.ctx(), '421199');
    expect(stats.members).toEqual({ total: 8, full: 7, probationary: 1 });
    expect(stats.ethnicity).toEqual({ han: 6, minority: 2, unclassified: 0 });
    expect(stats.occupation).toMatchObject({ farmer: 2, retired: 2, manager: 2, unclassified: 2 });
    expect(stats.education).toMatchObject({
      junior_or_below: 2,
      secondary_vocational: 2,
      high_school: 1,
      associate: 1,
      bachelor: 2,
    });
    expect(stats.orgs.bySector).toMatchObject({ none: 1, township: 1, street: 1, village: 2, community: 1 });

    // mapped as the county decides (个体经营 → 其他职业人员): the two move, and the next import of the file is quiet
    expect(
      await mapClassification(h.ctx(), { field: 'occupation', raw: '个体经营', code: 'other' }),
    ).toMatchObject({ reclassified: 2, onRoster: 2 });
    const mapped = await getStats(h.ctx(), '421199');
    expect(mapped.occupation).toMatchObject({ other: 2 });
    expect(mapped.occupation.unclassified).toBeUndefined();
    expect((await getLiveStats(h.ctx(), '421199')).occupation).toEqual(mapped.occupation);
    const again = await importMembers(h.ctx(), { path: join(LEDGER, 'members.xlsx') });
    expect(again).toMatchObject({ total: 8, inserted: 0, updated: 0, unchanged: 8, warningTotal: 0 });
  });
});
