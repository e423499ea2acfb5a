/**
 * Spreadsheet import: parse (streaming) → validate every row → apply in one transaction. A dry run does the same
 * work and rolls back, so the preview's counts are exactly what applying would do. Valid rows are applied unless
 * `allOrNothing`, in which case any rejected row rolls the whole import back.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import type { Ctx } from './context.js';
import type { ImportKind, ImportResult, MemberCreate, OrgCreate } from '../shared/schemas.js';
import { parseMemberRows, parseOrgRows } from '../io/parse-sheet.js';
import type { TableSource } from '../io/read-table.js';
import { fieldsOf, type HeaderInfo } from '../io/headers.js';
import { lockAndRoll } from '../db/repositories/stats.js';
import { applyMemberChunk, applyOrgRows, emptyResult, newMemberState, type ColumnOf, type Rows } from './bulk.js';

export interface ImportOptions {
  dryRun?: boolean;
  allOrNothing?: boolean;
  onProgress?: (rowsRead: number) => void;
  /** rows per write batch */
  chunkSize?: number;
}

class Rollback extends Error {}

/** File name and SHA-256 of the imported file, for the audit entries of what it wrote. */
async function describeSource(source: TableSource): Promise<string> {
  const hash = createHash('sha256');
  try {
    for await (const chunk of createReadStream(source.path)) hash.update(chunk as Buffer);
  } catch {
    return `file:${source.fileName ?? basename(source.path)}`;
  }
  return `file:${source.fileName ?? basename(source.path)} sha256:${hash.digest('hex')}`;
}

function columnNamer(kind: ImportKind, header: () => HeaderInfo | null): ColumnOf {
  return (field) => {
    const h = header()?.columns.find((c) => c.field.key === field);
    return h?.header ?? fieldsOf(kind).find((f) => f.key === field)?.header ?? field;
  };
}

function sortRejected(result: ImportResult): ImportResult {
  result.rejected.sort((a, b) => a.row - b.row);
  return result;
}

async function inTransaction(ctx: Ctx, opts: ImportOptions, work: (tx: Ctx) => Promise<ImportResult>): Promise<ImportResult> {
  let out: ImportResult | null = null;
  try {
    await ctx.db.transaction(async (db) => {
      out = await work({ ...ctx, db });
      if (opts.dryRun || (opts.allOrNothing && out.rejected.length)) throw new Rollback();
    });
  } catch (e) {
    if (!(e instanceof Rollback)) throw e;
  }
  const result = sortRejected(out!);
  if (!opts.dryRun && opts.allOrNothing && result.rejected.length) {
    // nothing was written: report what would have been, zeroed
    return { ...result, inserted: 0, updated: 0, unchanged: 0 };
  }
  return result;
}

export async function importMembers(ctx: Ctx, source: TableSource, opts: ImportOptions = {}): Promise<ImportResult> {
  const chunkSize = opts.chunkSize ?? 20_000;
  return inTransaction(ctx, opts, async (tx) => {
    const result = emptyResult();
    let header: HeaderInfo | null = null;
    const col = columnNamer('members', () => header);
    const asOf = await lockAndRoll(tx.db, tx.clock.today());
    const bulk = { source: await describeSource(source) };
    const state = newMemberState();
    let chunk: Rows<MemberCreate>[] = [];
    const rows = parseMemberRows(source, {
      today: tx.clock.today(),
      ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
      onHeader: (h) => {
        header = h;
      },
    });
    for await (const r of rows) {
      result.total++;
      if (r.errors.length || !r.value) {
        result.rejected.push(...r.errors);
        continue;
      }
      chunk.push({ row: r.row, value: r.value });
      if (chunk.length >= chunkSize) {
        await applyMemberChunk(tx, tx.db, chunk, result, state, col, asOf, bulk);
        chunk = [];
      }
    }
    if (chunk.length) await applyMemberChunk(tx, tx.db, chunk, result, state, col, asOf, bulk);
    return result;
  });
}

export async function importOrgs(ctx: Ctx, source: TableSource, opts: ImportOptions = {}): Promise<ImportResult> {
  return inTransaction(ctx, opts, async (tx) => {
    const result = emptyResult();
    let header: HeaderInfo | null = null;
    const col = columnNamer('orgs', () => header);
    const asOf = await lockAndRoll(tx.db, tx.clock.today());
    const bulk = { source: await describeSource(source) };
    const valid: Rows<OrgCreate>[] = [];
    const seen = new Map<string, number>();
    const rows = parseOrgRows(source, {
      ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
      onHeader: (h) => {
        header = h;
      },
    });
    for await (const r of rows) {
      result.total++;
      if (r.errors.length || !r.value) {
        result.rejected.push(...r.errors);
        continue;
      }
      const first = seen.get(r.value.code);
      if (first !== undefined) {
        result.rejected.push({ row: r.row, column: col('code'), code: 'DUPLICATE_IN_FILE', message: `与第${first}行的组织编码重复` });
        continue;
      }
      seen.set(r.value.code, r.row);
      valid.push({ row: r.row, value: r.value });
    }
    await applyOrgRows(tx, tx.db, valid, result, col, asOf, bulk);
    return result;
  });
}

export function runImport(ctx: Ctx, kind: ImportKind, source: TableSource, opts: ImportOptions = {}) {
  return kind === 'orgs' ? importOrgs(ctx, source, opts) : importMembers(ctx, source, opts);
}
