/**
 * What a member and an org contribute to the roster statistics, as (dimension, key) pairs. Pure: the maintained
 * per-org aggregates, the live recount and the daily roll all use these definitions (the SQL forms in
 * db/repositories/stat-sql.ts are generated from the same band data).
 */
import { HAN_CODE, educationGroup, type MemberStatus } from '../../shared/codes.js';
import { fullYears, type IsoDate } from '../../shared/dates.js';
import { ageBandOf, joinPeriodOf, rulesAt } from '../../policy/rules.js';
import { DEFAULT_SETTINGS, standingBandOf } from '../../policy/settings.js';

export const MEMBER_DIMS = ['status', 'sex', 'age', 'eth', 'edu', 'occ', 'standing', 'join'] as const;
export type MemberDim = (typeof MEMBER_DIMS)[number];
export const ORG_DIMS = ['orgKind', 'orgSector'] as const;
export type StatDim = MemberDim | (typeof ORG_DIMS)[number];

export interface StatMember {
  status: MemberStatus;
  sex: string;
  birthDate: IsoDate;
  ethnicity: string;
  education: string | null;
  occupation: string | null;
  joinedOn: IsoDate;
  confirmedOn: IsoDate | null;
}

export const UNKNOWN = 'unknown';
export const NO_STANDING = 'none';

export function onRoster(status: string): boolean {
  return status === 'full' || status === 'probationary';
}

export function standingKey(m: Pick<StatMember, 'status' | 'confirmedOn'>, at: IsoDate): string {
  if (m.status !== 'full' || !m.confirmedOn || m.confirmedOn > at) return NO_STANDING;
  return standingBandOf(fullYears(m.confirmedOn, at), DEFAULT_SETTINGS.standingBands);
}

export function ageKey(birthDate: IsoDate, at: IsoDate): string {
  return ageBandOf(fullYears(birthDate, at), rulesAt(at).ageBands);
}

/** The (dim, key) pairs one roster member adds to every org above it, as of `at`. Empty when off the roster. */
export function memberKeys(m: StatMember, at: IsoDate): [MemberDim, string][] {
  if (!onRoster(m.status)) return [];
  return [
    ['status', m.status],
    ['sex', m.sex],
    ['age', ageKey(m.birthDate, at)],
    ['eth', m.ethnicity === HAN_CODE ? 'han' : 'minority'],
    ['edu', educationGroup(m.education) ?? UNKNOWN],
    ['occ', m.occupation ?? UNKNOWN],
    ['standing', standingKey(m, at)],
    ['join', joinPeriodOf(m.joinedOn, rulesAt(at).joinPeriods)],
  ];
}

export function orgKeys(o: { kind: string; sector: string; status: string }): [StatDim, string][] {
  if (o.status !== 'active') return [];
  return [
    ['orgKind', o.kind],
    ['orgSector', o.sector],
  ];
}

/** Accumulates signed deltas per (org, dim, key). */
export class StatDelta {
  readonly cells = new Map<string, number>();
  add(orgIds: readonly number[], keys: readonly [string, string][], sign: 1 | -1, times = 1) {
    for (const orgId of orgIds) {
      for (const [dim, key] of keys) {
        const k = `${orgId}\u0000${dim}\u0000${key}`;
        this.cells.set(k, (this.cells.get(k) ?? 0) + sign * times);
      }
    }
  }
  get size() {
    return this.cells.size;
  }
  *entries(): Generator<{ orgId: number; dim: string; key: string; n: number }> {
    for (const [k, n] of this.cells) {
      if (n === 0) continue;
      const [orgId, dim, key] = k.split('\u0000') as [string, string, string];
      yield { orgId: Number(orgId), dim, key, n };
    }
  }
}

/** '/1/5/17/' → [1, 5, 17] */
export function pathIds(path: string): number[] {
  return path
    .split('/')
    .filter((s) => s.length > 0)
    .map(Number);
}
