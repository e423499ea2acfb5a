/**
 * One measurement per process (run by bench/run.ts as `child <what> <json>`), so that the peak RSS reported
 * (process.resourceUsage().maxRSS) belongs to that measurement alone. Each prints one JSON line.
 */
import { createReadStream, createWriteStream, rmSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import ExcelJS from 'exceljs';
import { parse as parseCsv } from 'csv-parse';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import {
  PGLITE_EXTENSIONS,
  openDb,
  pgliteStartOptions,
  withAuditSession,
  type PgliteSettings,
} from '../src/db/client.js';
import {
  MEMBER_COPY_COLUMNS,
  PERSON_COPY_COLUMNS,
  derivedKeys,
  esc,
  memberValues,
  personValues,
} from '../src/db/member-columns.js';
import { migrate } from '../src/db/migrate.js';
import { DEFAULT_SETTINGS } from '../src/policy/settings.js';
import { SYSTEM_ACTOR } from '../src/domain/access/policy.js';
import { nameKeys } from '../src/domain/member/names.js';
import { parseMemberRows } from '../src/io/parse-sheet.js';
import { readTable } from '../src/io/read-table.js';
import { fixedClock } from '../src/services/context.js';
import { importMembers } from '../src/services/imports.js';
import { getLiveStats, getStats } from '../src/services/stats.js';
import { MEMBER_DIMS } from '../src/domain/stats/keys.js';
import { OUT, peakRssMb, readManifest, type Engine, type Format } from './common.js';

export interface ImportArgs {
  engine: Engine;
  format: Format;
  rows: number;
  /** database URL or PGlite folder (a fresh clone of the template) */
  location: string;
  chunkSize?: number;
  verify?: boolean;
  /** PGlite's memory settings (decision 0054; run.ts --pglite); left out, PGlite's own defaults */
  pglite?: PgliteSettings;
}

export async function importChild(a: ImportArgs) {
  const m = readManifest(a.rows);
  if (!m) throw new Error(`no input for ${a.rows} rows`);
  const db = await openDb(
    a.engine === 'postgres' ? { databaseUrl: a.location } : { dataDir: a.location, pglite: a.pglite },
  );
  await migrate(db);
  if (a.engine === 'postgres') await db.query('CHECKPOINT');
  const ctx = {
    db: withAuditSession(db, { actorId: null, label: 'system:bench', ip: null }),
    clock: fixedClock(m.today),
    actor: SYSTEM_ACTOR,
    settings: DEFAULT_SETTINGS,
  };
  // memory over the import, sampled: the process's RSS (every thread: the parse worker's heap, PGlite's WASM
  // memory) and the main thread's heap, to see where a peak comes from (BENCH_MEMORY_TRACE=1 prints a timeline)
  const peaks = { heapUsedMb: 0, externalMb: 0, arrayBuffersMb: 0 };
  const rssBefore = Math.round(process.memoryUsage.rss() / 2 ** 20);
  const trace = process.env.BENCH_MEMORY_TRACE ? ([] as string[]) : null;
  const t0 = performance.now();
  const sampler = setInterval(() => {
    const u = process.memoryUsage();
    peaks.heapUsedMb = Math.max(peaks.heapUsedMb, Math.round(u.heapUsed / 2 ** 20));
    peaks.externalMb = Math.max(peaks.externalMb, Math.round(u.external / 2 ** 20));
    peaks.arrayBuffersMb = Math.max(peaks.arrayBuffersMb, Math.round(u.arrayBuffers / 2 ** 20));
    trace?.push(
      `${((performance.now() - t0) / 1000).toFixed(1)}s rss ${Math.round(u.rss / 2 ** 20)} heap ${Math.round(u.heapUsed / 2 ** 20)}/${Math.round(u.heapTotal / 2 ** 20)} ext ${Math.round(u.external / 2 ** 20)} ab ${Math.round(u.arrayBuffers / 2 ** 20)}`,
    );
  }, 250);
  // BENCH_IMPORT_PHASES=1: when each phase of the import ended, on stderr
  const onPhase = process.env.BENCH_IMPORT_PHASES
    ? (name: string) =>
        process.stderr.write(`  import ${((performance.now() - t0) / 1000).toFixed(2)} s ${name}\n`)
    : undefined;
  const r = await importMembers(
    ctx,
    { path: a.format === 'csv' ? m.csv : m.xlsx },
    { chunkSize: a.chunkSize, ...(onPhase ? { onPhase } : {}) },
  );
  const seconds = (performance.now() - t0) / 1000;
  clearInterval(sampler);
  if (trace) console.log(trace.join('\n'));
  const rss = peakRssMb();
  let aggregatesMatch: boolean | undefined;
  if (a.verify) {
    const [root] = await db.query<{ code: string }>('SELECT code FROM org WHERE parent_id IS NULL');
    const [s, l] = await Promise.all([getStats(ctx, root!.code), getLiveStats(ctx, root!.code)]);
    aggregatesMatch = JSON.stringify({ ...s, source: '' }) === JSON.stringify({ ...l, source: '' });
  }
  await db.close();
  if (r.inserted !== a.rows || r.rejected.length) {
    throw new Error(
      `import inserted ${r.inserted} of ${a.rows}; first rejection ${JSON.stringify(r.rejected[0])}`,
    );
  }
  return {
    what: 'import',
    engine: a.engine,
    format: a.format,
    rows: a.rows,
    seconds,
    rowsPerSec: a.rows / seconds,
    peakRssMb: rss,
    rssBeforeMb: rssBefore,
    ...peaks,
    ...(aggregatesMatch === undefined ? {} : { aggregatesMatch }),
  };
}

// ------------------------------------------------------------------------------------------------ raw COPY

export interface RawCopyArgs {
  engine: Engine;
  rows: number;
  location: string;
  /** 'pk': the person and member tables' columns with their primary keys only; 'indexes': also their secondary indexes */
  variant: 'pk' | 'indexes';
}

/** The rows the import writes to `person` and `member`, as JS arrays (built untimed from the same file). */
async function memberArrays(
  rows: number,
  orgIds: Map<string, { id: number; path: string }>,
): Promise<[unknown[][], unknown[][]]> {
  const m = readManifest(rows)!;
  const out: unknown[][] = [];
  const persons: unknown[][] = [];
  for await (const r of parseMemberRows({ path: m.csv }, { today: m.today })) {
    const v = r.value;
    if (!v) throw new Error(`row ${r.row} rejected`);
    const confirmedOn = v.status === 'full' ? (v.confirmedOn ?? null) : null;
    const fields = {
      id: out.length + 1,
      personId: out.length + 1,
      orgId: orgIds.get(v.orgCode)!.id,
      name: v.name,
      sex: v.sex!,
      birthDate: v.birthDate!,
      idNumber: v.idNumber,
      ethnicity: v.ethnicity ?? null,
      education: v.education ?? null,
      occupation: v.occupation ?? null,
      ethnicityRaw: v.ethnicityRaw ?? null,
      educationRaw: v.educationRaw ?? null,
      occupationRaw: v.occupationRaw ?? null,
      nativePlace: v.nativePlace ?? null,
      phone: v.phone ?? null,
      address: v.address ?? null,
      workUnit: v.workUnit ?? null,
      jobTitle: v.jobTitle ?? null,
      status: v.status,
      joinedOn: v.joinedOn,
      confirmedOn,
      isMobile: v.isMobile ?? false,
    };
    const all = { ...fields, ...derivedKeys(fields, nameKeys(v.name)) };
    persons.push(personValues(all.personId, all));
    out.push(memberValues(all, orgIds.get(v.orgCode)!.path));
  }
  return [persons, out];
}

const CHUNK = 5000;

/** One row as COPY text, with the same escaping the import uses (one regex test per text value). */
function line(values: readonly unknown[]): string {
  let s = '';
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    s += (i ? '\t' : '') + (v == null ? '\\N' : typeof v === 'string' ? esc(v) : String(v));
  }
  return s + '\n';
}

