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
import type { Span } from '../../domain/meetings/periods.js';
import type { MeetingKind, OrgKind } from '../../shared/codes.js';
import type { IsoDate } from '../../shared/dates.js';
import { EPOCH, Fields, day, dayText, int, monthText } from '../copy-fields.js';
import { onRoster } from '../sql.js';

/** Row kinds of the COPY. */
const SPAN = 0;
const ROSTER = 1;
const POST = 2;
const GROUP = 3;
const MEETING = 4;
const TALK = 5;

/**
 * The statement (COPY takes no parameters: the values are checked and written in). Rows: org id, kind (above), three
 * integers (days since 1970-01-01, member, talk or meeting ids; \N for an open end) and a text (an org kind, or a
 * meeting's kinds as an array literal), unordered. Days: [from, end); committee posts and talks from the first day
 * of `from`'s year (a talk of that year before `from` counts for it, judged by the posts held that day). Every
 * meeting of the days is read, with its id: those marked false (`meetingCounts`) are the reader's to leave out
 * (`falseMeetingIds`, `parseFlat`).
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
     SELECT mt.org_id, ${MEETING}, mt.held_on - ${EPOCH}, mt.id, NULL, mt.kinds::text
       FROM meeting mt
      -- the meetings marked false are left out by the reader (falseMeetingIds, read once a run): an anti join
      -- here probed record_mark once per meeting (~40 % of a busy batch's read on the 300k copy)
      WHERE ${range('mt.org_id')} AND mt.held_on >= ${f} AND mt.held_on < ${e}
     UNION ALL
     SELECT ht.org_id, ${TALK}, ht.id, ht.held_on - ${EPOCH}, hp.member_id, NULL
       FROM heart_talk ht
       -- each talk's parties by its key (a hash join read every party of the database in every batch)
       CROSS JOIN LATERAL (SELECT p.member_id FROM heart_talk_party p WHERE p.talk_id = ht.id OFFSET 0) hp
      WHERE ${range('ht.org_id')} AND ht.held_on >= ${ys} AND ht.held_on < ${e}`;
}

/**
 * One org's rows, as read, flat (decision 0044's session 18 addendum: no array per row). Days are numbers since
 * 1970-01-01; an open end is Infinity, a missing member -1.
 */
interface FlatOrg {
  orgId: number;
  /** from, to, and the kind apart */
  spans: number[];
  kinds: OrgKind[];
  /** member, from, to */
  roster: number[];
  posts: number[];
  /** from, to */
  groups: number[];
  /** day, and the kinds apart (one shared array per array literal) */
  meetingDays: number[];
  meetingKinds: readonly string[][];
  /** talk id, day, member */
  talks: number[];
}

// a meeting's kinds by their array literal (a handful of distinct ones)
const KINDS_OF = new Map<string, string[]>();
const kindsOf = (literal: string) => {
  let k = KINDS_OF.get(literal);
  if (!k) {
    k = literal.slice(1, -1).split(',');
    if (KINDS_OF.size < 1000) KINDS_OF.set(literal, k);
  }
  return k;
};

/**
 * The ids of the meetings whose mark is false (`meetingCounts`: they count for nothing). Read once for a rebuild,
 * on the connection and snapshot of its facts reads: a Set of the marked meetings instead of an anti join per
 * meeting read.
 */
export async function falseMeetingIds(db: Db): Promise<Set<number>> {
  const rows = await db.query<{ id: number }>(
    "SELECT record_id AS id FROM record_mark WHERE kind = 'meeting' AND result = 'false'",
  );
  return new Set(rows.map((r) => r.id));
}

/**
 * Parses the COPY's text into each org's rows (in the order the orgs first appear), leaving out the meetings in
 * `falseMeetings`.
 */
export function parseFlat(text: string, falseMeetings: ReadonlySet<number>): Map<number, FlatOrg> {
  const out = new Map<number, FlatOrg>();
  const r = new Fields(text);
  let o: FlatOrg | undefined;
  while (r.more()) {
    const orgId = r.int()!;
    const k = r.int()!;
    const a = r.int();
    const b = r.int();
    const c = r.int();
    const t = r.text();
    // the rows of one org mostly come together
    if (o?.orgId !== orgId) {
      o = out.get(orgId);
      if (!o) {
        o = {
          orgId,
          spans: [],
          kinds: [],
          roster: [],
          posts: [],
          groups: [],
          meetingDays: [],
          meetingKinds: [],
          talks: [],
        };
        out.set(orgId, o);
      }
    }
    if (k === SPAN) {
      o.spans.push(a!, b!);
      o.kinds.push(t as OrgKind);
    } else if (k === ROSTER) o.roster.push(a!, b!, c ?? Infinity);
    else if (k === POST) o.posts.push(a ?? -1, b!, c ?? Infinity);
    else if (k === GROUP) o.groups.push(b!, c ?? Infinity);
    else if (k === MEETING) {
      if (falseMeetings.has(b!)) continue;
      o.meetingDays.push(a!);
      (o.meetingKinds as string[][]).push(kindsOf(t!));
    } else if (k === TALK) o.talks.push(a!, b!, c!);
    else throw new Error(`unknown row kind ${k}`);
  }
  return out;
}

