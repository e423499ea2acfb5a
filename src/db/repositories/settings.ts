/** Stored local settings (`local_setting`): effective-dated values laid over the defaults of policy/settings.ts. */
import type { Db } from '../client.js';
import { DEFAULT_SETTINGS, overlaySettings, type LocalSettings } from '../../policy/settings.js';
import type { IsoDate } from '../../shared/dates.js';

export interface StoredSetting {
  id: number;
  key: string;
  value: unknown;
  effectiveFrom: IsoDate;
  changedBy: number | null;
  /** the account's username (null for changes made from the command line) */
  changedByName: string | null;
  changedAt: string;
  note: string | null;
}

const COLS = `s.id, s.key, s.value, s.effective_from AS "effectiveFrom", s.changed_by AS "changedBy",
  u.username AS "changedByName", s.changed_at::text AS "changedAt", s.note`;

/** Of each key, the latest stored value in force on `date` (the greatest effective_from ≤ date; then the later row). */
export async function storedSettingsAt(db: Db, date: IsoDate): Promise<StoredSetting[]> {
  return db.query<StoredSetting>(
    `SELECT DISTINCT ON (s.key) ${COLS}
       FROM local_setting s LEFT JOIN app_user u ON u.id = s.changed_by
      WHERE s.effective_from <= $1::date
      ORDER BY s.key, s.effective_from DESC, s.id DESC`,
    [date],
  );
}

/** The settings in force on `date`: the defaults overlaid with the latest stored value of each key effective by then. */
export async function settingsAt(db: Db, date: IsoDate): Promise<LocalSettings> {
  return overlaySettings(DEFAULT_SETTINGS, await storedSettingsAt(db, date));
}

/** Every stored change, newest effective date first (then the later change first). */
export async function settingHistory(db: Db, key?: string): Promise<StoredSetting[]> {
  return db.query<StoredSetting>(
    `SELECT ${COLS} FROM local_setting s LEFT JOIN app_user u ON u.id = s.changed_by
      WHERE $1::text IS NULL OR s.key = $1
      ORDER BY s.effective_from DESC, s.id DESC`,
    [key ?? null],
  );
}

export async function insertSetting(
  db: Db,
  row: { key: string; value: unknown; effectiveFrom: IsoDate; changedBy: number | null; note: string | null },
): Promise<number> {
  const [r] = await db.query<{ id: number }>(
    `INSERT INTO local_setting (key, value, effective_from, changed_by, note)
     VALUES ($1, $2::jsonb, $3, $4, $5) RETURNING id`,
    [row.key, JSON.stringify(row.value), row.effectiveFrom, row.changedBy, row.note],
  );
  return r!.id;
}
