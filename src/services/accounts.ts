/**
 * Accounts and sessions: argon2id password hashes, server-side sessions (the cookie holds a random token, the
 * table its SHA-256), lock-out after repeated failures, administrator-managed accounts within scope.
 */
import { randomBytes } from 'node:crypto';
import { hash as argonHash, verify as argonVerify, type Options as ArgonOptions } from '@node-rs/argon2';
import type { Db } from '../db/client.js';
import { sessionTokenHash, type KeptSession } from './kept.js';
import type { Ctx, Clock } from './context.js';
import { AppError } from '../shared/errors.js';
import type { SessionUser, UserCreate, UserView } from '../shared/schemas.js';
import type { GrantCreate, GrantView } from '../shared/grants.js';
import type { Capabilities } from '../shared/capabilities.js';
import {
  ACTIONS,
  can,
  canSomewhere,
  deployment,
  grantActions,
  homePath,
  orgResource,
  roleActions,
  type Actor,
  type Grant,
} from '../domain/access/policy.js';
import { orgByCode } from '../db/repositories/orgs.js';
import { transferById } from '../db/repositories/lifecycle.js';
import { TRANSFER_GRANT_ACTIONS } from '../shared/grants.js';
import * as repo from '../db/repositories/accounts.js';
import type { GrantRow, UserRow } from '../db/repositories/accounts.js';
import { writeAudit } from './audit.js';
import { allowed, allowedSomewhere } from './access.js';
import type { AccountSettings } from '../policy/settings.js';
import { settingsAt } from '../db/repositories/settings.js';
import type { IsoDate } from '../shared/dates.js';

/** argon2id (algorithm 2) with the OWASP-recommended minimum: 19 MiB, 2 iterations, 1 lane. */
const ARGON: ArgonOptions = {
  algorithm: 2 as ArgonOptions['algorithm'],
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
};

export function hashPassword(p: string): Promise<string> {
  return argonHash(p, ARGON);
}

export function checkPasswordStrength(p: string) {
  if (p.length < 10 || !/[A-Za-z]/.test(p) || !/\d/.test(p)) throw new AppError('PASSWORD_WEAK');
}

/** A random password that passes the strength rule: 16 characters, letters and digits, no look-alikes. */
export function randomPassword(): string {
  const letters = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ';
  const digits = '23456789';
  const all = letters + digits;
  const bytes = randomBytes(16);
  const chars = [...bytes].map((b) => all[b % all.length]!);
  chars[0] = letters[bytes[0]! % letters.length]!;
  chars[1] = digits[bytes[1]! % digits.length]!;
  return chars.join('');
}

const tokenHash = sessionTokenHash;

/** The account as the policy sees it, carrying the grants given (those valid on the day it is resolved). */
export function actorOf(u: UserRow, grants: readonly Grant[], day: IsoDate): Actor {
  return {
    kind: 'user',
    userId: u.id,
    username: u.username,
    role: u.role,
    orgId: u.orgId,
    orgPath: u.orgPath ?? '/',
    memberId: u.memberId,
    grants,
    day,
  };
}

/** The account's actor for the day `on`: its binding and its grants valid that day. */
export async function actorFor(db: Db, u: UserRow, on: IsoDate): Promise<Actor> {
  return actorOf(u, await repo.grantsValidOn(db, u.id, on), on);
}

