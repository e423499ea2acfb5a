/**
 * Authorisation as one pure function (decision 0010): `can(actor, action, resource, on)` decides every question of
 * the form "may this account do this to that, on this day". An account holds two kinds of grant:
 * - its **binding** — the role it was opened with, over the subtree of the org it is bound to (a deployment-wide
 *   administrator: everything; a member account: its own record only);
 * - **assignments** — dated grants (`account_grant`) of some actions on one more org and its subtree, or on one case
 *   (a transfer, decision 0034), valid over [validFrom, validTo).
 * The route hook asks `canSomewhere` (may the account ask for this action at all), the use cases ask `can` of each
 * org, member or row they touch, and SQL lists are limited by `scopesFor` — all three read the same grants, so the
 * API, the CLI, imports and exports decide alike. The web is told the outcome (GET /auth/me `capabilities`).
 */
import type { IsoDate } from '../../shared/dates.js';

export const ROLES = [
  { code: 'county_admin', zh: '组织部管理员' },
  { code: 'township_officer', zh: '乡镇（街道）组织委员' },
  { code: 'branch_secretary', zh: '支部书记' },
  { code: 'viewer', zh: '只读（领导查看）' },
  { code: 'member', zh: '党员本人' },
] as const;
export type Role = (typeof ROLES)[number]['code'];

/**
 * What a request may ask for, declared by every route (src/server/access.ts) and decided by `can`.
 */
export const ACTIONS = [
  /** the account's own session: who am I, change my password, sign out */
  'self',
  /** see orgs, rosters, statistics and masked exports (a member: their own record) */
  'read',
  /** see a full ID number, phone or address, or export them (each time logged) */
  'reveal',
  /** change orgs and members */
  'write',
  /** record, correct and delete the meetings an org held (organisational life, decision 0015) */
  'meetings.write',
  /** record dues bases, reliefs, payments and remittances (decision 0020) */
  'dues.write',
  /** record the steps of recruitment cases (发展党员, decision 0025) */
  'recruitment.write',
  /**
   * record screening observations, petition counts and satisfaction surveys of weak-org screening, and plan and
   * follow rectification cases (measures, progress) — a township's work (decision 0033)
   */
  'screening.observe',
  /**
   * the county's decisions on weak orgs: confirm (认定) with types and reason, import the screening ledger, record
   * an acceptance decision (验收), close a case out (销号) — decision 0033
   */
  'screening.decide',
  /** rate the human-rated items of an org's assessment (分类考核, decision 0036) — a township's work */
  'assessment.rate',
  /** assign the assessment category of an org (工商贸易型 …) — the county's decision (decision 0036) */
  'assessment.manage',
  /**
   * draw samples of the records of a subtree to verify on site and record the verification (抽查核实, decision
   * 0038): the county, and a township for its villages — never a branch (it would see what is about to be checked)
   */
  'sampling',
  /**
   * the county's analysis view of the warnings (distributions of the indicators by township, decision 0039): on the
   * deployment, as the settings, and only while the local setting `supervision.analysisView` is on
   */
  'warnings.analysis',
  /** upload a ledger and apply it */
  'import',
  /** open, disable and reset accounts, and grant them assignments */
  'accounts.manage',
  /** browse the audit history */
  'audit.read',
  /** change the county's local settings (on the deployment: a deployment-wide or root-bound administrator) */
  'settings.manage',
  /**
   * map the texts no code table knew to standard categories (the deployment's local synonyms, applied to every
   * member who holds one and to every later import; decision 0013): on the deployment, as the settings
   */
  'classify',
] as const;
export type Action = (typeof ACTIONS)[number];

/**
 * The actions an assignment may carry. Never `self` (every account has it), `accounts.manage`, `settings.manage`
 * or `classify` (an assignment cannot make an administrator). Every grant carries `read`.
 */
export const GRANTABLE_ACTIONS = [
  'read',
  'reveal',
  'write',
  'meetings.write',
  'dues.write',
  'recruitment.write',
  'screening.observe',
  'assessment.rate',
  'import',
  'audit.read',
] as const;
export type GrantableAction = (typeof GRANTABLE_ACTIONS)[number];

