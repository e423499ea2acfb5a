/**
 * Journey C, a township organisation officer's scope: the tree starts at their township; a member of a sibling
 * township opened by address shows a Chinese “not found or no permission” page and none of that member's data;
 * an edit in their own township shows in 操作记录 with the values before and after.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startHarness, type Harness } from './harness.js';
import { LoginPage } from './pages/login.js';
import { AppShell } from './pages/shell.js';
import { OrgPageModel } from './pages/org.js';
import { MemberPageModel } from './pages/member.js';
import { AuditTableModel } from './pages/audit.js';

let h: Harness;
let page: Page;

beforeAll(async () => {
  h = await startHarness();
  page = await h.newPage();
});

afterAll(async () => {
  await h?.close();
});

interface MemberRow {
  id: number;
  name: string;
  job_title: string | null;
  id_number: string;
}

describe('township officer', () => {
  it('sees only their township, is refused a sibling township’s member, and finds their own edit in 操作记录', async () => {
    const officer = h.account('township_officer');
    const [own] = await h.db.query<{ id: number; path: string; parent_id: number; name: string }>(
      'SELECT id, path, parent_id, name FROM org WHERE code = $1',
      [officer.orgCode],
    );
    const [sibling] = await h.db.query<{ path: string; name: string }>(
      `SELECT path, name FROM org WHERE parent_id = $1 AND id <> $2 AND kind = 'township_committee'
        ORDER BY code LIMIT 1`,
      [own!.parent_id, own!.id],
    );
    const pick = (path: string) =>
      h.db.query<MemberRow>(
        `SELECT m.id, p.name, p.job_title, p.id_number FROM member m JOIN person p ON p.id = m.person_id
           JOIN org o ON o.id = m.org_id
          WHERE o.path LIKE $1 || '%' AND m.status = 'full' ORDER BY m.id LIMIT 1 OFFSET 7`,
        [path],
      );
    const [stranger] = await pick(sibling!.path);
    const [mine] = await pick(own!.path);
    // the other township's member is also checked through the API: the server refuses, not just the page
    const api = await h.api('township_officer');
    await expect(api.get(`/members/${stranger!.id}`)).rejects.toThrow(/404/);

    const login = new LoginPage(page, h.url);
    await login.open();
    await h.shot(page, 'c01-login');
    await login.signIn(officer.username, officer.password);

    // the tree's root is the township, and nothing above or beside it is listed
    const org = new OrgPageModel(page);
    await org.openFromHome(h.url, officer.orgCode!);
    await org.waitFor(own!.name);
    const shell = new AppShell(page);
    const first = shell.tree().getByRole('treeitem').first();
    await first.waitFor();
    expect(await first.textContent()).toContain(own!.name);
    expect(await first.getAttribute('aria-level')).not.toBe('2');
    expect(await shell.tree().getByText(sibling!.name).count()).toBe(0);
    expect(
      await shell
        .tree()
        .getByText(/英山县委员会$/)
        .count(),
    ).toBe(0);
    expect(await shell.account().textContent()).toContain('乡镇（街道）组织委员');
    // an officer may not move or dissolve the top of their own scope
    expect(await org.toolbar().getByRole('button', { name: '撤销' }).isDisabled()).toBe(true);
    await org.settled();
    await h.shot(page, 'c02-township-root');

    // a sibling township's member by address: refused in Chinese, none of the data shown
    await page.goto(`${h.url}/members/${stranger!.id}`);
    await page.getByText('没有找到该党员，或您无权查看').waitFor();
    expect(await page.getByRole('heading', { name: stranger!.name }).count()).toBe(0);
    const body = (await page.locator('body').textContent()) ?? '';
    expect(body).not.toContain(stranger!.name);
    await h.shot(page, 'c03-sibling-member-refused');

    // edit a member of their own township
    const member = new MemberPageModel(page);
    await member.open(h.url, mine!.id);
    await member.waitFor(mine!.name);
    const before = mine!.job_title ?? '';
    const after = `村务监督委员会委员${Date.now() % 1000}`;
    await member.edit({ 工作职务: after });
    await member.value('工作职务').getByText(after, { exact: true }).waitFor();
    await h.shot(page, 'c04-member-saved');

    // the member's own 操作记录 tab lists the change
    const tab = await member.openTab('操作记录');
    const onMember = new AuditTableModel(page, tab);
    await onMember.row('修改', officer.username).first().waitFor();
    await h.shot(page, 'c05-member-audit-tab');

    // 操作记录: only my actions; the change with its before and after
    await shell.go('操作记录');
    await page.getByRole('heading', { level: 3, name: '操作记录' }).waitFor();
    const audit = new AuditTableModel(page);
    await audit.onlyMine();
    // a job title is a fact about the person (decision 0011): the entry is the person's, on the member's page too
    const row = audit.row('修改', `人员 · ${mine!.name}`).first();
    await row.waitFor();
    expect(await row.textContent()).toContain(officer.username);
    expect(await row.textContent()).toMatch(/\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}/);
    const details = await audit.expand(row);
    const change = details.getByRole('row').filter({ hasText: '职务' });
    expect(await change.count()).toBe(1);
    const cells = await change.getByRole('cell').allTextContents();
    expect(cells[1]).toBe(before || '（空）');
    expect(cells[3]).toBe(after);
    // every entry listed is this officer's own
    for (const text of await audit.rows().allTextContents()) expect(text).toContain(officer.username);
    await h.shot(page, 'c06-audit-mine');
  });
});
