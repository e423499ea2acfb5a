/**
 * Pure checks of a member's basic facts, shared by the API, the importer and the demo generator.
 * Returns every problem found (not just the first), each tied to the field it concerns.
 */
import { addYears, fullYears, type IsoDate } from '../../shared/dates.js';
import { ID_PROBLEM_ZH, parseIdNumber } from '../../shared/id-number.js';
import type { MemberStatus, Sex } from '../../shared/codes.js';
import { rulesAt } from '../../policy/rules.js';

export interface MemberFactsInput {
  idNumber: string;
  sex?: Sex | null | undefined;
  birthDate?: IsoDate | null | undefined;
  status: MemberStatus;
  joinedOn: IsoDate;
  confirmedOn?: IsoDate | null | undefined;
}

export interface MemberFacts {
  idNumber: string;
  sex: Sex;
  birthDate: IsoDate;
}

export type MemberField = 'idNumber' | 'sex' | 'birthDate' | 'joinedOn' | 'confirmedOn' | 'status';

export interface Problem {
  field: MemberField;
  code: string;
  message: string;
}

export const MEMBER_PROBLEM_CODES = [
  'ID_FORMAT',
  'ID_CHECKSUM',
  'ID_BIRTH_DATE',
  'ID_AGE',
  'ID_MASKED',
  'SEX_CONFLICT',
  'BIRTH_DATE_CONFLICT',
  'JOIN_IN_FUTURE',
  'JOIN_UNDER_AGE',
  'CONFIRM_IN_FUTURE',
  'CONFIRM_BEFORE_JOIN',
  'CONFIRM_BEFORE_PROBATION_END',
  'PROBATIONARY_CONFIRMED',
] as const;

export function checkMemberFacts(
  input: MemberFactsInput,
  today: IsoDate,
): { facts: MemberFacts | null; problems: Problem[] } {
  const problems: Problem[] = [];
  const parsed = parseIdNumber(input.idNumber, today);
  if (!parsed.ok) {
    problems.push({ field: 'idNumber', code: parsed.problem, message: ID_PROBLEM_ZH[parsed.problem] });
  }
  const info = parsed.ok ? parsed.info : null;
  if (info && input.sex && input.sex !== info.sex) {
    problems.push({
      field: 'sex',
      code: 'SEX_CONFLICT',
      message: `性别与身份证号不一致（身份证号显示为${info.sex === 'male' ? '男' : '女'}）`,
    });
  }
  if (info && input.birthDate && input.birthDate !== info.birthDate) {
    problems.push({
      field: 'birthDate',
      code: 'BIRTH_DATE_CONFLICT',
      message: `出生日期与身份证号不一致（身份证号显示为${info.birthDate}）`,
    });
  }
  if (input.joinedOn > today) {
    problems.push({ field: 'joinedOn', code: 'JOIN_IN_FUTURE', message: '入党日期不能晚于今天' });
  } else if (info) {
    const minAge = rulesAt(input.joinedOn).minJoinAge;
    if (fullYears(info.birthDate, input.joinedOn) < minAge) {
      problems.push({
        field: 'joinedOn',
        code: 'JOIN_UNDER_AGE',
        message: `入党时未满${minAge}周岁，请核对入党日期或身份证号`,
      });
    }
  }
  if (input.confirmedOn) {
    if (input.status === 'probationary') {
      problems.push({
        field: 'confirmedOn',
        code: 'PROBATIONARY_CONFIRMED',
        message: '预备党员不应有转正日期；已转正的请把党员类别填为正式党员',
      });
    } else if (input.confirmedOn > today) {
      problems.push({ field: 'confirmedOn', code: 'CONFIRM_IN_FUTURE', message: '转正日期不能晚于今天' });
    } else if (input.confirmedOn <= input.joinedOn) {
      problems.push({ field: 'confirmedOn', code: 'CONFIRM_BEFORE_JOIN', message: '转正日期应晚于入党日期' });
    } else {
      // 党章第七条, 细则第三十二条: the probation is one year from the general meeting's vote, and party standing
      // counts from the day it ends — a confirmation date before then contradicts the record (issue 10 #5)
      const years = rulesAt(input.joinedOn).probationYears;
      const ends = addYears(input.joinedOn, years);
      if (input.confirmedOn < ends)
        problems.push({
          field: 'confirmedOn',
          code: 'CONFIRM_BEFORE_PROBATION_END',
          message: `转正日期早于预备期满之日（入党后${years}年，即${ends}）：党龄从预备期满之日算起，请核对转正日期或入党日期`,
        });
    }
  }
  if (!info) return { facts: null, problems };
  return { facts: { idNumber: info.idNumber, sex: info.sex, birthDate: info.birthDate }, problems };
}
