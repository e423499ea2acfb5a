/**
 * Named prepared statements for PGlite (decision 0047). PGlite's own `query` sends every statement as the unnamed
 * statement — Parse, Describe, Bind, Describe, Execute and Sync, six calls into the WASM backend — so PostgreSQL
 * parses and analyses its text again each time. A read sent here is parsed once under a name and then only bound
 * and executed, in one call into the backend. Plans themselves are still made for each execution's parameters
 * (`plan_cache_mode = force_custom_plan`, set when the database is opened): a generic plan chosen by PostgreSQL's
 * own rule (after five executions, when its estimate is no dearer) would be planned without the parameters' values,
 * and a roster page planned for "an org path like $1 || '%'" is planned for a handful of orgs whatever the subtree —
 * the plan decision 0021 found costing seconds.
 *
 * A caller that knows a statement's plan does not depend on its parameters (`{ generic: true }`: look-ups by key,
 * `id = ANY($1)`) has it planned once: its executions run with `force_generic_plan`, set around them.
 *
 * Only statements that start with SELECT or WITH take this path; writes, DDL and COPY keep PGlite's `query`. A
 * statement is kept by its text (the `max` most recently used; 0 keeps none and sends everything through `query`);
 * the oldest is closed when the cache is full.
 */
import { parse as pgliteParse, protocol, types as pgliteTypes, type PGlite } from '@electric-sql/pglite';
import { readRows } from './pglite-rows.js';

type Parsers = Record<number, (v: string, typeId?: number) => unknown>;
type BackendMessage = Awaited<ReturnType<PGlite['execProtocolStream']>>[number];

const { serialize } = protocol;

