/** Use cases for the member roster. */
import { AppError, type ErrorCode } from '../shared/errors.js';
import { addYears, fullYears, type IsoDate } from '../shared/dates.js';
import { maskIdNumber, maskPhone } from '../shared/id-number.js';
import { EDUCATIONS, isCurrentMembership, isOnRoster } from '../shared/codes.js';
import { MEMBER_EDITABLE_FIELDS, MEMBER_SENSITIVE_FIELDS } from '../shared/member-fields.js';
import type {
  MemberCreate,
  MemberImport,
  MemberDetail,
  MemberEventCreate,
  MemberListItem,
  MemberListQuery,
  MemberRecordCreate,
  MemberUpdate,
  Page,
} from '../shared/schemas.js';
import type { Ctx } from './context.js';
import { confirmSession, StaleSession } from './kept.js';
import type { Db } from '../db/client.js';
import { isUniqueViolation, lockUniqueValue } from '../db/unique.js';
import {
  correctMember,
  correctPerson,
  currentPosts,
  deleteMemberRecord as deleteRecordRow,
  endMemberPosts,
  insertMember,
  insertMemberEvent,
  insertMemberPeriods,
  insertMemberRecord,
  insertMembership,
  lastPeriodStart,
  memberById,
  memberByIdNumber,
  memberEvents,
  memberPeriods,
  memberRecords,
  membershipHistory,
  membershipsOf,
  nextPeriod,
  personByIdNumber,
  personFacts,
  rewriteMemberPeriods,
  updateMemberLifecycle,
  type MemberRow,
} from '../db/repositories/members.js';
import { orgByCode, type OrgRow } from '../db/repositories/orgs.js';
import {
  countRoster,
  rosterSizes,
  rosterAfter,
  rosterPage,
  ancestorPage,
  rosterPageCounted,
  ROSTER_COUNT_CAP,
  type RosterFilter,
  type RosterListRow,
  type RosterRow,
} from '../db/repositories/roster.js';
import { applyDelta, shareStatsState } from '../db/repositories/stats.js';
import { writeRawTexts } from '../db/repositories/classification.js';
import { CLASSIFIED, CLASSIFIED_FIELDS } from '../shared/classification.js';
import { StatDelta, memberKeys, pathIds, type StatMember } from '../domain/stats/keys.js';
import { checkMemberFacts, type MemberFacts, type Problem } from '../domain/member/validate.js';
import { planAdmission } from '../domain/member/memberships.js';
import { nameKeys } from '../domain/member/names.js';
import { earliestConfirmation, nextStatus } from '../domain/member/lifecycle.js';
import { initialPeriods, reshapePeriods, samePeriods, type Period } from '../domain/member/periods.js';
import { checkMemberOrg, type MemberProblem } from '../domain/member/write.js';
import {
  actorId,
  inScope,
  mayReadMember,
  mayRevealSensitive,
  mayWrite,
  SYSTEM_ACTOR,
  type Resource,
} from '../domain/access/policy.js';
import { allowed, readsOrg } from './access.js';
import { openCaseOf } from '../db/repositories/recruitment.js';
import {
  memberReadScope,
  memberViewAsOf,
  memberViews,
  withholdToday,
  type MemberViewAsOf,
} from '../domain/access/past-views.js';
import { writeAudit } from './audit.js';
import { rulesAt } from '../policy/rules.js';
import { requireOrg } from './orgs.js';

export function problemsError(problems: Problem[]): AppError {
  return new AppError(
    'VALIDATION_FAILED',
    problems.map((p) => p.message).join('；'),
    problems.map((p) => ({ path: [p.field], code: p.code, message: p.message })),
  );
}

async function requireMember(ctx: Ctx, db: Db, id: number, lock = false): Promise<MemberRow> {
  const m = await memberById(db, id, '/', lock);
  // outside the scope is indistinguishable from missing
  if (!m || !mayReadMember(ctx.actor, m)) throw new AppError('MEMBER_NOT_FOUND');
  return m;
}

function requireWrite(ctx: Ctx, path: string) {
  if (!mayWrite(ctx.actor, path)) throw new AppError('FORBIDDEN');
}

/** A broken rule of domain/member/write.ts as the single write path answers it (the bulk path reports it per row). */
export function memberProblemError(p: MemberProblem): AppError {
  return new AppError(p.code as ErrorCode, p.message, [
    { path: [p.field], code: p.code, message: p.message },
  ]);
}

/** The org a member is entered into or moved to, checked by the rules the import applies too (checkMemberOrg). */
async function requireMemberOrg(ctx: Ctx, db: Db, code: string): Promise<OrgRow> {
  const o = await orgByCode(db, code, '/');
  const problem = checkMemberOrg(ctx.actor, code, o);
  if (problem || !o) throw memberProblemError(problem!);
  return o;
}

/**
 * The answer to an ID number that is registered already. It reads the same wherever the member is and names
 * nothing the actor may not read: only a member the actor may read is named (decision 0005).
 */