/** What the web is told the account may do today (decision 0010): the outcome of the policy, not its rules. */
async function capabilitiesOf(db: Db, u: UserRow, actor: Actor, on: IsoDate): Promise<Capabilities> {
  const grants = actor.kind === 'user' ? actor.grants : [];
  const rows = grants.length ? await repo.grantsOf(db, u.id) : [];
  const byId = new Map(rows.map((r) => [r.id, r]));
  return {
    // `classify` and `warnings.analysis` are the deployment's alone (decisions 0013, 0039): told only to an account
    // that may do them, so that an administrator of a township is not shown what its every request would be refused
    actions: ACTIONS.filter((a) =>
      a === 'classify' || a === 'warnings.analysis'
        ? can(actor, a, deployment, on)
        : canSomewhere(actor, a, on),
    ),
    binding: { orgCode: u.orgCode, subtree: u.role !== 'member', actions: [...roleActions(u.role)] },
    transferGrants: grants.flatMap((g) => {
      const r = byId.get(g.id);
      return r && r.transferId !== null
        ? [
            {
              id: g.id,
              transferId: r.transferId,
              name: r.transferName ?? '',
              fromOrgName: r.transferFromOrgName,
              toOrgName: r.transferToOrgName,
              actions: [...grantActions(g)],
              validFrom: g.validFrom,
              validTo: g.validTo,
            },
          ]
        : [];
    }),
    grants: grants.flatMap((g) => {
      const r = byId.get(g.id);
      return r && r.orgCode !== null && r.orgName !== null
        ? [
            {
              id: g.id,
              orgCode: r.orgCode,
              orgName: r.orgName,
              actions: [...grantActions(g)],
              validFrom: g.validFrom,
              validTo: g.validTo,
            },
          ]
        : [];
    }),
  };
}

async function sessionUser(db: Db, u: UserRow, on: IsoDate, actor?: Actor): Promise<SessionUser> {
  const a = actor ?? (await actorFor(db, u, on));
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    role: u.role,
    orgCode: u.orgCode,
    orgName: u.orgName,
    memberId: u.memberId,
    mustChangePassword: u.mustChangePassword,
    capabilities: await capabilitiesOf(db, u, a, on),
  };
}

function isLocked(u: UserRow, clock: Clock): boolean {
  return !!u.lockedUntil && new Date(u.lockedUntil).getTime() > clock.now().getTime();
}

/**
 * An argon2id hash (same parameters as ARGON) of a random password nobody knows: an unknown username is checked
 * against it, so that it costs the same one verification as a real account.
 */
export const DUMMY_PASSWORD_HASH =
  '$argon2id$v=19$m=19456,t=2,p=1$WJGgbGvRR5gBUQiVCOu0GQ$TbHEvFOwwmmab+A3w9nt5NOK6lwtmzR1knhl8IvzBw4';

/** Whether `password` matches `hash`; false for a malformed hash. */
export function verifyPassword(hash: string, password: string): Promise<boolean> {
  return argonVerify(hash, password).catch(() => false);
}

/** Why a sign-in was refused: recorded in the audit log only, never told to the person signing in. */
export type LoginFailure = 'unknown_user' | 'wrong_password' | 'disabled' | 'locked';

/** The one answer to every refused sign-in, whatever the reason (so usernames cannot be told apart). */
export function loginFailedMessage(s: AccountSettings): string {
  return `用户名或密码不正确。连续输错${s.maxFailedLogins}次账号将锁定${s.lockMinutes}分钟；如账号被锁定或停用，请联系管理员。`;
}

export interface LoginResult {
  token: string;
  user: SessionUser;
  expiresAt: Date;
}

export interface LoginDeps {
  db: Db;
  clock: Clock;
  /** the account settings in force today (the server's cached ones); read from the database when omitted */
  accounts?: AccountSettings;
  /** the password check (tests count the calls); verifyPassword by default */
  verify?: (hash: string, password: string) => Promise<boolean>;
}

/**
 * Checks the password and counts the attempt. Every refusal — unknown username, wrong password, disabled or
 * locked account — is the same AUTH_FAILED with the same message, after the same work: one argon2 verification
 * (against a dummy hash for an unknown username) and the same database statements. The audit log keeps the real
 * reason, written as `anonymous` (no one is signed in yet).
 */
