/**
 * What the tests of the keys kept on the membership share (roster-keys: the person's keys, decision 0049;
 * roster-ancestors: the org's ancestors, decision 0051): a deterministic generator of random histories, the page
 * comparison (from the kept keys and through the person's name index, row for row), a new membership of a known
 * person written without the kept columns, an import by COPY, the count of member audit entries and a migration's
 * backfill statement.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import type { Db } from '../../src/db/client.js';
import { insertMembership } from '../../src/db/repositories/members.js';
import { rosterPage, type RosterFilter } from '../../src/db/repositories/roster.js';
import { mulberry32 } from '../../src/domain/demo/random.js';
import { importMembers } from '../../src/services/imports.js';
import type { Ctx } from '../../src/services/context.js';
import { idNumber } from './factory.js';

/** Surnames and given names chosen to collide: equal names (ties by id), shared syllables, polyphones. */
export const SURNAMES = ['王', '汪', '李', '张', '章', '陈', '曾', '吕'];
export const GIVEN = ['芳', '方', '强', '伟', '敏', '静', '磊', '长', '乐'];
export const BIRTHS = ['1980-03-04', '1983-06-30', '1985-01-15', '1988-11-11', '1990-02-28', '1975-07-07'];

/** A small deterministic generator (mulberry32): the same history on every run and engine. */
export function random(seed: number) {
  const next = mulberry32(seed);
  return { next, pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]! };
}

/**
 * One page in name order read from the kept keys (`rosterPage` byOrg) equals the page the person's name index gives
 * (byOrg false), row for row; returns that page.
 */
export async function expectSamePage(
  db: Db,
  filter: RosterFilter,
  limit: number,
  offset: number,
  tag: Record<string, unknown>,
) {
  const walk = await rosterPage(db, filter, 'name', limit, offset, { byOrg: false });
  const keyed = await rosterPage(db, filter, 'name', limit, offset, { byOrg: true });
  expect({ ...tag, limit, offset, ids: keyed.map((r) => r.id) }).toEqual({
    ...tag,
    limit,
    offset,
    ids: walk.map((r) => r.id),
  });
  expect(keyed).toEqual(walk);
  return walk;
}

/**
 * A new membership of a known person (transferred out, as an old record) written without the kept columns: the
 * trigger fills `filled` from the person or the org; `stale` (the test's own check) finds nothing; the row is then
 * removed again (the aggregates do not count it).
 */
export async function expectNewMembershipFilled(
  db: Db,
  personId: number,
  orgCode: string,
  filled: readonly string[],
  stale: () => Promise<number>,
) {
  const extra = await insertMembership(db, personId, {
    orgId: (await db.query<{ id: number }>('SELECT id FROM org WHERE code = $1', [orgCode]))[0]!.id,
    status: 'transferred_out',
    joinedOn: '2001-07-01',
    confirmedOn: null,
    isMobile: false,
  });
  const [keys] = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM member WHERE id = $1 AND ${filled.map((c) => `${c} IS NOT NULL`).join(' AND ')}`,
    [extra],
  );
  expect(keys!.n).toBe(1);
  expect(await stale()).toBe(0);
  await db.query('DELETE FROM member WHERE id = $1', [extra]);
}

/**
 * Imports `n` full members by COPY (the import's path), the i-th into `orgs[i % orgs.length]`, named from SURNAMES
 * and GIVEN, born BIRTHS[i % 6], men and women in turn.
 */
export async function importSome(ctx: Ctx, orgs: readonly string[], n: number): Promise<number> {
  const file = join(mkdtempSync(join(tmpdir(), 'jiceng-roster-import-')), 'members.csv');
  writeFileSync(
    file,
    [
      '所在党组织编码,姓名,身份证号,性别,民族,学历,职业,人员类别,入党日期,转正日期',
      ...Array.from({ length: n }, (_, i) => {
        const sex = i % 2 ? 'female' : 'male';
        return `${orgs[i % orgs.length]},${SURNAMES[i % SURNAMES.length]}${GIVEN[i % GIVEN.length]},${idNumber(BIRTHS[i % BIRTHS.length]!, sex, '430102')},${sex === 'male' ? '男' : '女'},汉族,本科,农民,正式党员,2010-07-01,2011-07-01`;
      }),
    ].join('\n'),
  );
  return (await importMembers(ctx, { path: file })).inserted;
}

/** How many updates of a membership the audit log holds (bookkeeping of kept columns writes none). */
export async function memberUpdateEntries(db: Db): Promise<number> {
  const [r] = await db.query<{ n: number }>(
    "SELECT count(*)::int AS n FROM audit_log WHERE entity = 'member' AND action = 'update'",
  );
  return r!.n;
}

const MIGRATIONS = join(dirname(fileURLToPath(import.meta.url)), '../../src/db/migrations');

/** The backfill of a migration (its `UPDATE member m SET …` statement), to run on rows written without it. */
export function migrationBackfill(tag: string): string {
  const backfill = readFileSync(join(MIGRATIONS, `${tag}.sql`), 'utf8')
    .split('--> statement-breakpoint')
    .map((s) => s.trim())
    .find((s) => s.startsWith('UPDATE member m SET'));
  expect(backfill).toBeDefined();
  return backfill!;
}

/** Empties the kept columns of every membership, as the schema before their migration left the rows. */
export async function clearKept(db: Db, columns: readonly string[]) {
  await db.exec(
    `SELECT set_config('jiceng.bulk', 'on', false); UPDATE member SET ${columns.map((c) => `${c} = NULL`).join(', ')}; SELECT set_config('jiceng.bulk', 'off', false)`,
  );
}

/**
 * The invariant today's rosters read from the memberships rest on (the daily evaluation's TODAY_ROSTER, decision
 * 0052's session 22 addendum; the roster itself): no period begins after `today`; a membership on the roster has a
 * period in being today, and the period in being today (if any) carries the membership's org and status.
 */
export async function expectMembershipsAsPeriods(db: Db, today: string): Promise<void> {
  const bad = await db.query<{ id: number; why: string }>(
    `SELECT m.id, CASE WHEN EXISTS (SELECT 1 FROM member_period f WHERE f.member_id = m.id AND f.valid_from > $1::date)
                       THEN 'a period after today'
                       WHEN p.member_id IS NULL THEN 'on the roster without a period today'
                       ELSE 'the period of today is ' || p.org_id || '/' || p.status END AS why
       FROM member m
       LEFT JOIN member_period p
         ON p.member_id = m.id AND p.valid_from <= $1::date AND (p.valid_to IS NULL OR p.valid_to > $1::date)
      WHERE EXISTS (SELECT 1 FROM member_period f WHERE f.member_id = m.id AND f.valid_from > $1::date)
         OR (p.member_id IS NULL AND m.status IN ('full', 'probationary'))
         OR (p.member_id IS NOT NULL AND (p.org_id <> m.org_id OR p.status <> m.status))`,
    [today],
  );
  expect(bad).toEqual([]);
}
