/**
 * Transfers in the browser (issue 13 item 3, decision 0026): a township officer starts the transfer of one of her
 * members to a branch of another township on a desktop; the other township's officer finds it in her inbox on a
 * phone (本月待办's 组织关系 card lists it with the letter's deadline) and accepts it; the member is then hers, and no
 * longer the first township's.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './harness.js';
import { chooseOption, openDropdown, sidewaysOverflow } from './pages/common.js';
import { createUser } from '../src/services/accounts.js';
import { withAuditSession } from '../src/db/client.js';
import { systemClock } from '../src/services/context.js';
import { DEFAULT_SETTINGS } from '../src/policy/settings.js';

let h: Harness;

// seeding the demo county takes minutes on the loaded machine
beforeAll(async () => {
  h = await startHarness();
}, 600_000);

afterAll(async () => {
  await h?.close();
});

describe('transfers between two townships', () => {
  it('one township sends a member, the other accepts on a phone, and the member moves', async () => {
    const a = h.account('township_officer');
    const [townA] = await h.db.query<{ path: string }>('SELECT path FROM org WHERE code = $1', [a.orgCode]);
    // the other township, a branch of it, and an officer account for it
    const [townB] = await h.db.query<{ code: string; path: string; name: string }>(
      `SELECT code, path, name FROM org WHERE kind = 'township_committee' AND code <> $1 AND status = 'active'
        ORDER BY code DESC LIMIT 1`,
      [a.orgCode],
    );
    const [branchB] = await h.db.query<{ code: string; name: string }>(
      `SELECT code, name FROM org WHERE path LIKE $1 || '%' AND kind = 'branch' AND status = 'active'
        ORDER BY path LIMIT 1`,
      [townB!.path],
    );
    const ctx = {
      db: withAuditSession(h.db, { actorId: null, label: 'system:e2e', ip: null }),
      clock: systemClock,
      actor: { kind: 'system', label: 'e2e' } as const,
      settings: DEFAULT_SETTINGS,
    };
    const password = 'Passw0rd-e2e-town2';
    await createUser(ctx, {
      username: 'e2e-town-b',
      displayName: '乙镇组织委员',
      role: 'township_officer',
      orgCode: townB!.code,
      password,
    });
    // a member of the first township with no open transfer and not bound to an account
    const [m] = await h.db.query<{ id: number; name: string }>(
      `SELECT m.id, p.name FROM member m JOIN person p ON p.id = m.person_id JOIN org o ON o.id = m.org_id
        WHERE o.path LIKE $1 || '%' AND m.status = 'full'
          AND NOT EXISTS (SELECT 1 FROM transfer t WHERE t.member_id = m.id)
          AND NOT EXISTS (SELECT 1 FROM app_user u WHERE u.member_id = m.id)
        ORDER BY m.id LIMIT 1`,
      [townA!.path],
    );

    // the sending township starts the transfer on the member page (desktop)
    // the machine is shared and loaded: generous waits
    const desk = await h.signedInAt(a, `/members/${m!.id}`);
    await desk.getByRole('tab', { name: '转接与党籍' }).click();
    await desk.getByRole('button', { name: '发起转接' }).click();
    const dialog = desk.getByRole('dialog');
    await dialog.getByLabel('接收的党组织').click();
    await desk.keyboard.type(branchB!.name);
    await openDropdown(desk).locator('.ant-select-item-option', { hasText: branchB!.name }).first().waitFor();
    await chooseOption(desk, branchB!.name);
    await dialog.getByLabel('介绍信编号').fill('E2E-001');
    await h.shot(desk, 'transfers-desktop-01-start');
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await desk.getByText('已发起转接').waitFor();
    await desk.locator('.jc-lifecycle').getByText('待接收').first().waitFor();
    await desk.goto(`${h.url}/orgs/${encodeURIComponent(a.orgCode!)}?tab=transfers`);
    await desk.locator('.ant-segmented-item', { hasText: '转出' }).click();
    await desk.getByRole('cell', { name: m!.name }).first().waitFor();
    await h.shot(desk, 'transfers-desktop-02-outbox');

    // the receiving township accepts it from its inbox (phone)
    // 本月待办 lists the letter to accept with its deadline, and opens it
    const phone = await h.signedInAt({ username: 'e2e-town-b', password }, '/home', { phone: true });
    const todo = phone.locator('.jc-home-lifecycle');
    await todo.getByText('待本组织接收').first().waitFor();
    await todo.getByRole('link', { name: m!.name }).waitFor();
    expect(await sidewaysOverflow(phone)).toEqual([]);
    await h.shot(phone, 'transfers-phone-00-home-todo');
    await todo.getByRole('link', { name: m!.name }).click();
    await phone.waitForURL(/\/transfers\/\d+$/);
    await phone.getByText(m!.name).first().waitFor();
    await phone.goto(`${h.url}/orgs/${encodeURIComponent(townB!.code)}?tab=transfers`);
    const row = phone.locator('.ant-card, tr', { hasText: m!.name }).first();
    await row.waitFor();
    expect(await sidewaysOverflow(phone)).toEqual([]);
    await h.shot(phone, 'transfers-phone-01-inbox');
    await row.getByRole('button', { name: '接收' }).click();
    const accept = phone.getByRole('dialog');
    await accept.getByText(m!.name, { exact: false }).waitFor();
    await accept.getByRole('button', { name: /确\s*定/ }).click();
    await phone.getByText(`已接收，${m!.name}已编入本组织`).waitFor();
    await phone.locator('.ant-card, tr', { hasText: m!.name }).getByText('已接收').first().waitFor();
    await h.shot(phone, 'transfers-phone-02-accepted');

    // the member is now the receiving township's; the sender no longer reads them
    const b = await (async () => {
      const res = await fetch(`${h.url}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-requested-with': 'jiceng' },
        body: JSON.stringify({ username: 'e2e-town-b', password }),
      });
      return (res.headers.get('set-cookie') ?? '').split(';')[0]!;
    })();
    const detail = await fetch(`${h.url}/api/v1/members/${m!.id}`, { headers: { cookie: b } });
    expect(detail.status).toBe(200);
    expect(((await detail.json()) as { orgCode: string }).orgCode).toBe(branchB!.code);
    const sender = await h.api('township_officer');
    await expect(sender.get(`/members/${m!.id}`)).rejects.toThrow(/404/);
  });
});
