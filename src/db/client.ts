/**
 * The database handle: embedded PGlite in a data folder by default, real PostgreSQL when a URL is given.
 * Both speak the same SQL; this module hides the two drivers behind one small interface so repositories and
 * services never know which one they run on. Dates stay 'YYYY-MM-DD' strings and int8 become numbers.
 */
import { mkdirSync } from 'node:fs';
import { PGlite, types as pgliteTypes } from '@electric-sql/pglite';
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { bytesAsBlob, copyBytes } from './copy-bytes.js';
import { lockDataFolder } from './folder-lock.js';
import { PgliteStatements } from './pglite-statements.js';
import { openPgliteThread, PgliteThreadDb } from './pglite-worker.js';

export type DbKind = 'pglite' | 'postgres';

/** COPY input: tab-separated text as strings, or as its UTF-8 bytes (sent as they are). */
export type CopyChunks = Iterable<string | Uint8Array> | AsyncIterable<string | Uint8Array>;

/** How a statement may be planned (decision 0047). */
export interface QueryOptions {
  /**
   * The statement's best plan does not depend on its parameters' values (look-ups by key, `id = ANY($1)`): PGlite
   * plans it once and reuses the plan (a generic plan of its named statement). Leave it out for anything whose plan
   * depends on the values — a prefix of an org path, a date range — which is planned for each execution.
   * PostgreSQL runs it as a named prepared statement (PgStatementNames), planned by its plan cache's own rule.
   */
  generic?: boolean;
}

export interface Db {
  readonly kind: DbKind;
  query<T = Record<string, unknown>>(
    sql: string,
    params?: readonly unknown[],
    opts?: QueryOptions,
  ): Promise<T[]>;
  /** Runs several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
  /** Runs fn in one transaction; nested calls join the outer transaction. */
  transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T>;
  /** COPY rows into a table from tab-separated text (already escaped, see copyText), as strings or UTF-8 bytes. */
  copyIn(table: string, columns: readonly string[], tsvChunks: CopyChunks): Promise<void>;
  /** COPY a query's rows out as tab-separated text (one string per chunk). */
  copyOut(query: string): AsyncIterable<string>;
  /**
   * In a PostgreSQL transaction: a second connection, read only, that sees this transaction's snapshot as it is
   * now (`pg_export_snapshot`) — the server reads on it while this connection writes (a rebuild's batches). Null
   * where there is none (PGlite, outside a transaction, a handle that does not pass it on).
   */
  snapshotReader?(): Promise<SnapshotReader | null>;
  close(): Promise<void>;
}

/** A read-only connection on a transaction's snapshot; `close` ends its transaction and gives it back. */
export interface SnapshotReader {
  db: Db;
  close(): Promise<void>;
}

const DATE_OID = 1082;
const INT8_OID = 20;
const NUMERIC_OID = 1700;

// --- PostgreSQL (node-postgres) ------------------------------------------------------------------------------
const pgTypes = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === DATE_OID) return (v: string) => v;
    if (oid === INT8_OID) return (v: string) => Number(v);
    if (oid === NUMERIC_OID) return (v: string) => v;
    return pg.types.getTypeParser(oid, format as 'text');
  },
};

type Queryable = pg.Pool | pg.PoolClient;

/** Every index of the array a finite number (by index: `every` skips a sparse array's holes, which pg sends as NULL). */
function finiteNumbers(v: readonly unknown[]): boolean {
  for (let j = 0; j < v.length; j++) {
    const x = v[j];
    if (typeof x !== 'number' || !Number.isFinite(x)) return false;
  }
  return true;
}

/**
 * The parameters as node-postgres sends them, an array of numbers (the id lists of every batch read) written as its
 * array literal at once: node-postgres quotes and escapes each element of an array on its own (every statement of
 * the daily evaluation's batches sends the batch's 2,000 ids: ~4 % of its process's CPU in session 18's profile,
 * decision 0052). The literal is the one it would send (`{1,2,3}`: a number's
 * text needs no quotes).
 */
