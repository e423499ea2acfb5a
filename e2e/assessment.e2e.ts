/**
 * 分类考核 (issue 14 item 5, decision 0036): the county opens the assessment list by stars from the menu, opens a
 * village of the demo township and sees its months with each item's score and evidence, the year's sum and stars,
 * and the scheme page; a township officer rates a rated item of one of its villages with a reason and sees the
 * month's score follow. Desktop and 390×844.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './harness.js';
import { AppShell } from './pages/shell.js';
import { chooseOption, sidewaysOverflow } from './pages/common.js';
import type { AssessmentList, AssessmentView } from '../src/shared/assessment.js';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});

afterAll(async () => {
  await h?.close();
});

const year = new Date().getFullYear();

describe('分类考核', () => {
  it('the county views a village’s months and stars; a township officer rates a human-rated item', async () => {
    const officer = h.account('township_officer');
    const county = h.account('county_admin');
    const api = await h.api('township_officer');
    const list = await api.get<AssessmentList>(`/orgs/${officer.orgCode}/assessment/list?year=${year}`);
    const target = list.orgs.find((o) => o.months > 0);
    expect(target, 'the demo township has villages with a category').toBeDefined();

    // the county: the menu, the list by stars, the village's months
    const admin = await h.signedInAt('county_admin', '/');
    await new AppShell(admin).go('分类考核');
    await admin
      .getByRole('heading', { level: 3, name: `分类考核 · ${county.orgName}` })
      .waitFor({ timeout: 90_000 });
    await admin.getByText('星级按全年月均得分评定').waitFor();
    await h.shot(admin, 'assessment-desktop-01-county-list');
    expect(await sidewaysOverflow(admin)).toEqual([]);
    await admin.goto(`${h.url}/assessment/orgs/${target!.code}?year=${year}`);
    await admin
      .getByRole('heading', { level: 3, name: `分类考核 · ${target!.name}` })
      .waitFor({ timeout: 90_000 });
    await admin.getByText('逐月得分').waitFor();
    await admin.getByText(`全年累计（${target!.months}个月）`).waitFor();
    // the latest month is open: its items with their evidence
    await admin.getByText('组织生活', { exact: true }).first().waitFor();
    await h.shot(admin, 'assessment-desktop-02-county-village');
    expect(await sidewaysOverflow(admin)).toEqual([]);
    await admin.goto(`${h.url}/assessment/scheme`);
    await admin.getByRole('heading', { level: 3, name: '分类考核方案' }).waitFor();
    await admin.getByRole('button', { name: '保存考核方案' }).waitFor();
    await h.shot(admin, 'assessment-desktop-03-scheme');
    // the scheme on a phone: each item a card, its points and its delete button on the screen (a 780 px table before)
    const schemePhone = await h.signedInAt('county_admin', '/assessment/scheme', { phone: true });
    await schemePhone.getByRole('heading', { level: 3, name: '分类考核方案' }).waitFor({ timeout: 90_000 });
    const remove = schemePhone.getByRole('button', { name: /^删除/ }).first();
    await remove.waitFor();
    const box = (await remove.boundingBox())!;
    expect(box.x + box.width).toBeLessThanOrEqual(390);
    const points = (await schemePhone.getByRole('spinbutton', { name: /分值$/ }).first().boundingBox())!;
    expect(points.x + points.width).toBeLessThanOrEqual(390);
    await h.shot(schemePhone, 'assessment-phone-03-scheme');
    await schemePhone.context().close();

    // the township officer rates 服务群众 of this month with a reason
    const page = await h.signedInAt('township_officer', `/assessment/orgs/${target!.code}?year=${year}`);
    await page.getByText('人工评分', { exact: true }).first().waitFor({ timeout: 90_000 });
    const before = await api.get<AssessmentView>(`/orgs/${target!.code}/assessment?year=${year}`);
    const item = before.ratedItems.find((i) => i.key === 'service')!;
    await page.getByRole('combobox', { name: '考核项目' }).click();
    await chooseOption(page, `${item.zh}（满分${item.points}分）`);
    await page.getByRole('spinbutton', { name: '得分' }).fill(String(item.points - 1));
    await page.getByRole('textbox', { name: '评分理由' }).fill('走访核实：便民服务代办点按时开放');
    await page.getByRole('button', { name: '保存评分' }).click();
    await page.getByText(/已评分/).waitFor();
    const after = await api.get<AssessmentView>(`/orgs/${target!.code}/assessment?year=${year}`);
    const last = after.months.at(-1)!;
    const rated = last.items.find((i) => i.key === 'service')!;
    expect(rated.score).toBe(item.points - 1);
    expect(rated.evidence[0]).toContain('走访核实：便民服务代办点按时开放');
    await page.getByText('走访核实：便民服务代办点按时开放').first().waitFor();
    await h.shot(page, 'assessment-desktop-04-township-rated');

    // a phone: the list (from the header's 菜单) and the village as cards
    const phone = await h.signedInAt('township_officer', '/', { phone: true });
    await new AppShell(phone).go('分类考核');
    await phone
      .getByRole('heading', { level: 3, name: `分类考核 · ${officer.orgName}` })
      .waitFor({ timeout: 90_000 });
    await h.shot(phone, 'assessment-phone-01-list');
    expect(await sidewaysOverflow(phone)).toEqual([]);
    await phone.goto(`${h.url}/assessment/orgs/${target!.code}?year=${year}`);
    await phone.getByText('逐月得分').waitFor({ timeout: 90_000 });
    await h.shot(phone, 'assessment-phone-02-village');
    expect(await sidewaysOverflow(phone)).toEqual([]);
  }, 600_000);
});
