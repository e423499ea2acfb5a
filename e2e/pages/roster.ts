import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { apiAnswer, chooseOption, tablesSettled, toNumber } from './common.js';

/** `/orgs/:code/members`: the roster with its search box, filters, paging and export. */
export class RosterPageModel {
  constructor(readonly page: Page) {}

  rows(): Locator {
    return this.page
      .locator('.ant-table-tbody')
      .getByRole('row')
      .filter({ has: this.page.getByRole('link') });
  }

  row(name: string): Locator {
    return this.rows().filter({ has: this.page.getByRole('link', { name, exact: true }) });
  }

  /** The names on the current page, in order. */
  async names(): Promise<string[]> {
    await tablesSettled(this.page);
    const out: string[] = [];
    for (const r of await this.rows().all())
      out.push((await r.getByRole('link').first().textContent()) ?? '');
    return out;
  }

  /** 共 N 名党员 */
  async total(): Promise<number> {
    const t = this.page.getByText(/^共 \d+ 名党员$/);
    await t.waitFor();
    return toNumber(await t.textContent());
  }

  /**
   * The pagination's total as shown: 共 N 名党员, or 超过 N 名党员 when the count stopped at its cap (decision 0051);
   * `n` is the number shown.
   */
  async shownTotal(): Promise<{ text: string; n: number }> {
    const t = this.page.getByText(/^(共|超过) [\d,]+ 名党员$/);
    await t.waitFor();
    const text = (await t.textContent()) ?? '';
    return { text, n: toNumber(text) };
  }

  /** Picks a value of one of the filters above the list (人员类别, 性别, 年龄段…) and waits for its answer. */
  async filter(label: string, option: string): Promise<void> {
    await apiAnswer(
      this.page,
      (u) => /\/orgs\/[^/]+\/members$/.test(u.pathname),
      async () => {
        await this.page.getByRole('combobox', { name: label }).click();
        await chooseOption(this.page, new RegExp(`^${option}$`));
      },
    );
    await tablesSettled(this.page);
  }

  /** Types into the search box, submits, and waits for that search's answer. */
  async search(q: string): Promise<void> {
    const box = this.page.getByRole('searchbox', { name: '搜索党员' });
    await apiAnswer(
      this.page,
      (u) => /\/orgs\/[^/]+\/members$/.test(u.pathname) && u.searchParams.get('q') === q,
      async () => {
        await box.fill(q);
        await box.press('Enter');
      },
    );
    await tablesSettled(this.page);
  }

  async openMember(name: string): Promise<void> {
    await this.row(name).getByRole('link', { name, exact: true }).click();
    await this.page.getByRole('heading', { level: 3, name: new RegExp(`^${name}`) }).waitFor();
  }

  /** Clicks 导出Excel and returns the downloaded file's name and bytes. */
  async exportXlsx(): Promise<{ name: string; bytes: Buffer }> {
    const [download] = await Promise.all([
      this.page.waitForEvent('download'),
      this.page.getByRole('button', { name: '导出Excel' }).click(),
    ]);
    // the run's browser is connected to, not launched (e2e/global-setup.ts): its downloads are saved here
    const dir = await mkdtemp(join(tmpdir(), 'jiceng-e2e-dl-'));
    try {
      const path = join(dir, download.suggestedFilename());
      await download.saveAs(path);
      return { name: download.suggestedFilename(), bytes: await readFile(path) };
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
}
