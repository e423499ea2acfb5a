/**
 * 软弱涣散排查 and 一村一策 (issue 14 items 3–4, decision 0033): a township officer opens the screening from the
 * menu, sees a village the indicators suggest (red), opens its evidence and records an observation; the county
 * confirms it; the township plans the case with a measure and marks it done; the county records the acceptance and
 * closes the case out (销号). The demo's relapsed case shows how a red indicator during the watch re-opens a warning
 * marked 跟踪期内反弹, on the warnings list, the org's 健康 tab and the case. Desktop and 390×844.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './harness.js';
import { AppShell } from './pages/shell.js';
import { sidewaysOverflow } from './pages/common.js';
import type { CaseList, ScreeningView } from '../src/shared/screening.js';
import type { WarningSummary } from '../src/shared/warnings.js';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});

afterAll(async () => {
  await h?.close();
});

const year = new Date().getFullYear();

describe('软弱涣散排查与一村一策', () => {
  it('a red village is screened, confirmed, rectified, accepted and closed out; a relapse re-opens a warning', async () => {
    const officer = h.account('township_officer');
    const api = await h.api('township_officer');
    const view = await api.get<ScreeningView>(`/orgs/${officer.orgCode}/screening?year=${year}`);
    const target = view.orgs.find((o) => o.suggested.length > 0 && o.confirmed.length === 0);
    expect(target, 'the demo township has a suggested village not confirmed yet').toBeDefined();
    const evidence = target!.suggested[0]!.evidence[0]!;

    // the township officer: the menu, the list, the evidence, an observation
    const page = await h.signedInAt('township_officer', '/');
    await page
      .getByRole('navigation', { name: '主菜单' })
      .getByRole('button', { name: '监督', exact: true })
      .waitFor();
    await new AppShell(page).go('软弱涣散排查');
    await page
      .getByRole('heading', { level: 3, name: `软弱涣散排查 · ${officer.orgName}` })
      .waitFor({ timeout: 90_000 });
    await page.getByText('党内统计：整顿软弱涣散基层党组织情况').waitFor();
    await h.shot(page, 'screening-desktop-01-township');
    expect(await sidewaysOverflow(page)).toEqual([]);
    await page.getByRole('button', { name: `${target!.name} 依据与认定` }).click();
    const drawer = page.locator('.ant-drawer');
    await drawer.getByText(evidence).first().waitFor();
    await drawer
      .getByRole('textbox', { name: '情况说明' })
      .fill('走访发现村党组织书记长期不在村，党员大会无人召集');
    await drawer.getByRole('button', { name: '保存记录' }).click();
    await drawer.getByText('走访发现村党组织书记长期不在村').first().waitFor();
    await h.shot(page, 'screening-desktop-02-evidence');
    // a township officer may not confirm: no confirmation form
    expect(await drawer.getByRole('button', { name: '认定为软弱涣散' }).count()).toBe(0);

    // the county confirms it (the suggested types are ticked already)
    const admin = await h.signedInAt(
      'county_admin',
      `/screening?org=${officer.orgCode}&open=${target!.code}`,
    );
    const adminDrawer = admin.locator('.ant-drawer');
    await adminDrawer.getByText('走访发现村党组织书记长期不在村').first().waitFor({ timeout: 90_000 });
    await adminDrawer
      .getByRole('textbox', { name: '认定理由' })
      .fill('健康指标红色预警，经镇党委走访核实属实');
    await adminDrawer.getByRole('textbox', { name: '主要问题' }).fill('书记长期不在村，组织生活不正常');
    await adminDrawer.getByRole('button', { name: '认定为软弱涣散' }).click();
    await adminDrawer.getByRole('link', { name: '查看整顿方案' }).waitFor();
    await h.shot(admin, 'screening-desktop-03-confirmed');
    await adminDrawer.getByRole('link', { name: '查看整顿方案' }).click();
    await admin.waitForURL((u) => u.pathname.startsWith('/rectification/'));
    const casePath = new URL(admin.url()).pathname;

    // the township plans it: a measure, done, with a progress entry
    await page.goto(`${h.url}${casePath}`);
    await page.getByRole('heading', { level: 3, name: `一村一策 · ${target!.name}` }).waitFor();
    await page.getByRole('button', { name: '添加措施' }).click();
    let dialog = page.getByRole('dialog');
    await dialog.getByRole('textbox', { name: '措施内容' }).fill('镇党委选派书记，配齐村党组织班子');
    await dialog.getByRole('textbox', { name: '责任人' }).fill('镇党委副书记 周强');
    await dialog.getByRole('button', { name: '保存措施' }).click();
    await page.getByRole('button', { name: '镇党委选派书记，配齐村党组织班子 标记完成' }).click();
    await page
      .getByText(/^\d{4}年\d{1,2}月\d{1,2}日完成$/)
      .first()
      .waitFor();
    await page.getByRole('button', { name: '记录进展' }).click();
    dialog = page.getByRole('dialog');
    await dialog.getByRole('textbox', { name: '进展情况' }).fill('新任书记已到岗，召开支部党员大会');
    await dialog.getByRole('button', { name: '保存进展' }).click();
    await page.getByText('新任书记已到岗，召开支部党员大会').waitFor();
    // a township officer neither accepts nor closes out
    expect(await page.getByRole('button', { name: '记录验收' }).count()).toBe(0);
    await h.shot(page, 'screening-desktop-04-case-planned');

    // the county: acceptance (the scheme suggests, people decide), then 销号
    await admin.reload();
    await admin.getByRole('button', { name: '记录验收' }).click();
    dialog = admin.getByRole('dialog');
    await dialog.getByRole('spinbutton', { name: '综合得分' }).fill('86');
    await dialog.getByRole('spinbutton', { name: '民主测评票数' }).fill('30');
    await dialog.getByRole('spinbutton', { name: '不满意票数' }).fill('2');
    await dialog.getByText('按本县验收办法，建议认定为合格').waitFor();
    await dialog.getByRole('radio', { name: '合格', exact: true }).check();
    await dialog.getByRole('textbox', { name: '验收组成员' }).fill('县委组织部 张华、镇党委 马林');
    await h.shot(admin, 'screening-desktop-05-acceptance');
    await dialog.getByRole('button', { name: '保存验收' }).click();
    await admin.getByText('认定合格').waitFor();
    await admin.getByRole('button', { name: /^销\s?号$/ }).click();
    await admin.getByRole('dialog').getByRole('button', { name: '确认销号' }).click();
    await admin.getByText('已销号·跟踪问效').first().waitFor();
    await h.shot(admin, 'screening-desktop-06-closed');
    expect(await sidewaysOverflow(admin)).toEqual([]);

    // the demo's relapsed case: the warning re-opened during the watch is marked as relapse
    const countyApi = await h.api('county_admin');
    const cases = await countyApi.get<CaseList>(`/orgs/${h.demo.rootCode}/rectification`);
    const relapsed = cases.cases.find((c) => c.stage === 'relapsed');
    expect(relapsed, 'the demo has a relapsed case').toBeDefined();
    const summary = await countyApi.get<WarningSummary>(`/orgs/${relapsed!.orgCode}/warnings/summary`);
    const marked = summary.warnings.find((w) => w.relapse?.caseId === relapsed!.id);
    expect(marked?.level).toBe('red');
    await admin.goto(`${h.url}/warnings?org=${relapsed!.orgCode}`);
    await admin
      .getByText(/^跟踪期内反弹/)
      .first()
      .waitFor({ timeout: 90_000 });
    await h.shot(admin, 'screening-desktop-07-relapse-warning');
    await admin.goto(`${h.url}/orgs/${relapsed!.orgCode}?tab=health`);
    await admin.getByRole('list', { name: '软弱涣散整顿' }).waitFor({ timeout: 90_000 });
    await admin
      .locator('.jc-health-item')
      .getByText(/^跟踪期内反弹/)
      .first()
      .click();
    await admin.waitForURL((u) => u.pathname === `/rectification/${relapsed!.id}`);
    await admin.getByText(/^跟踪问效期内反弹/).waitFor();
    await admin.getByText(marked!.evidence[0]!, { exact: false }).first().waitFor();
    await h.shot(admin, 'screening-desktop-08-relapse-case');
    await admin.context().close();

    // the township's home page lists the overdue measures of the demo's planned case
    await page.goto(`${h.url}/home`);
    await page.getByRole('list', { name: '整顿措施逾期' }).waitFor({ timeout: 90_000 });
    await h.shot(page, 'screening-desktop-09-home-todo');
    await page.context().close();

    // a phone: the list as cards, the drawer, the case
    const phone = await h.signedInAt('township_officer', `/screening`, { phone: true });
    await phone.getByText('党内统计：整顿软弱涣散基层党组织情况').waitFor({ timeout: 90_000 });
    await h.shot(phone, 'screening-phone-01');
    expect(await sidewaysOverflow(phone)).toEqual([]);
    await phone.goto(`${h.url}/screening?open=${target!.code}`);
    await phone.locator('.ant-drawer').getByText('走访发现村党组织书记长期不在村').first().waitFor();
    await h.shot(phone, 'screening-phone-02-drawer');
    await phone.goto(`${h.url}${casePath}`);
    await phone.getByText('已销号·跟踪问效').first().waitFor({ timeout: 90_000 });
    await h.shot(phone, 'screening-phone-03-case');
    expect(await sidewaysOverflow(phone)).toEqual([]);
    await phone.context().close();
  }, 600_000);
});