export function wireParams(params: readonly unknown[]): unknown[] {
  let out: unknown[] | null = null;
  for (let i = 0; i < params.length; i++) {
    const v = params[i];
    if (!Array.isArray(v) || !finiteNumbers(v)) continue;
    out ??= [...params];
    out[i] = `{${v.join(',')}}`;
  }
  return out ?? (params as unknown[]);
}

/**
 * The names under which statements asked with `{ generic: true }` run on PostgreSQL as named prepared statements
 * (decision 0053): each connection of the pool parses such a text once and then only binds and executes it, and
 * PostgreSQL's plan cache (`plan_cache_mode = auto`) plans it once its generic plan costs no more than the custom
 * ones — a look-up by key, a roster page of one ancestor range. Its text is parsed and planned on every execution
 * otherwise: for the roster page about as much of PostgreSQL's CPU as running it. At most `max` texts are named
 * (the callers send a bounded set of texts; past that the rest go unnamed, as before).
 */
export class PgStatementNames {
  private readonly names = new Map<string, string>();
  private seq = 0;
  constructor(private readonly max = 500) {}

  /** The name of this statement text, or undefined when it runs unnamed. */
  of(sql: string): string | undefined {
    const n = this.names.get(sql);
    if (n !== undefined || this.names.size >= this.max) return n;
    const name = `jiceng_${++this.seq}`;
    this.names.set(sql, name);
    return name;
  }

  /** A text whose kept statement PostgreSQL refused (its result type changed under it): a new name next time. */
  renew(sql: string) {
    if (this.names.has(sql)) this.names.set(sql, `jiceng_${++this.seq}`);
  }
}

/** PostgreSQL's refusal of a kept statement whose tables changed shape under it (DDL since it was parsed). */
const STALE_PLAN = /^cached plan must not change result type$/;

class PostgresDb implements Db {
  readonly kind = 'postgres' as const;
  constructor(
    private readonly q: Queryable,
    private readonly pool: pg.Pool,
    private readonly inTx: boolean,
    private readonly names: PgStatementNames,
  ) {}

  /**
   * A transaction's client runs one query at a time: the services' `Promise.all` reads would otherwise overlap on
   * it (node-postgres warns "client.query() when the client is already executing a query" and its next major
   * version refuses). Outside a transaction each query takes its own connection from the pool and they overlap.
   */
  private tail: Promise<unknown> = Promise.resolve();

  inTurn<T>(run: () => Promise<T>): Promise<T> {
    if (!this.inTx) return run();
    const next = this.tail.then(run, run);
    this.tail = next.catch(() => undefined);
    return next;
  }

  async query<T>(sql: string, params: readonly unknown[] = [], opts?: QueryOptions): Promise<T[]> {
    const name = opts?.generic ? this.names.of(sql) : undefined;
    if (name === undefined) {
      const r = await this.inTurn(() =>
        this.q.query({ text: sql, values: wireParams(params), types: pgTypes }),
      );
      return r.rows as T[];
    }
    try {
      const r = await this.inTurn(() =>
        this.q.query({ name, text: sql, values: wireParams(params), types: pgTypes }),
      );
      return r.rows as T[];
    } catch (e) {
      // (outside a transaction: inside one the error has aborted it, and the caller's retry is the transaction's)
      if (this.inTx || !(e instanceof Error) || !STALE_PLAN.test(e.message)) throw e;
      this.names.renew(sql);
      const r = await this.q.query({ text: sql, values: wireParams(params), types: pgTypes });
      return r.rows as T[];
    }
  }

  async exec(sql: string): Promise<void> {
    await this.inTurn(() => this.q.query(sql));
  }

