import type { Locator, Page } from 'playwright-core';
import { apiAnswer, toNumber } from './common.js';

/** `/orgs/:code`: profile, statistics with an as-of date, charts and the child org / history / audit tabs. */
export class OrgPageModel {
  constructor(readonly page: Page) {}

  heading(): Locator {
    return this.page.getByRole('heading', { level: 3 });
  }

  /**
   * Branch secretaries and township officers land on 本月待办 (`/home`) after signing in (decision 0019); from there
   * this opens an org's page.
   */
  async openFromHome(baseUrl: string, code: string): Promise<void> {
    await this.page.waitForURL((u) => u.pathname === '/home');
    await this.page.goto(`${baseUrl}/orgs/${encodeURIComponent(code)}`);
  }

  async waitFor(name: string): Promise<void> {
    await this.page.getByRole('heading', { level: 3, name: new RegExp(`^${name}`) }).waitFor();
  }

  /** Waits until the whole page is on screen: statistics, all six charts (or their empty state) and the tabs. */
  async settled(): Promise<void> {
    // every org page has 组织沿革; 下级组织 only where an org may have sub-organisations
    await this.page.getByRole('tab', { name: '组织沿革' }).waitFor();
    await this.stats().locator('.ant-statistic').first().waitFor();
    await this.stats().getByRole('img').nth(5).or(this.stats().getByText('暂无统计图表')).waitFor();
  }

  stats(): Locator {
    return this.page.getByRole('region', { name: '统计概况' });
  }

  /** A statistic card's number (党员总数, 正式党员…), once the statistics have loaded. */
  async stat(title: string): Promise<number> {
    const value = this.stats()
      .locator('.ant-statistic')
      .filter({ hasText: title })
      .locator('.ant-statistic-content-value');
    await value.waitFor();
    return toNumber(await value.textContent());
  }

  /** The charts (each an image with a text summary for screen readers). */
  charts(): Locator {
    return this.stats().getByRole('img');
  }

  /** Sets 统计截至日期 and waits for the statistics of that day. */
  async statsAsOf(date: string): Promise<void> {
    const input = this.page.getByLabel('统计截至日期');
    await apiAnswer(
      this.page,
      (u) => u.pathname.endsWith('/stats') && u.searchParams.get('asOf') === date,
      async () => {
        await input.click();
        await input.fill(date);
        await input.press('Enter');
      },
    );
    const [y, m, d] = date.split('-').map(Number);
    await this.stats().getByText(`统计截至 ${y}年${m}月${d}日`).waitFor();
  }

  async openRoster(): Promise<void> {
    await this.page
      .getByRole('toolbar', { name: '党组织操作' })
      .getByRole('button', { name: '党员名册' })
      .click();
    await this.page.getByRole('heading', { level: 3, name: /党员名册/ }).waitFor();
  }

  toolbar(): Locator {
    return this.page.getByRole('toolbar', { name: '党组织操作' });
  }
}
