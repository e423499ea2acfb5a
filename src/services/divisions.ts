/**
 * A county's own village-level division table (issue 14 part 1, decision 0039): imported from a .csv/.xlsx in the
 * statistics bureau's style (12-digit code, name, urban-rural class code, township code), every row checked for
 * identity and the whole table refused when any row is bad (a table with rows left out would be a wrong table); a
 * dry run checks only. Each import that changes anything is a new dated version (audited); the coverage indicator
 * reads the version in force on the day it judges, and with none the indicator is absent. The demo seeds the
 * built-in list of its county through the same import. Only a county administrator of the whole county.
 */
import type { Ctx } from './context.js';
import type { Db } from '../db/client.js';
import type { ImportResult } from '../shared/schemas.js';
import type { DivisionTableView } from '../shared/divisions.js';
import type { TableSource } from '../io/read-table.js';
import { fieldsOf, type HeaderInfo } from '../io/headers.js';
import { parseDivisionRows } from '../io/parse-sheet.js';
import { ImportTally } from './import-rejections.js';
import { inTransaction } from './dues-imports.js';
import { describeSource, type ImportOptions } from './imports.js';
import { AppError } from '../shared/errors.js';
import { isIsoDate, type IsoDate } from '../shared/dates.js';
import { actorId, can, deployment } from '../domain/access/policy.js';
import {
  checkDivisionRows,
  countsByTownship,
  uncoveredIn,
  type DivisionEntry,
  type DivisionInput,
} from '../domain/supervision/divisions.js';
import {
  deploymentCounty,
  divisionEntries,
  divisionTableOn,
  divisionTables,
  insertDivisionTable,
} from '../db/repositories/divisions.js';
import { divisionCodes } from '../db/repositories/supervision.js';
import { refreshCoverage } from './warnings.js';
import { afterCommit } from './after-commit.js';

export interface DivisionImportOptions extends Pick<ImportOptions, 'dryRun' | 'onProgress'> {
  /** the day the table takes effect: today by default, not later */
  effectiveFrom?: IsoDate | undefined;
  /** what the version says it came from (the demo's built-in list); the file's name and hash by default */
  source?: string;
  /**
   * whether the coverage warnings are re-evaluated after a new version was stored (default true; the demo evaluates
   * every org once its records are written)
   */
  refreshWarnings?: boolean;
}

/**
 * The most rows a division table may have: a county has a few hundred to a few thousand villages and communities.
 * A larger file (up to the upload limit, 200 MB: millions of rows) is refused as it is read, not held whole in memory.
 */
export const MAX_DIVISION_ROWS = 20_000;

function mayManage(ctx: Ctx) {
  if (!can(ctx.actor, 'settings.manage', deployment))
    throw new AppError('FORBIDDEN', '村级区划名单只能由县级（根组织）的组织部管理员导入和查看');
}

async function countyOf(db: Db) {
  const county = await deploymentCounty(db);
  if (!county)
    throw new AppError(
      'VALIDATION_FAILED',
      '无法确定本县：系统中没有填写6位县级区划代码的党组织（如县委），请先在县委的“区划代码”中填写本县代码',
    );
  return county;
}

const sameEntry = (a: DivisionEntry, b: DivisionEntry) =>
  a.name === b.name &&
  a.level === b.level &&
  a.townshipCode === b.townshipCode &&
  a.urbanRural === b.urbanRural;

