/**
 * A member's dated history as validity intervals [from, to) of (org, status) — what `member_period` holds — and
 * how entering a member and correcting their join or confirmation date shape it. Pure: no I/O, no clock.
 */
import type { IsoDate } from '../../shared/dates.js';
import type { MemberStatus } from '../../shared/codes.js';

export interface Period {
  orgId: number;
  status: MemberStatus;
  from: IsoDate;
  /** null: still open */
  to: IsoDate | null;
}

/** Dated periods a newly entered member had since joining: probationary until confirmation, then full. */
export function initialPeriods(
  status: 'full' | 'probationary',
  joinedOn: IsoDate,
  confirmedOn: IsoDate | null,
): { status: MemberStatus; from: IsoDate; to: IsoDate | null }[] {
  if (status === 'full' && confirmedOn && confirmedOn > joinedOn)
    return [
      { status: 'probationary', from: joinedOn, to: confirmedOn },
      { status: 'full', from: confirmedOn, to: null },
    ];
  return [{ status, from: joinedOn, to: null }];
}

/** Why a corrected date cannot be fitted into the recorded history, with the date it runs into. */
export type ReshapeProblem =
  | { code: 'JOIN_AFTER_LATER_CHANGE'; field: 'joinedOn'; date: IsoDate }
  | { code: 'CONFIRM_AFTER_LATER_CHANGE'; field: 'confirmedOn'; date: IsoDate };

const isProbOrFull = (s: MemberStatus) => s === 'probationary' || s === 'full';

/**
 * The history after a correction of the join date and/or the confirmation date, keeping every later recorded
 * change (moves, transfers, suspensions …) at its own date. The stretch of history from joining to the first status
 * other than probationary/full is taken as its orgs alone (the probationary→full boundaries inside it are what the
 * confirmation date decides); then:
 * - its first period starts on the corrected join date;
 * - every day of it before the corrected confirmation date is probationary and every day from it is full (a period
 *   the date falls into is split in two; without a confirmation date the stretch keeps the status it ends with);
 * - neighbouring periods with the same org and status are merged.
 * A corrected date on or after a later recorded change it cannot move past (the first change of org for the join
 * date; the end of that stretch for the confirmation date) is a problem, not a silent mismatch.
 * `periods` are the member's periods in order of `from`, contiguous as the writers keep them.
 */
export function reshapePeriods(
  periods: readonly Period[],
  after: { joinedOn: IsoDate; confirmedOn: IsoDate | null },
): { periods: Period[]; problem: null } | { periods: null; problem: ReshapeProblem } {
  if (!periods.length) return { periods: [], problem: null };
  let end = periods.findIndex((p) => !isProbOrFull(p.status));
  if (end === -1) end = periods.length;
  const rest = periods.slice(end).map((p) => ({ ...p }));
  if (end === 0) {
    // history starts with neither status (not written by any use case): only the start moves
    const first = rest[0]!;
    if (first.to !== null && after.joinedOn >= first.to)
      return {
        periods: null,
        problem: { code: 'JOIN_AFTER_LATER_CHANGE', field: 'joinedOn', date: first.to },
      };
    first.from = after.joinedOn;
    return { periods: mergePeriods(rest), problem: null };
  }
  const lastStatus = periods[end - 1]!.status;
  // the stretch by org: only changes of org are kept
  const segs: { orgId: number; from: IsoDate; to: IsoDate | null }[] = [];
  for (const p of periods.slice(0, end)) {
    const prev = segs[segs.length - 1];
    if (prev && prev.orgId === p.orgId && prev.to === p.from) prev.to = p.to;
    else segs.push({ orgId: p.orgId, from: p.from, to: p.to });
  }
  const first = segs[0]!;
  if (first.to !== null && after.joinedOn >= first.to)
    return { periods: null, problem: { code: 'JOIN_AFTER_LATER_CHANGE', field: 'joinedOn', date: first.to } };
  first.from = after.joinedOn;
  const stretchEnd = segs[segs.length - 1]!.to;
  const c = after.confirmedOn;
  if (c && stretchEnd !== null && c >= stretchEnd)
    return {
      periods: null,
      problem: { code: 'CONFIRM_AFTER_LATER_CHANGE', field: 'confirmedOn', date: stretchEnd },
    };
  const out: Period[] = [];
  for (const s of segs) {
    if (!c) out.push({ ...s, status: lastStatus });
    else if (s.to !== null && s.to <= c) out.push({ ...s, status: 'probationary' });
    else if (s.from >= c) out.push({ ...s, status: 'full' });
    else {
      out.push({ ...s, status: 'probationary', to: c });
      out.push({ ...s, status: 'full', from: c });
    }
  }
  return { periods: mergePeriods([...out, ...rest]), problem: null };
}

/** Drops empty periods and merges neighbours with the same org and status. */
export function mergePeriods(periods: readonly Period[]): Period[] {
  const out: Period[] = [];
  for (const p of periods) {
    if (p.to !== null && p.to <= p.from) continue;
    const prev = out[out.length - 1];
    if (prev && prev.orgId === p.orgId && prev.status === p.status && prev.to === p.from) prev.to = p.to;
    else out.push({ ...p });
  }
  return out;
}

/** Whether two histories are the same periods. */
export function samePeriods(a: readonly Period[], b: readonly Period[]): boolean {
  return (
    a.length === b.length &&
    a.every(
      (p, i) =>
        p.orgId === b[i]!.orgId && p.status === b[i]!.status && p.from === b[i]!.from && p.to === b[i]!.to,
    )
  );
}
