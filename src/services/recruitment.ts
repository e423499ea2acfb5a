/**
 * Use cases of recruitment (发展党员, issue 13 items 1–2, decision 0025): open a case for an applicant (a person with
 * the same protection as a member's), record its dated steps — each judged by the rule set in force on its date
 * (`domain/recruitment/judge.ts`), refused with the rule and its source when it breaks one — and, when the approving
 * committee approves, enter the person on the roster as a probationary member through the members' one write path
 * (`enterKnownPerson`), dated from the general meeting's vote; a confirmation makes them full (`recordMemberEventIn`,
 * dated from the probation's end), a cancellation revokes the membership. Reads: a case, a branch's board by stage,
 * a subtree's counts, overdue steps and the branches that admitted nobody for years. Writing needs
 * `recruitment.write` on the case's org, reading `read`; a full ID number is shown on an explicit, logged request.
 */
import { AppError } from '../shared/errors.js';
import { addDays, daysBetween, fullYears, type IsoDate } from '../shared/dates.js';
import { maskIdNumber } from '../shared/id-number.js';
import { BRANCH_KINDS } from '../shared/codes.js';
import type {
  ApplicantCreate,
  Board,
  BoardCard,
  CaseClose,
  CaseView,
  NextStepView,
  RecruitmentOverdue,
  RecruitmentStats,
  RecruitmentSummary,
  StepCreate,
} from '../shared/recruitment.js';
import { recruitmentYearStats } from '../domain/recruitment/statistics.js';
import type { Ctx } from './context.js';
import type { Db } from '../db/client.js';
import {
  admissionsUnder,
  caseById,
  casesUnder,
  casesWithoutDue,
  confirmationsUnder,
  entitledOn,
  fullMembersOn,
  insertCase,
  insertPerson,
  insertStep,
  lastAdmissions,
  lockCasesForDue,
  openCaseOf,
  overdueFacts,
  orgsAbove,
  personIdByIdNumber,
  pipelineCountsByCode,
  stepFactsOf,
  stepFactsUnder,
  stepsOf,
  storeDue,
  updateCase,
  type CaseHead,
  type CaseRow,
  type StepFact,
  type StepRow,
} from '../db/repositories/recruitment.js';
import { membershipsOf } from '../db/repositories/members.js';
import { orgByCode } from '../db/repositories/orgs.js';
import { settingHistory } from '../db/repositories/settings.js';
import { lockUniqueValue } from '../db/unique.js';
import { settingsOn } from '../policy/settings.js';
import { recruitmentRulesOn, stepLabel, stepRule, type RecruitmentRules } from '../policy/recruitment.js';
import {
  caseStatus,
  checkStep,
  earliestDue,
  joinedOn,
  nextSteps,
  probationEnd,
  type CaseStatus,
  type RecordedStep,
  type StepData,
} from '../domain/recruitment/judge.js';
import { checkMemberFacts } from '../domain/member/validate.js';
import { checkMemberOrg } from '../domain/member/write.js';
import { nameKeys } from '../domain/member/names.js';
import { actorId, inScope, orgResource } from '../domain/access/policy.js';
import { allowed, readsOrg } from './access.js';
import { requireOrg } from './orgs.js';
import { enterKnownPerson, memberProblemError, problemsError, recordMemberEventIn } from './members.js';
import { writeAudit } from './audit.js';
import { isCurrentMembership } from '../shared/codes.js';

const notFound = () => new AppError('NOT_FOUND', '没有找到该发展党员记录，或您无权查看');
const OPEN: readonly CaseStatus[] = ['applicant', 'activist', 'candidate', 'probationary'];

function requireWrite(ctx: Ctx, path: string): void {
  if (!allowed(ctx, 'recruitment.write', orgResource(path)))
    throw new AppError('FORBIDDEN', '您没有权限记录该党组织的发展党员工作');
}

