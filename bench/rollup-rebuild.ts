/**
 * The full recomputation of the organisational-life and dues rollups (decision 0044 and its addendum, issues 11 and
 * 12) on a copy of a province with activity (it rebuilds the rollups: a copy of jbench_province_300k, never the
 * shared one), before and after in the same run, alternated. `--before DIR` is a checkout of the code before (its
 * `src/services/*-rollup.ts` imported into this process; the same database handle); this checkout is the after.
 *
 * Each rebuild is timed whole and with the time its statements took (queries and COPYs; the rest is this process:
 * judging, rows, COPY text — on PostgreSQL the after's reads overlap its judging, so the two may sum to more than
 * the whole), and the tables it wrote are digested (md5 of every row in key order): before and after must write
 * the same rows. `--limit`: the physical limit after each pair — the same rows inserted by one `INSERT … SELECT`
 * into fresh tables with the rollup tables' keys, in one transaction. `--physical`: after each pair, the same rows
 * written again by COPY (into the rollup's own tables after a DELETE, and into fresh tables keyed after), and the
 * after's facts reads replayed alone (`physical` below), with the rebuilds' ratios to reads + the cheaper write.
 *
 *   npm run bench -- rollup-rebuild --database w13_rebuild --before /tmp/w13-base [--runs 2] [--steps life,dues]
 *                                   [--limit] [--physical]
 */
import { appendFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Db } from '../src/db/client.js';
import * as lifeAfter from '../src/services/life-rollup.js';
import * as duesAfter from '../src/services/dues-rollup.js';
import { RESULTS } from './common.js';
import { openProvince } from './province-activity.js';

type Rebuild = (db: Db, today: string) => Promise<Record<string, number>>;

const load = () => Math.round(loadavg()[0]! * 10) / 10;
const s2 = (ms: number) => Math.round(ms / 10) / 100;

export interface Acc {
  ms: number;
  n: number;
  /** seconds per kind of statement: its first words (or COPY and the table) */
  by: Record<string, number>;
  /** when given: the reads sent on the second connection (the facts), to be replayed alone (`--physical`) */
  reads?: Read[];
}

/** A read the rebuild sent on its second connection: a query with its parameters, or a COPY … TO STDOUT. */
export type Read = { sql: string; params?: readonly unknown[] } | { copy: string };

/**
 * The handle with every statement timed from the moment it is sent to its answer (`acc`). On PostgreSQL a
 * statement sent while another runs waits for it on the transaction's client: the times of overlapping statements
 * include that wait.
 */
export function timed(db: Db, acc: Acc): Db {
  const time = async <T>(what: string, run: () => Promise<T>): Promise<T> => {
    const t = performance.now();
    try {
      return await run();
    } finally {
      const ms = performance.now() - t;
      acc.ms += ms;
      acc.n++;
      acc.by[what] = (acc.by[what] ?? 0) + ms / 1000;
    }
  };
  const kind = (sql: string) => sql.replace(/\s+/g, ' ').trim().slice(0, 48);
  return {
    kind: db.kind,
    query: (sql, params, opts) => time(kind(sql), () => db.query(sql, params, opts)),
    exec: (sql) => time(kind(sql), () => db.exec(sql)),
    transaction: (fn) => db.transaction((tx) => fn(timed(tx, acc))),
    copyIn: (table, columns, chunks) => time(`COPY ${table}`, () => db.copyIn(table, columns, chunks)),
    copyOut: (q) => {
      // timed from the call (its turn on the client taken at once) to its last row
      const inner = db.copyOut(q);
      const t = performance.now();
      return (async function* () {
        try {
          yield* inner;
        } finally {
          const ms = performance.now() - t;
          acc.ms += ms;
          acc.n++;
          const what = `COPY out ${kind(q)}`;
          acc.by[what] = (acc.by[what] ?? 0) + ms / 1000;
        }
      })();
    },
    // the reads of a rebuild's second connection (rebuild-pipeline.ts), timed likewise (and recorded if asked)
    snapshotReader: async () => {
      const r = await db.snapshotReader?.();
      return r ? { db: timed(acc.reads ? recorded(r.db, acc.reads) : r.db, acc), close: r.close } : null;
    },
    close: () => db.close(),
  } as Db;
}

/** The handle with every query and COPY out recorded (sql and parameters) before it is sent. */
function recorded(db: Db, reads: Read[]): Db {
  return {
    kind: db.kind,
    query: (sql, params, opts) => {
      reads.push({ sql, params });
      return db.query(sql, params, opts);
    },
    exec: (sql) => db.exec(sql),
    transaction: (fn) => db.transaction(fn),
    copyIn: (table, columns, chunks) => db.copyIn(table, columns, chunks),
    copyOut: (q) => {
      reads.push({ copy: q });
      return db.copyOut(q);
    },
    close: () => db.close(),
  } as Db;
}