export function idNumberTaken(ctx: Ctx, holder: MemberRow | null): AppError {
  if (holder && mayReadMember(ctx.actor, holder))
    return new AppError(
      'MEMBER_ID_NUMBER_TAKEN',
      `该身份证号已登记（${holder.orgName}，${holder.name}），不能重复登记；如需修改该党员的信息，请在其档案中修改`,
      { memberId: holder.id },
    );
  return new AppError(
    'MEMBER_ID_NUMBER_TAKEN',
    '该身份证号已登记，不能重复登记；如该党员需要转入，请由上级党组织办理组织关系转接',
  );
}

const statOf = (m: Pick<MemberRow, keyof StatMember>): StatMember => ({
  status: m.status,
  sex: m.sex,
  birthDate: m.birthDate,
  ethnicity: m.ethnicity,
  education: m.education,
  occupation: m.occupation,
  educationRaw: m.educationRaw,
  occupationRaw: m.occupationRaw,
  joinedOn: m.joinedOn,
  confirmedOn: m.confirmedOn,
});

export { initialPeriods };

export async function createMemberIn(ctx: Ctx, db: Db, input: MemberCreate): Promise<number> {
  const today = ctx.clock.today();
  const org = await requireMemberOrg(ctx, db, input.orgCode);
  const { facts, problems } = checkMemberFacts(input, today);
  if (problems.length || !facts) throw problemsError(problems);
  // one creation of an ID number at a time: a second one waits here and then finds the first one's person
  await lockUniqueValue(db, 'person.id_number', facts.idNumber);
  const person = await personByIdNumber(db, facts.idNumber);
  if (person) {
    await refuseOpenCase(ctx, db, person.id);
    return enterKnownPerson(ctx, db, person.id, await membershipsOf(db, person.id), org, input, facts);
  }
  const asOf = await shareStatsState(db, today);
  const keys = nameKeys(input.name);
  const confirmedOn = input.status === 'full' ? (input.confirmedOn ?? null) : null;
  const id = await insertMember(
    db,
    {
      orgId: org.id,
      ...personFactsOf(input, facts),
      status: input.status,
      joinedOn: input.joinedOn,
      confirmedOn,
      isMobile: input.isMobile ?? false,
    },
    keys,
  );
  // a writer that takes no lock on the number (an import) got there first: no unique violation, the same answer
  if (id === null) throw idNumberTaken(ctx, await memberByIdNumber(db, facts.idNumber));
  await insertMemberPeriods(
    db,
    id,
    initialPeriods(input.status, input.joinedOn, confirmedOn).map((p) => ({ ...p, orgId: org.id })),
  );
  await countIn(db, org.path, { ...input, ...facts, confirmedOn }, asOf);
  return id;
}

/**
 * The person's fields of an entered record (facts: the checked ID number, sex and birth date). A record from an
 * import may leave a classification field unclassified, with its text kept (MemberImport).
 */
function personFactsOf(input: MemberImport, facts: MemberFacts) {
  return {
    name: input.name,
    sex: facts.sex,
    birthDate: facts.birthDate,
    idNumber: facts.idNumber,
    ethnicity: input.ethnicity ?? null,
    education: input.education ?? null,
    occupation: input.occupation ?? null,
    ethnicityRaw: input.ethnicityRaw ?? null,
    educationRaw: input.educationRaw ?? null,
    occupationRaw: input.occupationRaw ?? null,
    nativePlace: input.nativePlace ?? null,
    phone: input.phone ?? null,
    address: input.address ?? null,
    workUnit: input.workUnit ?? null,
    jobTitle: input.jobTitle ?? null,
  };
}

/** Adds a member who came onto the roster to the aggregates. */
async function countIn(
  db: Db,
  orgPath: string,
  m: Omit<StatMember, 'ethnicity' | 'education' | 'occupation' | 'educationRaw' | 'occupationRaw'> & {
    ethnicity?: string | null | undefined;
    education?: string | null | undefined;
    occupation?: string | null | undefined;
    educationRaw?: string | null | undefined;
    occupationRaw?: string | null | undefined;
  },
  asOf: IsoDate,
) {
  const delta = new StatDelta();
  delta.add(
    pathIds(orgPath),
    memberKeys(
      {
        ...m,
        ethnicity: m.ethnicity ?? null,
        education: m.education ?? null,
        occupation: m.occupation ?? null,
        educationRaw: m.educationRaw ?? null,
        occupationRaw: m.occupationRaw ?? null,
      },
      asOf,
    ),
    1,
  );
  await applyDelta(db, delta);
}

/**
 * Refuses a member record entered (by hand or by a member import) for a person whose recruitment case is open and
 * has not admitted them yet: the
 * case's own admission puts them on the roster (recruitment.ts), dated from the general meeting's vote. Entered
 * directly, the record skipped the procedure and took the person — their stored facts, readable from then on — into
 * an org that may not be the case's (a branch could take another township's applicant, with their phone). Names the
 * case's org only to an actor who reads it.
 */
