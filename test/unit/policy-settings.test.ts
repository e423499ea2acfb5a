import { describe, expect, it } from 'vitest';
import {
  bandsFromUpperBounds,
  checkSettingValue,
  DEFAULT_SETTINGS,
  formatSettingValue,
  overlaySettings,
  parseBandsText,
  sameSettingValue,
  SETTING_KEYS,
  SETTINGS,
  settingDef,
  standingBandOf,
  type SettingKey,
} from '../../src/policy/settings.js';

describe('standingBandOf — 党龄 bands', () => {
  it.each([
    [0, '0-5'],
    [5, '0-5'],
    [6, '6-10'],
    [10, '6-10'],
    [11, '11-20'],
    [20, '11-20'],
    [21, '21-30'],
    [30, '21-30'],
    [31, '31-40'],
    [40, '31-40'],
    [41, '41-50'],
    [50, '41-50'],
    [51, '51+'],
    [100, '51+'],
    [-1, '0-5'], // below every band: the first band
  ])('%i years → %s', (years, band) => {
    expect(standingBandOf(years)).toBe(band);
  });

  it('default bands are contiguous from 0', () => {
    const bands = DEFAULT_SETTINGS.standingBands;
    expect(bands.map((b) => b.key)).toEqual(['0-5', '6-10', '11-20', '21-30', '31-40', '41-50', '51+']);
    expect(bands[0]!.min).toBe(0);
    expect(bands.at(-1)!.max).toBeNull();
    for (let i = 1; i < bands.length; i++) expect(bands[i]!.min).toBe(bands[i - 1]!.max! + 1);
  });

  it('uses a custom band list', () => {
    const bands = [
      { key: 'a', zh: 'A', min: 0, max: 9 },
      { key: 'b', zh: 'B', min: 10, max: null },
    ];
    expect(standingBandOf(9, bands)).toBe('a');
    expect(standingBandOf(10, bands)).toBe('b');
  });
});

describe('the settings registry', () => {
  it('registers every setting with a Chinese label, description, source and unit, and a default that passes', () => {
    expect([...SETTING_KEYS].sort()).toEqual(Object.keys(SETTINGS).sort());
    for (const key of SETTING_KEYS) {
      const def = settingDef(key);
      expect(def.key).toBe(key);
      for (const text of [def.label, def.description, def.source]) expect(text).toMatch(/\p{Script=Han}/u);
      // a unit in Chinese, or the percent sign; none for an on/off setting (shown as 开启 / 关闭)
      if (typeof def.get(DEFAULT_SETTINGS) === 'boolean') expect(def.unit).toBe('');
      else expect(def.unit).toMatch(/\p{Script=Han}|^%$/u);
      expect(checkSettingValue(key, def.get(DEFAULT_SETTINGS))).toMatchObject({ ok: true });
    }
    expect(DEFAULT_SETTINGS.termEndingSoonMonths).toBe(6);
  });

  const problems = (key: SettingKey, value: unknown) => {
    const r = checkSettingValue(key, value);
    return r.ok ? [] : r.issues.map((i) => i.message);
  };

  it('refuses bands with a gap, an overlap, an open band before the last, or a closed last band, saying where', () => {
    const [b0, b1, b2] = bandsFromUpperBounds([5, 10]);
    expect(problems('standingBands', [b0, { ...b1!, min: 8 }, b2])).toEqual([
      '党龄段不连续：「5年及以下」到5年为止，「6至10年」从8年开始，6至7年没有归入任何一段',
    ]);
    expect(problems('standingBands', [b0, { ...b1!, min: 5 }, b2])).toEqual([
      '党龄段重叠：「5年及以下」到5年为止，「6至10年」从5年开始，5年同时属于两段',
    ]);
    expect(problems('standingBands', [{ ...b0!, min: 1 }, b1, b2])[0]).toContain('第一段应从0年开始');
    expect(problems('standingBands', [b0, { ...b1!, max: null }, b2])).toContain(
      '「6至10年」没有上限：只有最后一段可以是“及以上”',
    );
    expect(problems('standingBands', [b0, b1, { ...b2!, max: 60 }])[0]).toContain('最后一段应不设上限');
    expect(problems('standingBands', [b0, { ...b1!, key: 'none' }, b2])[0]).toContain('预备党员');
    expect(problems('standingBands', [b0])).toContain('至少要有两个党龄段');
    expect(problems('standingBands', bandsFromUpperBounds([5, 10, 20]))).toEqual([]);
  });

  it('refuses numbers out of range or not whole, in Chinese', () => {
    expect(problems('accounts.lockMinutes', 0)).toEqual(['锁定时长不能小于1分钟（0分钟等于不锁定）']);
    expect(problems('accounts.maxFailedLogins', 2.5)).toEqual(['锁定次数应为整数']);
    expect(problems('accounts.maxFailedLogins', '5')).toEqual(['锁定次数应为整数']);
    expect(problems('termEndingSoonMonths', 25)).toEqual(['换届提醒提前期不能大于24个月']);
    expect(problems('accounts.sessionHours', 8)).toEqual([]);
  });

  it('lays stored values over the defaults, skipping unknown keys and values that no longer pass', () => {
    const s = overlaySettings(DEFAULT_SETTINGS, [
      { key: 'termEndingSoonMonths', value: 3 },
      { key: 'accounts.lockMinutes', value: 30 },
      { key: 'accounts.maxFailedLogins', value: 0 },
      { key: 'somethingElse', value: 1 },
    ]);
    expect(s.termEndingSoonMonths).toBe(3);
    expect(s.accounts).toEqual({ maxFailedLogins: 5, lockMinutes: 30, sessionHours: 12 });
    expect(DEFAULT_SETTINGS.accounts.lockMinutes).toBe(15);
  });

  it('reads the short form of a band list and names the bands as the defaults are named', () => {
    expect(parseBandsText('0-5,6-10,11-20,21-30,31-40,41-50,51+')).toEqual(DEFAULT_SETTINGS.standingBands);
    expect(parseBandsText('0-9，10+')).toEqual(bandsFromUpperBounds([9]));
    expect(parseBandsText('five')).toBeNull();
    expect(formatSettingValue('standingBands', bandsFromUpperBounds([9]))).toBe('9年及以下、10年及以上');
    expect(formatSettingValue('accounts.lockMinutes', 30)).toBe('30分钟');
    // jsonb keeps an object's fields in its own order: values are compared by content
    expect(
      sameSettingValue(
        'standingBands',
        [{ max: 9, min: 0, zh: '9年及以下', key: '0-9' }, bandsFromUpperBounds([9])[1]],
        bandsFromUpperBounds([9]),
      ),
    ).toBe(true);
  });
});
