/** Roster statistics of an org's subtree: from the maintained aggregates today, recounted from history for past dates. */
import type { Stats } from '../shared/schemas.js';
import type { Ctx } from './context.js';
import { liveCounts, readRollup, rollStatsNow, type StatCell } from '../db/repositories/stats.js';
import { requireOrg } from './orgs.js';
import { AppError } from '../shared/errors.js';
import type { IsoDate } from '../shared/dates.js';
import { rulesAt } from '../policy/rules.js';
import type { StandingBand } from '../policy/settings.js';
import { standingByBand } from '../domain/stats/keys.js';
import { settingsAt } from '../db/repositories/settings.js';
import { EDUCATION_GROUPS, OCCUPATIONS, ORG_KINDS, SECTORS } from '../shared/codes.js';

/**
 * The figures from counted cells. Standing is counted in full years and summed here into `standingBands`, the
 * local setting in force on `asOf`.
 */
export function shapeStats(
  org: { code: string; name: string },
  asOf: IsoDate,
  source: Stats['source'],
  cells: StatCell[],
  standingBands: readonly StandingBand[],
): Stats {
  const get = (dim: string) => {
    const out: Record<string, number> = {};
    for (const c of cells) if (c.dim === dim && c.n !== 0) out[c.key] = (out[c.key] ?? 0) + c.n;
    return out;
  };
  const withKeys = (dim: string, keys: readonly string[]) => {
    const found = get(dim);
    const out: Record<string, number> = {};
    for (const k of keys) out[k] = found[k] ?? 0;
    for (const [k, v] of Object.entries(found)) if (!(k in out)) out[k] = v;
    return out;
  };
  const status = get('status');
  const sex = get('sex');
  const eth = get('eth');
  const byKind = withKeys(
    'orgKind',
    ORG_KINDS.map((k) => k.code),
  );
  const rules = rulesAt(asOf);
  return {
    org: org.code,
    orgName: org.name,
    asOf,
    source,
    members: {
      total: (status.full ?? 0) + (status.probationary ?? 0),
      full: status.full ?? 0,
      probationary: status.probationary ?? 0,
    },
    sex: { male: sex.male ?? 0, female: sex.female ?? 0 },
    ageBands: withKeys(
      'age',
      rules.ageBands.map((b) => b.key),
    ),
    ethnicity: { han: eth.han ?? 0, minority: eth.minority ?? 0, unclassified: eth.unclassified ?? 0 },
    education: withKeys(
      'edu',
      EDUCATION_GROUPS.map((e) => e.code),
    ),
    occupation: withKeys(
      'occ',
      OCCUPATIONS.map((o) => o.code),
    ),
    standing: standingByBand(
      cells.filter((c) => c.dim === 'standing' && c.n !== 0),
      standingBands,
    ),
    standingBands: standingBands.map((b) => ({ key: b.key, zh: b.zh })),
    joinPeriod: withKeys(
      'join',
      rules.joinPeriods.map((j) => j.key),
    ),
    orgs: {
      total: Object.values(byKind).reduce((a, b) => a + b, 0),
      byKind,
      bySector: withKeys(
        'orgSector',
        SECTORS.map((s) => s.code),
      ),
    },
  };
}

/** How long a statistics read waits for the daily roll's lock before answering with the figures as they are. */
export const ROLL_WAIT_MS = 2000;

/**
 * The figures of an org's subtree: for today, the maintained aggregates (their `asOf` is the day their age and
 * standing cells describe — today, unless the daily roll could not run yet); for a past date, a live recount.
 */
export async function getStats(ctx: Ctx, code: string, asOf?: IsoDate): Promise<Stats> {
  const today = ctx.clock.today();
  const at = asOf ?? today;
  if (at > today) throw new AppError('VALIDATION_FAILED', '统计日期不能晚于今天');
  const org = await requireOrg(ctx, ctx.db, code);
  if (at < today)
    return shapeStats(
      org,
      at,
      'live',
      await liveCounts(ctx.db, org.id, at),
      (await settingsAt(ctx.db, at)).standingBands,
    );
  let rollup = await readRollup(ctx.db, org.id);
  if (rollup.asOf === null || rollup.asOf < today) {
    // The daily job `stats.roll` normally ran at midnight. If not (the server was down), roll now in its own
    // transaction; should that wait longer than ROLL_WAIT_MS (an import holds the state shared for its whole
    // run), answer with the figures as they are, dated by the day their age and standing cells describe.
    await rollStatsNow(ctx.db, today, ROLL_WAIT_MS);
    rollup = await readRollup(ctx.db, org.id);
  }
  const asOfRolled = rollup.asOf !== null && rollup.asOf < today ? rollup.asOf : today;
  return shapeStats(org, asOfRolled, 'rollup', rollup.cells, ctx.settings.standingBands);
}

/** The same figures recounted live (used by tests and `jiceng stats --live` to check the aggregates). */
export async function getLiveStats(ctx: Ctx, code: string, asOf?: IsoDate): Promise<Stats> {
  const at = asOf ?? ctx.clock.today();
  const org = await requireOrg(ctx, ctx.db, code);
  const bands =
    at === ctx.clock.today() ? ctx.settings.standingBands : (await settingsAt(ctx.db, at)).standingBands;
  return shapeStats(org, at, 'live', await liveCounts(ctx.db, org.id, at), bands);
}
