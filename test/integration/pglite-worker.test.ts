/**
 * PGlite on a thread of its own (src/db/pglite-worker.ts, decision 0057): every call of the `Db` interface answers
 * exactly as the same database in this thread does — rows and their types (the byte decoder's results, Dates, bytea,
 * a `__proto__` column), errors with their class and fields, notices and notifications, COPY both ways, transactions
 * (commit, rollback, a failed COMMIT, nesting, a read outside waiting for one), concurrent calls — while the thread
 * that asks keeps running during a statement; the folder's lock is held and released, and the folder reopens.
 * (The whole suite runs on the thread too: TEST_PGLITE_WORKER=1, test/helpers/db.ts.)
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { protocol } from '@electric-sql/pglite';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { dumpPglite, openDb, type Db } from '../../src/db/client.js';
import { LOCK_FILE } from '../../src/db/folder-lock.js';
import { PgliteThreadDb } from '../../src/db/pglite-worker.js';
import { pgliteEmptyDump } from '../helpers/db.js';

let here: Db;
let thread: Db;
beforeAll(async () => {
  const empty = pgliteEmptyDump();
  const load = empty ? { loadDataDir: empty } : {};
  here = await openDb({ dataDir: 'memory://', ...load });
  thread = await openDb({ dataDir: 'memory://', worker: true, ...load });
});
afterAll(async () => {
  await here.close();
  await thread.close();
});
const both = () => [here, thread];
beforeEach(async () => {
  for (const db of both())
    await db.exec(`DROP TABLE IF EXISTS t;
      CREATE TABLE t (id int8 PRIMARY KEY, d date, n numeric, j jsonb, s text UNIQUE, v int CHECK (v >= 0));
      INSERT INTO t VALUES (1, '2026-01-02', 12.50, '{"x": [1, 2]}', 'one', 1), (2, NULL, NULL, NULL, '二', 2)`);
});

/** The same call on both; its answer (or its failure's class and fields). */
async function same<T>(call: (db: Db) => Promise<T>): Promise<T> {
  const [a, b] = await Promise.allSettled([call(here), call(thread)]);
  if (a.status === 'fulfilled') {
    expect(b).toEqual(a);
    return a.value;
  }
  expect(b.status).toBe('rejected');
  const ea = a.reason as Error;
  const eb = (b as PromiseRejectedResult).reason as Error;
  expect(eb.constructor).toBe(ea.constructor);
  expect(eb.message).toBe(ea.message);
  // (every field but PGlite's `queryOptions`, which holds the type parsers: functions, which cannot cross)
  const { queryOptions: _, ...fields } = ea as Error & { queryOptions?: unknown };
  expect({ ...eb }).toEqual(fields);
  throw eb;
}

