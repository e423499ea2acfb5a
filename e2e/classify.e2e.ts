/**
 * Values the code tables do not know (issue 9 #3, decision 0013), at 1440×900 and at 390×844: the county
 * administrator imports a member ledger whose 工作岗位 column has a wording no table knows (and a variant the
 * synonyms know); the wizard imports every row and names the unknown wording once, as a warning (未归类); the
 * village's statistics count those members as 未归类; 去归类 opens the mapping screen, where the wording is mapped to
 * 农牧渔民; the members are reclassified at once and the village's statistics change.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { checkChar } from '../src/shared/id-number.js';
import type { Stats } from '../src/shared/schemas.js';
import { startHarness, type ApiSession, type Harness } from './harness.js';
import { LoginPage } from './pages/login.js';
import { ImportPageModel } from './pages/import.js';
import { sidewaysOverflow } from './pages/common.js';

let h: Harness;
let dir: string;
let api: ApiSession;

beforeAll(async () => {
  h = await startHarness();
  api = await h.api('county_admin');
  dir = mkdtempSync(join(tmpdir(), 'jiceng-e2e-classify-'));
});

afterAll(async () => {
  await h?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** A valid ID number of this county (421124) that nobody in the database has. */
async function freshIdNumber(birth: string, seq: number): Promise<string> {
  for (let s = seq; s < seq + 500; s += 2) {
    const first17 = `421124${birth.replaceAll('-', '')}${String(s).padStart(3, '0')}`;
    const id = first17 + checkChar(first17);
    const taken = await h.db.query('SELECT 1 FROM person WHERE id_number = $1', [id]);
    if (!taken.length) return id;
  }
  throw new Error('no free ID number');
}

const HEADER = '所在党组织编码,姓名,公民身份号码,民族,学历,工作岗位,人员类别,入党日期,转正日期';

