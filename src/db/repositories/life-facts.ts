/**
 * The life rollup's rebuild reads its facts as flat rows (decision 0044's session 17 addendum): for a run of org
 * ids, one `COPY … TO STDOUT` of one row per org version, roster period, committee post, party-group membership,
 * meeting and heart-talk party — each table read by the range of org ids, nothing joined but a talk to its parties,
 * nothing aggregated, no running counts, no anti join on the roster — and this module makes of them each org's
 * facts exactly as `lifeFacts`' query makes them (same spans, same running counts, same months, same heart-talk
 * years): the incremental refresh and the live compliance keep that query, and the tests compare both.
 */
import type { Db } from '../client.js';
import type { OrgLifeFacts } from '../../domain/meetings/compliance.js';
import type { MeetingKind, OrgKind } from '../../shared/codes.js';
import type { IsoDate } from '../../shared/dates.js';
import { EPOCH, Fields, day, dayText, int, monthText } from '../copy-fields.js';
import { meetingCounts, onRoster } from '../sql.js';

/** Row kinds of the COPY. */
const SPAN = 0;
const ROSTER = 1;
const POST = 2;
const GROUP = 3;
const MEETING = 4;
const TALK = 5;

/**
 * The statement (COPY takes no parameters: the values are checked and written in). Rows: org id, kind (above), three
 * integers (days since 1970-01-01, member or talk ids; \N for an open end) and a text (an org kind, or a meeting's
 * kinds as an array literal), unordered. Days: [from, end); committee posts and talks from the first day of `from`'s
 * year (a talk of that year before `from` counts for it, judged by the posts held that day).
 */
export function lifeFlatFactsSql(lo: number, hi: number, from: IsoDate, end: IsoDate): string {
  const range = (col: string) => `${col} BETWEEN ${int(lo)} AND ${int(hi)}`;
  const f = day(from);
  const e = day(end);
  const ys = `date_trunc('year', ${f})::date`;
  return `SELECT v.org_id, ${SPAN}, greatest(v.valid_from, ${f}) - ${EPOCH},
            least(coalesce(v.valid_to, 'infinity'::date), ${e}) - ${EPOCH}, NULL::int, v.kind::text
       FROM org_version v
      WHERE ${range('v.org_id')} AND v.valid_from < ${e} AND coalesce(v.valid_to, 'infinity'::date) > ${f}
     UNION ALL
     SELECT per.org_id, ${ROSTER}, per.member_id, per.valid_from - ${EPOCH}, per.valid_to - ${EPOCH}, NULL
       FROM member_period per
      WHERE ${range('per.org_id')} AND ${onRoster('per.status')} AND per.valid_from < ${e}
        AND (per.valid_to IS NULL OR per.valid_to > ${f})
     UNION ALL
     SELECT c.org_id, ${POST}, c.member_id, c.start_on - ${EPOCH}, c.end_on - ${EPOCH}, NULL
       FROM committee_post c
      WHERE ${range('c.org_id')} AND c.start_on < ${e} AND (c.end_on IS NULL OR c.end_on > ${ys})
     UNION ALL
     SELECT gm.org_id, ${GROUP}, NULL, gm.valid_from - ${EPOCH}, gm.valid_to - ${EPOCH}, NULL
       FROM party_group_member gm
      WHERE ${range('gm.org_id')} AND gm.valid_from < ${e} AND (gm.valid_to IS NULL OR gm.valid_to > ${f})
     UNION ALL
     SELECT mt.org_id, ${MEETING}, mt.held_on - ${EPOCH}, NULL, NULL, mt.kinds::text
       FROM meeting mt
      WHERE ${range('mt.org_id')} AND mt.held_on >= ${f} AND mt.held_on < ${e} AND ${meetingCounts('mt')}
     UNION ALL
     SELECT ht.org_id, ${TALK}, ht.id, ht.held_on - ${EPOCH}, hp.member_id, NULL
       FROM heart_talk ht
       -- each talk's parties by its key (a hash join read every party of the database in every batch)
       CROSS JOIN LATERAL (SELECT p.member_id FROM heart_talk_party p WHERE p.talk_id = ht.id OFFSET 0) hp
      WHERE ${range('ht.org_id')} AND ht.held_on >= ${ys} AND ht.held_on < ${e}`;
}

