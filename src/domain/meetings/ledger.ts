/**
 * Pure rules of the 三会一课 ledger import (issue 11 item 8, decision 0019): reading the 会议类型 and 缺席人员 cells,
 * whether an absence with a reason is excused, the identity of a meeting (what makes a re-imported row the same
 * meeting), and the consistency checks that keep a row but warn about it (supervision.md).
 */
import { MEETING_KINDS, type AttendanceStatus, type MeetingKind } from '../../shared/codes.js';
import type { IsoDate } from '../../shared/dates.js';

/** 会议类型 words as ledgers write them, besides the glossary names (MEETING_KINDS' zh). */
const KIND_WORDS: Record<string, MeetingKind> = {
  党员大会: 'general_meeting',
  支部大会: 'general_meeting',
  支部党员大会: 'general_meeting',
  党支部党员大会: 'general_meeting',
  支委会: 'committee_meeting',
  支委会议: 'committee_meeting',
  支部委员会: 'committee_meeting',
  支部委员会会议: 'committee_meeting',
  党支部委员会: 'committee_meeting',
  党小组会: 'group_meeting',
  党小组会议: 'group_meeting',
  小组会: 'group_meeting',
  党课: 'party_lecture',
  讲党课: 'party_lecture',
  上党课: 'party_lecture',
  专题党课: 'party_lecture',
  主题党日: 'theme_day',
  主题党日活动: 'theme_day',
  党日活动: 'theme_day',
  组织生活会: 'life_meeting',
  专题组织生活会: 'life_meeting',
  民主评议党员: 'appraisal_meeting',
  民主评议: 'appraisal_meeting',
  民主评议党员大会: 'appraisal_meeting',
};
const KIND_OF = new Map<string, MeetingKind>([
  ...MEETING_KINDS.map((k) => [k.zh, k.code] as [string, MeetingKind]),
  ...MEETING_KINDS.map((k) => [k.code, k.code] as [string, MeetingKind]),
  ...Object.entries(KIND_WORDS),
]);

/** Separators of several kinds in one cell: 、 (the issue's), and the commas, semicolons, slashes and + people use. */
const KIND_SEPARATORS = /[、,，;；/／+＋\s]+/;

/**
 * The kinds a 会议类型 cell names, in glossary order, each once; or the words no kind is known by. "主题党日、党课"
 * → theme_day and party_lecture.
 */
export function parseKinds(text: string): { kinds: MeetingKind[] } | { unknown: string[] } {
  const words = text
    .split(KIND_SEPARATORS)
    .map((w) => w.trim())
    .filter(Boolean);
  const found = new Set<MeetingKind>();
  const unknown: string[] = [];
  for (const w of words) {
    const k = KIND_OF.get(w) ?? KIND_OF.get(w.replace(/(会议|活动)$/, ''));
    if (k) found.add(k);
    else unknown.push(w);
  }
  if (unknown.length || found.size === 0) return { unknown: unknown.length ? unknown : [text] };
  return { kinds: MEETING_KINDS.map((k) => k.code).filter((c) => found.has(c)) };
}

export interface Absentee {
  /** the name as the ledger writes it, spaces removed (two-character names are often padded: 王 五) */
  name: string;
  /** the text in brackets after the name, when any */
  reason: string | null;
  status: Exclude<AttendanceStatus, 'present'>;
}

/** Cells that say nobody was absent. */
const NOBODY = new Set(['无', '没有', '全到', '全部到会', '全体到会', '-', '—', '/', '无缺席', '0']);

/**
 * Reasons that say the absence was not excused. A real ledger's 缺席人员 column lists people with the reason they
 * gave (病假, 事假, 外出务工, 在外地) — leave asked for — and writes 无故缺席 / 未请假 for the others; a name with no
 * reason is an absence nobody excused (an excused absence is recorded with its reason, decision 0015).
 */
const UNEXCUSED_RE = /无故|未请假|没有请假|未经请假|旷|无理由|无正当理由|原因不明|不明原因|^缺席$|^缺会$/;

/** Whether an absence with this reason (null: none given) is excused. */
export function absenceStatus(reason: string | null): Absentee['status'] {
  if (reason === null || reason.trim() === '') return 'absent';
  return UNEXCUSED_RE.test(reason) ? 'absent' : 'excused';
}

/** A name as compared with the roster: white space removed, full-width letters folded by the caller. */
export function nameKey(name: string): string {
  return name.replace(/\s+/g, '');
}