  async transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T> {
    if (this.inTx) return fn(this);
    const client = await this.pool.connect();
    // a client whose ROLLBACK failed (its connection lost or the server ended it) is destroyed, never handed out again
    let broken: Error | undefined;
    // the server ending the connection mid-transaction is an 'error' event on the checked-out client (the pool
    // listens only to idle ones): kept here, it fails this transaction instead of the process
    const lost = (err: Error) => (broken = err);
    client.on('error', lost);
    try {
      await client.query('BEGIN');
      const result = await fn(new PostgresDb(client, this.pool, true, this.names));
      await client.query('COMMIT');
      return result;
    } catch (e) {
      await client.query('ROLLBACK').catch((err: unknown) => {
        broken = err instanceof Error ? err : new Error(String(err));
      });
      throw e;
    } finally {
      client.off('error', lost);
      client.release(broken);
    }
  }

  async copyIn(table: string, columns: readonly string[], chunks: CopyChunks) {
    const run = async (client: pg.PoolClient) => {
      const stream = client.query(copyFrom(`COPY ${table} (${columns.join(',')}) FROM STDIN`));
      await pipeline(Readable.from(chunks), stream);
    };
    if (this.inTx) return this.inTurn(() => run(this.q as pg.PoolClient));
    const client = await this.pool.connect();
    // as in `transaction`: the server ending the connection mid-COPY is an 'error' event on this checked-out client
    let broken: Error | undefined;
    const lost = (err: Error) => (broken = err);
    client.on('error', lost);
    try {
      await run(client);
    } catch (e) {
      // a COPY that failed part-way may leave the connection mid-protocol: never handed out again
      broken ??= e instanceof Error ? e : new Error(String(e));
      throw e;
    } finally {
      client.off('error', lost);
      client.release(broken);
    }
  }

  async *copyOut(query: string): AsyncIterable<string> {
    // in a transaction the COPY takes its turn on the client like a query (sent in order, never beside another
    // statement) and holds it until its last row is read
    let release = () => {};
    if (this.inTx) {
      let started!: () => void;
      const turn = new Promise<void>((resolve) => (started = resolve));
      const done = new Promise<void>((resolve) => (release = resolve));
      void this.inTurn(() => {
        started();
        return done;
      });
      await turn;
    }
    const client = this.inTx ? (this.q as pg.PoolClient) : await this.pool.connect();
    // outside a transaction the client is this COPY's alone: a lost connection ('error' on a checked-out client, as
    // in `transaction`) fails the COPY, and a COPY not read to its end (the reader stopped or failed) leaves the
    // connection mid-protocol — either way the client is destroyed, never handed out again
    let broken: Error | undefined;
    const lost = (err: Error) => (broken = err);
    if (!this.inTx) client.on('error', lost);
    let ended = false;
    try {
      const stream = client.query(copyTo(`COPY (${query}) TO STDOUT`));
      // the stream's chunks are cut anywhere, a character's bytes too: decoded across chunks (a Chinese name cut
      // between two chunks came out as U+FFFD, written so into a backup)
      const text = new StringDecoder('utf8');
      for await (const chunk of stream) {
        const s = text.write(chunk as Buffer);
        if (s) yield s;
      }
      const rest = text.end();
      if (rest) yield rest;
      ended = true;
    } finally {
      if (!this.inTx) {
        client.off('error', lost);
        client.release(broken ?? (ended ? undefined : new Error('COPY TO not read to its end')));
      } else if (!ended) {
        // in a transaction the client is the transaction's: a COPY left mid-protocol would hold every later
        // statement on it, the ROLLBACK too, forever. Its connection is ended instead: the transaction fails (its
        // 'error' listener) and `transaction` destroys the client.
        (client as unknown as { connection: { stream: { destroy(): void } } }).connection.stream.destroy();
      }
      release();
    }
  }

