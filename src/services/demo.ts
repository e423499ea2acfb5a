/**
 * Seeds demo data: a county built from real administrative divisions (or a province-sized tree for benchmarks),
 * written through the same bulk appliers as a spreadsheet import, so the demo exercises the real write path.
 */
import { rebuildLife } from './life-rollup.js';
import { rebuildLifeRuns } from './life-runs.js';
import { evaluateAll } from './warnings.js';
import { rebuildDues } from './dues-rollup.js';
import type { Ctx } from './context.js';
import { AppError } from '../shared/errors.js';
import { generateCounty, generateProvince, DEMO_PROBLEMS } from '../domain/demo/generate.js';
import {
  applyMemberChunk,
  deferMemberIndexes,
  emptyResult,
  startBulkRun,
  newMemberState,
  restoreMemberIndexes,
} from './bulk.js';
import { applyOrgRows } from './bulk-orgs.js';
import type { ImportResult } from '../shared/schemas.js';
import { ROLES, type Role } from '../domain/access/policy.js';
import { rulesAt } from '../policy/rules.js';
import { createUser, randomPassword } from './accounts.js';
import { writeDemoHistory } from './demo-history.js';
import { writeDemoMeetings } from './demo-meetings.js';
import { writeDemoDues } from './demo-dues.js';
import { seedDemoDivisions } from './demo-divisions.js';
import { seedDemoLifecycle } from './demo-lifecycle.js';
import { seedDemoRecruitment } from './demo-recruitment.js';
import { seedDemoScreening } from './demo-screening.js';
import { seedDemoAssessment } from './demo-assessment.js';
import { seedDemoReviews } from './demo-reviews.js';
import { demoMemberIds } from '../db/repositories/lifecycle.js';
import { refreshEvaluationStats, refreshPlannerStats } from '../db/planner-stats.js';
import {
  firstFullMember,
  firstTownship,
  firstVillageBranch,
  insertDemoCommittees,
  countOrgs,
  type DemoScope,
} from '../db/repositories/demo.js';

/**
 * Committees for the demo: every org gets a secretary from its full members (someone around fifty); orgs with at
 * least the rule set's committee threshold of full members get a committee of five (书记, 副书记, three 委员).
 * `scope` (an org path) writes only that part of the tree (a county of the province demo).
 */
export async function demoCommittees(db: Ctx['db'], today: string, scope: DemoScope = null) {
  await insertDemoCommittees(db, rulesAt(today).branchCommitteeMinFullMembers, today, scope);
}

/** One account per role, bound to the county, its first township and a village branch there. */
async function demoAccounts(ctx: Ctx, rootCode: string): Promise<DemoAccount[]> {
  const township = await firstTownship(ctx.db, rootCode);
  const branch = township ? await firstVillageBranch(ctx.db, township.path) : undefined;
  const member = branch ? await firstFullMember(ctx.db, branch.id) : undefined;
  const plan: { username: string; role: Role; orgCode: string | null; memberId?: number }[] = [
    { username: 'demo-admin', role: 'county_admin', orgCode: rootCode },
    { username: 'demo-viewer', role: 'viewer', orgCode: rootCode },
  ];
  if (township) plan.push({ username: 'demo-township', role: 'township_officer', orgCode: township.code });
  if (branch) plan.push({ username: 'demo-branch', role: 'branch_secretary', orgCode: branch.code });
  if (branch && member)
    plan.push({ username: 'demo-member', role: 'member', orgCode: branch.code, memberId: member.id });
  const out: DemoAccount[] = [];
  for (const p of plan) {
    const password = randomPassword();
    const roleZh = ROLES.find((r) => r.code === p.role)!.zh;
    const r = await createUser(ctx, {
      username: p.username,
      displayName: `演示${roleZh}`,
      role: p.role,
      orgCode: p.orgCode,
      password,
      ...(p.memberId ? { memberId: p.memberId } : {}),
    });
    out.push({
      username: p.username,
      password,
      role: p.role,
      roleZh,
      orgCode: r.user.orgCode,
      orgName: r.user.orgName,
    });
  }
  return out;
}

function printAccounts(log: ((s: string) => void) | undefined, accounts: DemoAccount[]) {
  if (!log || !accounts.length) return;
  log('演示账号（密码只显示这一次）：');
  for (const a of accounts)
    log(
      `  ${a.roleZh.padEnd(10, '　')} 用户名 ${a.username.padEnd(14)} 密码 ${a.password}  ${a.orgName ?? ''}`,
    );
}

