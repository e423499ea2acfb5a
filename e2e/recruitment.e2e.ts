/**
 * Recruitment in the browser (issue 13 items 1–2, decision 0025): a branch secretary on a phone registers an
 * applicant on the org page's 发展党员 tab and records the talk; a step the rules refuse (an activist made a candidate
 * before a year) is shown with its article; the township officer on a desktop sees the counts by stage with the new
 * applicant, the overdue steps and the statistics by the party statistics' categories.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startHarness, type Harness } from './harness.js';
import { chooseOption, sidewaysOverflow, toNumber } from './pages/common.js';
import { checkChar } from '../src/shared/id-number.js';

let h: Harness;

// seeding the demo county takes minutes on the loaded machine
beforeAll(async () => {
  h = await startHarness();
}, 600_000);

afterAll(async () => {
  await h?.close();
});

/** Opens the 发展党员 tab: on a phone it may be under the tab bar's “…” menu. */
async function openRecruitmentTab(page: Page): Promise<void> {
  const tab = page.getByRole('tab', { name: /^发展党员/ }).first();
  await tab.waitFor({ state: 'attached' });
  const bar = page.locator('.ant-tabs-nav-wrap').first();
  const [box, wrap] = await Promise.all([tab.boundingBox(), bar.boundingBox()]);
  if (box && wrap && box.x >= wrap.x - 1 && box.x + box.width <= wrap.x + wrap.width + 1) await tab.click();
  else {
    await page.locator('.ant-tabs-nav-more').first().click();
    await page.locator('.ant-tabs-dropdown:visible').getByText('发展党员').first().click();
  }
  await page.getByRole('region', { name: '发展党员' }).waitFor();
}

/** Picks today in a dialog's date field through the picker's 今天 button (as a person on a phone would). */
async function pickToday(page: Page, label: string): Promise<void> {
  await page.getByRole('dialog').getByLabel(label).click();
  await page.locator('.ant-picker-dropdown:visible').getByText('今天').click();
}

describe('recruitment', () => {
  it('a branch registers an applicant on a phone, a too-early step is refused, the township sees the counts', async () => {
    const b = h.account('branch_secretary');
    // born 1999-03-07; the sequence 999 is never given by the demo generator
    const first17 = '42112419990307999';
    const idNumber = first17 + checkChar(first17);

    // the branch secretary on a phone
    const phone = await h.signedInAt(b, `/orgs/${b.orgCode}`, { phone: true });
    await openRecruitmentTab(phone);
    const board = phone.getByRole('region', { name: '发展党员' });
    await board.getByRole('button', { name: '登记入党申请人' }).click();
    const dialog = phone.getByRole('dialog');
    await dialog.getByLabel('姓名').fill('林小雨');
    await dialog.getByLabel('身份证号').fill(idNumber);
    await pickToday(phone, '递交入党申请书日期');
    await h.shot(phone, 'recruitment-phone-01-apply');
    await dialog.getByRole('button', { name: /登\s*记/ }).click();
    await phone.getByText('已登记入党申请人').waitFor();
    const card = board.locator('.jc-recruit-card', { hasText: '林小雨' });
    await card.waitFor();
    // the talk is due within a month of the application (a deadline on the card)
    await expect(card.getByText('党组织派人谈话').count()).resolves.toBe(1);
    await expect(card.getByText(/期限 \d{4}年/).count()).resolves.toBe(1);

    // the next step: the talk, today (the dialog suggests it)
    await card.getByRole('button', { name: '记录下一步' }).click();
    await expect(dialog.getByText('党组织派人谈话（待办）').count()).resolves.toBe(1);
    await h.shot(phone, 'recruitment-phone-02-talk');
    await dialog.getByRole('button', { name: /记\s*录/ }).click();
    await phone.getByText('已记录“党组织派人谈话”').waitFor();
    await card.getByText('确定入党积极分子').waitFor();
    expect(await sidewaysOverflow(phone)).toEqual([]);

    // an activist of the demo made a candidate today: less than a year, refused with the article
    const activist = board
      .locator('.jc-recruit-col')
      .filter({ has: phone.locator('.ant-card-head-title', { hasText: /^入党积极分子/ }) })
      .locator('.jc-recruit-card')
      .first();
    await activist.getByRole('button', { name: '记录下一步' }).click();
    await dialog.getByLabel('步骤', { exact: true }).click();
    await chooseOption(phone, /^确定发展对象/);
    await dialog.getByRole('button', { name: /记\s*录/ }).click();
    const refused = dialog.locator('.jc-step-refused');
    await refused.waitFor();
    const text = (await refused.textContent()) ?? '';
    expect(text).toContain('未满1年');
    expect(text).toContain('第十三条');
    await refused.scrollIntoViewIfNeeded();
    await h.shot(phone, 'recruitment-phone-03-refused');
    await dialog.getByRole('button', { name: /取\s*消/ }).click();

    // the township officer on a desktop: the counts by stage include the new applicant
    const t = h.account('township_officer');
    const api = await h.api('township_officer');
    const sum = await api.get<{ stages: Record<string, number>; overdue: unknown[] }>(
      `/orgs/${t.orgCode}/recruitment`,
    );
    expect(sum.stages.applicant).toBeGreaterThanOrEqual(2);
    const desk = await h.signedInAt(t, `/orgs/${t.orgCode}`);
    await openRecruitmentTab(desk);
    const region = desk.getByRole('region', { name: '发展党员' });
    const applicants = region
      .locator('.ant-statistic', { hasText: '入党申请人' })
      .locator('.ant-statistic-content');
    expect(toNumber(await applicants.textContent())).toBe(sum.stages.applicant);
    await region.getByText('发展党员统计（党内统计口径）').waitFor();
    const branchRow = region.locator('tr', { hasText: b.orgName! });
    await expect(branchRow.count()).resolves.toBeGreaterThan(0);
    await region.getByText('逾期步骤').first().waitFor();
    await h.shot(desk, 'recruitment-desktop-04-township');
  });
});
