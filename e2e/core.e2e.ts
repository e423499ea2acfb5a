/**
 * Journey A, the county administrator's day: sign in → the county's page with its numbers and charts → down the
 * tree to a township, and to a village found with the tree's search box by the pinyin initials of a part of its
 * name → the village roster, in name order → find a member by pinyin initials and by the end of the ID number →
 * edit a field → export the roster → statistics as of a past date; on a phone, the tree's search by initials.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { loadConfig } from '../src/config.js';
import { PgliteThreadDb } from '../src/db/pglite-worker.js';
import { startHarness, type Harness } from './harness.js';
import { openDropdown, sidewaysOverflow } from './pages/common.js';
import { LoginPage } from './pages/login.js';
import { AppShell } from './pages/shell.js';
import { OrgPageModel } from './pages/org.js';
import { RosterPageModel } from './pages/roster.js';
import { MemberPageModel } from './pages/member.js';

let h: Harness;
let page: Page;

interface OrgRow {
  id: number;
  code: string;
  name: string;
  path: string;
  name_initials: string;
}

/**
 * The shortest run of the org's initials (from 3 letters) that no other org's initials hold: what a user types to
 * find it by the pinyin initials of a part of its name (decision 0014).
 */
async function uniqueInitials(o: OrgRow): Promise<string> {
  const own = o.name_initials.split(' ')[0]!;
  for (let n = 3; n <= own.length; n++)
    for (let i = 0; i + n <= own.length; i++) {
      const q = own.slice(i, i + n);
      if (!/^[a-z]+$/.test(q)) continue;
      const [c] = await h.db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM org WHERE name_initials LIKE '%' || $1 || '%'`,
        [q],
      );
      if (c!.n === 1) return q;
    }
  throw new Error(`no initials find ${o.name} alone`);
}

beforeAll(async () => {
  h = await startHarness();
  page = await h.newPage();
});

afterAll(async () => {
  await h?.close();
});

describe('county administrator', () => {
  it('is served by a server whose embedded database runs on a thread of its own (the default)', () => {
    // decision 0057's session 23 addendum: every journey then runs on the thread, as a deployment does
    if (loadConfig().JICENG_PGLITE_WORKER === false) return;
    expect(h.db).toBeInstanceOf(PgliteThreadDb);
  });

  it('signs in, browses the tree, finds and edits a member, exports and looks back in time', async () => {
    const admin = h.account('county_admin');
    const [root] = await h.db.query<OrgRow & { members: number }>(
      `SELECT o.id, o.code, o.name, o.path,
              (SELECT count(*)::int FROM member m JOIN org x ON x.id = m.org_id
                WHERE x.path LIKE o.path || '%' AND m.status IN ('full', 'probationary')) AS members
         FROM org o WHERE o.parent_id IS NULL`,
    );
    const [township] = await h.db.query<OrgRow>(
      `SELECT id, code, name, path, name_initials FROM org WHERE parent_id = $1 AND kind = 'township_committee'
        ORDER BY sort_order, code LIMIT 1`,
      [root!.id],
    );
    const [village] = await h.db.query<OrgRow>(
      `SELECT o.id, o.code, o.name, o.path, o.name_initials FROM org o
        WHERE o.parent_id = $1 AND o.sector = 'village' AND o.status = 'active'
          AND (SELECT count(*) FROM member m JOIN org x ON x.id = m.org_id
                WHERE x.path LIKE o.path || '%' AND m.status IN ('full', 'probationary')) >= 10
        ORDER BY o.sort_order, o.code LIMIT 1`,
      [township!.id],
    );

    // sign in: ?next= is honoured, and an unknown password is refused in Chinese first
    const login = new LoginPage(page, h.url);
    await page.goto(`${h.url}/orgs/${root!.code}`);
    await page.waitForURL(
      (u) => u.pathname === '/login' && u.searchParams.get('next') === `/orgs/${root!.code}`,
    );
    await h.shot(page, 'a01-login');
    await login.fill(admin.username, 'not-the-password-1');
    await page.getByRole('button', { name: '登录' }).click();
    await login.error().waitFor();
    expect(await login.error().textContent()).toMatch(/用户名或密码不正确/);
    await h.shot(page, 'a02-login-refused');
    await login.signIn(admin.username, admin.password);

    // the county's page: name, member count, charts
    const org = new OrgPageModel(page);
    await org.waitFor(root!.name);
    expect(root!.name).toContain('英山县');
    expect(await org.stat('党员总数')).toBe(root!.members);
    await org.charts().first().waitFor();
    expect(await org.charts().count()).toBe(6);
    expect(await org.charts().first().getAttribute('aria-label')).toMatch(/^性别构成：男\d+人，女\d+人$/);
    const shell = new AppShell(page);
    expect(await shell.account().textContent()).toContain(admin.orgName!);
    await org.settled();
    await h.shot(page, 'a03-county');

    // down the tree: township, then a village under it, found with the search box by the pinyin initials of a
    // part of its name (the village's own part: the township's name is the start of every village's)
    await shell.expand(township!.name);
    await shell.revealTreeItem(village!.name);
    const initials = await uniqueInitials(village!);
    const search = page.getByRole('combobox', { name: '搜索党组织' });
    await search.fill(initials);
    const option = openDropdown(page).getByText(village!.name, { exact: true });
    await option.waitFor();
    expect(await openDropdown(page).locator('.ant-select-item-option').count()).toBe(1);
    await h.shot(page, 'a04-tree-search-initials');
    await option.click();
    await org.waitFor(village!.name);
    await page.waitForURL(`**/orgs/${village!.code}`);
    await org.settled();
    await h.shot(page, 'a04-village');

    // the village roster, in name order (syllable by syllable: the person's sort key, decision 0014)
    await org.openRoster();
    const roster = new RosterPageModel(page);
    const everyone = await roster.total();
    const names = await roster.names();
    expect(names.length).toBeGreaterThan(0);
    const inOrder = await h.db.query<{ name: string }>(
      `SELECT p.name FROM member m JOIN person p ON p.id = m.person_id JOIN org o ON o.id = m.org_id
        WHERE o.path LIKE $1 || '%' AND m.status IN ('full', 'probationary')
        ORDER BY p.name_sort COLLATE "C", m.id LIMIT $2`,
      [village!.path, names.length],
    );
    expect(names).toEqual(inOrder.map((r) => r.name));
    const name = names[0]!;
    const [person] = await h.db.query<{
      id: number;
      name_initials: string;
      id_number: string;
      job_title: string | null;
    }>(
      `SELECT m.id, p.name_initials, p.id_number, p.job_title FROM member m JOIN person p ON p.id = m.person_id
         JOIN org o ON o.id = m.org_id
        WHERE p.name = $1 AND o.path LIKE $2 || '%' AND m.status IN ('full', 'probationary') ORDER BY m.id LIMIT 1`,
      [name, village!.path],
    );
    expect(person).toBeDefined();
    await h.shot(page, 'a05-roster');

    // by pinyin initials
    await roster.search(person!.name_initials);
    expect(await roster.names()).toContain(name);
    const byInitials = await roster.total();
    expect(byInitials).toBeLessThan(everyone);
    await h.shot(page, 'a06-roster-initials');

    // by the last 4 digits of the ID number
    const tail = person!.id_number.slice(-4);
    await roster.search(tail);
    expect(await roster.names()).toContain(name);
    const masked = await roster
      .row(name)
      .getByRole('cell')
      .filter({ hasText: /\*{4}/ })
      .first()
      .textContent();
    expect(masked?.endsWith(tail)).toBe(true);
    expect(masked).not.toContain(person!.id_number);
    await h.shot(page, 'a07-roster-id-tail');

    // open the member, change 工作职务, see it saved
    await roster.openMember(name);
    const member = new MemberPageModel(page);
    const title = `村党支部宣传委员${Date.now() % 1000}`;
    expect(person!.job_title).not.toBe(title);
    await member.edit({ 工作职务: title });
    await member.waitFor(name);
    await member.value('工作职务').getByText(title, { exact: true }).waitFor();
    const [saved] = await h.db.query<{ job_title: string }>(
      'SELECT p.job_title FROM member m JOIN person p ON p.id = m.person_id WHERE m.id = $1',
      [person!.id],
    );
    expect(saved!.job_title).toBe(title);
    await h.shot(page, 'a08-member-saved');

    // export the roster (an .xlsx is a zip: it starts with 'PK')
    await page.goto(`${h.url}/orgs/${village!.code}/members`);
    await roster.total();
    const file = await roster.exportXlsx();
    expect(file.name).toMatch(/\.xlsx$/);
    expect(file.bytes.subarray(0, 2).toString('latin1')).toBe('PK');
    expect(file.bytes.length).toBeGreaterThan(2000);

    // statistics as of a past date: fewer members then than now
    await page.goto(`${h.url}/orgs/${root!.code}`);
    await org.waitFor(root!.name);
    const now = await org.stat('党员总数');
    await org.statsAsOf('2000-01-01');
    const then = await org.stat('党员总数');
    expect(then).toBeLessThan(now);
    expect(then).toBeGreaterThan(0);
    await org.settled();
    await h.shot(page, 'a09-county-2000');
  });

  it('on a phone, finds a village in the tree by the pinyin initials of a part of its name', async () => {
    const admin = h.account('county_admin');
    const [village] = await h.db.query<OrgRow>(
      `SELECT o.id, o.code, o.name, o.path, o.name_initials FROM org o
        WHERE o.sector = 'village' AND o.status = 'active' AND o.depth = 2 ORDER BY o.code DESC LIMIT 1`,
    );
    const initials = await uniqueInitials(village!);
    const phone = await h.newPage({ phone: true });
    try {
      const login = new LoginPage(phone, h.url);
      await login.open();
      await login.signIn(admin.username, admin.password);
      await phone.getByRole('button', { name: '打开党组织树' }).click();
      const search = phone.getByRole('combobox', { name: '搜索党组织' });
      await search.fill(initials);
      const option = openDropdown(phone).getByText(village!.name, { exact: true });
      await option.waitFor();
      expect(await sidewaysOverflow(phone)).toEqual([]);
      await h.shot(phone, 'a10-phone-tree-search-initials');
      await option.click();
      await new OrgPageModel(phone).waitFor(village!.name);
    } finally {
      await phone.close();
    }
  });
});
