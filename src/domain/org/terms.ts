/**
 * 换届 (issue 11 item 7, decision 0023): when an org's election is due — the term's end from its start and the rule
 * set's length, moved by an approved postponement or advance of at most a year — the warnings before it, and the
 * judgement of an election as held: quorum, who is elected, the committee it gives. Pure.
 */
import { addMonths, addYears, type IsoDate } from '../../shared/dates.js';
import type { CommitteePost } from '../../shared/codes.js';
import type { ElectionRules } from '../../policy/rules.js';

export type TermStatus = 'ok' | 'due_6m' | 'due_3m' | 'due_1m' | 'overdue' | 'postponed' | 'none';
export type TermChangeKind = 'postpone' | 'advance';

export interface TermChangeFacts {
  kind: TermChangeKind;
  dueOn: IsoDate;
}

export interface TermFacts {
  electedOn: IsoDate;
  termEndsOn: IsoDate;
  /** the latest approved move of its due date (approved on or before the date asked) */
  change: TermChangeFacts | null;
}

/** The three warnings before an election is due, in months (local settings, decision 0023). */
export interface TermWarnings {
  first: number;
  second: number;
  last: number;
}

/** The day the election is due by: the approved new date, else the term's end. */
export function termDueOn(t: TermFacts): IsoDate {
  return t.change?.dueOn ?? t.termEndsOn;
}

/**
 * The status of an org's term on `asOf`: `none` without a term; `overdue` once the due day has passed with no
 * election; `postponed` while an approved postponement holds (not yet past its new date); otherwise `due_1m`,
 * `due_3m`, `due_6m` when the due day is within the last, second or first warning (months before it, inclusive),
 * else `ok`. An advance moves the due day earlier and is judged as any other due day.
 */
export function termStatus(t: TermFacts | null, asOf: IsoDate, w: TermWarnings): TermStatus {
  if (!t) return 'none';
  const due = termDueOn(t);
  if (asOf > due) return 'overdue';
  if (t.change?.kind === 'postpone') return 'postponed';
  // the warnings in decreasing order, whatever the settings say
  const [first, second, last] = [w.first, w.second, w.last].sort((a, b) => b - a) as [number, number, number];
  if (due <= addMonths(asOf, last)) return 'due_1m';
  if (due <= addMonths(asOf, second)) return 'due_3m';
  if (due <= addMonths(asOf, first)) return 'due_6m';
  return 'ok';
}

export interface TermProblem {
  code: 'VALIDATION_FAILED' | 'EVENT_DATE_INVALID';
  field: string;
  message: string;
}

/**
 * An approved postponement or advance (选举工作条例 第三条): a postponement moves the due day later, an advance
 * earlier, by at most `maxMoveYears` from the term's end; approved on a day not after today and not before the term
 * began.
 */
export function checkTermChange(
  term: { electedOn: IsoDate; termEndsOn: IsoDate },
  c: { kind: TermChangeKind; dueOn: IsoDate; approvedOn: IsoDate },
  today: IsoDate,
  rules: Pick<ElectionRules, 'maxMoveYears'>,
): TermProblem | null {
  if (c.approvedOn > today)
    return { code: 'EVENT_DATE_INVALID', field: 'approvedOn', message: '批准日期不能晚于今天' };
  if (c.approvedOn < term.electedOn)
    return { code: 'EVENT_DATE_INVALID', field: 'approvedOn', message: '批准日期不能早于本届任期开始' };
  const years = rules.maxMoveYears;
  if (c.kind === 'postpone') {
    if (c.dueOn <= term.termEndsOn)
      return {
        code: 'VALIDATION_FAILED',
        field: 'dueOn',
        message: `延期后的换届期限应晚于届满日期（${term.termEndsOn}）`,
      };
    if (c.dueOn > addYears(term.termEndsOn, years))
      return {
        code: 'VALIDATION_FAILED',
        field: 'dueOn',
        message: `延期一般不超过${years}年：最晚到${addYears(term.termEndsOn, years)}（《中国共产党基层组织选举工作条例》第三条）`,
      };
  } else {
    if (c.dueOn >= term.termEndsOn)
      return {
        code: 'VALIDATION_FAILED',
        field: 'dueOn',
        message: `提前后的换届期限应早于届满日期（${term.termEndsOn}）`,
      };
    if (c.dueOn < addYears(term.termEndsOn, -years))
      return {
        code: 'VALIDATION_FAILED',
        field: 'dueOn',
        message: `提前一般不超过${years}年：最早到${addYears(term.termEndsOn, -years)}（《中国共产党基层组织选举工作条例》第三条）`,
      };
    if (c.dueOn <= term.electedOn)
      return { code: 'VALIDATION_FAILED', field: 'dueOn', message: '提前后的换届期限应晚于本届任期开始' };
  }
  return null;
}