/** `jiceng import divisions FILE [--dry-run] --json` and POST /divisions/import: check, then store a new version. */
export async function importDivisions(
  ctx: Ctx,
  source: TableSource,
  opts: DivisionImportOptions = {},
): Promise<ImportResult> {
  mayManage(ctx);
  const today = ctx.clock.today();
  const effectiveFrom = opts.effectiveFrom ?? today;
  if (!isIsoDate(effectiveFrom) || effectiveFrom > today)
    throw new AppError('VALIDATION_FAILED', '生效日期应为不晚于今天的日期（YYYY-MM-DD）', [
      { path: ['effectiveFrom'], code: 'invalid', message: '生效日期应为不晚于今天的日期' },
    ]);
  const county = await countyOf(ctx.db);
  const from = opts.source ?? (await describeSource(source));
  // strict: any bad row and nothing is written (allOrNothing), a dry run never writes
  let stored = false;
  const result = await inTransaction(
    ctx,
    { dryRun: opts.dryRun ?? false, allOrNothing: true },
    async (tx) => {
      const tally = new ImportTally();
      const canonical = new Map(fieldsOf('divisions').map((f) => [f.key, f.header]));
      let header: HeaderInfo | null = null;
      const col = (key: string) =>
        header?.columns.find((c) => c.field.key === key)?.header ?? canonical.get(key) ?? key;
      const read: DivisionInput[] = [];
      for await (const r of parseDivisionRows(source, {
        ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
        onHeader: (h) => {
          header = h;
        },
      })) {
        tally.total++;
        if (tally.total > MAX_DIVISION_ROWS)
          throw new AppError(
            'VALIDATION_FAILED',
            `村级区划名单超过 ${MAX_DIVISION_ROWS} 行，一个县的村、社区不会这么多，未导入；请检查是否选错了文件`,
          );
        if (r.errors.length || !r.value) {
          for (const e of r.errors) tally.reject(e);
          continue;
        }
        read.push({ row: r.row, ...r.value });
      }
      const { entries, problems, skipped } = checkDivisionRows(read, county.code);
      for (const p of problems)
        tally.reject({ row: p.row, column: col(p.field), code: p.code, message: p.message });
      if (tally.rejectedTotal) return tally;
      if (!entries.some((e) => e.level === 'village'))
        throw new AppError(
          'VALIDATION_FAILED',
          '表中没有村级区划（12位代码的村民委员会、居民委员会），未导入',
        );
      const current = await divisionTableOn(tx.db, today);
      const before = new Map(
        (current && current.countyCode === county.code ? await divisionEntries(tx.db, current.id) : []).map(
          (e) => [e.code, e],
        ),
      );
      tally.unchanged += skipped; // the county's own row
      for (const e of entries) {
        const b = before.get(e.code);
        if (!b) tally.inserted++;
        else if (sameEntry(b, e)) tally.unchanged++;
        else tally.updated++;
      }
      const codes = new Set(entries.map((e) => e.code));
      const removed = [...before.keys()].filter((c) => !codes.has(c)).length;
      // the same table again: nothing to store
      if (tally.inserted === 0 && tally.updated === 0 && removed === 0 && current) return tally;
      await insertDivisionTable(tx.db, {
        countyCode: county.code,
        effectiveFrom,
        source: from,
        entries,
        importedBy: actorId(ctx.actor),
      });
      stored = true;
      return tally;
    },
  );
  // the coverage warnings follow the new version at once, in one batch evaluation after the commit (decision 0045)
  if (stored && !opts.dryRun && opts.refreshWarnings !== false)
    await afterCommit('coverage warnings of a county', () => refreshCoverage(ctx, county.code));
  return result;
}

/** GET /divisions: the version in force today, its counts by township, and every version imported. */
export async function divisionTableView(ctx: Ctx): Promise<DivisionTableView> {
  mayManage(ctx);
  const today = ctx.clock.today();
  const county = await deploymentCounty(ctx.db);
  const table = await divisionTableOn(ctx.db, today);
  const versions = await divisionTables(ctx.db);
  if (!table) return { today, county, table: null, byTownship: [], versions };
  const entries = await divisionEntries(ctx.db, table.id);
  const taken = new Set(await divisionCodes(ctx.db, '/', today));
  return {
    today,
    county,
    table,
    byTownship: countsByTownship(entries).map((t) => ({
      ...t,
      uncovered: uncoveredIn(entries, table.countyCode, t.code, taken)?.length ?? 0,
    })),
    versions,
  };
}
