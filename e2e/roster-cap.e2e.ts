/**
 * The roster's capped total (decision 0051): a filtered total that the maintained statistics cannot tell (a status
 * with a sex) is counted only up to a cap, and the roster then says "超过 N 名党员" instead of "共 N 名党员". The
 * demo county (~20,000 members) never reaches the deployment's default of 10,000 with such a filter, so this file's
 * server runs with the cap a deployment may set, `JICENG_ROSTER_COUNT_CAP`, at 1,000. The county administrator
 * filters the county's roster to its women who are full members on a desktop (the unfiltered and status-only totals
 * stay exact: the statistics tell them), pages on, and opens the same filtered roster from its address on a phone,
 * where nothing may stick out sideways.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './harness.js';
import { RosterPageModel } from './pages/roster.js';
import { sidewaysOverflow } from './pages/common.js';

const CAP = 1_000;
/** how long a shown total or page may take to follow the answer (a loaded machine) */
const WAIT = { timeout: 30_000 };

let h: Harness;
let county: string;
/** the county's women who are full members, counted in the database */
let women: number;
/** every member on the county's roster, and its full members */
let everyone: number;
let full: number;

beforeAll(async () => {
  h = await startHarness({ config: { JICENG_ROSTER_COUNT_CAP: CAP } });
  county = h.demo.rootCode!;
  const [r] = await h.db.query<{ everyone: number; full: number; women: number }>(
    `SELECT count(*)::int AS everyone, count(*) FILTER (WHERE status = 'full')::int AS full,
            count(*) FILTER (WHERE status = 'full' AND roster_sex = 'female')::int AS women
       FROM member WHERE status IN ('full', 'probationary')`,
  );
  ({ everyone, full, women } = r!);
});

afterAll(async () => {
  await h?.close();
});

const thousands = (n: number) => new Intl.NumberFormat('zh-CN').format(n);

describe('the roster’s capped total', () => {
  it('says 超过 1,000 名党员 for the county’s women who are full members, page after page (desktop)', async () => {
    // the journey's premise: the filter matches more members than the cap
    expect(women).toBeGreaterThan(CAP);
    const page = await h.signedInAt('county_admin', `/orgs/${county}/members`);
    const roster = new RosterPageModel(page);
    await expect
      .poll(async () => (await roster.shownTotal()).text, WAIT)
      .toBe(`共 ${thousands(everyone)} 名党员`);
    // a status alone: the statistics tell the total, exact beyond the cap
    await roster.filter('人员类别', '正式党员');
    await expect
      .poll(async () => (await roster.shownTotal()).text, WAIT)
      .toBe(`共 ${thousands(full)} 名党员`);
    // a status with a sex: counted, and the count stops after the cap
    await roster.filter('性别', '女');
    await expect
      .poll(async () => (await roster.shownTotal()).text, WAIT)
      .toBe(`超过 ${thousands(CAP)} 名党员`);
    const first = await roster.names();
    expect(first).toHaveLength(20);
    await h.shot(page, 'roster-cap-desktop');
    // the next page: other members, still a lower bound
    await page.locator('.ant-pagination').getByTitle('2', { exact: true }).click();
    await page.waitForURL((u) => u.searchParams.get('page') === '2');
    await expect.poll(async () => (await roster.names())[0], WAIT).not.toBe(first[0]);
    const second = await roster.names();
    expect(second.filter((n) => first.includes(n)).length).toBeLessThan(20);
    await expect
      .poll(async () => (await roster.shownTotal()).text, WAIT)
      .toBe(`超过 ${thousands(CAP)} 名党员`);
    // past the cap's last page (51 × 20 rows > 1,000): the pager goes on while pages come back full
    expect(women).toBeGreaterThan(52 * 20);
    await page.goto(`${h.url}/orgs/${county}/members?status=full&sex=female&page=51`);
    await expect.poll(async () => (await roster.names()).length, WAIT).toBe(20);
    const past = await roster.names();
    await page.locator('.ant-pagination').getByTitle('52', { exact: true }).click();
    await page.waitForURL((u) => u.searchParams.get('page') === '52');
    await expect.poll(async () => (await roster.names())[0], WAIT).not.toBe(past[0]);
    expect(await roster.names()).toHaveLength(20);
    await expect
      .poll(async () => (await roster.shownTotal()).text, WAIT)
      .toBe(`超过 ${thousands(CAP)} 名党员`);
    await page.context().close();
  });

  it('says the same on a phone, opened from the filtered roster’s address, and nothing sticks out', async () => {
    const page = await h.signedInAt('county_admin', `/orgs/${county}/members?status=full&sex=female`, {
      phone: true,
    });
    const roster = new RosterPageModel(page);
    await expect
      .poll(async () => (await roster.shownTotal()).text, WAIT)
      .toBe(`超过 ${thousands(CAP)} 名党员`);
    await page.locator('.jc-card').first().waitFor();
    expect(await page.locator('.jc-card').count()).toBe(20);
    await h.shot(page, 'roster-cap-phone');
    expect(await sidewaysOverflow(page)).toEqual([]);
    await page.context().close();
  });
});
