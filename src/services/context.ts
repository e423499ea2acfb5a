import type { Db } from '../db/client.js';
import type { Actor } from '../domain/access/policy.js';
import { chinaToday, type IsoDate } from '../shared/dates.js';
import type { LocalSettings } from '../policy/settings.js';
import type { OrgCodeCache, SessionCheck } from './kept.js';

export interface Clock {
  today(): IsoDate;
  now(): Date;
}

export const systemClock: Clock = { today: () => chinaToday(), now: () => new Date() };

export function fixedClock(today: IsoDate): Clock {
  return { today: () => today, now: () => new Date(`${today}T04:00:00.000Z`) };
}

export interface Ctx {
  db: Db;
  clock: Clock;
  actor: Actor;
  /**
   * The local settings in force today by `clock` (services/settings.ts loads them; the server keeps them in a
   * small cache). A use case judging a past date asks for the settings in force on that date instead.
   */
  settings: LocalSettings;
  /** where the request came from (IP address), for the audit log */
  origin?: string | null;
  /**
   * How far the roster counts a filtered total that the maintained statistics cannot tell before it answers "more
   * than" (decision 0051): the deployment's `JICENG_ROSTER_COUNT_CAP`; ROSTER_COUNT_CAP (10,000) when unset.
   */
  rosterCountCap?: number;
  /**
   * The session the actor was decided from when it was kept by the process and not read by this request (decision
   * 0055): a read that relies on it checks it in its own statement, or calls `confirmSession` first.
   */
  session?: SessionCheck;
  /** the orgs this process found by code, checked by the read that uses them (decision 0055) */
  orgCodes?: OrgCodeCache;
}
