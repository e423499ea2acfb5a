import type { Locator, Page } from 'playwright-core';

/** The org page's 组织生活 tab and the 记录会议 form (issue 11, decision 0015). */
export class MeetingsModel {
  constructor(readonly page: Page) {}

  /** This year's compliance on the tab. */
  compliance(): Locator {
    return this.page.getByRole('list', { name: '各类会议应开、已开、未开' });
  }

  /** '已开 9 / 应开 11' of one kind of meeting, as numbers. */
  async counts(kind: string): Promise<{ held: number; expected: number }> {
    const item = this.compliance().locator('li').filter({ hasText: kind }).locator('.jc-life-count');
    await item.waitFor();
    const m = /已开\s*(\d+)\s*\/\s*应开\s*(\d+)/.exec((await item.textContent()) ?? '');
    return { held: Number(m?.[1]), expected: Number(m?.[2]) };
  }

  meetings(): Locator {
    return this.page.getByRole('region', { name: '会议记录' });
  }

  /** The attendee rows of the form, once the roster of the day has loaded. */
  attendees(): Locator {
    return this.page.getByRole('list', { name: '出席名单' }).locator('li');
  }

  /** Marks the n-th attendee (0-based) excused for a reason chip. */
  async excuse(n: number, reason: string): Promise<string> {
    const row = this.attendees().nth(n);
    const name = ((await row.locator('.jc-attendee-name').textContent()) ?? '').replace('预备', '').trim();
    await row.locator('.ant-segmented-item').filter({ hasText: '请假' }).click();
    await row.locator('.ant-tag-checkable').filter({ hasText: reason }).click();
    return name;
  }

  async kind(name: string): Promise<void> {
    await this.page
      .getByRole('group', { name: /会议类型/ })
      .getByText(name, { exact: true })
      .click();
  }
}