/** The tables of a member row (decision 0011), copied one after the other: persons, then memberships. */
const RAW = [
  { table: 'bench_raw_person', like: 'person', cols: PERSON_COPY_COLUMNS.join(',') },
  { table: 'bench_raw_member', like: 'member', cols: MEMBER_COPY_COLUMNS.join(',') },
];

export async function rawCopyChild(a: RawCopyArgs) {
  const create = (r: (typeof RAW)[number]) =>
    `CREATE TABLE ${r.table} (LIKE ${r.like} INCLUDING DEFAULTS INCLUDING CONSTRAINTS${
      a.variant === 'indexes' ? ' INCLUDING INDEXES' : ''
    })`;
  const pk = (r: (typeof RAW)[number]) =>
    a.variant === 'pk' ? `ALTER TABLE ${r.table} ADD PRIMARY KEY (id)` : null;
  let seconds: number;
  if (a.engine === 'postgres') {
    const c = new pg.Client({ connectionString: a.location });
    await c.connect();
    const orgIds = new Map(
      (await c.query<{ code: string; id: number; path: string }>('SELECT code, id, path FROM org')).rows.map(
        (o) => [o.code, { id: o.id, path: o.path }],
      ),
    );
    const both = await memberArrays(a.rows, orgIds);
    for (const r of RAW) {
      await c.query(`DROP TABLE IF EXISTS ${r.table}`);
      await c.query(create(r));
      const k = pk(r);
      if (k) await c.query(k);
    }
    await c.query('CHECKPOINT');
    const t0 = performance.now();
    await c.query('BEGIN');
    for (let t = 0; t < RAW.length; t++) {
      const arrays = both[t]!;
      const stream = c.query(copyFrom(`COPY ${RAW[t]!.table} (${RAW[t]!.cols}) FROM STDIN`));
      await pipeline(
        Readable.from(
          (function* () {
            for (let i = 0; i < arrays.length; i += CHUNK) {
              let s = '';
              for (const r of arrays.slice(i, i + CHUNK)) s += line(r);
              yield s;
            }
          })(),
        ),
        stream,
      );
    }
    await c.query('COMMIT');
    seconds = (performance.now() - t0) / 1000;
    for (const r of RAW) await c.query(`DROP TABLE ${r.table}`);
    await c.end();
  } else {
    const db = new PGlite(a.location, { extensions: PGLITE_EXTENSIONS });
    await db.waitReady;
    const orgIds = new Map(
      (await db.query<{ code: string; id: number; path: string }>('SELECT code, id, path FROM org')).rows.map(
        (o) => [o.code, { id: o.id, path: o.path }],
      ),
    );
    const both = await memberArrays(a.rows, orgIds);
    for (const r of RAW) {
      await db.exec(create(r));
      const k = pk(r);
      if (k) await db.exec(k);
    }
    const t0 = performance.now();
    await db.transaction(async (tx) => {
      const BLOB = 100_000;
      for (let t = 0; t < RAW.length; t++) {
        const arrays = both[t]!;
        const { table, cols } = RAW[t]!;
        for (let i = 0; i < arrays.length; i += BLOB) {
          const parts: string[] = [];
          for (let j = i; j < Math.min(i + BLOB, arrays.length); j += CHUNK) {
            let s = '';
            for (const r of arrays.slice(j, Math.min(j + CHUNK, i + BLOB))) s += line(r);
            parts.push(s);
          }
          await tx.query(`COPY ${table} (${cols}) FROM '/dev/blob'`, [], { blob: new Blob(parts) });
        }
      }
    });
    seconds = (performance.now() - t0) / 1000;
    await db.close();
  }
  return {
    what: 'raw-copy',
    engine: a.engine,
    variant: a.variant,
    rows: a.rows,
    seconds,
    rowsPerSec: a.rows / seconds,
  };
}

