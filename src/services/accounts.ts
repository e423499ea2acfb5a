/**
 * Accounts and sessions: argon2id password hashes, server-side sessions (the cookie holds a random token, the
 * table its SHA-256), lock-out after repeated failures, administrator-managed accounts within scope.
 */
import { createHash, randomBytes } from 'node:crypto';
import { hash as argonHash, verify as argonVerify, type Options as ArgonOptions } from '@node-rs/argon2';
import type { Db } from '../db/client.js';
import type { Ctx, Clock } from './context.js';
import { AppError } from '../shared/errors.js';
import type { SessionUser, UserCreate, UserView } from '../shared/schemas.js';
import { mayManageAccounts, type Actor, type Role } from '../domain/access/policy.js';
import { orgByCode } from '../db/repositories/orgs.js';
import { scopePath } from '../domain/access/policy.js';
import { writeAudit } from './audit.js';
import type { AccountSettings } from '../policy/settings.js';
import { settingsAt } from '../db/repositories/settings.js';

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

const tokenHash = (t: string) => createHash('sha256').update(t).digest('hex');

interface UserRow {
  id: number;
  username: string;
  displayName: string;
  passwordHash: string;
  role: Role;
  orgId: number | null;
  orgCode: string | null;
  orgName: string | null;
  orgPath: string | null;
  memberId: number | null;
  disabled: boolean;
  mustChangePassword: boolean;
  failedLogins: number;
  lockedUntil: string | null;
  lastLoginAt: string | null;
}

const USER_COLS = `u.id, u.username, u.display_name AS "displayName", u.password_hash AS "passwordHash", u.role,
  u.org_id AS "orgId", o.code AS "orgCode", o.name AS "orgName", o.path AS "orgPath", u.member_id AS "memberId",
  u.disabled, u.must_change_password AS "mustChangePassword", u.failed_logins AS "failedLogins",
  u.locked_until::text AS "lockedUntil", u.last_login_at::text AS "lastLoginAt"`;

async function userBy(db: Db, where: string, param: unknown): Promise<UserRow | null> {
  const rows = await db.query<UserRow>(
    `SELECT ${USER_COLS} FROM app_user u LEFT JOIN org o ON o.id = u.org_id WHERE ${where}`,
    [param],
  );
  return rows[0] ?? null;
}

export function actorOf(u: UserRow): Actor {
  return {
    kind: 'user',
    userId: u.id,
    username: u.username,
    role: u.role,
    orgId: u.orgId,
    orgPath: u.orgPath ?? '/',
    memberId: u.memberId,
  };
}

