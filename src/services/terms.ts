/**
 * 换届 (issue 11 item 7, decision 0023): when each org's election is due and the warnings before it, an approved
 * postponement or advance, and recording an election as held — judged by the rules, it starts the new term and
 * replaces the committee's posts when valid, and is kept as invalid (nothing else changed) when not.
 */
import { AppError, type ErrorCode } from '../shared/errors.js';
import { isIsoDate, type IsoDate } from '../shared/dates.js';
import type { Ctx } from './context.js';
import type { Db } from '../db/client.js';
import type {
  ElectionCreate,
  ElectionView,
  OrgElections,
  OrgTerm,
  TermChangeCreate,
  TermList,
} from '../shared/life.js';
import {
  candidatesOn,
  electionsOf,
  fullMembersOn,
  insertElection,
  insertTermChange,
  latestTermId,
  subtreeTerms,
  termChangesOf,
  type ElectionRow,
  type OrgTermRow,
} from '../db/repositories/terms.js';
import { endCommittee, insertOrgEvent, insertPost, insertTerm } from '../db/repositories/orgs.js';
import { orgExistedOn } from '../db/repositories/meetings.js';
import { settingsAt } from '../db/repositories/settings.js';
import { requireOrg, orgProblemError } from './orgs.js';
import { readsOrg } from './access.js';
import { actorId } from '../domain/access/policy.js';
import { checkOrgWritable, planOrgTerm, TERM_YEARS_REQUIRED } from '../domain/org/write.js';
import {
  checkTermChange,
  judgeElection,
  termStatus,
  type TermProblem,
  type TermWarnings,
} from '../domain/org/terms.js';
import { rulesAt } from '../policy/rules.js';
import type { LocalSettings } from '../policy/settings.js';

function invalid(field: string, message: string): AppError {
  return new AppError('VALIDATION_FAILED', message, [{ field, code: 'invalid', message }]);
}

function problem(p: TermProblem): AppError {
  return new AppError(p.code as ErrorCode, p.message, [{ field: p.field, code: p.code, message: p.message }]);
}

function warningsOf(s: LocalSettings): TermWarnings {
  return { first: s.termEndingSoonMonths, second: s.termSecondWarningMonths, last: s.termLastWarningMonths };
}

function termOf(r: OrgTermRow, asOf: IsoDate, w: TermWarnings): OrgTerm {
  const facts =
    r.electedOn && r.termEndsOn
      ? {
          electedOn: r.electedOn,
          termEndsOn: r.termEndsOn,
          change: r.changeKind && r.changeDueOn ? { kind: r.changeKind, dueOn: r.changeDueOn } : null,
        }
      : null;
  return {
    code: r.code,
    name: r.name,
    termEnds: facts ? (facts.change?.dueOn ?? facts.termEndsOn) : null,
    status: termStatus(facts, asOf, w),
    electedOn: r.electedOn,
    termYears: r.termYears,
    statutoryEnd: r.termEndsOn,
    change:
      r.changeKind && r.changeDueOn
        ? {
            kind: r.changeKind,
            dueOn: r.changeDueOn,
            approvedBy: r.approvedBy ?? '',
            documentNo: r.documentNo ?? '',
            approvedOn: r.approvedOn ?? '',
          }
        : null,
  };
}

/**
 * The term of every active org of the subtree under `orgCode` that elects a committee — a kind with a statutory
 * term, or one with a term recorded — as of a date (today by default), in tree order.
 */
export async function getTerms(ctx: Ctx, orgCode: string, asOfIn?: IsoDate | null): Promise<TermList> {
  const today = ctx.clock.today();
  const asOf = asOfIn ?? today;
  if (!isIsoDate(asOf)) throw invalid('asOf', '日期格式应为 YYYY-MM-DD');
  if (asOf > today) throw invalid('asOf', '截至日期不能晚于今天');
  const o = await requireOrg(ctx, ctx.db, orgCode);
  const [rows, settings] = await Promise.all([subtreeTerms(ctx.db, o.path, asOf), settingsAt(ctx.db, asOf)]);
  const rules = rulesAt(asOf);
  return {
    org: o.code,
    asOf,
    orgs: termsOf(
      rows.filter((r) => readsOrg(ctx, r.path)),
      asOf,
      settings,
    ),
    source: `${rules.source}；${rules.elections.source}`,
  };
}

