/**
 * 组织生活落实情况 (issue 11 item 10, decision 0024): a township officer opens the heat map from the menu, sees the
 * township's branches month by month, filters by kind, exports the .xlsx (read back: the same figures as the page)
 * and clicks through to a branch's 组织生活 tab; the county administrator filters by township; the page on a phone
 * is a list of cards.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { startHarness, type Harness } from './harness.js';
import { sidewaysOverflow } from './pages/common.js';
import type { ComplianceMap } from '../src/shared/schemas.js';
import { chinaToday } from '../src/shared/dates.js';

let h: Harness;
const year = Number(chinaToday().slice(0, 4));

beforeAll(async () => {
  h = await startHarness();
});

afterAll(async () => {
  await h?.close();
});

describe('组织生活落实情况', () => {
  it('a township officer opens the heat map, filters by kind, exports it and clicks through to a branch', async () => {
    const officer = h.account('township_officer');
    const api = await h.api('township_officer');
    const want = await api.get<ComplianceMap>(
      `/orgs/${officer.orgCode}/compliance/map?year=${year}&kind=general_meeting`,
    );
    expect(want.source).toBe('rollup');
    expect(want.rows.length).toBeGreaterThan(3);

    const page = await h.signedInAt(officer, '/home');
    await page.getByRole('navigation', { name: '主菜单' }).getByRole('button', { name: '组织生活' }).click();
    await page.waitForURL((u) => u.pathname === '/compliance');
    await page.getByRole('heading', { level: 3, name: '组织生活落实情况' }).waitFor();
    await page.getByRole('img', { name: /主题党日落实情况热力图/ }).waitFor();
    await h.shot(page, 'compliance-desktop-01-theme-day');
    expect(await sidewaysOverflow(page)).toEqual([]);

    // filter: the general meeting, quarter by quarter
    await page.getByRole('combobox', { name: '会议类型' }).click();
    await page.getByTitle('支部党员大会').click();
    await page.waitForURL((u) => u.searchParams.get('kind') === 'general_meeting');
    await page.getByRole('img', { name: /支部党员大会落实情况热力图/ }).waitFor();
    await page.getByText(`${want.totals.held} / ${want.totals.expected}`).waitFor();
    await h.shot(page, 'compliance-desktop-02-general-meeting');

    // export: the workbook holds the page's figures
    const [dl] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: '导出 Excel' }).click(),
    ]);
    // a connected browser's downloads stay on its side: saved here (harness.ts)
    const file = await h.saveDownload(dl);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const rows: string[][] = [];
    wb.worksheets[0]!.eachRow((r) => rows.push((r.values as unknown[]).slice(1).map((v) => String(v ?? ''))));
    const body = rows.slice(2);
    expect(body.map((r) => r[0])).toEqual(want.rows.map((r) => r.code));
    for (const r of want.rows) {
      const x = body.find((b) => b[0] === r.code)!;
      expect(x.slice(-4, -1)).toEqual([String(r.expected), String(r.held), String(r.missing.length)]);
    }

    // click through: a branch with a missing quarter opens its 组织生活 tab
    const missed = want.rows.find((r) => r.missing.length > 0) ?? want.rows[0]!;
    await page.getByRole('link', { name: missed.name, exact: true }).first().click();
    await page.waitForURL(
      (u) => u.pathname === `/orgs/${missed.code}` && u.searchParams.get('tab') === 'life',
    );
    await page.getByRole('heading', { name: `${year}年落实情况` }).waitFor();
    await page.context().close();
  });

  it('the county filters by township; the page is a list of cards on a phone', async () => {
    const admin = h.account('county_admin');
    const townshipCode = h.account('township_officer').orgCode!;
    const page = await h.signedInAt(admin, '/compliance');
    // the county's ~800 branches: a big map
    await page.getByRole('img', { name: /热力图/ }).waitFor({ timeout: 90_000 });
    await h.shot(page, 'compliance-desktop-03-county');
    await page
      .locator('.ant-select', { has: page.getByRole('combobox', { name: '乡镇（下级组织）' }) })
      .click();
    const name = h.account('township_officer').orgName!;
    await page.locator('.ant-select-item-option', { hasText: name }).first().click();
    await page.waitForURL((u) => u.searchParams.get('township') === townshipCode);
    await page.getByRole('img', { name: /热力图/ }).waitFor();
    await h.shot(page, 'compliance-desktop-04-county-township');
    await page.context().close();

    const officer = h.account('township_officer');
    const phone = await h.signedInAt(officer, '/compliance', { phone: true });
    await phone.getByText('各党组织未开情况').waitFor();
    expect(await phone.getByRole('img', { name: /热力图/ }).count()).toBe(0);
    await h.shot(phone, 'compliance-phone-01');
    expect(await sidewaysOverflow(phone)).toEqual([]);
    await phone.context().close();
  });
});
