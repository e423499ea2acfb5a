/**
 * A county's village-level division table as the API shows it (decision 0039): the version in force, its counts by
 * township (with the villages and communities no party org carries the code of), and every version imported.
 */
import { z } from 'zod';
import { IsoDateSchema } from './schemas.js';

export const DivisionVersionSchema = z.object({
  id: z.number(),
  countyCode: z.string(),
  effectiveFrom: IsoDateSchema,
  source: z.string(),
  townships: z.number(),
  villages: z.number(),
  importedByName: z.string().nullable(),
  createdAt: z.string(),
});
export type DivisionVersion = z.infer<typeof DivisionVersionSchema>;

export const DivisionTownshipSchema = z.object({
  code: z.string(),
  name: z.string(),
  /** 居委会 (001–199), 村委会 (200–399), virtual areas (4xx–5xx, not counted by coverage) */
  communities: z.number(),
  villages: z.number(),
  other: z.number(),
  /** rows by urban-rural class code ('none': not given) */
  byUrbanRural: z.record(z.string(), z.number()),
  /** villages and communities that no party org of the deployment carries the code of, today */
  uncovered: z.number(),
});
export type DivisionTownship = z.infer<typeof DivisionTownshipSchema>;

export const DivisionTableViewSchema = z.object({
  today: IsoDateSchema,
  /** the county the deployment is (the org carrying a county-level code); null when it cannot be told */
  county: z.object({ code: z.string(), orgName: z.string() }).nullable(),
  /** the version in force today; null: none imported (the coverage indicator is then absent) */
  table: DivisionVersionSchema.nullable(),
  byTownship: z.array(DivisionTownshipSchema),
  versions: z.array(DivisionVersionSchema),
});
export type DivisionTableView = z.infer<typeof DivisionTableViewSchema>;

export const DivisionImportQuerySchema = z.object({
  /** only check, write nothing */
  dryRun: z.enum(['true', 'false']).optional(),
  /** the day the table takes effect (default today; not later than today) */
  effectiveFrom: IsoDateSchema.optional(),
});