export async function login(
  deps: LoginDeps,
  input: { username: string; password: string; ip: string | null },
): Promise<LoginResult> {
  const { db, clock } = deps;
  const verify = deps.verify ?? verifyPassword;
  const settings = deps.accounts ?? (await settingsAt(db, clock.today())).accounts;
  const found = await repo.userByUsername(db, input.username);
  // the hash checked: if the password is changed or reset meanwhile, the count statement sees a wrong password
  const checked = found?.passwordHash ?? DUMMY_PASSWORD_HASH;
  const passwordOk = await verify(checked, input.password);
  const now = clock.now();
  const lockUntil = new Date(now.getTime() + settings.lockMinutes * 60_000);
  const result = await db.transaction(async (tx) => {
    const row = await repo.countAttempt(tx, {
      username: input.username,
      passwordOk,
      checkedHash: checked,
      now,
      maxFailedLogins: settings.maxFailedLogins,
      lockUntil,
    });
    const failure: LoginFailure | null = !found
      ? 'unknown_user'
      : !row
        ? found.disabled
          ? 'disabled'
          : 'locked'
        : row.disabled
          ? 'disabled'
          : !row.passwordOk
            ? 'wrong_password'
            : null;
    if (failure) {
      await writeAudit({ actorId: null, label: 'anonymous', origin: input.ip }, tx, {
        action: 'login_failed',
        entity: 'app_user',
        entityId: found ? String(found.id) : null,
        orgPath: found?.orgPath ?? null,
        memberId: null,
        after: {
          username: input.username,
          reason: failure,
          // locked now (by this attempt or before it)
          locked: failure === 'locked' || (!!row?.lockedUntil && failure === 'wrong_password'),
          ...(row && failure === 'wrong_password' ? { failures: row.failedLogins } : {}),
        },
      });
      return null;
    }
    const u = found!;
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(now.getTime() + settings.sessionHours * 3_600_000);
    await repo.insertSession(tx, { tokenHash: tokenHash(token), userId: u.id, expiresAt, ip: input.ip });
    // expired by the service's clock, the one sessions are judged by (not the database's: tests pin the clock)
    await repo.deleteExpiredSessions(tx, now);
    await writeAudit({ actorId: u.id, label: u.username, origin: input.ip }, tx, {
      action: 'login',
      entity: 'app_user',
      entityId: String(u.id),
      orgPath: u.orgPath,
      memberId: null,
    });
    return { token, user: await sessionUser(tx, u, clock.today()), expiresAt };
  });
  if (!result) throw new AppError('AUTH_FAILED', loginFailedMessage(settings));
  return result;
}

/**
 * The session's account, or null when the token is unknown, expired or the account disabled. The actor carries
 * the account's grants valid today by the clock (decision 0010); `user` says what it may do (its capabilities).
 */
export async function sessionOf(
  db: Db,
  clock: Clock,
  token: string,
): Promise<(KeptSession & { tokenHash: string }) | null> {
  // (the account and its grants in force in one statement: every signed-in request reads them)
  const hash = tokenHash(token);
  const day = clock.today();
  const u = await repo.sessionAccount(db, hash, day);
  const expiresAt = u ? new Date(u.expiresAt).getTime() : 0;
  if (!u || u.disabled || expiresAt <= clock.now().getTime()) return null;
  const actor = actorOf(u, u.grants, day);
  return {
    actor,
    user: await sessionUser(db, u, day, actor),
    // (what a process may keep and a later read check: decision 0055)
    fingerprint: u.fingerprint,
    day,
    expiresAt,
    tokenHash: hash,
  };
}

export async function logout(db: Db, token: string) {
  await repo.deleteSession(db, tokenHash(token));
}

/**
 * Changes the signed-in account's own password and ends its other sessions (a session someone else may hold ends
 * with the old password); `keepSessionToken` is the session that made the change, which stays signed in. Without
 * it, every session of the account ends.
 */
