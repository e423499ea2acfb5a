/**
 * Organisational life in the browser (issue 11): a branch secretary records this month's theme day on a phone
 * (390×844) with everyone pre-filled present and two members excused, in under a minute; the 组织生活 tab lists it
 * and this month's theme day now counts as held. On a desktop (1440×900) the secretary records a general meeting
 * that is also a party lecture, with one member absent, and opens it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { SCREENSHOTS, startHarness, type Harness } from './harness.js';
import { MeetingsModel } from './pages/meetings.js';
import { sidewaysOverflow } from './pages/common.js';
import { chinaToday } from '../src/shared/dates.js';

let h: Harness;
let code = '';
/** a member of another branch, away, with the secretary's branch as host (流入党员) */
let visitor = '';

beforeAll(async () => {
  h = await startHarness();
  code = h.account('branch_secretary').orgCode!;
  // the demo's meetings of this month are taken away, so that recording a theme day changes this month's figures
  const month = `${chinaToday().slice(0, 7)}-01`;
  await h.db.query(
    `DELETE FROM meeting_attendance WHERE meeting_id IN
       (SELECT mt.id FROM meeting mt JOIN org o ON o.id = mt.org_id WHERE o.code = $1 AND mt.held_on >= $2)`,
    [code, month],
  );
  await h.db.query(
    `DELETE FROM meeting WHERE org_id = (SELECT id FROM org WHERE code = $1) AND held_on >= $2`,
    [code, month],
  );
  const [away] = await h.db.query<{ id: number; name: string }>(
    `SELECT m.id, p.name FROM member m JOIN person p ON p.id = m.person_id JOIN org o ON o.id = m.org_id
      WHERE o.code <> $1 AND o.kind = 'branch' AND m.status = 'full'
        AND NOT EXISTS (SELECT 1 FROM mobile_registration r WHERE r.member_id = m.id)
      ORDER BY m.id LIMIT 1`,
    [code],
  );
  const admin = await h.api('county_admin');
  await admin.post(`/members/${away!.id}/mobile`, {
    since: new Date(Date.parse(chinaToday()) - 30 * 86_400_000).toISOString().slice(0, 10),
    place: '本镇（务工）',
    hostOrgCode: code,
  });
  visitor = away!.name;
});

afterAll(async () => {
  await h?.close();
});

describe('organisational life', () => {
  it('a branch secretary records a theme day with two excused on a phone in under a minute', async () => {
    const a = h.account('branch_secretary');
    const page = await h.signedInAt(a, `/orgs/${encodeURIComponent(code)}?tab=life`, { phone: true });
    const life = new MeetingsModel(page);
    const before = await life.counts('主题党日');
    await h.shot(page, 'meetings-phone-01-tab');
    expect(await sidewaysOverflow(page)).toEqual([]);

    const started = Date.now();
    await page.getByRole('button', { name: '记录会议' }).first().click();
    await page.getByRole('heading', { level: 3, name: '记录会议' }).waitFor();
    await life.attendees().first().waitFor();
    const expected = await life.attendees().count();
    expect(expected).toBeGreaterThanOrEqual(5);
    await page.getByLabel('会议主题').fill('主题党日：学习党章，重温入党誓词');
    const first = await life.excuse(1, '外出务工');
    const second = await life.excuse(2, '因病');
    await page.getByText(`应到 ${expected} · 实到 ${expected - 2} · 请假 2 · 缺席 0`).waitFor();
    await h.shot(page, 'meetings-phone-02-form');
    expect(await sidewaysOverflow(page)).toEqual([]);
    await page
      .getByRole('button', { name: '保 存' })
      .or(page.getByRole('button', { name: '保存' }))
      .click();
    await page.waitForURL((u) => u.pathname === `/orgs/${encodeURIComponent(code)}`);
    await life.meetings().getByText('主题党日：学习党章，重温入党誓词').first().waitFor();
    const seconds = (Date.now() - started) / 1000;
    expect(seconds).toBeLessThan(60);

    // this month is running: met now, so it counts as expected and held
    const after = await life.counts('主题党日');
    expect(after).toEqual({ held: before.held + 1, expected: before.expected + 1 });
    await h.shot(page, 'meetings-phone-03-after');
    // the tab's two parts up close (the whole page is long on a phone)
    await page
      .getByRole('region', { name: /落实情况/ })
      .screenshot({ path: join(SCREENSHOTS, 'meetings-phone-04-compliance.png') });
    await life.meetings().screenshot({ path: join(SCREENSHOTS, 'meetings-phone-05-list.png') });
    expect(await sidewaysOverflow(page)).toEqual([]);

    const rows = await h.db.query<{ status: string; reason: string | null; name: string }>(
      `SELECT ma.status, ma.reason, p.name FROM meeting mt JOIN meeting_attendance ma ON ma.meeting_id = mt.id
         JOIN member m ON m.id = ma.member_id JOIN person p ON p.id = m.person_id JOIN org o ON o.id = mt.org_id
        WHERE o.code = $1 AND mt.topic = '主题党日：学习党章，重温入党誓词' AND ma.status <> 'present' ORDER BY p.name`,
      [code],
    );
    expect(rows.map((r) => [r.name, r.status, r.reason]).sort()).toEqual(
      [
        [first, 'excused', '外出务工'],
        [second, 'excused', '因病'],
      ].sort(),
    );
    await page.context().close();
  });

  it('on a desktop: a general meeting that is also a party lecture, one member absent, opened from the list', async () => {
    const a = h.account('branch_secretary');
    const page = await h.signedInAt(a, `/orgs/${encodeURIComponent(code)}`);
    await page.getByRole('tab', { name: '组织生活' }).click();
    const life = new MeetingsModel(page);
    await life.counts('支部党员大会');
    await h.shot(page, 'meetings-desktop-01-tab');
    await page
      .getByRole('region', { name: /落实情况/ })
      .getByRole('button', { name: '记录会议' })
      .click();
    await life.attendees().first().waitFor();
    await life.kind('支部党员大会');
    await life.kind('党课');
    await page.getByLabel('授课人').fill('书记');
    await page.getByLabel('会议主题').fill('党员大会：讨论为民办实事项目');
    const row = life.attendees().nth(0);
    await row.locator('.ant-segmented-item').filter({ hasText: '缺席' }).click();
    // a member away from another branch, hosted here, took part: outside the figures, no vote
    const visitors = page.getByRole('group', { name: '流入党员参加情况' });
    await visitors.getByRole('checkbox', { name: new RegExp(`^${visitor}`) }).check();
    await h.shot(page, 'meetings-desktop-02-form');
    await page
      .getByRole('button', { name: '保 存' })
      .or(page.getByRole('button', { name: '保存' }))
      .click();
    await page.waitForURL((u) => u.pathname === `/orgs/${encodeURIComponent(code)}`);
    const listed = life.meetings().getByText('党员大会：讨论为民办实事项目').first();
    await listed.click();
    const drawer = page.locator('.jc-meeting-drawer');
    await drawer.getByText('出席名单').waitFor();
    await drawer.getByText('缺席', { exact: true }).first().waitFor();
    expect(await drawer.getByText('支部党员大会').count()).toBeGreaterThan(0);
    expect(await drawer.getByText(new RegExp(`^${visitor}（`)).count()).toBe(1);
    await h.shot(page, 'meetings-desktop-03-drawer');
    await page.context().close();
  });
});