  async snapshotReader(): Promise<SnapshotReader | null> {
    if (!this.inTx) return null;
    const [row] = await this.query<{ id: string }>('SELECT pg_export_snapshot() AS id');
    const id = row!.id;
    const client = await this.pool.connect();
    let broken: Error | undefined;
    const lost = (err: Error) => (broken = err); // as in `transaction`
    client.on('error', lost);
    try {
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      await client.query(`SET TRANSACTION SNAPSHOT '${id.replace(/'/g, "''")}'`);
    } catch (e) {
      await client.query('ROLLBACK').catch((err: unknown) => {
        broken = err instanceof Error ? err : new Error(String(err));
      });
      client.off('error', lost);
      client.release(broken);
      throw e;
    }
    const db = new PostgresDb(client, this.pool, true, this.names);
    return {
      db,
      close: async () => {
        // after every statement sent on it
        await db.inTurn(() => Promise.resolve()).catch(() => undefined);
        await client.query('ROLLBACK').catch((err: unknown) => {
          broken = err instanceof Error ? err : new Error(String(err));
        });
        client.off('error', lost);
        client.release(broken);
      },
    };
  }

  async close() {
    if (!this.inTx) await this.pool.end();
  }
}

// --- PGlite -----------------------------------------------------------------------------------------------------
type PgliteLike = Pick<PGlite, 'query' | 'exec'>;

const pgliteParsers = {
  [pgliteTypes.DATE]: (v: string) => v,
  [pgliteTypes.INT8]: (v: string) => Number(v),
  [pgliteTypes.NUMERIC]: (v: string) => v,
};

/** DDL sent through `query`: kept statements may refer to what it changes. */
const DDL = /^\s*(?:CREATE|ALTER|DROP|TRUNCATE)\b/i;

class PgliteDb implements Db {
  readonly kind = 'pglite' as const;
  constructor(
    private readonly q: PgliteLike,
    private readonly root: PGlite,
    private readonly inTx: boolean,
    /** reads as named prepared statements, shared by the database and its transactions (decision 0047) */
    private readonly statements: PgliteStatements,
  ) {}

  async query<T>(sql: string, params: readonly unknown[] = [], opts?: QueryOptions): Promise<T[]> {
    if (this.statements.takes(sql, params))
      return this.statements.query<T>(sql, params, this.inTx, opts?.generic === true);
    if (DDL.test(sql)) this.statements.forgetAll();
    const r = await this.q.query<T>(sql, params as unknown[], { parsers: pgliteParsers });
    return r.rows;
  }

  async exec(sql: string) {
    this.statements.forgetAll();
    await this.q.exec(sql);
  }

  async transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T> {
    if (this.inTx) return fn(this);
    return this.root.transaction((tx) => fn(new PgliteDb(tx, this.root, true, this.statements)));
  }

  async copyIn(table: string, columns: readonly string[], chunks: CopyChunks) {
    const parts: (string | Uint8Array)[] = [];
    for await (const c of chunks) parts.push(c);
    // (the text's bytes once, read by PGlite as they are: no Blob, see copyBytes)
    const blob = bytesAsBlob(copyBytes(parts));
    await this.q.query(`COPY ${table} (${columns.join(',')}) FROM '/dev/blob'`, [], { blob });
  }

  async *copyOut(query: string): AsyncIterable<string> {
    const r = await this.q.query(`COPY (${query}) TO '/dev/blob'`);
    if (r.blob) yield await r.blob.text();
  }

  async close() {
    if (!this.inTx) await this.root.close();
  }

  dump(): Promise<Blob> {
    return this.root.dumpDataDir('none');
  }
}

/**
 * The PostgreSQL extensions the migrations create, as PGlite bundles them (PostgreSQL ships them in contrib):
 * btree_gist for the dated tables' no-overlap constraints (decision 0008), pg_trgm for the trigram indexes of org
 * search (decision 0014).
 */
export const PGLITE_EXTENSIONS = { btree_gist, pg_trgm };

