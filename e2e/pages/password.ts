import type { Page } from 'playwright-core';

/** The password form: the page shown while a change is required, or the header's 修改密码 dialog. */
export class PasswordFormModel {
  constructor(readonly page: Page) {}

  async fill(oldPassword: string, newPassword: string, confirm = newPassword): Promise<void> {
    await this.page.getByLabel('原密码', { exact: true }).fill(oldPassword);
    await this.page.getByLabel('新密码', { exact: true }).fill(newPassword);
    await this.page.getByLabel('确认新密码', { exact: true }).fill(confirm);
  }

  /** The validation messages under the fields. */
  async errors(): Promise<string[]> {
    return this.page.locator('.ant-form-item-explain-error').allTextContents();
  }
}
