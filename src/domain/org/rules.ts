/** Pure rules about the org tree: which kinds may sit under which, and setup notices. */
import { BRANCH_KINDS, type OrgKind, type Sector } from '../../shared/codes.js';
import { addYears, type IsoDate } from '../../shared/dates.js';
import { rulesAt } from '../../policy/rules.js';

/** Allowed child kinds. The tree has any depth; only branches (the basic unit) cannot have sub-orgs. */
export function mayContain(parent: OrgKind, child: OrgKind): boolean {
  if (child === 'local_committee') return false;
  if (BRANCH_KINDS.includes(parent)) return false;
  if (parent === 'general_branch') return BRANCH_KINDS.includes(child);
  return true;
}

/** Orgs that hold members directly: branches, general branches and committees (for directly attached members). */
export function mayHoldMembers(kind: OrgKind): boolean {
  return kind !== 'local_committee';
}

export function defaultTermYears(kind: OrgKind, sector: Sector, on: IsoDate): number | null {
  return rulesAt(on).termYears(kind, sector);
}

export function termEndsOn(electedOn: IsoDate, termYears: number): IsoDate {
  return addYears(electedOn, termYears);
}

export interface OrgNotice {
  code: string;
  message: string;
}

/** Setup notices for an org given its own members (warnings for people to act on, not verdicts). */
export function orgNotices(
  o: { kind: OrgKind; status: string },
  direct: { total: number; full: number },
  term: { termEndsOn: IsoDate } | null,
  today: IsoDate,
): OrgNotice[] {
  if (o.status !== 'active') return [];
  const r = rulesAt(today);
  const out: OrgNotice[] = [];
  const isBranch = BRANCH_KINDS.includes(o.kind);
  if (
    isBranch &&
    o.kind !== 'joint_branch' &&
    o.kind !== 'temporary_branch' &&
    direct.full < r.branchMinFullMembers
  ) {
    out.push({
      code: 'BRANCH_TOO_FEW_FULL_MEMBERS',
      message: `正式党员不足${r.branchMinFullMembers}人（现有${direct.full}人），按《支部工作条例》应与邻近单位成立联合党支部`,
    });
  }
  if (isBranch && direct.total > r.branchMaxMembers) {
    out.push({
      code: 'BRANCH_TOO_LARGE',
      message: `党员超过${r.branchMaxMembers}人（现有${direct.total}人），按《支部工作条例》一般应分设党支部或成立党总支`,
    });
  }
  if (term && term.termEndsOn < today) {
    out.push({ code: 'TERM_EXPIRED', message: `任期已于${term.termEndsOn}届满，应按期换届` });
  }
  return out;
}