const ROLE_ACTIONS: Record<Role, readonly Action[]> = {
  county_admin: ACTIONS,
  township_officer: [
    'self',
    'read',
    'reveal',
    'write',
    'meetings.write',
    'dues.write',
    'recruitment.write',
    'screening.observe',
    'assessment.rate',
    'sampling',
    'import',
    'audit.read',
  ],
  branch_secretary: [
    'self',
    'read',
    'reveal',
    'write',
    'meetings.write',
    'dues.write',
    'recruitment.write',
    'import',
    'audit.read',
  ],
  viewer: ['self', 'read'],
  member: ['self', 'read', 'reveal'],
};

/** The actions a role carries over its binding. */
export function roleActions(role: Role): readonly Action[] {
  return ROLE_ACTIONS[role];
}

/** The kinds of case a grant may be on (decision 0034): one transfer of a member's organisational relation. */
export type CaseKind = 'transfer';

/**
 * What a grant is on: an org and its whole subtree, or one case — a record that is not a subtree (decision 0034: a
 * township officer who reviews another township's transfer).
 */
export type GrantTarget =
  { kind: 'org'; orgId: number; path: string } | { kind: 'case'; caseKind: CaseKind; caseId: number };

/** An assignment as the actor carries it (src/db/repositories/accounts.ts loads those valid today). */
export interface Grant {
  id: number;
  on: GrantTarget;
  actions: readonly GrantableAction[];
  validFrom: IsoDate;
  /** exclusive; null: open-ended */
  validTo: IsoDate | null;
}

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
      /** assignments in force on `day` (loaded when the session is resolved); `can` checks their dates */
      grants: readonly Grant[];
      /** the day the account acts on: the request's date by the clock (grants are judged for it) */
      day: IsoDate;
    };

export const SYSTEM_ACTOR: Actor = { kind: 'system', label: 'cli' };

/**
 * What an action is asked of. Resources that belong to an org say its path; a future resource (a member's dues, a
 * meeting) is a member's or an org's and is decided as one.
 */
export type Resource =
  /** the county as a whole: its settings, a root org to create, accounts of no org */
  | { kind: 'deployment' }
  /** an org and what it records (its members as a list, its statistics, its history) */
  | { kind: 'org'; path: string }
  /** one member's record (`orgPath`: their org today; null for someone in no org) */
  | { kind: 'member'; memberId: number; orgPath: string | null }
  /** an account, by the org it is bound to (null: a deployment-wide account) */
  | { kind: 'account'; orgPath: string | null }
  /**
   * one case (a transfer), asked of as seen from one org it belongs to (a transfer: its sending or its receiving
   * end): the binding decides by that org, a case grant by the case alone
   */
  | { kind: 'case'; caseKind: CaseKind; caseId: number; orgPath: string };

export const deployment: Resource = { kind: 'deployment' };
export const orgResource = (path: string): Resource => ({ kind: 'org', path });
/** One transfer as seen from one of its ends (the org path of the sending or the receiving org). */
export const transferResource = (transferId: number, endPath: string): Resource => ({
  kind: 'case',
  caseKind: 'transfer',
  caseId: transferId,
  orgPath: endPath,
});
export const memberResource = (m: { id: number; orgPath: string | null }): Resource => ({
  kind: 'member',
  memberId: m.id,
  orgPath: m.orgPath,
});

/** A path no org has: the scope of an account that may see no org (a member sees only their own record). */
export const NO_ORGS = '/-/';

const depthOf = (path: string) => path.split('/').filter(Boolean).length;

/** The org path a resource belongs to, or null when it belongs to none. */
function pathOf(r: Resource): string | null {
  switch (r.kind) {
    case 'org':
      return r.path;
    case 'member':
    case 'account':
    case 'case':
      return r.orgPath;
    case 'deployment':
      return null;
  }
}

/** Does the account's binding reach the resource (whatever the action)? */
function bindingCovers(actor: Extract<Actor, { kind: 'user' }>, r: Resource): boolean {
  if (actor.role === 'member')
    return r.kind === 'member' && actor.memberId !== null && r.memberId === actor.memberId;
  const wide = actor.orgId === null;
  if (r.kind === 'deployment') return wide || depthOf(actor.orgPath) === 1;
  const path = pathOf(r);
  if (path === null) return wide;
  return path.startsWith(actor.orgPath);
}

/** Is the grant in force on the date? */
export function grantValidOn(g: Pick<Grant, 'validFrom' | 'validTo'>, on: IsoDate): boolean {
  return g.validFrom <= on && (g.validTo === null || on < g.validTo);
}

