/**
 * The rules of writing an org, as pure plan/check functions used by both write paths: the single write
 * (services/orgs.ts create, update, move) and the bulk one (services/bulk-orgs.ts applyOrgRows, for imports and
 * the demo). Each rule and its Chinese message exists here once (decision 0012). A check returns the problem (or
 * null); the single path throws it (orgProblemError), the bulk path reports it against the row. Who may do what
 * is asked of the policy's `can` here (decision 0010), so both paths decide alike.
 */
import {
  ORG_KINDS,
  SECTORS,
  labelOf,
  type OrgKind,
  type OrgStatus,
  type Sector,
} from '../../shared/codes.js';
import type { IsoDate } from '../../shared/dates.js';
import { ERROR_CODES } from '../../shared/errors.js';
import { can, deployment, orgResource, type Actor } from '../access/policy.js';
import { mayContain, defaultTermYears, termEndsOn } from './rules.js';
import { orgNameKeys, type OrgNameKeys } from './names.js';

/** One broken rule: its code (an error code, or an import code such as REQUIRED), the field, the message. */
export interface OrgProblem {
  code: string;
  field: 'code' | 'parentCode' | 'kind' | 'sector' | 'foundedOn' | 'effectiveOn' | 'electedOn';
  message: string;
}

/** What the rules need to know of an org that exists (in the database, or written earlier in the same run). */
export interface OrgFacts {
  code: string;
  name: string;
  kind: OrgKind;
  path: string;
  status: OrgStatus;
}

/**
 * The parent a write names, as found: an org (`found`), nothing the actor may see (`missing`), or a row of the
 * same file that could not be written (`rejected`, bulk only: its row and why).
 */
export type ParentLookup =
  | { found: OrgFacts }
  | { missing: true; inFile?: false }
  | { rejected: { row: number; reason: string; dependent?: { row: number; reason: string } } };

const kindZh = (k: OrgKind) => labelOf(ORG_KINDS, k);

// ------------------------------------------------------------------------------------------------ sector

/**
 * Kinds whose 所属领域 may be left blank, and what a blank one becomes. The party statistics count the
 * grassroots organisations of 乡镇 and 城市街道 in their own categories (党内统计年报 tables 5 "乡镇、建制村党员情况"
 * and 6 "街道、社区党员情况", and the coverage figures "城市街道、乡镇、社区、行政村建立党组织": sources.md §8.1–8.2,
 * [S54] [S76]), so a township committee's blank sector is derived as 乡镇 and a street working committee's as
 * 城市街道. A county committee is not a grassroots organisation (the statistics report it with the local
 * committees, table 32) and a working committee that does not lead a street (机关工委, 开发区工委 …) has no
 * sector the statistics use: theirs stays "不区分领域". Every other kind must say its sector.
 */
export function derivedSector(kind: OrgKind, name: string): Sector | null {
  switch (kind) {
    case 'township_committee':
      return 'township';
    case 'working_committee':
      return name.includes('街道') ? 'street' : 'none';
    case 'local_committee':
      return 'none';
    default:
      return null;
  }
}

/** Whether an org of this kind may leave its sector blank (the web form asks for it otherwise). */
export function maySkipSector(kind: OrgKind | null | undefined): boolean {
  return !!kind && derivedSector(kind, '') !== null;
}

/** The sectors that stand for an area's committee (not to be inherited by the orgs under it). */
export const AREA_SECTORS: readonly Sector[] = ['township', 'street', 'none'];

/** The kinds each of the sectors that stand for an area's committee may be given to. */
const SECTOR_KINDS: Partial<Record<Sector, readonly OrgKind[]>> = {
  township: ['township_committee'],
  street: ['working_committee'],
  none: ['local_committee', 'working_committee'],
};

/** The sector an org is written with: as given, or derived for the kinds that may leave it blank. */
export function planOrgSector(o: {
  kind: OrgKind;
  name: string;
  sector?: Sector | null | undefined;
}): { sector: Sector } | { problem: OrgProblem } {
  if (o.sector) {
    const kinds = SECTOR_KINDS[o.sector];
    if (kinds && !kinds.includes(o.kind))
      return {
        problem: {
          code: 'CODE_NOT_ALLOWED',
          field: 'sector',
          message: `所在领域“${labelOf(SECTORS, o.sector)}”只用于${kinds.map(kindZh).join('、')}`,
        },
      };
    return { sector: o.sector };
  }
  const derived = derivedSector(o.kind, o.name);
  if (derived) return { sector: derived };
  return {
    problem: {
      code: 'REQUIRED',
      field: 'sector',
      message: '所在领域不能为空（只有县委、乡镇党委和党工委可以不填）',
    },
  };
}