/**
 * The absentees a 缺席人员 cell lists: names separated by 、 ， , ； ;, each optionally followed by its reason in
 * （） or (). Separators inside the brackets belong to the reason ("张三（外出务工，已请假）"). An empty cell or one
 * saying nobody (无, 全到) lists none.
 */
export function parseAbsentees(text: string | null): Absentee[] {
  if (text === null) return [];
  const t = text.trim();
  if (t === '' || NOBODY.has(t)) return [];
  const items: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of t) {
    if (ch === '（' || ch === '(') depth++;
    else if ((ch === '）' || ch === ')') && depth > 0) depth--;
    if (depth === 0 && /[、，,；;\n]/.test(ch)) {
      items.push(cur);
      cur = '';
    } else cur += ch;
  }
  items.push(cur);
  const out: Absentee[] = [];
  for (const raw of items) {
    const item = raw.trim();
    if (!item) continue;
    const m = /^([^（(]*)[（(](.*?)[）)]?\s*$/.exec(item);
    const name = nameKey(m ? m[1]! : item);
    const reason = m ? m[2]!.trim() || null : null;
    if (!name) continue;
    out.push({ name, reason, status: absenceStatus(reason) });
  }
  return out;
}

/**
 * The identity of a ledger meeting: its org, day, kinds (as a set) and topic (spaces collapsed). A re-imported row
 * with the same identity is the meeting already recorded and changes nothing; a corrected topic is a new meeting
 * (the old one is corrected or deleted on the org page).
 */
export function meetingIdentity(
  orgId: number,
  heldOn: IsoDate,
  kinds: readonly MeetingKind[],
  topic: string,
): string {
  return `${orgId}|${heldOn}|${[...kinds].sort().join(',')}|${topic.replace(/\s+/g, ' ').trim()}`;
}

/** The topic of a row that gives none: the kinds' names ("主题党日、党课"). */
export function defaultTopic(kinds: readonly MeetingKind[]): string {
  return kinds.map((k) => MEETING_KINDS.find((e) => e.code === k)!.zh).join('、');
}

export type LedgerWarningCode =
  | 'ABSENTEE_NOT_ON_ROSTER'
  | 'ABSENTEE_AMBIGUOUS'
  | 'PRESENT_COUNT_MISMATCH'
  | 'EXPECTED_COUNT_MISMATCH'
  | 'ALREADY_RECORDED_DIFFERENT'
  | 'SAME_DAY_MEETING';

export interface LedgerWarning {
  code: LedgerWarningCode;
  field: 'absentees' | 'presentCount' | 'expectedCount' | 'heldOn';
  message: string;
}

/**
 * The consistency checks of a row that is kept (supervision.md): each absentee matched to exactly one person
 * expected that day (`matches`: how many people of that name were), 实到人数 = the people expected minus the
 * absentees found, 应到人数 = the people expected.
 */
export function ledgerWarnings(row: {
  absentees: readonly Absentee[];
  matches: readonly number[];
  expected: number;
  expectedCount: number | null;
  presentCount: number | null;
}): LedgerWarning[] {
  const out: LedgerWarning[] = [];
  let found = 0;
  row.absentees.forEach((a, i) => {
    const n = row.matches[i] ?? 0;
    if (n === 1) found++;
    else if (n === 0)
      out.push({
        code: 'ABSENTEE_NOT_ON_ROSTER',
        field: 'absentees',
        message: `缺席人员“${a.name}”会议当天不在该组织名册上，未计入缺席；请核对姓名`,
      });
    else
      out.push({
        code: 'ABSENTEE_AMBIGUOUS',
        field: 'absentees',
        message: `该组织当天有 ${n} 名党员叫“${a.name}”，无法确定是谁缺席，均按出席记录；请在会议记录中改正`,
      });
  });
  if (row.expectedCount !== null && row.expectedCount !== row.expected)
    out.push({
      code: 'EXPECTED_COUNT_MISMATCH',
      field: 'expectedCount',
      message: `应到人数写的是 ${row.expectedCount}，会议当天名册上应参会 ${row.expected} 人`,
    });
  const present = row.expected - found;
  if (row.presentCount !== null && row.presentCount !== present)
    out.push({
      code: 'PRESENT_COUNT_MISMATCH',
      field: 'presentCount',
      message: `实到人数写的是 ${row.presentCount}，按名册 ${row.expected} 人减去缺席 ${found} 人应为 ${present} 人`,
    });
  return out;
}
