/**
 * 书记述职评议 (issue 14 item 5, decision 0037): a township officer opens the org page's 述职评议 tab, starts the
 * year's round, records the review meeting, enters a branch secretary's report with the votes (the suggested grade
 * shows as they are typed), grades 一般 and sees the follow-ups (约谈, 整改清单) as to-dos on the secretary's page and
 * on the round page; last year's round from the demo on the org page. Desktop and 390×844.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './harness.js';
import { sidewaysOverflow } from './pages/common.js';
import { AppShell } from './pages/shell.js';
import type { ReviewRound } from '../src/shared/reviews.js';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});

afterAll(async () => {
  await h?.close();
});

const year = new Date().getFullYear();

describe('书记述职评议', () => {
  it('a township officer opens the year’s round, records a branch secretary’s report and grade 一般, sees the follow-ups', async () => {
    const officer = h.account('township_officer');
    const code = officer.orgCode!;
    const page = await h.signedInAt('township_officer', `/orgs/${encodeURIComponent(code)}?tab=reviews`);
    await page.getByText(`${year}年度书记述职评议（评议下级书记）`).waitFor({ timeout: 90_000 });
    await page.getByRole('button', { name: `开始${year}年度述职评议` }).click();
    await page.getByRole('heading', { level: 3, name: `书记述职评议 · ${officer.orgName}` }).waitFor();
    await page.getByRole('button', { name: `开始${year}年度述职评议` }).click();
    await page.getByRole('button', { name: '保存评议会议' }).waitFor();
    // the meeting's day: today (the picker's 今天)
    await page.getByRole('textbox', { name: '评议会议日期' }).click();
    await page.locator('.ant-picker-dropdown:visible').getByText('今天', { exact: true }).click();
    await page.getByRole('spinbutton', { name: '参加人数' }).fill('28');
    await h.shot(page, 'reviews-desktop-00-meeting');
    await page.getByRole('button', { name: '保存评议会议' }).click();
    await page.getByText('已保存评议会议').waitFor();

    const api = await h.api('township_officer');
    const round = await api.get<ReviewRound>(`/orgs/${encodeURIComponent(code)}/reviews?year=${year}`);
    expect(round.round?.heldOn).toBeTruthy();
    const s = round.secretaries.find((x) => x.memberId !== null)!;
    await h.shot(page, 'reviews-desktop-01-round');
    expect(await sidewaysOverflow(page)).toEqual([]);

    await page.getByRole('button', { name: `${s.orgName} 述职与评定` }).click();
    await page
      .getByRole('heading', { level: 3, name: `${year}年度述职评议 · ${s.orgName} ${s.name}` })
      .waitFor();
    await page.getByRole('textbox', { name: '述职报告' }).fill('一年来履行抓基层党建第一责任人职责情况……');
    await page.getByRole('spinbutton', { name: '好票数', exact: true }).fill('5');
    await page.getByRole('spinbutton', { name: '较好票数', exact: true }).fill('8');
    await page.getByRole('spinbutton', { name: '一般票数', exact: true }).fill('11');
    await page.getByRole('spinbutton', { name: '差票数', exact: true }).fill('4');
    await page.getByText('建议等次：').locator('.ant-tag', { hasText: '一般' }).waitFor();
    await page
      .locator('.ant-radio-button-wrapper')
      .filter({ hasText: /^一般$/ })
      .click();
    await page.getByRole('textbox', { name: '指出的问题' }).fill('主题党日多次未按期开展');
    await page.getByRole('button', { name: '保存', exact: true }).click();
    await page.getByText('已保存', { exact: true }).waitFor();
    const followUps = page.getByRole('listitem').filter({ hasText: '上级党组织约谈书记' });
    await followUps.getByText('待办').waitFor();
    await page.getByRole('listitem').filter({ hasText: '制定整改清单' }).getByText('待办').waitFor();
    await h.shot(page, 'reviews-desktop-02-entry');
    expect(await sidewaysOverflow(page)).toEqual([]);

    // the round page lists the to-dos
    await page.getByRole('link', { name: '返回述职名单' }).click();
    await page.getByText('结果运用待办（2）').waitFor();
    await page.getByText(`：上级党组织约谈书记`).waitFor();
    const after = await api.get<ReviewRound>(`/orgs/${encodeURIComponent(code)}/reviews?year=${year}`);
    expect(after.toDos.map((t) => t.zh)).toEqual(['上级党组织约谈书记', '制定整改清单']);
    await page.close();

    // on a phone: the round, from the header's 菜单 → 述职评议 (the officer's committee, this year), and the
    // secretary's results on the org page (last year's from the demo)
    const phone = await h.signedInAt('township_officer', '/', { phone: true });
    await new AppShell(phone).go('述职评议');
    await phone.waitForURL((u) => u.pathname === `/orgs/${code}/reviews`);
    await phone.getByText('结果运用待办（2）').waitFor({ timeout: 90_000 });
    await h.shot(phone, 'reviews-phone-01-round');
    expect(await sidewaysOverflow(phone)).toEqual([]);
    await phone.goto(
      `${h.url}/orgs/${encodeURIComponent(code)}/reviews/${year}/${encodeURIComponent(s.orgCode)}`,
    );
    await phone.getByRole('textbox', { name: '述职报告' }).waitFor();
    await h.shot(phone, 'reviews-phone-02-entry');
    expect(await sidewaysOverflow(phone)).toEqual([]);
    await phone.goto(`${h.url}/orgs/${encodeURIComponent(s.orgCode)}?tab=reviews`);
    await phone.getByText('本组织书记历年述职评议').waitFor();
    await phone.getByText(`${year}年度`).first().waitFor();
    await h.shot(phone, 'reviews-phone-03-org');
    expect(await sidewaysOverflow(phone)).toEqual([]);
  });
});