// ------------------------------------------------------------------------------------------------ dates, terms

/** A dated change: not after today, not before the org's last change. */
export function checkOrgDate(
  on: IsoDate,
  today: IsoDate,
  notBefore: IsoDate | null,
  field: OrgProblem['field'] = 'effectiveOn',
): OrgProblem | null {
  const what = field === 'foundedOn' ? '成立日期' : '生效日期';
  if (on > today) return { code: 'EVENT_DATE_INVALID', field, message: `${what}不能晚于今天` };
  if (notBefore && on < notBefore)
    return {
      code: 'EVENT_DATE_INVALID',
      field,
      message: `${what}不能早于该组织上一次变动的日期（${notBefore}）`,
    };
  return null;
}

export interface TermPlan {
  electedOn: IsoDate;
  termYears: number;
  termEndsOn: IsoDate;
}

/**
 * A term from an election date: the years given, else the statutory term of the kind and sector on that day.
 * `null` for a kind without a statutory term (临时党支部) when no years are given: a creation then records no term;
 * recording an election asks for the years (termYearsRequired).
 */
export function planOrgTerm(
  o: { kind: OrgKind; sector: Sector },
  electedOn: IsoDate,
  today: IsoDate,
  termYears?: number | null,
): TermPlan | null | { problem: OrgProblem } {
  if (electedOn > today)
    return { problem: { code: 'EVENT_DATE_INVALID', field: 'electedOn', message: '换届日期不能晚于今天' } };
  const years = termYears ?? defaultTermYears(o.kind, o.sector, electedOn);
  if (!years) return null;
  return { electedOn, termYears: years, termEndsOn: termEndsOn(electedOn, years) };
}

export const TERM_YEARS_REQUIRED: OrgProblem = {
  code: 'VALIDATION_FAILED',
  field: 'electedOn',
  message: '该类组织没有法定任期，请填写任期年限',
};

/**
 * What a new org is written with, from the row or request: its sector, the name's search keys, the start of its
 * history, its term.
 */
export interface OrgPlan {
  sector: Sector;
  nameKeys: OrgNameKeys;
  validFrom: IsoDate;
  term: TermPlan | null;
}

/**
 * Plans a new org from its own fields (the checks that need no other org): the sector (given or derived), the
 * start of its history (the effective date, else the founding date, else `defaultStart`: today for a creation
 * by hand, "before the records" for a ledger's row) and its first term when an election date is given.
 */
export function planOrgCreate(
  input: {
    kind: OrgKind;
    name: string;
    sector?: Sector | null | undefined;
    foundedOn?: IsoDate | null | undefined;
    effectiveOn?: IsoDate | null | undefined;
    electedOn?: IsoDate | null | undefined;
  },
  today: IsoDate,
  defaultStart: IsoDate,
): { plan: OrgPlan } | { problems: OrgProblem[] } {
  const problems: OrgProblem[] = [];
  const s = planOrgSector(input);
  if ('problem' in s) problems.push(s.problem);
  const validFrom = input.effectiveOn ?? input.foundedOn ?? defaultStart;
  const date = checkOrgDate(validFrom, today, null, input.effectiveOn ? 'effectiveOn' : 'foundedOn');
  if (date) problems.push(date);
  let term: TermPlan | null = null;
  if (input.electedOn && 'sector' in s) {
    const t = planOrgTerm({ kind: input.kind, sector: s.sector }, input.electedOn, today);
    if (t && 'problem' in t) problems.push(t.problem);
    else term = t;
  }
  if (problems.length || !('sector' in s)) return { problems };
  return { plan: { sector: s.sector, nameKeys: orgNameKeys(input.name), validFrom, term } };
}

// ------------------------------------------------------------------------------------------------ where it sits

