/** Organisational life: the periods, what an org owes in them and what it held (decision 0015). */
import { describe, expect, it } from 'vitest';
import {
  covers,
  coversMerged,
  mergeSpans,
  monthsOf,
  periodOf,
  periodsWithin,
  unitOfMonths,
} from '../../src/domain/meetings/periods.js';
import { dueNow, orgCompliance, type OrgLifeFacts } from '../../src/domain/meetings/compliance.js';
import { RULES_2018, rulesAt, type RuleSet } from '../../src/policy/rules.js';
import { DEFAULT_SETTINGS, settingsOn } from '../../src/policy/settings.js';

const YEAR = { from: '2026-01-01', to: '2026-12-31' };

function facts(extra: Partial<OrgLifeFacts> = {}): OrgLifeFacts {
  return {
    orgId: 1,
    code: 'V1',
    name: '甲村党支部',
    spans: [{ from: '2000-01-01', to: null, kind: 'branch' }],
    populated: [{ from: '2000-01-01', to: null }],
    committee: [],
    groups: [],
    heldMonths: {},
    ...extra,
  };
}

const judge = (f: OrgLifeFacts, range: Partial<{ from: string; to: string; asOf: string }> = {}) =>
  orgCompliance(f, {
    ...YEAR,
    asOf: '2027-01-15',
    rulesAt,
    settingsAt: () => DEFAULT_SETTINGS,
    ...range,
  });

const item = (items: ReturnType<typeof judge>, type: string) => items.find((i) => i.type === type);

describe('periods', () => {
  it('writes months, quarters and years as 2026-03, 2026-Q2, 2026 with their first day and the day after', () => {
    expect(periodOf('month', '2026-03-31')).toEqual({
      unit: 'month',
      key: '2026-03',
      start: '2026-03-01',
      end: '2026-04-01',
    });
    expect(periodOf('quarter', '2026-06-30')).toMatchObject({
      key: '2026-Q2',
      start: '2026-04-01',
      end: '2026-07-01',
    });
    expect(periodOf('quarter', '2026-10-01')).toMatchObject({
      key: '2026-Q4',
      start: '2026-10-01',
      end: '2027-01-01',
    });
    expect(periodOf('month', '2026-12-05')).toMatchObject({ key: '2026-12', end: '2027-01-01' });
    expect(periodOf('year', '2026-07-01')).toMatchObject({
      key: '2026',
      start: '2026-01-01',
      end: '2027-01-01',
    });
    expect(monthsOf(periodOf('quarter', '2026-05-01'))).toEqual(['2026-04', '2026-05', '2026-06']);
    expect(unitOfMonths(1)).toBe('month');
    expect(unitOfMonths(3)).toBe('quarter');
    expect(unitOfMonths(12)).toBe('year');
  });

  it('lists only the periods lying wholly within the range', () => {
    expect(periodsWithin('quarter', '2026-01-01', '2026-12-31').map((p) => p.key)).toEqual([
      '2026-Q1',
      '2026-Q2',
      '2026-Q3',
      '2026-Q4',
    ]);
    expect(periodsWithin('quarter', '2026-01-02', '2026-09-29').map((p) => p.key)).toEqual(['2026-Q2']);
    expect(periodsWithin('month', '2025-12-01', '2026-01-31').map((p) => p.key)).toEqual([
      '2025-12',
      '2026-01',
    ]);
    expect(periodsWithin('year', '2026-01-01', '2026-12-30')).toEqual([]);
    expect(periodsWithin('year', '2025-01-01', '2026-12-31').map((p) => p.key)).toEqual(['2025', '2026']);
  });

  it('covers a window only when the spans together hold on every day of it', () => {
    const spans = [
      { from: '2026-01-01', to: '2026-02-10' },
      { from: '2026-02-10', to: '2026-03-01' },
    ];
    expect(covers(spans, '2026-01-01', '2026-03-01')).toBe(true);
    expect(covers(spans, '2026-01-01', '2026-03-02')).toBe(false);
    expect(
      covers([{ from: '2026-01-01', to: '2026-02-09' }, ...spans.slice(1)], '2026-01-01', '2026-03-01'),
    ).toBe(false);
    expect(covers([{ from: '2026-01-02', to: null }], '2026-01-01', '2026-02-01')).toBe(false);
    expect(covers([{ from: '2020-01-02', to: null }], '2026-01-01', '2026-02-01')).toBe(true);
    expect(covers([], '2026-01-01', '2026-02-01')).toBe(false);
  });

  it('joins touching and overlapping spans once, and a joined span covers what the pieces cover', () => {
    const spans = [
      { from: '2026-02-10', to: '2026-03-01' },
      { from: '2026-01-01', to: '2026-02-10' },
      { from: '2026-02-20', to: '2026-02-25' },
      { from: '2026-03-02', to: null },
    ];
    expect(mergeSpans(spans)).toEqual([
      { from: '2026-01-01', to: '2026-03-01' },
      { from: '2026-03-02', to: null },
    ]);
    const m = mergeSpans(spans);
    for (const [from, to] of [
      ['2026-01-01', '2026-03-01'],
      ['2026-01-01', '2026-03-02'],
      ['2026-03-02', '2027-01-01'],
      ['2026-02-28', '2026-03-03'],
    ] as const)
      expect(coversMerged(m, from, to), `${from}–${to}`).toBe(covers(spans, from, to));
  });
});

