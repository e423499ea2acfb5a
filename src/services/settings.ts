/**
 * Local settings of the deployment: what is in force on a date, the changes made, and changing one (a county
 * administrator of the whole deployment or the root org). A change is a new effective-dated row, never an edit;
 * the row triggers audit it. Decision 0007.
 */
import type { Db } from '../db/client.js';
import type { Clock, Ctx } from './context.js';
import {
  insertSetting,
  settingHistory as storedHistory,
  settingsAt,
  storedSettingsAt,
  type StoredSetting,
} from '../db/repositories/settings.js';
import {
  DEFAULT_SETTINGS,
  SETTING_GROUPS,
  SETTING_KEYS,
  SETTINGS,
  checkSettingValue,
  formatSettingValue,
  isSettingKey,
  sameSettingValue,
  type LocalSettings,
  type SettingKey,
} from '../policy/settings.js';
import { rulesAt } from '../policy/rules.js';
import { actorId, can, deployment } from '../domain/access/policy.js';
import { AppError } from '../shared/errors.js';
import { addYears, type IsoDate } from '../shared/dates.js';
import type { SettingChange, SettingUpdate, SettingView, SettingsView } from '../shared/schemas.js';

export { settingsAt };

/**
 * Today's settings for the server, kept in memory: loaded once per day and again after a change (`invalidate`),
 * and at most `ttlMs` old, so a change made from the command line (another process) is seen within that time.
 */
export class SettingsCache {
  private entry: { date: IsoDate; loadedAt: number; settings: Promise<LocalSettings> } | null = null;
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly ttlMs = 30_000,
  ) {}

  today(): Promise<LocalSettings> {
    const date = this.clock.today();
    const now = Date.now();
    if (!this.entry || this.entry.date !== date || now - this.entry.loadedAt > this.ttlMs) {
      const settings = settingsAt(this.db, date);
      const entry = { date, loadedAt: now, settings };
      this.entry = entry;
      // a failed load is not kept: the next request tries again
      settings.catch(() => {
        if (this.entry === entry) this.entry = null;
      });
    }
    return this.entry.settings;
  }

  invalidate(): void {
    this.entry = null;
  }
}

function changeView(s: StoredSetting, state: SettingChange['state']): SettingChange {
  const key = s.key as SettingKey;
  return {
    id: s.id,
    key: s.key,
    label: isSettingKey(s.key) ? SETTINGS[key].label : s.key,
    value: s.value,
    valueText: isSettingKey(s.key) ? formatSettingValue(key, s.value) : JSON.stringify(s.value),
    effectiveFrom: s.effectiveFrom,
    changedAt: s.changedAt,
    changedBy: s.changedByName,
    note: s.note,
    state,
  };
}

function settingView(
  key: SettingKey,
  settings: LocalSettings,
  current: StoredSetting | undefined,
  scheduled: StoredSetting[],
): SettingView {
  const def = SETTINGS[key];
  const value = def.get(settings);
  const dflt = def.get(DEFAULT_SETTINGS);
  return {
    key,
    group: def.group,
    label: def.label,
    description: def.description,
    source: def.source,
    unit: def.unit,
    default: dflt,
    defaultText: formatSettingValue(key, dflt),
    value,
    valueText: formatSettingValue(key, value),
    changed: !sameSettingValue(key, value, dflt),
    current: current ? changeView(current, 'in_force') : null,
    scheduled: scheduled
      .filter((s) => s.key === key)
      .sort((a, b) =>
        a.effectiveFrom < b.effectiveFrom ? -1 : a.effectiveFrom > b.effectiveFrom ? 1 : a.id - b.id,
      )
      .map((s) => changeView(s, 'scheduled')),
  };
}