export async function refuseOpenCase(ctx: Ctx, db: Db, personId: number): Promise<void> {
  const open = await openCaseOf(db, personId);
  // (a case that admitted the person — a probationary member's, open until the confirmation — is no bar: their
  // membership answers, as any member's: taken, or back from a transfer out)
  if (!open || open.admitted) return;
  const message = readsOrg(ctx, open.orgPath)
    ? `该身份证号的人员正在${open.orgName}的发展党员程序中，应在发展程序中接收为预备党员，不能直接登记为党员`
    : '该身份证号的人员正在其他党组织的发展党员程序中，不能直接登记为党员';
  throw new AppError('RECRUITMENT_PERSON_TAKEN', message, [
    { path: ['idNumber'], code: 'RECRUITMENT_PERSON_TAKEN', message },
  ]);
}

/**
 * A member record entered for an ID number a person holds already (decision 0011, domain/member/memberships.ts):
 * a person without membership is admitted; one whose last membership ended by transfer out comes back into the
 * same membership with a transfer-in period; one who left otherwise is re-admitted with a new membership; a current
 * membership or a death refuses it. The person's facts are taken from the entered record where it gives them.
 * Returns the member id (the membership). Used by the single creation and by the import.
 */
export async function enterKnownPerson(
  ctx: Ctx,
  db: Db,
  personId: number,
  memberships: readonly MemberRow[],
  org: Pick<OrgRow, 'id' | 'code' | 'name' | 'path'>,
  input: MemberImport,
  facts: MemberFacts,
): Promise<number> {
  const today = ctx.clock.today();
  const last = memberships.at(-1) ?? null;
  const plan = planAdmission(
    true,
    last && {
      status: last.status,
      joinedOn: last.joinedOn,
      confirmedOn: last.confirmedOn,
      statusSince: (await lastPeriodStart(db, last.id)) ?? last.joinedOn,
    },
    { status: input.status, joinedOn: input.joinedOn },
    today,
  );
  if (plan.kind === 'taken') throw idNumberTaken(ctx, last);
  if (plan.kind === 'refused') throw memberProblemError(plan.problem);
  if (plan.kind === 'new') throw new Error('enterKnownPerson: the person exists');
  const asOf = await shareStatsState(db, today);
  // the entered record is the newer word on the person: what it gives replaces what was stored
  const stored = last ?? (await personFacts(db, personId));
  const entered = personFactsOf(input, facts);
  const person = { ...entered } as Record<string, unknown>;
  for (const [k, v] of Object.entries(entered))
    if (v === null) person[k] = (stored as unknown as Record<string, unknown>)[k] ?? null;
  // a classification: the entered one, else the stored one, else the entered text, else the stored text
  for (const f of CLASSIFIED_FIELDS) {
    const rawKey = CLASSIFIED[f].rawField;
    if (person[f] !== null) person[rawKey] = null;
    else if (entered[rawKey] !== null) person[rawKey] = entered[rawKey];
  }
  const p = person as ReturnType<typeof personFactsOf>;
  await correctPerson(
    db,
    personId,
    { ...p, joinedOn: input.joinedOn, confirmedOn: null, isMobile: false },
    nameKeys(p.name),
  );
  await writeRawTexts(db, personId, p);
  const isMobile = input.isMobile ?? false;
  if (plan.kind === 'return') {
    const m = last!;
    const confirmedOn = input.status === 'full' ? (input.confirmedOn ?? m.confirmedOn) : null;
    await updateMemberLifecycle(db, m.id, { status: input.status, orgId: org.id, confirmedOn, isMobile });
    await nextPeriod(db, m.id, plan.on, { orgId: org.id, status: input.status });
    await insertMemberEvent(db, {
      memberId: m.id,
      kind: 'transfer_in',
      effectiveOn: plan.on,
      data: {
        note: null,
        fromOrgCode: m.orgCode,
        fromOrgName: m.orgName,
        toOrgCode: org.code,
        toOrgName: org.name,
      },
      recordedBy: actorId(ctx.actor),
    });
    await countIn(db, org.path, { ...p, status: input.status, joinedOn: m.joinedOn, confirmedOn }, asOf);
    return m.id;
  }
  const confirmedOn = input.status === 'full' ? (input.confirmedOn ?? null) : null;
  const id = await insertMembership(db, personId, {
    orgId: org.id,
    status: input.status,
    joinedOn: input.joinedOn,
    confirmedOn,
    isMobile,
  });
  await insertMemberPeriods(
    db,
    id,
    initialPeriods(input.status, input.joinedOn, confirmedOn).map((q) => ({ ...q, orgId: org.id })),
  );
  await countIn(db, org.path, { ...p, status: input.status, joinedOn: input.joinedOn, confirmedOn }, asOf);
  return id;
}

export async function createMember(ctx: Ctx, input: MemberCreate): Promise<MemberDetail> {
  return ctx.db.transaction(async (tx) => {
    const id = await createMemberIn(ctx, tx, input);
    return viewMember(ctx, tx, await requireMember(ctx, tx, id));
  });
}