async function requireCase(ctx: Ctx, db: Db, id: number, lock = false): Promise<CaseRow> {
  const c = await caseById(db, id, lock);
  if (!c || !readsOrg(ctx, c.orgPath)) throw notFound();
  return c;
}

/**
 * The rule set of each date, by the deployment's setting `recruitmentRules` in force on that date; with the
 * history's key (its rows' ids: the setting is append-only, so a new row is a new key) and its switch dates, which
 * the stored deadlines rest on (decision 0050).
 */
export async function rulesHistory(db: Db): Promise<{
  rulesOn: (date: IsoDate) => RecruitmentRules;
  key: string;
  switches: IsoDate[];
}> {
  const history = (await settingHistory(db, 'recruitmentRules')).map((r) => ({
    id: r.id,
    key: r.key,
    value: r.value,
    effectiveFrom: r.effectiveFrom,
  }));
  const cache = new Map<IsoDate, RecruitmentRules>();
  const rulesOn = (date: IsoDate) => {
    let r = cache.get(date);
    if (!r) {
      r = recruitmentRulesOn(date, settingsOn(history, date).recruitmentRules);
      cache.set(date, r);
    }
    return r;
  };
  return {
    rulesOn,
    key: `rules:${history
      .map((r) => r.id)
      .sort((a, b) => a - b)
      .join(',')}`,
    switches: [...new Set(history.map((r) => r.effectiveFrom))].sort(),
  };
}

/** The rule set of each date, by the deployment's setting `recruitmentRules` in force on that date. */
export async function rulesLookup(db: Db): Promise<(date: IsoDate) => RecruitmentRules> {
  return (await rulesHistory(db)).rulesOn;
}

/**
 * Judges the earliest deadline of these cases as of `today` and stores it (decision 0050), in the caller's
 * transaction, after its writes (the triggers of migrations 0039/0045 marked their rows due at once); the cases are
 * locked so that a step written meanwhile waits. A case with a step dated after today keeps a row marked due at once
 * (judged live by every list), whatever it was judged under before.
 */
export async function judgeDue(tx: Db, caseIds: readonly number[], today: IsoDate): Promise<number> {
  if (!caseIds.length) return 0;
  const cases = await lockCasesForDue(tx, caseIds);
  const steps = byCase(await stepFactsOf(tx, caseIds), null);
  const { rulesOn, key, switches } = await rulesHistory(tx);
  const rows: { caseId: number; nextDue: IsoDate | null | 'unjudged' }[] = [];
  let judged = 0;
  for (const c of cases) {
    const closed = c.status === 'closed' && c.closedOn !== null && c.closedOn <= today;
    const due = earliestDue(steps.get(c.id) ?? [], rulesOn, today, switches, closed);
    rows.push({ caseId: c.id, nextDue: due === undefined ? 'unjudged' : due });
    if (due !== undefined) judged++;
  }
  await storeDue(tx, rows, today, key);
  return judged;
}

/**
 * The daily job `recruitment.due`: every case without a stored deadline under today's rule-set history (written by
 * a bulk path, the demo, a restore, or judged under an older history) judged and stored, in batches of 2,000 cases
 * (each its own transaction).
 */
export async function judgeMissingDue(
  db: Db,
  today: IsoDate,
  /** cases a transaction (tests: many batches) */
  batch = 2000,
): Promise<{ judged: number }> {
  let judged = 0;
  // by id, each case once: a case whose steps are dated ahead stores nothing and is judged again on a later day
  for (let after = 0; ;) {
    const { key } = await rulesHistory(db);
    const ids = await casesWithoutDue(db, key, batch, after);
    if (!ids.length) break;
    judged += await db.transaction((tx) => judgeDue(tx, ids, today));
    after = ids[ids.length - 1]!;
  }
  return { judged };
}

const recorded = (rows: readonly StepRow[]): RecordedStep[] =>
  rows.map((s) => ({ kind: s.kind, on: s.takenOn, data: s.data }));

