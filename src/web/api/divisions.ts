/** The county's village-level division table (/api/v1/divisions, decision 0039). */
import type { ImportResult } from '../../shared/schemas.js';
import type { DivisionTableView } from '../../shared/divisions.js';
import { download, request, upload } from './client.js';

export const divisionsApi = {
  get: (signal?: AbortSignal) => request<DivisionTableView>('GET', '/divisions', { signal }),
  template: () => download('/divisions/template.xlsx', undefined, '村级区划名单导入模板.xlsx'),
  /** checks the file (dryRun) or imports it: a new version from `effectiveFrom` when anything changed */
  import: (file: File, opts: { dryRun: boolean; effectiveFrom?: string }) => {
    const form = new FormData();
    form.append('file', file, file.name);
    return upload<ImportResult>('/divisions/import', form, undefined, {
      dryRun: opts.dryRun ? 'true' : 'false',
      effectiveFrom: opts.effectiveFrom,
    });
  },
};
