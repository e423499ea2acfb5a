/**
 * The demo county's village-level division table (decision 0039), imported through the same path as a county's own
 * file: the vendored 英山县 slice (domain/demo/county-divisions.json, the statistics bureau's 2023 list as of
 * 2023-06-30) written as a CSV and read by `importDivisions`. The slice gives no urban-rural class codes, so the
 * column is left empty rather than made up.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Ctx } from './context.js';
import { COUNTY } from '../domain/demo/places.js';
import { importDivisions } from './divisions.js';
import type { IsoDate } from '../shared/dates.js';

/** The status date of the vendored list (统计用区划代码 2023, 截止2023-06-30). */
export const DEMO_DIVISIONS_AS_OF: IsoDate = '2023-06-30';

/** The vendored county as the rows of a division table file (header first). */
export function demoDivisionRows(): string[][] {
  const rows = [['统计用区划代码', '名称', '城乡分类代码', '所属乡镇代码']];
  for (const t of COUNTY.townships) {
    rows.push([t.code, t.name, '', '']);
    for (const v of t.villages) rows.push([v.code, v.name, '', t.code]);
  }
  return rows;
}

export async function seedDemoDivisions(ctx: Ctx): Promise<{ townships: number; villages: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'jiceng-divisions-'));
  try {
    const path = join(dir, 'divisions.csv');
    writeFileSync(
      path,
      demoDivisionRows()
        .map((r) => r.join(','))
        .join('\n') + '\n',
    );
    const today = ctx.clock.today();
    const r = await importDivisions(
      ctx,
      { path },
      {
        effectiveFrom: DEMO_DIVISIONS_AS_OF < today ? DEMO_DIVISIONS_AS_OF : today,
        source: `内置：${COUNTY.source.data}`,
        // the demo evaluates every org once its records are written
        refreshWarnings: false,
      },
    );
    if (r.rejectedTotal)
      throw new Error(`demo divisions: ${r.rejected[0]?.row} ${r.rejected[0]?.message ?? ''}`);
    return {
      townships: COUNTY.townships.length,
      villages: COUNTY.townships.reduce((n, t) => n + t.villages.length, 0),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