function nextView(
  steps: readonly RecordedStep[],
  rulesOn: (d: IsoDate) => RecruitmentRules,
  asOf: IsoDate,
  closed: boolean,
): NextStepView[] {
  return nextSteps(steps, rulesOn, asOf, closed).map((n) => ({
    kind: n.kind,
    zh: stepLabel(n.kind),
    earliest: n.earliest,
    due: n.due,
    overdue: n.due !== null && n.due < asOf,
    dueSoon: n.due !== null && n.due >= asOf && n.due <= addDays(asOf, 30),
    source: n.source,
  }));
}

function view(
  c: CaseRow,
  rows: readonly StepRow[],
  rulesOn: (d: IsoDate) => RecruitmentRules,
  today: IsoDate,
): CaseView {
  return {
    id: c.id,
    personId: c.personId,
    name: c.name,
    idNumber: maskIdNumber(c.idNumber),
    sex: c.sex,
    birthDate: c.birthDate,
    orgCode: c.orgCode,
    orgName: c.orgName,
    status: c.status,
    memberId: c.memberId,
    closedOn: c.closedOn,
    closeReason: c.closeReason,
    steps: rows.map((s) => ({
      id: s.id,
      kind: s.kind,
      no: stepRule(rulesOn(s.takenOn), s.kind)?.no ?? null,
      zh: stepLabel(s.kind),
      takenOn: s.takenOn,
      data: s.data as Record<string, unknown>,
      rules: s.rules,
      warnings: s.warnings,
      verification: s.verification,
    })),
    next: nextView(recorded(rows), rulesOn, today, c.status === 'closed'),
    rulesToday: rulesOn(today).id,
  };
}

export async function getCase(ctx: Ctx, id: number): Promise<CaseView> {
  const c = await requireCase(ctx, ctx.db, id);
  return view(c, await stepsOf(ctx.db, [c.id]), await rulesLookup(ctx.db), ctx.clock.today());
}

/** A new applicant: the person (or a known person without a current membership) and step 1, the application. */
export async function openCase(ctx: Ctx, input: ApplicantCreate): Promise<CaseView> {
  const today = ctx.clock.today();
  return ctx.db.transaction(async (tx) => {
    const org = await orgByCode(tx, input.orgCode, '/');
    const problem = checkMemberOrg(ctx.actor, input.orgCode, org);
    if (problem || !org) throw memberProblemError(problem!);
    requireWrite(ctx, org.path);
    if (input.appliedOn > today)
      throw new AppError('VALIDATION_FAILED', '申请日期不能晚于今天', [
        { path: ['appliedOn'], code: 'DATE_IN_FUTURE', message: '申请日期不能晚于今天' },
      ]);
    const { facts, problems } = checkMemberFacts(
      { ...input, status: 'probationary', joinedOn: today },
      today,
    );
    const own = problems.filter((p) => p.field !== 'joinedOn');
    if (own.length || !facts) throw problemsError(own);
    const rulesOn = await rulesLookup(tx);
    const apply: RecordedStep = { kind: 'apply', on: input.appliedOn, data: {} };
    const judged = checkStep({ birthDate: facts.birthDate, steps: [], above: [] }, apply, rulesOn);
    if (judged.problem) throw refusal(judged.problem.message, judged.problem.rule);
    await lockUniqueValue(tx, 'person.id_number', facts.idNumber);
    let personId = await personIdByIdNumber(tx, facts.idNumber);
    if (personId !== null) {
      const memberships = await membershipsOf(tx, personId);
      if (memberships.some((m) => isCurrentMembership(m.status)))
        throw new AppError(
          'RECRUITMENT_PERSON_TAKEN',
          '该身份证号已是党员（在名册上），不能作为入党申请人登记',
        );
      const open = await openCaseOf(tx, personId);
      if (open)
        throw new AppError(
          'RECRUITMENT_PERSON_TAKEN',
          readsOrg(ctx, open.orgPath)
            ? `该申请人已在${open.orgName}的发展程序中，不能重复登记`
            : '该身份证号已在其他党组织的发展程序中，不能重复登记',
        );
    } else {
      personId = await insertPerson(
        tx,
        {
          name: input.name,
          sex: facts.sex,
          birthDate: facts.birthDate,
          idNumber: facts.idNumber,
          ethnicity: input.ethnicity,
          education: input.education ?? null,
          occupation: input.occupation ?? null,
          ethnicityRaw: null,
          educationRaw: null,
          occupationRaw: null,
          nativePlace: null,
          phone: input.phone ?? null,
          address: null,
          workUnit: input.workUnit ?? null,
          jobTitle: null,
        },
        nameKeys(input.name),
      );
      if (personId === null) throw new AppError('RECRUITMENT_PERSON_TAKEN');
    }
    const id = await insertCase(tx, { personId, orgId: org.id, status: 'applicant' }, actorId(ctx.actor));
    await insertStep(
      tx,
      {
        caseId: id,
        orgId: org.id,
        kind: 'apply',
        takenOn: input.appliedOn,
        data: {},
        rules: rulesOn(input.appliedOn).id,
        warnings: [],
      },
      actorId(ctx.actor),
    );
    await judgeDue(tx, [id], today);
    const c = (await caseById(tx, id))!;
    return view(c, await stepsOf(tx, [id]), rulesOn, today);
  });
}