const EDITABLE = MEMBER_EDITABLE_FIELDS;

/** Applies an edit; returns the changed field names (empty when nothing changed). */
export async function updateMemberIn(ctx: Ctx, db: Db, m: MemberRow, input: MemberUpdate): Promise<string[]> {
  requireWrite(ctx, m.orgPath);
  if (input.rowVersion !== undefined && input.rowVersion !== m.rowVersion)
    throw new AppError('STALE_VERSION');
  const today = ctx.clock.today();
  const next: MemberRow = { ...m };
  for (const k of EDITABLE) {
    const v = input[k];
    if (v !== undefined) (next as unknown as Record<string, unknown>)[k] = v;
  }
  if (input.idNumber !== undefined && input.sex === undefined) next.sex = m.sex;
  // derive sex and birth date from a new ID number unless entered explicitly
  const { facts, problems } = checkMemberFacts(
    {
      idNumber: next.idNumber,
      sex: input.sex ?? (input.idNumber ? null : m.sex),
      birthDate: input.birthDate ?? (input.idNumber ? null : m.birthDate),
      status: next.status,
      joinedOn: next.joinedOn,
      confirmedOn: next.confirmedOn,
    },
    today,
  );
  if (problems.length || !facts) throw problemsError(problems);
  next.idNumber = facts.idNumber;
  next.sex = facts.sex;
  next.birthDate = facts.birthDate;
  const changed = EDITABLE.filter((k) => (next[k] ?? null) !== (m[k] ?? null));
  if (!changed.length) return [];
  if (changed.includes('idNumber')) {
    await lockUniqueValue(db, 'person.id_number', next.idNumber);
    const holder = await personByIdNumber(db, next.idNumber);
    if (holder && holder.id !== m.personId)
      throw idNumberTaken(ctx, await memberByIdNumber(db, next.idNumber));
  }
  // the corrected dates re-date the history; checked before anything is written (an import goes on after a
  // rejected row in the same transaction)
  const reshape =
    changed.includes('joinedOn') || changed.includes('confirmedOn')
      ? await reshapedPeriods(db, m, next)
      : null;
  const asOf = await shareStatsState(db, today);
  await correctMember(db, m, next, nameKeys(next.name)).catch((e: unknown) => {
    // the lock above keeps edits and creations apart; a writer that takes none (an import) may still win
    if (isUniqueViolation(e, 'person_id_number_uq')) throw idNumberTaken(ctx, null);
    throw e;
  });
  if (reshape) await rewriteMemberPeriods(db, m.id, reshape.stored, reshape.periods);
  const delta = new StatDelta();
  delta.add(pathIds(m.orgPath), memberKeys(statOf(m), asOf), -1);
  delta.add(pathIds(m.orgPath), memberKeys(statOf(next), asOf), 1);
  await applyDelta(db, delta);
  const sensitive = MEMBER_SENSITIVE_FIELDS;
  await insertMemberEvent(db, {
    memberId: m.id,
    kind: 'corrected',
    effectiveOn: today,
    data: {
      fields: changed,
      before: Object.fromEntries(changed.filter((k) => !sensitive.has(k)).map((k) => [k, m[k]])),
      after: Object.fromEntries(changed.filter((k) => !sensitive.has(k)).map((k) => [k, next[k]])),
    },
    recordedBy: actorId(ctx.actor),
  });
  return changed;
}

/**
 * The member's history re-dated for a corrected join or confirmation date (domain/member/periods.ts), or null when
 * it stays as it is; a correction that contradicts a later recorded change is refused.
 */
async function reshapedPeriods(db: Db, before: MemberRow, after: MemberRow) {
  const stored = await memberPeriods(db, before.id);
  const current: Period[] = stored.map((p) => ({ orgId: p.orgId, status: p.status, from: p.from, to: p.to }));
  const r = reshapePeriods(current, { joinedOn: after.joinedOn, confirmedOn: after.confirmedOn });
  if (r.problem) {
    const message =
      r.problem.field === 'joinedOn'
        ? `入党日期不能晚于该党员此后的组织关系变动日期（${r.problem.date}）`
        : `转正日期不能晚于该党员此后的变动日期（${r.problem.date}）`;
    throw problemsError([{ field: r.problem.field, code: r.problem.code, message }]);
  }
  return samePeriods(current, r.periods) ? null : { stored, periods: r.periods };
}

export async function updateMember(ctx: Ctx, id: number, input: MemberUpdate): Promise<MemberDetail> {
  return ctx.db.transaction(async (tx) => {
    const m = await requireMember(ctx, tx, id, true);
    await updateMemberIn(ctx, tx, m, input);
    return viewMember(ctx, tx, await requireMember(ctx, tx, id));
  });
}

/** Records a dated change of org or status (confirmation, move, transfer out, removal …) in the caller's transaction. */
export async function recordMemberEventIn(
  ctx: Ctx,
  tx: Db,
  id: number,
  input: MemberEventCreate,
): Promise<MemberRow> {
  const m = await requireMember(ctx, tx, id, true);
  requireWrite(ctx, m.orgPath);
  return applyMemberEventIn(ctx, tx, m, input);
}