/** One org's rows, as read. Days are numbers since 1970-01-01; `null` an open end. */
export interface FlatOrg {
  orgId: number;
  spans: { f: number; t: number; kind: OrgKind }[];
  /** member, from, to */
  roster: number[][];
  posts: (number | null)[][];
  groups: (number | null)[][];
  /** day, kinds */
  meetings: [number, string][];
  /** talk id, day, member */
  talks: number[][];
}

/** Parses the COPY's text into each org's rows (in the order the orgs first appear). */
export function parseFlat(text: string): Map<number, FlatOrg> {
  const out = new Map<number, FlatOrg>();
  const r = new Fields(text);
  while (r.more()) {
    const orgId = r.int()!;
    const k = r.int()!;
    const a = r.int();
    const b = r.int();
    const c = r.int();
    const t = r.text();
    let o = out.get(orgId);
    if (!o) {
      o = { orgId, spans: [], roster: [], posts: [], groups: [], meetings: [], talks: [] };
      out.set(orgId, o);
    }
    if (k === SPAN) o.spans.push({ f: a!, t: b!, kind: t as OrgKind });
    else if (k === ROSTER) o.roster.push([a!, b!, c ?? Infinity]);
    else if (k === POST) o.posts.push([a, b, c]);
    else if (k === GROUP) o.groups.push([null, b, c]);
    else if (k === MEETING) o.meetings.push([a!, t!]);
    else if (k === TALK) o.talks.push([a!, b!, c!]);
    else throw new Error(`unknown row kind ${k}`);
  }
  return out;
}

/**
 * The spans with at least one of the periods `[f, t)` (t: null or Infinity open) under way over the days
 * [from, end), with how many — as `lifeFacts`' running counts make them: the count on the first day, then one row
 * per day on which one begins or ends (even where the count stays the same), each to the next such day or `end`;
 * only those with a count above 0.
 */
function runs(periods: readonly (readonly (number | null)[])[], from: number, end: number) {
  const delta = new Map<number, number>();
  let first = 0;
  for (const p of periods) {
    const f = p[1]!;
    const t = p[2] ?? Infinity;
    if (!(f < end && t > from)) continue;
    if (f <= from) first++;
    else delta.set(f, (delta.get(f) ?? 0) + 1);
    if (t < end) delta.set(t, (delta.get(t) ?? 0) - 1);
  }
  if (first) delta.set(from, (delta.get(from) ?? 0) + first);
  const days = [...delta.keys()].sort((x, y) => x - y);
  const out: { from: IsoDate; to: IsoDate; n: number }[] = [];
  let n = 0;
  for (let i = 0; i < days.length; i++) {
    n += delta.get(days[i]!)!;
    if (n > 0) out.push({ from: dayText(days[i]!), to: dayText(days[i + 1] ?? end), n });
  }
  return out;
}

const YEAR_STARTS = new Map<number, number>();
/** Days since 1970-01-01 of 1 January of a year. */
function yearStart(y: number): number {
  let d = YEAR_STARTS.get(y);
  if (d === undefined) YEAR_STARTS.set(y, (d = Date.UTC(y, 0, 1) / 86_400_000));
  return d;
}
const yearOf = (d: number) => new Date(d * 86_400_000).getUTCFullYear();

/**
 * The years in which every member owed a heart talk had one with a committee member (decision 0018), as
 * `lifeFacts`' `tp`, `talked`, `owed` and `tk` decide them: per calendar year cut to [from, end), a member is owed
 * for each roster period under way on its first day when a period of theirs is under way on its last; a party of
 * a talk talked when another party of it held a committee post of the org that day; a year counts when at least one
 * member was owed and every one owed talked. Only orgs with a talk (with its parties) get years at all.
 */
