/**
 * 民主评议党员 in the browser (issue 11 item 5, decision 0030): a branch secretary on a phone opens this year's
 * appraisal from the 组织生活 tab (recording the meeting first when there is none), finds everyone pre-set to 合格,
 * changes three and saves in under a minute; the tab shows the counts; the member graded 不合格 shows the grade
 * and the to-do on their page, where the branch records 限期改正; the township's 本月待办 lists the follow-ups.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCREENSHOTS, startHarness, type Harness } from './harness.js';
import { sidewaysOverflow } from './pages/common.js';
import { join } from 'node:path';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});

afterAll(async () => {
  await h?.close();
});

describe('民主评议党员', () => {
  let unqualified = '';
  let unqualifiedId = 0;

  it('a branch secretary grades the branch on a phone in under a minute: 合格 pre-set, three changed', async () => {
    const a = h.account('branch_secretary');
    const code = a.orgCode!;
    const page = await h.signedInAt(a, `/orgs/${encodeURIComponent(code)}?tab=life`, { phone: true });
    const section = page.getByRole('region', { name: '民主评议党员' });
    await section.getByRole('heading').waitFor();

    const started = Date.now();
    const record = section.getByRole('button', { name: '记录民主评议会议' });
    if (await record.isVisible()) {
      await record.click();
      await page.waitForURL((u) => u.pathname.endsWith('/meetings/new'));
      await page.getByLabel('会议主题').fill('年度组织生活会和民主评议党员');
      await page
        .getByRole('button', { name: '保 存' })
        .or(page.getByRole('button', { name: '保存' }))
        .click();
    } else await section.getByRole('button', { name: /评定等次/ }).click();
    await page.waitForURL((u) => /^\/meetings\/\d+\/appraisal$/.test(u.pathname));
    const sheet = page.getByRole('list', { name: '评定等次' });
    const groups = sheet.getByRole('radiogroup');
    await groups.first().waitFor();
    const n = await groups.count();
    expect(n).toBeGreaterThanOrEqual(10);
    // everyone to grade starts at 合格
    expect(await sheet.getByRole('radio', { name: '合格', checked: true }).count()).toBe(n);
    const nameOf = async (i: number) => (await groups.nth(i).getAttribute('aria-label'))!;
    await groups.nth(0).getByText('优秀', { exact: true }).click();
    await groups.nth(1).getByText('基本合格', { exact: true }).click();
    await groups.nth(2).getByText('不合格', { exact: true }).click();
    unqualified = await nameOf(2);
    const counts = page.getByLabel('等次统计');
    expect(await counts.textContent()).toContain(`合格 ${n - 3}`);
    // what the phone shows (a full-page shot of 49 rows is too tall to judge)
    await page.screenshot({ path: join(SCREENSHOTS, 'appraisal-phone-01-sheet.png') });
    expect(await sidewaysOverflow(page)).toEqual([]);
    await page.getByRole('button', { name: '保存评定等次' }).click();
    await page.waitForURL((u) => u.pathname === `/orgs/${code}`);
    const seconds = (Date.now() - started) / 1000;
    console.log(`appraisal of ${n} members, three changed: ${seconds.toFixed(1)} s`);
    expect(seconds).toBeLessThan(60);
    const after = page.getByRole('region', { name: '民主评议党员' });
    await after.getByText('已评定等次').waitFor();
    expect(await after.textContent()).toContain('不合格 1');
    await after.getByRole('list', { name: '评议结果运用待办' }).getByText(unqualified).waitFor();
    await after.screenshot({ path: join(SCREENSHOTS, 'appraisal-phone-02-org-life.png') });

    const [row] = await h.db.query<{ memberId: number; grades: number }>(
      `SELECT (SELECT a.member_id FROM member_appraisal a JOIN member m ON m.id = a.member_id
                 JOIN person p ON p.id = m.person_id WHERE a.grade = 'unqualified' AND p.name = $1
                ORDER BY a.id DESC LIMIT 1) AS "memberId",
              (SELECT count(*)::int FROM member_appraisal a JOIN org o ON o.id = a.org_id
                WHERE o.code = $2 AND a.year = extract(year FROM current_date) AND a.grade IS NOT NULL) AS grades`,
      [unqualified, code],
    );
    expect(row!.grades).toBe(n);
    unqualifiedId = row!.memberId;
    await page.context().close();
  });

  it('the member graded 不合格 shows it by year; the branch records 限期改正 on a desktop', async () => {
    const a = h.account('branch_secretary');
    const page = await h.signedInAt(a, `/members/${unqualifiedId}?tab=life`);
    const section = page.getByRole('region', { name: '民主评议等次' });
    await section.getByText('不合格', { exact: true }).waitFor();
    await section.getByText(/待支部作出组织处置/).waitFor();
    await section.getByRole('button', { name: '记录组织处置' }).click();
    const dialog = page.getByRole('dialog', { name: /记录组织处置/ });
    await dialog.getByText('限期改正', { exact: true }).waitFor();
    await dialog.getByLabel('改正期限').click();
    await page.locator('.ant-picker-dropdown:visible .ant-picker-header-next-btn').click();
    await page.locator('.ant-picker-dropdown:visible td.ant-picker-cell-in-view').nth(14).click();
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await section.getByText(/限期改正（/).waitFor();
    expect(await section.getByText(/待支部作出组织处置/).count()).toBe(0);
    await h.shot(page, 'appraisal-desktop-01-member');
    // the same sheet on a desktop, reached from the member's row
    await section.getByRole('link', { name: '评定表' }).first().click();
    await page.getByRole('list', { name: '评定等次' }).getByRole('radiogroup').first().waitFor();
    await page.screenshot({ path: join(SCREENSHOTS, 'appraisal-desktop-03-sheet.png') });
    expect(await sidewaysOverflow(page)).toEqual([]);
    await page.context().close();
    // on a phone: each year a card, its follow-up and its sheet's link on the screen (a 664 px table before)
    const phone = await h.signedInAt(a, `/members/${unqualifiedId}?tab=life`, { phone: true });
    const cards = phone.getByRole('region', { name: '民主评议等次' });
    await cards.getByText(/限期改正（/).waitFor();
    const link = (await cards.getByRole('link', { name: '评定表' }).first().boundingBox())!;
    expect(link.x + link.width).toBeLessThanOrEqual(390);
    await h.shot(phone, 'appraisal-phone-02-member');
    await phone.context().close();
  });

  it('a township officer’s 本月待办 shows the year’s appraisal across the branches', async () => {
    const a = h.account('township_officer');
    const page = await h.signedInAt(a, '/home');
    const card = page.getByRole('region', { name: '民主评议党员' });
    // a loaded machine: the township's year is read after the home's own figures
    await card.getByLabel('评议情况').waitFor({ timeout: 60_000 });
    expect(await card.getByLabel('评议情况').textContent()).toMatch(/已评定 \d+/);
    await card.screenshot({ path: join(SCREENSHOTS, 'appraisal-desktop-02-township-home.png') });
    expect(await sidewaysOverflow(page)).toEqual([]);
    await page.context().close();
  });
});