export async function changePassword(
  ctx: Ctx,
  oldPassword: string,
  newPassword: string,
  keepSessionToken: string | null = null,
) {
  if (ctx.actor.kind !== 'user') throw new AppError('UNAUTHENTICATED');
  checkPasswordStrength(newPassword);
  const u = await repo.userById(ctx.db, ctx.actor.userId);
  if (!u || !(await verifyPassword(u.passwordHash, oldPassword)))
    throw new AppError('AUTH_FAILED', '原密码不正确');
  if (oldPassword === newPassword) throw new AppError('PASSWORD_WEAK', '新密码不能与原密码相同');
  const hash = await hashPassword(newPassword);
  await ctx.db.transaction(async (tx) => {
    // only if the password checked is still the current one (not changed or reset meanwhile)
    if (!(await repo.changePasswordHash(tx, u.id, hash, u.passwordHash)))
      throw new AppError('AUTH_FAILED', '原密码不正确');
    await repo.deleteSessionsOf(tx, u.id, keepSessionToken === null ? null : tokenHash(keepSessionToken));
    await writeAudit(ctx, tx, {
      action: 'password_changed',
      entity: 'app_user',
      entityId: String(u.id),
      orgPath: u.orgPath,
      memberId: null,
    });
  });
}

function userView(u: UserRow, clock: Clock): UserView {
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    role: u.role,
    orgCode: u.orgCode,
    orgName: u.orgName,
    memberId: u.memberId,
    disabled: u.disabled,
    locked: isLocked(u, clock),
    mustChangePassword: u.mustChangePassword,
    lastLoginAt: u.lastLoginAt,
  };
}

/** May the actor manage accounts bound to this org (null: deployment-wide accounts)? */
function managesAccountsAt(ctx: Ctx, orgPath: string | null): boolean {
  return allowed(ctx, 'accounts.manage', { kind: 'account', orgPath });
}

/** Creates an account; returns the password once when it was generated. */
export async function createUser(
  ctx: Ctx,
  input: UserCreate,
): Promise<{ user: UserView; password: string | null }> {
  return ctx.db.transaction(async (tx) => {
    let orgId: number | null = null;
    let orgPath: string | null = null;
    if (input.orgCode) {
      const o = await orgByCode(tx, input.orgCode, '/');
      // an org the actor may not manage accounts in looks missing
      if (!o || !managesAccountsAt(ctx, o.path)) throw new AppError('ORG_NOT_FOUND');
      orgId = o.id;
      orgPath = o.path;
    } else if (input.role !== 'county_admin') {
      throw new AppError('VALIDATION_FAILED', '除组织部管理员外，账号必须绑定一个党组织');
    }
    if (!managesAccountsAt(ctx, orgPath))
      throw new AppError('FORBIDDEN', '只有组织部管理员可以为其管理范围内的组织开设账号');
    let memberId: number | null = null;
    if (input.role === 'member') {
      if (!input.memberId) throw new AppError('VALIDATION_FAILED', '党员账号必须对应一名党员');
      if (!(await repo.memberUnder(tx, input.memberId, orgPath ?? '/')))
        throw new AppError('MEMBER_NOT_FOUND', '该党员不在所选党组织（含下级）中');
      memberId = input.memberId;
    }
    if (await repo.usernameTaken(tx, input.username)) throw new AppError('USERNAME_TAKEN');
    const password = input.password ?? randomPassword();
    checkPasswordStrength(password);
    const id = await repo.insertUser(tx, {
      username: input.username,
      displayName: input.displayName,
      passwordHash: await hashPassword(password),
      role: input.role,
      orgId,
      memberId,
      mustChangePassword: !input.password && ctx.actor.kind === 'user',
      createdBy: ctx.actor.kind === 'user' ? ctx.actor.userId : null,
    });
    const u = (await repo.userById(tx, id))!;
    return { user: userView(u, ctx.clock), password: input.password ? null : password };
  });
}

/** An account the actor may manage, else USER_NOT_FOUND (one it may not looks missing). */
async function requireManagedUser(ctx: Ctx, db: Db, id: number): Promise<UserRow> {
  const u = await repo.userById(db, id);
  if (!u || !managesAccountsAt(ctx, u.orgPath)) throw new AppError('USER_NOT_FOUND');
  return u;
}