/**
 * Records a dated change of a member already read and locked (`memberById(…, lock)`) by a use case that decided
 * the actor's access itself — a transfer accepted by the receiving org, which may not read the member before (decision
 * 0026). A move's target org is still checked: the actor must be allowed to write there — or, for a transfer's
 * receiving end, on the transfer (`authority`: a grant on that one transfer, decision 0034, acts for its receiving
 * org; the org must still exist, be active and hold members).
 */
export async function applyMemberEventIn(
  ctx: Ctx,
  tx: Db,
  m: MemberRow,
  input: MemberEventCreate,
  authority?: Resource,
): Promise<MemberRow> {
  const today = ctx.clock.today();
  const to = nextStatus(input.kind, m.status);
  if (!to) throw new AppError('MEMBER_STATUS_TRANSITION');
  const on = input.effectiveOn;
  const last = await lastPeriodStart(tx, m.id);
  if (on > today) throw new AppError('EVENT_DATE_INVALID', '生效日期不能晚于今天');
  if (last && on < last)
    throw new AppError('EVENT_DATE_INVALID', `生效日期不能早于该党员上一次变动的日期（${last}）`);
  const data: Record<string, unknown> = {
    note: input.note ?? null,
    fromOrgCode: m.orgCode,
    fromOrgName: m.orgName,
  };
  let target: OrgRow | null = null;
  if (input.kind === 'confirm') {
    const earliest = earliestConfirmation(m.joinedOn);
    if (on < earliest)
      throw new AppError(
        'MEMBER_STATUS_TRANSITION',
        `预备期为${rulesAt(m.joinedOn).probationYears}年，最早可于${earliest}转为正式党员`,
      );
  }
  if (input.kind === 'move') {
    if (!input.orgCode) throw new AppError('VALIDATION_FAILED', '请选择转入的党组织');
    target =
      authority && allowed(ctx, 'write', authority)
        ? await requireMemberOrg({ ...ctx, actor: SYSTEM_ACTOR }, tx, input.orgCode)
        : await requireMemberOrg(ctx, tx, input.orgCode);
    if (target.id === m.orgId) throw new AppError('VALIDATION_FAILED', '转入的党组织与当前所在组织相同');
    data.toOrgCode = target.code;
    data.toOrgName = target.name;
  }
  if (input.kind === 'remove') {
    if (!input.removalKind) throw new AppError('VALIDATION_FAILED', '请选择出党方式');
    data.removalKind = input.removalKind;
  }
  const asOf = await shareStatsState(tx, today);
  const next: MemberRow = {
    ...m,
    status: to,
    orgId: target?.id ?? m.orgId,
    orgPath: target?.path ?? m.orgPath,
    orgCode: target?.code ?? m.orgCode,
    orgName: target?.name ?? m.orgName,
    confirmedOn: input.kind === 'confirm' ? on : m.confirmedOn,
  };
  await updateMemberLifecycle(tx, m.id, next);
  await nextPeriod(tx, m.id, on, { orgId: next.orgId, status: next.status });
  if (!isOnRoster(next.status)) await endMemberPosts(tx, m.id, on);
  await insertMemberEvent(tx, {
    memberId: m.id,
    kind: input.kind,
    effectiveOn: on,
    data,
    recordedBy: actorId(ctx.actor),
  });
  const delta = new StatDelta();
  delta.add(pathIds(m.orgPath), memberKeys(statOf(m), asOf), -1);
  delta.add(pathIds(next.orgPath), memberKeys(statOf(next), asOf), 1);
  await applyDelta(tx, delta);
  return { ...next, rowVersion: m.rowVersion + 1 };
}

export async function recordMemberEvent(
  ctx: Ctx,
  id: number,
  input: MemberEventCreate,
): Promise<MemberDetail> {
  return ctx.db.transaction(async (tx) => {
    await recordMemberEventIn(ctx, tx, id, input);
    return viewMember(ctx, tx, await requireMember(ctx, tx, id));
  });
}

