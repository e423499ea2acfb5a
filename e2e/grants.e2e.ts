/**
 * Grants by assignment in the browser (issue 8 #3, decision 0010), at a desktop and on a phone: the county
 * administrator gives the township officer a dated write grant on a village of another township (账号管理 → 授权);
 * the officer sees the village in the tree as a root of its own marked 受托联系 with the grant's last day, finds it
 * with the search box, edits it and a member there, and can neither see nor edit its sibling; the administrator ends
 * the grant and the village is gone from the officer's tree.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startHarness, signInUi, type Harness } from './harness.js';
import { AppShell } from './pages/shell.js';
import { OrgPageModel } from './pages/org.js';
import { MemberPageModel } from './pages/member.js';
import { GrantsDrawerModel } from './pages/grants.js';
import { sidewaysOverflow } from './pages/common.js';
import { withAuditSession } from '../src/db/client.js';
import { systemClock } from '../src/services/context.js';
import { DEFAULT_SETTINGS } from '../src/policy/settings.js';
import { startTransfer } from '../src/services/transfers.js';

let h: Harness;

interface Target {
  code: string;
  name: string;
  sibCode: string;
  sibName: string;
}

let target: Target;
let memberId: number;

/** The date in China `days` from today, as YYYY-MM-DD. */
function chinaDay(days = 0): string {
  return new Date(Date.now() + days * 86_400_000).toLocaleDateString('en-CA', { timeZone: 'Asia/Shanghai' });
}

beforeAll(async () => {
  h = await startHarness();
  const officer = h.account('township_officer');
  // a village branch of another township with a sibling under the same parent
  const [t] = await h.db.query<Target>(
    `SELECT o.code, o.name, s.code AS "sibCode", s.name AS "sibName"
       FROM org o JOIN org s ON s.parent_id = o.parent_id AND s.id <> o.id AND s.status = 'active'
      WHERE o.kind = 'branch' AND o.sector = 'village' AND o.status = 'active'
        AND o.path NOT LIKE (SELECT path FROM org WHERE code = $1) || '%'
      ORDER BY o.path, s.path LIMIT 1`,
    [officer.orgCode],
  );
  target = t!;
  const admin = await h.api('county_admin');
  const roster = await admin.get<{ items: { id: number }[] }>(`/orgs/${target.code}/members?pageSize=1`);
  memberId = roster.items[0]!.id;
});

afterAll(async () => {
  await h?.close();
});

/** Ends every grant of the officer that has not ended (a failed run must not leave one for the next). */
async function endOfficerGrants(): Promise<void> {
  const admin = await h.api('county_admin');
  const users = await admin.get<{ id: number; username: string }[]>('/users');
  const id = users.find((u) => u.username === h.account('township_officer').username)!.id;
  for (const g of await admin.get<{ id: number; state: string }[]>(`/users/${id}/grants`))
    if (g.state !== 'ended') await admin.post(`/users/${id}/grants/${g.id}/end`, {});
}

async function openTree(page: Page, phone: boolean): Promise<void> {
  if (phone) await page.getByRole('button', { name: '打开党组织树' }).click();
  await page.getByRole('tree', { name: '党组织树' }).waitFor();
}

/**
 * Scrolls the tree's virtual list to its end until `target` is rendered: rows outside the view are not in the
 * page, and the tree may still grow (its own subtree expanding, the granted roots arriving) after one scroll.
 */
async function scrollTreeUntil(page: Page, target: ReturnType<Page['locator']>): Promise<string[]> {
  const holder = page.locator('.jc-tree-scroll .ant-tree-list-holder');
  const deadline = Date.now() + 20_000;
  for (;;) {
    await holder.evaluate((el: { scrollTop: number; scrollHeight: number }) => {
      el.scrollTop = el.scrollHeight;
    });
    // the tree is virtual: a branch below that finishes loading pushes the root out of the drawn rows again, so
    // read it in the same step as finding it
    const texts = await target
      .evaluateAll((els) =>
        els.flatMap((el) => [
          el.querySelector('.jc-tree-node-name')?.textContent ?? '',
          el.querySelector('.jc-tree-grant-note')?.textContent ?? '',
        ]),
      )
      .catch(() => []);
    if (texts.length === 2 && texts[0] && texts[1]) return texts;
    if (Date.now() > deadline) throw new Error('the tree never showed the granted root');
    await page.waitForTimeout(250);
  }
}