/**
 * The spans with at least one of the periods `[f, t)` (t Infinity open) under way over the days [from, end), with
 * how many — as `lifeFacts`' running counts make them: the count on the first day, then one row per day on which one
 * begins or ends (even where the count stays the same), each to the next such day or `end`; only those with a count
 * above 0 (with it as `posts` when `counted`). The periods are flat: `stride` numbers each, from and to at `at` and
 * `at + 1`.
 */
function runs(periods: readonly number[], stride: number, at: number, from: number, end: number): Span[];
function runs(
  periods: readonly number[],
  stride: number,
  at: number,
  from: number,
  end: number,
  counted: true,
): (Span & { posts: number })[];
function runs(
  periods: readonly number[],
  stride: number,
  at: number,
  from: number,
  end: number,
  counted = false,
): (Span & { posts?: number })[] {
  const delta = new Map<number, number>();
  let first = 0;
  for (let i = at; i < periods.length; i += stride) {
    const f = periods[i]!;
    const t = periods[i + 1]!;
    if (!(f < end && t > from)) continue;
    if (f <= from) first++;
    else delta.set(f, (delta.get(f) ?? 0) + 1);
    if (t < end) delta.set(t, (delta.get(t) ?? 0) - 1);
  }
  const out: (Span & { posts?: number })[] = [];
  if (!first && !delta.size) return out;
  if (first) delta.set(from, (delta.get(from) ?? 0) + first);
  const days = [...delta.keys()].sort((x, y) => x - y);
  let n = 0;
  for (let i = 0; i < days.length; i++) {
    n += delta.get(days[i]!)!;
    if (n <= 0) continue;
    const from = dayText(days[i]!);
    const to = dayText(days[i + 1] ?? end);
    out.push(counted ? { from, to, posts: n } : { from, to });
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
const YEARS = new Map<number, number>();
const yearOf = (d: number) => {
  let y = YEARS.get(d);
  if (y === undefined) {
    y = new Date(d * 86_400_000).getUTCFullYear();
    if (YEARS.size < 200_000) YEARS.set(d, y);
  }
  return y;
};
/** A member's year as one number (member ids and years are small enough). */
const memberYear = (m: number, y: number) => m * 10_000 + y;

/**
 * The years in which every member owed a heart talk had one with a committee member (decision 0018), as
 * `lifeFacts`' `tp`, `talked`, `owed` and `tk` decide them: per calendar year cut to [from, end), a member is owed
 * for each roster period under way on its first day when a period of theirs is under way on its last; a party of
 * a talk talked when another party of it held a committee post of the org that day; a year counts when at least one
 * member was owed and every one owed talked. Only orgs with a talk (with its parties) get years at all.
 */
function heartTalkYears(o: FlatOrg, from: number, end: number): string[] | undefined {
  if (!o.talks.length) return undefined;
  const posts = o.posts;
  const holds = (member: number, d: number) => {
    for (let i = 0; i < posts.length; i += 3)
      if (posts[i] === member && posts[i + 1]! <= d && posts[i + 2]! > d) return true;
    return false;
  };
  // per talk: the parties and how many held a post that day
  const byTalk = new Map<number, { day: number; parties: number[]; com: boolean[]; n: number }>();
  const talks = o.talks;
  for (let i = 0; i < talks.length; i += 3) {
    const id = talks[i]!;
    const d = talks[i + 1]!;
    const m = talks[i + 2]!;
    let t = byTalk.get(id);
    if (!t) byTalk.set(id, (t = { day: d, parties: [], com: [], n: 0 }));
    const com = holds(m, d);
    t.parties.push(m);
    t.com.push(com);
    if (com) t.n++;
  }
  const talked = new Set<number>();
  for (const t of byTalk.values()) {
    const y = yearOf(t.day);
    for (let i = 0; i < t.parties.length; i++)
      if (t.n - (t.com[i] ? 1 : 0) > 0) talked.add(memberYear(t.parties[i]!, y));
  }
  const years: string[] = [];
  const roster = o.roster;
  for (let y = yearOf(from); y <= yearOf(end - 1); y++) {
    const yf = Math.max(yearStart(y), from);
    const last = Math.min(yearStart(y + 1), end) - 1;
    const onLast = new Set<number>();
    for (let i = 0; i < roster.length; i += 3)
      if (roster[i + 1]! <= last && roster[i + 2]! > last) onLast.add(roster[i]!);
    let any = false;
    let all = true;
    for (let i = 0; i < roster.length; i += 3) {
      const m = roster[i]!;
      if (!(roster[i + 1]! <= yf && roster[i + 2]! > yf) || !onLast.has(m)) continue;
      any = true;
      if (!talked.has(memberYear(m, y))) {
        all = false;
        break;
      }
    }
    if (any && all) years.push(String(y));
  }
  return years;
}

const MONTH_INDEX = new Map<number, number>();
/** A day's month as one number (year * 12 + month − 1). */
function monthIndex(d: number): number {
  let m = MONTH_INDEX.get(d);
  if (m === undefined) {
    const t = new Date(d * 86_400_000);
    m = t.getUTCFullYear() * 12 + t.getUTCMonth();
    if (MONTH_INDEX.size < 200_000) MONTH_INDEX.set(d, m);
  }
  return m;
}

/** An org's facts over the days [from, end) from its rows; null when it did not exist on any of them. */
export function factsOfFlat(o: FlatOrg, from: IsoDate, end: IsoDate): OrgLifeFacts | null {
  if (!o.spans.length) return null;
  const f = Date.parse(from) / 86_400_000;
  const e = Date.parse(end) / 86_400_000;
  const heldMonths: Partial<Record<MeetingKind, string[]>> = {};
  // per kind, the months seen (as month indexes)
  const seen = new Map<string, number[]>();
  for (let i = 0; i < o.meetingDays.length; i++) {
    const d = o.meetingDays[i]!;
    const mi = monthIndex(d);
    for (const kind of o.meetingKinds[i]!) {
      let s = seen.get(kind);
      if (!s) seen.set(kind, (s = []));
      if (s.includes(mi)) continue;
      s.push(mi);
      (heldMonths[kind as MeetingKind] ??= []).push(monthText(d));
    }
  }
  const years = heartTalkYears(o, f, e);
  const spans: (Span & { kind: OrgKind })[] = [];
  for (let i = 0; i < o.kinds.length; i++)
    spans.push({ from: dayText(o.spans[2 * i]!), to: dayText(o.spans[2 * i + 1]!), kind: o.kinds[i]! });
  return {
    orgId: o.orgId,
    code: '',
    name: '',
    spans,
    // (the query's committee runs count the posts under way in the window only: as `runs` does)
    populated: runs(o.roster, 3, 1, f, e),
    committee: runs(o.posts, 3, 1, f, e, true),
    groups: runs(o.groups, 2, 0, f, e),
    heldMonths,
    ...(years?.length ? { heartTalkYears: years } : {}),
  };
}

/** What a run of flat reads on one connection reads and sets once (`startFlatReads`). */
export interface FlatReads {
  /** the ids of the meetings marked false (`falseMeetingIds`) */
  falseMeetings: ReadonlySet<number>;
}

/**
 * Readies a connection, inside its transaction, for a run of `lifeFlatFactsOfRange` (a rebuild's batches): JIT off
 * for the rest of the transaction (the talks' parties by key make the estimate cross its threshold: ~0.1 s of
 * compiling a batch for nothing) and the meetings marked false read — once for the run, not once a batch: a batch's
 * SET before its COPY made the COPY wait for a round trip (and for this process's judging) behind the batch before.
 */
export async function startFlatReads(db: Db): Promise<FlatReads> {
  await db.query("SELECT set_config('jit', 'off', true)");
  return { falseMeetings: await falseMeetingIds(db) };
}

/**
 * The facts of every org whose id is in [lo, hi] over the days [from, end) that existed on one of them (a rebuild's
 * batch), each on its own as `lifeFactsOf` makes them, read by one COPY. `run`: what `startFlatReads` readied on
 * this connection and snapshot (made here when not given).
 */
export async function lifeFlatFactsOfRange(
  db: Db,
  lo: number,
  hi: number,
  from: IsoDate,
  end: IsoDate,
  run?: FlatReads,
): Promise<OrgLifeFacts[]> {
  const { falseMeetings } = run ?? (await startFlatReads(db));
  let text = '';
  for await (const chunk of db.copyOut(lifeFlatFactsSql(lo, hi, from, end))) text += chunk;
  const out: OrgLifeFacts[] = [];
  for (const o of parseFlat(text, falseMeetings).values()) {
    const facts = factsOfFlat(o, from, end);
    if (facts) out.push(facts);
  }
  return out;
}