/** Does the grant reach the resource (whatever the action)? Never the deployment or an account. */
function grantCovers(g: Grant, r: Resource): boolean {
  if (g.on.kind === 'case')
    return r.kind === 'case' && r.caseKind === g.on.caseKind && r.caseId === g.on.caseId;
  if (r.kind === 'deployment' || r.kind === 'account') return false;
  const path = pathOf(r);
  return path !== null && path.startsWith(g.on.path);
}

/** The actions of a grant: what it names, and `read` always. */
export function grantActions(g: Pick<Grant, 'actions'>): readonly Action[] {
  return g.actions.includes('read') ? g.actions : ['read', ...g.actions];
}

/**
 * THE decision: may the actor perform `action` on `resource` on the date `on` — by default the actor's `day`, the
 * request's date by the clock?
 */
export function can(actor: Actor, action: Action, resource: Resource, on?: IsoDate): boolean {
  if (actor.kind === 'system') return true;
  on ??= actor.day;
  if (ROLE_ACTIONS[actor.role].includes(action) && bindingCovers(actor, resource)) return true;
  return actor.grants.some(
    (g) => grantValidOn(g, on) && grantActions(g).includes(action) && grantCovers(g, resource),
  );
}

/**
 * May the actor ask for this action at all — is there any resource on which `can` could hold on that date? The
 * coarse gate every route passes (src/server/auth.ts); the use case then asks `can` of what it touches.
 */
export function canSomewhere(actor: Actor, action: Action, on?: IsoDate): boolean {
  if (actor.kind === 'system') return true;
  on ??= actor.day;
  if (ROLE_ACTIONS[actor.role].includes(action)) return true;
  return actor.grants.some((g) => grantValidOn(g, on) && grantActions(g).includes(action));
}

/**
 * The org subtrees (path prefixes) where the actor may perform `action` on the date, none inside another — for SQL
 * that lists across orgs (`o.path LIKE ANY(...)`). An org resource at path P is allowed exactly when P starts with
 * one of them (the unit tests check it agrees with `can`). `['/']` for everything, `[]` for no org (a member
 * account, whose own record is decided by `can`).
 */
export function scopesFor(actor: Actor, action: Action, on?: IsoDate): string[] {
  if (actor.kind === 'system') return ['/'];
  on ??= actor.day;
  const out: string[] = [];
  if (actor.role !== 'member' && ROLE_ACTIONS[actor.role].includes(action)) out.push(actor.orgPath);
  for (const g of actor.grants)
    if (g.on.kind === 'org' && grantValidOn(g, on) && grantActions(g).includes(action)) out.push(g.on.path);
  return out.filter((p, i) => !out.some((q, j) => (q !== p && p.startsWith(q)) || (q === p && j < i)));
}

/** Shorthand: may the actor see this org (and so its subtree, and the members in it)? */
export function inScope(actor: Actor, orgPath: string): boolean {
  return can(actor, 'read', orgResource(orgPath));
}

/** Shorthand: may the actor change this org and the records under it? */
export function mayWrite(actor: Actor, orgPath: string): boolean {
  return can(actor, 'write', orgResource(orgPath));
}

/** Shorthand: may the actor see this member's record? */
export function mayReadMember(actor: Actor, m: { id: number; orgPath: string | null }): boolean {
  return can(actor, 'read', memberResource(m));
}

/** Shorthand: may the actor see this member's full ID number, phone and address (each time logged)? */
export function mayRevealSensitive(actor: Actor, m: { id: number; orgPath: string | null }): boolean {
  return can(actor, 'reveal', memberResource(m));
}

/**
 * The account's own subtree by its binding: where its tree and cross-org searches start. Not a permission — a
 * granted org lies outside it; ask `can`, or list with `scopesFor`.
 * @deprecated for scope checks; kept for code written before grants existed (it errs by showing less).
 */
export const scopePath = (actor: Actor): string => homePath(actor);

/** The account's own subtree by its binding (where its tree and searches start), NO_ORGS for a member account. */
export function homePath(actor: Actor): string {
  if (actor.kind === 'system') return '/';
  if (actor.role === 'member') return NO_ORGS;
  return actor.orgPath;
}

export function actorId(actor: Actor): number | null {
  return actor.kind === 'user' ? actor.userId : null;
}
