/**
 * Branch life beside the meetings in the browser (issue 11 items 4, 5 and 7; decision 0023): the 党章第九条 flags on
 * 本月待办, the org page's 组织生活 tab and the member's page, on a desktop and a phone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { SCREENSHOTS, signInUi, startHarness, type Harness } from './harness.js';
import { sidewaysOverflow } from './pages/common.js';
import type { Article9List } from '../src/shared/life.js';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});

afterAll(async () => {
  await h?.close();
});

describe('党章第九条 flags', () => {
  it('a township officer sees the flagged members on 本月待办, then one on the member page', async () => {
    const a = h.account('township_officer');
    const api = await h.api('township_officer');
    const flags = await api.get<Article9List>(`/orgs/${a.orgCode}/article9`);
    // the demo has about one member in fifty who stopped coming two to six months before this month
    expect(flags.members.length).toBeGreaterThan(0);
    const six = flags.members.find((m) => m.flag === 'six_months') ?? flags.members[0]!;
    const page = await h.newPage();
    await signInUi(page, h.url, a.username, a.password);
    await page.waitForURL((u) => u.pathname === '/home');
    const list = page.getByRole('list', { name: '党章第九条提示名单' });
    await list.waitFor();
    const item = list.locator('li').filter({ hasText: six.name }).first();
    await item.waitFor();
    expect(await item.textContent()).toContain(six.orgName);
    await page
      .getByRole('region', { name: '党章第九条提示' })
      .screenshot({ path: join(SCREENSHOTS, 'terms-desktop-01-home-flags.png') });
    expect(await sidewaysOverflow(page)).toEqual([]);
    await item.getByRole('link', { name: six.name }).click();
    await page.waitForURL((u) => u.pathname === `/members/${six.memberId}`);
    await page.getByRole('tab', { name: '组织生活' }).click();
    const panel = page.getByRole('region', { name: '组织生活情况' });
    await panel.getByText(six.flag === 'six_months' ? /需支部研究处理/ : /请支部及时了解情况/).waitFor();
    await panel.getByText(/年参加会议/).waitFor();
    await h.shot(page, 'terms-desktop-02-member-life');
    await page.context().close();
  });

  it('on a phone: the org page’s 组织生活 tab lists the branch’s flags', async () => {
    const api = await h.api('county_admin');
    const root = h.account('county_admin').orgCode!;
    const all = await api.get<Article9List>(`/orgs/${root}/article9`);
    const m = all.members[0]!;
    const page = await h.newPage({ phone: true });
    const a = h.account('county_admin');
    await signInUi(page, h.url, a.username, a.password);
    await page.goto(`${h.url}/orgs/${encodeURIComponent(m.orgCode)}?tab=life`);
    const list = page.getByRole('list', { name: '党章第九条提示名单' });
    await list.locator('li').filter({ hasText: m.name }).first().waitFor();
    await page
      .getByRole('region', { name: '党章第九条提示' })
      .screenshot({ path: join(SCREENSHOTS, 'terms-phone-01-org-flags.png') });
    expect(await sidewaysOverflow(page)).toEqual([]);
    await page.context().close();
  });
});