function refusal(message: string, rule: string): AppError {
  return new AppError('RECRUITMENT_STEP_REFUSED', message, [{ path: ['takenOn'], code: rule, message }]);
}

/** Records the next step of a case (refused with the rule and its source when it breaks one). */
export async function recordStep(ctx: Ctx, caseId: number, input: StepCreate): Promise<CaseView> {
  const today = ctx.clock.today();
  return ctx.db.transaction(async (tx) => {
    const c = await requireCase(ctx, tx, caseId, true);
    requireWrite(ctx, c.orgPath);
    if (input.takenOn > today) throw refusal('步骤日期不能晚于今天', 'future');
    const rows = await stepsOf(tx, [c.id]);
    const steps = recorded(rows);
    const rulesOn = await rulesLookup(tx);
    const data: StepData = {
      orgCode: input.orgCode ?? null,
      note: input.note ?? null,
    };
    if (input.memberIds) {
      data.memberIds = input.memberIds;
      data.fullMembers = await fullMembersOn(tx, input.memberIds, input.takenOn);
    }
    if (input.vote) data.vote = { ...input.vote, entitled: await entitledOn(tx, c.orgId, input.takenOn) };
    if (input.outcome) data.outcome = input.outcome;
    if (input.decision) data.decision = input.decision;
    if (input.days != null) data.days = input.days;
    if (input.hours != null) data.hours = input.hours;
    if (input.extendMonths != null) data.extendMonths = input.extendMonths;
    if (input.cause) data.cause = input.cause;
    const next: RecordedStep = { kind: input.kind, on: input.takenOn, data };
    const above = await orgsAbove(tx, c.orgPath);
    const judged = checkStep({ birthDate: c.birthDate, steps, above }, next, rulesOn, {
      closed: c.status === 'closed',
    });
    if (judged.problem) throw refusal(judged.problem.message, judged.problem.rule);
    if (judged.outcome) data.outcome = judged.outcome;
    await insertStep(
      tx,
      {
        caseId: c.id,
        orgId: c.orgId,
        kind: input.kind,
        takenOn: input.takenOn,
        data,
        rules: rulesOn(input.takenOn).id,
        warnings: judged.warnings,
      },
      actorId(ctx.actor),
    );
    const after = [...steps, next];
    const status = caseStatus(after);
    let memberId = c.memberId;
    // the approval: the person becomes a probationary member from the general meeting's vote
    if (input.kind === 'admission_approval' && data.outcome === 'approved') {
      memberId = await admit(ctx, tx, c, joinedOn(after)!);
    }
    if (input.kind === 'confirmation_approval' && data.outcome === 'approved' && memberId !== null) {
      if (status === 'full')
        await recordMemberEventIn(ctx, tx, memberId, {
          kind: 'confirm',
          effectiveOn: probationEnd(after, rulesOn(joinedOn(after)!))!,
          note: '发展党员：上级党委批准转正',
        });
      if (status === 'cancelled')
        await recordMemberEventIn(ctx, tx, memberId, {
          kind: 'revoke',
          effectiveOn: input.takenOn,
          note: '发展党员：上级党委批准取消预备党员资格',
        });
    }
    if (status !== c.status || memberId !== c.memberId)
      await updateCase(tx, c.id, { status, memberId, closedOn: c.closedOn, closeReason: c.closeReason });
    await judgeDue(tx, [c.id], today);
    const fresh = (await caseById(tx, c.id))!;
    return { ...view(fresh, await stepsOf(tx, [c.id]), rulesOn, today), recordedWarnings: judged.warnings };
  });
}