const KEYS: Record<string, string> = {
  life_own: 'org_id, year, type',
  life_roll: 'org_id, year, type, period',
  dues_own: 'org_id, month',
  dues_roll: 'org_id, month',
  dues_line: 'member_id',
};

/** md5 of a table's rows in key order, and how many. */
async function digest(db: Db, table: string): Promise<string> {
  const [r] = await db.query<{ n: number; md5: string }>(
    `SELECT count(*)::int AS n, md5(string_agg(t::text, ',' ORDER BY ${KEYS[table]})) AS md5 FROM ${table} t`,
  );
  return `${r!.n}:${r!.md5}`;
}

/** The rows written into fresh tables like the rollup's (primary keys included) from a copy, in one transaction. */
async function limit(db: Db, tables: readonly string[]): Promise<{ seconds: number; rows: number }> {
  for (const t of tables) {
    await db.query(`DROP TABLE IF EXISTS jbench_src_${t}, jbench_lim_${t}`);
    await db.query(`CREATE TABLE jbench_src_${t} AS SELECT * FROM ${t}`);
  }
  let rows = 0;
  const t0 = performance.now();
  await db.transaction(async (tx) => {
    for (const t of tables) {
      await tx.query(`CREATE TABLE jbench_lim_${t} (LIKE ${t} INCLUDING DEFAULTS INCLUDING INDEXES)`);
      await tx.query(`INSERT INTO jbench_lim_${t} SELECT * FROM jbench_src_${t}`);
    }
  });
  const ms = performance.now() - t0;
  for (const t of tables) {
    rows += (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM jbench_lim_${t}`))[0]!.n;
    await db.query(`DROP TABLE jbench_src_${t}, jbench_lim_${t}`);
  }
  return { seconds: s2(ms), rows };
}

/** Reads replayed alone, one after another on one connection in one read-only transaction, rows dropped (ms). */
async function replay(db: Db, reads: readonly Read[]): Promise<number> {
  const t = performance.now();
  await db.transaction(async (tx) => {
    await tx.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY');
    for (const r of reads)
      if ('copy' in r) for await (const chunk of tx.copyOut(r.copy)) void chunk;
      else await tx.query(r.sql, r.params);
  });
  return performance.now() - t;
}

/**
 * The physical limit of what a rebuild did (`--physical`), on the same database and tables right after it:
 * - `copyIn`: the rows it wrote, copied out to memory beforehand (not timed, joined into 1 MB strings), written again
 *   as the rebuild before session 16 wrote them — one transaction that deletes every row of its tables and COPYs
 *   the same rows back in (the same tables and keys; the rows the same, so the tables' digests stay the rebuild's);
 * - `copyFresh`: the same rows COPYed into fresh tables like them without keys, the primary keys added after (the
 *   shape of the life rebuild since session 16), in one transaction rolled back (the tables stay as they were);
 * - `reads`: the facts reads it sent on its second connection replayed alone, one after another on one
 *   connection in one read-only transaction, their rows received and dropped (nothing judged); the before's
 *   reads are replayed the same way after it (`readsBefore`). Each rebuild also logs this process's CPU.
 */
async function physical(
  db: Db,
  tables: readonly string[],
  reads: readonly Read[],
): Promise<{ copyIn: number; copyFresh: number; reads: number; readStatements: number; rows: number }> {
  const saved: { table: string; columns: string[]; key: string; text: string[] }[] = [];
  let rows = 0;
  for (const table of tables) {
    const columns = (
      await db.query<{ c: string }>(
        `SELECT column_name AS c FROM information_schema.columns
          WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position`,
        [table],
      )
    ).map((r) => r.c);
    const key = (
      await db.query<{ a: string }>(
        `SELECT a.attname AS a FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
          WHERE i.indrelid = $1::regclass AND i.indisprimary ORDER BY array_position(i.indkey, a.attnum)`,
        [table],
      )
    )
      .map((r) => r.a)
      .join(', ');
    const text: string[] = [];
    let part = '';
    for await (const chunk of db.copyOut(`SELECT ${columns.join(', ')} FROM ${table}`)) {
      for (let i = 0; i < chunk.length; i++) if (chunk.charCodeAt(i) === 10) rows++;
      part += chunk;
      if (part.length >= 1 << 20) {
        text.push(part);
        part = '';
      }
    }
    if (part) text.push(part);
    saved.push({ table, columns, key, text });
  }
  let t = performance.now();
  await db.transaction(async (tx) => {
    for (const { table } of saved) await tx.query(`DELETE FROM ${table}`);
    for (const { table, columns, text } of saved) await tx.copyIn(table, columns, text);
  });
  const copyIn = performance.now() - t;
  let copyFresh = 0;
  await db
    .transaction(async (tx) => {
      t = performance.now();
      for (const { table, columns, key, text } of saved) {
        await tx.query(`CREATE TABLE jbench_fresh_${table} (LIKE ${table} INCLUDING ALL EXCLUDING INDEXES)`);
        await tx.copyIn(`jbench_fresh_${table}`, columns, text);
        if (key) await tx.query(`ALTER TABLE jbench_fresh_${table} ADD PRIMARY KEY (${key})`);
      }
      copyFresh = performance.now() - t;
      throw new Error('rolled back');
    })
    .catch((e: unknown) => {
      if (!(e instanceof Error) || e.message !== 'rolled back') throw e;
    });
  const read = await replay(db, reads);
  return {
    copyIn: s2(copyIn),
    copyFresh: s2(copyFresh),
    reads: s2(read),
    readStatements: reads.length,
    rows,
  };
}

export async function rollupRebuild(o: {
  database: string;
  before: string;
  runs: number;
  steps: readonly string[];
  limit: boolean;
  physical?: boolean;
}): Promise<void> {
  const dir = resolve(o.before);
  const lifeBefore = (await import(
    pathToFileURL(`${dir}/src/services/life-rollup.ts`).href
  )) as typeof lifeAfter;
  const duesBefore = (await import(
    pathToFileURL(`${dir}/src/services/dues-rollup.ts`).href
  )) as typeof duesAfter;
  const { db, today } = await openProvince(o.database);
  const out: Record<string, unknown>[] = [];
  const log = (r: Record<string, unknown>) => {
    const row = { ...r, load: load() };
    out.push(row);
    console.log(JSON.stringify(row));
  };
  const variants: Record<string, { life: Rebuild; dues: Rebuild }> = {
    before: { life: lifeBefore.rebuildLife as Rebuild, dues: duesBefore.rebuildDues as Rebuild },
    after: { life: lifeAfter.rebuildLife as Rebuild, dues: duesAfter.rebuildDues as Rebuild },
  };
  const tables = { life: ['life_own', 'life_roll'], dues: ['dues_own', 'dues_roll', 'dues_line'] };
  for (let run = 0; run < o.runs; run++)
    for (const step of ['life', 'dues'] as const) {
      if (!o.steps.includes(step)) continue;
      // alternated: before first in even runs, after first in odd ones
      const order = run % 2 === 0 ? ['before', 'after'] : ['after', 'before'];
      const digests: Record<string, string[]> = {};
      const seconds: Record<string, number> = {};
      const readsOf: Record<string, Read[]> = {};
      for (const v of order) {
        const acc: Acc = { ms: 0, n: 0, by: {}, ...(o.physical ? { reads: [] } : {}) };
        const loadAt = load();
        const cpu = process.cpuUsage();
        const t = performance.now();
        const r = await variants[v]![step](timed(db, acc), today);
        const took = performance.now() - t;
        const used = process.cpuUsage(cpu);
        seconds[v] = s2(took);
        if (acc.reads) readsOf[v] = acc.reads;
        digests[v] = [];
        for (const table of tables[step]) digests[v].push(await digest(db, table));
        log({
          run,
          step,
          variant: v,
          seconds: s2(took),
          statements: s2(acc.ms),
          roundTrips: acc.n,
          loadAtStart: loadAt,
          // this process's CPU (user + system) over the rebuild
          cpu: s2((used.user + used.system) / 1000),
          ...r,
          by: Object.fromEntries(
            Object.entries(acc.by)
              .filter(([, sec]) => sec >= 0.1)
              .map(([k, sec]) => [k, Math.round(sec * 100) / 100]),
          ),
        });
      }
      const same = JSON.stringify(digests.before) === JSON.stringify(digests.after);
      log({ run, step, same, digests: digests.after });
      if (!same) console.log(`  DIFFERENT: before ${JSON.stringify(digests.before)}`);
      if (o.physical) {
        // after the pair: the after's rows and reads (the tables hold the last rebuild's rows, the same by digest)
        const p = await physical(db, tables[step], readsOf.after ?? []);
        // the before's facts reads replayed alone the same way: the reads' own ratio in the same run
        const readsBefore = s2(await replay(db, readsOf.before ?? []));
        // the cheaper of the two ways of writing the rows is the limit
        const write = Math.min(p.copyIn, p.copyFresh);
        const r2 = (x: number) => Math.round(x * 100) / 100;
        log({
          run,
          step: `${step}-physical`,
          ...p,
          readsBefore,
          readsAfterOverBefore: r2(p.reads / readsBefore),
          afterOverWrite: r2(seconds.after! / write),
          afterOverReadsAndWrite: r2(seconds.after! / (p.reads + write)),
          beforeOverReadsAndWrite: r2(seconds.before! / (p.reads + write)),
        });
      }
      if (o.limit) {
        const l = await limit(db, tables[step]);
        log({ run, step: `${step}-limit`, ...l });
      }
    }
  appendFileSync(
    RESULTS,
    `${JSON.stringify({ at: new Date().toISOString(), what: 'rollup-rebuild', database: o.database, rows: out })}\n`,
  );
  await db.close();
}
