/**
 * Branch life beside the meetings in the browser (issue 11 items 4, 5 and 7; decision 0023): the 党章第九条 flags on
 * 本月待办, the org page's 组织生活 tab and the member's page; a branch secretary records an election on a phone and
 * the org page shows the new term.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { SCREENSHOTS, startHarness, type Harness } from './harness.js';
import { chooseOption, openDropdown, sidewaysOverflow } from './pages/common.js';
import type { Article9List, TermList } from '../src/shared/life.js';

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
    const page = await h.signedInAt(a, '/home');
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
    const a = h.account('county_admin');
    const page = await h.signedInAt(a, `/orgs/${encodeURIComponent(m.orgCode)}?tab=life`, { phone: true });
    const list = page.getByRole('list', { name: '党章第九条提示名单' });
    await list.locator('li').filter({ hasText: m.name }).first().waitFor();
    await page
      .getByRole('region', { name: '党章第九条提示' })
      .screenshot({ path: join(SCREENSHOTS, 'terms-phone-01-org-flags.png') });
    expect(await sidewaysOverflow(page)).toEqual([]);
    await page.context().close();
  });
});

describe('换届', () => {
  it('a branch secretary records an election on a phone: judged as typed, the new term and committee shown', async () => {
    const a = h.account('branch_secretary');
    const code = a.orgCode!;
    const page = await h.signedInAt(a, `/orgs/${encodeURIComponent(code)}`, { phone: true });
    const card = page
      .getByRole('region', { name: '换届' })
      .or(page.locator('.ant-card', { hasText: '记录选举结果' }));
    await card.getByRole('button', { name: '记录选举结果' }).click();
    await page.waitForURL((u) => u.pathname === `/orgs/${code}/elections/new`);
    await page.getByRole('heading', { name: '记录换届选举' }).waitFor();
    // 应到 is the full members on the roster today; everyone came
    await page.getByText(/本组织名册上有正式党员\d+人/).waitFor();
    const entitled = Number(await page.getByLabel('应到人数').inputValue());
    expect(entitled).toBeGreaterThan(3);
    await page.getByLabel('实到人数').fill(String(entitled));
    const names: string[] = [];
    for (let i = 1; i <= 3; i++) {
      await page.getByLabel(`候选人${i}`, { exact: true }).click();
      const option = openDropdown(page)
        .locator('.ant-select-item-option')
        .nth(i - 1);
      const name = (await option.textContent())!.replace('（预备党员）', '');
      names.push(name);
      await chooseOption(page, name);
      await page.getByLabel(`候选人${i}得票`).fill(String(i === 3 ? Math.floor(entitled / 2) : entitled));
    }
    await page.getByText(/选举有效/).waitFor();
    // the third, with exactly half or less of those present, is not elected: its post is refused until cleared
    await page.getByText('未当选').waitFor();
    await page.getByLabel('候选人3职务').click();
    await chooseOption(page, '无职务');
    await h.shot(page, 'terms-phone-02-election-form');
    expect(await sidewaysOverflow(page)).toEqual([]);
    await page.getByRole('button', { name: /保\s*存/ }).click();
    await page.waitForURL((u) => u.pathname === `/orgs/${code}`);
    await page.getByText('任期内').first().waitFor();
    const api = await h.api('branch_secretary');
    const terms = await api.get<TermList>(`/orgs/${code}/terms`);
    const own = terms.orgs.find((o) => o.code === code)!;
    expect(own).toMatchObject({ status: 'ok', electedOn: terms.asOf });
    await page.locator('.ant-descriptions-item', { hasText: '班子成员' }).getByText(names[0]!).waitFor();
    // the org page's 换届 card (a labelled card, not a landmark region) with the election just recorded
    const termCard = page.locator('.ant-card[aria-label="换届"]');
    await termCard.getByLabel('历次换届选举').waitFor();
    await termCard.scrollIntoViewIfNeeded();
    await h.shot(page, 'terms-phone-03-org-term');
    await page.context().close();
  });

  it('a township officer sees overdue and postponed terms and the next election on 本月待办 (desktop)', async () => {
    const a = h.account('township_officer');
    const api = await h.api('township_officer');
    const terms = await api.get<TermList>(`/orgs/${a.orgCode}/terms`);
    const statuses = new Set(terms.orgs.map((o) => o.status));
    // the demo's history: some branches overdue, some due soon
    expect(statuses.has('overdue')).toBe(true);
    const page = await h.signedInAt(a, '/home');
    const overdue = terms.orgs.find((o) => o.status === 'overdue')!;
    await page.getByLabel('查找支部').fill(overdue.name);
    const row = page.locator('tr.ant-table-row', { hasText: overdue.name });
    await row.getByText('已逾期未换届').waitFor();
    await h.shot(page, 'terms-desktop-04-home-overdue');
    await page.goto(`${h.url}/orgs/${encodeURIComponent(overdue.code)}`);
    await page.getByText(/应于.*前完成换届/).waitFor();
    await page.getByText('已逾期未换届').first().waitFor();
    await h.shot(page, 'terms-desktop-03-org-overdue');
    expect(await sidewaysOverflow(page)).toEqual([]);
    await page.context().close();
  });
});
