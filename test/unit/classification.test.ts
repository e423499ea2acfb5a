/**
 * The synonym tables of the classification fields (issue 9 #3): every entry names a code of its table and never
 * contradicts the table's own labels, the ledger wordings of the issue read as the categories they mean, and a text
 * none knows is kept (not refused), unless a local synonym knows it.
 */
import { describe, expect, it } from 'vitest';
import {
  BUILTIN_SYNONYMS,
  CLASSIFIED,
  CLASSIFIED_FIELDS,
  UNCLASSIFIED,
  unclassifiedLabel,
} from '../../src/shared/classification.js';
import {
  classifier,
  lookupKey,
  normalizeEducation,
  normalizeEthnicity,
  normalizeOccupation,
  type Normalizer,
} from '../../src/io/normalize.js';
import { memberKeys, type StatMember } from '../../src/domain/stats/keys.js';

const NORMALIZE: Record<string, Normalizer<string>> = {
  ethnicity: normalizeEthnicity,
  education: normalizeEducation,
  occupation: normalizeOccupation,
};

describe('built-in synonyms', () => {
  for (const field of CLASSIFIED_FIELDS) {
    const { codes } = CLASSIFIED[field];
    it(`${field}: every synonym names a code of its table and no label of another code`, () => {
      const labels = new Map(codes.map((c) => [lookupKey(c.zh), c.code]));
      const entries = Object.entries(BUILTIN_SYNONYMS[field]);
      expect(entries.length).toBeGreaterThan(5);
      for (const [word, code] of entries) {
        expect(
          codes.some((c) => c.code === code),
          `${word} → ${code}`,
        ).toBe(true);
        const label = labels.get(lookupKey(word));
        if (label !== undefined) expect(label, `${word} is the label of ${label}`).toBe(code);
        // and the importer reads it so
        expect(NORMALIZE[field]!(word), word).toEqual({ ok: true, value: code });
      }
    });
  }

  it('reads the wordings real ledgers use as the categories they mean', () => {
    const occ = (s: string) => normalizeOccupation(s);
    expect(occ('企事业单位、社会组织管理人员')).toEqual({ ok: true, value: 'manager' });
    expect(occ('企事业单位管理人员')).toEqual({ ok: true, value: 'manager' });
    expect(occ('企业管理人员')).toEqual({ ok: true, value: 'manager' });
    expect(occ('企事业单位专业技术人员')).toEqual({ ok: true, value: 'professional' });
    expect(occ('农民')).toEqual({ ok: true, value: 'farmer' });
    expect(occ('农牧渔民')).toEqual({ ok: true, value: 'farmer' });
    expect(occ('离退休')).toEqual({ ok: true, value: 'retired' });
    expect(occ('退休人员')).toEqual({ ok: true, value: 'retired' });
    expect(occ('工人（工勤技能人员）')).toEqual({ ok: true, value: 'worker' });
    expect(occ('工人(工勤技能人员)')).toEqual({ ok: true, value: 'worker' });
    const edu = (s: string) => normalizeEducation(s);
    expect(edu('大学本科')).toEqual({ ok: true, value: '21' });
    expect(edu('本科')).toEqual({ ok: true, value: '21' });
    expect(edu('大学')).toEqual({ ok: true, value: '21' });
    expect(edu('中专')).toEqual({ ok: true, value: '41' });
    expect(edu('中等专科')).toEqual({ ok: true, value: '41' });
    expect(edu('大专学历')).toEqual({ ok: true, value: '31' });
    const eth = (s: string) => normalizeEthnicity(s);
    expect(eth('汉')).toEqual({ ok: true, value: '01' });
    expect(eth('汉族')).toEqual({ ok: true, value: '01' });
    expect(eth('蒙族')).toEqual({ ok: true, value: '02' });
    expect(eth('土家')).toEqual({ ok: true, value: '15' });
    expect(eth('1')).toEqual({ ok: true, value: '01' });
  });
});

describe('classifier', () => {
  it('keeps a text no table knows, cleaned and cut, instead of refusing it', () => {
    const c = classifier(normalizeOccupation);
    expect(c('  村干部 ')).toEqual({ ok: true, value: null, unclassified: '村干部' });
    expect(c('企事业单位管理人员')).toEqual({ ok: true, value: 'manager' });
    expect(c('')).toEqual({ ok: true, value: null });
    expect(c(null)).toEqual({ ok: true, value: null });
    const long = classifier(normalizeEducation)('党校'.repeat(80));
    expect(long.ok && long.unclassified?.length).toBe(100);
  });

  it('asks the local synonyms after the tables, by the same lookup key', () => {
    const c = classifier(normalizeOccupation, new Map([[lookupKey('村干部'), 'farmer']]));
    expect(c('村 干部')).toEqual({ ok: true, value: 'farmer' });
    expect(c('ＶＩＬＬＡＧＥ')).toEqual({ ok: true, value: null, unclassified: 'VILLAGE' });
  });

  it('counts a member with a kept text as 未归类, apart from a blank value', () => {
    const base: StatMember = {
      status: 'full',
      sex: 'male',
      birthDate: '1960-01-01',
      ethnicity: null,
      education: null,
      occupation: null,
      educationRaw: '党校大学',
      occupationRaw: null,
      joinedOn: '1990-07-01',
      confirmedOn: '1991-07-01',
    };
    const keys = Object.fromEntries(memberKeys(base, '2026-01-01'));
    expect(keys).toMatchObject({ eth: UNCLASSIFIED, edu: UNCLASSIFIED, occ: 'unknown' });
    expect(unclassifiedLabel('村干部')).toBe('未归类（原文：村干部）');
  });
});