describe('PGlite on its own thread', () => {
  it('answers reads as in this thread: every type, named and generic, a __proto__ column, long answers', async () => {
    const reads: [string, unknown[]][] = [
      ['SELECT * FROM t ORDER BY id', []],
      ['SELECT * FROM t WHERE id = $1', [2]],
      [
        `SELECT 1::int2 AS i2, 3::int8 AS i8, 2.25::float8 AS f8, 7.10::numeric AS n, true AS b, '2026-02-03'::date AS d,
                '2026-02-03 04:05:06+08'::timestamptz AS tz, '1 day'::interval AS iv, '[1,{"b":null}]'::jsonb AS jb,
                '{1,NULL,3}'::int[] AS ai, '\\x00ff'::bytea AS by, NULL::text AS nul, '党员 😀' AS utf8`,
        [],
      ],
      [
        'SELECT $1::jsonb AS j, $2::int8 AS big, $3::date AS d, $4::text[] AS a',
        [{ k: '值' }, 2 ** 40, '2026-03-04', ['x', 'y']],
      ],
      ['SELECT $1::bytea AS b', [new Uint8Array([1, 2, 3])]],
      [`SELECT '{"polluted":true}'::json AS "__proto__", 1 AS x`, []],
      ['SELECT g AS n, repeat($1::text, g % 7) AS s FROM generate_series(1, 20000) g', ['名']],
    ];
    for (const [sql, params] of reads) {
      await same((db) => db.query(sql, params));
      await same((db) => db.query(sql, params, { generic: true }));
    }
    const [tz] = await thread.query<{ tz: Date; by: Uint8Array }>(reads[2]![0]);
    expect(tz!.tz).toBeInstanceOf(Date);
    expect(tz!.by).toBeInstanceOf(Uint8Array);
    const [p] = await thread.query<Record<string, unknown>>(reads[5]![0]);
    expect(Object.getPrototypeOf(p)).toBe(Object.prototype);
    expect(Object.keys(p!)).toEqual(['__proto__', 'x']);
    // writes through PGlite's own query, their RETURNING rows
    await same((db) => db.query('INSERT INTO t (id, s) VALUES ($1, $2) RETURNING *', [3, 'three']));
  });

  it('reports failures as in this thread: the same DatabaseError with its code and fields, and goes on', async () => {
    const failing: [string, unknown[]][] = [
      ['SELECT 1 / (500 - g) AS x FROM generate_series(1, 1000) g', []],
      ['SELECT * FROM missing_table', []],
      ['INSERT INTO t (id, s) VALUES ($1, $2)', [9, 'one']],
      ['UPDATE t SET v = -1 WHERE id = $1', [1]],
      ['SELECT $1::int AS x', ['not a number']],
    ];
    for (const [sql, params] of failing) {
      const e = await same((db) => db.query(sql, params)).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(protocol.messages.DatabaseError);
      expect((e as { code?: string }).code).toMatch(/^[0-9A-Z]{5}$/);
      expect((e as { query?: string }).query).toBe(sql);
    }
    const unique = await thread
      .query('INSERT INTO t (id, s) VALUES (9, $1)', ['one'])
      .catch((x: unknown) => x);
    expect(unique).toMatchObject({ code: '23505', constraint: 't_s_key', table: 't' });
    const exec = await same((db) => db.exec('SELECT 1; SELECT nothing_here')).catch((x: unknown) => x);
    expect(exec).toMatchObject({ code: '42703' });
    expect(await thread.query('SELECT count(*)::int AS n FROM t')).toEqual([{ n: 2 }]);
    // a parameter the post to the thread cannot carry fails that call alone, at once; the next call is answered
    const uncarried = await thread.query('SELECT $1::text AS x', [() => 1]).catch((x: unknown) => x);
    expect(uncarried).toBeInstanceOf(Error);
    expect((uncarried as Error).name).toBe('DataCloneError');
    expect(await thread.query('SELECT $1::int AS x', [7])).toEqual([{ x: 7 }]);
  });

  it('notices and notifications as in this thread', async () => {
    for (const db of both())
      await db.exec(`CREATE OR REPLACE FUNCTION noisy(x int) RETURNS int LANGUAGE plpgsql AS
        $$ BEGIN RAISE NOTICE 'n %', x; RETURN x * 2; END $$`);
    expect(await same((db) => db.query('SELECT noisy($1::int) AS v', [21]))).toEqual([{ v: 42 }]);
    await same((db) => db.query("SELECT pg_notify('jiceng_test', 'x') IS NULL AS sent, 1 AS v"));
    await same((db) => db.exec("LISTEN jiceng_test; NOTIFY jiceng_test, 'y'; UNLISTEN jiceng_test"));
  });

  it('COPY in (text and bytes, Chinese, escapes) and out, in and outside a transaction', async () => {
    const chunks = () => ['10\t甲\n11\ta\\tb\n', new TextEncoder().encode('12\t\\N\n13\t乙丙\n')];
    await same((db) => db.copyIn('t', ['id', 's'], chunks()));
    await same((db) =>
      db.transaction(async (tx) => {
        await tx.copyIn('t', ['id', 's'], ['20\t戊\n']);
        return tx.query('SELECT count(*)::int AS n FROM t');
      }),
    );
    const out = async (db: Db) => {
      let s = '';
      for await (const c of db.copyOut('SELECT id, s FROM t ORDER BY id')) s += c;
      return s;
    };
    // one chunk that is a whole buffer (sent to the thread as a copy: the caller's buffer stays whole), and a view
    // into a larger buffer (only its own bytes are read)
    const whole = () => new TextEncoder().encode('30\t己\n');
    const held = new Map<Db, Uint8Array>();
    await same(async (db) => {
      const w = whole();
      held.set(db, w);
      await db.copyIn('t', ['id', 's'], [w]);
    });
    for (const w of held.values()) expect(new TextDecoder().decode(w)).toBe('30\t己\n');
    // a Node Buffer of its own (over 4 KB: not from the pool) — a copy is sent, not the Buffer's memory
    const big = Buffer.from(`32\t${'辛'.repeat(2000)}\n`);
    await same((db) => db.copyIn('t', ['id', 's'], [big]));
    expect(big.length).toBe(6004);
    expect(big.toString()).toBe(`32\t${'辛'.repeat(2000)}\n`);
    const wide = new TextEncoder().encode('xx31\t庚\nyy');
    await same((db) => db.copyIn('t', ['id', 's'], [wide.subarray(2, wide.length - 2)]));
    expect(await same(out)).toContain('11\ta\\tb\n12\t\\N\n13\t乙丙\n20\t戊\n30\t己\n31\t庚\n32\t辛辛');
    await same((db) => db.transaction(async (tx) => out(tx)));
  });

  it('transactions: commit, rollback with the caller’s own error, nesting, a failed COMMIT, a statement error', async () => {
    await same((db) =>
      db.transaction(async (tx) => {
        await tx.query('INSERT INTO t (id, s) VALUES (5, $1)', ['five']);
        // nested: joins the outer one
        return tx.transaction((inner) => inner.query('SELECT s FROM t WHERE id = 5'));
      }),
    );
    const mine = new Error('the caller’s own');
    for (const db of both()) {
      await expect(
        db.transaction(async (tx) => {
          await tx.query('DELETE FROM t');
          throw mine;
        }),
      ).rejects.toBe(mine);
      expect(await db.query('SELECT count(*)::int AS n FROM t')).toEqual([{ n: 3 }]);
    }
    // a deferred constraint fails at COMMIT: rolled back, its error thrown by `transaction`
    for (const db of both())
      await db.exec(`CREATE OR REPLACE FUNCTION no_seven() RETURNS trigger LANGUAGE plpgsql AS
          $$ BEGIN IF NEW.id = 7 THEN RAISE EXCEPTION 'seven' USING ERRCODE = '23514'; END IF; RETURN NULL; END $$;
        CREATE CONSTRAINT TRIGGER t_no_seven AFTER INSERT ON t DEFERRABLE INITIALLY DEFERRED
          FOR EACH ROW EXECUTE FUNCTION no_seven()`);
    const commit = await same((db) =>
      db.transaction((tx) => tx.query('INSERT INTO t (id, s) VALUES (7, $1) RETURNING id', ['seven'])),
    ).catch((x: unknown) => x);
    expect(commit).toMatchObject({ code: '23514', message: 'seven' });
    // a statement's error inside: the transaction rolls back and fails with it
    const inside = await same((db) =>
      db.transaction(async (tx) => {
        await tx.query('INSERT INTO t (id, s) VALUES (8, $1)', ['eight']);
        await tx.query('INSERT INTO t (id, s) VALUES (9, $1)', ['eight']);
      }),
    ).catch((x: unknown) => x);
    expect(inside).toMatchObject({ code: '23505' });
    expect(await same((db) => db.query('SELECT id FROM t ORDER BY id'))).toEqual([
      { id: 1 },
      { id: 2 },
      { id: 5 },
    ]);
  });

  it('a read outside a transaction waits for it and sees what it committed; calls at once each get their answer', async () => {
    let inTx!: () => void;
    const entered = new Promise<void>((ok) => (inTx = ok));
    let finish!: () => void;
    const held = new Promise<void>((ok) => (finish = ok));
    const tx = thread.transaction(async (t) => {
      await t.query('UPDATE t SET s = $1 WHERE id = 1', ['changed']);
      inTx();
      await held;
    });
    await entered;
    let read: unknown = null;
    const outside = thread.query('SELECT s FROM t WHERE id = 1').then((r) => (read = r));
    await new Promise((ok) => setTimeout(ok, 100));
    expect(read).toBeNull();
    finish();
    await tx;
    await outside;
    expect(read).toEqual([{ s: 'changed' }]);
    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, i) => thread.query<{ i: number }>('SELECT $1::int AS i', [i])),
    );
    expect(answers.map((r) => r[0]!.i)).toEqual(Array.from({ length: 40 }, (_, i) => i));
    const inOne = await thread.transaction((t) =>
      Promise.all(Array.from({ length: 10 }, (_, i) => t.query<{ i: number }>('SELECT $1::int AS i', [i]))),
    );
    expect(inOne.map((r) => r[0]!.i)).toEqual(Array.from({ length: 10 }, (_, i) => i));
  });

  it('this thread keeps running while a statement runs on the database’s', async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 5);
    const started = performance.now();
    await thread.query('SELECT count(*) FROM generate_series(1, 2000000) g WHERE g % 7 = 3');
    const took = performance.now() - started;
    clearInterval(timer);
    // the timer ran during the statement (in this thread it could not: the statement runs synchronously)
    expect(took).toBeGreaterThan(20);
    expect(ticks).toBeGreaterThanOrEqual(2);
  });

  it('a folder: its lock held by this process while open and released on close; it reopens with what was written; its dump loads', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jiceng-pglite-thread-'));
    try {
      const empty = pgliteEmptyDump();
      const first = await openDb({ dataDir: dir, worker: true, ...(empty ? { loadDataDir: empty } : {}) });
      const lock = JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8')) as { pid: number };
      expect(lock.pid).toBe(process.pid);
      await first.exec('CREATE TABLE kept (v text); INSERT INTO kept VALUES ($$留存$$)');
      await first.close();
      expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
      await expect(first.query('SELECT 1')).rejects.toThrow();
      const again = await openDb({ dataDir: dir, worker: true });
      expect(await again.query('SELECT v FROM kept')).toEqual([{ v: '留存' }]);
      const dump = await dumpPglite(again);
      await again.close();
      const loaded = await openDb({ dataDir: 'memory://', loadDataDir: dump });
      expect(await loaded.query('SELECT v FROM kept')).toEqual([{ v: '留存' }]);
      await loaded.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a thread that ends without being closed is reported once, and every later call fails; a close is not a loss', async () => {
    const empty = pgliteEmptyDump();
    const load = empty ? { loadDataDir: empty } : {};
    const db = await openDb({ dataDir: 'memory://', worker: true, ...load });
    expect(db).toBeInstanceOf(PgliteThreadDb);
    const lost: Error[] = [];
    (db as PgliteThreadDb).onLost((e) => lost.push(e));
    expect(await db.query('SELECT 1 AS one')).toEqual([{ one: 1 }]);
    // (the thread ended from outside, as an out-of-memory end would: not through close)
    const worker = (db as unknown as { thread: { worker: { terminate(): Promise<number> } } }).thread.worker;
    await worker.terminate();
    await expect(db.query('SELECT 1')).rejects.toThrow(/exited/);
    expect(lost.map((e) => e.message)).toEqual([expect.stringMatching(/exited/)]);

    const closed = await openDb({ dataDir: 'memory://', worker: true, ...load });
    const told: Error[] = [];
    (closed as PgliteThreadDb).onLost((e) => told.push(e));
    await closed.close();
    await expect(closed.query('SELECT 1')).rejects.toThrow();
    expect(told).toEqual([]);
  });
});