async function journey(page: Page, phone: boolean, villageOffset: number, wording: string) {
  const tag = phone ? 'phone' : 'desktop';
  const [village] = await h.db.query<{ code: string; name: string }>(
    `SELECT code, name FROM org WHERE kind = 'branch' AND sector = 'village' AND status = 'active'
      ORDER BY path LIMIT 1 OFFSET ${villageOffset}`,
  );
  const v = village!;
  const ids = [
    await freshIdNumber('1968-04-11', 101 + villageOffset * 10),
    await freshIdNumber('1975-08-23', 203 + villageOffset * 10),
    await freshIdNumber('1982-12-02', 305 + villageOffset * 10),
  ];
  const file = join(dir, `党员台账-${tag}.csv`);
  writeFileSync(
    file,
    [
      `${v.name}党员花名册`,
      HEADER,
      `${v.code},程守义,${ids[0]},汉族,初中,${wording},正式党员,1995-07-01,1996-07-01`,
      `${v.code},柳春华,${ids[1]},汉,高中,${wording},正式党员,2003-07-01,2004-07-01`,
      `${v.code},肖文博,${ids[2]},汉族,大学,企事业单位管理人员,正式党员,2010-07-01,2011-07-01`,
    ].join('\r\n') + '\r\n',
    'utf8',
  );
  const before = await api.get<Stats>(`/orgs/${encodeURIComponent(v.code)}/stats`);

  const admin = h.account('county_admin');
  await new LoginPage(page, h.url).open();
  await new LoginPage(page, h.url).signIn(admin.username, admin.password);
  await page.getByRole('heading', { level: 3 }).first().waitFor();

  // 数据导入 → 党员 → the file: every row would be imported, the unknown wording named once
  await page.goto(`${h.url}/import`);
  const wizard = new ImportPageModel(page);
  await wizard.chooseKind('党员');
  await wizard.upload(file);
  expect(await wizard.counter('将新增')).toBe(3);
  expect(await wizard.counter('有问题')).toBe(0);
  const warnings = page.getByRole('list', { name: '未归类的写法' });
  await warnings.waitFor();
  expect(await warnings.getByRole('listitem').allTextContents()).toEqual([
    `2 行的工作岗位为“${wording}”，无法对应标准类别（如第 3、4 行）`,
  ]);
  await h.shot(page, `classify-${tag}-01-preview`);
  await wizard.apply('全部无误才导入');
  await page.getByText('党员数据导入完成').waitFor();
  await page.getByRole('list', { name: '未归类的写法' }).waitFor();
  await h.shot(page, `classify-${tag}-02-done`);

  // the village's statistics: the two are counted as 未归类, the variant as 企事业单位、社会组织管理人员
  const imported = await api.get<Stats>(`/orgs/${encodeURIComponent(v.code)}/stats`);
  expect(imported.members.total).toBe(before.members.total + 3);
  expect(imported.occupation.unclassified).toBe(2);
  expect(imported.occupation.manager).toBe((before.occupation.manager ?? 0) + 1);
  await page.goto(`${h.url}/orgs/${encodeURIComponent(v.code)}`);
  const note = page.getByText('2 名党员的职业未归类', { exact: false });
  await note.waitFor();
  await h.shot(page, `classify-${tag}-03-org-unclassified`);
  if (phone) expect(await sidewaysOverflow(page)).toEqual([]);

  // 去归类 → the mapping screen: one sentence for the wording, with its member count
  await page.getByRole('link', { name: '去归类' }).click();
  await page.getByRole('heading', { level: 3, name: '归类' }).waitFor();
  const row = page.locator('.jc-classify-row').filter({ hasText: `“${wording}”` });
  await expect(row.textContent()).resolves.toMatch(
    new RegExp(`2\\s*名党员的职业为“${wording}”，对应标准类别`),
  );
  await h.shot(page, `classify-${tag}-04-mapping`);
  if (phone) expect(await sidewaysOverflow(page)).toEqual([]);
  await row.getByRole('combobox', { name: `${wording}的对应标准类别` }).click();
  await page.locator('.ant-select-dropdown:visible').getByTitle('农牧渔民').click();
  await row.getByRole('button', { name: /归类/ }).click();
  await page.getByText(`已把“${wording}”对应为“农牧渔民”：2 人已归类`, { exact: false }).waitFor();
  await page
    .locator('.jc-classify-row')
    .filter({ hasText: `“${wording}”` })
    .waitFor({ state: 'detached' });
  await page
    .getByRole('cell', { name: `“${wording}”` })
    .or(page.getByText(`“${wording}” → 农牧渔民`))
    .first()
    .waitFor();
  await h.shot(page, `classify-${tag}-05-mapped`);

  // the members are reclassified, and the village's statistics changed
  const mapped = await api.get<Stats>(`/orgs/${encodeURIComponent(v.code)}/stats`);
  expect(mapped.occupation.unclassified).toBeUndefined();
  expect(mapped.occupation.farmer).toBe((imported.occupation.farmer ?? 0) + 2);
  const holders = await h.db.query<{ occupation: string | null; occupation_raw: string | null }>(
    'SELECT occupation, occupation_raw FROM person WHERE id_number = ANY($1::text[]) ORDER BY id',
    [ids],
  );
  expect(holders).toEqual([
    { occupation: 'farmer', occupation_raw: null },
    { occupation: 'farmer', occupation_raw: null },
    { occupation: 'manager', occupation_raw: null },
  ]);
  await page.goto(`${h.url}/orgs/${encodeURIComponent(v.code)}`);
  await page.getByRole('heading', { level: 3 }).first().waitFor();
  await page.locator('.jc-stat-card').first().waitFor();
  expect(await page.getByText('名党员的职业未归类', { exact: false }).count()).toBe(0);
  await h.shot(page, `classify-${tag}-06-org-mapped`);
}

describe('unclassified values', () => {
  it('imports an unknown occupation with a warning, maps it on the mapping screen, and the statistics change (1440×900)', async () => {
    await journey(await h.newPage(), false, 5, '村组干部');
  });

  it('the same on a phone (390×844)', async () => {
    await journey(await h.newPage({ phone: true }), true, 7, '村干部');
  });
});