/** Statements this cache takes: reads (a WITH may hold a data-modifying CTE; it is still one planned statement). */
const READ = /^\s*(?:\(\s*)*(?:SELECT|WITH)\b/i;

/**
 * A kept statement PostgreSQL cannot run any more: "cached plan must not change result type" (a table's columns
 * changed under it) or "prepared statement … does not exist" (DISCARD ALL / DEALLOCATE ALL sent by hand).
 */
const STALE = /^cached plan must not change result type$|^prepared statement ".*" does not exist$/;

const GENERIC = serialize.query('SET plan_cache_mode = force_generic_plan');
const CUSTOM = serialize.query('SET plan_cache_mode = force_custom_plan');

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

interface Kept {
  name: string;
  /** the parameters' type OIDs, as PostgreSQL inferred them at Parse */
  types: number[];
}

export class PgliteStatements {
  private readonly kept = new Map<string, Kept>();
  private seq = 0;
  /** statements closed (evicted or forgotten), sent with the next call into the backend */
  private toClose: string[] = [];

  constructor(
    private readonly pg: PGlite,
    private readonly parsers: Parsers,
    private readonly max = 400,
  ) {}

  /** A type's parser: ours over PGlite's (read now: it adds some for types created later), as `parseResults` merges them. */
  private readonly parserOf = (typeId: number) =>
    this.parsers[typeId] ?? this.pg.parsers[typeId] ?? pgliteTypes.parsers[typeId];

  /** Does this statement take the named path? */
  takes(sql: string, params: readonly unknown[]): boolean {
    return this.max > 0 && READ.test(sql) && !params.some((p) => p instanceof Blob);
  }

  /** Forgets every kept statement (after DDL run through exec: their plans may refer to what changed). */
  forgetAll() {
    for (const k of this.kept.values()) this.toClose.push(k.name);
    this.kept.clear();
  }

  /**
   * Runs a read as a named statement. `inTx`: the caller already holds PGlite's transaction lock (a statement of
   * an open transaction); otherwise the query waits for it, as PGlite's own `query` does.
   */
  async query<T>(sql: string, params: readonly unknown[], inTx: boolean, generic = false): Promise<T[]> {
    await this.pg._checkReady();
    const run = () => this.pg.runExclusive(() => this.runLocked<T>(sql, params, !inTx, generic, false));
    return inTx ? run() : this.pg._runExclusiveTransaction(run);
  }

  private async send(parts: Uint8Array[]): Promise<BackendMessage[]> {
    const close = this.toClose.map((name) => serialize.close({ type: 'S', name }));
    this.toClose = [];
    return this.pg.execProtocolStream(concat([...close, ...parts, serialize.sync()]), { syncToFs: false });
  }

  /**
   * Sends an execution and reads its rows from the backend's bytes (pglite-rows.ts) instead of PGlite's parsed
   * messages; an answer it does not read (an error) is parsed by PGlite's own parser and so reported as before.
   */
  private async sendRows<T>(parts: Uint8Array[], resultIndex: number): Promise<T[]> {
    const close = this.toClose.map((name) => serialize.close({ type: 'S', name }));
    this.toClose = [];
    const chunks: Uint8Array[] = [];
    await this.pg.execProtocolRawStream(concat([...close, ...parts, serialize.sync()]), {
      syncToFs: false,
      // (a view of the backend's buffer, valid during the call only)
      onRawData: (data) => chunks.push(data.slice()),
    });
    const raw = chunks.length === 1 ? chunks[0]! : concat(chunks);
    const rows = readRows<T>(raw, this.parserOf);
    if (rows) return rows;
    const messages: BackendMessage[] = [];
    new protocol.Parser().parse(raw, (m) => messages.push(m));
    const error = messages.find((m) => m instanceof protocol.messages.DatabaseError);
    if (error) throw error;
    const results = pgliteParse.parseResults(messages, this.pg.parsers, { parsers: this.parsers });
    return (results[resultIndex]?.rows ?? []) as T[];
  }

  private async prepare(sql: string): Promise<Kept> {
    const name = `jiceng_${++this.seq}`;
    const messages = await this.send([
      serialize.parse({ name, text: sql }),
      serialize.describe({ type: 'S', name }),
    ]);
    const desc = messages.find((m) => m.name === 'parameterDescription') as
      { dataTypeIDs?: number[] } | undefined;
    const k = { name, types: desc?.dataTypeIDs ?? [] };
    this.kept.set(sql, k);
    if (this.kept.size > this.max) {
      const [oldest] = this.kept.keys();
      this.toClose.push(this.kept.get(oldest!)!.name);
      this.kept.delete(oldest!);
    }
    return k;
  }

  private async runLocked<T>(
    sql: string,
    params: readonly unknown[],
    outsideTx: boolean,
    generic: boolean,
    retried: boolean,
  ): Promise<T[]> {
    let rows: T[];
    let k = this.kept.get(sql);
    try {
      if (k) {
        // most recently used last (the Map's order is the eviction order)
        this.kept.delete(sql);
        this.kept.set(sql, k);
      } else k = await this.prepare(sql);
      const types = k.types;
      const values = params.map((v, i) => {
        if (v === null || v === undefined) return null;
        const ser = this.pg.serializers[types[i]!];
        return ser ? (ser(v) as string) : String(v);
      });
      const run = [
        serialize.bind({ statement: k.name, values }),
        serialize.describe({ type: 'P' }),
        serialize.execute({}),
      ];
      // a generic plan: the setting is read when the statement is bound, so it is set around this one execution
      // (in a transaction that fails, the rollback restores it)
      rows = await this.sendRows<T>(
        generic ? [GENERIC, ...run, serialize.sync(), CUSTOM] : run,
        generic ? 1 : 0,
      );
    } catch (e) {
      if (k && e instanceof Error && STALE.test(e.message)) {
        this.kept.delete(sql);
        this.toClose.push(k.name);
        // outside a transaction nothing was aborted: prepare the statement again once
        if (outsideTx && !retried) return this.runLocked<T>(sql, params, outsideTx, generic, true);
      }
      // (as PGlite's own query reports a failed statement)
      Object.assign(e as object, { query: sql, params });
      throw e;
    }
    if (outsideTx) await this.pg.syncToFs();
    return rows;
  }
}
