/** The header's menu per role (issue 10): grouped, from the session's capabilities; a secretary's and a member's short. */
import { describe, expect, it } from 'vitest';
import { roleActions, type Role } from '../../src/domain/access/policy.js';
import type { SessionUser } from '../../src/shared/schemas.js';
import { permissionsOf } from '../../src/web/auth/permissions.js';
import { isHere, navGroups, phoneNav, type NavGroup } from '../../src/web/layout/nav.js';

function session(role: Role, orgCode: string | null): SessionUser {
  const member = role === 'member';
  const actions = [...roleActions(role)];
  return {
    id: 1,
    username: role,
    displayName: role,
    role,
    orgCode,
    orgName: orgCode,
    memberId: member ? 7 : null,
    mustChangePassword: false,
    capabilities: {
      actions,
      binding: { orgCode, subtree: !member, actions },
      grants: [],
      transferGrants: [],
    },
  };
}

const menu = (groups: NavGroup[]) =>
  groups.map((g) => `${g.label}: ${g.entries.map((e) => e.label).join(' ')}`);
const of = (role: Role, org: string | null) => {
  const user = session(role, org);
  return navGroups(user, permissionsOf(user));
};

describe('the header menu', () => {
  it('groups a county administrator’s entries: three on the bar', () => {
    expect(menu(of('county_admin', '001'))).toEqual([
      '组织生活: 组织生活',
      '监督: 预警 软弱涣散排查 分类考核 述职评议 抽查核实',
      '管理: 数据导入 账号管理 操作记录 本县设置 归类',
    ]);
  });

  it('gives a township officer its month, the supervision views and the tools it may use', () => {
    expect(menu(of('township_officer', '001002'))).toEqual([
      '本月待办: 本月待办',
      '组织生活: 组织生活',
      '党费: 党费',
      '监督: 预警 软弱涣散排查 分类考核 述职评议 抽查核实',
      '管理: 数据导入 操作记录 本县设置',
    ]);
  });

  it('keeps a branch secretary’s and a member’s menus short', () => {
    expect(menu(of('branch_secretary', '001002003'))).toEqual([
      '本月待办: 本月待办',
      '党费: 党费',
      '管理: 数据导入 操作记录 本县设置',
    ]);
    const member = of('member', null);
    expect(menu(member)).toEqual(['我的党费: 我的党费']);
    expect(member[0]!.entries[0]!.to).toBe('/members/7?tab=dues');
  });

  it('shows a viewer what it may read, nothing it may not', () => {
    expect(menu(of('viewer', '001'))).toEqual([
      '组织生活: 组织生活',
      '监督: 预警 软弱涣散排查 分类考核 述职评议',
      '管理: 本县设置',
    ]);
  });

  it('on a phone keeps 本月待办 and 党费 as icons and puts the rest in one menu', () => {
    const p = phoneNav(of('township_officer', '001002'));
    expect(p.direct.map((e) => e.label)).toEqual(['本月待办', '党费']);
    expect(p.menu.map((g) => g.label)).toEqual(['组织生活', '监督', '管理']);
    // one entry left over is an icon of its own, not a menu of one
    expect(phoneNav(of('member', null))).toEqual({ direct: of('member', null)[0]!.entries, menu: [] });
  });

  it('marks the entry of the page shown', () => {
    const at = (pathname: string, search = '') => ({ pathname, search });
    expect(isHere(at('/orgs/001/reviews'), '/reviews')).toBe(true);
    expect(isHere(at('/orgs/001/reviews/2026/001002'), '/reviews')).toBe(true);
    expect(isHere(at('/orgs/001'), '/reviews')).toBe(false);
    expect(isHere(at('/sampling/3'), '/sampling')).toBe(true);
    expect(isHere(at('/samplingx'), '/sampling')).toBe(false);
    expect(isHere(at('/orgs/001', '?tab=dues'), '/orgs/001?tab=dues')).toBe(true);
    expect(isHere(at('/orgs/001'), '/orgs/001?tab=dues')).toBe(false);
  });
});
