/** The pure rules of the 三会一课 ledger import (decision 0019): the cells read, excused or not, the warnings. */
import { describe, expect, it } from 'vitest';
import {
  absenceStatus,
  defaultTopic,
  ledgerWarnings,
  meetingIdentity,
  parseAbsentees,
  parseKinds,
} from '../../src/domain/meetings/ledger.js';

describe('会议类型', () => {
  it('reads several kinds in one cell, in glossary order, each once, with the ledgers’ words', () => {
    expect(parseKinds('主题党日、党课')).toEqual({ kinds: ['party_lecture', 'theme_day'] });
    expect(parseKinds('支委会，党员大会、党课、党课')).toEqual({
      kinds: ['general_meeting', 'committee_meeting', 'party_lecture'],
    });
    expect(parseKinds('主题党日活动')).toEqual({ kinds: ['theme_day'] });
    expect(parseKinds('组织生活会+民主评议党员')).toEqual({ kinds: ['life_meeting', 'appraisal_meeting'] });
  });
  it('names the words no kind is known by', () => {
    expect(parseKinds('主题党日、座谈会')).toEqual({ unknown: ['座谈会'] });
    expect(parseKinds('、')).toEqual({ unknown: ['、'] });
  });
});

describe('缺席人员', () => {
  it('splits at 、 and ， outside brackets; a reason is the bracketed text', () => {
    expect(parseAbsentees('李四（病假）、王 五，赵六(外出务工、已请假)')).toEqual([
      { name: '李四', reason: '病假', status: 'excused' },
      { name: '王五', reason: null, status: 'absent' },
      { name: '赵六', reason: '外出务工、已请假', status: 'excused' },
    ]);
  });
  it('an empty cell or 无 lists nobody', () => {
    expect(parseAbsentees(null)).toEqual([]);
    expect(parseAbsentees('无')).toEqual([]);
    expect(parseAbsentees('全到')).toEqual([]);
  });
  it('any reason excuses, except one saying it was not excused', () => {
    expect(absenceStatus(null)).toBe('absent');
    expect(absenceStatus('')).toBe('absent');
    expect(absenceStatus('病假')).toBe('excused');
    expect(absenceStatus('在外地')).toBe('excused');
    expect(absenceStatus('无故缺席')).toBe('absent');
    expect(absenceStatus('未请假')).toBe('absent');
    expect(absenceStatus('缺席')).toBe('absent');
  });
});

describe('identity and warnings', () => {
  it('the same meeting whatever the kinds’ order or the topic’s spacing', () => {
    expect(meetingIdentity(1, '2026-03-05', ['theme_day', 'party_lecture'], '学习  党章 ')).toBe(
      meetingIdentity(1, '2026-03-05', ['party_lecture', 'theme_day'], '学习 党章'),
    );
    expect(meetingIdentity(1, '2026-03-05', ['theme_day'], 'a')).not.toBe(
      meetingIdentity(1, '2026-03-05', ['theme_day', 'party_lecture'], 'a'),
    );
    expect(defaultTopic(['theme_day', 'party_lecture'])).toBe('主题党日、党课');
  });
  it('warns about names not on the roster, shared names and counts that do not add up — not otherwise', () => {
    const absentees = parseAbsentees('甲（病假）、乙、丙');
    expect(
      ledgerWarnings({ absentees, matches: [1, 1, 1], expected: 20, expectedCount: 20, presentCount: 17 }),
    ).toEqual([]);
    const w = ledgerWarnings({
      absentees,
      matches: [1, 0, 2],
      expected: 20,
      expectedCount: 21,
      presentCount: 17,
    });
    expect(w.map((x) => [x.code, x.field])).toEqual([
      ['ABSENTEE_NOT_ON_ROSTER', 'absentees'],
      ['ABSENTEE_AMBIGUOUS', 'absentees'],
      ['EXPECTED_COUNT_MISMATCH', 'expectedCount'],
      ['PRESENT_COUNT_MISMATCH', 'presentCount'],
    ]);
    expect(w[3]!.message).toBe('实到人数写的是 17，按名册 20 人减去缺席 1 人应为 19 人');
    // counts left blank are not checked
    expect(
      ledgerWarnings({ absentees: [], matches: [], expected: 5, expectedCount: null, presentCount: null }),
    ).toEqual([]);
  });
});