export interface OpenOptions {
  databaseUrl?: string | undefined;
  /** PGlite data folder; 'memory://' for an in-memory database (tests). */
  dataDir?: string | undefined;
  /** PGlite only: start from this dump of a data folder (see dumpPglite; tests clone a migrated schema) */
  loadDataDir?: Blob | undefined;
  /**
   * PGlite only: reads as named prepared statements (default true; pglite-statements.ts). False sends every
   * statement through PGlite's own `query`, as before decision 0047 — for comparing the two.
   */
  namedReads?: boolean | undefined;
  /**
   * PGlite only: its memory settings (decision 0054). Left out, PGlite's own defaults (a 128 MB buffer pool): the
   * server and the command line pass the configured ones (config.ts, `pgliteSettingsOf`).
   */
  pglite?: PgliteSettings | undefined;
  /**
   * PGlite only: the database on a thread of its own (decision 0057, pglite-worker.ts), so that no statement stalls
   * this thread's event loop. Default false (the database in this thread).
   */
  worker?: boolean | undefined;
  /** PGlite only: the caller already holds the folder's lock (the database's own thread: its opener holds it) */
  folderLocked?: boolean | undefined;
}

/**
 * How much memory an embedded database may use (decision 0054): PostgreSQL's settings of the same names, as
 * PostgreSQL writes them ('32MB'), given to PGlite when it starts. PGlite's WebAssembly memory (128 MB at the least:
 * its module asks for no less) grows to hold the buffer pool, the sorts of index builds and big COPYs, and never
 * shrinks while the process runs.
 */
export interface PgliteSettings {
  /** the buffer pool (PGlite's default: PostgreSQL's 128MB) */
  sharedBuffers?: string | undefined;
  /** a query's sort and hash memory (default 4MB) */
  workMem?: string | undefined;
  /** an index build's sort memory (default 64MB) */
  maintenanceWorkMem?: string | undefined;
}

/** PGlite's start options for these settings (its own default start parameters, then ours). */
export function pgliteStartOptions(s: PgliteSettings | undefined): { startParams?: string[] } {
  if (!s) return {};
  const conf: [string, string | undefined][] = [
    ['shared_buffers', s.sharedBuffers],
    ['work_mem', s.workMem],
    ['maintenance_work_mem', s.maintenanceWorkMem],
  ];
  const params = conf.flatMap(([name, v]) => (v ? ['-c', `${name}=${v}`] : []));
  return params.length ? { startParams: [...PGlite.defaultStartParams, ...params] } : {};
}

/** A PGlite database's whole data folder as an uncompressed tarball, for `openDb({ loadDataDir })`. */
export async function dumpPglite(db: Db): Promise<Blob> {
  if (!(db instanceof PgliteDb) && !(db instanceof PgliteThreadDb))
    throw new Error('dumpPglite: not an embedded database');
  return db.dump();
}

