/**
 * Issue 8, history integrity (decision 0008): every dated table (src/db/intervals.ts) carries its rules in the
 * database — no two periods of one entity overlap, at most one is open — and the database itself refuses a write
 * that breaks them, bulk loads included.
 */
import { expect, it } from 'vitest';
import { describeDb } from '../helpers/db.js';
import { idNumber, member, smallCounty } from '../helpers/factory.js';
import { importMembers } from '../../src/services/imports.js';
import { INTERVAL_TABLES, MEMBER_PERIOD, ORG_VERSION } from '../../src/db/intervals.js';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

describeDb('dated tables refuse overlapping and second open periods', (h) => {
  const code = (e: unknown) => (e as { code?: string }).code;

  it('every dated table has its three rules in the database', async () => {
    for (const t of INTERVAL_TABLES) {
      const cons = await h.db.query<{ name: string; type: string; def: string }>(
        `SELECT conname AS name, contype AS type, pg_get_constraintdef(oid) AS def FROM pg_constraint
          WHERE conrelid = $1::regclass ORDER BY conname`,
        [t.table],
      );
      expect(cons.find((c) => c.name === t.names.interval)?.type, t.table).toBe('c');
      const x = cons.find((c) => c.name === t.names.noOverlap);
      expect(x?.type, t.table).toBe('x');
      expect(x?.def).toContain('daterange(valid_from, valid_to)');
      const [idx] = await h.db.query<{ def: string }>(
        'SELECT indexdef AS def FROM pg_indexes WHERE indexname = $1',
        [t.names.open],
      );
      expect(idx?.def, t.table).toMatch(/UNIQUE INDEX .* WHERE \(valid_to IS NULL\)/);
    }
  });

  it('an overlapping member period is refused by the database', async () => {
    await smallCounty(h.ctx());
    const m = await member(h.ctx(), 'V11', '张三');
    const [o] = await h.db.query<{ id: number }>("SELECT id FROM org WHERE code = 'V12'");
    const err = await h.db
      .query(
        `INSERT INTO member_period (member_id, org_id, status, valid_from, valid_to) VALUES ($1, $2, 'full', '2010-01-01', '2011-01-01')`,
        [m.id, o!.id],
      )
      .catch((e: unknown) => e);
    expect(code(err)).toBe('23P01');
    // adjacent periods are fine: [a, b) and [b, c) do not overlap
    await h.db.transaction(async (tx) => {
      await tx.query(
        `UPDATE member_period SET valid_to = '2026-01-01' WHERE member_id = $1 AND valid_to IS NULL`,
        [m.id],
      );
      await tx.query(
        `INSERT INTO member_period (member_id, org_id, status, valid_from) VALUES ($1, $2, 'full', '2026-01-01')`,
        [m.id, o!.id],
      );
    });
  });

  it('a second open period is refused, by the overlap rule and by the open-period index on its own', async () => {
    await smallCounty(h.ctx());
    const m = await member(h.ctx(), 'V11', '张三');
    const [o] = await h.db.query<{ id: number }>("SELECT id FROM org WHERE code = 'V12'");
    const second = (db: typeof h.db) =>
      db.query(
        `INSERT INTO member_period (member_id, org_id, status, valid_from) VALUES ($1, $2, 'full', '2030-01-01')`,
        [m.id, o!.id],
      );
    // (whichever of the two the database checks first)
    expect(['23P01', '23505']).toContain(code(await second(h.db).catch((e: unknown) => e)));
    // without the overlap constraint (dropped in a transaction that is rolled back) the partial unique index refuses it
    const rollback = new Error('rollback');
    const inner = await h.db
      .transaction(async (tx) => {
        await tx.exec(`ALTER TABLE member_period DROP CONSTRAINT ${MEMBER_PERIOD.names.noOverlap}`);
        const e = await second(tx).catch((x: unknown) => x);
        throw Object.assign(rollback, { inner: e });
      })
      .catch((e: unknown) => (e as { inner?: unknown }).inner);
    expect(code(inner)).toBe('23505');
    expect((inner as Error).message).toContain(MEMBER_PERIOD.names.open);
    const [still] = await h.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM pg_constraint WHERE conname = $1',
      [MEMBER_PERIOD.names.noOverlap],
    );
    expect(still?.n).toBe(1);
  });

  it('org versions: an overlap and a second open version are refused', async () => {
    await smallCounty(h.ctx());
    const [o] = await h.db.query<{ id: number }>("SELECT id FROM org WHERE code = 'V11'");
    const ins = (from: string, to: string | null) =>
      h.db
        .query(
          `INSERT INTO org_version (org_id, valid_from, valid_to, parent_id, name, kind, sector)
           VALUES ($1, $2, $3, NULL, 'x', 'branch', 'village')`,
          [o!.id, from, to],
        )
        .catch((e: unknown) => e);
    expect(code(await ins('2001-01-01', '2002-01-01'))).toBe('23P01');
    expect(['23P01', '23505']).toContain(code(await ins('2030-01-01', null)));
    expect(code(await ins('1990-01-01', '2000-01-01'))).toBeUndefined();
    expect(ORG_VERSION.names.noOverlap).toBe('org_version_no_overlap');
  });

  it('a bulk load drops the overlap rule and the open-period index and builds them again, checking every row', async () => {
    const rules = () =>
      h.db.query<{ name: string; def: string }>(
        `SELECT conname AS name, pg_get_constraintdef(oid) AS def FROM pg_constraint
          WHERE conrelid IN ('member'::regclass, 'member_period'::regclass) ORDER BY 1`,
      );
    const before = await rules();
    expect(before.map((r) => r.name)).toContain(MEMBER_PERIOD.names.noOverlap);
    const dir = mkdtempSync(join(tmpdir(), 'jiceng-hist-'));
    await smallCounty(h.ctx());
    const file = join(dir, 'members.csv');
    writeFileSync(
      file,
      `所在党组织编码,姓名,身份证号,性别,民族,学历,职业,人员类别,入党日期,转正日期\nV11,张三,${idNumber('1970-01-01', 'male')},男,汉族,初中,农民,正式党员,1990-07-01,1991-07-01\nV11,李四,${idNumber('1980-01-01', 'female')},女,汉族,初中,农民,预备党员,2026-06-01,\n`,
    );
    expect(await importMembers(h.ctx(), { path: file }, { bulkLoad: true })).toMatchObject({
      inserted: 2,
      rejected: [],
    });
    expect(await rules()).toEqual(before);
    const [p] = await h.db.query<{ member_id: number; org_id: number }>(
      'SELECT member_id, org_id FROM member_period LIMIT 1',
    );
    const err = await h.db
      .query(
        `INSERT INTO member_period (member_id, org_id, status, valid_from, valid_to)
         VALUES ($1, $2, 'full', '2000-01-01', '2030-01-01')`,
        [p!.member_id, p!.org_id],
      )
      .catch((e: unknown) => e);
    expect(code(err)).toBe('23P01');
  });
});
