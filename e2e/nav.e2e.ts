/**
 * The header's menu per role (issue 10, decision 0040): grouped on a desktop (监督, 管理 as drop-downs), one 菜单 on
 * a phone beside 本月待办 and 党费; a branch secretary's and a member's stay short. Each role at 1440×900 and
 * 390×844 with its largest menu open; the county administrator opens 述职评议 from the menu, and the app opened again
 * in a new tab lands on the county page with its first reads started while the app loaded (api/early.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startHarness, type DemoRole, type Harness } from './harness.js';
import { AppShell } from './pages/shell.js';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});

afterAll(async () => {
  await h?.close();
});

const SUPERVISION = ['预警', '软弱涣散排查', '分类考核', '述职评议'];

/** The header's entries on a desktop: `group › entry`, or the entry alone for a button of its own. */
const DESKTOP: Record<DemoRole, string[]> = {
  county_admin: [
    '组织生活',
    ...[...SUPERVISION, '抽查核实'].map((e) => `监督 › ${e}`),
    ...['数据导入', '账号管理', '操作记录', '本县设置', '归类'].map((e) => `管理 › ${e}`),
  ],
  township_officer: [
    '本月待办',
    '组织生活',
    '党费',
    ...[...SUPERVISION, '抽查核实'].map((e) => `监督 › ${e}`),
    ...['数据导入', '操作记录', '本县设置'].map((e) => `管理 › ${e}`),
  ],
  branch_secretary: ['本月待办', '党费', ...['数据导入', '操作记录', '本县设置'].map((e) => `管理 › ${e}`)],
  viewer: ['组织生活', ...SUPERVISION.map((e) => `监督 › ${e}`), '本县设置'],
  member: ['我的党费'],
};

/** On a phone: 本月待办 and 党费 stay icons, the rest is in one 菜单. */
function phoneEntries(role: DemoRole): string[] {
  const own = new Set(['本月待办', '党费', '我的党费']);
  const all = DESKTOP[role].map((e) => e.split(' › ').pop()!);
  const rest = all.filter((e) => !own.has(e));
  if (rest.length <= 1) return all;
  return [...all.filter((e) => own.has(e)), ...rest.map((e) => `菜单 › ${e}`)];
}

async function landed(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: '主菜单' }).getByRole('button').first().waitFor();
  await page.getByRole('heading', { level: 3 }).first().waitFor({ timeout: 90_000 });
}

const read = async (page: Page) =>
  (await new AppShell(page).entries()).map(([g, e]) => (g ? `${g} › ${e}` : e));

describe('the header menu', () => {
  for (const role of Object.keys(DESKTOP) as DemoRole[]) {
    it(`${role}: grouped on a desktop, one 菜单 on a phone`, async () => {
      for (const phone of [false, true]) {
        const page = await h.signedInAt(role, '/', { phone });
        await landed(page);
        expect(await read(page)).toEqual(phone ? phoneEntries(role) : DESKTOP[role]);
        // the largest menu open for the screenshot
        const nav = page.getByRole('navigation', { name: '主菜单' });
        const trigger = nav.locator('button[aria-haspopup="menu"]').last();
        if ((await trigger.count()) > 0) {
          await trigger.click();
          await page
            .locator('.ant-dropdown:not(.ant-dropdown-hidden)')
            .getByRole('menuitem')
            .first()
            .waitFor();
        }
        await h.shot(page, `nav-${phone ? 'phone' : 'desktop'}-${role}`);
        await page.context().close();
      }
    }, 300_000);
  }

  it('opened again in a new tab (signed in): the county page, its first reads asked for once, while the app loads', async () => {
    const admin = h.account('county_admin');
    const first = await h.signedInAt('county_admin', '/');
    await landed(first);
    const again = await first.context().newPage();
    const asked = new Map<string, number>();
    again.on('request', (r) => {
      const path = new URL(r.url()).pathname;
      if (path.startsWith('/api/')) asked.set(path, (asked.get(path) ?? 0) + 1);
    });
    await again.goto(`${h.url}/`);
    await again
      .getByRole('heading', { level: 3, name: new RegExp(`^${admin.orgName!}`) })
      .waitFor({ timeout: 90_000 });
    await again.locator('.jc-chart canvas').first().waitFor({ timeout: 90_000 });
    expect(new URL(again.url()).pathname).toBe(`/orgs/${admin.orgCode}`);
    const org = `/api/v1/orgs/${encodeURIComponent(admin.orgCode!)}`;
    // started by api/early.ts before the app had drawn anything, and each answer used by the page: no second GET
    for (const path of ['/api/v1/auth/me', org, `${org}/stats`, '/api/v1/settings'])
      expect([path, asked.get(path)]).toEqual([path, 1]);
    await first.context().close();

    // a session that has ended: the early question is answered 401, and the app goes to the sign-in page as before
    const page = await h.signedInAt('county_admin', '/');
    await landed(page);
    await page.context().clearCookies();
    const other = await page.context().newPage();
    await other.goto(`${h.url}/`);
    await other.locator('#jc-login-form').waitFor({ timeout: 90_000 });
    expect(new URL(other.url()).pathname).toBe('/login');
    await page.context().close();
  }, 300_000);

  it('述职评议 from the menu opens the county committee’s round', async () => {
    const admin = h.account('county_admin');
    const page = await h.signedInAt('county_admin', '/');
    await landed(page);
    await new AppShell(page).go('述职评议');
    await page
      .getByRole('heading', { level: 3, name: `书记述职评议 · ${admin.orgName}` })
      .waitFor({ timeout: 90_000 });
    expect(new URL(page.url()).pathname).toBe(`/orgs/${admin.orgCode}/reviews`);
    await h.shot(page, 'nav-desktop-county-reviews');
    await page.context().close();
  }, 300_000);
});
