import type { Locator, Page } from 'playwright-core';
import { describedValue } from './common.js';

/** `/members/:id` and its edit form. */
export class MemberPageModel {
  constructor(readonly page: Page) {}

  async open(baseUrl: string, id: number): Promise<void> {
    await this.page.goto(`${baseUrl}/members/${id}`);
  }

  async waitFor(name: string): Promise<void> {
    await this.page.getByRole('heading', { level: 3, name: new RegExp(`^${name}`) }).waitFor();
  }

  /** A value on the 基本信息 tab. */
  value(label: string): Locator {
    return describedValue(this.page.getByRole('tabpanel', { name: '基本信息' }), label);
  }

  toolbar(): Locator {
    return this.page.getByRole('toolbar', { name: '党员操作' });
  }

  /** Opens the edit form, changes the given fields (by label), saves and waits for the detail page. */
  async edit(fields: Record<string, string>): Promise<void> {
    await this.toolbar().getByRole('button', { name: '编辑' }).click();
    await this.page.getByRole('heading', { level: 3, name: /^编辑党员信息/ }).waitFor();
    for (const [label, value] of Object.entries(fields)) {
      const input = this.page.getByLabel(label, { exact: true });
      await input.fill(value);
    }
    await this.page.getByRole('button', { name: '保存' }).click();
    await this.page.waitForURL((u) => /^\/members\/\d+$/.test(u.pathname));
    await this.page.getByRole('tab', { name: '基本信息' }).waitFor();
  }

  async openTab(name: string): Promise<Locator> {
    await this.page.getByRole('tab', { name }).click();
    const panel = this.page.getByRole('tabpanel', { name });
    await panel.waitFor();
    return panel;
  }
}
