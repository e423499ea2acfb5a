/**
 * PGlite's reads as named prepared statements (src/db/pglite-statements.ts, decision 0047): the same rows and types
 * as PGlite's own `query`, errors reported the same way and leaving the database usable, a transaction's reads seeing
 * its writes, kept statements evicted and re-prepared, and a statement whose table changed under it prepared again.
 * The rows are read from the backend's bytes (pglite-rows.ts, session 20): every type, a notice, a long answer and an
 * error after rows answer exactly as PGlite's own parser does.
 */
import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openDb, type Db } from '../../src/db/client.js';
import { PgliteStatements } from '../../src/db/pglite-statements.js';
import { pgliteEmptyDump } from '../helpers/db.js';

// one database of each kind for the file (opening a PGlite costs seconds on a loaded machine); each test starts
// from the same table t. Each is an empty cluster loaded from the run's dump of one (helpers/db.ts), not initdb'd
// again: ~3 s of CPU each instead of ~8
let named: Db;
let plain: Db;
let raw: PGlite;
beforeAll(async () => {
  const empty = pgliteEmptyDump();
  const load = empty ? { loadDataDir: empty } : {};
  named = await openDb({ dataDir: 'memory://', ...load });
  plain = await openDb({ dataDir: 'memory://', namedReads: false, ...load });
  raw = new PGlite(load);
});
afterAll(async () => {
  for (const d of [named, plain, raw]) await d.close();
});
beforeEach(async () => {
  for (const db of [named, plain])
    await db.exec(`DROP TABLE IF EXISTS t;
      CREATE TABLE t (id int8 PRIMARY KEY, d date, n numeric, j jsonb, b boolean, a text[], s text);
      INSERT INTO t VALUES (1, '2026-01-02', 12.50, '{"x": [1, 2]}', true, '{a,b}', 'one'),
                           (2, NULL, NULL, NULL, false, '{}', '二')`);
});

