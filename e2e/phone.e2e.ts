/**
 * Every page each role uses, on a 390×844 phone (issue 10 #1): the county administrator, a township officer, a branch
 * secretary and a member's own account visit their pages; each page is photographed (phone-<role>-<page>.png) and
 * must not overflow sideways — the document no wider than the screen, no element with text of its own wider than it
 * or sticking out past its edge (sidewaysOverflow). All pages are visited before the check fails, so one run shows
 * every problem.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startHarness, signInUi, type DemoRole, type Harness } from './harness.js';
import { OrgPageModel } from './pages/org.js';
import { MemberPageModel } from './pages/member.js';
import { SettingsPageModel } from './pages/settings.js';
import { sidewaysOverflow } from './pages/common.js';

let h: Harness;
let member: { id: number; name: string };

beforeAll(async () => {
  h = await startHarness();
  const self = await h.api('member');
  const me = await self.get<{ memberId?: number; user?: { memberId: number } }>('/auth/me');
  const m = await self.get<{ id: number; name: string }>(`/members/${me.user?.memberId ?? me.memberId}`);
  member = { id: m.id, name: m.name };
});

afterAll(async () => {
  await h?.close();
});

type Visit = { name: string; path: (orgCode: string) => string; ready: (page: Page) => Promise<void> };

const heading = (page: Page, name: RegExp | string) =>
  page.getByRole('heading', { level: 3, name }).waitFor();

/** Waits until lists and cards have loaded (no busy list or spinning table left). */
async function listsSettled(page: Page): Promise<void> {
  await page.locator('.jc-card, .ant-table-row, .jc-cards-empty, .ant-empty').first().waitFor();
  await page.locator('[aria-busy="true"], .ant-spin-spinning').first().waitFor({ state: 'detached' });
}

const PAGES: Record<string, Visit> = {
  org: {
    name: 'org',
    path: (code) => `/orgs/${code}`,
    ready: async (page) => {
      await page.getByRole('heading', { level: 3 }).first().waitFor();
      // statistics, charts (or their empty state) and the tabs (a branch has no 下级组织)
      const stats = new OrgPageModel(page).stats();
      await stats.locator('.ant-statistic').first().waitFor();
      await stats.getByRole('img').nth(5).or(stats.getByText('暂无统计图表')).waitFor();
      await page.getByRole('tab').first().waitFor();
    },
  },
  roster: {
    name: 'roster',
    path: (code) => `/orgs/${code}/members`,
    ready: async (page) => {
      await heading(page, /党员名册/);
      await listsSettled(page);
    },
  },
  member: {
    name: 'member',
    path: () => `/members/${member.id}`,
    ready: async (page) => {
      await new MemberPageModel(page).waitFor(member.name);
      await page.getByRole('tabpanel', { name: '基本信息' }).waitFor();
    },
  },
  form: {
    name: 'member-form',
    path: () => `/members/${member.id}/edit`,
    ready: async (page) => {
      await heading(page, /^编辑党员信息/);
      await page.getByRole('button', { name: '保存' }).waitFor();
    },
  },
  import: {
    name: 'import',
    path: () => '/import',
    ready: (page) => heading(page, /^数据导入/),
  },
  audit: {
    name: 'audit',
    path: () => '/audit',
    ready: async (page) => {
      await heading(page, '操作记录');
      await listsSettled(page);
    },
  },
  settings: {
    name: 'settings',
    path: () => '/settings',
    ready: async (page) => {
      await new SettingsPageModel(page).waitFor();
      await listsSettled(page);
    },
  },
  users: {
    name: 'accounts',
    path: () => '/users',
    ready: async (page) => {
      await heading(page, '账号管理');
      await listsSettled(page);
    },
  },
};

const ROLES: { role: DemoRole; tag: string; pages: Visit[] }[] = [
  {
    role: 'county_admin',
    tag: 'admin',
    pages: [
      PAGES.org!,
      PAGES.roster!,
      PAGES.member!,
      PAGES.form!,
      PAGES.import!,
      PAGES.audit!,
      PAGES.settings!,
      PAGES.users!,
    ],
  },
  {
    role: 'township_officer',
    tag: 'township',
    pages: [PAGES.org!, PAGES.roster!, PAGES.member!, PAGES.form!, PAGES.import!, PAGES.audit!],
  },
  {
    role: 'branch_secretary',
    tag: 'branch',
    pages: [PAGES.org!, PAGES.roster!, PAGES.member!, PAGES.form!, PAGES.import!, PAGES.audit!],
  },
];

describe('on a phone, every page of every role fits the screen', () => {
  for (const r of ROLES) {
    it(`${r.role}: ${r.pages.map((p) => p.name).join(', ')}`, async () => {
      const a = h.account(r.role);
      const page = await h.newPage({ phone: true });
      await signInUi(page, h.url, a.username, a.password);
      await page.getByRole('heading', { level: 3 }).first().waitFor();
      const problems: Record<string, string[]> = {};
      for (const v of r.pages) {
        await page.goto(`${h.url}${v.path(a.orgCode!)}`);
        await v.ready(page);
        const over = await sidewaysOverflow(page);
        if (over.length) problems[v.name] = over;
        await h.shot(page, `phone-${r.tag}-${v.name}`);
      }
      expect(problems).toEqual({});
      await page.context().close();
    });
  }

  it('member: their own record, and the pages they may not use', async () => {
    const a = h.account('member');
    const page = await h.newPage({ phone: true });
    await signInUi(page, h.url, a.username, a.password);
    // a member's account lands on its own record
    await page.waitForURL((u) => u.pathname === `/members/${member.id}`);
    await PAGES.member!.ready(page);
    const problems: Record<string, string[]> = {};
    const own = await sidewaysOverflow(page);
    if (own.length) problems.own = own;
    await h.shot(page, 'phone-member-own-record');
    for (const tab of ['组织关系变动']) {
      await page.getByRole('tab', { name: tab }).click();
      await page.getByRole('tabpanel', { name: tab }).waitFor();
      const over = await sidewaysOverflow(page);
      if (over.length) problems[tab] = over;
    }
    await h.shot(page, 'phone-member-own-history');
    // an org page is not theirs: it looks missing
    await page.goto(`${h.url}/orgs/${a.orgCode}`);
    await page
      .getByText(/没有找到|无权/)
      .first()
      .waitFor();
    const other = await sidewaysOverflow(page);
    if (other.length) problems.org = other;
    await h.shot(page, 'phone-member-org-refused');
    expect(problems).toEqual({});
    await page.context().close();
  });
});
