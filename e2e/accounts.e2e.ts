/**
 * Accounts and roles in the browser: the administrator opens an account (the password is shown once), its owner
 * must change it at first sign-in, a disabled account is sent back to the sign-in page; the read-only account
 * sees no write actions; a member's own account sees only their own record.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startHarness, type Harness } from './harness.js';
import { LoginPage } from './pages/login.js';
import { AppShell } from './pages/shell.js';
import { OrgPageModel } from './pages/org.js';
import { MemberPageModel } from './pages/member.js';
import { UsersPageModel } from './pages/users.js';
import { PasswordFormModel } from './pages/password.js';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});

afterAll(async () => {
  await h?.close();
});

async function freshPage(): Promise<Page> {
  return h.newPage();
}

describe('accounts and roles', () => {
  it('opens an account, forces the first password change, and ends the session of a disabled account', async () => {
    const admin = h.account('county_admin');
    const [branch] = await h.db.query<{ code: string; name: string }>(
      `SELECT code, name FROM org WHERE kind = 'branch' AND sector = 'village' AND status = 'active'
        ORDER BY path LIMIT 1 OFFSET 11`,
    );

    // the administrator opens an account for a branch secretary
    const page = await freshPage();
    const login = new LoginPage(page, h.url);
    await login.open();
    await login.signIn(admin.username, admin.password);
    const shell = new AppShell(page);
    await shell.go('账号管理');
    const users = new UsersPageModel(page);
    await users.waitFor();
    await h.shot(page, 'd01-users');
    const password = await users.create({
      role: '支部书记',
      org: branch!.name,
      username: 'zhang.shuji',
      displayName: '张书记',
    });
    expect(password).toMatch(/^(?=.*[A-Za-z])(?=.*\d)[A-Za-z\d]{16}$/);
    await h.shot(page, 'd02-password-once');
    await users.acknowledge();
    const row = users.row('zhang.shuji');
    expect(await row.textContent()).toContain(branch!.name);
    expect(await row.textContent()).toContain('待改密');
    await shell.signOut();

    // the new secretary signs in and must change the password first
    await login.signIn('zhang.shuji', password);
    await page.getByRole('heading', { name: '请先修改密码' }).waitFor();
    const form = new PasswordFormModel(page);
    await form.fill(password, 'short1', 'short2');
    await page.getByRole('button', { name: '修改密码并继续' }).click();
    await page.getByText('两次输入的新密码不一致').waitFor();
    expect(await form.errors()).toContain('密码至少10位');
    await h.shot(page, 'd03-forced-change-errors');
    await form.fill('wrong-old-password-1', 'Hongqi2026abc');
    await page.getByRole('button', { name: '修改密码并继续' }).click();
    await page.getByText('原密码不正确').waitFor();
    await form.fill(password, 'Hongqi2026abc');
    await page.getByRole('button', { name: '修改密码并继续' }).click();
    // the forced form is shown in place of the app at /home, so the URL proves nothing: wait until the change is
    // saved and the app replaces the form (opening another page before that raced the change and showed the form
    // again — the journey failed that way under load)
    await page.getByText('密码已修改').waitFor();
    await page.getByRole('heading', { name: '请先修改密码' }).waitFor({ state: 'detached' });

    // in: their branch is the root of the tree; the header says who they are
    const org = new OrgPageModel(page);
    await org.openFromHome(h.url, branch!.code);
    await org.waitFor(branch!.name);
    expect(await shell.account().textContent()).toContain('张书记');
    expect(await shell.account().textContent()).toContain('支部书记');
    const entries = (await shell.entries()).map(([, e]) => e);
    expect(entries).not.toContain('账号管理');
    expect(entries).toContain('操作记录');
    await org.settled();
    await h.shot(page, 'd04-secretary-home');

    // the administrator disables the account: the next request sends the secretary to the sign-in page
    const api = await h.api('county_admin');
    const all = await api.get<{ id: number; username: string }[]>('/users');
    const id = all.find((u) => u.username === 'zhang.shuji')!.id;
    await api.post(`/users/${id}/disable`, {});
    await org.toolbar().getByRole('button', { name: '党员名册' }).click();
    await page.waitForURL((u) => u.pathname === '/login' && !!u.searchParams.get('next'));
    await login.fill('zhang.shuji', 'Hongqi2026abc');
    await page.getByRole('button', { name: '登录' }).click();
    await login.error().waitFor();
    // the same answer as any failed sign-in (a disabled account must not tell that the username exists); it points
    // the person to the administrator, and the audit page tells the administrator why
    const refused = await login.error().textContent();
    expect(refused).toContain('用户名或密码不正确');
    expect(refused).toContain('停用');
    await h.shot(page, 'd05-disabled');
    await page.context().close();
  });

  it('shows the read-only account no write actions and no full sensitive values', async () => {
    const viewer = h.account('viewer');
    const page = await freshPage();
    await new LoginPage(page, h.url).open();
    await new LoginPage(page, h.url).signIn(viewer.username, viewer.password);
    const org = new OrgPageModel(page);
    await org.waitFor(viewer.orgName!);
    const toolbar = org.toolbar();
    expect(await toolbar.getByRole('button', { name: '党员名册' }).count()).toBe(1);
    for (const name of ['新建下级组织', '编辑', '移动到…', '换届', '撤销'])
      expect(await toolbar.getByRole('button', { name }).count()).toBe(0);
    const shell = new AppShell(page);
    const entries = (await shell.entries()).map(([, e]) => e);
    for (const name of ['数据导入', '账号管理', '操作记录']) expect(entries).not.toContain(name);
    await org.settled();
    await h.shot(page, 'e01-viewer-org');

    const [m] = await h.db.query<{ id: number; name: string }>(
      "SELECT m.id, p.name FROM member m JOIN person p ON p.id = m.person_id WHERE m.status = 'full' ORDER BY m.id LIMIT 1 OFFSET 50",
    );
    const member = new MemberPageModel(page);
    await member.open(h.url, m!.id);
    await member.waitFor(m!.name);
    expect(await member.toolbar().count()).toBe(0);
    expect(await page.getByRole('button', { name: /^查看完整/ }).count()).toBe(0);
    expect(await page.getByRole('tab', { name: '操作记录' }).count()).toBe(0);
    await h.shot(page, 'e02-viewer-member');

    // pages that change data say so in Chinese
    await page.goto(`${h.url}/import`);
    await page.getByText('无权访问').waitFor();
    await page.getByText('您的账号不能导入数据。').waitFor();
    await page.goto(`${h.url}/members/${m!.id}/edit`);
    await page.getByText('您的账号是只读账号，不能修改数据。').waitFor();
    await h.shot(page, 'e03-viewer-no-edit');
    await page.context().close();
  });

  it('takes a member’s own account straight to 我的信息, read-only and without the org tree', async () => {
    const own = h.account('member');
    const [me] = await h.db.query<{ id: number; name: string }>(
      "SELECT member_id AS id, (SELECT p.name FROM member m JOIN person p ON p.id = m.person_id WHERE m.id = member_id) AS name FROM app_user WHERE role = 'member'",
    );
    const page = await freshPage();
    await new LoginPage(page, h.url).open();
    await new LoginPage(page, h.url).signIn(own.username, own.password);
    await page.waitForURL(`**/members/${me!.id}`);
    const member = new MemberPageModel(page);
    await member.waitFor(me!.name);
    await page.getByText('我的信息').first().waitFor();
    expect(await page.getByRole('tree').count()).toBe(0);
    expect(await member.toolbar().count()).toBe(0);
    expect(await page.getByRole('link', { name: own.orgName! }).count()).toBe(0);
    await h.shot(page, 'f01-member-self');

    // anything else is not theirs to see
    await page.goto(`${h.url}/orgs/${own.orgCode}`);
    await page.getByText(/^没有找到.*党组织，或您无权查看$/).waitFor();
    await h.shot(page, 'f02-member-no-org');
    await page.getByRole('button', { name: '返回我的信息' }).click();
    await page.waitForURL(`**/members/${me!.id}`);
    await page.context().close();
  });
});