/** Enters the applicant on the roster as a probationary member through the members' write path. */
async function admit(ctx: Ctx, tx: Db, c: CaseRow, joined: IsoDate): Promise<number> {
  const org = (await orgByCode(tx, c.orgCode, '/'))!;
  return enterKnownPerson(
    ctx,
    tx,
    c.personId,
    await membershipsOf(tx, c.personId),
    org,
    {
      orgCode: org.code,
      status: 'probationary',
      name: c.name,
      idNumber: c.idNumber,
      ethnicity: c.ethnicity,
      joinedOn: joined,
    },
    { idNumber: c.idNumber, sex: c.sex as 'male' | 'female', birthDate: c.birthDate },
  );
}

/** Ends a case that will not go on (the applicant withdrew, moved away …); a probationary member is cancelled by vote. */
export async function closeCase(ctx: Ctx, caseId: number, input: CaseClose): Promise<CaseView> {
  const today = ctx.clock.today();
  return ctx.db.transaction(async (tx) => {
    const c = await requireCase(ctx, tx, caseId, true);
    requireWrite(ctx, c.orgPath);
    if (c.status === 'probationary')
      throw refusal('预备党员不能直接终止：须经支部大会讨论并报上级党委批准取消预备党员资格', 'closed');
    if (!OPEN.includes(c.status)) throw refusal('该发展党员工作已结束', 'closed');
    const rows = await stepsOf(tx, [c.id]);
    const lastOn = rows.at(-1)?.takenOn ?? input.closedOn;
    if (input.closedOn > today || input.closedOn < lastOn)
      throw refusal(`终止日期应在最后一个步骤（${lastOn}）和今天之间`, 'order');
    await updateCase(tx, c.id, {
      status: 'closed',
      memberId: c.memberId,
      closedOn: input.closedOn,
      closeReason: input.reason,
    });
    await judgeDue(tx, [c.id], today);
    return view((await caseById(tx, c.id))!, rows, await rulesLookup(tx), today);
  });
}

/** The full ID number of an applicant, on an explicit request by someone allowed to see it (logged). */
export async function revealApplicantIdNumber(ctx: Ctx, caseId: number): Promise<string> {
  return ctx.db.transaction(async (tx) => {
    const c = await requireCase(ctx, tx, caseId);
    if (!allowed(ctx, 'reveal', orgResource(c.orgPath)))
      throw new AppError('FORBIDDEN', '您的角色不能查看完整的身份证号、电话和住址');
    await writeAudit(ctx, tx, {
      action: 'read_sensitive',
      entity: 'person',
      entityId: String(c.personId),
      orgPath: c.orgPath,
      memberId: c.memberId,
      after: { field: 'idNumber', caseId: c.id },
    });
    return c.idNumber;
  });
}

// ------------------------------------------------------------------------------------------------ reads

interface Judged<C extends CaseHead = CaseRow> {
  c: C;
  steps: RecordedStep[];
  status: CaseStatus;
  since: IsoDate;
  next: NextStepView[];
}

