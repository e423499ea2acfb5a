/**
 * The user guide's journey: walks the steps of src/web/guide/content.ts for each role as the demo accounts, clicking
 * the labels each step names (a renamed button fails here, so the guide cannot silently go stale), and saves each
 * step's screenshot as a compressed JPEG into src/web/public/guide/<shot>.jpg — at phone size (390×844) for the
 * branch secretary and the member, desktop size (1440×900) for the others. Commit the images it writes.
 *
 * Each step has a plan below: what to set up that the guide does not show (signing in fills the form; going back to
 * the roster), which concrete person a "name" click means, the value of a field, and what the screen must show
 * before the picture is taken. Nothing is saved: dialogs are opened for the picture and cancelled.
 */
import { mkdtempSync, readdirSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { checkChar } from '../src/shared/id-number.js';
import { GUIDE, guideShots, type GuideClick, type GuideSection } from '../src/web/guide/content.js';
import { SCREENSHOTS, TAKE_SHOTS, startHarness, type DemoRole, type Harness } from './harness.js';
import { LoginPage } from './pages/login.js';
import { OrgPageModel } from './pages/org.js';
import { ImportPageModel } from './pages/import.js';
import { SettingsPageModel } from './pages/settings.js';
import { UsersPageModel } from './pages/users.js';
import { AppShell } from './pages/shell.js';

const GUIDE_DIR = join(import.meta.dirname, '../src/web/public/guide');

let h: Harness;
let dir: string;

// seeding the demo county takes minutes on the loaded machine (over the config's 300 s at a load of 30)
beforeAll(async () => {
  h = await startHarness();
  dir = mkdtempSync(join(tmpdir(), 'jiceng-e2e-guide-'));
}, 600_000);

afterAll(async () => {
  await h?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

interface Plan {
  /** set-up the guide does not show (fill the sign-in form, go back to the roster) */
  before?: (page: Page) => Promise<void>;
  /** where the step's first label is looked for (one row of a table); the whole page otherwise */
  scope?: (page: Page) => Locator;
  /** what each `name` click of the step means here, in order */
  names?: ((page: Page) => Locator)[];
  /** what each `field` of the step is filled with, in order */
  values?: string[];
  /** waits until the screen shows what the step's text says */
  shows: (page: Page) => Promise<void>;
  /** leaves the screen as the next step expects (a dialog opened for the picture is cancelled) */
  after?: (page: Page) => Promise<void>;
}

interface ListItem {
  id: number;
  name: string;
}

/** Fill in the sign-in form of a demo account (the step then clicks 登录). */
function signInForm(role: DemoRole) {
  return async (page: Page) => {
    const a = h.account(role);
    const login = new LoginPage(page, h.url);
    await login.open();
    await login.fill(a.username, a.password);
  };
}

/** No spinner or skeleton left, and a moment for the last paint. */
async function calm(page: Page): Promise<void> {
  await page.locator('.ant-spin-spinning, .ant-skeleton').first().waitFor({ state: 'detached' });
  await page.waitForTimeout(400);
}

/** Scrolls an element to just below the sticky header. */
async function scrollToTop(el: Locator): Promise<void> {
  await el.evaluate("(e) => { e.scrollIntoView({ block: 'start' }); window.scrollBy(0, -72); }");
}

async function orgSettled(page: Page, name: string): Promise<void> {
  const org = new OrgPageModel(page);
  await org.waitFor(name);
  await org.stats().locator('.ant-statistic').first().waitFor();
  await org.stats().getByRole('img').nth(5).or(org.stats().getByText('暂无统计图表')).waitFor();
}

function exactText(label: string): RegExp {
  return new RegExp(`^\\s*${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`);
}

/** The element a step names, found by the text on the screen (or its spoken name, for an icon-only button). */
function target(page: Page, scope: Locator | Page, c: GuideClick): Locator {
  switch (c.kind) {
    case 'button':
      return scope
        .getByRole('button', { name: c.label, exact: true })
        .or(scope.getByRole('button').filter({ hasText: exactText(c.label) }))
        .filter({ visible: true })
        .first();
    case 'tab':
      return scope.getByRole('tab', { name: new RegExp(`^${c.label}`) }).first();
    case 'menu':
      return page.getByRole('menuitem', { name: c.label, exact: true });
    case 'choice':
      return scope.getByRole('radio', { name: c.label, exact: true });
    case 'field':
      return scope.getByLabel(c.label, { exact: true }).filter({ visible: true }).first();
    case 'name':
      throw new Error('a name is found by the plan');
  }
}

/**
 * Opens a tab as a person would: on a phone the tabs that do not fit the bar are under its “…” menu (the org page has
 * seven on a branch), and a click where such a tab would be lands on something else.
 */
async function openTab(page: Page, tab: Locator, label: string): Promise<void> {
  await tab.waitFor({ state: 'attached' });
  const bar = page.locator('.ant-tabs-nav-wrap').first();
  const [box, wrap] = await Promise.all([tab.boundingBox(), bar.boundingBox()]);
  if (box && wrap && box.x >= wrap.x - 1 && box.x + box.width <= wrap.x + wrap.width + 1) {
    await tab.click();
    return;
  }
  await page.locator('.ant-tabs-nav-more').first().click();
  await page.locator('.ant-tabs-dropdown:visible').getByText(label, { exact: false }).first().click();
  await page
    .getByRole('tab', { name: new RegExp(`^${label}`), selected: true })
    .first()
    .waitFor();
}

async function walk(page: Page, section: GuideSection, plans: Record<string, Plan>): Promise<void> {
  for (const step of section.steps) {
    const plan = plans[step.shot];
    if (!plan) throw new Error(`no plan for the guide step ${step.shot}`);
    await plan.before?.(page);
    let names = 0;
    let values = 0;
    for (const [i, c] of step.clicks.entries()) {
      const scope = (i === 0 ? plan.scope?.(page) : undefined) ?? page;
      if (c.kind === 'name') {
        const make = plan.names?.[names++];
        if (!make) throw new Error(`${step.shot}: no target for the name '${c.label}'`);
        await make(page).click();
        continue;
      }
      const el = target(page, scope, c);
      if (c.kind === 'tab') {
        await openTab(page, el, c.label);
        continue;
      }
      if (c.kind === 'choice') {
        await el.check();
      } else if (c.kind === 'field') {
        const value = plan.values?.[values++];
        if (value === undefined) throw new Error(`${step.shot}: no value for the field '${c.label}'`);
        await el.click();
        await el.fill(value);
        await el.press('Enter');
      } else {
        await el.click();
      }
    }
    await plan.shows(page);
    // the picture (CI with E2E_SCREENSHOTS=0 checks the steps and keeps the committed pictures)
    if (TAKE_SHOTS) {
      // no hover tooltip where the last click was
      await page.mouse.move(0, 0);
      await calm(page);
      await page.screenshot({ path: join(GUIDE_DIR, `${step.shot}.jpg`), type: 'jpeg', quality: 60 });
    }
    await plan.after?.(page);
  }
}

async function open(section: GuideSection): Promise<{ context: BrowserContext; page: Page }> {
  const phone = section.device === 'phone';
  const context = await h.browser.newContext({
    viewport: phone ? { width: 390, height: 844 } : { width: 1440, height: 900 },
    // one device pixel per CSS pixel keeps the files small
    deviceScaleFactor: 1,
    isMobile: phone,
    hasTouch: phone,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    reducedMotion: 'reduce',
  });
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  return { context, page };
}

function section(role: DemoRole): GuideSection {
  const s = GUIDE.find((x) => x.role === role);
  if (!s) throw new Error(`the guide has no section for ${role}`);
  return s;
}

async function journey(role: DemoRole, plans: Record<string, Plan>): Promise<void> {
  const s = section(role);
  expect(Object.keys(plans).sort()).toEqual(s.steps.map((st) => st.shot).sort());
  const { context, page } = await open(s);
  try {
    await walk(page, s, plans);
  } finally {
    await context.close();
  }
}

/** A cancel button inside a dialog or a pop-up confirmation. */
async function cancel(scope: Locator): Promise<void> {
  await scope.getByRole('button', { name: /^取\s*消$/ }).click();
  await scope.waitFor({ state: 'hidden' });
}

describe('user guide screenshots', () => {
  it('branch secretary, on a phone', async () => {
    const a = h.account('branch_secretary');
    const api = await h.api('branch_secretary');
    const code = encodeURIComponent(a.orgCode!);
    const full = await api.get<{ items: ListItem[] }>(`/orgs/${code}/members?status=full&pageSize=1`);
    const prob = await api.get<{ items: ListItem[] }>(`/orgs/${code}/members?status=probationary&pageSize=1`);
    const member = full.items[0]!;
    const probationary = prob.items[0];
    expect(probationary, 'the demo branch has a probationary member').toBeTruthy();
    const link = (name: string) => (page: Page) =>
      page.getByRole('main').getByRole('link', { name, exact: true }).filter({ visible: true }).first();
    const memberHeading = (name: string) => (page: Page) =>
      page.getByRole('heading', { level: 3, name: new RegExp(`^${name}`) }).waitFor();

    await journey('branch_secretary', {
      'branch-home': {
        before: signInForm('branch_secretary'),
        shows: async (p) => {
          await p.waitForURL((u) => u.pathname === '/home');
          await p.getByRole('list', { name: '本月应开的会议' }).waitFor();
        },
      },
      'branch-meeting': {
        // from 本月待办 to the branch's page, where the guide's 记录会议 button is
        before: async (p) => {
          await p.goto(`${h.url}/orgs/${code}`);
          await orgSettled(p, a.orgName!);
        },
        shows: async (p) => {
          await p.getByRole('heading', { level: 3, name: '记录会议' }).waitFor();
          await p.getByRole('list', { name: '出席名单' }).locator('li').first().waitFor();
        },
      },
      'branch-roster': {
        before: async (p) => {
          await p.goBack();
          await orgSettled(p, a.orgName!);
        },
        shows: async (p) => {
          await p.getByRole('heading', { level: 3, name: /党员名册/ }).waitFor();
          await p.getByText(/^共 [\d,]+ 名党员$/).waitFor();
        },
      },
      'branch-member': {
        names: [link(member.name)],
        shows: async (p) => {
          await memberHeading(member.name)(p);
          await p.getByRole('tab', { name: '基本信息' }).waitFor();
        },
      },
      'branch-new-member': {
        before: async (p) => {
          await p.goBack();
          await p.getByRole('heading', { level: 3, name: /党员名册/ }).waitFor();
        },
        shows: async (p) => {
          await p.getByRole('heading', { level: 3, name: /新增党员/ }).waitFor();
        },
      },
      'branch-confirm': {
        before: async (p) => {
          await p.goBack();
          await p.getByRole('heading', { level: 3, name: /党员名册/ }).waitFor();
          await calm(p);
        },
        values: [probationary!.name],
        names: [link(probationary!.name)],
        shows: async (p) => {
          await p.getByRole('dialog', { name: '预备党员转为正式党员' }).waitFor();
        },
        after: (p) => cancel(p.getByRole('dialog', { name: '预备党员转为正式党员' })),
      },
      'branch-transfer': {
        shows: async (p) => {
          await p.getByRole('dialog', { name: '组织关系转出（转往县外）' }).waitFor();
        },
        after: (p) => cancel(p.getByRole('dialog', { name: '组织关系转出（转往县外）' })),
      },
      'branch-audit': {
        names: [link(a.orgName!)],
        shows: async (p) => {
          const panel = p.getByRole('tabpanel', { name: '操作记录' });
          // the first entry (a card on a phone) is on screen before the page is scrolled to the tab
          await panel.getByText('操作人').first().waitFor();
          await calm(p);
          await scrollToTop(p.getByRole('tab', { name: /^操作记录/ }));
        },
      },
    });
  });

  it('township officer, on a desktop', async () => {
    const a = h.account('township_officer');
    const csv = join(dir, '党员台账.csv');
    await writeLedgerWithOneCause(csv, a.orgCode!);
    await journey('township_officer', {
      'township-home': {
        before: signInForm('township_officer'),
        shows: async (p) => {
          await p.waitForURL((u) => u.pathname === '/home');
          await p.locator('tr.ant-table-row, li.jc-card').first().waitFor();
        },
      },
      'township-branches': {
        // from 本月待办 to the township's page, where the guide's 下级组织 tab is
        before: async (p) => {
          await p.goto(`${h.url}/orgs/${encodeURIComponent(a.orgCode!)}`);
          await orgSettled(p, a.orgName!);
        },
        shows: async (p) => {
          await p
            .getByRole('tabpanel', { name: /^下级组织/ })
            .locator('.ant-table-row')
            .first()
            .waitFor();
          await calm(p);
          await scrollToTop(p.getByRole('tab', { name: /^下级组织/ }));
        },
      },
      'township-roster': {
        before: (p) => p.evaluate('window.scrollTo(0, 0)'),
        shows: async (p) => {
          await p.getByRole('heading', { level: 3, name: /党员名册/ }).waitFor();
          await p.getByText(/^共 [\d,]+ 名党员$/).waitFor();
        },
      },
      'township-export': {
        shows: async (p) => {
          await p.locator('.ant-popconfirm').getByText('导出可再次导入的名册').waitFor();
        },
        after: (p) => cancel(p.locator('.ant-popconfirm')),
      },
      'township-import': {
        shows: async (p) => {
          await new ImportPageModel(p).upload(csv);
        },
      },
      'township-screening': {
        shows: async (p) => {
          await p.getByRole('heading', { level: 3, name: /^软弱涣散排查/ }).waitFor();
          await p
            .getByRole('button', { name: /依据与认定$/ })
            .first()
            .waitFor();
        },
      },
    });
  });

  it('county administrator, on a desktop', async () => {
    const a = h.account('county_admin');
    const officer = h.account('township_officer');
    const lastYearEnd = `${new Date().getFullYear() - 1}-12-31`;
    const [y] = lastYearEnd.split('-');
    const users = (p: Page) => new UsersPageModel(p);
    await journey('county_admin', {
      'county-home': { before: signInForm('county_admin'), shows: (p) => orgSettled(p, a.orgName!) },
      'county-past': {
        values: [lastYearEnd],
        shows: async (p) => {
          await new OrgPageModel(p).stats().getByText(`统计截至 ${y}年12月31日`).waitFor();
        },
      },
      'county-accounts': {
        shows: async (p) => {
          await p.getByRole('dialog', { name: '新建账号' }).waitFor();
        },
        after: (p) => cancel(p.getByRole('dialog', { name: '新建账号' })),
      },
      'county-reset': {
        before: (p) => users(p).waitFor(),
        scope: (p) => users(p).row(officer.username),
        shows: async (p) => {
          await p.locator('.ant-popconfirm').getByText(`重置 ${officer.username} 的密码？`).waitFor();
        },
        after: (p) => cancel(p.locator('.ant-popconfirm')),
      },
      'county-grants': {
        scope: (p) => users(p).row(officer.username),
        shows: async (p) => {
          await p.locator('.ant-drawer-open .ant-card').filter({ hasText: '常用权限组合' }).waitFor();
        },
        after: async (p) => {
          await p.keyboard.press('Escape');
          await p.locator('.ant-drawer-open').waitFor({ state: 'hidden' });
        },
      },
      'county-audit': {
        shows: async (p) => {
          await p.getByRole('heading', { level: 3, name: '操作记录' }).waitFor();
          await p.locator('.ant-table-tbody .ant-table-row').first().waitFor();
        },
      },
      'county-settings': { shows: (p) => new SettingsPageModel(p).waitFor() },
      'county-screening': {
        shows: async (p) => {
          // the county's list opens on the confirmed orgs: the form corrects a confirmation there
          await p
            .locator('.ant-drawer-open')
            .getByRole('button', { name: /^(认定为软弱涣散|更正认定)$/ })
            .waitFor({ timeout: 90_000 });
        },
        after: async (p) => {
          await p.keyboard.press('Escape');
          await p.locator('.ant-drawer-open').waitFor({ state: 'hidden' });
        },
      },
    });
  });

  it('member, on a phone', async () => {
    await journey('member', {
      'member-record': {
        before: signInForm('member'),
        shows: async (p) => {
          await p.getByRole('tab', { name: '基本信息' }).waitFor();
          await p.getByText('这是您本人的党员信息').waitFor();
        },
      },
      'member-history': {
        shows: async (p) => {
          await p.getByRole('tabpanel', { name: '组织关系变动' }).waitFor();
          await scrollToTop(p.getByRole('tab', { name: '组织关系变动' }));
        },
      },
      'member-password': {
        before: (p) => p.evaluate('window.scrollTo(0, 0)'),
        names: [(p) => new AppShell(p).account()],
        shows: async (p) => {
          await p.getByRole('dialog').getByLabel('新密码', { exact: true }).waitFor();
        },
        after: (p) => cancel(p.getByRole('dialog')),
      },
    });
  });

  it('viewer, on a desktop', async () => {
    const a = h.account('viewer');
    await journey('viewer', {
      'viewer-home': { before: signInForm('viewer'), shows: (p) => orgSettled(p, a.orgName!) },
    });
  });

  it('the Help page shows the guide, the own role first, on a phone and on a desktop', async () => {
    for (const device of ['phone', 'desktop'] as const) {
      const s = section('branch_secretary');
      const { context, page } = await open({ ...s, device });
      try {
        await signInForm('branch_secretary')(page);
        await page.getByRole('button', { name: '登录', exact: true }).click();
        await page.getByRole('heading', { level: 3 }).first().waitFor();
        await page.getByRole('button', { name: '帮助', exact: true }).click();
        await page.getByRole('menuitem', { name: '使用指南' }).click();
        await page.getByRole('heading', { level: 3, name: '使用指南' }).waitFor();
        const tabs = page.getByRole('tab');
        expect(await tabs.first().textContent()).toBe('支部书记（我的角色）');
        const panel = page.getByRole('tabpanel');
        const imgs = panel.getByRole('img', { name: /^截图：支部书记——/ });
        expect(await imgs.count()).toBe(s.steps.length);
        expect(await imgs.first().getAttribute('loading')).toBe('lazy');
        expect(await imgs.first().getAttribute('src')).toBe(`/guide/${s.steps[0]!.shot}.jpg`);
        // the image is served by the web app
        const res = await page.request.get(`${h.url}/guide/${s.steps[0]!.shot}.jpg`);
        expect(res.headers()['content-type']).toBe('image/jpeg');
        await imgs.first().scrollIntoViewIfNeeded();
        await page.waitForFunction(
          (img) => !!img && (img as unknown as { complete: boolean; naturalWidth: number }).naturalWidth > 0,
          await imgs.first().elementHandle(),
        );
        expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(
          device === 'phone' ? 390 : 1440,
        );
        await tabs.first().scrollIntoViewIfNeeded();
        await page.screenshot({ path: join(SCREENSHOTS, `k01-help-${device}.png`) });
        await imgs.nth(1).scrollIntoViewIfNeeded();
        await page.screenshot({ path: join(SCREENSHOTS, `k02-help-${device}-step.png`) });
        await page.getByRole('tab', { name: '常见问题' }).click();
        await page.getByText('导出的名册改好后为什么导不回去？').waitFor();
      } finally {
        await context.close();
      }
    }
  });

  it('leaves no screenshot of a step the guide no longer has', () => {
    const shots = new Set(guideShots());
    for (const f of readdirSync(GUIDE_DIR))
      if (f.endsWith('.jpg') && !shots.has(f.slice(0, -4))) unlinkSync(join(GUIDE_DIR, f));
    expect(readdirSync(GUIDE_DIR).filter((f) => f.endsWith('.jpg')).length).toBe(shots.size);
  });
});

/**
 * A small member ledger for the import step: one good row and three whose org code does not exist (one cause, so
 * the check shows one message for the three rows).
 */
async function writeLedgerWithOneCause(path: string, townshipCode: string): Promise<void> {
  const [branch] = await h.db.query<{ code: string }>(
    `SELECT o.code FROM org o JOIN org t ON o.path LIKE t.path || '%'
      WHERE t.code = $1 AND o.kind = 'branch' AND o.status = 'active' ORDER BY o.path LIMIT 1`,
    [townshipCode],
  );
  const ids: string[] = [];
  // the sequence's parity is the sex: 611 and 613 male, 612 and 614 female
  for (let seq = 611; ids.length < 4; seq++) {
    const first17 = `42112419${70 + ids.length}0614${String(seq).padStart(3, '0')}`;
    ids.push(first17 + checkChar(first17));
  }
  const header = '所在党组织编码,姓名,公民身份号码,性别,民族,学历,人员类别,入党日期,转正日期,联系电话';
  const rows = [
    `${branch!.code},柯明远,${ids[0]},男,汉族,大学本科,正式党员,2012-07-01,2013-07-01,13907130001`,
    `42112499999999,詹秀云,${ids[1]},女,汉族,大专,正式党员,2015-06-20,2016-06-20,13907130002`,
    `42112499999999,段立新,${ids[2]},男,汉族,高中,正式党员,2001-07-01,2002-07-01,`,
    `42112499999999,岳红梅,${ids[3]},女,汉族,初中,正式党员,2008-07-01,2009-07-01,`,
  ];
  writeFileSync(path, [header, ...rows].join('\r\n') + '\r\n', 'utf8');
}
