/**
 * What the menus and buttons may show, from the capabilities the server sent with the session (decision 0010). Pure
 * (no React): the header's menu (`layout/nav.ts`) and its unit test read it under Node.
 */
import type { SessionUser } from '../../shared/schemas.js';
import type { ActionName } from '../../shared/capabilities.js';

/** What the signed-in account may do, for showing or hiding actions (the server checks again). */
export interface Permissions {
  /** create, edit, move, dissolve, elections, member events and records */
  write: boolean;
  /** spreadsheet imports */
  import: boolean;
  /** 查看 the full ID number, phone and address (each time logged) */
  reveal: boolean;
  /** 记录组织生活 (meetings) somewhere */
  meetings: boolean;
  /** 记录党费 somewhere */
  dues: boolean;
  /** browse 操作记录 */
  audit: boolean;
  /** 账号管理 */
  manageUsers: boolean;
  /** 抽查核实 (decision 0038): draw samples and record on-site verification */
  sampling: boolean;
  /** 本县设置 (to read; the settings API says who may change them) */
  settings: boolean;
  /** 归类: map the values no code table knew (an administrator of the whole county) */
  classify: boolean;
  /** a member's own account: only their own record, no org tree */
  selfOnly: boolean;
}

/**
 * What the menus and buttons show, read from the capabilities the server sent with the session (decision 0010):
 * the actions the account may ask for somewhere today. Whether it may on a given org is `canOn`.
 */
export function permissionsOf(user: SessionUser | null): Permissions {
  const may = (a: ActionName) => !!user?.capabilities.actions.includes(a);
  const selfOnly = !!user && !user.capabilities.binding.subtree;
  return {
    write: may('write'),
    meetings: may('meetings.write'),
    dues: may('dues.write'),
    import: may('import'),
    reveal: may('reveal'),
    audit: may('audit.read'),
    manageUsers: may('accounts.manage'),
    settings: !!user && !selfOnly,
    classify: may('classify'),
    sampling: may('sampling'),
    selfOnly,
  };
}