describe('what a branch owes in a year', () => {
  it('a branch without committee or groups owes 4 general meetings, 4 lectures, 12 theme days, 1 life meeting and 1 appraisal', () => {
    const items = judge(facts());
    expect(items.map((i) => [i.type, i.expected, i.held])).toEqual([
      ['general_meeting', 4, 0],
      ['party_lecture', 4, 0],
      ['theme_day', 12, 0],
      ['life_meeting', 1, 0],
      ['appraisal_meeting', 1, 0],
    ]);
    expect(item(items, 'general_meeting')!.missing).toEqual(['2026-Q1', '2026-Q2', '2026-Q3', '2026-Q4']);
    expect(item(items, 'life_meeting')!.missing).toEqual(['2026']);
  });

  it('owes a committee meeting every month only while it has a committee all month', () => {
    const items = judge(
      facts({
        committee: [
          { from: '2026-01-01', to: '2026-03-15', posts: 2 },
          { from: '2026-03-15', to: '2026-10-01', posts: 3 },
          { from: '2026-10-01', to: null, posts: 1 },
        ],
      }),
    );
    // April–September: a committee (3 posts or more) on every day; a secretary and a deputy are no committee
    expect(item(items, 'committee_meeting')).toEqual({
      type: 'committee_meeting',
      expected: 6,
      held: 0,
      missing: ['2026-04', '2026-05', '2026-06', '2026-07', '2026-08', '2026-09'],
    });
    expect(
      item(judge(facts({ groups: [{ from: '2025-01-01', to: null }] })), 'group_meeting')!.expected,
    ).toBe(12);
    expect(item(judge(facts()), 'group_meeting')).toBeUndefined();
  });

  it('counts a period once however many meetings it had, and one record of several kinds for each', () => {
    const items = judge(
      facts({
        heldMonths: {
          // two theme days in March are one month held; the May record was a theme day, the quarter's general
          // meeting and a party lecture at once
          theme_day: ['2026-03', '2026-05'],
          general_meeting: ['2026-05'],
          party_lecture: ['2026-05', '2026-06'],
        },
      }),
    );
    expect(item(items, 'theme_day')).toMatchObject({ expected: 12, held: 2 });
    expect(item(items, 'general_meeting')).toMatchObject({
      expected: 4,
      held: 1,
      missing: ['2026-Q1', '2026-Q3', '2026-Q4'],
    });
    expect(item(items, 'party_lecture')).toMatchObject({
      held: 1,
      missing: ['2026-Q1', '2026-Q3', '2026-Q4'],
    });
  });

  it('a meeting counts for the period in which it was held: 31 March is Q1, 1 April is Q2, 31 December is the year', () => {
    const q = judge(facts({ heldMonths: { general_meeting: ['2026-03', '2026-04'] } }));
    expect(item(q, 'general_meeting')!.missing).toEqual(['2026-Q3', '2026-Q4']);
    const y = judge(facts({ heldMonths: { life_meeting: ['2026-12'], appraisal_meeting: ['2025-12'] } }));
    expect(item(y, 'life_meeting')).toMatchObject({ expected: 1, held: 1, missing: [] });
    // a meeting of the year before does not count for this year
    expect(item(y, 'appraisal_meeting')).toMatchObject({ expected: 1, held: 0, missing: ['2026'] });
  });
});