export async function openDb(opts: OpenOptions): Promise<Db> {
  if (opts.databaseUrl) {
    const pool = new pg.Pool({
      connectionString: opts.databaseUrl,
      max: 10,
      // jit=off: the app's queries are short and their estimates can be far too high; with the stock settings
      // PostgreSQL JIT-compiled the compliance facts query for 6.3 s of its 7.4 s (decision 0024's addendum)
      options: '-c TimeZone=Asia/Shanghai -c random_page_cost=1.1 -c jit=off',
    });
    // an idle connection dropped by the server (restart, admin command) must not crash the process
    pool.on('error', () => undefined);
    await pool.query('select 1');
    return new PostgresDb(pool, pool, false, new PgStatementNames());
  }
  const dataDir = opts.dataDir ?? './data';
  const memory = dataDir.startsWith('memory://');
  if (!memory) mkdirSync(dataDir, { recursive: true });
  // one process per embedded folder: a second one is refused before it opens the files (folder-lock.ts)
  const lock = memory || opts.folderLocked ? null : lockDataFolder(dataDir);
  if (opts.worker) {
    try {
      return await openPgliteThread(
        {
          dataDir,
          // (its bytes, as a Blob the post can carry: a subclass that keeps them elsewhere arrives empty)
          loadDataDir: opts.loadDataDir && new Blob([await opts.loadDataDir.arrayBuffer()]),
          namedReads: opts.namedReads,
          pglite: opts.pglite,
        },
        () => lock?.release(),
      );
    } catch (e) {
      lock?.release();
      throw e;
    }
  }
  try {
    const db = new PGlite({
      ...(memory ? {} : { dataDir }),
      ...(opts.loadDataDir ? { loadDataDir: opts.loadDataDir } : {}),
      extensions: PGLITE_EXTENSIONS,
      ...pgliteStartOptions(opts.pglite),
    });
    await db.waitReady;
    // plans made for each execution's parameters, also of the named statements (pglite-statements.ts)
    await db.exec("SET TIME ZONE 'Asia/Shanghai'; SET plan_cache_mode = force_custom_plan");
    const handle = new PgliteDb(
      db,
      db,
      false,
      new PgliteStatements(db, pgliteParsers, opts.namedReads === false ? 0 : 400),
    );
    if (lock) {
      const close = handle.close.bind(handle);
      handle.close = async () => {
        try {
          await close();
        } finally {
          lock.release();
        }
      };
    }
    return handle;
  } catch (e) {
    lock?.release();
    throw e;
  }
}

/** Who is acting, recorded by the audit triggers for every change made through this handle. */
export interface AuditSession {
  actorId: number | null;
  label: string;
  ip: string | null;
}

/**
 * A handle whose transactions first set the acting user and address (transaction-local settings read by the
 * audit triggers). Nested transactions join the outer one.
 */
export function withAuditSession(db: Db, who: AuditSession): Db {
  const wrap = (inner: Db, inTx: boolean): Db => {
    const self: Db = {
      kind: inner.kind,
      query: (sql, params, opts) => inner.query(sql, params, opts),
      exec: (sql) => inner.exec(sql),
      copyIn: (table, columns, chunks) => inner.copyIn(table, columns, chunks),
      copyOut: (query) => inner.copyOut(query),
      snapshotReader: () => inner.snapshotReader?.() ?? Promise.resolve(null),
      close: () => inner.close(),
      transaction: (fn) =>
        inTx
          ? fn(self)
          : inner.transaction(async (tx) => {
              await tx.query(
                `SELECT set_config('jiceng.actor_id', $1, true), set_config('jiceng.actor_label', $2, true),
                        set_config('jiceng.ip', $3, true)`,
                [who.actorId === null ? '' : String(who.actorId), who.label, who.ip ?? ''],
              );
              return fn(wrap(tx, true));
            }),
    };
    return self;
  };
  return wrap(db, false);
}

/** Escapes one value for COPY text format. null → \N. */
export function copyValue(v: unknown): string {
  if (v === null || v === undefined) return '\\N';
  const s = typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v);
  return s.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
}

export function copyLine(values: readonly unknown[]): string {
  return values.map(copyValue).join('\t') + '\n';
}

/**
 * Rows as COPY text in chunks of about a megabyte. For the rebuilds' cells: numbers, nulls and code strings; a
 * string is escaped only when it holds a character COPY treats specially.
 */
export function* copyChunks<T>(rows: Iterable<T>, line: (r: T) => string): Generator<string> {
  let text = '';
  for (const r of rows) {
    text += line(r);
    if (text.length >= 1 << 20) {
      yield text;
      text = '';
    }
  }
  if (text) yield text;
}

const SPECIAL = /[\\\t\n\r]/;
/** A value in COPY text: null as \N, a string escaped when it must be. */
export function copyText(v: string | number | boolean | null): string {
  if (v === null) return '\\N';
  if (typeof v !== 'string') return String(v);
  return SPECIAL.test(v) ? copyValue(v) : v;
}