export interface DemoOptions {
  scale: 'county' | 'province';
  seed?: number;
  targetMembers?: number;
  /** multiplies the demo county's unit sizes (tests: 0.1 makes about 2,300 members); default 1 */
  countyScale?: number;
  log?: ((s: string) => void) | undefined;
}

export interface DemoAccount {
  username: string;
  password: string;
  role: Role;
  roleZh: string;
  orgCode: string | null;
  orgName: string | null;
}

export interface DemoSummary {
  accounts: DemoAccount[];
  scale: 'county' | 'province';
  orgs: number;
  members: number;
  rejected: number;
  seconds: number;
  rootCode: string | null;
  problems: { orgCode: string; problem: string }[];
}

const col = (f: string) => f;

function check(result: ImportResult, what: string) {
  if (result.rejected.length) {
    const first = result.rejected[0]!;
    throw new AppError(
      'INTERNAL',
      `演示数据有 ${result.rejected.length} 行${what}未通过校验，例如第${first.row}行：${first.message}`,
    );
  }
}

export async function seedDemo(ctx: Ctx, opts: DemoOptions): Promise<DemoSummary> {
  const t0 = Date.now();
  if ((await countOrgs(ctx.db)) > 0)
    throw new AppError(
      'VALIDATION_FAILED',
      '数据库里已经有党组织数据，演示数据只能生成到空数据库（可用 --data-dir 指定一个新目录）',
    );
  const today = ctx.clock.today();
  const seed = opts.seed ?? 20261122;
  if (opts.scale === 'county') {
    const { orgs, members, moves, orgChanges } = generateCounty({
      seed,
      today,
      ...(opts.countyScale ? { scale: opts.countyScale } : {}),
    });
    opts.log?.(`正在写入演示县：${orgs.length} 个党组织，${members.length} 名党员…`);
    const result = emptyResult();
    await ctx.db.transaction(async (db) => {
      const tx = { ...ctx, db };
      const run = await startBulkRun(tx, { source: 'demo', tally: result, columnOf: col });
      await applyOrgRows(
        run,
        orgs.map((value, i) => ({ row: i + 1, value })),
      );
      check(result, '党组织');
      const state = newMemberState();
      // a first load into empty tables (checked above): the member tables' secondary indexes and overlap
      // constraint are built once, after the members and their histories are written
      await deferMemberIndexes(db, state, members.length, true);
      for (let i = 0; i < members.length; i += 20_000) {
        await applyMemberChunk(
          run,
          members.slice(i, i + 20_000).map((value, j) => ({ row: i + j + 1, value })),
          state,
        );
      }
      check(result, '党员');
      await writeDemoHistory(tx, db, orgChanges, members, moves);
      await restoreMemberIndexes(db, state);
      await demoCommittees(db, today);
      const life = await writeDemoMeetings(tx, db, today);
      opts.log?.(`组织生活：${life.meetings} 次会议，${life.attendance} 条出席记录，${life.groups} 个党小组`);
      const t1 = Date.now();
      const dues = await writeDemoDues(tx, db, today);
      opts.log?.(
        `党费：${dues.bases} 条基数，${dues.payments} 笔缴费，${dues.reliefs} 条少交免交，${dues.remittances} 笔上缴（${((Date.now() - t1) / 1000).toFixed(1)} 秒）`,
      );
    });
    // PGlite has no autovacuum: the planner learns the county's numbers here (decision 0021)
    await refreshPlannerStats(ctx.db);
    // the organisational-life rollup of the county's year (decision 0024)
    await rebuildLife(ctx.db, today);
    // and 党章第九条's maintained runs of months missed (decision 0048)
    await rebuildLifeRuns(ctx.db, today);
    // and the dues rollup (decision 0031)
    await rebuildDues(ctx.db, today);
    const accounts = await demoAccounts(ctx, orgs[0]!.code);
    // transfers, members away and out of contact (decision 0026), after the accounts (the demo member is spared)
    const lifecycle = await seedDemoLifecycle(ctx, await demoMemberIds(ctx.db));
    opts.log?.(`组织关系：${lifecycle} 项转接、外出和失联记录`);
    // recruitment at every stage, each step dated and judged by the rules of its day (decision 0025)
    const t2 = Date.now();
    const rec = await seedDemoRecruitment(ctx, orgs[0]!.code);
    opts.log?.(
      `发展党员：${rec.cases} 名申请人，${rec.steps} 个步骤（${((Date.now() - t2) / 1000).toFixed(1)} 秒）`,
    );
    // the county's village-level division table, through the import a county uses (decision 0039): the coverage
    // indicator compares against it
    const dv = await seedDemoDivisions(ctx);
    opts.log?.(`村级区划名单：${dv.townships} 个乡镇（街道），${dv.villages} 个村级区划`);
    // the health indicators judged as of today: the warnings the county starts with (decision 0032), planned on
    // the statistics of the tables just loaded
    await refreshEvaluationStats(ctx.db);
    const warned = await evaluateAll(ctx.db, ctx.clock);
    opts.log?.(`健康预警：${warned}`);
    // the year's weak-org screening and rectification cases at their stages, on those warnings (decision 0033)
    const sc = await seedDemoScreening(ctx, orgs[0]!.code);
    opts.log?.(
      `软弱涣散排查：认定 ${sc.confirmed} 个，一村一策 ${sc.cases} 个，走访和信访记录 ${sc.observations} 条`,
    );
    // classified assessment (decision 0036): the villages' categories and the demo township's quarterly ratings
    const as = await seedDemoAssessment(ctx, orgs[0]!.code);
    opts.log?.(`分类考核：${as.orgs} 个村（社区）党组织设置考核类别，人工评分 ${as.ratings} 条`);
    // last year's 述职评议 of the county's and the demo township's secretaries (decision 0037)
    const rv = await seedDemoReviews(ctx, orgs[0]!.code);
    opts.log?.(`书记述职评议：${rv.rounds} 次（上年度），评定 ${rv.graded} 人`);
    const summary: DemoSummary = {
      accounts,
      scale: 'county',
      orgs: orgs.length,
      members: members.length,
      rejected: 0,
      seconds: (Date.now() - t0) / 1000,
      rootCode: orgs[0]?.code ?? null,
      problems: DEMO_PROBLEMS.map((p) => ({ orgCode: p.orgCode, problem: p.problem })),
    };
    opts.log?.(
      `完成：${summary.orgs} 个党组织，${summary.members} 名党员，用时 ${summary.seconds.toFixed(1)} 秒`,
    );
    printAccounts(opts.log, accounts);
    return summary;
  }
  const gen = generateProvince({
    seed,
    today,
    ...(opts.targetMembers ? { targetMembers: opts.targetMembers } : {}),
  });
  let orgCount = 0;
  let memberCount = 0;
  let rootCode: string | null = null;
  for (const { orgs: batch, changes } of gen.orgBatches()) {
    rootCode ??= batch[0]?.code ?? null;
    const result = emptyResult();
    await ctx.db.transaction(async (db) => {
      await applyOrgRows(
        await startBulkRun({ ...ctx, db }, { source: 'demo', tally: result, columnOf: col }),
        batch.map((value, i) => ({ row: orgCount + i + 1, value })),
      );
      check(result, '党组织');
      await writeDemoHistory({ ...ctx, db }, db, changes, [], []);
    });
    orgCount += batch.length;
    opts.log?.(`党组织 ${orgCount}`);
  }
  const state = newMemberState();
  for (const { members: batch, moves } of gen.memberBatches()) {
    const result = emptyResult();
    await ctx.db.transaction(async (db) => {
      await applyMemberChunk(
        await startBulkRun({ ...ctx, db }, { source: 'demo', tally: result, columnOf: col }),
        batch.map((value, i) => ({ row: memberCount + i + 1, value })),
        state,
      );
      check(result, '党员');
      await writeDemoHistory({ ...ctx, db }, db, [], batch, moves);
    });
    memberCount += batch.length;
    state.seenIds.clear(); // IDs are unique by construction; do not hold 5M keys
    if (memberCount % 500_000 < batch.length) opts.log?.(`党员 ${memberCount}`);
  }
  await refreshPlannerStats(ctx.db);
  const accounts = rootCode ? await demoAccounts(ctx, rootCode) : [];
  const summary: DemoSummary = {
    accounts,
    scale: 'province',
    orgs: orgCount,
    members: memberCount,
    rejected: 0,
    seconds: (Date.now() - t0) / 1000,
    rootCode,
    problems: [],
  };
  opts.log?.(`完成：${orgCount} 个党组织，${memberCount} 名党员，用时 ${summary.seconds.toFixed(1)} 秒`);
  printAccounts(opts.log, accounts);
  return summary;
}