const STAGE_STEP: Partial<Record<CaseStatus, RecordedStep['kind']>> = {
  applicant: 'apply',
  activist: 'activist',
  candidate: 'candidate',
};

/** The steps by case, those dated after `asOf` left out (null: all). */
function byCase(steps: readonly StepFact[], asOf: IsoDate | null): Map<number, RecordedStep[]> {
  const out = new Map<number, RecordedStep[]>();
  for (const s of steps) {
    if (asOf !== null && s.takenOn > asOf) continue;
    let l = out.get(s.caseId);
    if (!l) out.set(s.caseId, (l = []));
    l.push({ kind: s.kind, on: s.takenOn, data: s.data });
  }
  return out;
}

/** Where a case stood on a day and what it waited for (null: no step by then). */
function judgeCase<C extends CaseHead>(
  c: C,
  st: RecordedStep[] | undefined,
  rulesOn: (d: IsoDate) => RecruitmentRules,
  asOf: IsoDate,
): Judged<C> | null {
  if (!st?.length) return null;
  const closed = c.status === 'closed' && c.closedOn !== null && c.closedOn <= asOf;
  const status = caseStatus(st, closed);
  const anchor = STAGE_STEP[status];
  const since =
    status === 'probationary'
      ? joinedOn(st)!
      : anchor
        ? st.find((s) => s.kind === anchor)!.on
        : st.at(-1)!.on;
  return { c, steps: st, status, since, next: nextView(st, rulesOn, asOf, closed) };
}

/** Every case of the subtree as of a date: its steps up to then, where it stood and what it waited for. */
async function judgeSubtree(ctx: Ctx, path: string, asOf: IsoDate) {
  const [cases, steps, rulesOn] = await Promise.all([
    casesUnder(ctx.db, path),
    stepFactsUnder(ctx.db, path),
    rulesLookup(ctx.db),
  ]);
  const stepsOfCase = byCase(steps, asOf);
  const out: Judged[] = [];
  for (const c of cases) {
    const j = judgeCase(c, stepsOfCase.get(c.id), rulesOn, asOf);
    if (j) out.push(j);
  }
  return { cases: out, rulesOn };
}

type OverdueStep = RecruitmentSummary['overdue'][number];

/** A judged case's overdue steps, as list lines. */
function overdueOf(j: Judged<CaseHead>): OverdueStep[] {
  return j.next
    .filter((n) => n.overdue && n.due)
    .map((n) => ({
      person: j.c.name,
      caseId: j.c.id,
      orgCode: j.c.orgCode,
      orgName: j.c.orgName,
      step: n.kind,
      stepZh: n.zh,
      due: n.due!,
    }));
}

const byDue = (a: OverdueStep, b: OverdueStep) =>
  a.due < b.due ? -1 : a.due > b.due ? 1 : a.caseId - b.caseId;

function checkNotFuture(on: IsoDate, today: IsoDate): void {
  if (on > today)
    throw new AppError('VALIDATION_FAILED', '日期不能晚于今天', [
      { path: ['asOf'], code: 'DATE_IN_FUTURE', message: '日期不能晚于今天' },
    ]);
}

/**
 * A subtree's overdue steps as of a date (the summary's `overdue`, the same lines in the same order; decision 0050):
 * only the cases whose stored earliest deadline is before the day, or that have no usable stored deadline, are read
 * and judged live — a county's list is an index range over its cases instead of the judgement of every case.
 */
export async function recruitmentOverdue(
  ctx: Ctx,
  orgCode: string,
  asOf?: IsoDate | null,
): Promise<RecruitmentOverdue> {
  const today = ctx.clock.today();
  const on = asOf ?? today;
  checkNotFuture(on, today);
  // the org and the rule-set history are independent reads: side by side on the pool
  const [o, { rulesOn, key }] = await Promise.all([requireOrg(ctx, ctx.db, orgCode), rulesHistory(ctx.db)]);
  const { cases, steps: facts } = await overdueFacts(ctx.db, o.path, on, key);
  const steps = byCase(facts, on);
  const overdue: OverdueStep[] = [];
  for (const c of cases) {
    const j = judgeCase(c, steps.get(c.id), rulesOn, on);
    if (j) overdue.push(...overdueOf(j));
  }
  overdue.sort(byDue);
  return { org: o.code, orgName: o.name, asOf: on, overdue };
}