export async function listUsers(ctx: Ctx): Promise<UserView[]> {
  if (!allowedSomewhere(ctx, 'accounts.manage')) throw new AppError('FORBIDDEN');
  // assignments never carry accounts.manage: the accounts one manages are those under one's binding
  const rows = await repo.usersUnder(ctx.db, homePath(ctx.actor));
  return rows.filter((u) => managesAccountsAt(ctx, u.orgPath)).map((u) => userView(u, ctx.clock));
}

export async function setUserDisabled(ctx: Ctx, id: number, disabled: boolean): Promise<UserView> {
  return ctx.db.transaction(async (tx) => {
    const u = await requireManagedUser(ctx, tx, id);
    if (ctx.actor.kind === 'user' && ctx.actor.userId === id)
      throw new AppError('FORBIDDEN', '不能停用自己的账号');
    await repo.setDisabled(tx, id, disabled);
    if (disabled) await repo.deleteSessionsOf(tx, id);
    return userView((await repo.userById(tx, u.id))!, ctx.clock);
  });
}

/** Sets a new random password (shown once), unlocks the account and ends its sessions. */
export async function resetPassword(ctx: Ctx, id: number): Promise<{ user: UserView; password: string }> {
  return ctx.db.transaction(async (tx) => {
    await requireManagedUser(ctx, tx, id);
    const password = randomPassword();
    await repo.resetPasswordHash(tx, id, await hashPassword(password));
    await repo.deleteSessionsOf(tx, id);
    await writeAudit(ctx, tx, {
      action: 'password_reset',
      entity: 'app_user',
      entityId: String(id),
      orgPath: null,
      memberId: null,
    });
    return { user: userView((await repo.userById(tx, id))!, ctx.clock), password };
  });
}

/** On a fresh database: the first, deployment-wide administrator with a random password (printed once). */
export async function ensureFirstAdmin(
  ctx: Pick<Ctx, 'db'>,
): Promise<{ username: string; password: string } | null> {
  if ((await repo.countUsers(ctx.db)) > 0) return null;
  const password = randomPassword();
  const hash = await hashPassword(password);
  await ctx.db.transaction((tx) => repo.insertFirstAdmin(tx, hash));
  return { username: 'admin', password };
}

// ------------------------------------------------------------------------------------------------ grants

function grantView(g: GrantRow, today: IsoDate): GrantView {
  return {
    id: g.id,
    orgCode: g.orgCode,
    orgName: g.orgName,
    transfer:
      g.transferId !== null
        ? {
            id: g.transferId,
            name: g.transferName ?? '',
            fromOrgName: g.transferFromOrgName,
            toOrgName: g.transferToOrgName,
          }
        : null,
    actions: g.actions,
    validFrom: g.validFrom,
    validTo: g.validTo,
    state: today < g.validFrom ? 'future' : g.validTo !== null && today >= g.validTo ? 'ended' : 'current',
    grantedByName: g.grantedByName,
    note: g.note,
    createdAt: g.createdAt,
  };
}

/** The id of an account the actor manages, by its username (the command line names accounts so). */
export async function managedUserId(ctx: Ctx, username: string): Promise<number> {
  const u = await repo.userByUsername(ctx.db, username);
  if (!u || !managesAccountsAt(ctx, u.orgPath)) throw new AppError('USER_NOT_FOUND');
  return u.id;
}

/** The grants by assignment of an account the actor manages, latest first. */
export async function listGrants(ctx: Ctx, userId: number): Promise<GrantView[]> {
  await requireManagedUser(ctx, ctx.db, userId);
  const today = ctx.clock.today();
  return (await repo.grantsOf(ctx.db, userId)).map((g) => grantView(g, today));
}

/**
 * Grants an account the actions on one org and its subtree over [validFrom, validTo) (decision 0010). The account
 * must be one the actor manages and the org one it may manage accounts in (an org outside looks missing: 404);
 * `read` is always part of a grant; a grant may not begin in the past, and one account's grants on one org may not
 * overlap. Audited (the table's trigger).
 */
