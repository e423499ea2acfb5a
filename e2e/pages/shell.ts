import type { Locator, Page } from 'playwright-core';

/** The header's menu entries, and the group each sits in on a desktop (decision 0040). */
export const GROUP_OF = {
  预警: '监督',
  软弱涣散排查: '监督',
  分类考核: '监督',
  述职评议: '监督',
  抽查核实: '监督',
  数据导入: '管理',
  账号管理: '管理',
  操作记录: '管理',
  本县设置: '管理',
  归类: '管理',
} as const;
export type NavLabel = keyof typeof GROUP_OF;

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

  /**
   * Scrolls the tree down, as a person would, until the node is drawn: the tree is a virtual list, so a node below
   * its window (a village among a township's sixty orgs) is not in the page until scrolled to.
   */
  async revealTreeItem(name: string): Promise<Locator> {
    const item = this.treeItem(name);
    const holder = this.tree().locator('.ant-tree-list-holder');
    for (let i = 0; i < 60 && (await item.count()) === 0; i++) {
      await holder.evaluate((el) => el.scrollBy(0, 240));
      await this.page.waitForTimeout(50);
    }
    await item.waitFor();
    return item;
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

  /**
   * Opens a menu entry as a person would: its own button, else the group holding it (监督, 管理; on a phone the one
   * 菜单) and then the entry.
   */
  async go(entry: NavLabel): Promise<void> {
    const direct = this.nav().getByRole('button', { name: entry, exact: true });
    const group = this.nav()
      .getByRole('button', { name: GROUP_OF[entry], exact: true })
      .or(this.nav().getByRole('button', { name: '菜单', exact: true }));
    // the header is drawn once the session is read: wait for it before choosing (counting at once after signing in
    // found no entry yet and went for a group the account does not have)
    await direct.or(group).first().waitFor();
    if ((await direct.count()) > 0) {
      await direct.click();
      return;
    }
    await group.first().click();
    await this.page.getByRole('menuitem', { name: entry, exact: true }).click();
  }

  /** Every entry the header offers, its groups opened one by one: `[group, entry]` (a button of its own: `['', entry]`). */
  async entries(): Promise<[string, string][]> {
    const out: [string, string][] = [];
    const buttons = this.nav().getByRole('button');
    for (let i = 0; i < (await buttons.count()); i++) {
      const b = buttons.nth(i);
      const name = (await b.getAttribute('aria-label')) ?? '';
      if ((await b.getAttribute('aria-haspopup')) !== 'menu') {
        out.push(['', name]);
        continue;
      }
      await b.click();
      const menu = this.page.locator('.ant-dropdown:not(.ant-dropdown-hidden)').last();
      await menu.getByRole('menuitem').first().waitFor();
      for (const item of await menu.getByRole('menuitem').all())
        out.push([name, (await item.innerText()).trim()]);
      // the trigger closes its menu again
      await b.click();
      await menu.waitFor({ state: 'hidden' });
    }
    return out;
  }

  async signOut(): Promise<void> {
    await this.account().click();
    await this.page.getByRole('menuitem', { name: '退出登录' }).click();
    await this.page.waitForURL((u) => u.pathname.startsWith('/login'));
  }
}
