/**
 * Importing a county's screening ledger (软弱涣散村党组织台账, issue 14 item 3, decision 0033) in the members
 * import's shape: every row read and checked, applied in one transaction, `dryRun` rolls back, `allOrNothing`
 * writes nothing when any row is bad. Rejected with the reason: an unknown org or one outside the account's scope
 * (or not village-level), an unknown type, a year in the future, a confirmation date before the year or after
 * today, the same org and year twice in the file. A row that confirms what is already confirmed changes nothing;
 * a different one corrects the confirmation. Each new confirmation opens the org's rectification case.
 */
import type { Ctx } from './context.js';
import type { ImportResult } from '../shared/schemas.js';
import type { TableSource } from '../io/read-table.js';
import { fieldsOf, type HeaderInfo } from '../io/headers.js';
import { parseScreeningRows } from '../io/parse-sheet.js';
import { ImportTally } from './import-rejections.js';
import { inTransaction } from './dues-imports.js';
import type { ImportOptions } from './imports.js';
import { orgByCode } from '../db/repositories/orgs.js';
import { orgResource } from '../domain/access/policy.js';
import { allowed, readsOrg } from './access.js';
import { confirmIn } from './screening.js';
import { isAppError } from '../shared/errors.js';

export async function importScreening(
  ctx: Ctx,
  source: TableSource,
  opts: ImportOptions = {},
): Promise<ImportResult> {
  const today = ctx.clock.today();
  return inTransaction(ctx, opts, async (tx) => {
    const tally = new ImportTally();
    // problems are reported under the file's own header where it has the column, else the canonical one
    const canonical = new Map(fieldsOf('screening').map((f) => [f.key, f.header]));
    let header: HeaderInfo | null = null;
    const col = (key: string) =>
      header?.columns.find((c) => c.field.key === key)?.header ?? canonical.get(key) ?? key;
    const seen = new Map<string, number>();
    const parse = parseScreeningRows(source, {
      ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
      onHeader: (h) => {
        header = h;
      },
    });
    for await (const r of parse) {
      tally.total++;
      if (r.errors.length || !r.value) {
        for (const e of r.errors) tally.reject(e);
        continue;
      }
      const v = r.value;
      const row = r.row;
      const reject = (field: string, code: string, message: string) =>
        tally.reject({ row, column: col(field), code, message });
      if (v.year > Number(today.slice(0, 4))) {
        reject('year', 'YEAR_IN_FUTURE', `排查年度${v.year}年晚于今年，不能导入`);
        continue;
      }
      const key = `${v.orgCode}\u0000${v.year}`;
      const first = seen.get(key);
      if (first !== undefined) {
        reject('orgCode', 'DUPLICATE_IN_FILE', `与第${first}行是同一组织、同一年度`);
        continue;
      }
      seen.set(key, row);
      const org = await orgByCode(tx.db, v.orgCode, '/');
      if (!org || !readsOrg(ctx, org.path)) {
        reject('orgCode', 'ORG_NOT_FOUND', `没有找到组织编码为 ${v.orgCode} 的党组织，或您无权查看`);
        continue;
      }
      if (!allowed(ctx, 'screening.decide', orgResource(org.path))) {
        reject('orgCode', 'FORBIDDEN', `您没有权限认定党组织 ${v.orgCode} 为软弱涣散（须由县委组织部认定）`);
        continue;
      }
      try {
        const out = await confirmIn(
          tx,
          tx.db,
          org,
          v.year,
          {
            types: v.types,
            reason: v.reason ?? '按排查台账导入',
            problems: v.problems ?? '',
            confirmedOn: v.confirmedOn,
          },
          'import',
        );
        if (out.created) tally.inserted++;
        else if (out.unchanged) tally.unchanged++;
        else tally.updated++;
      } catch (e) {
        if (!isAppError(e)) throw e;
        const d = (e.details as { field?: string }[] | undefined)?.[0];
        const field =
          d?.field === 'confirmedOn'
            ? 'confirmedOn'
            : d?.field === 'year'
              ? 'year'
              : d?.field === 'types'
                ? 'types'
                : 'orgCode';
        reject(field, e.code, e.message);
      }
    }
    return tally;
  });
}
