/**
 * Local settings a county may change (local practice, not national rules). Defaults documented with where the
 * number was seen; a later issue stores per-deployment overrides in the database.
 */
export interface StandingBand {
  key: string;
  zh: string;
  min: number;
  max: number | null;
}

export interface LocalSettings {
  /** Bands of party standing (党龄, full years since confirmation) used by the roster statistics. */
  standingBands: readonly StandingBand[];
  /** Account security: lock-out after this many consecutive wrong passwords, for this long; session lifetime. */
  accounts: { maxFailedLogins: number; lockMinutes: number; sessionHours: number };
}

export const DEFAULT_SETTINGS: LocalSettings = {
  standingBands: [
    { key: '0-5', zh: '5年及以下', min: 0, max: 5 },
    { key: '6-10', zh: '6至10年', min: 6, max: 10 },
    { key: '11-20', zh: '11至20年', min: 11, max: 20 },
    { key: '21-30', zh: '21至30年', min: 21, max: 30 },
    { key: '31-40', zh: '31至40年', min: 31, max: 40 },
    { key: '41-50', zh: '41至50年', min: 41, max: 50 },
    { key: '51+', zh: '51年及以上', min: 51, max: null },
  ],
  accounts: { maxFailedLogins: 5, lockMinutes: 15, sessionHours: 12 },
};

export function standingBandOf(
  years: number,
  bands: readonly StandingBand[] = DEFAULT_SETTINGS.standingBands,
): string {
  for (const b of bands) if (years >= b.min && (b.max === null || years <= b.max)) return b.key;
  return bands[0]!.key;
}