function heartTalkYears(o: FlatOrg, from: number, end: number): string[] | undefined {
  if (!o.talks.length) return undefined;
  const holds = (member: number, d: number) => {
    for (const p of o.posts) if (p[0] === member && p[1]! <= d && (p[2] === null || p[2]! > d)) return true;
    return false;
  };
  // per talk: the parties and how many held a post that day
  const byTalk = new Map<number, { day: number; parties: [number, boolean][]; com: number }>();
  for (const [id, d, m] of o.talks) {
    let t = byTalk.get(id!);
    if (!t) byTalk.set(id!, (t = { day: d!, parties: [], com: 0 }));
    const com = holds(m!, d!);
    t.parties.push([m!, com]);
    if (com) t.com++;
  }
  const talked = new Set<string>();
  for (const t of byTalk.values())
    for (const [m, com] of t.parties) if (t.com - (com ? 1 : 0) > 0) talked.add(`${m}|${yearOf(t.day)}`);
  const years: string[] = [];
  for (let y = yearOf(from); y <= yearOf(end - 1); y++) {
    const yf = Math.max(yearStart(y), from);
    const last = Math.min(yearStart(y + 1), end) - 1;
    const first = new Set<number>();
    const onLast = new Set<number>();
    for (const [m, f, t] of o.roster) {
      if (f! <= yf && t! > yf) first.add(m!);
      if (f! <= last && t! > last) onLast.add(m!);
    }
    let any = false;
    let all = true;
    for (const m of first) {
      if (!onLast.has(m)) continue;
      any = true;
      if (!talked.has(`${m}|${y}`)) {
        all = false;
        break;
      }
    }
    if (any && all) years.push(String(y));
  }
  return years;
}

/** An org's facts over the days [from, end) from its rows; null when it did not exist on any of them. */
export function factsOfFlat(o: FlatOrg, from: IsoDate, end: IsoDate): OrgLifeFacts | null {
  if (!o.spans.length) return null;
  const f = Date.parse(from) / 86_400_000;
  const e = Date.parse(end) / 86_400_000;
  const heldMonths: Partial<Record<MeetingKind, string[]>> = {};
  const seen = new Set<string>();
  for (const [d, kinds] of o.meetings) {
    const month = monthText(d);
    for (const kind of kinds.slice(1, -1).split(',')) {
      const key = `${kind}|${month}`;
      if (seen.has(key)) continue;
      seen.add(key);
      (heldMonths[kind as MeetingKind] ??= []).push(month);
    }
  }
  const years = heartTalkYears(o, f, e);
  return {
    orgId: o.orgId,
    code: '',
    name: '',
    spans: o.spans.map((s) => ({ from: dayText(s.f), to: dayText(s.t), kind: s.kind })),
    populated: runs(o.roster, f, e).map(({ from, to }) => ({ from, to })),
    committee: runs(
      o.posts.filter((p) => p[1]! < e && (p[2] === null || p[2]! > f)),
      f,
      e,
    ).map(({ from, to, n }) => ({ from, to, posts: n })),
    groups: runs(o.groups, f, e).map(({ from, to }) => ({ from, to })),
    heldMonths,
    ...(years?.length ? { heartTalkYears: years } : {}),
  };
}

/**
 * The facts of every org whose id is in [lo, hi] over the days [from, end) that existed on one of them (a rebuild's
 * batch), each on its own as `lifeFactsOf` makes them, read by one COPY.
 */
export async function lifeFlatFactsOfRange(
  db: Db,
  lo: number,
  hi: number,
  from: IsoDate,
  end: IsoDate,
): Promise<OrgLifeFacts[]> {
  // the talks' parties by key make the estimate cross JIT's threshold: ~0.1 s of compiling a batch for nothing
  await db.query("SELECT set_config('jit', 'off', true)");
  let text = '';
  for await (const chunk of db.copyOut(lifeFlatFactsSql(lo, hi, from, end))) text += chunk;
  const out: OrgLifeFacts[] = [];
  for (const o of parseFlat(text).values()) {
    const facts = factsOfFlat(o, from, end);
    if (facts) out.push(facts);
  }
  return out;
}
