/**
 * 预警 and 健康 (issue 14 parts 1–2, decision 0032): a township officer opens 预警 from the menu, sees the counts of
 * red and amber orgs by indicator, picks a red village from the list and opens its 健康 tab with the evidence in
 * Chinese and the monthly trend, and adds an explanation that keeps the warning visible, marked 已说明; on a phone
 * the list is cards and the tab fits the screen.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './harness.js';
import { sidewaysOverflow } from './pages/common.js';
import type { WarningSummary } from '../src/shared/warnings.js';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});

afterAll(async () => {
  await h?.close();
});

describe('预警', () => {
  it('a township officer sees a red village and opens its evidence', async () => {
    const officer = h.account('township_officer');
    const api = await h.api('township_officer');
    const want = await api.get<WarningSummary>(`/orgs/${officer.orgCode}/warnings/summary`);
    const red = want.warnings.find((w) => w.level === 'red' && !w.explained);
    expect(red, 'the demo township has a red warning').toBeDefined();
    const label = want.indicators.find((i) => i.key === red!.indicator)!.zh;

    const page = await h.signedInAt(officer, '/home');
    // the menu offers 监督 (预警 …) to a township officer (opened by its address: the header re-renders while home loads)
    await page.getByRole('navigation', { name: '主菜单' }).getByRole('button', { name: '监督' }).waitFor();
    await page.goto(`${h.url}/warnings`);
    await page
      .getByRole('heading', { level: 3, name: `预警 · ${officer.orgName}` })
      .waitFor({ timeout: 90_000 });
    await page.getByRole('list', { name: '各指标预警组织数' }).waitFor();
    await h.shot(page, 'warnings-desktop-01-township');
    expect(await sidewaysOverflow(page)).toEqual([]);

    // filter by the indicator, red only, and open the village's 健康 tab
    await page.getByRole('listitem').filter({ hasText: label }).first().click();
    await page.waitForURL((u) => u.searchParams.get('indicator') === red!.indicator);
    await page.locator('.ant-segmented-item', { hasText: '红色' }).click();
    await page.waitForURL((u) => u.searchParams.get('level') === 'red');
    await h.shot(page, 'warnings-desktop-02-filtered');
    await page.getByRole('link', { name: red!.orgName, exact: true }).first().click();
    await page.waitForURL(
      (u) => u.pathname === `/orgs/${red!.org}` && u.searchParams.get('tab') === 'health',
    );
    const card = page
      .getByRole('region', { name: `${label} 红色预警` })
      .or(page.locator('.jc-health-item', { hasText: label }));
    await card.first().waitFor({ timeout: 90_000 });
    await page.getByText(red!.evidence[0]!).first().waitFor();
    await page.getByRole('table', { name: '近12个月各指标等级' }).waitFor();
    await h.shot(page, 'warnings-desktop-03-health');

    // an explanation keeps it visible, marked explained
    await card.first().getByRole('button', { name: '添加说明' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('textbox', { name: '说明' }).fill('已报镇党委研究，本月内完成整改');
    await dialog.getByRole('button', { name: '保存说明' }).click();
    await card.first().getByText('已说明').waitFor();
    await h.shot(page, 'warnings-desktop-04-explained');
    const after = await api.get<WarningSummary>(`/orgs/${officer.orgCode}/warnings/summary`);
    expect(after.warnings.find((w) => w.org === red!.org && w.indicator === red!.indicator)).toMatchObject({
      level: 'red',
      explained: true,
    });
    await page.context().close();

    const phone = await h.signedInAt(officer, '/warnings', { phone: true });
    await phone.getByRole('list', { name: '各指标预警组织数' }).waitFor({ timeout: 90_000 });
    await h.shot(phone, 'warnings-phone-01');
    expect(await sidewaysOverflow(phone)).toEqual([]);
    await phone.goto(`${h.url}/orgs/${red!.org}?tab=health`);
    await phone.locator('.jc-health-item').first().waitFor({ timeout: 90_000 });
    await h.shot(phone, 'warnings-phone-02-health');
    expect(await sidewaysOverflow(phone)).toEqual([]);
    await phone.context().close();
  });
});
