/**
 * Issue 8, history integrity (decision 0008): every dated table (src/db/intervals.ts) carries its rules in the
 * database — no two periods of one entity overlap, at most one is open — and the database itself refuses a write
 * that breaks them, bulk loads included.
 */
import { expect, it } from 'vitest';
import { describeDb } from '../helpers/db.js';
import { idNumber, member, smallCounty } from '../helpers/factory.js';
import { importMembers } from '../../src/services/imports.js';
import { INTERVAL_TABLES, MEMBER_PERIOD, noOverlapCheckSql, ORG_VERSION } from '../../src/db/intervals.js';
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
      if (t.overlapRule === 'exclusion') {
        expect(x?.type, t.table).toBe('x');
        expect(x?.def).toContain('daterange(valid_from, valid_to)');
      } else {
        // a constraint trigger (pg_constraint type 't'), enabled, on inserts and on updates of the period
        expect(x?.type, t.table).toBe('t');
        const [trg] = await h.db.query<{ enabled: string; def: string }>(
          `SELECT tgenabled AS enabled, pg_get_triggerdef(oid) AS def FROM pg_trigger
            WHERE tgrelid = $1::regclass AND tgname = $2`,
          [t.table, t.names.noOverlap],
        );
        expect(trg?.enabled, t.table).toBe('O');
        expect(trg?.def).toMatch(/AFTER INSERT OR UPDATE OF .*valid_from, valid_to ON/);
      }
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
    // without the overlap rule (disabled in a transaction that is rolled back) the partial unique index refuses it
    const rollback = new Error('rollback');
    const inner = await h.db
      .transaction(async (tx) => {
        await tx.exec(`ALTER TABLE member_period DISABLE TRIGGER ${MEMBER_PERIOD.names.noOverlap}`);
        const e = await second(tx).catch((x: unknown) => x);
        throw Object.assign(rollback, { inner: e });
      })
      .catch((e: unknown) => (e as { inner?: unknown }).inner);
    expect(code(inner)).toBe('23505');
    expect((inner as Error).message).toContain(MEMBER_PERIOD.names.open);
    const [still] = await h.db.query<{ enabled: string }>(
      `SELECT tgenabled AS enabled FROM pg_trigger WHERE tgname = $1`,
      [MEMBER_PERIOD.names.noOverlap],
    );
    expect(still?.enabled).toBe('O');
  });

  it('the trigger checks updates too, and says which periods overlap', async () => {
    await smallCounty(h.ctx());
    const m = await member(h.ctx(), 'V11', '张三');
    const [first] = await h.db.query<{ valid_from: string }>(
      'SELECT min(valid_from) AS valid_from FROM member_period WHERE member_id = $1',
      [m.id],
    );
    const [o] = await h.db.query<{ id: number }>("SELECT id FROM org WHERE code = 'V12'");
    // an earlier period, ending the day the member's first one starts: fine
    await h.db.query(
      `INSERT INTO member_period (member_id, org_id, status, valid_from, valid_to) VALUES ($1, $2, 'full', '1980-01-01', $3)`,
      [m.id, o!.id, first!.valid_from],
    );
    // moving its end one day into the first period: refused
    const err = await h.db
      .query(
        `UPDATE member_period SET valid_to = ($2::date + 1) WHERE member_id = $1 AND valid_from = '1980-01-01'`,
        [m.id, first!.valid_from],
      )
      .catch((e: unknown) => e);
    expect(code(err)).toBe('23P01');
    expect((err as Error).message).toContain(MEMBER_PERIOD.names.noOverlap);
    expect(String((err as { detail?: string }).detail)).toContain('overlaps period');
  });

  it('the set-based check a bulk load runs finds an overlap written while the trigger was off', async () => {
    await smallCounty(h.ctx());
    const m = await member(h.ctx(), 'V11', '张三');
    const [o] = await h.db.query<{ id: number }>("SELECT id FROM org WHERE code = 'V12'");
    const rollback = new Error('rollback');
    // a period [d + from, d + to) for d the start of the member's first period (or of its open one), written while
    // the trigger is off, then the check
    const FIRST = 'SELECT min(valid_from) FROM member_period WHERE member_id = $1';
    const OPEN = 'SELECT valid_from FROM member_period WHERE member_id = $1 AND valid_to IS NULL';
    const run = (from: number, to: number, d = FIRST) =>
      h.db
        .transaction(async (tx) => {
          await tx.exec(`ALTER TABLE member_period DISABLE TRIGGER ${MEMBER_PERIOD.names.noOverlap}`);
          await tx.query(
            `INSERT INTO member_period (member_id, org_id, status, valid_from, valid_to)
             SELECT $1, $2, 'full', d + $3::int, d + $4::int FROM (${d}) s(d)`,
            [m.id, o!.id, from, to],
          );
          await tx.exec(`ALTER TABLE member_period ENABLE TRIGGER ${MEMBER_PERIOD.names.noOverlap}`);
          const e = await tx.exec(noOverlapCheckSql(MEMBER_PERIOD)).catch((x: unknown) => x);
          throw Object.assign(rollback, { inner: e });
        })
        .catch((e: unknown) => {
          if (e !== rollback) throw e;
          return (e as { inner?: unknown }).inner;
        });
    // ending the day the first period starts: adjacent, fine
    expect(await run(-400, 0)).toBeUndefined();
    // ending a day after it starts: overlaps
    const err = await run(-400, 1);
    expect(code(err)).toBe('23P01');
    expect((err as Error).message).toContain(MEMBER_PERIOD.names.noOverlap);
    // starting after the open period began: the open predecessor overlaps it
    expect(code(await run(10, 20, OPEN))).toBe('23P01');
    // every attempt was rolled back: the table passes the check
    await expect(h.db.exec(noOverlapCheckSql(MEMBER_PERIOD))).resolves.toBeUndefined();
  });

  it.runIf(h.engine === 'postgres')(
    'two transactions writing overlapping periods of one member take turns, and the second is refused',
    async () => {
      await smallCounty(h.ctx());
      const m = await member(h.ctx(), 'V11', '张三');
      const [o] = await h.db.query<{ id: number }>("SELECT id FROM org WHERE code = 'V12'");
      const ins = (db: typeof h.db, from: string, to: string) =>
        db.query(
          `INSERT INTO member_period (member_id, org_id, status, valid_from, valid_to) VALUES ($1, $2, 'full', $3, $4)`,
          [m.id, o!.id, from, to],
        );
      let release!: () => void;
      const held = new Promise<void>((r) => (release = r));
      let inserted!: () => void;
      const isInserted = new Promise<void>((r) => (inserted = r));
      const first = h.db.transaction(async (tx) => {
        await ins(tx, '1980-01-01', '1981-01-01');
        inserted();
        await held;
      });
      await isInserted;
      let settled = false;
      const second = ins(h.db, '1980-06-01', '1980-09-01')
        .then(
          () => undefined,
          (e: unknown) => e,
        )
        .finally(() => (settled = true));
      // the second writer waits on the member row the first one's trigger locked
      await new Promise((r) => setTimeout(r, 500));
      expect(settled).toBe(false);
      release();
      await first;
      // then sees the first one's committed period
      expect(code(await second)).toBe('23P01');
    },
  );

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

  it('a bulk load turns the overlap rule off and the open-period index away and restores both, checking every row', async () => {
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