export async function addGrant(ctx: Ctx, userId: number, input: GrantCreate): Promise<GrantView> {
  if (!input.orgCode === !input.transferId)
    throw new AppError('VALIDATION_FAILED', '请选择授权的党组织，或一项组织关系转接（二者选一）', [
      { path: ['orgCode'], code: 'GRANT_TARGET', message: '请选择授权的党组织或组织关系转接之一' },
    ]);
  if (input.transferId) return addTransferGrant(ctx, userId, input.transferId, input);
  const orgCode = input.orgCode!;
  const today = ctx.clock.today();
  return ctx.db.transaction(async (tx) => {
    const u = await requireManagedUser(ctx, tx, userId);
    if (u.disabled) throw new AppError('VALIDATION_FAILED', '该账号已停用，不能授权');
    const o = await orgByCode(tx, orgCode, '/');
    if (!o || !allowed(ctx, 'accounts.manage', orgResource(o.path)))
      throw new AppError('ORG_NOT_FOUND', `没有找到组织编码为 ${orgCode} 的党组织，或不在您的管理范围内`);
    if (o.status !== 'active') throw new AppError('ORG_DISSOLVED', `党组织 ${o.name} 已撤销，不能授权`);
    const validFrom = input.validFrom ?? today;
    const validTo = input.validTo ?? null;
    if (validFrom < today) throw new AppError('VALIDATION_FAILED', '授权的开始日期不能早于今天');
    if (validTo !== null && validTo <= validFrom)
      throw new AppError('VALIDATION_FAILED', '授权的结束日期须晚于开始日期');
    if (u.role !== 'member' && u.orgPath !== null && o.path.startsWith(u.orgPath)) {
      const more = input.actions.filter((a) => !roleActions(u.role).includes(a));
      if (!more.length)
        throw new AppError(
          'VALIDATION_FAILED',
          '该组织已在这个账号的管理范围内，所选权限其角色已有，无需授权',
        );
    }
    const overlap = await repo.overlappingGrant(tx, { userId, orgId: o.id, validFrom, validTo });
    if (overlap)
      throw new AppError(
        'VALIDATION_FAILED',
        `该账号对 ${o.name} 已有一项授权（${overlap.validFrom} 起${overlap.validTo ? `，至 ${overlap.validTo} 止` : ''}），时间不能重叠；请先结束它`,
      );
    const actions = [...new Set(['read' as const, ...input.actions])];
    const id = await repo.insertGrant(tx, {
      userId,
      orgId: o.id,
      actions,
      validFrom,
      validTo,
      grantedBy: ctx.actor.kind === 'user' ? ctx.actor.userId : null,
      note: input.note?.trim() || null,
    });
    return grantView((await repo.grantById(tx, id))!, today);
  });
}

/** The dates of a new grant, checked: from today at the earliest, ending after it begins. */
function grantDates(today: IsoDate, input: GrantCreate): { validFrom: IsoDate; validTo: IsoDate | null } {
  const validFrom = input.validFrom ?? today;
  const validTo = input.validTo ?? null;
  if (validFrom < today) throw new AppError('VALIDATION_FAILED', '授权的开始日期不能早于今天');
  if (validTo !== null && validTo <= validFrom)
    throw new AppError('VALIDATION_FAILED', '授权的结束日期须晚于开始日期');
  return { validFrom, validTo };
}

/**
 * Grants an account `read` (review) and perhaps `write` (handle it for the receiving end: accept or return) on one
 * transfer, not on a subtree (decision 0034). The administrator manages the account and accounts at one end of the
 * transfer (a transfer it does not see at either end looks missing: 404); an account whose binding already reaches
 * an end with those actions needs no grant.
 */
