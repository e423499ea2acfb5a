/**
 * Decision 0039 in the browser. 预警 → 组织树: a township officer sees the township's villages coloured by their worst
 * level and opens one's 健康 tab; on a phone the tree is cards, one level at a time. 分析: hidden from the county
 * administrator until 本县设置 → 预警分析视图 is switched on, then the indicators' distribution by township. 本县设置 →
 * 村级区划名单: the demo's built-in table by township; a file with a bad row is refused with the reason per row, a good
 * one checked then imported; desktop and 390×844.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startHarness, type Harness } from './harness.js';
import { sidewaysOverflow } from './pages/common.js';
import { SettingsPageModel } from './pages/settings.js';
import type { WarningTree } from '../src/shared/warnings.js';

const FIXTURE = join(dirname(fileURLToPath(import.meta.url)), '../test/fixtures/ledger/divisions.xlsx');

let h: Harness;
let dir: string;

beforeAll(async () => {
  h = await startHarness();
  dir = mkdtempSync(join(tmpdir(), 'jiceng-e2e-divisions-'));
});

afterAll(async () => {
  await h?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('预警 tree, analysis view and the county’s division table', () => {
  it('a township officer reads the tree coloured by level, on a desktop and a phone', async () => {
    const officer = h.account('township_officer');
    const api = await h.api('township_officer');
    const tree = await api.get<WarningTree>(`/orgs/${officer.orgCode}/warnings/tree`);
    const village = tree.nodes.find((n) => n.depth === 1 && n.level === 'red');
    expect(village, 'the demo township has a village with a red warning').toBeDefined();

    const page = await h.signedInAt('township_officer', `/warnings?view=tree`);
    const node = page.getByTestId(`tree-node-${village!.code}`);
    await node.waitFor({ timeout: 90_000 });
    await node.getByRole('img', { name: '红色预警' }).waitFor();
    await h.shot(page, 'warning-tree-desktop-01');
    expect(await sidewaysOverflow(page)).toEqual([]);
    await node.getByRole('link', { name: village!.name }).click();
    await page.waitForURL(
      (u) => u.pathname === `/orgs/${village!.code}` && u.searchParams.get('tab') === 'health',
    );
    await page.context().close();

    const phone = await h.signedInAt('township_officer', `/warnings?view=tree`, { phone: true });
    await phone.getByTestId(`tree-card-${officer.orgCode}`).waitFor({ timeout: 90_000 });
    await phone.getByTestId(`tree-card-${village!.code}`).waitFor();
    await h.shot(phone, 'warning-tree-phone-01');
    expect(await sidewaysOverflow(phone)).toEqual([]);
    await phone.context().close();
  });

  it('the analysis view is the county’s, off until the setting is switched on', async () => {
    const page = await h.signedInAt('county_admin', `/warnings`);
    await page
      .getByRole('radiogroup', { name: '视图' })
      .or(page.getByLabel('视图'))
      .first()
      .waitFor({ timeout: 90_000 });
    expect(await page.locator('.ant-segmented-item', { hasText: '分析' }).count()).toBe(0);

    await page.goto(`${h.url}/settings`);
    const settings = new SettingsPageModel(page);
    await settings.waitFor();
    expect(await settings.value('预警分析视图')).toBe('关闭');
    const dialog = await settings.edit('预警分析视图');
    await dialog.getByRole('switch', { name: '预警分析视图' }).click();
    expect(await settings.save(dialog)).toBe(200);
    await dialog.waitFor({ state: 'detached' });
    // the page reads the settings again after the dialog closes: wait for the new value
    await page.getByLabel('预警分析视图的当前值').getByText('开启').waitFor();

    await page.goto(`${h.url}/warnings?view=analysis`);
    await page.getByTestId('warning-analysis').waitFor({ timeout: 90_000 });
    await page.getByText('不排名').first().waitFor();
    await h.shot(page, 'warning-analysis-desktop-01');
    await page.context().close();

    const phone = await h.signedInAt('county_admin', `/warnings?view=analysis`, { phone: true });
    await phone.getByTestId('warning-analysis').waitFor({ timeout: 90_000 });
    await h.shot(phone, 'warning-analysis-phone-01');
    expect(await sidewaysOverflow(phone)).toEqual([]);
    await phone.context().close();
  });

  it('the county administrator uploads its division table: a bad row refuses it, a good one is imported', async () => {
    const page = await h.signedInAt('county_admin', `/settings`);
    const card = page.getByTestId('divisions-card');
    await card.getByText(/现行名单：.*15 个乡镇（街道）/).waitFor({ timeout: 90_000 });
    await card.getByText('温泉镇（421124100）').waitFor();
    await card.scrollIntoViewIfNeeded();
    await h.shot(page, 'divisions-desktop-01-builtin');

    const bad = join(dir, '区划名单-有错.csv');
    writeFileSync(
      bad,
      [
        '统计用区划代码,名称,城乡分类代码,所属乡镇代码',
        '421124100,温泉镇,,',
        '421124100201,莲花村村民委员会,220,421124100',
        '421124109201,无乡镇村村民委员会,220,421124109',
      ].join('\n') + '\n',
    );
    await card.locator('input[type="file"]').setInputFiles(bad);
    await card.getByRole('button', { name: '检查' }).click();
    const result = page.getByTestId('divisions-result');
    await result.getByText('有 1 行有问题，名单未导入').waitFor();
    await result.getByText(/第4行［所属乡镇代码］所属乡镇（街道）421124109 不在本表中/).waitFor();
    expect(await card.getByRole('button', { name: '导入' }).isDisabled()).toBe(true);
    await h.shot(page, 'divisions-desktop-02-refused');

    await card.locator('input[type="file"]').setInputFiles(FIXTURE);
    await card.getByRole('button', { name: '检查' }).click();
    await result.getByText(/^检查通过。共 8 行/).waitFor();
    await card.getByRole('button', { name: '导入' }).click();
    await result.getByText(/^已导入。共 8 行/).waitFor();
    await card.getByText(/现行名单：.*2 个乡镇（街道），6 个村级区划/).waitFor();
    await h.shot(page, 'divisions-desktop-03-imported');
    await page.context().close();

    const phone = await h.signedInAt('county_admin', `/settings`, { phone: true });
    const pcard = phone.getByTestId('divisions-card');
    await pcard.getByText(/现行名单/).waitFor({ timeout: 90_000 });
    await pcard.scrollIntoViewIfNeeded();
    await h.shot(phone, 'divisions-phone-01');
    expect(await sidewaysOverflow(phone)).toEqual([]);
    await phone.context().close();
  });
});
