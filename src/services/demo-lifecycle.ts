/**
 * The demo county's member lifecycle (issue 13 item 7, decision 0026): open transfers between two townships (one
 * past its letter's validity, one incoming to the demo township), a letter to outside in transit, a transfer
 * accepted and one returned some months ago; members away (one at a fixed place for 9 months, one abroad not
 * contacted for over half a year, one recently gone) and one member out of contact for 8 months. Written through the
 * use cases, dated in the past where the story needs it, so the history is one that could have happened.
 */
import { addDays, addMonths } from '../shared/dates.js';
import type { Ctx } from './context.js';
import { fixedClock } from './context.js';
import { demoBranches, demoQuietMembers, demoTownships, demoVisits } from '../db/repositories/lifecycle.js';
import { acceptTransfer, returnTransfer, startTransfer } from './transfers.js';
import { markLostContact, recordContact, registerMobile } from './lifecycle.js';

export async function seedDemoLifecycle(ctx: Ctx, skipMembers: readonly number[]): Promise<number> {
  const today = ctx.clock.today();
  const towns = await demoTownships(ctx.db);
  if (towns.length < 2) return 0;
  const [a, b] = [towns[0]!, towns[1]!];
  const aBranches = await demoBranches(ctx.db, a.path, 4);
  const bBranches = await demoBranches(ctx.db, b.path, 3);
  if (aBranches.length < 2 || bBranches.length < 2) return 0;
  const quietSince = addMonths(today, -14);
  const used = [...skipMembers];
  const take = async (orgId: number, n: number) => {
    const ids = await demoQuietMembers(ctx.db, orgId, quietSince, used, n);
    used.push(...ids);
    return ids;
  };
  const [a1, a2] = [aBranches[0]!, aBranches[1]!];
  const [b1, b2] = [bBranches[0]!, bBranches[1]!];
  const fromA1 = await take(a1.id, 5);
  const fromA2 = await take(a2.id, 4);
  const fromB1 = await take(b1.id, 2);
  if (fromA1.length < 5 || fromA2.length < 4 || fromB1.length < 2) return 0;
  const on = (d: string) => ({ ...ctx, clock: fixedClock(d) });
  let n = 0;
  // history: accepted 7 months ago, returned 5 months ago
  const old = await startTransfer(on(addMonths(today, -8)), fromA2[0]!, {
    kind: 'internal',
    toOrgCode: b2.code,
    letterNo: '组转〔演示〕01号',
  });
  await acceptTransfer(on(addMonths(today, -7)), old.id, {});
  const back = await startTransfer(on(addMonths(today, -6)), fromA2[1]!, {
    kind: 'internal',
    toOrgCode: b1.code,
  });
  await returnTransfer(on(addMonths(today, -5)), back.id, {
    reason: '该党员实际居住地不在本村，请核实后转往居住地党组织',
  });
  // open: one pending, one overdue (issued 4 months ago, valid 3), one incoming to the demo township, one to outside
  await startTransfer(ctx, fromA1[0]!, {
    kind: 'internal',
    toOrgCode: b1.code,
    issuedOn: addDays(today, -20),
    letterNo: '组转〔演示〕07号',
  });
  await startTransfer(ctx, fromA2[2]!, {
    kind: 'internal',
    toOrgCode: b2.code,
    issuedOn: addMonths(today, -4),
    letterNo: '组转〔演示〕03号',
  });
  await startTransfer(ctx, fromB1[0]!, {
    kind: 'internal',
    toOrgCode: a1.code,
    issuedOn: addDays(today, -10),
    letterNo: '组转〔演示〕08号',
  });
  await startTransfer(ctx, fromA2[3]!, {
    kind: 'outgoing',
    externalOrg: '中共武汉市洪山区委员会组织部',
    letterNo: '鄂组转〔演示〕12号',
    issuedOn: addMonths(today, -1),
  });
  n += 6;
  // members away
  await registerMobile(ctx, fromA1[1]!, {
    since: addMonths(today, -9),
    place: '浙江省杭州市萧山区（电子厂务工）',
    fixedPlace: true,
    abroad: false,
    contact: '13900001111',
    hostOrgCode: b1.code,
  });
  // … and takes part in the host branch's theme days (一方隶属、参加多重组织生活)
  await demoVisits(ctx.db, b1.id, fromA1[1]!, addMonths(today, -9));
  await registerMobile(ctx, fromA1[2]!, {
    since: addMonths(today, -10),
    place: '德国（随子女居住）',
    fixedPlace: false,
    abroad: true,
    contact: '微信',
  });
  await recordContact(ctx, fromA1[2]!, { contactedOn: addMonths(today, -8), note: '微信视频，身体健康' });
  await registerMobile(ctx, fromA1[3]!, {
    since: addMonths(today, -2),
    place: '武汉市（建筑工地，地点不固定）',
    fixedPlace: false,
    abroad: false,
    contact: '13900002222',
  });
  // out of contact for 8 months
  await markLostContact(ctx, fromA1[4]!, {
    since: addMonths(today, -8),
    note: '外出后电话停机，家属也联系不上',
  });
  return n + 4;
}