export async function viewMember(ctx: Ctx, db: Db, m: MemberRow): Promise<MemberDetail> {
  const today = ctx.clock.today();
  const events: MemberDetail['events'] = await memberEvents(db, m.id);
  const records = await memberRecords<MemberRecordCreate['kind']>(db, m.id);
  const posts = await currentPosts(db, m.id);
  // joining (and the confirmation entered with it) are facts of the member row, shown as the first events
  const synthetic: MemberDetail['events'] = [
    { id: 0, kind: 'joined', effectiveOn: m.joinedOn, data: {}, recordedAt: '' },
  ];
  if (m.confirmedOn && !events.some((e) => e.kind === 'confirm'))
    synthetic.unshift({ id: 0, kind: 'confirm', effectiveOn: m.confirmedOn, data: {}, recordedAt: '' });
  events.push(...synthetic);
  return {
    ...listItem(m, today),
    memberships: await membershipsView(ctx, db, m.personId),
    nativePlace: m.nativePlace,
    address: m.address ? maskAddress(m.address) : null,
    workUnit: m.workUnit,
    jobTitle: m.jobTitle,
    isMobile: m.isMobile,
    partyStanding: m.status === 'full' && m.confirmedOn ? fullYears(m.confirmedOn, today) : null,
    rowVersion: m.rowVersion,
    events,
    records: records.map((r) => ({
      id: r.id,
      kind: r.kind,
      startOn: r.startOn,
      endOn: r.endOn,
      title: String(r.data.title ?? ''),
      party: (r.data.party as string | undefined) ?? null,
      detail: (r.data.detail as string | undefined) ?? null,
      hours: (r.data.hours as number | undefined) ?? null,
    })),
    posts,
  };
}

/**
 * The person's memberships with their periods (历次党籍), oldest first — only when there is more than one; an org
 * the actor may not read is not named (decision 0005).
 */
async function membershipsView(ctx: Ctx, db: Db, personId: number): Promise<MemberDetail['memberships']> {
  const history = await membershipHistory(db, personId);
  const byMember = new Map<number, typeof history>();
  for (const h of history) byMember.set(h.memberId, [...(byMember.get(h.memberId) ?? []), h]);
  if (byMember.size < 2) return [];
  return [...byMember].map(([id, periods]) => {
    const last = periods[periods.length - 1]!;
    return {
      id,
      joinedOn: periods[0]!.from,
      status: last.status,
      endedOn: isCurrentMembership(last.status) ? null : last.from,
      periods: periods.map((q) => ({
        orgName: mayReadMember(ctx.actor, { id, orgPath: q.orgPath }) ? q.orgName : null,
        status: q.status,
        from: q.from,
        to: q.to,
      })),
    };
  });
}

export function maskAddress(a: string): string {
  return a.length <= 6 ? a.slice(0, 2) + '****' : a.slice(0, 6) + '****';
}

/** What a list item shows of a member row: the fields a roster list reads (RosterListRow). */
export type ListedMember = Omit<RosterListRow, 'currentOrgPath'>;

export function listItem(m: ListedMember, today: IsoDate): MemberListItem {
  return {
    id: m.id,
    personId: m.personId,
    name: m.name,
    sex: m.sex,
    birthDate: m.birthDate,
    age: fullYears(m.birthDate, today),
    idNumberMasked: maskIdNumber(m.idNumber),
    phoneMasked: maskPhone(m.phone),
    ethnicity: m.ethnicity,
    education: m.education,
    occupation: m.occupation,
    ethnicityRaw: m.ethnicityRaw,
    educationRaw: m.educationRaw,
    occupationRaw: m.occupationRaw,
    status: m.status,
    joinedOn: m.joinedOn,
    confirmedOn: m.confirmedOn,
    orgId: m.orgId,
    orgCode: m.orgCode,
    orgName: m.orgName,
  };
}

export async function getMember(ctx: Ctx, id: number): Promise<MemberDetail> {
  return viewMember(ctx, ctx.db, await requireMember(ctx, ctx.db, id));
}

/** The full value of a sensitive field, on an explicit request by someone allowed to see it. */
export async function revealMemberField(
  ctx: Ctx,
  id: number,
  field: 'idNumber' | 'phone' | 'address',
): Promise<string | null> {
  return ctx.db.transaction(async (tx) => {
    const m = await requireMember(ctx, tx, id);
    if (!mayRevealSensitive(ctx.actor, m))
      throw new AppError('FORBIDDEN', '您的角色不能查看完整的身份证号、电话和住址');
    await writeAudit(ctx, tx, {
      action: 'read_sensitive',
      entity: 'member',
      entityId: String(m.id),
      orgPath: m.orgPath,
      memberId: m.id,
      after: { field },
    });
    return m[field];
  });
}

/** Birth-date bounds of an age band at a date: age ≥ min ⇔ born on or before at − min years. */
export function birthRange(
  bandKey: string,
  at: IsoDate,
): { onOrBefore: IsoDate | null; after: IsoDate | null } | null {
  const band = rulesAt(at).ageBands.find((b) => b.key === bandKey);
  if (!band) return null;
  return {
    onOrBefore: band.min === null ? null : addYears(at, -band.min),
    after: band.max === null ? null : addYears(at, -(band.max + 1)),
  };
}

/** The roster filter of a list or export query, with what the actor may search for (decision 0005). */
export async function rosterFilter(
  ctx: Ctx,
  orgCode: string,
  q: Omit<MemberListQuery, 'page' | 'pageSize' | 'sort'>,
): Promise<{ org: OrgRow; filter: RosterFilter }> {
  const org = await requireOrg(ctx, ctx.db, orgCode);
  return { org, filter: filterOf(ctx, org, q) };
}