/** Every setting in force today (with its default, source and stored change) and the official rule set. */
export async function listSettings(ctx: Ctx): Promise<SettingsView> {
  const today = ctx.clock.today();
  // read from the database, not ctx.settings: the page shows what is stored, also a change made a moment ago
  const current = await storedSettingsAt(ctx.db, today);
  const settings = await settingsAt(ctx.db, today);
  const scheduled = (await storedHistory(ctx.db)).filter((s) => s.effectiveFrom > today);
  const rules = rulesAt(today);
  return {
    today,
    canManage: can(ctx.actor, 'settings.manage', deployment),
    groups: SETTING_GROUPS.map((g) => ({ code: g.code, zh: g.zh })),
    settings: SETTING_KEYS.map((key) =>
      settingView(
        key,
        settings,
        current.find((c) => c.key === key && checkSettingValue(key, c.value).ok),
        scheduled,
      ),
    ),
    rules: {
      id: rules.id,
      effectiveFrom: rules.effectiveFrom,
      source: rules.source,
      ageBands: rules.ageBands.map((b) => ({ key: b.key, zh: b.zh, min: b.min, max: b.max })),
      joinPeriods: rules.joinPeriods.map((p) => ({ key: p.key, zh: p.zh, from: p.from, before: p.before })),
    },
  };
}

/** Every stored change (of one setting, or of all), newest effective date first. */
export async function listSettingHistory(ctx: Ctx, key?: string): Promise<SettingChange[]> {
  if (key !== undefined && !isSettingKey(key)) throw new AppError('NOT_FOUND', `没有名为“${key}”的设置`);
  const today = ctx.clock.today();
  const inForce = new Set((await storedSettingsAt(ctx.db, today)).map((s) => s.id));
  return (await storedHistory(ctx.db, key)).map((s) =>
    changeView(s, s.effectiveFrom > today ? 'scheduled' : inForce.has(s.id) ? 'in_force' : 'superseded'),
  );
}

/** How far ahead a change may be scheduled. */
const MAX_YEARS_AHEAD = 5;

/**
 * Sets a setting's value from `effectiveFrom` on. A date before today re-judges history from then (statistics of
 * those dates are counted with the new value), so it needs a note saying why. Standing bands need no recount: the
 * maintained aggregates hold full years of standing and the bands are applied when figures are read.
 */
export async function changeSetting(ctx: Ctx, key: string, input: SettingUpdate): Promise<SettingView> {
  if (!can(ctx.actor, 'settings.manage', deployment))
    throw new AppError('FORBIDDEN', '本县设置只能由县级（根组织）的组织部管理员修改');
  if (!isSettingKey(key)) throw new AppError('NOT_FOUND', `没有名为“${key}”的设置`);
  const def = SETTINGS[key];
  const checked = checkSettingValue(key, input.value);
  if (!checked.ok)
    throw new AppError(
      'VALIDATION_FAILED',
      `${def.label}：${checked.issues.map((i) => i.message).join('；')}`,
      checked.issues.map((i) => ({ path: ['value', ...i.path], message: i.message })),
    );
  const today = ctx.clock.today();
  const note = input.note?.trim() || null;
  if (input.effectiveFrom < today && !note)
    throw new AppError(
      'VALIDATION_FAILED',
      '生效日期早于今天：该日以来的历史（如统计）将按新的值重新判断，请在“说明”中写明原因',
      [{ path: ['note'], message: '生效日期早于今天时必须填写说明' }],
    );
  if (input.effectiveFrom > addYears(today, MAX_YEARS_AHEAD))
    throw new AppError('VALIDATION_FAILED', `生效日期不能晚于${MAX_YEARS_AHEAD}年以后`, [
      { path: ['effectiveFrom'], message: `生效日期不能晚于${MAX_YEARS_AHEAD}年以后` },
    ]);
  await ctx.db.transaction((tx) =>
    insertSetting(tx, {
      key,
      value: checked.value,
      effectiveFrom: input.effectiveFrom,
      changedBy: actorId(ctx.actor),
      note,
    }),
  );
  return (await listSettings(ctx)).settings.find((s) => s.key === key)!;
}
