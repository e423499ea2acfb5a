/**
 * Authorisation as a pure policy over the org tree: an account may see and change the subtree of the org it is
 * bound to, within what its role allows. Services call these functions, so the API, the CLI, imports and exports
 * enforce the same scope. A member account sees only its own record.
 */
export const ROLES = [
  { code: 'county_admin', zh: '组织部管理员' },
  { code: 'township_officer', zh: '乡镇（街道）组织委员' },
  { code: 'branch_secretary', zh: '支部书记' },
  { code: 'viewer', zh: '只读（领导查看）' },
  { code: 'member', zh: '党员本人' },
] as const;
export type Role = (typeof ROLES)[number]['code'];

export type Actor =
  | { kind: 'system'; label: string }
  | {
      kind: 'user';
      userId: number;
      username: string;
      role: Role;
      /** null: a deployment-wide administrator */
      orgId: number | null;
      orgPath: string;
      memberId: number | null;
    };

export const SYSTEM_ACTOR: Actor = { kind: 'system', label: 'cli' };

/** A path no org has: the scope of an account that may see no org (a member sees only their own record). */
export const NO_ORGS = '/-/';

/** The path prefix of every org the actor may see. */
export function scopePath(actor: Actor): string {
  if (actor.kind === 'system') return '/';
  if (actor.role === 'member') return NO_ORGS;
  return actor.orgPath;
}

export function inScope(actor: Actor, orgPath: string): boolean {
  return orgPath.startsWith(scopePath(actor));
}

/** May change records of orgs and members under this path. */
export function mayWrite(actor: Actor, orgPath: string): boolean {
  if (actor.kind === 'system') return true;
  if (actor.role === 'viewer' || actor.role === 'member') return false;
  return inScope(actor, orgPath);
}

/** May see a member's record (own record for a member account). */
export function mayReadMember(actor: Actor, m: { id: number; orgPath: string }): boolean {
  if (actor.kind === 'user' && actor.role === 'member') return actor.memberId === m.id;
  return inScope(actor, m.orgPath);
}

/** May see full ID numbers, phones and addresses (each time logged). */
export function mayRevealSensitive(actor: Actor, m: { id: number; orgPath: string }): boolean {
  if (actor.kind === 'system') return true;
  if (actor.role === 'viewer') return false;
  return mayReadMember(actor, m);
}

/** May create, disable and reset accounts bound to orgs under this path. */
export function mayManageAccounts(actor: Actor, orgPath: string | null): boolean {
  if (actor.kind === 'system') return true;
  if (actor.role !== 'county_admin') return false;
  if (orgPath === null) return actor.orgId === null;
  return inScope(actor, orgPath);
}

/** May browse the audit history of this subtree. */
export function mayReadAudit(actor: Actor): boolean {
  return mayPerform(actor, 'audit.read');
}

/**
 * What a request may ask for, declared by every route (src/server/access.ts) and decided here, once, before the
 * route runs. Scope (which orgs and members) is then decided by the use case with the functions above.
 */
export const ACTIONS = [
  /** the account's own session: who am I, change my password, sign out */
  'self',
  /** see orgs, rosters, statistics and masked exports within scope (a member: their own record) */
  'read',
  /** see a full ID number, phone or address, or export them (each time logged) */
  'reveal',
  /** change orgs and members within scope */
  'write',
  /** upload a ledger and apply it */
  'import',
  /** open, disable and reset accounts within scope */
  'accounts.manage',
  /** browse the audit history of the subtree */
  'audit.read',
  /** change the county's local settings (mayManageSettings: a deployment-wide or root-bound administrator) */
  'settings.manage',
] as const;
export type Action = (typeof ACTIONS)[number];

const ROLE_ACTIONS: Record<Role, readonly Action[]> = {
  county_admin: ACTIONS,
  township_officer: ['self', 'read', 'reveal', 'write', 'import', 'audit.read'],
  branch_secretary: ['self', 'read', 'reveal', 'write', 'import', 'audit.read'],
  viewer: ['self', 'read'],
  member: ['self', 'read', 'reveal'],
};

/** May the actor ask for this kind of action at all (before scope is looked at)? */
export function mayPerform(actor: Actor, action: Action): boolean {
  if (actor.kind === 'system') return true;
  return ROLE_ACTIONS[actor.role].includes(action);
}

/**
 * May change the local settings: they are the county's, so only an administrator of the whole deployment (no
 * org) or of the root org — not one bound to a township below it.
 */
export function mayManageSettings(actor: Actor): boolean {
  if (actor.kind === 'system') return true;
  if (!mayPerform(actor, 'settings.manage')) return false;
  return actor.orgId === null || actor.orgPath.split('/').filter(Boolean).length === 1;
}

export function actorId(actor: Actor): number | null {
  return actor.kind === 'user' ? actor.userId : null;
}
