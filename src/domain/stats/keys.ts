/**
 * What a member and an org contribute to the roster statistics, as (dimension, key) pairs. Pure: the maintained
 * per-org aggregates, the live recount and the daily roll all use these definitions (the SQL forms in
 * db/repositories/stat-sql.ts are generated from the same band data).
 *
 * Party standing is counted in full years, not in bands: the standing bands are a local setting that a county may
 * change and that differs by date, so they are applied when figures are read (`standingByBand`), and the
 * aggregates never depend on them (decision 0007).
 */
import { HAN_CODE, ROSTER_STATUSES, educationGroup, type MemberStatus } from '../../shared/codes.js';
import { UNCLASSIFIED } from '../../shared/classification.js';
import { fullYears, type IsoDate } from '../../shared/dates.js';
import { ageBandOf, joinPeriodOf, rulesAt } from '../../policy/rules.js';
import { standingBandOf, type StandingBand } from '../../policy/settings.js';

export const MEMBER_DIMS = ['status', 'sex', 'age', 'eth', 'edu', 'occ', 'standing', 'join'] as const;
export type MemberDim = (typeof MEMBER_DIMS)[number];
export const ORG_DIMS = ['orgKind', 'orgSector'] as const;
export type StatDim = MemberDim | (typeof ORG_DIMS)[number];

export interface StatMember {
  status: MemberStatus;
  sex: string;
  birthDate: IsoDate;
  /** null while unclassified (decision 0013) */
  ethnicity: string | null;
  education: string | null;
  occupation: string | null;
  /** the kept text of an education or occupation no code table knew (the field is null meanwhile) */
  educationRaw: string | null;
  occupationRaw: string | null;
  joinedOn: IsoDate;
  confirmedOn: IsoDate | null;
}

/** the key of a member without a value (学历 or 职业 left blank) */
export const UNKNOWN = 'unknown';
export { UNCLASSIFIED };
export const NO_STANDING = 'none';

/** On the roster (ROSTER_STATUSES): the one definition, isOnRoster in shared/codes.ts (onRoster in db/sql.ts for SQL). */
export function onRoster(status: string): boolean {
  return (ROSTER_STATUSES as readonly string[]).includes(status);
}

/** The standing cell of a member as of `at`: full years since confirmation ('0', '12', …), or NO_STANDING. */
export function standingKey(m: Pick<StatMember, 'status' | 'confirmedOn'>, at: IsoDate): string {
  if (m.status !== 'full' || !m.confirmedOn || m.confirmedOn > at) return NO_STANDING;
  return String(fullYears(m.confirmedOn, at));
}

/** The standing band of a member as of `at` under `bands` (NO_STANDING without standing). */
export function standingBandKey(
  m: Pick<StatMember, 'status' | 'confirmedOn'>,
  at: IsoDate,
  bands: readonly StandingBand[],
): string {
  const k = standingKey(m, at);
  return k === NO_STANDING ? k : standingBandOf(Number(k), bands);
}

/**
 * Standing cells (full years, or NO_STANDING) summed into `bands`: every band's key in order (0 when empty), then
 * NO_STANDING when it has members.
 */
