/**
 * "The county" of an org (the health indicators' reference ages and division coverage, decision 0032): its county
 * committee — in a county deployment the root 县委; in a deployment above the county (the province demo, where
 * counties are 工作委员会 under the one local committee) the county's committee, not the province's root.
 */
import { expect, it } from 'vitest';
import { describeDb } from '../helpers/db.js';
import { org } from '../helpers/factory.js';
import { countyPathOf } from '../../src/db/repositories/supervision.js';

describeDb('county of an org', (h) => {
  const pathOf = async (code: string) =>
    (await h.db.query<{ path: string }>('SELECT path FROM org WHERE code = $1', [code]))[0]!.path;
  const countyOf = async (code: string) => countyPathOf(h.db, await pathOf(code));
  const gov = { sector: 'government' as const };
  const wc = { ...gov, kind: 'working_committee' as const };

  it('is the county committee, also under a province or city root', async () => {
    const ctx = h.ctx();
    await org(ctx, 'P', '中共湖北省委员会', null, { ...gov, divisionCode: '420000' });
    await org(ctx, 'CI', '中共武汉市委员会', 'P', { ...wc, divisionCode: '420100' });
    await org(ctx, 'CO', '中共江岸区委员会', 'CI', { ...wc, divisionCode: '420102' });
    await org(ctx, 'OR', '中共江岸区直属机关工作委员会', 'CO', { ...wc, divisionCode: '420102' });
    await org(ctx, 'OB', '区财政局机关支部', 'OR', { ...gov, divisionCode: '420102' });
    await org(ctx, 'T', '中共大智街道工作委员会', 'CO', { ...wc, divisionCode: '420102002' });
    await org(ctx, 'V', '某社区党支部', 'T', { sector: 'community', divisionCode: '420102002001' });
    const county = await pathOf('CO');
    expect(await countyOf('V')).toBe(county);
    expect(await countyOf('OB')).toBe(county);
    expect(await countyOf('T')).toBe(county);
    expect(await countyOf('CO')).toBe(county);
    // above the county: the nearest local committee (as before)
    expect(await countyOf('CI')).toBe(await pathOf('P'));
    expect(await countyOf('P')).toBe(await pathOf('P'));
  });

  it('is the root 县委 of a county deployment', async () => {
    const ctx = h.ctx();
    await org(ctx, 'C', '中共英山县委员会', null, { ...gov, divisionCode: '421124' });
    await org(ctx, 'T', '中共温泉镇委员会', 'C', {
      ...gov,
      kind: 'township_committee',
      divisionCode: '421124100',
    });
    await org(ctx, 'V', '某村党支部', 'T', { divisionCode: '421124100201' });
    expect(await countyOf('V')).toBe(await pathOf('C'));
    expect(await countyOf('T')).toBe(await pathOf('C'));
  });

  it('is the nearest 县委 when no org names a division, as before', async () => {
    const ctx = h.ctx();
    await org(ctx, 'C', '中共某县委员会', null, gov);
    await org(ctx, 'T', '中共某镇委员会', 'C', { ...gov, kind: 'township_committee' });
    await org(ctx, 'B', '某支部', 'T');
    expect(await countyOf('B')).toBe(await pathOf('C'));
  });
});