/** The answer to a parent that cannot be used, or null: it exists, in scope, active, writable, may hold the kind. */
export function checkOrgParent(
  actor: Actor,
  child: { kind: OrgKind },
  parentCode: string,
  parent: ParentLookup,
  where: 'system' | 'file' = 'system',
): OrgProblem | null {
  if ('rejected' in parent) {
    const r = parent.rejected;
    const why = r.dependent
      ? `该行也因其上级组织未能导入而未导入（根源在第 ${r.dependent.row} 行：${r.dependent.reason}）`
      : `该行未能导入：${r.reason}`;
    return {
      code: 'ORG_PARENT_REJECTED',
      field: 'parentCode',
      message: `上级组织（代码 ${parentCode}）在本文件第 ${r.row} 行，但${why}`,
    };
  }
  if ('missing' in parent || !can(actor, 'read', orgResource(parent.found.path)))
    return {
      code: 'ORG_PARENT_INVALID',
      field: 'parentCode',
      message:
        where === 'file'
          ? `上级组织（代码 ${parentCode}）在系统和本文件中都不存在，或不在您的管理范围内`
          : `上级组织（代码 ${parentCode}）不存在，或不在您的管理范围内`,
    };
  const p = parent.found;
  if (p.status !== 'active')
    return { code: 'ORG_PARENT_INVALID', field: 'parentCode', message: `上级组织 ${p.name} 已撤销` };
  if (!can(actor, 'write', orgResource(p.path)))
    return { code: 'FORBIDDEN', field: 'parentCode', message: '上级组织不在您的管理范围内' };
  if (!mayContain(p.kind, child.kind))
    return {
      code: 'ORG_KIND_NOT_ALLOWED',
      field: 'kind',
      message: `${kindZh(p.kind)}（${p.name}）之下不能设${kindZh(child.kind)}`,
    };
  return null;
}

/** A new org without a parent: only the Organisation Department's administrator, and only when there is none. */
export function checkOrgRoot(actor: Actor, rootsExisting: number): OrgProblem | null {
  if (rootsExisting > 0)
    return { code: 'ORG_ROOT_EXISTS', field: 'parentCode', message: ERROR_CODES.ORG_ROOT_EXISTS.zh };
  // creating the root is writing on the county as a whole: a deployment-wide or root-bound administrator
  if (!can(actor, 'write', deployment))
    return { code: 'FORBIDDEN', field: 'parentCode', message: '只有组织部管理员可以建立根组织' };
  return null;
}

/** An org code in use: named only when the holder is in the actor's scope (decision 0005). */
export function checkOrgCodeFree(
  actor: Actor,
  code: string,
  holder: Pick<OrgFacts, 'name' | 'path'> | null | 'unknown',
): OrgProblem | null {
  if (holder === null) return null;
  return {
    code: 'ORG_CODE_TAKEN',
    field: 'code',
    message:
      holder !== 'unknown' && can(actor, 'read', orgResource(holder.path))
        ? `组织编码 ${code} 已被使用（${holder.name}），请换用其他编码`
        : `组织编码 ${code} 已被使用，请换用其他编码`,
  };
}

/** The org itself may be changed by the actor: in scope for writing and not dissolved. */
export function checkOrgWritable(actor: Actor, o: Pick<OrgFacts, 'path' | 'status'>): OrgProblem | null {
  if (!can(actor, 'write', orgResource(o.path)))
    return { code: 'FORBIDDEN', field: 'code', message: ERROR_CODES.FORBIDDEN.zh };
  if (o.status !== 'active')
    return { code: 'ORG_DISSOLVED', field: 'code', message: ERROR_CODES.ORG_DISSOLVED.zh };
  return null;
}

/** A change of kind keeps the org allowed under its parent. */
export function checkOrgKindChange(
  parent: Pick<OrgFacts, 'kind' | 'name'> | null,
  kind: OrgKind,
): OrgProblem | null {
  if (!parent || mayContain(parent.kind, kind)) return null;
  return {
    code: 'ORG_KIND_NOT_ALLOWED',
    field: 'kind',
    message: `${kindZh(parent.kind)}（${parent.name}）之下不能设${kindZh(kind)}`,
  };
}

/** A move: not the root, not under itself or its own subtree, and the new parent as for a creation. */
export function checkOrgMove(
  actor: Actor,
  o: Pick<OrgFacts, 'kind' | 'path'> & { parentId: number | null },
  parentCode: string,
  parent: ParentLookup,
): OrgProblem | null {
  if (o.parentId === null)
    return { code: 'ORG_KIND_NOT_ALLOWED', field: 'parentCode', message: '根组织不能移动' };
  if ('found' in parent && parent.found.path.startsWith(o.path)) return orgCycle();
  return checkOrgParent(actor, o, parentCode, parent);
}

/** An org under itself, directly or through its subtree (by hand), or rows of a file naming each other as parent. */
export function orgCycle(): OrgProblem {
  return {
    code: 'ORG_CYCLE',
    field: 'parentCode',
    message: '上级组织不能是本组织或它的下级组织（上级关系形成了循环）',
  };
}
