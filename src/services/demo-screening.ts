/**
 * The demo county's weak-org screening of the current year and its rectification cases (decision 0033), written
 * through the use cases after the health indicators were evaluated, each step with the clock set to its day:
 *
 * - the screening's suggestions are the ones the county's records give (a long-vacant secretary post, meetings not
 *   held: red health indicators); the county confirms two of them — one of the demo township's villages, planned
 *   with a measure past its deadline (the township's to-do), and one elsewhere not planned yet — and leaves the
 *   others for the screening page (the e2e journey confirms one);
 * - a village of the demo township with no warning at all, confirmed early in the year from the township's
 *   observations (书记不胜任, petitions), rectified, accepted and closed out: under the follow-up watch;
 * - a village whose first red indicator turned red some weeks after its case was closed out: the case shows
 *   跟踪期内反弹 and the warning is marked as relapse — derived from the warning the indicators opened, never
 *   written as such.
 *
 * Nothing is made up to fit: when the county has no org that fits a story (a small county, early in January),
 * that story is left out.
 */
import { addDays, type IsoDate } from '../shared/dates.js';
import type { ScreeningOrg } from '../shared/screening.js';
import type { WarningRowView } from '../shared/warnings.js';
import type { Ctx } from './context.js';
import { fixedClock } from './context.js';
import {
  addMeasure,
  addProgress,
  closeCase,
  completeMeasure,
  confirmWeakOrg,
  planCase,
  recordAcceptance,
  recordObservation,
  screening,
} from './screening.js';
import { warningRows } from './warnings.js';
import { firstTownship } from '../db/repositories/demo.js';

export interface DemoScreening {
  confirmed: number;
  cases: number;
  observations: number;
}

const min = (a: IsoDate, b: IsoDate) => (a < b ? a : b);
const max = (a: IsoDate, b: IsoDate) => (a > b ? a : b);