function sessionUser(u: UserRow): SessionUser {
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    role: u.role,
    orgCode: u.orgCode,
    orgName: u.orgName,
    memberId: u.memberId,
    mustChangePassword: u.mustChangePassword,
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
 * Counts a sign-in attempt and decides it in one statement, under the row's lock: a locked account matches no
 * row (so even the right password is refused until the lock ends), a disabled one is returned unchanged, a wrong
 * password adds one failure and locks the account at the limit, the right one clears the count. Concurrent
 * attempts on one account are thus counted one after another: a parallel burst locks at exactly the limit.
 * Runs for an unknown username too, matching nothing.
 */
const COUNT_ATTEMPT = `
  UPDATE app_user SET
    failed_logins = CASE WHEN disabled THEN failed_logins
                         WHEN $2::boolean AND password_hash = $3 THEN 0
                         WHEN locked_until IS NOT NULL THEN 1
                         ELSE failed_logins + 1 END,
    locked_until = CASE WHEN disabled THEN locked_until
                        WHEN $2::boolean AND password_hash = $3 THEN NULL
                        WHEN (CASE WHEN locked_until IS NOT NULL THEN 1 ELSE failed_logins + 1 END) >= $5::int
                          THEN $6::timestamptz
                        ELSE NULL END,
    last_login_at = CASE WHEN NOT disabled AND $2::boolean AND password_hash = $3 THEN now()
                         ELSE last_login_at END
  WHERE username = $1 AND (locked_until IS NULL OR locked_until <= $4::timestamptz)
  RETURNING id, disabled, failed_logins AS "failedLogins", locked_until::text AS "lockedUntil",
            ($2::boolean AND password_hash = $3) AS "passwordOk"`;

interface AttemptRow {
  id: number;
  disabled: boolean;
  failedLogins: number;
  lockedUntil: string | null;
  passwordOk: boolean;
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
  const found = await userBy(db, 'u.username = $1', input.username);
  // the hash checked: if the password is changed or reset meanwhile, the count statement sees a wrong password
  const checked = found?.passwordHash ?? DUMMY_PASSWORD_HASH;
  const passwordOk = await verify(checked, input.password);
  const now = clock.now();
  const lockUntil = new Date(now.getTime() + settings.lockMinutes * 60_000);
  const result = await db.transaction(async (tx) => {
    const [row] = await tx.query<AttemptRow>(COUNT_ATTEMPT, [
      input.username,
      passwordOk,
      checked,
      now.toISOString(),
      settings.maxFailedLogins,
      lockUntil.toISOString(),
    ]);
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
    await tx.query('INSERT INTO user_session (token_hash, user_id, expires_at, ip) VALUES ($1,$2,$3,$4)', [
      tokenHash(token),
      u.id,
      expiresAt.toISOString(),
      input.ip,
    ]);
    // expired by the service's clock, the one sessions are judged by (not the database's: tests pin the clock)
    await tx.query('DELETE FROM user_session WHERE expires_at < $1', [now.toISOString()]);
    await writeAudit({ actorId: u.id, label: u.username, origin: input.ip }, tx, {
      action: 'login',
      entity: 'app_user',
      entityId: String(u.id),
      orgPath: u.orgPath,
      memberId: null,
    });
    return { token, user: sessionUser(u), expiresAt };
  });
  if (!result) throw new AppError('AUTH_FAILED', loginFailedMessage(settings));
  return result;
}

/** The session's user, or null when the token is unknown, expired or the account disabled. */
export async function sessionOf(
  db: Db,
  clock: Clock,
  token: string,
): Promise<{ actor: Actor; user: SessionUser } | null> {
  const rows = await db.query<UserRow & { expiresAt: string }>(
    `SELECT ${USER_COLS}, s.expires_at::text AS "expiresAt" FROM user_session s JOIN app_user u ON u.id = s.user_id
       LEFT JOIN org o ON o.id = u.org_id WHERE s.token_hash = $1`,
    [tokenHash(token)],
  );
  const u = rows[0];
  if (!u || u.disabled || new Date(u.expiresAt).getTime() <= clock.now().getTime()) return null;
  return { actor: actorOf(u), user: sessionUser(u) };
}

export async function logout(db: Db, token: string) {
  await db.query('DELETE FROM user_session WHERE token_hash = $1', [tokenHash(token)]);
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
  const u = await userBy(ctx.db, 'u.id = $1', ctx.actor.userId);
  if (!u || !(await verifyPassword(u.passwordHash, oldPassword)))
    throw new AppError('AUTH_FAILED', '原密码不正确');
  if (oldPassword === newPassword) throw new AppError('PASSWORD_WEAK', '新密码不能与原密码相同');
  const hash = await hashPassword(newPassword);
  await ctx.db.transaction(async (tx) => {
    // only if the password checked is still the current one (not changed or reset meanwhile)
    const changed = await tx.query(
      `UPDATE app_user SET password_hash = $2, must_change_password = false WHERE id = $1 AND password_hash = $3
       RETURNING id`,
      [u.id, hash, u.passwordHash],
    );
    if (!changed.length) throw new AppError('AUTH_FAILED', '原密码不正确');
    await tx.query('DELETE FROM user_session WHERE user_id = $1 AND token_hash IS DISTINCT FROM $2', [
      u.id,
      keepSessionToken === null ? null : tokenHash(keepSessionToken),
    ]);
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

/** Creates an account; returns the password once when it was generated. */
export async function createUser(
  ctx: Ctx,
  input: UserCreate,
): Promise<{ user: UserView; password: string | null }> {
  return ctx.db.transaction(async (tx) => {
    let orgId: number | null = null;
    let orgPath: string | null = null;
    if (input.orgCode) {
      const o = await orgByCode(tx, input.orgCode, scopePath(ctx.actor));
      if (!o) throw new AppError('ORG_NOT_FOUND');
      orgId = o.id;
      orgPath = o.path;
    } else if (input.role !== 'county_admin') {
      throw new AppError('VALIDATION_FAILED', '除组织部管理员外，账号必须绑定一个党组织');
    }
    if (!mayManageAccounts(ctx.actor, orgPath))
      throw new AppError('FORBIDDEN', '只有组织部管理员可以为其管理范围内的组织开设账号');
    let memberId: number | null = null;
    if (input.role === 'member') {
      if (!input.memberId) throw new AppError('VALIDATION_FAILED', '党员账号必须对应一名党员');
      const m = await tx.query<{ id: number }>(
        `SELECT m.id FROM member m JOIN org o ON o.id = m.org_id WHERE m.id = $1 AND o.path LIKE $2 || '%'`,
        [input.memberId, orgPath ?? '/'],
      );
      if (!m.length) throw new AppError('MEMBER_NOT_FOUND', '该党员不在所选党组织（含下级）中');
      memberId = input.memberId;
    }
    const taken = await tx.query('SELECT 1 FROM app_user WHERE username = $1', [input.username]);
    if (taken.length) throw new AppError('USERNAME_TAKEN');
    const password = input.password ?? randomPassword();
    checkPasswordStrength(password);
    const [row] = await tx.query<{ id: number }>(
      `INSERT INTO app_user (username, display_name, password_hash, role, org_id, member_id, must_change_password, created_by)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8) RETURNING id`,
      [
        input.username,
        input.displayName,
        await hashPassword(password),
        input.role,
        orgId,
        memberId,
        !input.password && ctx.actor.kind === 'user',
        ctx.actor.kind === 'user' ? ctx.actor.userId : null,
      ],
    );
    const u = (await userBy(tx, 'u.id = $1', row!.id))!;
    return { user: userView(u, ctx.clock), password: input.password ? null : password };
  });
}

async function requireManagedUser(ctx: Ctx, db: Db, id: number): Promise<UserRow> {
  const u = await userBy(db, 'u.id = $1', id);
  if (!u || !mayManageAccounts(ctx.actor, u.orgPath)) throw new AppError('USER_NOT_FOUND');
  return u;
}

export async function listUsers(ctx: Ctx): Promise<UserView[]> {
  if (ctx.actor.kind === 'user' && ctx.actor.role !== 'county_admin') throw new AppError('FORBIDDEN');
  const scope = scopePath(ctx.actor);
  const rows = await ctx.db.query<UserRow>(
    `SELECT ${USER_COLS} FROM app_user u LEFT JOIN org o ON o.id = u.org_id
      WHERE ($1 = '/' AND u.org_id IS NULL) OR o.path LIKE $1 || '%' ORDER BY o.path NULLS FIRST, u.username`,
    [scope],
  );
  return rows.map((u) => userView(u, ctx.clock));
}

export async function setUserDisabled(ctx: Ctx, id: number, disabled: boolean): Promise<UserView> {
  return ctx.db.transaction(async (tx) => {
    const u = await requireManagedUser(ctx, tx, id);
    if (ctx.actor.kind === 'user' && ctx.actor.userId === id)
      throw new AppError('FORBIDDEN', '不能停用自己的账号');
    await tx.query('UPDATE app_user SET disabled = $2 WHERE id = $1', [id, disabled]);
    if (disabled) await tx.query('DELETE FROM user_session WHERE user_id = $1', [id]);
    return userView((await userBy(tx, 'u.id = $1', u.id))!, ctx.clock);
  });
}

/** Sets a new random password (shown once), unlocks the account and ends its sessions. */
export async function resetPassword(ctx: Ctx, id: number): Promise<{ user: UserView; password: string }> {
  return ctx.db.transaction(async (tx) => {
    await requireManagedUser(ctx, tx, id);
    const password = randomPassword();
    await tx.query(
      'UPDATE app_user SET password_hash = $2, must_change_password = true, failed_logins = 0, locked_until = NULL WHERE id = $1',
      [id, await hashPassword(password)],
    );
    await tx.query('DELETE FROM user_session WHERE user_id = $1', [id]);
    await writeAudit(ctx, tx, {
      action: 'password_reset',
      entity: 'app_user',
      entityId: String(id),
      orgPath: null,
      memberId: null,
    });
    return { user: userView((await userBy(tx, 'u.id = $1', id))!, ctx.clock), password };
  });
}

/** On a fresh database: the first, deployment-wide administrator with a random password (printed once). */
export async function ensureFirstAdmin(
  ctx: Pick<Ctx, 'db'>,
): Promise<{ username: string; password: string } | null> {
  const n = await ctx.db.query<{ n: number }>('SELECT count(*)::int AS n FROM app_user');
  if ((n[0]?.n ?? 0) > 0) return null;
  const password = randomPassword();
  await ctx.db.transaction(async (tx) => {
    await tx.query(
      `INSERT INTO app_user (username, display_name, password_hash, role, org_id, must_change_password)
       VALUES ('admin', '系统管理员', $1, 'county_admin', NULL, true)`,
      [await hashPassword(password)],
    );
  });
  return { username: 'admin', password };
}
