/**
 * The header's menu as data (issue 10): the entries an account sees, from the capabilities the server sent with the
 * session (`permissionsOf`), in groups — 本月待办, 组织生活, 党费, 监督 (预警, 软弱涣散排查, 分类考核, 述职评议,
 * 抽查核实) and 管理 (数据导入, 账号管理, 操作记录, 本县设置, 归类). The layout draws a group of one entry as that entry's
 * button and a larger group as a drop-down; on a phone everything but 本月待办 and 党费 sits in one 菜单. Pure (no
 * React): a unit test reads each role's menu from it.
 */
import type { SessionUser } from '../../shared/schemas.js';
import type { Permissions } from '../auth/permissions.js';
import { HOME_ROLES } from '../auth/paths.js';

export type NavKey =
  | 'home'
  | 'dues'
  | 'compliance'
  | 'warnings'
  | 'screening'
  | 'assessment'
  | 'reviews'
  | 'sampling'
  | 'import'
  | 'users'
  | 'audit'
  | 'settings'
  | 'classify';

export type NavGroupKey = 'home' | 'life' | 'dues' | 'supervision' | 'admin';

export interface NavEntry {
  key: NavKey;
  label: string;
  /** a path, perhaps with `?tab=` */
  to: string;
}

export interface NavGroup {
  key: NavGroupKey;
  label: string;
  entries: NavEntry[];
}

/** The groups with at least one entry the account may use, in the header's order. */
export function navGroups(user: SessionUser | null, perms: Permissions): NavGroup[] {
  if (!user) return [];
  const atHome = HOME_ROLES.includes(user.role) && !!user.orgCode;
  // township and county accounts (and a viewer): the subtree's views; never pushed to a branch (decision 0032)
  const overseer = !perms.selfOnly && user.role !== 'branch_secretary';
  const org = encodeURIComponent(user.orgCode ?? '');
  const groups: { key: NavGroupKey; label: string; entries: (NavEntry & { show: boolean })[] }[] = [
    {
      key: 'home',
      label: '本月待办',
      entries: [{ key: 'home', label: '本月待办', to: '/home', show: atHome }],
    },
    {
      // the heat map of a subtree: for accounts over more than one branch (decision 0024)
      key: 'life',
      label: '组织生活',
      entries: [{ key: 'compliance', label: '组织生活', to: '/compliance', show: overseer }],
    },
    {
      // 党费 (decision 0022): a secretary's or officer's org page on its 党费 tab; a member's own dues
      key: 'dues',
      label: perms.selfOnly ? '我的党费' : '党费',
      entries: [
        perms.selfOnly
          ? {
              key: 'dues',
              label: '我的党费',
              to: `/members/${user.memberId ?? ''}?tab=dues`,
              show: user.memberId != null,
            }
          : { key: 'dues', label: '党费', to: `/orgs/${org}?tab=dues`, show: atHome },
      ],
    },
    {
      key: 'supervision',
      label: '监督',
      entries: [
        // early warnings of a subtree (decision 0032)
        { key: 'warnings', label: '预警', to: '/warnings', show: overseer },
        // weak-org screening and rectification (decision 0033)
        { key: 'screening', label: '软弱涣散排查', to: '/screening', show: overseer },
        // classified assessment (decision 0036)
        { key: 'assessment', label: '分类考核', to: '/assessment', show: overseer },
        // the rounds of the account's committee and of the committees below it (decision 0037)
        { key: 'reviews', label: '述职评议', to: '/reviews', show: overseer },
        // sampling against falsification (decision 0038): whoever may draw
        { key: 'sampling', label: '抽查核实', to: '/sampling', show: perms.sampling },
      ],
    },
    {
      key: 'admin',
      label: '管理',
      entries: [
        { key: 'import', label: '数据导入', to: '/import', show: perms.import },
        { key: 'users', label: '账号管理', to: '/users', show: perms.manageUsers },
        { key: 'audit', label: '操作记录', to: '/audit', show: perms.audit },
        { key: 'settings', label: '本县设置', to: '/settings', show: perms.settings },
        { key: 'classify', label: '归类', to: '/classify', show: perms.classify },
      ],
    },
  ];
  return groups
    .map((g) => ({
      key: g.key,
      label: g.label,
      entries: g.entries.filter((e) => e.show).map(({ key, label, to }) => ({ key, label, to })),
    }))
    .filter((g) => g.entries.length > 0);
}

/** On a phone: 本月待办 and 党费 as icons of their own, the rest in one 菜单 (unless only one entry is left). */
export function phoneNav(groups: NavGroup[]): { direct: NavEntry[]; menu: NavGroup[] } {
  const direct = groups.filter((g) => g.key === 'home' || g.key === 'dues').flatMap((g) => g.entries);
  const menu = groups.filter((g) => g.key !== 'home' && g.key !== 'dues');
  const rest = menu.flatMap((g) => g.entries);
  if (rest.length === 1) return { direct: [...direct, ...rest], menu: [] };
  return { direct, menu };
}

/** Is the menu entry `to` (a path, perhaps with `?tab=`) the page shown? */
export function isHere(location: { pathname: string; search: string }, to: string): boolean {
  const [path = '', query] = to.split('?');
  // 述职评议 opens the committee's round at /orgs/:code/reviews
  if (path === '/reviews') return /^\/orgs\/[^/]+\/reviews(\/|$)/.test(location.pathname);
  if (!query) return location.pathname === path || location.pathname.startsWith(`${path}/`);
  return (
    location.pathname === path &&
    new URLSearchParams(location.search).get('tab') === new URLSearchParams(query).get('tab')
  );
}