export function standingByBand(
  cells: Iterable<{ key: string; n: number }>,
  bands: readonly StandingBand[],
): Record<string, number> {
  const out: Record<string, number> = {};
  for (const b of bands) out[b.key] = 0;
  let none = 0;
  for (const c of cells) {
    if (c.key === NO_STANDING) none += c.n;
    else {
      const k = standingBandOf(Number(c.key), bands);
      out[k] = (out[k] ?? 0) + c.n;
    }
  }
  if (none !== 0) out[NO_STANDING] = none;
  return out;
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
    ['eth', m.ethnicity === null ? UNCLASSIFIED : m.ethnicity === HAN_CODE ? 'han' : 'minority'],
    ['edu', educationGroup(m.education) ?? (m.educationRaw !== null ? UNCLASSIFIED : UNKNOWN)],
    ['occ', m.occupation ?? (m.occupationRaw !== null ? UNCLASSIFIED : UNKNOWN)],
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

/**
 * A tree given by paths, for summing up it: each org's parent, and the orgs that are parents, deepest first (a sum
 * of an org's subtree is complete once those below it have been added to it).
 */
export function treeOf(orgs: readonly { id: number; path: string }[]): {
  parent: Map<number, number>;
  inner: number[];
} {
  const parent = new Map<number, number>();
  const depth = new Map<number, number>();
  for (const o of orgs) {
    const ids = pathIds(o.path);
    depth.set(o.id, ids.length);
    if (ids.length > 1) parent.set(o.id, ids[ids.length - 2]!);
  }
  const inner = [...new Set(parent.values())].sort((a, b) => depth.get(b)! - depth.get(a)!);
  return { parent, inner };
}

/**
 * Accumulates signed counts for bulk writes: per *direct* org first (one small array per org, the (dim, key) pairs
 * interned to small numbers), expanded to every ancestor only once, when the cells are read. A member costs a few
 * array increments instead of (ancestors × dimensions) string-keyed map updates; the cells read out are the same
 * as StatDelta's for the same adds.
 *
 * Memory (issue 9 item 6): an org's array is as wide as the pairs interned when it was first counted (rounded up,
 * grown when a later pair comes), and reading the cells out rolls the counts up into the same arrays (each org's
 * into its parent's, deepest orgs first) instead of copying every org's totals; the cells are then yielded one by
 * one, never gathered in a list. A million-member first load keeps about 76k arrays of ~120 counts, 16-bit while
 * they fit (decision 0027's session 15 addendum).
 */
export class OrgCellCounts {
  private readonly ids: Map<string, Map<string, number>>;
  private readonly pairs: [string, string][];
  private readonly byOrg = new Map<number, { path: string; counts: Counts; tick: number }>();
  private tick = 0;
  /** where the orgs' 16-bit arrays are cut from */
  private slab = new Int16Slab();

  constructor(from?: OrgCellCounts) {
    // a view sharing the interned cells of another (takeIdle)
    this.ids = from ? from.ids : new Map();
    this.pairs = from ? from.pairs : [];
  }

  /** The number standing for (dim, key). */
  cell(dim: string, key: string): number {
    let keys = this.ids.get(dim);
    if (!keys) this.ids.set(dim, (keys = new Map()));
    let id = keys.get(key);
    if (id === undefined) {
      id = this.pairs.length;
      this.pairs.push([dim, key]);
      keys.set(key, id);
    }
    return id;
  }

  /** Adds `sign` to each of `cells` (from cell()) of the org at `path` ('/1/5/17/', the org itself last). */
  add(orgId: number, path: string, cells: ArrayLike<number>, sign: 1 | -1 = 1): void {
    let o = this.byOrg.get(orgId);
    if (!o) {
      o = { path, counts: this.slab.int16(widthFor(this.pairs.length)), tick: this.tick };
      this.byOrg.set(orgId, o);
    }
    o.tick = this.tick;
    let a = o.counts;
    for (let i = 0; i < cells.length; i++) {
      const c = cells[i]!;
      if (c >= a.length) {
        const grown =
          a instanceof Int16Array
            ? this.slab.int16(widthFor(Math.max(c + 1, this.pairs.length)))
            : new Int32Array(widthFor(Math.max(c + 1, this.pairs.length)));
        grown.set(a);
        a = o.counts = grown;
      }
      const n = a[c]! + sign;
      // an org's own count past what 16 bits hold: its array becomes 32-bit
      if ((n > INT16_MAX || n < -INT16_MAX) && a instanceof Int16Array) a = o.counts = Int32Array.from(a);
      a[c] = n;
    }
  }

  get orgs(): number {
    return this.byOrg.size;
  }

  clear(): void {
    this.byOrg.clear();
    this.slab = new Int16Slab();
  }

  /** Starts a new round of adds (a chunk); takeIdle() gives the orgs not added to since. */
  nextRound(): void {
    this.tick++;
  }

  /** Moves out the orgs not added to in the current round, as counts of their own. */
  takeIdle(): OrgCellCounts {
    const out = new OrgCellCounts(this);
    for (const [id, o] of this.byOrg) {
      if (o.tick < this.tick) {
        out.byOrg.set(id, o);
        this.byOrg.delete(id);
      }
    }
    return out;
  }

  /**
   * Every non-zero (org, dim, key, n), the counts of each direct org rolled up to all its ancestors. Reading them
   * out consumes the counts: they are rolled up in place, and the object is empty afterwards.
   */
  *entries(): Generator<{ orgId: number; dim: string; key: string; n: number }> {
    const width = this.pairs.length;
    // every ancestor gets an array too; then, deepest first, each org's counts go into its parent's
    type Org = { path: string; counts: Counts; tick: number };
    const orgs: { id: number; parent: number; depth: number; org: Org }[] = [];
    const all = this.byOrg;
    for (const o of [...all.values()]) {
      const ids = pathIds(o.path);
      for (let d = 0; d < ids.length - 1; d++) {
        if (!all.has(ids[d]!))
          all.set(ids[d]!, {
            path: `/${ids.slice(0, d + 1).join('/')}/`,
            counts: new Int32Array(widthFor(width)),
            tick: 0,
          });
      }
    }
    for (const [id, org] of all) {
      const ids = pathIds(org.path);
      orgs.push({ id, parent: ids.length > 1 ? ids[ids.length - 2]! : -1, depth: ids.length, org });
    }
    orgs.sort((a, b) => b.depth - a.depth);
    for (const o of orgs) {
      if (o.parent < 0) continue;
      const p = all.get(o.parent)!;
      const c = o.org.counts;
      // (a parent's sums in 32 bits: its own members' counts may have been kept in 16)
      if (p.counts.length < c.length || !(p.counts instanceof Int32Array)) {
        const grown = new Int32Array(Math.max(c.length, p.counts.length));
        grown.set(p.counts);
        p.counts = grown;
      }
      const t = p.counts;
      for (let i = 0; i < c.length; i++) t[i]! += c[i]!;
    }
    all.clear();
    // by org id: the primary key (org_id, dim, key) of a COPY straight into org_stat then grows at its right edge
    orgs.sort((a, b) => a.id - b.id);
    for (const o of orgs) {
      const c = o.org.counts;
      const n = Math.min(width, c.length);
      for (let i = 0; i < n; i++) {
        if (c[i] !== 0) yield { orgId: o.id, dim: this.pairs[i]![0], key: this.pairs[i]![1], n: c[i]! };
      }
    }
  }
}

/**
 * An org's counts: 16-bit while its own members' counts fit (a direct org rarely has tens of thousands of members;
 * half the memory of a million-member load's ~76k arrays), 32-bit once one does not, and for every org that sums
 * others' counts when they are read out.
 */
type Counts = Int16Array | Int32Array;

/**
 * Small Int16Arrays cut from shared blocks: a typed array of its own costs an ArrayBuffer, a backing store and a
 * malloc'd block besides its counts — ~300 bytes of overhead for an org's ~290 bytes of counts, ~22 MB at a
 * million-member load's 76k orgs (decision 0027's session 16 addendum). An array replaced (grown, made 32-bit)
 * leaves its place unused until the counts are cleared.
 */
export class Int16Slab {
  private block = new Int16Array(0);
  private used = 0;
  /** Int16s per block */
  static readonly BLOCK = 1 << 18;

  int16(length: number): Int16Array {
    if (length > Int16Slab.BLOCK / 4) return new Int16Array(length);
    if (this.used + length > this.block.length) {
      this.block = new Int16Array(Int16Slab.BLOCK);
      this.used = 0;
    }
    const a = this.block.subarray(this.used, this.used + length);
    this.used += length;
    return a;
  }
}
const INT16_MAX = 0x7fff;

/** An org's array width for `pairs` interned pairs: a little room for pairs that come later. */
function widthFor(pairs: number): number {
  return Math.max(16, (pairs + 16) & ~15);
}
