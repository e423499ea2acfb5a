/**
 * 党章 第九条 flags (decision 0023) end to end on both engines: months of organisational life missed without good
 * reason from recorded meetings, months of dues with nothing paid, combined per member, for a subtree and one
 * member, as of a date, in scope — and never a status change.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { describeDb, TODAY } from '../helpers/db.js';
import { member, smallCounty } from '../helpers/factory.js';
import { signIn } from '../helpers/http.js';
import { buildServer } from '../../src/server/app.js';
import { fixedClock } from '../../src/services/context.js';
import { recordMeeting } from '../../src/services/meetings.js';
import type { AttendanceInput } from '../../src/shared/schemas.js';

describeDb('article 9 flags', (h) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildServer({ db: h.db, clock: fixedClock(TODAY), logLevel: 'silent' });
  });
  afterAll(async () => {
    await app.close();
  });

  it('flags three and six months of organisational life or dues, combined per member, as of a date', async () => {
    const ctx = h.ctx();
    await smallCounty(ctx);
    const zhang = await member(ctx, 'V11', '张一');
    const li = await member(ctx, 'V11', '李二');
    const wang = await member(ctx, 'V11', '王三');
    const zhao = await member(ctx, 'V11', '赵四');
    await member(ctx, 'V12', '乙村党员');
    // a theme day on the 5th of every month, April to November 2026
    for (let mo = 4; mo <= 11; mo++) {
      const month = `2026-${String(mo).padStart(2, '0')}`;
      const attendance: AttendanceInput[] = [];
      if (mo >= 6) attendance.push({ memberId: li.id, status: 'absent' }); // June–November: 6 months
      if (mo >= 9) attendance.push({ memberId: wang.id, status: 'absent' }); // September–November: 3
      // 赵四: absent June–August, excused September (good reason), absent October–November: 2
      if (mo >= 6 && mo !== 9) attendance.push({ memberId: zhao.id, status: 'absent' });
      if (mo === 9) attendance.push({ memberId: zhao.id, status: 'excused', reason: '住院' });
      await recordMeeting(ctx, 'V11', {
        kinds: ['theme_day'],
        heldOn: `${month}-05`,
        topic: `${month}主题党日`,
        attendance,
      });
    }
    const sec = await signIn(app, ctx, 'branch_secretary', 'V11');
    // 张一 attends everything but has paid no dues since a basis from August: 3 ended months (August–October;
    // November is still running on the 22nd)
    expect(
      (await sec.post(`/api/v1/members/${zhang.id}/dues/bases`, { category: 'farmer', fromMonth: '2026-08' }))
        .statusCode,
    ).toBe(200);

    const res = await sec.get('/api/v1/orgs/V11/article9');
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ org: 'V11', asOf: TODAY, counts: { sixMonths: 1, threeMonths: 2 } });
    expect(body.source).toContain('第九条');
    const byName = new Map(body.members.map((m: { name: string }) => [m.name, m]));
    expect(byName.get('李二')).toMatchObject({
      flag: 'six_months',
      grounds: [{ ground: 'org_life', months: 6, since: '2026-06', flag: 'six_months' }],
    });
    expect(byName.get('王三')).toMatchObject({
      flag: 'three_months',
      grounds: [{ ground: 'org_life', months: 3, since: '2026-09', flag: 'three_months' }],
    });
    expect(byName.get('张一')).toMatchObject({
      flag: 'three_months',
      grounds: [{ ground: 'dues', months: 3, since: '2026-08', flag: 'three_months' }],
    });
    expect(byName.has('赵四')).toBe(false);

    // as of the end of October: 李二 five months (notice), 王三 and 张一 two (nothing)
    const oct = (await sec.get('/api/v1/orgs/V11/article9?asOf=2026-10-31')).json();
    expect(oct.members.map((m: { name: string; flag: string }) => [m.name, m.flag])).toEqual([
      ['李二', 'three_months'],
    ]);

    // the township sees its branches' flags; the other township does not reach V11
    const town = await signIn(app, ctx, 'township_officer', 'T1');
    expect((await town.get('/api/v1/orgs/T1/article9')).json().members).toHaveLength(3);
    const other = await signIn(app, ctx, 'township_officer', 'T2');
    expect((await other.get('/api/v1/orgs/V11/article9')).statusCode).toBe(404);
    expect((await other.get(`/api/v1/members/${li.id}/article9`)).statusCode).toBe(404);
    expect((await sec.get('/api/v1/orgs/V11/article9?asOf=2026-12-01')).statusCode).toBe(400);

    // one member: both grounds, and this year's meetings
    const one = await sec.get(`/api/v1/members/${li.id}/article9`);
    expect(one.statusCode, one.body).toBe(200);
    expect(one.json()).toMatchObject({
      memberId: li.id,
      flag: 'six_months',
      grounds: [
        { ground: 'org_life', months: 6, flag: 'six_months' },
        { ground: 'dues', months: 0, since: null, flag: null },
      ],
      year: { year: '2026', present: 2, excused: 0, absent: 6 },
    });
    const z = (await sec.get(`/api/v1/members/${zhao.id}/article9`)).json();
    expect(z).toMatchObject({ flag: null, year: { present: 2, excused: 1, absent: 5 } });

    // a flag is never a status change
    const detail = (await sec.get(`/api/v1/members/${li.id}`)).json();
    expect(detail.status).toBe('full');
  });
});