const card = (j: Judged): BoardCard => ({
  id: j.c.id,
  name: j.c.name,
  idNumber: maskIdNumber(j.c.idNumber),
  orgCode: j.c.orgCode,
  orgName: j.c.orgName,
  since: j.since,
  next: j.next,
});

/** A branch's (or any org's subtree's) board: the people in each stage with the next step and its deadline. */
export async function recruitmentBoard(ctx: Ctx, orgCode: string, asOf?: IsoDate | null): Promise<Board> {
  const today = ctx.clock.today();
  const on = asOf ?? today;
  const o = await requireOrg(ctx, ctx.db, orgCode);
  const { cases, rulesOn } = await judgeSubtree(ctx, o.path, on);
  const stages: Board['stages'] = { applicant: [], activist: [], candidate: [], probationary: [] };
  for (const j of cases) if (j.status in stages) stages[j.status as keyof Board['stages']].push(card(j));
  return { org: o.code, orgName: o.name, asOf: on, rules: rulesOn(on).id, stages };
}

const median = (xs: number[]) => {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor((s.length - 1) / 2)]!;
};

/**
 * A subtree's recruitment as of a date (the `jiceng recruitment` contract): how many people in each stage, the
 * overdue steps, per branch the counts and the last admission, and the branches with nobody admitted for the
 * setting's number of years.
 */
export async function recruitmentSummary(
  ctx: Ctx,
  orgCode: string,
  asOf?: IsoDate | null,
): Promise<RecruitmentSummary> {
  const today = ctx.clock.today();
  const on = asOf ?? today;
  checkNotFuture(on, today);
  const o = await requireOrg(ctx, ctx.db, orgCode);
  const [{ cases }, admissions] = await Promise.all([
    judgeSubtree(ctx, o.path, on),
    lastAdmissions(ctx.db, o.path, on),
  ]);
  const idleYears = ctx.settings.recruitmentIdleYears;
  const stages = { applicant: 0, activist: 0, candidate: 0, probationary: 0 };
  const perOrg = new Map<
    string,
    { applicant: number; activist: number; candidate: number; probationary: number; overdue: number }
  >();
  const overdue: RecruitmentSummary['overdue'] = [];
  const year = on.slice(0, 4);
  let admitted = 0;
  let confirmed = 0;
  const took = {
    applicant: [] as number[],
    activist: [] as number[],
    candidate: [] as number[],
    probationary: [] as number[],
  };
  for (const j of cases) {
    const at = (k: RecordedStep['kind']) => j.steps.find((s) => s.kind === k)?.on ?? null;
    const joined = joinedOn(j.steps);
    if (joined?.startsWith(year)) admitted++;
    const confirm = j.status === 'full' ? probationEnd(j.steps) : null;
    if (confirm?.startsWith(year)) confirmed++;
    const spans: [keyof typeof took, IsoDate | null, IsoDate | null][] = [
      ['applicant', at('apply'), at('activist')],
      ['activist', at('activist'), at('candidate')],
      ['candidate', at('candidate'), joined],
      ['probationary', joined, confirm],
    ];
    for (const [k, a, b] of spans) if (a && b) took[k].push(daysBetween(a, b));
    let row = perOrg.get(j.c.orgCode);
    if (!row)
      perOrg.set(
        j.c.orgCode,
        (row = { applicant: 0, activist: 0, candidate: 0, probationary: 0, overdue: 0 }),
      );
    if (j.status in stages) {
      stages[j.status as keyof typeof stages]++;
      row[j.status as keyof typeof stages]++;
    }
    const late = overdueOf(j);
    row.overdue += late.length;
    overdue.push(...late);
  }
  overdue.sort(byDue);
  const yearsSince = (d: IsoDate | null) => (d ? fullYears(d, on) : null);
  const orgs = admissions.map((b) => {
    const r = perOrg.get(b.code) ?? { applicant: 0, activist: 0, candidate: 0, probationary: 0, overdue: 0 };
    return {
      code: b.code,
      name: b.name,
      ...r,
      lastAdmitted: b.lastAdmitted,
      years: yearsSince(b.lastAdmitted),
    };
  });
  // orgs[i] is admissions[i] (a county's ~3,000 orgs: no search of the list for each)
  const branchesWithoutAdmission = orgs
    .filter((b, i) => BRANCH_KINDS.includes(admissions[i]!.kind))
    .filter((b) => b.years === null || b.years >= idleYears)
    .map((b) => ({ code: b.code, name: b.name, lastAdmitted: b.lastAdmitted, years: b.years }))
    .sort((a, b) => (b.years ?? 999) - (a.years ?? 999) || a.code.localeCompare(b.code));
  return {
    org: o.code,
    orgName: o.name,
    asOf: on,
    stages,
    thisYear: { admitted, confirmed },
    stageDays: {
      applicant: median(took.applicant),
      activist: median(took.activist),
      candidate: median(took.candidate),
      probationary: median(took.probationary),
    },
    overdue,
    orgs,
    branchesWithoutAdmission,
    idleYears,
  };
}

