/**
 * 抽查核实 (issue 14 part 6, decision 0038): the county draws 10 meetings of last month from the 抽查 page, records
 * one theme day 不属实 on site; the meeting shows the mark in its org's 组织生活 list and the org's compliance now
 * misses that month's theme day. The draw page at 390×844 too. A payment drawn and found 不属实 shows the mark on
 * the member's 党费 tab (phone and desktop) and can no longer be deleted.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startHarness, type Harness } from './harness.js';
import { AppShell } from './pages/shell.js';
import { sidewaysOverflow } from './pages/common.js';
import { addDays, addMonths, chinaToday } from '../src/shared/dates.js';
import type { DrawView } from '../src/shared/sampling.js';
import type { Compliance } from '../src/shared/schemas.js';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});

afterAll(async () => {
  await h?.close();
});

async function countyPage(phone = false): Promise<Page> {
  const a = h.account('county_admin');
  return h.signedInAt(a, '/', { phone });
}

describe('抽查核实', () => {
  it('the county draws 10 meetings, marks one 不属实; the meeting shows it and its org’s compliance changes', async () => {
    const from = addMonths(`${chinaToday().slice(0, 7)}-01`, -1);
    const to = addDays(addMonths(from, 1), -1);
    const month = from.slice(0, 7);
    const api = await h.api('county_admin');
    const page = await countyPage();

    // the page from the header's 监督 menu; the draw form
    await new AppShell(page).go('抽查核实');
    await page.getByRole('heading', { level: 3, name: '抽查核实' }).waitFor({ timeout: 90_000 });
    // the form as the county fills it (again before each draw: the page opens with this year's days)
    const fillForm = async () => {
      await page.getByLabel('期间起').fill(from);
      await page.getByLabel('期间止').fill(to);
      await page.getByLabel('抽取数量').fill('10');
    };
    await fillForm();
    await h.shot(page, 'sampling-desktop-01-form');
    expect(await sidewaysOverflow(page)).toEqual([]);

    // a drawn theme day that is its org's only theme day of the month (so its mark changes the month); the draw
    // is random (weighted): another draw when this one has none — every draw stays on the list
    let draw: DrawView | null = null;
    let target: { id: number; recordId: number; position: number; orgCode: string } | null = null;
    for (let attempt = 0; attempt < 4 && !target; attempt++) {
      if (attempt > 0) {
        await page.goto(`${h.url}/sampling`);
        await page.getByRole('heading', { level: 3, name: '抽查核实' }).waitFor();
        await fillForm();
      }
      await page.getByRole('button', { name: '抽取', exact: true }).click();
      await page.waitForURL(/\/sampling\/\d+$/);
      const drawId = Number(new URL(page.url()).pathname.split('/').pop());
      await page.getByRole('heading', { level: 3, name: new RegExp(`^第${drawId}次抽查`) }).waitFor();
      draw = await api.get<DrawView>(`/samples/${drawId}`);
      // the draw of last month's records (a retry once drew this year's: its theme day of another month was
      // judged against last month, whose theme day was missing all along)
      expect([draw.from, draw.to]).toEqual([from, to]);
      expect(draw.records).toHaveLength(10);
      expect(draw.records.every((r) => r.kind === 'meeting')).toBe(true);
      const ids = draw.records.map((r) => r.recordId);
      const unique = await h.db.query<{ id: number }>(
        `SELECT mt.id FROM meeting mt
          WHERE mt.id = ANY($1::int[]) AND 'theme_day' = ANY(mt.kinds) AND to_char(mt.held_on, 'YYYY-MM') = $2
            AND NOT EXISTS (SELECT 1 FROM meeting o WHERE o.org_id = mt.org_id AND o.id <> mt.id
                             AND 'theme_day' = ANY(o.kinds) AND to_char(o.held_on, 'YYYY-MM') = $2)
          ORDER BY mt.id`,
        [ids, month],
      );
      const hit = draw.records.find((r) => unique.some((u) => u.id === r.recordId));
      if (hit) target = { id: hit.id, recordId: hit.recordId, position: hit.position, orgCode: hit.orgCode };
    }
    expect(target, 'a drawn theme day that is its org’s only one that month').not.toBeNull();
    await h.shot(page, 'sampling-desktop-02-draw');
    expect(await sidewaysOverflow(page)).toEqual([]);

    const themeDayMissing = async () =>
      (
        await api.get<Compliance>(
          `/orgs/${encodeURIComponent(target!.orgCode)}/compliance?from=${from}&to=${to}`,
        )
      ).orgs
        .find((o) => o.code === target!.orgCode)!
        .items.find((i) => i.type === 'theme_day')?.missing ?? [];
    expect(await themeDayMissing()).not.toContain(month);

    // on site: 不属实, with the note
    await page.getByRole('button', { name: `第${target!.position}条核实为不属实` }).click();
    const modal = page.locator('.ant-modal');
    await modal.getByText('不再计入组织生活落实情况').waitFor();
    await modal.getByLabel('核实情况').fill('现场查看签到簿和照片，当天未组织主题党日，记录系事后补写');
    await modal.getByLabel('核实人').fill('县委组织部 王明');
    await modal.getByRole('button', { name: '保存' }).click();
    await modal.waitFor({ state: 'hidden' });
    await page.locator('.jc-verification-tag[data-mark="false"]').first().waitFor();
    await page.getByText('已核实 1 条，不属实 1 条').waitFor();
    await h.shot(page, 'sampling-desktop-03-verified');

    // the org's compliance: the month's theme day is missing now
    expect(await themeDayMissing()).toContain(month);

    // the mark where the meeting is shown: the org's 组织生活 list and the meeting's drawer
    await page.goto(`${h.url}/orgs/${encodeURIComponent(target!.orgCode)}?tab=life`);
    const mark = page.locator('.jc-verification-tag[data-mark="false"]').first();
    await mark.waitFor({ timeout: 60_000 });
    await mark.scrollIntoViewIfNeeded();
    await h.shot(page, 'sampling-desktop-04-org-life');
    await mark.click();
    await page.locator('.ant-drawer').getByText('抽查核实：不属实').waitFor();

    // the draw at 390×844
    const phone = await countyPage(true);
    await phone.goto(`${h.url}/sampling/${draw!.id}`);
    await phone.getByRole('heading', { level: 3, name: new RegExp(`^第${draw!.id}次抽查`) }).waitFor();
    await phone.locator('.jc-verification-tag[data-mark="false"]').first().waitFor();
    await h.shot(phone, 'sampling-phone-01-draw');
    expect(await sidewaysOverflow(phone)).toEqual([]);
    await phone.goto(`${h.url}/sampling`);
    await phone.getByRole('heading', { level: 3, name: '抽查核实' }).waitFor();
    await h.shot(phone, 'sampling-phone-02-list');
    expect(await sidewaysOverflow(phone)).toEqual([]);
  }, 600_000);
  it('a payment found 不属实 shows the mark on the member’s dues tab and stays', async () => {
    const api = await h.api('county_admin');
    // the latest payment of the demo, and its branch: a draw of its branch's payments of that month takes them all
    const [p] = await h.db.query<{ id: number; memberId: number; code: string; paidOn: string }>(
      `SELECT p.id, p.member_id AS "memberId", o.code, p.paid_on::text AS "paidOn"
         FROM dues_payment p JOIN org o ON o.id = p.org_id ORDER BY p.paid_on DESC, p.id LIMIT 1`,
    );
    expect(p, 'a payment in the demo').toBeDefined();
    const d = await api.post<DrawView>('/samples', {
      orgCode: p!.code,
      from: p!.paidOn,
      to: p!.paidOn,
      kinds: ['dues_payment'],
      size: 200,
    });
    const item = d.records.find((r) => r.kind === 'dues_payment' && r.recordId === p!.id);
    expect(item, 'the payment drawn').toBeDefined();
    await api.post(`/samples/items/${item!.id}/verifications`, {
      result: 'false',
      note: '本人称当月未交，收据为事后补开',
      verifier: '县委组织部 王明',
      verifiedOn: chinaToday(),
    });
    for (const phone of [true, false]) {
      const page = await countyPage(phone);
      await page.goto(`${h.url}/members/${p!.memberId}?tab=dues`);
      const mark = page.locator('.jc-verification-tag[data-mark="false"]').first();
      await mark.waitFor({ timeout: 60_000 });
      await mark.scrollIntoViewIfNeeded();
      await h.shot(page, `sampling-${phone ? 'phone' : 'desktop'}-05-member-dues`);
      expect(await sidewaysOverflow(page)).toEqual([]);
      await page.close();
    }
    // a drawn payment is kept with its history
    const del = await api.send('DELETE', `/dues/payments/${p!.id}`);
    expect(del.status).toBe(409);
    expect(del.body).toMatchObject({ error: { code: 'SAMPLING_REFUSED' } });
  }, 300_000);
});
