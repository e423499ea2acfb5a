import type { Locator, Page } from 'playwright-core';

/** The app chrome: header navigation, the account menu and the org tree on the left. */
export class AppShell {
  constructor(readonly page: Page) {}

  tree(): Locator {
    return this.page.getByRole('tree');
  }

  /** A tree node whose org name starts with `name`. */
  treeItem(name: string): Locator {
    return this.tree()
      .getByRole('treeitem')
      .filter({ has: this.page.locator('.jc-tree-node-name', { hasText: name }) })
      .first();
  }

  /** Opens a node's children (the switcher has no role of its own; it is the node's ▸ / ⊞). */
  async expand(name: string): Promise<void> {
    const item = this.treeItem(name);
    if ((await item.getAttribute('aria-expanded')) === 'true') return;
    await item.locator('.ant-tree-switcher').click();
    await this.page.waitForFunction(
      (el) => el?.getAttribute('aria-expanded') === 'true',
      await item.elementHandle(),
    );
  }

  /** Clicks a node (opens that org's page). */
  async open(name: string): Promise<void> {
    await this.treeItem(name).locator('.jc-tree-node-name').click();
  }

  /** The header's account button: name, role and bound org. */
  account(): Locator {
    return this.page.getByRole('button', { name: /^当前账号/ });
  }

  nav(): Locator {
    return this.page.getByRole('navigation', { name: '主菜单' });
  }

  async go(entry: '数据导入' | '账号管理' | '操作记录' | '本县设置'): Promise<void> {
    await this.nav().getByRole('button', { name: entry }).click();
  }

  async signOut(): Promise<void> {
    await this.account().click();
    await this.page.getByRole('menuitem', { name: '退出登录' }).click();
    await this.page.waitForURL((u) => u.pathname.startsWith('/login'));
  }
}
