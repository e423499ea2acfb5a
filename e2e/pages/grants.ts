import type { Locator, Page } from 'playwright-core';
import { chooseOption } from './common.js';

/** The 授权 drawer of the accounts page: an account's grants by assignment, adding and ending one. */
export class GrantsDrawerModel {
  constructor(readonly page: Page) {}

  drawer(): Locator {
    return this.page.getByRole('dialog', { name: /^授权 · / });
  }

  /** Opens the drawer of an account from the accounts page (a table row or, on a phone, a card). */
  async open(username: string): Promise<void> {
    await this.page.getByRole('heading', { level: 3, name: '账号管理' }).waitFor();
    await this.page.getByRole('button', { name: `${username} 的授权` }).click();
    await this.drawer().waitFor();
  }

  /** Fills 新增授权 and submits: the org by its code, actions besides 查看, the exclusive end date, a note. */
  async add(g: { org: string; actions: string[]; validTo?: string; note?: string }): Promise<void> {
    const d = this.drawer();
    await d.getByRole('button', { name: '新增授权' }).click();
    await d.getByLabel('党组织（含下级）').fill(g.org);
    await chooseOption(this.page, g.org);
    for (const a of g.actions) await d.getByLabel(a, { exact: true }).check();
    if (g.validTo) {
      const to = d.getByLabel('结束日期');
      await to.click();
      await to.fill(g.validTo);
      await to.press('Enter');
    }
    if (g.note) await d.getByLabel('备注').fill(g.note);
    await d.getByRole('button', { name: '授权', exact: true }).click();
    await this.page
      .getByText(/^已授权：/)
      .first()
      .waitFor();
  }

  /** A grant in the list, by its org's name. */
  item(orgName: string): Locator {
    return this.drawer().locator('.ant-list-item').filter({ hasText: orgName }).first();
  }

  /** Ends a grant (结束, then confirms). */
  async end(orgName: string): Promise<void> {
    await this.item(orgName).getByRole('button', { name: '结束' }).click();
    await this.page.locator('.ant-popconfirm').getByRole('button', { name: '结束' }).click();
    await this.page
      .getByText(/^已结束授权：/)
      .first()
      .waitFor();
  }

  /**
   * Fills 新增授权 for one transfer (decision 0034): 一项转接, the first open transfer the picker offers whose
   * label contains `text`, 审阅 or 办理; returns the option's label.
   */
  async addTransfer(text: string, handle: '审阅' | '办理'): Promise<string> {
    const d = this.drawer();
    await d.getByRole('button', { name: '新增授权' }).click();
    await d.locator('.ant-segmented-item', { hasText: '一项转接' }).click();
    await d.getByLabel('组织关系转接', { exact: true }).click();
    await this.page.keyboard.type(text);
    const option = this.page
      .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option')
      .first();
    await option.waitFor();
    const label = (await option.textContent()) ?? '';
    await option.click();
    await d.getByLabel(new RegExp(`^${handle}`)).check();
    await d.getByRole('button', { name: '授权', exact: true }).click();
    await this.page
      .getByText(/^已授权：组织关系转接：/)
      .first()
      .waitFor();
    return label;
  }
}
