/**
 * Journey B, importing a member ledger: 数据导入 → 党员 → a CSV with two good rows and two bad ones (wrong ID
 * check digit; unknown org code) → the preview names each bad row, column and problem → 修改文件后重新上传 with
 * the fixed file → 全部无误才导入 → 完成 (新增 2) → the two new members are on the village's roster.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { checkChar } from '../src/shared/id-number.js';
import { startHarness, type Harness } from './harness.js';
import { LoginPage } from './pages/login.js';
import { AppShell } from './pages/shell.js';
import { ImportPageModel } from './pages/import.js';
import { RosterPageModel } from './pages/roster.js';

let h: Harness;
let page: Page;
let dir: string;

beforeAll(async () => {
  h = await startHarness();
  page = await h.newPage();
  dir = mkdtempSync(join(tmpdir(), 'jiceng-e2e-import-'));
});

afterAll(async () => {
  await h?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/**
 * A valid ID number of this county (421124) that nobody in the database has. The sequence keeps the parity of
 * `seq` (odd: male, even: female).
 */
async function freshIdNumber(birth: string, seq: number): Promise<string> {
  for (let s = seq; s < seq + 500; s += 2) {
    const first17 = `421124${birth.replaceAll('-', '')}${String(s).padStart(3, '0')}`;
    const id = first17 + checkChar(first17);
    const taken = await h.db.query('SELECT 1 FROM person WHERE id_number = $1', [id]);
    if (!taken.length) return id;
  }
  throw new Error('no free ID number');
}

function wrongCheckDigit(id: string): string {
  const c = id[17] === '1' ? '2' : '1';
  return id.slice(0, 17) + c;
}

const HEADER = '所在党组织编码,姓名,公民身份号码,性别,民族,学历,人员类别,入党日期,转正日期,联系电话';

describe('member import', () => {
  it('shows every bad row, takes the fixed file all-or-nothing and the members appear on the roster', async () => {
    const [village] = await h.db.query<{ code: string; name: string }>(
      `SELECT code, name FROM org WHERE kind = 'branch' AND sector = 'village' AND status = 'active'
        ORDER BY path LIMIT 1 OFFSET 3`,
    );
    const a = await freshIdNumber('1986-03-14', 101); // odd sequence: male
    const b = await freshIdNumber('1992-11-02', 202); // even sequence: female
    const c = await freshIdNumber('1979-06-30', 301);
    const d = await freshIdNumber('1990-01-08', 402);
    const good = [
      `${village!.code},柯明远,${a},男,汉族,大学本科,正式党员,2012-07-01,2013-07-01,13907130001`,
      `${village!.code},詹秀云,${b},女,汉族,大专,预备党员,2025-06-20,,13907130002`,
    ];
    const bad = [
      `${village!.code},段立新,${wrongCheckDigit(c)},男,汉族,高中,正式党员,2001-07-01,2002-07-01,`,
      `42112499999999,岳红梅,${d},女,汉族,初中,正式党员,2008-07-01,2009-07-01,`,
    ];
    const first = join(dir, '党员台账.csv');
    const fixed = join(dir, '党员台账（已修改）.csv');
    writeFileSync(first, [HEADER, good[0], bad[0], good[1], bad[1]].join('\r\n') + '\r\n', 'utf8');
    writeFileSync(fixed, [HEADER, ...good].join('\r\n') + '\r\n', 'utf8');

    const admin = h.account('county_admin');
    await new LoginPage(page, h.url).open();
    await new LoginPage(page, h.url).signIn(admin.username, admin.password);
    await page.getByRole('heading', { level: 3 }).first().waitFor();

    // 数据导入 → 党员
    const shell = new AppShell(page);
    await shell.go('数据导入');
    const wizard = new ImportPageModel(page);
    await wizard.chooseKind('党员');
    await page.getByText('点击或将党员台账文件拖到此处上传').waitFor();
    await h.shot(page, 'b01-upload');

    // the first file: two good rows (file rows 2 and 4), two bad ones (rows 3 and 5)
    await wizard.upload(first);
    expect(await wizard.counter('将新增')).toBe(2);
    expect(await wizard.counter('有问题')).toBe(2);
    const problems = await wizard.problems();
    expect(problems.map(([row, col]) => [row, col])).toEqual([
      [3, '公民身份号码'],
      [5, '所在党组织编码'],
    ]);
    expect(problems[0]![2]).toMatch(/校验位/);
    expect(problems[1]![2]).toMatch(/党组织|组织编码/);
    // nothing English leaks into the messages
    for (const [, col, msg] of problems) expect(`${col}${msg}`).not.toMatch(/[A-Z]{3,}_/);
    expect(await wizard.button('全部无误才导入').isDisabled()).toBe(true);
    await h.shot(page, 'b02-preview-problems');

    // fix the file and upload it again
    await wizard.button('修改文件后重新上传').click();
    await page.getByText('点击或将党员台账文件拖到此处上传').waitFor();
    await wizard.upload(fixed);
    expect(await wizard.counter('将新增')).toBe(2);
    expect(await wizard.counter('有问题')).toBe(0);
    await page.getByText('所有行检查通过').waitFor();
    await h.shot(page, 'b03-preview-clean');

    await wizard.apply('全部无误才导入');
    await page.getByText('党员数据导入完成').waitFor();
    expect(await page.getByText(/新增 2 行/).textContent()).toMatch(/新增 2 行，更新 0 行/);
    await h.shot(page, 'b04-done');

    // both are on the village's roster now
    await page.goto(`${h.url}/orgs/${village!.code}/members`);
    const roster = new RosterPageModel(page);
    await roster.total();
    await roster.search(a.slice(-6));
    expect(await roster.names()).toEqual(['柯明远']);
    await roster.search(b.slice(-6));
    expect(await roster.names()).toEqual(['詹秀云']);
    await h.shot(page, 'b05-roster');
    const rows = await h.db.query<{ name: string; status: string }>(
      `SELECT p.name, m.status FROM member m JOIN person p ON p.id = m.person_id
        WHERE p.id_number = ANY($1::text[]) ORDER BY p.name`,
      [[a, b, c, d]],
    );
    expect(rows).toEqual([
      { name: '柯明远', status: 'full' },
      { name: '詹秀云', status: 'probationary' },
    ]);
  });
});