describe('grants by assignment', () => {
  for (const phone of [false, true]) {
    const tag = phone ? 'phone' : 'desktop';
    it(`grants a village of another township, which the grantee then edits, and ends it (${tag})`, async () => {
      const adminLogin = h.account('county_admin');
      const officer = h.account('township_officer');
      await endOfficerGrants();
      const lastDay = chinaDay(29);
      const address = `受托修改的地址（${tag}）`;

      // the administrator gives the officer a write grant on the village for 30 days
      const admin = await h.signedInAt(adminLogin, '/', { phone });
      await new AppShell(admin).go('账号管理');
      const drawer = new GrantsDrawerModel(admin);
      await drawer.open(officer.username);
      await drawer.add({
        org: target.code,
        actions: ['修改组织和党员信息'],
        validTo: chinaDay(30),
        note: '联系薄弱村',
      });
      const granted = drawer.item(target.name);
      await granted.getByText('有效').waitFor();
      expect(await granted.textContent()).toContain('修改组织和党员信息');
      expect(await granted.textContent()).toContain(`${chinaDay(30)} 止`);
      if (phone) expect(await sidewaysOverflow(admin)).toEqual([]);
      await h.shot(admin, `grants-${tag}-01-granted`);

      // the officer signs in: its township, and the village as a root of its own, marked with the last day
      const page = await h.newPage({ phone });
      await signInUi(page, h.url, officer.username, officer.password);
      const org = new OrgPageModel(page);
      await org.openFromHome(h.url, officer.orgCode!);
      await org.waitFor(officer.orgName!);
      await openTree(page, phone);
      // the granted roots come after the account's own (expanded) tree: scroll the tree's list to its end
      await page.getByRole('treeitem').first().waitFor();
      const root = page.locator('.jc-tree-granted-root');
      expect(await scrollTreeUntil(page, root)).toEqual([target.name, `受托联系 · 至 ${lastDay}`]);
      // the search box finds the village, and not its sibling
      const search = page.getByRole('combobox', { name: '搜索党组织' });
      await search.fill(target.sibCode);
      await page.getByText('没有找到匹配的党组织').waitFor();
      await search.fill(target.code);
      const option = page
        .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)')
        .getByText(target.name);
      await option.first().waitFor();
      if (phone) expect(await sidewaysOverflow(page)).toEqual([]);
      await h.shot(page, `grants-${tag}-02-grantee-tree`);
      // picking it opens the village's page. Once, in CI at load ~4, the list had closed by now (the option shown,
      // then gone for a minute; not reproduced on a quiet machine): a person clicks into the box again to reopen it
      for (let attempt = 1; ; attempt++) {
        try {
          await option.first().click({ timeout: 15_000 });
          break;
        } catch (e) {
          if (attempt === 3) throw e;
          await search.click();
          if ((await search.inputValue()) !== target.code) await search.fill(target.code);
        }
      }
      await org.waitFor(target.name);
      // a branch: its statistics and its tabs (no 下级组织)
      await org.stats().locator('.ant-statistic').first().waitFor();
      await page.getByRole('tab').first().waitFor();
      if (phone) expect(await sidewaysOverflow(page)).toEqual([]);
      await h.shot(page, `grants-${tag}-03-granted-village`);

      // it edits the village
      await org.toolbar().getByRole('button', { name: '编辑' }).click();
      await page.getByRole('heading', { level: 3, name: /编辑党组织/ }).waitFor();
      await page.getByLabel('地址', { exact: true }).fill(address);
      await page.getByRole('button', { name: '保存' }).click();
      await page.getByText('已保存').first().waitFor();
      await org.waitFor(target.name);
      const check = await h.api('county_admin');
      expect((await check.get<{ address: string }>(`/orgs/${target.code}`)).address).toBe(address);
      // and may change a member's record there (decided on the member's org, not by the role)
      const member = new MemberPageModel(page);
      await member.open(h.url, memberId);
      await member.toolbar().getByRole('button', { name: '编辑' }).waitFor();
      if (phone) expect(await sidewaysOverflow(page)).toEqual([]);
      await h.shot(page, `grants-${tag}-04-granted-member`);

      // the sibling village lies outside its binding and its grant: it looks missing, nothing to edit
      await page.goto(`${h.url}/orgs/${target.sibCode}`);
      await page.getByText(/没有找到组织编码为 .* 的党组织，或您无权查看/).waitFor();
      expect(await page.getByRole('toolbar', { name: '党组织操作' }).count()).toBe(0);
      await page.goto(`${h.url}/orgs/${target.sibCode}/edit`);
      await page.getByText(/没有找到组织编码为 .* 的党组织，或您无权查看/).waitFor();
      expect(await page.getByRole('button', { name: '保存' }).count()).toBe(0);
      await h.shot(page, `grants-${tag}-05-sibling`);

      // the administrator ends the grant (it began today, so it never held: it is gone)
      await drawer.end(target.name);
      await granted.getByText('已结束').waitFor();
      await h.shot(admin, `grants-${tag}-06-ended`);
      await admin.context().close();

      // the officer's tree has its township alone again; the village looks missing
      await page.goto(`${h.url}/orgs/${officer.orgCode}`);
      await org.waitFor(officer.orgName!);
      await openTree(page, phone);
      await page.getByRole('treeitem').first().waitFor();
      expect(await page.locator('.jc-tree-granted-root').count()).toBe(0);
      await page.goto(`${h.url}/orgs/${target.code}`);
      await page.getByText(/没有找到组织编码为 .* 的党组织，或您无权查看/).waitFor();
      await h.shot(page, `grants-${tag}-07-after-end`);
      await page.context().close();
    });
  }

  for (const phone of [false, true]) {
    const tag = phone ? 'phone' : 'desktop';
    it(`grants one transfer to handle, listed by what its letter says, and ends it (${tag})`, async () => {
      const adminLogin = h.account('county_admin');
      const officer = h.account('township_officer');
      // a transfer between two orgs outside the officer's township (one with an end there needs no grant, and the
      // server says so), started by the system as a township would
      const [town] = await h.db.query<{ path: string }>('SELECT path FROM org WHERE code = $1', [
        officer.orgCode,
      ]);
      const [m] = await h.db.query<{ id: number; name: string; orgId: number }>(
        `SELECT m.id, p.name, m.org_id AS "orgId" FROM member m JOIN person p ON p.id = m.person_id
          JOIN org o ON o.id = m.org_id
        WHERE o.path NOT LIKE $1 || '%' AND m.status = 'full'
          AND NOT EXISTS (SELECT 1 FROM transfer t WHERE t.member_id = m.id)
          AND NOT EXISTS (SELECT 1 FROM app_user u WHERE u.member_id = m.id)
        ORDER BY m.id LIMIT 1`,
        [town!.path],
      );
      const [dest] = await h.db.query<{ code: string }>(
        `SELECT code FROM org WHERE kind = 'branch' AND status = 'active' AND path NOT LIKE $1 || '%' AND id <> $2
        ORDER BY path DESC LIMIT 1`,
        [town!.path, m!.orgId],
      );
      const ctx = {
        db: withAuditSession(h.db, { actorId: null, label: 'system:e2e', ip: null }),
        clock: systemClock,
        actor: { kind: 'system', label: 'e2e' } as const,
        settings: DEFAULT_SETTINGS,
      };
      await startTransfer(ctx, m!.id, { kind: 'internal', toOrgCode: dest!.code });
      const t = { name: m!.name };
      const admin = await h.signedInAt(adminLogin, '/', { phone });
      await new AppShell(admin).go('账号管理');
      const drawer = new GrantsDrawerModel(admin);
      await drawer.open(officer.username);
      const label = await drawer.addTransfer(t!.name, '办理');
      expect(label).toContain(`${t!.name}：`);
      const granted = drawer.item(`组织关系转接：${t!.name}`);
      await granted.getByText('有效', { exact: true }).waitFor();
      expect(await granted.textContent()).not.toContain('null');
      if (phone) expect(await sidewaysOverflow(admin)).toEqual([]);
      await h.shot(admin, `grants-${tag}-08-transfer`);
      await drawer.end(`组织关系转接：${t!.name}`);
      await granted.getByText('已结束').waitFor();
      await admin.context().close();
    });
  }
});
