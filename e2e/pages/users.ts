import type { Locator, Page } from 'playwright-core';
import { chooseOption } from './common.js';

export interface NewAccount {
  role: string;
  org: string;
  username: string;
  displayName: string;
  /** for the 党员本人 role: text to search the roster with, and the member's name to pick */
  member?: { search: string; name: string };
}

/** `/users` (账号管理). */
export class UsersPageModel {
  constructor(readonly page: Page) {}

  async waitFor(): Promise<void> {
    await this.page.getByRole('heading', { level: 3, name: '账号管理' }).waitFor();
    await this.page.locator('.ant-table-tbody').getByRole('row').first().waitFor();
  }

  row(username: string): Locator {
    return this.page
      .locator('.ant-table-tbody')
      .getByRole('row')
      .filter({ has: this.page.getByText(username, { exact: true }) });
  }

  /** Fills 新建账号 and submits; returns the one-time password shown afterwards. */
  async create(a: NewAccount): Promise<string> {
    await this.page.getByRole('button', { name: '新建账号' }).click();
    const dialog = this.page.getByRole('dialog', { name: '新建账号' });
    await dialog.waitFor();
    await dialog.getByLabel('角色').click();
    await chooseOption(this.page, a.role);
    await dialog.getByLabel('所属组织').fill(a.org);
    await chooseOption(this.page, a.org);
    if (a.member) {
      await dialog.getByLabel('对应党员').fill(a.member.search);
      await chooseOption(this.page, a.member.name);
    }
    await dialog.getByLabel('用户名').fill(a.username);
    await dialog.getByLabel('姓名').fill(a.displayName);
    await dialog.getByRole('button', { name: '开设账号' }).click();
    const shown = this.page.getByRole('dialog', { name: '账号已开设' });
    await shown.waitFor();
    return (await shown.getByLabel('初始密码').textContent()) ?? '';
  }

  /** Closes the one-time password dialog. */
  async acknowledge(): Promise<void> {
    await this.page.getByRole('button', { name: '我已记下' }).click();
    await this.page.getByRole('dialog').waitFor({ state: 'hidden' });
  }
}
