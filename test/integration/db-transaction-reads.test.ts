/**
 * Reads started together inside one transaction (the services' `Promise.all`) run one at a time on its client:
 * node-postgres deprecates overlapping queries on one client (pg@9 refuses them), and every engine must give each
 * read its own answer, in the transaction's own snapshot.
 */
import { afterEach, expect, it, vi } from 'vitest';
import { describeDb } from '../helpers/db.js';

describeDb('reads together in one transaction', (h) => {
  afterEach(() => vi.restoreAllMocks());

  it('answers each read, sees the transaction’s own writes and never overlaps queries on the client', async () => {
    const warnings = vi.spyOn(process, 'emitWarning');
    const out = await h.db.transaction(async (tx) => {
      await tx.exec('CREATE TEMP TABLE t_reads (n int) ON COMMIT DROP');
      await tx.query('INSERT INTO t_reads SELECT generate_series(1, 50)');
      return Promise.all([
        tx.query<{ s: number }>('SELECT sum(n)::int AS s FROM t_reads'),
        tx.query<{ c: number }>('SELECT count(*)::int AS c FROM t_reads WHERE n > $1', [40]),
        tx.query<{ x: number }>('SELECT 7 AS x FROM pg_sleep(0.05)'),
        tx.query<{ m: number }>('SELECT max(n) AS m FROM t_reads'),
      ]);
    });
    expect(out.map((r) => Object.values(r[0]!)[0])).toEqual([1275, 10, 7, 50]);
    const overlapping = warnings.mock.calls.filter((c) => String(c[0]).includes('already executing a query'));
    expect(overlapping).toEqual([]);
  });

  it('a failed read in the batch fails the batch and the transaction rolls back', async () => {
    await h.db.exec('CREATE TABLE IF NOT EXISTS t_reads_kept (n int)');
    await expect(
      h.db.transaction(async (tx) => {
        await tx.query('INSERT INTO t_reads_kept VALUES (1)');
        await Promise.all([tx.query('SELECT 1'), tx.query('SELECT no_such_column FROM t_reads_kept')]);
      }),
    ).rejects.toThrow(/no_such_column/);
    expect(await h.db.query('SELECT n FROM t_reads_kept')).toEqual([]);
    await h.db.exec('DROP TABLE t_reads_kept');
  });
});

describeDb('a transaction whose connection is lost', (h) => {
  // PGlite has no connection to lose
  it.skipIf(h.engine !== 'postgres')(
    'fails, and the next transaction gets a working connection',
    async () => {
      await expect(
        h.db.transaction(async (tx) => {
          await tx.query('SELECT pg_terminate_backend(pg_backend_pid())');
        }),
      ).rejects.toThrow();
      // every later use of the pool works, in and out of transactions
      for (let i = 0; i < 3; i++) {
        const rows = await h.db.transaction((tx) => tx.query<{ n: number }>('SELECT $1::int AS n', [i]));
        expect(rows).toEqual([{ n: i }]);
      }
      expect(await h.db.query<{ one: number }>('SELECT 1 AS one')).toEqual([{ one: 1 }]);
    },
  );
});

describeDb('a COPY outside a transaction', (h) => {
  // PGlite has no connection to lose or leave mid-protocol
  it.skipIf(h.engine !== 'postgres')(
    'whose connection is lost fails, and the pool goes on working',
    async () => {
      const read = async () => {
        let text = '';
        for await (const chunk of h.db.copyOut('SELECT pg_terminate_backend(pg_backend_pid())'))
          text += chunk;
        return text;
      };
      await expect(read()).rejects.toThrow();
      await h.db.exec(`CREATE TABLE t_copy_lost (n int);
        CREATE FUNCTION t_copy_lost_end() RETURNS trigger LANGUAGE plpgsql AS
          $$ BEGIN PERFORM pg_terminate_backend(pg_backend_pid()); RETURN NEW; END $$;
        CREATE TRIGGER t_copy_lost_end BEFORE INSERT ON t_copy_lost FOR EACH ROW EXECUTE FUNCTION t_copy_lost_end()`);
      await expect(h.db.copyIn('t_copy_lost', ['n'], ['1\n2\n'])).rejects.toThrow();
      for (let i = 0; i < 3; i++) expect(await h.db.query('SELECT $1::int AS n', [i])).toEqual([{ n: i }]);
      await h.db.exec('DROP TABLE t_copy_lost; DROP FUNCTION t_copy_lost_end()');
    },
  );

  it.skipIf(h.engine !== 'postgres')(
    'that its reader stops early leaves no connection mid-COPY in the pool',
    async () => {
      for await (const chunk of h.db.copyOut('SELECT g FROM generate_series(1, 500000) g')) {
        expect(chunk.startsWith('1\n')).toBe(true);
        break;
      }
      // the pool hands out its most recently released client first: without the fix the next query waits behind the
      // abandoned COPY forever
      for (let i = 0; i < 3; i++) expect(await h.db.query('SELECT $1::int AS n', [i])).toEqual([{ n: i }]);
      const rows = await h.db.transaction((tx) => tx.query<{ n: number }>('SELECT 5 AS n'));
      expect(rows).toEqual([{ n: 5 }]);
    },
    30_000,
  );
});

describeDb('a COPY TO read as text', (h) => {
  it('decodes characters cut between the stream’s chunks, in and out of a transaction', async () => {
    const query = `SELECT i, repeat('党员名字', i % 7 + 1) AS name FROM generate_series(1, 20000) i ORDER BY i`;
    const expected = (await h.db.query<{ i: number; name: string }>(query))
      .map((r) => `${r.i}\t${r.name}\n`)
      .join('');
    const read = async (db: typeof h.db) => {
      let text = '';
      for await (const chunk of db.copyOut(query)) text += chunk;
      return text;
    };
    const outside = await read(h.db);
    expect(outside).not.toContain('\uFFFD');
    expect(outside).toBe(expected);
    expect(await h.db.transaction((tx) => read(tx))).toBe(expected);
  });

  // PGlite's COPY comes whole
  it.skipIf(h.engine !== 'postgres')(
    'that its reader stops early in a transaction fails the transaction instead of holding it forever',
    async () => {
      const stop = h.db.transaction(async (tx) => {
        for await (const chunk of tx.copyOut('SELECT g FROM generate_series(1, 500000) g')) {
          expect(chunk.startsWith('1\n')).toBe(true);
          throw new Error('the reader stops');
        }
      });
      await expect(stop).rejects.toThrow('the reader stops');
      for (let i = 0; i < 3; i++) {
        const rows = await h.db.transaction((tx) => tx.query<{ n: number }>('SELECT $1::int AS n', [i]));
        expect(rows).toEqual([{ n: i }]);
      }
    },
    30_000,
  );
});