describe('founded, dissolved or emptied during the range', () => {
  it('a branch founded on 10 May owes from June, Q3 and nothing for the year', () => {
    const f = facts({
      spans: [{ from: '2026-05-10', to: null, kind: 'branch' }],
      populated: [{ from: '2026-05-10', to: null }],
    });
    const items = judge(f);
    expect(item(items, 'theme_day')).toMatchObject({ expected: 7 });
    expect(item(items, 'theme_day')!.missing[0]).toBe('2026-06');
    expect(item(items, 'general_meeting')!.missing).toEqual(['2026-Q3', '2026-Q4']);
    expect(item(items, 'life_meeting')).toBeUndefined();
    expect(item(items, 'appraisal_meeting')).toBeUndefined();
  });

  it('a branch founded on the first day of a quarter owes that quarter', () => {
    const f = facts({
      spans: [{ from: '2026-04-01', to: null, kind: 'branch' }],
      populated: [{ from: '2026-04-01', to: null }],
    });
    expect(item(judge(f), 'general_meeting')!.missing).toEqual(['2026-Q2', '2026-Q3', '2026-Q4']);
  });

  it('a branch dissolved on 15 August owes up to July and Q2; one emptied for a day of March does not owe March or Q1', () => {
    const dissolved = judge(
      facts({
        spans: [{ from: '2000-01-01', to: '2026-08-15', kind: 'branch' }],
        populated: [{ from: '2000-01-01', to: '2026-08-15' }],
      }),
    );
    expect(item(dissolved, 'theme_day')!.missing.at(-1)).toBe('2026-07');
    expect(item(dissolved, 'general_meeting')!.missing).toEqual(['2026-Q1', '2026-Q2']);
    const emptied = judge(
      facts({
        populated: [
          { from: '2000-01-01', to: '2026-03-10' },
          { from: '2026-03-11', to: null },
        ],
      }),
    );
    expect(item(emptied, 'theme_day')!.missing).not.toContain('2026-03');
    expect(item(emptied, 'theme_day')!.expected).toBe(11);
    expect(item(emptied, 'general_meeting')!.missing).toEqual(['2026-Q2', '2026-Q3', '2026-Q4']);
    expect(item(emptied, 'life_meeting')).toBeUndefined();
  });

  it('an org with no members of its own, and a committee, owe nothing; a general branch with members owes as a branch', () => {
    expect(judge(facts({ populated: [] }))).toEqual([]);
    expect(judge(facts({ spans: [{ from: '2000-01-01', to: null, kind: 'township_committee' }] }))).toEqual(
      [],
    );
    expect(judge(facts({ spans: [{ from: '2000-01-01', to: null, kind: 'primary_committee' }] }))).toEqual(
      [],
    );
    expect(
      item(judge(facts({ spans: [{ from: '2000-01-01', to: null, kind: 'general_branch' }] })), 'theme_day')!
        .expected,
    ).toBe(12);
    // a branch that became a primary committee on 1 July owes only the months before
    const changed = judge(
      facts({
        spans: [
          { from: '2000-01-01', to: '2026-07-01', kind: 'branch' },
          { from: '2026-07-01', to: null, kind: 'primary_committee' },
        ],
      }),
    );
    expect(item(changed, 'theme_day')!.expected).toBe(6);
    expect(item(changed, 'life_meeting')).toBeUndefined();
  });
});

describe('as of a date, across years and rule changes', () => {
  it('as of 22 November: October is missing, November is pending until met, December not judged', () => {
    const asOf = '2026-11-22';
    const none = judge(facts({ heldMonths: { theme_day: ['2026-10'] } }), { asOf });
    expect(item(none, 'theme_day')).toMatchObject({ expected: 10, held: 1 });
    expect(item(none, 'theme_day')!.missing.at(-1)).toBe('2026-09');
    // Q4 and the year are running and not met: pending, not missing
    expect(item(none, 'general_meeting')!.missing).toEqual(['2026-Q1', '2026-Q2', '2026-Q3']);
    expect(item(none, 'life_meeting')).toMatchObject({ expected: 0, held: 0, missing: [] });
    // once this month's theme day is held it counts
    const met = judge(
      facts({ heldMonths: { theme_day: ['2026-10', '2026-11'], life_meeting: ['2026-11'] } }),
      { asOf },
    );
    expect(item(met, 'theme_day')).toMatchObject({ expected: 11, held: 2 });
    expect(item(met, 'life_meeting')).toMatchObject({ expected: 1, held: 1 });
  });

  it('a range across a year boundary counts the months of both years and each whole year', () => {
    const items = judge(facts({ heldMonths: { theme_day: ['2025-12', '2026-01'] } }), {
      from: '2025-12-01',
      to: '2026-12-31',
    });
    expect(item(items, 'theme_day')).toMatchObject({ expected: 13, held: 2 });
    expect(item(items, 'life_meeting')!.missing).toEqual(['2026']);
    expect(item(items, 'general_meeting')!.missing).toEqual(['2026-Q1', '2026-Q2', '2026-Q3', '2026-Q4']);
  });

  it('judges each period by the rules in force on its first day', () => {
    // a made-up rule change: from 1 July 2026 the general meeting is owed monthly
    const monthly: RuleSet = {
      ...RULES_2018,
      id: 'test',
      effectiveFrom: '2026-07-01',
      meetings: {
        ...RULES_2018.meetings,
        obligations: RULES_2018.meetings.obligations.map((o) =>
          o.type === 'general_meeting' ? { ...o, every: 'month' as const } : o,
        ),
      },
    };
    const items = orgCompliance(facts(), {
      ...YEAR,
      asOf: '2027-01-15',
      rulesAt: (d) => (d >= '2026-07-01' ? monthly : RULES_2018),
      settingsAt: () => DEFAULT_SETTINGS,
    });
    expect(item(items, 'general_meeting')!.missing).toEqual([
      '2026-07',
      '2026-08',
      '2026-09',
      '2026-10',
      '2026-11',
      '2026-12',
      '2026-Q1',
      '2026-Q2',
    ]);
  });

  it('judges the party lecture by the local setting in force on each period’s first day', () => {
    const history = [{ id: 1, key: 'partyLectureMonths', value: 12, effectiveFrom: '2026-07-01' }];
    const items = orgCompliance(facts(), {
      from: '2026-01-01',
      to: '2027-12-31',
      asOf: '2028-01-15',
      rulesAt,
      settingsAt: (d) => settingsOn(history, d),
    });
    // Q1 and Q2 of 2026 quarterly; the year 2026 began under the quarterly setting, so it is not owed; 2027 yearly
    expect(item(items, 'party_lecture')!.missing).toEqual(['2026-Q1', '2026-Q2', '2027']);
    expect(settingsOn(history, '2026-06-30').partyLectureMonths).toBe(3);
    expect(
      settingsOn(
        [...history, { id: 2, key: 'partyLectureMonths', value: 1, effectiveFrom: '2026-07-01' }],
        '2026-07-01',
      ).partyLectureMonths,
    ).toBe(1);
  });
});

