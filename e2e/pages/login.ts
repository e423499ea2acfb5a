import type { Page } from 'playwright-core';

/** `/login`: the sign-in card. */
export class LoginPage {
  constructor(
    readonly page: Page,
    readonly baseUrl: string,
  ) {}

  async open(next?: string): Promise<void> {
    await this.page.goto(`${this.baseUrl}/login${next ? `?next=${encodeURIComponent(next)}` : ''}`);
    await this.page.getByRole('heading', { name: '登录' }).waitFor();
  }

  async fill(username: string, password: string): Promise<void> {
    await this.page.getByLabel('用户名').fill(username);
    await this.page.getByLabel('密码', { exact: true }).fill(password);
  }

  /** Signs in and waits until the app has left the sign-in page. */
  async signIn(username: string, password: string): Promise<void> {
    await this.fill(username, password);
    await this.page.getByRole('button', { name: '登录' }).click();
    await this.page.waitForURL((u) => !u.pathname.startsWith('/login'));
  }

  /** The inline error shown after a refused sign-in (not a passing toast). */
  error() {
    return this.page.getByRole('main').getByRole('alert');
  }
}