/** The terms of the orgs of `rows` that elect a committee — a kind with a statutory term, or one with a term recorded. */
export function termsOf(rows: readonly OrgTermRow[], asOf: IsoDate, settings: LocalSettings): OrgTerm[] {
  const rules = rulesAt(asOf);
  const w = warningsOf(settings);
  return rows
    .filter((r) => r.termId !== null || rules.termYears(r.kind, r.sector) !== null)
    .map((r) => termOf(r, asOf, w));
}

async function electionView(db: Db, e: ElectionRow): Promise<ElectionView> {
  const rules = rulesAt(e.heldOn).elections;
  const warnings: string[] = [];
  if (e.method === 'general_meeting') {
    const full = await fullMembersOn(db, e.orgId, e.heldOn);
    if (full !== e.entitled)
      warnings.push(`应到会有选举权人数${e.entitled}人，与当天本组织名册上的正式党员${full}人不一致，请核对`);
  }
  const elected = e.candidates.filter((c) => c.elected).length;
  if (e.valid && elected > rules.committeeMaxMembers)
    warnings.push(
      `当选${elected}人，支部委员会一般不超过${rules.committeeMaxMembers}人（《中国共产党支部工作条例（试行）》第六章）`,
    );
  if (e.valid && !e.candidates.some((c) => c.elected && c.post === 'secretary'))
    warnings.push('新一届委员会没有书记，请补充职务分工');
  const q = rules.quorum;
  return {
    id: e.id,
    heldOn: e.heldOn,
    method: e.method,
    entitled: e.entitled,
    present: e.present,
    candidates: e.candidates,
    valid: e.valid,
    reason: e.valid
      ? null
      : `到会有选举权人数${e.present}人，未超过应到会人数${e.entitled}人的${q[0]}/${q[1]}，选举无效`,
    warnings,
    termId: e.termId,
    note: e.note,
  };
}

/** One org's term, the approved moves of its terms and its elections. */
export async function getOrgElections(ctx: Ctx, orgCode: string): Promise<OrgElections> {
  const o = await requireOrg(ctx, ctx.db, orgCode);
  return orgElections(ctx, ctx.db, o.path, o.id);
}

async function orgElections(ctx: Ctx, db: Db, path: string, orgId: number): Promise<OrgElections> {
  const today = ctx.clock.today();
  const [rows, settings, changes, elections] = await Promise.all([
    subtreeTerms(db, path, today),
    settingsAt(db, today),
    termChangesOf(db, orgId),
    electionsOf(db, orgId),
  ]);
  const own = rows.find((r) => r.orgId === orgId)!;
  const rules = rulesAt(today);
  return {
    term: termOf(own, today, warningsOf(settings)),
    changes,
    elections: await Promise.all(elections.map((e) => electionView(db, e))),
    source: `${rules.source}；${rules.elections.source}`,
  };
}

/** Records an approved postponement or advance of the current term's election (选举工作条例 第三条). */
export async function recordTermChange(
  ctx: Ctx,
  orgCode: string,
  input: TermChangeCreate,
): Promise<OrgElections> {
  return ctx.db.transaction(async (tx) => {
    const o = await requireOrg(ctx, tx, orgCode, true);
    const w = checkOrgWritable(ctx.actor, o);
    if (w) throw orgProblemError(w);
    const today = ctx.clock.today();
    const [row] = (await subtreeTerms(tx, o.path, today)).filter((r) => r.orgId === o.id);
    if (!row?.termId || !row.electedOn || !row.termEndsOn)
      throw invalid('kind', '该组织没有记录本届任期，请先记录换届选举');
    const p = checkTermChange(
      { electedOn: row.electedOn, termEndsOn: row.termEndsOn },
      input,
      today,
      rulesAt(input.approvedOn).elections,
    );
    if (p) throw problem(p);
    await insertTermChange(
      tx,
      {
        orgId: o.id,
        termId: row.termId,
        kind: input.kind,
        dueOn: input.dueOn,
        approvedBy: input.approvedBy,
        documentNo: input.documentNo,
        approvedOn: input.approvedOn,
        note: input.note ?? null,
      },
      actorId(ctx.actor),
    );
    return orgElections(ctx, tx, o.path, o.id);
  });
}

