/**
 * What a view of the roster as of a past date may show of a member (decision 0005). The roster of a past date lists
 * the members an org's subtree had on that day, and some of them have since left the actor's scope. Of those the
 * view shows what the history holds for that day — identity, org and status on that day, join dates — and nothing
 * of today's record that the actor could not see anyway: no phone, no address, no work unit or post, no full ID
 * number, and a search on digits of the ID number does not find them.
 */
import { maskIdNumber } from '../../shared/id-number.js';
import { can, memberResource, scopesFor, type Actor } from './policy.js';
import type { IsoDate } from '../../shared/dates.js';

/**
 * 'current': the actor may read the member today, so a past-date view shows what every other view shows them;
 * 'history': the member is no longer readable by the actor, so only identity and the history of that date.
 */
export type MemberViewAsOf = 'current' | 'history';

/**
 * How a view of a member as of a date treats them; `m.orgPath` is the path of the member's org today, `today` the
 * day the actor's grants are judged on (by default the actor's day).
 */
export function memberViewAsOf(
  actor: Actor,
  m: { id: number; orgPath: string },
  today?: IsoDate,
): MemberViewAsOf {
  return can(actor, 'read', memberResource(m), today) ? 'current' : 'history';
}

/**
 * memberViewAsOf for the many members of a page: for every actor but a member account (whose own record is told by
 * its id) the answer depends on a member only through its org's path, so it is asked once per org.
 */
export function memberViews(
  actor: Actor,
  today?: IsoDate,
): (m: { id: number; orgPath: string }) => MemberViewAsOf {
  if (actor.kind === 'user' && actor.role === 'member') return (m) => memberViewAsOf(actor, m, today);
  const byOrg = new Map<string, MemberViewAsOf>();
  return (m) => {
    let view = byOrg.get(m.orgPath);
    if (view === undefined) {
      view = memberViewAsOf(actor, m, today);
      byOrg.set(m.orgPath, view);
    }
    return view;
  };
}

/**
 * Whom the actor may read today, as data a query can use: members whose org today lies under one of `orgPaths`,
 * and the member `memberId` (a member account's own record). Agrees with `can(actor, 'read', member, today)`.
 */
export interface MemberReadScope {
  orgPaths: string[];
  memberId: number | null;
}

export function memberReadScope(actor: Actor, today?: IsoDate): MemberReadScope {
  return {
    orgPaths: scopesFor(actor, 'read', today),
    memberId: actor.kind === 'user' && actor.role === 'member' ? actor.memberId : null,
  };
}

/** The parts of today's record a 'history' view withholds. */
export interface TodaysRecord {
  idNumber: string;
  phone: string | null;
  address: string | null;
  workUnit: string | null;
  jobTitle: string | null;
  isMobile: boolean | null;
}

/**
 * A member as a 'history' view may show them: the ID number masked (as every list shows it), and today's contact
 * and work data (phone, address, work unit, post, mobile-member flag) left out. Everything else is identity or
 * history and stays.
 */
export function withholdToday<T extends TodaysRecord>(m: T): Omit<T, keyof TodaysRecord> & TodaysRecord {
  return {
    ...m,
    idNumber: maskIdNumber(m.idNumber),
    phone: null,
    address: null,
    workUnit: null,
    jobTitle: null,
    isMobile: null,
  };
}
