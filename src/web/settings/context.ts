/**
 * The local settings and the official rule set in force today, loaded once after sign-in (AppLayout provides
 * them) and again after a change, for every page that shows bands or the term window.
 */
import { createContext, useContext, useMemo } from 'react';
import type { CodeEntry } from '../../shared/codes.js';
import type { SettingsView } from '../../shared/schemas.js';

export interface SettingsApi {
  /** undefined until the first answer */
  view: SettingsView | undefined;
  error: unknown;
  /** read them again (after a change) */
  reload: () => void;
}

export const SettingsContext = createContext<SettingsApi>({
  view: undefined,
  error: undefined,
  reload: () => undefined,
});

export function useSettings(): SettingsApi {
  return useContext(SettingsContext);
}

/** A setting's value in force today, or undefined until the settings have loaded. */
export function useSettingValue<T>(key: string): T | undefined {
  return useSettings().view?.settings.find((s) => s.key === key)?.value as T | undefined;
}

/** 换届提醒提前期: a term shows as ending soon this many months before it ends. */
export function useTermEndingSoonMonths(): number | undefined {
  return useSettingValue<number>('termEndingSoonMonths');
}

/** Bands (age, join periods, standing) as code entries for labels and select options. */
export function bandEntries(bands: readonly { key: string; zh: string }[] | undefined): CodeEntry[] {
  return (bands ?? []).map((b) => ({ code: b.key, zh: b.zh }));
}

/** The official age bands and join periods in force, as code entries (empty until loaded). */
export function useRuleBands(): { ageBands: CodeEntry[]; joinPeriods: CodeEntry[]; loaded: boolean } {
  const rules = useSettings().view?.rules;
  return useMemo(
    () => ({
      ageBands: bandEntries(rules?.ageBands),
      joinPeriods: bandEntries(rules?.joinPeriods),
      loaded: !!rules,
    }),
    [rules],
  );
}