describe('what is due now (本月待办, decision 0019)', () => {
  const now = (f: OrgLifeFacts, asOf: string) =>
    dueNow(f, { asOf, rulesAt, settingsAt: () => DEFAULT_SETTINGS }).map((d) => [
      d.type,
      d.period,
      d.held,
      d.lastDay,
    ]);

  it('the running month, quarter and year, each held or still to hold by its last day', () => {
    const f = facts({ heldMonths: { theme_day: ['2026-11'], general_meeting: ['2026-10'] } });
    expect(now(f, '2026-11-22')).toEqual([
      ['theme_day', '2026-11', true, '2026-11-30'],
      ['general_meeting', '2026-Q4', true, '2026-12-31'],
      ['party_lecture', '2026-Q4', false, '2026-12-31'],
      ['life_meeting', '2026', false, '2026-12-31'],
      ['appraisal_meeting', '2026', false, '2026-12-31'],
    ]);
    // the first day of a month: this month's theme day is due, last month's does not count
    expect(now(f, '2026-12-01')[0]).toEqual(['theme_day', '2026-12', false, '2026-12-31']);
  });

  it('a branch founded this month owes nothing for this month, the quarter or the year; one with a committee owes its meeting', () => {
    const founded = facts({
      spans: [{ from: '2026-11-10', to: null, kind: 'branch' }],
      populated: [{ from: '2026-11-10', to: null }],
    });
    expect(now(founded, '2026-11-22')).toEqual([]);
    const withCommittee = facts({ committee: [{ from: '2020-01-01', to: null, posts: 3 }] });
    expect(now(withCommittee, '2026-11-22').map((d) => d[0])).toContain('committee_meeting');
    // an org with no members owes nothing
    expect(now(facts({ populated: [] }), '2026-11-22')).toEqual([]);
  });
});

describe('heart talks in compliance (decision 0018)', () => {
  it('owed yearly only while the org has a committee post filled all year; held when everyone owed had one', () => {
    const secretary = [{ from: '2025-01-01', to: null, posts: 1 }];
    expect(item(judge(facts()), 'heart_talk')).toBeUndefined();
    expect(item(judge(facts({ committee: secretary })), 'heart_talk')).toEqual({
      type: 'heart_talk',
      expected: 1,
      held: 0,
      missing: ['2026'],
    });
    expect(
      item(judge(facts({ committee: secretary, heartTalkYears: ['2026'] })), 'heart_talk'),
    ).toMatchObject({
      expected: 1,
      held: 1,
    });
    // a secretary from 2 January: not the whole year, not owed
    expect(
      item(judge(facts({ committee: [{ from: '2026-01-02', to: null, posts: 1 }] })), 'heart_talk'),
    ).toBeUndefined();
    // the running year is pending until met
    expect(item(judge(facts({ committee: secretary }), { asOf: '2026-11-22' }), 'heart_talk')).toEqual({
      type: 'heart_talk',
      expected: 0,
      held: 0,
      missing: [],
    });
    expect(rulesAt('2026-01-01').meetings.obligations.find((o) => o.type === 'heart_talk')?.source).toContain(
      '谈心谈话',
    );
  });
});
