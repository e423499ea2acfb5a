/**
 * `bench/warnings.ts --county CODE` on a tree without a township committee under the county (the province benches'
 * seed): the org it re-evaluates branches under is the first below the county, township committees first, then the
 * shallowest, with an active branch of full members below it — and none when no branch below has members.
 */
import { expect, it } from 'vitest';
import { describeDb } from '../helpers/db.js';
import { member, org } from '../helpers/factory.js';
import { firstTownship, townshipLikeUnder } from '../../src/db/repositories/demo.js';

describeDb('the township a county bench takes', (h) => {
  it('takes the shallowest org with branches of full members, township committees first', async () => {
    const ctx = h.ctx();
    await org(ctx, 'C', '中共测试县委员会', null, { sector: 'government' });
    await org(ctx, 'W0', '中共县直机关工作委员会', 'C', { kind: 'working_committee' });
    await org(ctx, 'B0', '县直第一党支部', 'W0');
    await org(ctx, 'W1', '中共城关街道工作委员会', 'C', { kind: 'working_committee' });
    await org(ctx, 'G1', '城关社区党总支', 'W1', { kind: 'general_branch' });
    await org(ctx, 'B1', '城关社区第一党支部', 'G1');
    // no branch below the county has members yet: nothing to take, and the bench says so
    expect(await firstTownship(h.db, 'C')).toBeUndefined();
    expect(await townshipLikeUnder(h.db, 'C')).toBeUndefined();
    await member(ctx, 'B1', '张一');
    expect(await townshipLikeUnder(h.db, 'C')).toMatchObject({ code: 'W1', kind: 'working_committee' });
    // a township committee with members below it comes first (the county's own first township, as before)
    await org(ctx, 'T1', '中共甲镇委员会', 'C', { kind: 'township_committee' });
    await org(ctx, 'V11', '甲村党支部', 'T1');
    await member(ctx, 'V11', '李二');
    expect(await townshipLikeUnder(h.db, 'C')).toMatchObject({ code: 'T1' });
    expect(await firstTownship(h.db, 'C')).toMatchObject({ code: 'T1' });
    expect(await townshipLikeUnder(h.db, 'NONE')).toBeUndefined();
  });
});
