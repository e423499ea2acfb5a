import type { Locator, Page } from 'playwright-core';
import { apiAnswer } from './common.js';

/** `/settings` (本县设置): one block per setting, the official rules, the history; the edit dialog. */
export class SettingsPageModel {
  constructor(readonly page: Page) {}

  async waitFor(): Promise<void> {
    await this.page.getByRole('heading', { level: 3, name: '本县设置' }).waitFor();
    await this.page.getByRole('heading', { level: 5 }).first().waitFor();
  }

  /** The block of one setting, found by its name (换届提醒提前期 …). */
  setting(label: string): Locator {
    return this.page.getByRole('region', { name: label, exact: true });
  }

  /** The value shown for a setting ('6个月', the band names …). */
  async value(label: string): Promise<string> {
    return (await this.setting(label).getByLabel(`${label}的当前值`).textContent()) ?? '';
  }

  /** Opens the edit dialog of a setting. */
  async edit(label: string): Promise<Locator> {
    await this.setting(label)
      .getByRole('button', { name: `修改${label}` })
      .click();
    const dialog = this.page.getByRole('dialog', { name: `修改：${label}` });
    await dialog.waitFor();
    return dialog;
  }

  /** Sets the effective date in the open dialog (typed, as a person would). */
  async effectiveFrom(dialog: Locator, date: string): Promise<void> {
    const input = dialog.getByLabel('生效日期');
    await input.click();
    await input.fill(date);
    await input.press('Enter');
  }

  /** Presses 保存 and waits for the server's answer; returns its status. */
  async save(dialog: Locator): Promise<number> {
    const res = await apiAnswer(
      this.page,
      (u) => u.pathname.startsWith('/api/v1/settings/'),
      () => dialog.getByRole('button', { name: '保存' }).click(),
    );
    return res.status();
  }

  /** The rows of the 修改记录 table. */
  historyRows(): Locator {
    return (
      this.page
        .locator('.ant-card')
        .filter({ hasText: '修改记录' })
        // a table on a desktop, cards on a phone (ResponsiveTable)
        .locator('.ant-table-tbody > tr.ant-table-row, .jc-card')
    );
  }
}
