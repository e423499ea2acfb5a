import type { Locator, Page } from 'playwright-core';

/** `/import`: choose the kind, upload, review every rejected row, apply, done. */
export class ImportPageModel {
  constructor(readonly page: Page) {}

  async chooseKind(kind: '党组织' | '党员'): Promise<void> {
    await this.page.getByRole('heading', { level: 3, name: '数据导入' }).waitFor();
    // exact: 党员 is also part of 发展党员台账
    await this.page.getByRole('radio', { name: kind, exact: true }).check();
    await this.page.getByRole('button', { name: '下一步' }).click();
  }

  /** Uploads a file through the drop zone's file input and waits for the check to finish. */
  async upload(path: string): Promise<void> {
    await this.page.locator('input[type="file"]').setInputFiles(path);
    await this.page.getByText(/以下是导入后将会发生的变化/).waitFor({ timeout: 60_000 });
  }

  /** 将新增 / 将更新 / 无变化 / 有问题 */
  async counter(title: string): Promise<number> {
    const v = this.page
      .locator('.ant-statistic')
      .filter({ hasText: title })
      .locator('.ant-statistic-content-value');
    return Number(await v.textContent());
  }

  /** The rejected rows as shown: [row, column, message]. */
  async problems(): Promise<[number, string, string][]> {
    const table = this.page.locator('.ant-table-wrapper').filter({ hasText: '问题清单' });
    const out: [number, string, string][] = [];
    for (const r of await table.locator('.ant-table-tbody').getByRole('row').all()) {
      const cells = await r.getByRole('cell').allTextContents();
      out.push([Number(cells[0]), cells[1] ?? '', cells[2] ?? '']);
    }
    return out;
  }

  button(name: string): Locator {
    return this.page.getByRole('button', { name });
  }

  async apply(name: '只导入无问题的行' | '全部无误才导入'): Promise<void> {
    await this.button(name).click();
    await this.page.getByText(/数据导入完成|导入未完成/).waitFor({ timeout: 60_000 });
  }
}