// ------------------------------------------------------------------------------------------------ raw parsers

/** Plain exceljs streaming read of the .xlsx, touching every cell: the ceiling for any .xlsx import with exceljs. */
export async function rawXlsxChild(a: { rows: number }) {
  const m = readManifest(a.rows)!;
  const t0 = performance.now();
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(m.xlsx, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  let rows = 0;
  let cells = 0;
  let chars = 0;
  for await (const ws of reader) {
    for await (const row of ws as AsyncIterable<ExcelJS.Row>) {
      rows++;
      row.eachCell({ includeEmpty: false }, (cell) => {
        cells++;
        const v = cell.value;
        if (typeof v === 'string') chars += v.length;
        else if (v instanceof Date) chars += 10;
      });
    }
  }
  const seconds = (performance.now() - t0) / 1000;
  const dataRows = rows - 1;
  return {
    what: 'raw-xlsx',
    rows: dataRows,
    cells,
    chars,
    seconds,
    rowsPerSec: dataRows / seconds,
    peakRssMb: peakRssMb(),
  };
}

/** csv-parse over the .csv, every field touched: the ceiling for the CSV reader. */
export async function rawCsvChild(a: { rows: number }) {
  const m = readManifest(a.rows)!;
  const t0 = performance.now();
  let rows = 0;
  let chars = 0;
  const parser = createReadStream(m.csv).pipe(parseCsv({ bom: true, relax_column_count: true }));
  for await (const rec of parser as AsyncIterable<string[]>) {
    rows++;
    for (const f of rec) chars += f.length;
  }
  const seconds = (performance.now() - t0) / 1000;
  const dataRows = rows - 1;
  return {
    what: 'raw-csv',
    rows: dataRows,
    chars,
    seconds,
    rowsPerSec: dataRows / seconds,
    peakRssMb: peakRssMb(),
  };
}

/** Jiceng's own streaming reader (io/read-table: the CSV splitter or the .xlsx reader) touching every cell. */
export async function rawReaderChild(a: { rows: number; format: Format }) {
  const m = readManifest(a.rows)!;
  const t0 = performance.now();
  let rows = 0;
  let chars = 0;
  for await (const r of readTable({ path: a.format === 'csv' ? m.csv : m.xlsx })) {
    rows++;
    for (const c of r.cells) {
      if (typeof c === 'string') chars += c.length;
      else if (c !== null) chars += 1;
    }
  }
  const seconds = (performance.now() - t0) / 1000;
  const dataRows = rows - 1;
  return {
    what: 'raw-reader',
    format: a.format,
    rows: dataRows,
    chars,
    seconds,
    rowsPerSec: dataRows / seconds,
    peakRssMb: peakRssMb(),
  };
}

// ------------------------------------------------------------------------------------------------ physical limit

/** The tables a member import writes, with the rows of them it wrote (org_stat: the member dimensions' cells). */
const LIMIT_TABLES: { table: string; where: string }[] = [
  { table: 'person', where: 'true' },
  { table: 'member', where: 'true' },
  { table: 'member_period', where: 'true' },
  { table: 'org_stat', where: `dim IN (${MEMBER_DIMS.map((d) => `'${d}'`).join(',')})` },
];

export interface LimitArgs {
  engine: Engine;
  rows: number;
  /** the database an import has just filled (its rows are copied out, untimed) */
  from: string;
  /** a fresh clone of the same template, where the rows are COPYed back */
  to: string;
  /** PGlite's memory settings, the import's (decision 0054) */
  pglite?: PgliteSettings;
}

/** Lines per COPY statement on PGlite (it takes a blob per statement; the file is streamed in pieces of this size). */
const LIMIT_PGLITE_LINES = 100_000;

/**
 * The physical limit of a member import (issue 9 item 6): the rows an import wrote — persons, memberships, periods
 * and the member dimensions' statistics cells, copied out of the database it filled into files — COPYed back from
 * those files into a fresh clone of the same template, into the same tables without their secondary indexes (only
 * the primary keys stay), and then the indexes built; one transaction, without per-row triggers (foreign keys,
 * audit, the period rule: session_replication_role = replica), as pg_restore would. What is timed is reading the
 * files, the COPYs and the index builds: what the database cannot avoid doing with these rows, whatever the
 * importer does. The import's every check, parse and statistics work comes on top of it.
 */
export async function limitChild(a: LimitArgs) {
  const files = LIMIT_TABLES.map((t) => ({
    ...t,
    file: join(OUT, `limit-${a.engine}-${a.rows}-${t.table}.tsv`),
  }));
  const src = await openDb(a.engine === 'postgres' ? { databaseUrl: a.from } : { dataDir: a.from });
  const lines: Record<string, number> = {};
  for (const f of files) {
    const out = createWriteStream(f.file);
    let n = 0;
    for await (const chunk of src.copyOut(`SELECT * FROM ${f.table} WHERE ${f.where}`)) {
      for (let i = chunk.indexOf('\n'); i >= 0; i = chunk.indexOf('\n', i + 1)) n++;
      if (!out.write(chunk)) await once(out, 'drain');
    }
    out.end();
    await once(out, 'finish');
    lines[f.table] = n;
  }
  await src.close();
  if (lines.person !== a.rows) throw new Error(`the imported database holds ${lines.person} persons`);

  const tables = files.map((f) => `'${f.table}'`).join(',');
  const indexSql = `SELECT i.indexname AS name, i.indexdef AS def FROM pg_indexes i
     WHERE i.schemaname = current_schema() AND i.tablename IN (${tables})
       AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname AND c.contype = 'p')
     ORDER BY i.tablename, i.indexname`;
  const timed = { copy: 0, indexes: 0 };
  const byTable: Record<string, number> = {};
  let seconds: number;
  if (a.engine === 'postgres') {
    const c = new pg.Client({ connectionString: a.to });
    await c.connect();
    const defs = (await c.query<{ name: string; def: string }>(indexSql)).rows;
    for (const d of defs) await c.query(`DROP INDEX ${d.name}`);
    await c.query('CHECKPOINT');
    const t0 = performance.now();
    await c.query('BEGIN');
    await c.query("SET LOCAL session_replication_role = 'replica'");
    for (const f of files) {
      const t = performance.now();
      await pipeline(createReadStream(f.file), c.query(copyFrom(`COPY ${f.table} FROM STDIN`)));
      byTable[f.table] = Math.round(performance.now() - t);
    }
    const t1 = performance.now();
    for (const d of defs) await c.query(d.def);
    await c.query('COMMIT');
    const t2 = performance.now();
    seconds = (t2 - t0) / 1000;
    timed.copy = (t1 - t0) / 1000;
    timed.indexes = (t2 - t1) / 1000;
    await c.end();
  } else {
    const db = new PGlite(a.to, { extensions: PGLITE_EXTENSIONS, ...pgliteStartOptions(a.pglite) });
    await db.waitReady;
    const defs = (await db.query<{ name: string; def: string }>(indexSql)).rows;
    for (const d of defs) await db.exec(`DROP INDEX ${d.name}`);
    await db.exec('CHECKPOINT');
    const t0 = performance.now();
    let t1 = t0;
    await db.transaction(async (tx) => {
      await tx.exec("SET LOCAL session_replication_role = 'replica'");
      for (const f of files) {
        const t = performance.now();
        // the file in pieces of whole lines, one COPY each (PGlite takes a blob per statement)
        let parts: string[] = [];
        let count = 0;
        let rest = '';
        const flush = async () => {
          if (!parts.length) return;
          await tx.query(`COPY ${f.table} FROM '/dev/blob'`, [], { blob: new Blob(parts) });
          parts = [];
          count = 0;
        };
        for await (const chunk of createReadStream(f.file, { encoding: 'utf8' })) {
          const text = rest + (chunk as string);
          const cut = text.lastIndexOf('\n') + 1;
          rest = text.slice(cut);
          const whole = text.slice(0, cut);
          parts.push(whole);
          for (let i = whole.indexOf('\n'); i >= 0; i = whole.indexOf('\n', i + 1)) count++;
          if (count >= LIMIT_PGLITE_LINES) await flush();
        }
        if (rest) parts.push(rest);
        await flush();
        byTable[f.table] = Math.round(performance.now() - t);
      }
      t1 = performance.now();
      for (const d of defs) await tx.exec(d.def);
    });
    const t2 = performance.now();
    seconds = (t2 - t0) / 1000;
    timed.copy = (t1 - t0) / 1000;
    timed.indexes = (t2 - t1) / 1000;
    await db.close();
  }
  for (const f of files) rmSync(f.file, { force: true });
  return {
    what: 'limit',
    engine: a.engine,
    rows: a.rows,
    lines,
    seconds,
    rowsPerSec: a.rows / seconds,
    copySeconds: timed.copy,
    indexSeconds: timed.indexes,
    copyMsByTable: byTable,
    peakRssMb: peakRssMb(),
  };
}
