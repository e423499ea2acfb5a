/**
 * SQL forms of the statistics keys in domain/stats/keys.ts, generated from the same band data so the two can
 * never disagree. `m` is the member alias, `st` the status expression; `$Y`/`$MD` are parameters holding the
 * as-of year and month*100+day.
 */
import { EDUCATIONS, HAN_CODE } from '../../shared/codes.js';
import { rulesAt } from '../../policy/rules.js';
import { NO_STANDING, UNCLASSIFIED, UNKNOWN } from '../../domain/stats/keys.js';
import type { IsoDate } from '../../shared/dates.js';

const lit = (s: string) => `'${s.replace(/'/g, "''")}'`;

function bandCase(
  expr: string,
  bands: readonly { key: string; min: number | null; max: number | null }[],
): string {
  const whens = bands.map((b) => {
    const conds: string[] = [];
    if (b.min !== null) conds.push(`${expr} >= ${b.min}`);
    if (b.max !== null) conds.push(`${expr} <= ${b.max}`);
    return `WHEN ${conds.join(' AND ') || 'true'} THEN ${lit(b.key)}`;
  });
  return `(CASE ${whens.join(' ')} ELSE ${lit(bands[bands.length - 1]!.key)} END)`;
}

/** Full years between a date column (with its md column) and the as-of date given as year/md parameters. */
function yearsExpr(dateCol: string, mdCol: string, y: string, md: string): string {
  return `(${y}::int - extract(year from ${dateCol})::int - (CASE WHEN ${md}::int < ${mdCol} THEN 1 ELSE 0 END))`;
}

export interface StatSqlParams {
  y: string;
  md: string;
  at: string;
}

/** VALUES list of (dim, key) for one roster member, as of the date in the params. */
export function memberKeysSql(at: IsoDate, p: StatSqlParams, st = 'm.status'): string {
  const rules = rulesAt(at);
  const age = bandCase(yearsExpr('m.birth_date', 'm.birth_md', p.y, p.md), rules.ageBands);
  // full years of standing, as standingKey gives them (the bands are applied when the figures are read)
  const standing = `(CASE WHEN ${st} <> 'full' OR m.confirmed_on IS NULL OR m.confirmed_on > ${p.at}::date THEN ${lit(
    NO_STANDING,
  )} ELSE ${yearsExpr('m.confirmed_on', 'm.confirmed_md', p.y, p.md)}::text END)`;
  const join = `(CASE ${rules.joinPeriods
    .map((j) => {
      const c: string[] = [];
      if (j.from) c.push(`m.joined_on >= ${lit(j.from)}::date`);
      if (j.before) c.push(`m.joined_on < ${lit(j.before)}::date`);
      return `WHEN ${c.join(' AND ') || 'true'} THEN ${lit(j.key)}`;
    })
    .join(' ')} END)`;
  // (a raw text is kept only while its field is null: memberKeys' order of tests gives the same keys)
  const edu = `(CASE WHEN m.education_raw IS NOT NULL THEN ${lit(UNCLASSIFIED)} ELSE CASE m.education ${EDUCATIONS.map(
    (e) => `WHEN ${lit(e.code)} THEN ${lit(e.group)}`,
  ).join(' ')} ELSE ${lit(UNKNOWN)} END END)`;
  const eth = `(CASE WHEN m.ethnicity IS NULL THEN ${lit(UNCLASSIFIED)} WHEN m.ethnicity = ${lit(
    HAN_CODE,
  )} THEN 'han' ELSE 'minority' END)`;
  const occ = `(CASE WHEN m.occupation_raw IS NOT NULL THEN ${lit(UNCLASSIFIED)} ELSE coalesce(m.occupation, ${lit(
    UNKNOWN,
  )}) END)`;
  return `(VALUES ('status', ${st}), ('sex', m.sex), ('age', ${age}), ('eth', ${eth}), ('edu', ${edu}), ('occ', ${occ}), ('standing', ${standing}), ('join', ${join}))`;
}

export function dateParams(at: IsoDate): { y: number; md: number } {
  return { y: Number(at.slice(0, 4)), md: Number(at.slice(5, 7)) * 100 + Number(at.slice(8, 10)) };
}
