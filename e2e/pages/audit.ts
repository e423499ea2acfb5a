import type { Locator, Page } from 'playwright-core';
import { apiAnswer, tablesSettled } from './common.js';

/** The 操作记录 table (the /audit page, or the tab on an org or member page). */
export class AuditTableModel {
  constructor(
    readonly page: Page,
    readonly scope: Locator | Page = page,
  ) {}

  /** The entries (not the rows of the before → after tables expanded under them). */
  rows(): Locator {
    return this.scope.locator('.ant-table-tbody').first().locator(':scope > tr.ant-table-row');
  }

  /** Rows whose text matches all of `parts` (e.g. '修改', '党员 · 张三'). */
  row(...parts: (string | RegExp)[]): Locator {
    let r = this.rows();
    for (const p of parts) r = r.filter({ hasText: p });
    return r;
  }

  /** Expands a row and returns the before → after table shown under it. */
  async expand(row: Locator): Promise<Locator> {
    await row.getByRole('button', { name: '展开行' }).click();
    const details = row.locator('xpath=following-sibling::tr[1]');
    await details.getByRole('table').waitFor();
    return details;
  }

  /** 仅看我的操作 on the /audit page. */
  async onlyMine(): Promise<void> {
    await apiAnswer(
      this.page,
      (u) => u.pathname.endsWith('/audit') && u.searchParams.get('actor') === 'me',
      () => this.page.getByRole('switch', { name: '仅看我的操作' }).click(),
    );
    await tablesSettled(this.page);
  }
}