export async function seedDemoScreening(ctx: Ctx, rootCode: string): Promise<DemoScreening> {
  const today = ctx.clock.today();
  const year = Number(today.slice(0, 4));
  const start: IsoDate = `${year}-01-01`;
  const on = (d: IsoDate) => ({ ...ctx, clock: fixedClock(min(d, today)) });
  const out: DemoScreening = { confirmed: 0, cases: 0, observations: 0 };
  const town = await firstTownship(ctx.db, rootCode);
  const [view, warned] = await Promise.all([
    screening(ctx, rootCode, year),
    warningRows(ctx, rootCode, today),
  ]);
  const red = new Map<string, WarningRowView[]>();
  const warnedOrgs = new Set<string>();
  for (const w of warned.rows) {
    warnedOrgs.add(w.org);
    if (w.level === 'red') red.set(w.org, [...(red.get(w.org) ?? []), w]);
  }
  const used = new Set<string>();
  const inTown = (o: ScreeningOrg) => !!town && o.township === town.name;
  const suggested = view.orgs.filter((o) => o.suggested.length > 0);
  // the day the suggestion's red indicator turned red: the earliest confirmation day that is not made up
  const redSince = (o: ScreeningOrg) =>
    (red.get(o.code) ?? [])
      .map((w) => w.since)
      .sort()
      .at(0) ?? today;
  const observe = async (code: string, d: IsoDate, body: Parameters<typeof recordObservation>[2]) => {
    await recordObservation(on(d), code, body);
    out.observations++;
  };

  // 1. one of the demo township's suggested villages (keeping another for the screening page), confirmed some
  //    weeks ago, planned, with a measure past its deadline
  const townSuggested = suggested.filter(inTown);
  const planned = (townSuggested.length >= 2 ? townSuggested : suggested).find(
    (o) => max(redSince(o), start) <= addDays(today, -45),
  );
  if (planned) {
    used.add(planned.code);
    const confirmedOn = max(max(redSince(planned), start), addDays(today, -75));
    const types = planned.suggested.map((s) => s.type);
    const { caseId } = await confirmWeakOrg(on(confirmedOn), planned.code, year, {
      types,
      reason: `排查中健康指标持续红色预警：${planned.suggested[0]!.evidence[0] ?? ''}`.slice(0, 900),
      problems: '班子配备不齐，组织生活长期不正常，党员作用发挥不明显',
      confirmedOn,
    });
    out.confirmed++;
    out.cases++;
    const d = (n: number) => addDays(confirmedOn, n);
    await planCase(on(d(7)), caseId, {
      problems: '班子配备不齐，组织生活长期不正常，党员作用发挥不明显',
      liaisonLeader: '县委常委、组织部部长 王建国',
      pairingUnit: '县农业农村局',
      firstSecretary: '李明',
      firstSecretaryUnit: '县农业农村局',
      firstSecretaryFrom: d(7),
      firstSecretaryTo: addDays(d(7), 730),
      residentCadres: ['赵磊', '孙丽'],
    });
    await addMeasure(on(d(8)), caseId, {
      content: '配齐村党组织班子，选好书记，报镇党委审批',
      responsible: '镇党委副书记 周强',
      dueOn: min(d(40), addDays(today, -10)),
    });
    const meetings = await addMeasure(on(d(8)), caseId, {
      content: '恢复“三会一课”和主题党日，按月召开并如实记录',
      responsible: '第一书记 李明',
      dueOn: d(30),
    });
    await addMeasure(on(d(8)), caseId, {
      content: '梳理群众反映的问题清单，逐项销号',
      responsible: '驻村干部 赵磊',
      dueOn: addDays(today, 60),
    });
    const done = meetings.measures.find((m) => m.content.startsWith('恢复'))!;
    await completeMeasure(on(d(28)), caseId, done.id, min(d(28), today));
    await addProgress(on(d(28)), caseId, {
      notedOn: min(d(28), today),
      content: '召开支部党员大会和主题党日，第一书记讲党课，会议记录已归档',
      measureId: done.id,
    });
  }

  // 2. another suggested village confirmed recently, its plan still to make
  const fresh = suggested.find((o) => !used.has(o.code) && !inTown(o) && redSince(o) <= addDays(today, -10));
  if (fresh) {
    used.add(fresh.code);
    const confirmedOn = max(addDays(today, -10), start);
    await confirmWeakOrg(on(confirmedOn), fresh.code, year, {
      types: fresh.suggested.map((s) => s.type),
      reason: '健康指标红色预警，经镇党委核实情况属实',
      problems: '',
      confirmedOn,
    });
    out.confirmed++;
    out.cases++;
  }

  // 3. and 4.: confirmed from the township's observations early in the year, rectified, accepted, closed out
  const rectify = async (o: ScreeningOrg, confirmedOn: IsoDate, closedOn: IsoDate, note: string) => {
    await observe(o.code, addDays(confirmedOn, -20), {
      kind: 'observation',
      observedOn: addDays(confirmedOn, -20),
      weakType: 2,
      note,
    });
    await observe(o.code, addDays(confirmedOn, -15), {
      kind: 'petition',
      observedOn: addDays(confirmedOn, -15),
      count: 6,
      note: '群众反映村务公开不及时、低保评议不公',
    });
    const { caseId } = await confirmWeakOrg(on(confirmedOn), o.code, year, {
      types: [2, 8],
      reason: '镇党委走访发现书记不胜任现职，年内信访6件次',
      problems: '书记不胜任，村务公开不规范，群众信访较多',
      confirmedOn,
    });
    out.confirmed++;
    out.cases++;
    const span = Math.max(1, Math.round((Date.parse(closedOn) - Date.parse(confirmedOn)) / 86_400_000));
    const d = (share: number) => addDays(confirmedOn, Math.floor(span * share));
    await planCase(on(d(0.05)), caseId, {
      problems: '书记不胜任，村务公开不规范，群众信访较多',
      liaisonLeader: '县人大常委会副主任 陈志刚',
      pairingUnit: '县民政局',
      firstSecretary: '王芳',
      firstSecretaryUnit: '县民政局',
      firstSecretaryFrom: d(0.05),
      firstSecretaryTo: addDays(d(0.05), 365 * 2),
      residentCadres: ['刘洋'],
    });
    const plan = [
      ['调整村党组织书记，镇党委选派优秀干部任职', '镇党委书记 马林'],
      ['规范村务公开，每季度公开一次并拍照存档', '村党组织书记'],
      ['对信访事项逐件回访，办结率100%', '驻村干部 刘洋'],
    ] as const;
    for (const [i, [content, responsible]] of plan.entries()) {
      const c = await addMeasure(on(d(0.06)), caseId, { content, responsible, dueOn: d(0.5 + i * 0.1) });
      const m = c.measures.at(-1)!;
      await completeMeasure(on(d(0.45 + i * 0.1)), caseId, m.id, d(0.45 + i * 0.1));
      await addProgress(on(d(0.45 + i * 0.1)), caseId, {
        notedOn: d(0.45 + i * 0.1),
        content: `${content}：已完成`,
        measureId: m.id,
      });
    }
    await recordAcceptance(on(d(0.9)), caseId, {
      heldOn: d(0.9),
      score: 84,
      voters: 36,
      dissatisfied: 3,
      decision: 'passed',
      deciders: '县委组织部 张华、镇党委 马林、村民代表 2名',
      note: '',
    });
    await closeCase(on(closedOn), caseId, closedOn);
  };
  // under the watch: a village of the demo township with no warning today
  const quiet = view.orgs.find(
    (o) => inTown(o) && !used.has(o.code) && !warnedOrgs.has(o.code) && o.confirmed.length === 0,
  );
  const quietClose = addDays(today, -60);
  if (quiet && addDays(start, 40) < addDays(quietClose, -60)) {
    used.add(quiet.code);
    await rectify(
      quiet,
      addDays(start, 40),
      quietClose,
      '走访发现村党组织书记长期在外经商，村里工作无人主持',
    );
  }
  // relapsed: the village whose first red indicator turned red latest, at least 100 days into the year — its
  // case closed three weeks before that day
  const relapsing = view.orgs
    .filter((o) => !used.has(o.code) && red.has(o.code) && o.confirmed.length === 0)
    .map((o) => ({ o, since: redSince(o) }))
    .filter((x) => x.since >= addDays(start, 100) && x.since <= today)
    .sort((a, b) => (a.since < b.since ? 1 : -1))
    .at(0);
  if (relapsing) {
    used.add(relapsing.o.code);
    await rectify(
      relapsing.o,
      addDays(start, 40),
      addDays(relapsing.since, -21),
      '走访发现村党组织书记工作不在状态，党员大会多次流会',
    );
  }
  return out;
}
