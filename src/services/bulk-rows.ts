/**
 * What a new member row becomes in the database, worked out ahead of the write: its person's and its membership's
 * lines of COPY text (all but the ids and org id, which only the writer knows), its periods, and its statistics
 * cells. Pure and free of database
 * handles, so the import's parse worker can do it on the second core while the writer sends earlier rows; the
 * bulk writer does the same for rows that come without it (the demo). Both give byte-identical COPY text.
 */
import type { MemberImport } from '../shared/schemas.js';
import type { IsoDate } from '../shared/dates.js';
import type { ImportRejection } from '../shared/schemas.js';
import { memberKeys, type StatMember } from '../domain/stats/keys.js';
import { nameKeys, type NameKeys } from '../domain/member/names.js';
import { normalizeIdNumber } from '../shared/id-number.js';
import type { ParsedRow } from '../io/parse-sheet.js';
import { initialPeriods } from '../domain/member/periods.js';
import {
  MEMBER_COPY_COLUMNS,
  PERSON_COPY_COLUMNS,
  esc,
  md,
  memberCopyTail,
  personCopyTail,
} from '../db/member-columns.js';
import { MEMBER_PERIOD, periodCopyColumns } from '../db/intervals.js';

export { MEMBER_COPY_COLUMNS, PERSON_COPY_COLUMNS, esc, md };
/** A nullable text column. */
export function txt(v: string | null | undefined): string {
  return v == null ? '\\N' : esc(v);
}

/** member_period's COPY columns: the writer prepends member_id and org_id to each prepared period line. */
export const PERIOD_COPY_COLUMNS = periodCopyColumns(MEMBER_PERIOD);

export interface MemberFactsOf {
  idNumber: string;
  sex: 'male' | 'female';
  birthDate: IsoDate;
}

/** A new member's COPY work, all but the ids and org id. */
export interface PreparedCopy {
  /** the person's line from `name` to the end (columns 2…, with the newline) */
  personTail: string;
  /** the membership's line from `status` to the end (columns 4…, with the newline) */
  memberTail: string;
  /** its member_period lines from `status` to the end (one or two) */
  periods: string[];
  /** its statistics cells (dim \u0002 key, joined by \u0001) */
  stat: string;
}

export function prepareCopy(
  v: MemberImport,
  facts: MemberFactsOf,
  keys: NameKeys,
  asOf: IsoDate,
): PreparedCopy {
  const confirmedOn = v.status === 'full' ? (v.confirmedOn ?? null) : null;
  // (object literals in registry order: the COPY text follows the member-column registry)
  const personTail = personCopyTail({
    name: v.name,
    nameInitials: keys.initials,
    namePinyin: keys.pinyin,
    nameSort: keys.sort,
    sex: facts.sex,
    birthDate: facts.birthDate,
    birthMd: md(facts.birthDate)!,
    idNumber: facts.idNumber,
    ethnicity: v.ethnicity ?? null,
    education: v.education ?? null,
    occupation: v.occupation ?? null,
    ethnicityRaw: v.ethnicityRaw ?? null,
    educationRaw: v.educationRaw ?? null,
    occupationRaw: v.occupationRaw ?? null,
    nativePlace: v.nativePlace ?? null,
    phone: v.phone ?? null,
    address: v.address ?? null,
    workUnit: v.workUnit ?? null,
    jobTitle: v.jobTitle ?? null,
  });
  const memberTail = memberCopyTail({
    status: v.status,
    joinedOn: v.joinedOn,
    confirmedOn,
    confirmedMd: md(confirmedOn),
    isMobile: v.isMobile ?? false,
  });
  const periods = initialPeriods(v.status, v.joinedOn, confirmedOn).map(
    (p) => `${esc(p.status)}\t${esc(p.from)}\t${txt(p.to)}\n`,
  );
  // (an object literal, not { ...facts, … }: V8 spends microseconds on a spread followed by more properties)
  const m: StatMember = {
    sex: facts.sex,
    birthDate: facts.birthDate,
    status: v.status,
    ethnicity: v.ethnicity ?? null,
    education: v.education ?? null,
    occupation: v.occupation ?? null,
    educationRaw: v.educationRaw ?? null,
    occupationRaw: v.occupationRaw ?? null,
    joinedOn: v.joinedOn,
    confirmedOn,
  };
  const stat = memberKeys(m, asOf)
    .map(([dim, key]) => `${dim}\u0002${key}`)
    .join('\u0001');
  return { personTail, memberTail, periods, stat };
}

// ------------------------------------------------------------------------------------------------ batches

/**
 * Parsed rows as the import hands them to the writer: the rejections of the parse step, and for each valid row
 * what the writer needs to check it (row, ID number, org code), its value as JSON (read only for a member who
 * exists already) and its prepared COPY work. Plain arrays of strings, cheap to pass between threads.
 */
export interface MemberBatch {
  /** parsed rows in this batch, rejected ones included */
  total: number;
  rejected: ImportRejection[];
  row: number[];
  idNumber: string[];
  orgCode: string[];
  value: string[];
  personTail: string[];
  memberTail: string[];
  period1: string[];
  /** '' when there is one period */
  period2: string[];
  stat: string[];
  /** the row's warnings as JSON ('' without) */
  warnings: string[];
}

export function emptyBatch(): MemberBatch {
  return {
    total: 0,
    rejected: [],
    row: [],
    idNumber: [],
    orgCode: [],
    value: [],
    personTail: [],
    memberTail: [],
    period1: [],
    period2: [],
    stat: [],
    warnings: [],
  };
}

/**
 * Adds a parsed row to a batch. A valid row from parseMemberRows has passed checkMemberFacts and carries its facts
 * (normalised ID number, sex and birth date), so nothing is checked twice.
 */
/** An ID number normalizeIdNumber leaves as it is (no full-width characters, spaces or lower case). */
const CANONICAL_ID = /^[0-9A-Z]*$/;

export function addParsed(batch: MemberBatch, r: ParsedRow<MemberImport>, asOf: IsoDate): void {
  batch.total++;
  const v = r.value;
  if (r.errors.length || !v) {
    for (const e of r.errors) batch.rejected.push(e);
    return;
  }
  const idNumber = CANONICAL_ID.test(v.idNumber) ? v.idNumber : normalizeIdNumber(v.idNumber);
  const facts: MemberFactsOf = { idNumber, sex: v.sex!, birthDate: v.birthDate! };
  const p = prepareCopy(v, facts, nameKeys(v.name), asOf);
  batch.row.push(r.row);
  batch.idNumber.push(facts.idNumber);
  batch.orgCode.push(v.orgCode);
  batch.value.push(JSON.stringify(v));
  batch.personTail.push(p.personTail);
  batch.memberTail.push(p.memberTail);
  batch.period1.push(p.periods[0]!);
  batch.period2.push(p.periods[1] ?? '');
  batch.stat.push(p.stat);
  batch.warnings.push(r.warnings ? JSON.stringify(r.warnings) : '');
}