/**
 * Records an election as held. Refused: a day in the future, before the latest term began or when the org did not
 * exist; counts that cannot be true; a candidate not on the roster of the org's subtree that day; a post for someone
 * not elected. A valid election starts the new term (the rule set's length for the org's kind and sector on that
 * day) and replaces the committee's posts from that day; an invalid one is recorded with its reason and changes
 * nothing else.
 */
export async function recordElection(
  ctx: Ctx,
  orgCode: string,
  input: ElectionCreate,
): Promise<ElectionView> {
  return ctx.db.transaction(async (tx) => {
    const o = await requireOrg(ctx, tx, orgCode, true);
    const w = checkOrgWritable(ctx.actor, o);
    if (w) throw orgProblemError(w);
    const today = ctx.clock.today();
    if (input.heldOn > today)
      throw problem({ code: 'EVENT_DATE_INVALID', field: 'heldOn', message: '选举日期不能晚于今天' });
    if (!(await orgExistedOn(tx, o.id, input.heldOn)))
      throw problem({
        code: 'EVENT_DATE_INVALID',
        field: 'heldOn',
        message: '选举日期该组织尚未成立或已撤销',
      });
    const [cur] = (await subtreeTerms(tx, o.path, today)).filter((r) => r.orgId === o.id);
    if (cur?.electedOn && input.heldOn <= cur.electedOn)
      throw problem({
        code: 'EVENT_DATE_INVALID',
        field: 'heldOn',
        message: `选举日期应晚于本届任期开始（${cur.electedOn}）`,
      });
    const rules = rulesAt(input.heldOn).elections;
    const judged = judgeElection(input, rules);
    if ('problems' in judged) throw problem(judged.problems[0]!);
    const found = new Map(
      (
        await candidatesOn(
          tx,
          input.candidates.map((c) => c.memberId),
          o.path,
          input.heldOn,
        )
      ).map((c) => [c.memberId, c.name]),
    );
    const missing = input.candidates.findIndex((c) => !found.has(c.memberId));
    if (missing >= 0)
      throw new AppError('MEMBER_NOT_FOUND', '候选人必须是选举当天本组织（含下级组织）名册上的党员', [
        { field: `candidates.${missing}.memberId`, code: 'MEMBER_NOT_FOUND', message: '不是本组织在册党员' },
      ]);
    let termId: number | null = null;
    if (judged.valid) {
      const plan = planOrgTerm(o, input.heldOn, today, input.termYears);
      if (plan && 'problem' in plan) throw orgProblemError(plan.problem);
      if (!plan) throw orgProblemError(TERM_YEARS_REQUIRED);
      const note = input.note ?? null;
      await insertTerm(tx, { orgId: o.id, ...plan, note });
      termId = await latestTermId(tx, o.id);
      await insertOrgEvent(tx, {
        orgId: o.id,
        kind: 'elected',
        effectiveOn: plan.electedOn,
        data: { termYears: plan.termYears, termEndsOn: plan.termEndsOn, note },
        recordedBy: actorId(ctx.actor),
      });
      if (judged.committee.length) {
        await endCommittee(tx, o.id, input.heldOn);
        for (const p of judged.committee)
          await insertPost(tx, {
            orgId: o.id,
            memberId: p.memberId,
            post: p.post,
            title: null,
            startOn: input.heldOn,
          });
        await insertOrgEvent(tx, {
          orgId: o.id,
          kind: 'committee',
          effectiveOn: input.heldOn,
          data: { posts: judged.committee },
          recordedBy: actorId(ctx.actor),
        });
      }
    }
    const row: Omit<ElectionRow, 'id'> = {
      orgId: o.id,
      heldOn: input.heldOn,
      method: input.method,
      entitled: input.entitled,
      present: input.present,
      candidates: judged.candidates.map((c) => ({
        memberId: c.memberId,
        name: found.get(c.memberId)!,
        votes: c.votes,
        post: c.elected ? (c.post ?? null) : null,
        elected: c.elected,
      })),
      valid: judged.valid,
      termId,
      note: input.note ?? null,
    };
    const id = await insertElection(tx, row, actorId(ctx.actor));
    return electionView(tx, { id, ...row });
  });
}
