/**
 * Branch life records in the browser (issue 11, decision 0018): on a phone (390×844) a branch secretary sets up a
 * party group with two members and then records the group's meeting, whose attendance list is the group.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { SCREENSHOTS, startHarness, type Harness } from './harness.js';
import { MeetingsModel } from './pages/meetings.js';
import { chooseOption, openDropdown, sidewaysOverflow } from './pages/common.js';

let h: Harness;
let code = '';

beforeAll(async () => {
  h = await startHarness();
  code = h.account('branch_secretary').orgCode!;
});

afterAll(async () => {
  await h?.close();
});

describe('branch life records', () => {
  it('a secretary sets up a party group on a phone, then records its meeting with the group pre-filled', async () => {
    const a = h.account('branch_secretary');
    // two members on the branch's roster today
    const people = await h.db.query<{ name: string }>(
      `SELECT p.name FROM member_period per JOIN member m ON m.id = per.member_id JOIN person p ON p.id = m.person_id
        JOIN org o ON o.id = per.org_id
       WHERE o.code = $1 AND per.valid_to IS NULL AND per.status IN ('full','probationary')
       ORDER BY m.id LIMIT 2`,
      [code],
    );
    expect(people).toHaveLength(2);
    const page = await h.signedInAt(a, `/orgs/${encodeURIComponent(code)}?tab=groups`, { phone: true });
    await page.getByRole('button', { name: '新建党小组' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('名称').fill('测试党小组');
    for (const p of people) {
      await dialog.getByLabel('党小组成员').click();
      await page.keyboard.type(p.name);
      await chooseOption(page, new RegExp(`^${p.name}`));
    }
    await page.keyboard.press('Escape');
    await h.shot(page, 'groups-phone-01-create');
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    const card = page.locator('.jc-group-card', { hasText: '测试党小组' });
    await card.waitFor();
    for (const p of people) await card.getByText(p.name, { exact: false }).first().waitFor();
    await h.shot(page, 'groups-phone-02-list');
    expect(await sidewaysOverflow(page)).toEqual([]);

    // a group meeting: choosing the group lists its two members
    await page.goto(`${h.url}/orgs/${encodeURIComponent(code)}/meetings/new?kinds=group_meeting`);
    const life = new MeetingsModel(page);
    await page.getByLabel('党小组', { exact: true }).click();
    await openDropdown(page).waitFor();
    await chooseOption(page, /测试党小组/);
    await page.getByText('应到 2 · 实到 2 · 请假 0 · 缺席 0').waitFor();
    expect(await life.attendees().count()).toBe(2);
    await page.getByLabel('会议主题').fill('党小组学习会');
    await h.shot(page, 'groups-phone-03-meeting');
    expect(await sidewaysOverflow(page)).toEqual([]);
    await page.getByRole('button', { name: /保\s*存/ }).click();
    await page.waitForURL((u) => u.pathname === `/orgs/${encodeURIComponent(code)}`);
    const [m] = await h.db.query<{ n: number; grp: string }>(
      `SELECT count(ma.*)::int AS n, g.name AS grp FROM meeting mt JOIN party_group g ON g.id = mt.party_group_id
         JOIN meeting_attendance ma ON ma.meeting_id = mt.id WHERE mt.topic = '党小组学习会' GROUP BY g.name`,
    );
    expect(m).toEqual({ n: 2, grp: '测试党小组' });
    await page.context().close();
  });

  it('on a desktop: a general meeting with a vote judged as it is typed, shown on the meeting', async () => {
    const a = h.account('branch_secretary');
    const page = await h.signedInAt(
      a,
      `/orgs/${encodeURIComponent(code)}/meetings/new?kinds=general_meeting`,
    );
    const life = new MeetingsModel(page);
    await life.attendees().first().waitFor();
    await page.getByLabel('会议主题').fill('党员大会：表决村道修建方案');
    await page.getByRole('button', { name: '添加表决事项' }).click();
    await page.getByLabel('表决事项1', { exact: true }).fill('同意村道修建方案');
    // those entitled: the full members on the roster today
    const note = await page.getByText(/应到会有表决权（正式党员）\d+ 人/).textContent();
    const entitled = Number(/（正式党员）(\d+) 人/.exec(note ?? '')?.[1]);
    expect(entitled).toBeGreaterThan(2);
    const half = Math.floor(entitled / 2);
    await page.getByLabel('表决事项1赞成票数').fill(String(half));
    await page.getByText(`赞成 ${half} 票，未超过应到会有表决权党员 ${entitled} 人的半数，未通过`).waitFor();
    await page.getByLabel('表决事项1赞成票数').fill(String(half + 1));
    await page.getByText(`赞成 ${half + 1} 票，超过应到会有表决权党员 ${entitled} 人的半数，通过`).waitFor();
    await h.shot(page, 'votes-desktop-01-form');
    await page.getByRole('button', { name: /保\s*存/ }).click();
    await page.waitForURL((u) => u.pathname === `/orgs/${encodeURIComponent(code)}`);
    await life.meetings().getByText('党员大会：表决村道修建方案').first().click();
    const drawer = page.locator('.jc-meeting-drawer');
    await drawer.getByRole('list', { name: '表决结果' }).getByText('通过', { exact: true }).waitFor();
    await h.shot(page, 'votes-desktop-02-drawer');
    const [v] = await h.db.query<{ outcome: string; entitled: number }>(
      `SELECT outcome, entitled FROM meeting_vote WHERE subject = '同意村道修建方案'`,
    );
    expect(v).toEqual({ outcome: 'passed', entitled });
    await page.context().close();
  });

  it('on a phone: records a heart talk between the secretary and a member, who leaves the list of those without one', async () => {
    const a = h.account('branch_secretary');
    // this year's talks of the branch are taken away, so that the list of those without one is everyone
    await h.db.query(
      `DELETE FROM heart_talk_party WHERE talk_id IN (SELECT ht.id FROM heart_talk ht JOIN org o ON o.id = ht.org_id WHERE o.code = $1)`,
      [code],
    );
    await h.db.query(`DELETE FROM heart_talk WHERE org_id = (SELECT id FROM org WHERE code = $1)`, [code]);
    const [sec] = await h.db.query<{ name: string }>(
      `SELECT p.name FROM committee_post c JOIN member m ON m.id = c.member_id JOIN person p ON p.id = m.person_id
         JOIN org o ON o.id = c.org_id WHERE o.code = $1 AND c.post = 'secretary' AND c.end_on IS NULL`,
      [code],
    );
    const page = await h.signedInAt(a, `/orgs/${encodeURIComponent(code)}?tab=life`, { phone: true });
    const missing = page.getByLabel('今年还没有与支委谈心谈话的党员');
    await missing.waitFor();
    const names = (await missing.locator('.ant-tag').allTextContents()).map((t) => t.trim());
    const first = names.find((n) => n !== sec!.name)!;
    await page.getByRole('button', { name: '记录谈心谈话' }).click();
    const dialog = page.getByRole('dialog');
    for (const n of [sec!.name, first]) {
      await dialog.getByLabel('谈话人员').click();
      await page.keyboard.type(n);
      await chooseOption(page, new RegExp(`^${n}`));
    }
    await page.keyboard.press('Escape');
    await dialog.getByLabel('谈话要点').fill('谈思想和工作');
    await h.shot(page, 'talks-phone-01-dialog');
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await page.getByText('谈心谈话（', { exact: false }).filter({ hasText: '1 次' }).waitFor();
    expect(await missing.locator('.ant-tag', { hasText: first }).count()).toBe(0);
    await page
      .getByRole('region', { name: '谈心谈话' })
      .screenshot({ path: join(SCREENSHOTS, 'talks-phone-02-section.png') });
    expect(await sidewaysOverflow(page)).toEqual([]);
    await page.context().close();
  });
});
