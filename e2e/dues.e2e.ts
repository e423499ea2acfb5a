/**
 * 党费 (issue 12, decision 0022): the secretary of a demo branch that collects monthly, on a phone, goes from 本月待办 to 记录党费, ticks three
 * members (amounts pre-filled with what the month owes), mistypes one amount — the row says why in Chinese and
 * nothing is lost — corrects it and saves; the branch's arrears drop by what was paid. The secretary's 党费 tab on a
 * desktop; the township officer sees the branch's figures in the township's 党费 tab (the same numbers as the API)
 * and no 记录缴费 button there; the demo member sees only their own dues on a phone, paid this month.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInUi, startHarness, type Harness } from './harness.js';
import { sidewaysOverflow } from './pages/common.js';
import { chinaToday } from '../src/shared/dates.js';
import type { DuesStatus, DuesSummary, MemberDues } from '../src/shared/dues.js';

let h: Harness;
const month = chinaToday().slice(0, 7);
let branch = '';
const SECRETARY = { username: 'e2e_dues_secretary', password: 'Passw0rd-dues-12' };
let memberId = 0;
let chosen: { id: number; name: string; due: number }[] = [];
let before = 0;

const yuan = (fen: number) => `¥${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;

beforeAll(async () => {
  h = await startHarness();
  const township = h.account('township_officer').orgCode!;
  // a branch of the demo township that collects month by month (the demo has quarterly ones too), with members
  const [b] = await h.db.query<{ code: string }>(
    `SELECT o.code FROM org o JOIN member m ON m.org_id = o.id
      WHERE o.path LIKE (SELECT path FROM org WHERE code = $1) || '%' AND o.kind = 'branch' AND o.parent_id =
            (SELECT id FROM org WHERE code = $1)
        AND NOT EXISTS (SELECT 1 FROM dues_payment p JOIN member x ON x.id = p.member_id
                         WHERE x.org_id = o.id AND p.from_month <> p.to_month)
      GROUP BY o.code HAVING count(*) >= 12 ORDER BY o.code LIMIT 1`,
    [township],
  );
  branch = b!.code;
  // the journey starts before the branch collected this month: this month's payments of the branch go
  await h.db.query(
    `DELETE FROM dues_payment WHERE from_month >= $2::date
        AND member_id IN (SELECT id FROM member WHERE org_id = (SELECT id FROM org WHERE code = $1))`,
    [branch, `${month}-01`],
  );
  const admin = await h.api('county_admin');
  await admin.post('/users', {
    username: SECRETARY.username,
    displayName: '党费支部书记（测试）',
    role: 'branch_secretary',
    orgCode: branch,
    password: SECRETARY.password,
  });
  const [m] = await h.db.query<{ id: number }>(
    `SELECT m.id FROM app_user u JOIN member m ON m.id = u.member_id WHERE u.username = $1`,
    [h.account('member').username],
  );
  memberId = m!.id;
  const s = await admin.get<DuesStatus>(`/orgs/${branch}/dues?month=${month}`);
  before = s.totals.arrears;
  chosen = s.members
    .filter((x) => x.state === 'unpaid' && x.due && x.id !== memberId)
    .slice(0, 3)
    .map((x) => ({ id: x.id, name: x.name, due: x.due! }));
}, 900_000);

afterAll(async () => {
  await h?.close();
});

describe('党费', () => {
  it('a secretary records a month’s dues for three members on a phone, and the arrears drop', async () => {
    expect(chosen).toHaveLength(3);
    const page = await h.signedInAt(SECRETARY, '/home', { phone: true });
    const card = page.locator('.jc-home-dues');
    await card.waitFor();
    await h.shot(page, 'dues-phone-01-home');
    await card.getByRole('button', { name: /记录缴费/ }).click();
    await page.waitForURL((u) => u.pathname.endsWith('/dues/pay'));
    const list = page.getByRole('list', { name: '未交清的党员' });
    await list.waitFor();
    for (const c of chosen) await page.getByLabel(`${c.name}已交`).check();
    // pre-filled with the month's computed amount
    for (const c of chosen)
      expect(await page.getByLabel(`${c.name}交纳金额（元）`).inputValue()).toBe((c.due / 100).toFixed(2));
    await page.getByText(`合计 ${yuan(chosen.reduce((s, c) => s + c.due, 0))}`).waitFor();
    await h.shot(page, 'dues-phone-02-ticked');
    expect(await sidewaysOverflow(page)).toEqual([]);

    // a mistyped amount: the row says why, the others stay ticked and filled, nothing is written
    const bad = page.getByLabel(`${chosen[1]!.name}交纳金额（元）`);
    await bad.fill('12.345');
    await page.getByRole('button', { name: /保\s*存/ }).click();
    await page.getByRole('alert').filter({ hasText: '金额最多两位小数' }).waitFor();
    await page.getByText('有 1 名党员的金额需要更正').waitFor();
    await h.shot(page, 'dues-phone-03-error');
    expect(await page.getByLabel(`${chosen[0]!.name}已交`).isChecked()).toBe(true);
    expect(await page.getByLabel(`${chosen[2]!.name}交纳金额（元）`).inputValue()).toBe(
      (chosen[2]!.due / 100).toFixed(2),
    );
    const [none] = await h.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM dues_payment WHERE member_id = ANY($1::int[]) AND to_month >= $2::date`,
      [chosen.map((c) => c.id), `${month}-01`],
    );
    expect(none!.n).toBe(0);

    // corrected: a partial payment of half the month
    const half = Math.floor(chosen[1]!.due / 2);
    await bad.fill((half / 100).toFixed(2));
    await page.getByRole('button', { name: /保\s*存/ }).click();
    await page.getByText('已记录 3 笔党费').waitFor();
    const paid = chosen[0]!.due + half + chosen[2]!.due;
    // the branch's arrears drop by what went to the months owed
    await page
      .getByLabel('欠交变化')
      .getByText(yuan(before - paid))
      .waitFor();
    await h.shot(page, 'dues-phone-04-done');
    const rows = await h.db.query<{ member_id: number; amount_fen: number; channel: string }>(
      `SELECT member_id, amount_fen, channel FROM dues_payment
        WHERE member_id = ANY($1::int[]) AND from_month = $2::date ORDER BY member_id`,
      [chosen.map((c) => c.id), `${month}-01`],
    );
    expect(rows.map((r) => [r.member_id, r.amount_fen, r.channel])).toEqual(
      chosen
        .map((c, i) => [c.id, i === 1 ? half : c.due, 'branch'] as const)
        .sort((a, b) => a[0] - b[0])
        .map((x) => [...x]),
    );
    const after = await (await h.api('county_admin')).get<DuesStatus>(`/orgs/${branch}/dues?month=${month}`);
    expect(after.totals.arrears).toBe(before - paid);
    await page.context().close();
  });

  it('the secretary’s 党费 tab on a desktop: the month reconciled to the fen', async () => {
    const page = await h.signedInAt(SECRETARY, '/home');
    await page
      .getByRole('navigation', { name: '主菜单' })
      .getByRole('button', { name: '党费', exact: true })
      .click();
    const rec = page.getByLabel('本月核对');
    await rec.waitFor();
    const s = await (await h.api('county_admin')).get<DuesStatus>(`/orgs/${branch}/dues?month=${month}`);
    expect(await rec.textContent()).toContain(`= 已交 ${yuan(s.totals.paid)}`);
    await page.getByRole('button', { name: '记录缴费' }).first().waitFor();
    await h.shot(page, 'dues-desktop-01-branch');
    expect(await sidewaysOverflow(page)).toEqual([]);
    await page.context().close();
  });

  it('the township officer sees the branch’s figures, and no button to record them', async () => {
    const t = h.account('township_officer');
    const sum = await (
      await h.api('township_officer')
    ).get<DuesSummary>(`/orgs/${t.orgCode}/dues/summary?month=${month}`);
    const line = sum.orgs.find((o) => o.code === branch)!;
    expect(line.paid).toBeGreaterThan(0);
    for (const phone of [false, true]) {
      const page = await h.signedInAt(t, `/orgs/${encodeURIComponent(t.orgCode!)}?tab=dues`, { phone });
      await page.getByLabel('查找组织').fill(line.name);
      const row = page.locator('tr.ant-table-row, li.jc-card').filter({ hasText: line.name }).first();
      await row.waitFor();
      await row.getByText(yuan(line.paid)).first().waitFor();
      await row.getByText(yuan(line.due)).first().waitFor();
      expect(await page.getByRole('button', { name: '记录缴费' }).count()).toBe(0);
      await h.shot(page, phone ? 'dues-phone-05-township' : 'dues-desktop-02-township');
      expect(await sidewaysOverflow(page)).toEqual([]);
      await page.context().close();
    }
  });

  it('the county’s 按党员 list comes page by page from the server, filtered there', async () => {
    const a = h.account('county_admin');
    const api = await h.api('county_admin');
    const all = await api.get<DuesStatus>(`/orgs/${a.orgCode}/dues?month=${month}&limit=50`);
    const short = await api.get<DuesStatus>(
      `/orgs/${a.orgCode}/dues?month=${month}&filter=short&limit=50&offset=50`,
    );
    expect(all.members).toHaveLength(50);
    expect(all.matching).toBe(all.counts.members);
    expect(all.counts.members).toBeGreaterThan(5000);
    expect(short.matching).toBe(all.counts.short);
    expect(short.members.every((m) => m.state === 'partial' || m.state === 'unpaid')).toBe(true);
    const page = await h.signedInAt(a, `/orgs/${encodeURIComponent(a.orgCode!)}?tab=dues`);
    // the whole county's lines never reach the browser: one page of 50 per request
    const pages: number[] = [];
    page.on('response', (r) => {
      if (/\/dues\?/.test(r.url()) && r.request().method() === 'GET')
        void r.json().then(
          (j: DuesStatus) => pages.push(j.members.length),
          () => undefined,
        );
    });
    // (the machine is loaded: the county page draws its 796 orgs first)
    await page.locator('.ant-segmented-item', { hasText: '按党员' }).click({ timeout: 90_000 });
    const owing = page.locator('.ant-segmented-item', { hasText: `本月未交清（${all.counts.short}）` });
    await owing.waitFor({ timeout: 90_000 });
    await page.getByText(all.members[0]!.name).first().waitFor({ timeout: 90_000 });
    await owing.click({ timeout: 90_000 });
    await page.locator('.ant-pagination-item-2').click({ timeout: 90_000 });
    await page.getByText(short.members[0]!.name).first().waitFor({ timeout: 90_000 });
    await h.shot(page, 'dues-desktop-03-county-members');
    expect(pages.length).toBeGreaterThanOrEqual(3);
    expect(Math.max(...pages)).toBeLessThanOrEqual(50);
    await page.context().close();
  });

  it('a member sees their own dues on a phone, and nobody else’s', async () => {
    const m = h.account('member');
    const page = await h.newPage({ phone: true });
    await signInUi(page, h.url, m.username, m.password);
    await page.waitForURL((u) => u.pathname === `/members/${memberId}`);
    await page.getByRole('button', { name: '我的党费' }).click();
    await page.getByText('逐月应交与实交').waitFor();
    const mine = await (await h.api('member')).get<MemberDues>(`/members/${memberId}/dues`);
    const cards = page.locator('.jc-dues-cards').first();
    await cards
      .getByText(mine.arrearsMonths ? `${mine.arrearsMonths}个月 ${yuan(mine.arrears)}` : '无')
      .first()
      .waitFor();
    expect(await page.getByRole('button', { name: '记录缴费' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: '核定基数' }).count()).toBe(0);
    await h.shot(page, 'dues-phone-06-member');
    expect(await sidewaysOverflow(page)).toEqual([]);
    // another member's dues are not shown (the API refuses, the page says so)
    await page.goto(`${h.url}/members/${chosen[0]!.id}?tab=dues`);
    await page
      .getByText(/没有找到|无法访问/)
      .first()
      .waitFor();
    await page.context().close();
  });
});