/**
 * A subtree's pipeline for today: its open cases per stage (申请人, 积极分子, 发展对象, 预备党员), read from the
 * maintained counts (`recruitment_roll`, decision 0042) — no judgement and no scan of the subtree, so any subtree of
 * the province answers in one primary-key range read (issue 13 "Performance"). The same numbers as the summary's
 * `stages` for today (the cases' recorded status is the status their steps give).
 */
export async function pipelineCounts(
  ctx: Ctx,
  orgCode: string,
): Promise<{ applicant: number; activist: number; candidate: number; probationary: number }> {
  const r = await pipelineCountsByCode(ctx.db, orgCode);
  // one the actor may not see looks missing (as requireOrg)
  if (!r || !inScope(ctx.actor, r.path))
    throw new AppError('ORG_NOT_FOUND', `没有找到组织编码为 ${orgCode} 的党组织，或您无权查看`);
  const out = { applicant: 0, activist: 0, candidate: 0, probationary: 0 };
  for (const c of r.counts) if (c.status in out) out[c.status as keyof typeof out] = c.cases;
  return out;
}

/**
 * Recruitment statistics as the party statistics count them, per year from `from` to `to` (default: the last five
 * years): admissions with women, minorities, 35 or under, 大专及以上, occupations and 生产、工作一线, and
 * confirmations — read from the roster's history, so imported and older members count, not only recorded cases.
 */
export async function recruitmentStats(
  ctx: Ctx,
  orgCode: string,
  range: { from?: number | undefined; to?: number | undefined } = {},
): Promise<RecruitmentStats> {
  const thisYear = Number(ctx.clock.today().slice(0, 4));
  const to = range.to ?? thisYear;
  const from = range.from ?? to - 4;
  if (from > to || to - from > 49 || to > thisYear)
    throw new AppError('VALIDATION_FAILED', `年度范围应为不晚于${thisYear}年、不超过50年的区间`, [
      { path: ['from'], code: 'YEAR_RANGE', message: '年度范围不正确' },
    ]);
  const o = await requireOrg(ctx, ctx.db, orgCode);
  const [admitted, confirmed] = await Promise.all([
    admissionsUnder(ctx.db, o.path, `${from}-01-01`, `${to}-12-31`),
    confirmationsUnder(ctx.db, o.path, `${from}-01-01`, `${to}-12-31`),
  ]);
  return {
    org: o.code,
    orgName: o.name,
    from,
    to,
    years: recruitmentYearStats(admitted, confirmed, from, to),
  };
}