// ------------------------------------------------------------------------------------------------ the election

export interface CandidateInput {
  memberId: number;
  votes: number;
  /** the post the elected committee gives them (only the elected may hold one) */
  post?: CommitteePost | null | undefined;
}

export interface ElectionInput {
  entitled: number;
  present: number;
  candidates: readonly CandidateInput[];
}

export interface JudgedCandidate extends CandidateInput {
  elected: boolean;
}

export interface ElectionJudgement {
  /** more than four fifths of those entitled present */
  valid: boolean;
  /** why it is invalid, in Chinese (null when valid) */
  reason: string | null;
  candidates: JudgedCandidate[];
  /** the committee it gives: the elected with a post */
  committee: { memberId: number; post: CommitteePost }[];
}

/** `n / d` of `of`, strictly exceeded: `d × x > n × of`. */
function exceeds(x: number, share: readonly [number, number], of: number): boolean {
  return share[1] * x > share[0] * of;
}

/**
 * Input that cannot be true (more present than entitled, more votes than voters present, one person twice, two
 * secretaries, a post for someone not elected) is refused: it is a typing error, not an election.
 */
export function electionProblems(e: ElectionInput): TermProblem[] {
  const out: TermProblem[] = [];
  const bad = (field: string, message: string) => out.push({ code: 'VALIDATION_FAILED', field, message });
  if (!Number.isInteger(e.entitled) || e.entitled < 1) bad('entitled', '应到会有选举权人数应为正整数');
  if (!Number.isInteger(e.present) || e.present < 0) bad('present', '实到会有选举权人数应为非负整数');
  if (e.present > e.entitled) bad('present', '实到人数不能多于应到人数');
  if (!e.candidates.length) bad('candidates', '请填写候选人及得票');
  const seen = new Set<number>();
  e.candidates.forEach((c, i) => {
    if (seen.has(c.memberId)) bad(`candidates.${i}`, '同一人不能重复列为候选人');
    seen.add(c.memberId);
    if (!Number.isInteger(c.votes) || c.votes < 0) bad(`candidates.${i}.votes`, '得票数应为非负整数');
    if (c.votes > e.present) bad(`candidates.${i}.votes`, '得票数不能多于实到会有选举权人数');
  });
  if (e.candidates.filter((c) => c.post === 'secretary').length > 1) bad('candidates', '只能有一名书记');
  return out;
}

/**
 * The election as held: valid when more than four fifths of those entitled were present (`5 × present > 4 ×
 * entitled`); a candidate is elected with yes votes from more than half of those present (`2 × votes > present`).
 * An invalid election elects nobody. A post is refused for a candidate who was not elected.
 */
export function judgeElection(
  e: ElectionInput,
  rules: Pick<ElectionRules, 'quorum' | 'majority'>,
): ElectionJudgement | { problems: TermProblem[] } {
  const problems = electionProblems(e);
  if (problems.length) return { problems };
  const valid = exceeds(e.present, rules.quorum, e.entitled);
  const candidates = e.candidates.map((c) => ({
    ...c,
    elected: valid && exceeds(c.votes, rules.majority, e.present),
  }));
  const unelectedPost = candidates.findIndex((c) => c.post && !c.elected);
  if (valid && unelectedPost >= 0)
    return {
      problems: [
        {
          code: 'VALIDATION_FAILED',
          field: `candidates.${unelectedPost}.post`,
          message: '未当选的候选人不能担任委员会职务（得票须超过实到会有选举权人数的一半）',
        },
      ],
    };
  return {
    valid,
    reason: valid
      ? null
      : `到会有选举权人数${e.present}人，未超过应到会人数${e.entitled}人的${rules.quorum[0]}/${rules.quorum[1]}，选举无效`,
    candidates,
    committee: valid
      ? candidates.filter((c) => c.elected && c.post).map((c) => ({ memberId: c.memberId, post: c.post! }))
      : [],
  };
}