/** The roster filter of a query on an org the actor may read. */
function filterOf(
  ctx: Ctx,
  org: { id: number; path: string; depth: number },
  q: Omit<MemberListQuery, 'page' | 'pageSize' | 'sort'>,
): RosterFilter {
  const today = ctx.clock.today();
  const at = q.asOf && q.asOf < today ? q.asOf : null;
  const filter: RosterFilter = {
    org: { id: org.id, path: org.path, depth: org.depth },
    at,
    direct: q.direct,
    status: q.status,
    sex: q.sex,
    occupation: q.occupation,
    // digits of the ID number find only members the actor may read today: of the others a past-date roster shows
    // the history, and a search on their ID number would tell more than that
    idSearchScope: memberReadScope(ctx.actor),
  };
  if (q.education)
    filter.educationCodes = EDUCATIONS.filter((e) => e.group === q.education || e.code === q.education).map(
      (e) => e.code,
    );
  if (q.ageBand) {
    const r = birthRange(q.ageBand, at ?? today);
    if (!r) throw new AppError('VALIDATION_FAILED', `未知的年龄段：${q.ageBand}`);
    filter.bornOnOrBefore = r.onOrBefore;
    filter.bornAfter = r.after;
  }
  if (q.q) {
    const s = q.q.replace(/[%_\\]/g, '');
    if (/^\d{1,17}[xX]?$/.test(s)) filter.search = { by: 'idTail', value: s.toUpperCase() };
    // (ü typed as v, as pinyin input methods do: 吕 lv; name_pinyin spells it so)
    else if (/^[a-zA-Zü]+$/.test(s))
      filter.search = { by: 'pinyin', value: s.toLowerCase().replace(/ü/g, 'v') };
    else if (s) filter.search = { by: 'name', value: s };
  }
  return filter;
}

/** A roster row as the actor may see it: a member no longer readable today shows only identity and history. */
export interface RosterMember extends Omit<MemberRow, 'isMobile'> {
  isMobile: boolean | null;
  view: MemberViewAsOf;
}

function asSeen(ctx: Ctx, r: RosterRow): RosterMember {
  const { currentOrgPath, ...m } = r;
  const view = memberViewAsOf(ctx.actor, { id: m.id, orgPath: currentOrgPath });
  return view === 'current' ? { ...m, view } : { ...withholdToday(m), view };
}

/**
 * A roster row as a list item, as the actor may see it (asSeen): a member no longer readable today shows only
 * identity and history. Read field by field from the row, never copied whole: a page has fifty.
 */
function rosterItem(r: RosterListRow, view: MemberViewAsOf, today: IsoDate): MemberListItem {
  if (view === 'current') return listItem(r, today);
  const seen = withholdToday({ ...r, address: null, workUnit: null, jobTitle: null, isMobile: null });
  return { ...listItem(seen, today), leftScope: true };
}

/**
 * Whether a page in name order is found from the subtree's orgs rather than by walking the name index (decision
 * 0021): walking reads about (offset + page) / share persons, where share is the subtree's part of the roster;
 * from the orgs reads the whole subtree. Measured on the 5M province, a walk costs several times a row read from
 * the orgs, so the orgs win below 4·√(all · rows) members (~63k for a first page of 50 among 5 million).
 */
function pageByOrg(
  f: RosterFilter,
  sort: MemberListQuery['sort'],
  rows: number,
  sizes: { subtree: number; all: number } | null,
) {
  if (sort !== 'name' || f.at || f.direct || !sizes) return false;
  // a part of the name matches anywhere in the name, so its matches are not where the walk starts: 王 at the root of
  // the 5M province walked 90 % of the name index (names from a to wang) to find 50 — 42 s; from the orgs it is one
  // pass over the subtree, which counts the matches too
  if (f.search?.by === 'name') return true;
  return sizes.subtree * sizes.subtree < 16 * sizes.all * rows;
}

export async function listMembers(
  ctx: Ctx,
  orgCode: string,
  q: MemberListQuery,
): Promise<Page<MemberListItem>> {
  const kept = await listFromKept(ctx, orgCode, q);
  if (kept) return kept;
  // (a session kept by the process is confirmed before anything is read with it: decision 0055)
  await confirmSession(ctx);
  const { org, filter } = await rosterFilter(ctx, orgCode, q);
  ctx.orgCodes?.set(org);
  const offset = (q.page - 1) * q.pageSize;
  // a subtree rooted at depth 0–3 in name order, filtered by what the kept keys answer: one ancestor range, its total
  // from the aggregates or counted up to a cap (decision 0051), reading only the columns a list shows
  if (q.sort === 'name') {
    const a = await ancestorPage(
      ctx.db,
      filter,
      q.pageSize,
      offset,
      ctx.rosterCountCap ?? ROSTER_COUNT_CAP,
      'list',
    );
    if (a) return listPage(ctx, q, a);
  }
  // (a past date is never answered by the aggregates, nor paged from the orgs)
  const sizes = filter.at ? null : await rosterSizes(ctx.db, filter);
  let total = sizes?.total ?? null;
  let rows: RosterRow[];
  if (pageByOrg(filter, q.sort, offset + q.pageSize, sizes)) {
    // the page reads every matching row of the subtree: it counts them too when the aggregates cannot
    if (total === null) {
      const counted = await rosterPageCounted(ctx.db, filter, q.pageSize, offset);
      rows = counted.rows;
      total = counted.total;
    } else rows = await rosterPage(ctx.db, filter, q.sort, q.pageSize, offset, { byOrg: true });
  } else rows = await rosterPage(ctx.db, filter, q.sort, q.pageSize, offset);
  // (no aggregate state: countRoster counts the rows)
  total ??= await countRoster(ctx.db, filter);
  return listPage(ctx, q, { rows, total });
}

