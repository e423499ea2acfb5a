/** Shapes of the demo generator's output and of its internal org plan. */
import type { Occupation, OrgKind, Sector, Sex } from '../../shared/codes.js';
import type { IsoDate } from '../../shared/dates.js';
import type { MemberCreate, OrgCreate } from '../../shared/schemas.js';

/** An org as the API's OrgCreate takes it, plus the date the current committee was elected. */
export interface DemoOrg {
  code: string;
  name: string;
  kind: OrgKind;
  sector: Sector;
  /** null only for the root */
  parentCode: string | null;
  /** 6-, 9- or 12-digit code of a real division (统计用区划代码) */
  divisionCode: string;
  foundedOn: IsoDate;
  /** start of the current term (换届 date); absent for kinds without a term */
  electedOn?: IsoDate;
}

/** A member as the API's MemberCreate takes it (every optional field filled). */
export interface DemoMember {
  orgCode: string;
  status: 'full' | 'probationary';
  name: string;
  idNumber: string;
  sex: Sex;
  birthDate: IsoDate;
  ethnicity: string;
  education: string;
  occupation: Occupation;
  phone: string;
  joinedOn: IsoDate;
  confirmedOn: IsoDate | null;
  nativePlace: string;
  workUnit: string;
  address: string;
}

// compile-time proof that the demo shapes fit the API's create schemas
const _org: OrgCreate = {} as DemoOrg;
const _member: MemberCreate = {} as DemoMember;
void _org;
void _member;

/** Who the members of an org are: drives sex, age, education, occupation and status. */
export type ProfileKey =
  | 'village'
  | 'community'
  | 'township_gov'
  | 'government'
  | 'retired'
  | 'school'
  | 'health'
  | 'forestry'
  | 'state_enterprise'
  | 'private_enterprise'
  | 'social_org';

/** Per-county facts the member factory needs. */
export interface PlaceContext {
  /** 6-digit county code: the first 6 digits of every member's ID number */
  countyCode: string;
  /** 湖北省黄冈市英山县 */
  countyFull: string;
  /** the county name as used in unit names: 英山县 */
  countyName: string;
  /** native place of locals: 湖北英山 */
  nativeHome: string;
  /** native places in the same city */
  nativeNear: readonly string[];
  /** share of members of a minority ethnicity */
  minorityRate: number;
  /** minority ethnicity codes with weights */
  minorityMix: readonly (readonly [string, number])[];
  /** address prefix of the county seat: 湖北省黄冈市英山县温泉镇 */
  seatAddress: string;
}

/** One org of the plan: the public fields plus what the member factory needs to fill it. */
export interface PlannedOrg extends DemoOrg {
  /** members attached directly to this org */
  size: number;
  /** how many of them are probationary */
  probationary: number;
  profile: ProfileKey;
  workUnit: string;
  /** village addresses get a 村民小组 number, town addresses a street and house number */
  addressPrefix: string;
  rural: boolean;
  /** foundedOn as a day number */
  founded: number;
  /**
   * Where members were before this org was founded (a member who joined earlier was in `prev` and moved here on
   * the founding date): a member-holding org that held members on the day before. null: nobody joined earlier
   * (the member factory never dates a join before the founding of the oldest org of the chain).
   */
  prev: PlannedOrg | null;
  /**
   * The org's earlier version: a unit that grew past 50 members was one branch (this kind and name) until
   * `until`, when it became a general branch and its members moved into the new sub-branches.
   */
  former: { kind: OrgKind; name: string; until: number } | null;
  /** nobody joined the Party here after this day: a village that admitted nobody for years (issue 13 item 7) */
  idleFrom?: number;
}

/** A member's move into another org of the county (a dated 'move' member event), as the demo writes it. */
export interface DemoMove {
  idNumber: string;
  on: IsoDate;
  fromOrgCode: string;
  toOrgCode: string;
}

/** An org's earlier version (kind and name) until `on`, when it took its current kind and name. */
export interface DemoOrgChange {
  orgCode: string;
  on: IsoDate;
  before: { kind: OrgKind; name: string };
}

export function publicOrg(o: PlannedOrg): DemoOrg {
  const out: DemoOrg = {
    code: o.code,
    name: o.name,
    kind: o.kind,
    sector: o.sector,
    parentCode: o.parentCode,
    divisionCode: o.divisionCode,
    foundedOn: o.foundedOn,
  };
  if (o.electedOn !== undefined) out.electedOn = o.electedOn;
  return out;
}