describe('named reads on PGlite', () => {
  it('answers reads as PGlite’s own query does: dates as text, int8 as numbers, numeric as text, json, arrays, null', async () => {
    const reads: [string, unknown[]][] = [
      ['SELECT * FROM t ORDER BY id', []],
      ['SELECT * FROM t WHERE id = $1', [2]],
      ['SELECT id FROM t WHERE d <= $1::date OR $2::text IS NULL', ['2026-12-31', null]],
      ['SELECT id FROM t WHERE a && $1::text[] ORDER BY id', [['b', 'c']]],
      ['SELECT id FROM t WHERE b = $1', [false]],
      ['SELECT $1::jsonb AS j, $2::int8 AS big', [{ k: '值' }, 9_007_199_254_740_991]],
      ["WITH x AS (SELECT s FROM t WHERE s LIKE $1 || '%') SELECT * FROM x", ['o']],
    ];
    for (const [sql, params] of reads) {
      const a = await named.query(sql, params);
      expect(a).toEqual(await plain.query(sql, params));
      // the second time from the kept statement
      expect(await named.query(sql, params)).toEqual(a);
    }
    expect(await named.query('SELECT * FROM t WHERE id = $1', [1])).toEqual([
      { id: 1, d: '2026-01-02', n: '12.50', j: { x: [1, 2] }, b: true, a: ['a', 'b'], s: 'one' },
    ]);
  });

  it('reports a failed read with its code and goes on answering; in a transaction the failure rolls it back', async () => {
    const err = await named.query('SELECT 1 / $1::int AS x', [0]).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: '22012', query: 'SELECT 1 / $1::int AS x' });
    expect(await named.query('SELECT 1 / $1::int AS x', [1])).toEqual([{ x: 1 }]);
    await expect(named.query('SELECT no_such FROM t')).rejects.toMatchObject({ code: '42703' });
    await expect(
      named.transaction(async (tx) => {
        await tx.query("INSERT INTO t (id, s) VALUES (3, 'three')");
        // the transaction's own write, read through a kept statement
        expect(await tx.query('SELECT s FROM t WHERE id = $1', [3])).toEqual([{ s: 'three' }]);
        await tx.query('SELECT 1 / $1::int AS x', [0]);
      }),
    ).rejects.toMatchObject({ code: '22012' });
    expect(await named.query('SELECT s FROM t WHERE id = $1', [3])).toEqual([]);
    await named.transaction(async (tx) => {
      await tx.query("INSERT INTO t (id, s) VALUES (3, 'three')");
    });
    expect(await named.query('SELECT s FROM t WHERE id = $1', [3])).toEqual([{ s: 'three' }]);
  });

  it('reads started together outside a transaction and inside one each get their own answer', async () => {
    const outside = await Promise.all(
      [1, 2, 1, 2].map((id) => named.query('SELECT s FROM t WHERE id = $1', [id])),
    );
    expect(outside.map((r) => r[0]!.s)).toEqual(['one', '二', 'one', '二']);
    const inside = await named.transaction((tx) =>
      Promise.all([1, 2].map((id) => tx.query<{ s: string }>('SELECT s FROM t WHERE id = $1', [id]))),
    );
    expect(inside.map((r) => r[0]!.s)).toEqual(['one', '二']);
  });

  it('a table changed under a kept statement: prepared again (DDL through the handle, or behind its back)', async () => {
    expect(Object.keys((await named.query('SELECT * FROM t WHERE id = $1', [1]))[0]!)).toHaveLength(7);
    await named.query('ALTER TABLE t ADD COLUMN extra int DEFAULT 5');
    expect((await named.query('SELECT * FROM t WHERE id = $1', [1]))[0]).toMatchObject({ extra: 5 });
    await named.exec('ALTER TABLE t DROP COLUMN extra');
    expect(Object.keys((await named.query('SELECT * FROM t WHERE id = $1', [1]))[0]!)).toHaveLength(7);

    // the cache alone, with DDL it is not told about, and DISCARD ALL
    const pg = raw;
    await pg.exec('DROP TABLE IF EXISTS u; CREATE TABLE u (a int); INSERT INTO u VALUES (1)');
    const st = new PgliteStatements(pg, {});
    expect(await st.query('SELECT * FROM u', [], false)).toEqual([{ a: 1 }]);
    await pg.exec('ALTER TABLE u ADD COLUMN b int DEFAULT 2');
    expect(await st.query('SELECT * FROM u', [], false)).toEqual([{ a: 1, b: 2 }]);
    await pg.exec('DISCARD ALL');
    expect(await st.query('SELECT * FROM u', [], false)).toEqual([{ a: 1, b: 2 }]);
  });

  it('a generic plan asked for: the same answer, planned once, and the setting left as it was', async () => {
    const sql = 'SELECT s FROM t WHERE id = ANY($1::int8[]) ORDER BY id';
    for (let i = 0; i < 3; i++)
      expect(await named.query(sql, [[1, 2]], { generic: true })).toEqual([{ s: 'one' }, { s: '二' }]);
    expect(await named.query('SHOW plan_cache_mode')).toEqual([{ plan_cache_mode: 'force_custom_plan' }]);
    const [p] = await named.query<{ generic_plans: number; custom_plans: number }>(
      'SELECT generic_plans::int, custom_plans::int FROM pg_prepared_statements WHERE statement = $1',
      [sql],
    );
    expect(p).toEqual({ generic_plans: 3, custom_plans: 0 });
    // a failure in a transaction: the rollback restores the setting
    await expect(
      named.transaction((tx) => tx.query('SELECT 1 / $1::int AS x', [0], { generic: true })),
    ).rejects.toMatchObject({ code: '22012' });
    expect(await named.query('SHOW plan_cache_mode')).toEqual([{ plan_cache_mode: 'force_custom_plan' }]);
    expect(await named.query('SELECT 1 / $1::int AS x', [1], { generic: true })).toEqual([{ x: 1 }]);
  });

  it('keeps the most recently used statements, closes the oldest, and prepares an evicted one again', async () => {
    const pg = raw;
    await pg.exec('DEALLOCATE ALL');
    const st = new PgliteStatements(pg, {}, 3);
    for (let round = 0; round < 3; round++)
      for (let i = 0; i < 6; i++)
        expect(await st.query(`SELECT ${i} + $1::int AS v`, [round], false)).toEqual([{ v: i + round }]);
    const kept = await pg.query<{ n: number }>('SELECT count(*)::int AS n FROM pg_prepared_statements');
    expect(kept.rows[0]!.n).toBeLessThanOrEqual(4);
  });

  it('rows read from the backend’s bytes: every type as PGlite parses it, notices, long answers, an error after rows', async () => {
    const reads: [string, unknown[]][] = [
      [
        `SELECT 1::int2 AS i2, 2::int4 AS i4, 3::int8 AS i8, 1.5::float4 AS f4, 2.25::float8 AS f8, 7.10::numeric AS n,
                true AS b, 'x'::char(3) AS c, 'y'::varchar AS v, '2026-02-03'::date AS d,
                '2026-02-03 04:05:06+08'::timestamptz AS tz, '2026-02-03 04:05:06'::timestamp AS ts,
                '04:05'::time AS tm, '1 day'::interval AS iv, '{"a":"值"}'::json AS j, '[1,{"b":null}]'::jsonb AS jb,
                '{1,NULL,3}'::int[] AS ai, '{"a b","c,d"}'::text[] AS at, '\\x00ff'::bytea AS by,
                'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid AS u, NULL::text AS nul, '' AS empty,
                '党员 😀 ñ' AS utf8, 1 AS dup, 2 AS dup, E'\\uFEFFbom' AS bom, E'a\\uFEFF' AS inner_bom`,
        [],
      ],
      ['SELECT g AS n, repeat($1::text, g % 7) AS s FROM generate_series(1, 20000) g', ['名']],
      ['SELECT 1 AS x WHERE false', []],
    ];
    for (const [sql, params] of reads) {
      const a = await named.query(sql, params);
      expect(a).toEqual(await plain.query(sql, params));
      expect(await named.query(sql, params, { generic: true })).toEqual(a);
    }
    // a type created after the database opened (PGlite then adds its array's parser)
    for (const db of [named, plain])
      await db.exec(`DROP TYPE IF EXISTS mood; CREATE TYPE mood AS ENUM ('calm', 'glad')`);
    const enums = "SELECT ARRAY['calm', 'glad']::mood[] AS m, 'glad'::mood AS one";
    expect(await named.query(enums)).toEqual(await plain.query(enums));
    // a read whose function raises a notice: the rows, the notice dropped as PGlite's own path drops it
    await named.exec(`CREATE OR REPLACE FUNCTION noisy(x int) RETURNS int LANGUAGE plpgsql AS
      $$ BEGIN RAISE NOTICE 'n %', x; RETURN x * 2; END $$`);
    expect(await named.query('SELECT noisy($1::int) AS v', [21])).toEqual([{ v: 42 }]);
    // a column named __proto__ is a field of the row, as PGlite's own parser makes it, not the row's prototype
    const proto = `SELECT '{"polluted":true}'::json AS "__proto__", 1 AS x`;
    const p = await named.query<Record<string, unknown>>(proto);
    expect(p).toEqual(await plain.query(proto));
    expect(Object.getPrototypeOf(p[0])).toBe(Object.prototype);
    expect(Object.keys(p[0]!)).toEqual(['__proto__', 'x']);
    // rows already sent, then an error: the error, never the rows before it
    const sql = 'SELECT 1 / (500 - g) AS x FROM generate_series(1, 1000) g';
    await expect(named.query(sql)).rejects.toMatchObject({ code: '22012', query: sql });
    expect(await named.query('SELECT 1 AS ok')).toEqual([{ ok: 1 }]);
  });
});