/** A page of list items from roster rows, each as the actor may see it. */
function listPage(
  ctx: Ctx,
  q: MemberListQuery,
  p: { rows: readonly RosterListRow[]; total: number; lowerBound?: boolean },
): Page<MemberListItem> {
  const today = ctx.clock.today();
  // (the policy asked once per org of the page: decision 0053)
  const viewOf = memberViews(ctx.actor);
  return {
    total: p.total,
    ...(p.lowerBound ? { totalIsLowerBound: true } : {}),
    page: q.page,
    pageSize: q.pageSize,
    items: p.rows.map((r) => rosterItem(r, viewOf({ id: r.id, orgPath: r.currentOrgPath }), today)),
  };
}

/**
 * The list's page in one statement (decision 0055), when the org's code was found before by this process and the
 * page is one ancestor range: the policy decides on the kept org as on one just read, and the page's statement
 * checks that the org still has that code and path and, when the request decided with a kept session, that the
 * session still reads the same. Null when it cannot answer so (the org is not kept, lies outside the actor's scope
 * as kept, or changed; the page is not one range): the list then reads the org. Throws StaleSession when the
 * session changed.
 */
async function listFromKept(
  ctx: Ctx,
  orgCode: string,
  q: MemberListQuery,
): Promise<Page<MemberListItem> | null> {
  const org = q.sort === 'name' ? (ctx.orgCodes?.get(orgCode) ?? null) : null;
  // (an org outside the scope is looked up again: the refusal is decided on what the database says)
  if (!org || !inScope(ctx.actor, org.path)) return null;
  const filter = filterOf(ctx, org, q);
  const check = ctx.session && !ctx.session.verified ? ctx.session : null;
  const a = await ancestorPage(
    ctx.db,
    filter,
    q.pageSize,
    (q.page - 1) * q.pageSize,
    ctx.rosterCountCap ?? ROSTER_COUNT_CAP,
    'list',
    {
      org,
      ...(check
        ? { session: { tokenHash: check.tokenHash, day: check.day, fingerprint: check.fingerprint } }
        : {}),
    },
  );
  if (!a) return null;
  if (!a.held.session) throw new StaleSession();
  if (!a.held.org) {
    ctx.orgCodes?.drop(orgCode);
    return null;
  }
  if (check) check.verified = true;
  return listPage(ctx, q, a);
}

/** Streams every member matching the filter (for exports), in pages to bound memory. */
export async function* iterateMembers(
  ctx: Ctx,
  orgCode: string,
  q: Omit<MemberListQuery, 'page' | 'pageSize' | 'sort'>,
): AsyncGenerator<RosterMember> {
  const { filter } = await rosterFilter(ctx, orgCode, q);
  let after = { orgPath: '', id: 0 };
  for (;;) {
    const rows = await rosterAfter(ctx.db, filter, after, 5000);
    for (const r of rows) yield asSeen(ctx, r);
    if (rows.length < 5000) return;
    const last = rows[rows.length - 1]!;
    after = { orgPath: last.orgPath, id: last.id };
  }
}

export async function addMemberRecord(
  ctx: Ctx,
  id: number,
  input: MemberRecordCreate,
): Promise<MemberDetail> {
  return ctx.db.transaction(async (tx) => {
    const m = await requireMember(ctx, tx, id, true);
    requireWrite(ctx, m.orgPath);
    if (input.startOn && input.endOn && input.endOn < input.startOn)
      throw new AppError('VALIDATION_FAILED', '结束日期不能早于开始日期');
    await insertMemberRecord(tx, {
      memberId: m.id,
      kind: input.kind,
      startOn: input.startOn ?? null,
      endOn: input.endOn ?? null,
      data: {
        title: input.title,
        party: input.party ?? null,
        detail: input.detail ?? null,
        hours: input.hours ?? null,
      },
    });
    return viewMember(ctx, tx, m);
  });
}

export async function deleteMemberRecord(ctx: Ctx, id: number, recordId: number): Promise<MemberDetail> {
  return ctx.db.transaction(async (tx) => {
    const m = await requireMember(ctx, tx, id, true);
    requireWrite(ctx, m.orgPath);
    if (!(await deleteRecordRow(tx, m.id, recordId))) throw new AppError('NOT_FOUND');
    return viewMember(ctx, tx, m);
  });
}
