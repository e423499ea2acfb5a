/**
 * What the coverage indicator (decision 0039) compares: the county's division table in force on a day and the
 * division codes its orgs carry that day. Apart from services/divisions.ts so the evaluation does not load the import.
 */
import type { Db } from '../db/client.js';
import type { IsoDate } from '../shared/dates.js';
import type { DivisionEntry } from '../domain/supervision/divisions.js';
import { divisionEntries, divisionTableOn, type DivisionTableRow } from '../db/repositories/divisions.js';
import { divisionCodes } from '../db/repositories/supervision.js';

/**
 * What the coverage indicator compares on `asOf` (services/warnings.ts): the county's table in force and the division
 * codes the orgs of the county (`countyPath`) carry that day. null — and the indicator absent — when no table is in
 * force, or the deployment holds no org carrying the table's county code.
 */
export async function coverageOn(
  db: Db,
  countyPath: string,
  asOf: IsoDate,
  /** the table in force on `asOf` when the caller has it (an evaluation reads it once for all its counties) */
  tableOn?: Promise<DivisionTableRow | null>,
): Promise<{ countyCode: string; entries: DivisionEntry[]; taken: ReadonlySet<string> } | null> {
  const table = await (tableOn ?? divisionTableOn(db, asOf));
  if (!table) return null;
  const taken = new Set(await divisionCodes(db, countyPath, asOf));
  if (!taken.has(table.countyCode)) return null;
  return { countyCode: table.countyCode, entries: await divisionEntries(db, table.id), taken };
}