async function addTransferGrant(
  ctx: Ctx,
  userId: number,
  transferId: number,
  input: GrantCreate,
): Promise<GrantView> {
  const today = ctx.clock.today();
  return ctx.db.transaction(async (tx) => {
    const u = await requireManagedUser(ctx, tx, userId);
    if (u.disabled) throw new AppError('VALIDATION_FAILED', '该账号已停用，不能授权');
    const t = await transferById(tx, transferId);
    const ends = t ? [t.fromOrgPath, t.toOrgPath].filter((p): p is string => p !== null) : [];
    if (!t || !ends.some((p) => allowed(ctx, 'accounts.manage', orgResource(p))))
      throw new AppError('NOT_FOUND', '没有找到该组织关系转接，或不在您的管理范围内');
    const extra = input.actions.filter((a) => !(TRANSFER_GRANT_ACTIONS as readonly string[]).includes(a));
    if (extra.length)
      throw new AppError('VALIDATION_FAILED', '对一项组织关系转接只能授予“查看”和“办理（接收或退回）”', [
        { path: ['actions'], code: 'GRANT_ACTIONS', message: '只能授予查看和办理' },
      ]);
    const { validFrom, validTo } = grantDates(today, input);
    const actions = [...new Set(['read' as const, ...input.actions])];
    if (
      u.role !== 'member' &&
      u.orgPath !== null &&
      ends.some((p) => p.startsWith(u.orgPath!)) &&
      actions.every((a) => roleActions(u.role).includes(a))
    )
      throw new AppError('VALIDATION_FAILED', '该转接的一端已在这个账号的管理范围内，无需授权');
    const overlap = await repo.overlappingGrant(tx, { userId, orgId: null, transferId, validFrom, validTo });
    if (overlap)
      throw new AppError(
        'VALIDATION_FAILED',
        `该账号对这项转接已有一项授权（${overlap.validFrom} 起${overlap.validTo ? `，至 ${overlap.validTo} 止` : ''}），时间不能重叠；请先结束它`,
      );
    const id = await repo.insertGrant(tx, {
      userId,
      orgId: null,
      transferId,
      actions,
      validFrom,
      validTo,
      grantedBy: ctx.actor.kind === 'user' ? ctx.actor.userId : null,
      note: input.note?.trim() || null,
    });
    return grantView((await repo.grantById(tx, id))!, today);
  });
}

/**
 * Ends a grant: from `on` (default today; not in the past, not before it begins) it no longer holds. A grant that
 * has not begun yet and is ended on its first day simply never holds. Audited.
 */
export async function endGrant(
  ctx: Ctx,
  userId: number,
  grantId: number,
  on?: IsoDate | null,
): Promise<GrantView> {
  const today = ctx.clock.today();
  return ctx.db.transaction(async (tx) => {
    const g = await repo.grantById(tx, grantId, true);
    if (!g || g.userId !== userId) throw new AppError('NOT_FOUND', '没有找到该授权');
    const u = await repo.userById(tx, g.userId);
    const at = [g.orgPath, g.transferFromOrgPath, g.transferToOrgPath].filter((p): p is string => p !== null);
    if (
      !u ||
      !managesAccountsAt(ctx, u.orgPath) ||
      !at.some((p) => allowed(ctx, 'accounts.manage', orgResource(p)))
    )
      throw new AppError('NOT_FOUND', '没有找到该授权');
    const end = on ?? today;
    if (g.validTo !== null && g.validTo <= today) throw new AppError('VALIDATION_FAILED', '该授权已经结束');
    if (end < today) throw new AppError('VALIDATION_FAILED', '结束日期不能早于今天');
    if (end < g.validFrom) throw new AppError('VALIDATION_FAILED', '结束日期不能早于授权的开始日期');
    if (g.validTo !== null && end >= g.validTo)
      throw new AppError('VALIDATION_FAILED', `该授权本就在 ${g.validTo} 结束`);
    if (end === g.validFrom) {
      // ends before it ever held: the interval [from, from) is empty, so the row goes (the audit keeps it)
      await repo.deleteGrant(tx, g.id);
      return grantView({ ...g, validTo: end }, today);
    }
    await repo.endGrant(tx, g.id, end);
    return grantView((await repo.grantById(tx, g.id))!, today);
  });
}
