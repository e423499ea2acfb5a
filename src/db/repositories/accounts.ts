/**
 * SQL for accounts, sessions and grants (the accounts aggregate). The use cases (src/services/accounts.ts) decide;
 * this file only reads and writes.
 */
import type { Db } from '../client.js';
import type { Role } from '../../domain/access/policy.js';
import type { Grant, GrantableAction } from '../../domain/access/policy.js';
import type { IsoDate } from '../../shared/dates.js';
import { validOn } from '../intervals.js';

export interface UserRow {
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

const USER_FROM = 'app_user u LEFT JOIN org o ON o.id = u.org_id';

export async function userById(db: Db, id: number): Promise<UserRow | null> {
  const rows = await db.query<UserRow>(`SELECT ${USER_COLS} FROM ${USER_FROM} WHERE u.id = $1`, [id]);
  return rows[0] ?? null;
}

export async function userByUsername(db: Db, username: string): Promise<UserRow | null> {
  const rows = await db.query<UserRow>(`SELECT ${USER_COLS} FROM ${USER_FROM} WHERE u.username = $1`, [
    username,
  ]);
  return rows[0] ?? null;
}

export async function usernameTaken(db: Db, username: string): Promise<boolean> {
  return (await db.query('SELECT 1 FROM app_user WHERE username = $1', [username])).length > 0;
}

export async function countUsers(db: Db): Promise<number> {
  const n = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM app_user');
  return n[0]?.n ?? 0;
}

/** Accounts bound under a subtree (and, for '/', the deployment-wide ones), in tree order. */
export async function usersUnder(db: Db, scope: string): Promise<UserRow[]> {
  return db.query<UserRow>(
    `SELECT ${USER_COLS} FROM ${USER_FROM}
      WHERE ($1 = '/' AND u.org_id IS NULL) OR o.path LIKE $1 || '%' ORDER BY o.path NULLS FIRST, u.username`,
    [scope],
  );
}

export interface NewUser {
  username: string;
  displayName: string;
  passwordHash: string;
  role: Role;
  orgId: number | null;
  memberId: number | null;
  mustChangePassword: boolean;
  createdBy: number | null;
}

export async function insertUser(db: Db, u: NewUser): Promise<number> {
  const [row] = await db.query<{ id: number }>(
    `INSERT INTO app_user (username, display_name, password_hash, role, org_id, member_id, must_change_password, created_by)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8) RETURNING id`,
    [
      u.username,
      u.displayName,
      u.passwordHash,
      u.role,
      u.orgId,
      u.memberId,
      u.mustChangePassword,
      u.createdBy,
    ],
  );
  return row!.id;
}

/** Is the member in the org's subtree? (A member account must be opened within the org it is bound to.) */
export async function memberUnder(db: Db, memberId: number, path: string): Promise<boolean> {
  const m = await db.query(
    `SELECT 1 FROM member m JOIN org o ON o.id = m.org_id WHERE m.id = $1 AND o.path LIKE $2 || '%'`,
    [memberId, path],
  );
  return m.length > 0;
}

export async function setDisabled(db: Db, id: number, disabled: boolean): Promise<void> {
  await db.query('UPDATE app_user SET disabled = $2 WHERE id = $1', [id, disabled]);
}

/** A new password set by an administrator: to be changed at the next sign-in; the lock-out is cleared. */
export async function resetPasswordHash(db: Db, id: number, hash: string): Promise<void> {
  await db.query(
    'UPDATE app_user SET password_hash = $2, must_change_password = true, failed_logins = 0, locked_until = NULL WHERE id = $1',
    [id, hash],
  );
}

/** The account's own change, only if the hash checked is still the current one; false when it is not. */
export async function changePasswordHash(
  db: Db,
  id: number,
  hash: string,
  checked: string,
): Promise<boolean> {
  const changed = await db.query(
    `UPDATE app_user SET password_hash = $2, must_change_password = false WHERE id = $1 AND password_hash = $3
     RETURNING id`,
    [id, hash, checked],
  );
  return changed.length > 0;
}

export async function insertFirstAdmin(db: Db, passwordHash: string): Promise<void> {
  await db.query(
    `INSERT INTO app_user (username, display_name, password_hash, role, org_id, must_change_password)
     VALUES ('admin', '系统管理员', $1, 'county_admin', NULL, true)`,
    [passwordHash],
  );
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

export interface AttemptRow {
  id: number;
  disabled: boolean;
  failedLogins: number;
  lockedUntil: string | null;
  passwordOk: boolean;
}

export async function countAttempt(
  db: Db,
  a: {
    username: string;
    passwordOk: boolean;
    checkedHash: string;
    now: Date;
    maxFailedLogins: number;
    lockUntil: Date;
  },
): Promise<AttemptRow | null> {
  const [row] = await db.query<AttemptRow>(COUNT_ATTEMPT, [
    a.username,
    a.passwordOk,
    a.checkedHash,
    a.now.toISOString(),
    a.maxFailedLogins,
    a.lockUntil.toISOString(),
  ]);
  return row ?? null;
}

// ------------------------------------------------------------------------------------------------ sessions

export async function insertSession(
  db: Db,
  s: { tokenHash: string; userId: number; expiresAt: Date; ip: string | null },
): Promise<void> {
  await db.query('INSERT INTO user_session (token_hash, user_id, expires_at, ip) VALUES ($1,$2,$3,$4)', [
    s.tokenHash,
    s.userId,
    s.expiresAt.toISOString(),
    s.ip,
  ]);
}

/** Removes sessions expired by `now` (the service's clock, the one sessions are judged by). */
export async function deleteExpiredSessions(db: Db, now: Date): Promise<void> {
  await db.query('DELETE FROM user_session WHERE expires_at < $1', [now.toISOString()]);
}

export async function deleteSession(db: Db, tokenHash: string): Promise<void> {
  await db.query('DELETE FROM user_session WHERE token_hash = $1', [tokenHash]);
}

/** Ends every session of the account but `keepTokenHash` (null: every one). */
export async function deleteSessionsOf(db: Db, userId: number, keepTokenHash: string | null = null) {
  await db.query('DELETE FROM user_session WHERE user_id = $1 AND token_hash IS DISTINCT FROM $2', [
    userId,
    keepTokenHash,
  ]);
}

// ------------------------------------------------------------------------------------------------ grants

export interface GrantRow {
  id: number;
  userId: number;
  /** the org a grant on a subtree is on; null for a grant on one transfer */
  orgId: number | null;
  orgCode: string | null;
  orgName: string | null;
  orgPath: string | null;
  /** a grant on one transfer (decision 0034): the transfer and what its letter says */
  transferId: number | null;
  transferName: string | null;
  transferFromOrgName: string | null;
  transferFromOrgPath: string | null;
  transferToOrgName: string | null;
  transferToOrgPath: string | null;
  actions: GrantableAction[];
  validFrom: IsoDate;
  validTo: IsoDate | null;
  grantedBy: number | null;
  grantedByName: string | null;
  note: string | null;
  createdAt: string;
}

const GRANT_COLS = `g.id, g.user_id AS "userId", g.org_id AS "orgId", o.code AS "orgCode", o.name AS "orgName",
  o.path AS "orgPath", g.transfer_id AS "transferId", tp.name AS "transferName",
  tf.name AS "transferFromOrgName", tf.path AS "transferFromOrgPath", tt.name AS "transferToOrgName",
  tt.path AS "transferToOrgPath", g.actions, g.valid_from::text AS "validFrom", g.valid_to::text AS "validTo",
  g.granted_by AS "grantedBy", gb.display_name AS "grantedByName", g.note, g.created_at::text AS "createdAt"`;
const GRANT_FROM = `account_grant g LEFT JOIN org o ON o.id = g.org_id
  LEFT JOIN transfer t ON t.id = g.transfer_id LEFT JOIN member tm ON tm.id = t.member_id
  LEFT JOIN person tp ON tp.id = tm.person_id
  LEFT JOIN org tf ON tf.id = t.from_org_id LEFT JOIN org tt ON tt.id = t.to_org_id
  LEFT JOIN app_user gb ON gb.id = g.granted_by`;

/** Every grant of an account, past, present and future, latest first. */
export async function grantsOf(db: Db, userId: number): Promise<GrantRow[]> {
  return db.query<GrantRow>(
    `SELECT ${GRANT_COLS} FROM ${GRANT_FROM} WHERE g.user_id = $1 ORDER BY g.valid_from DESC, g.id DESC`,
    [userId],
  );
}

export async function grantById(db: Db, id: number, lock = false): Promise<GrantRow | null> {
  const rows = await db.query<GrantRow>(
    `SELECT ${GRANT_COLS} FROM ${GRANT_FROM} WHERE g.id = $1${lock ? ' FOR UPDATE OF g' : ''}`,
    [id],
  );
  return rows[0] ?? null;
}

/** The account's grants in force on a date, as the policy reads them (the actor carries them). */
/** A grant as grantsValidOn and sessionAccount read it. */
interface GrantRead {
  id: number;
  orgId: number | null;
  path: string | null;
  transferId: number | null;
  actions: GrantableAction[];
  validFrom: IsoDate;
  validTo: IsoDate | null;
}

export async function grantsValidOn(db: Db, userId: number, on: IsoDate): Promise<Grant[]> {
  const rows = await db.query<GrantRead>(
    `SELECT g.id, g.org_id AS "orgId", o.path, g.transfer_id AS "transferId", g.actions,
            g.valid_from::text AS "validFrom", g.valid_to::text AS "validTo"
       FROM account_grant g LEFT JOIN org o ON o.id = g.org_id
      WHERE g.user_id = $1 AND ${validOn('g', '$2')} ORDER BY g.id`,
    [userId, on],
  );
  return grantsOfRows(rows);
}

/**
 * The session's account row with its grants valid on the day `day` as a JSON array (placeholders of the caller's
 * statement): sessionAccount reads it, and a read that carries the session's check compares its digest
 * (sessionHeldSql, decision 0055).
 */
function sessionRowSql(token: string, day: string): string {
  return `SELECT ${USER_COLS}, s.expires_at::text AS "expiresAt",
            (SELECT coalesce(json_agg(json_build_object('id', g.id, 'orgId', g.org_id, 'path', go.path,
                      'transferId', g.transfer_id, 'actions', g.actions, 'validFrom', g.valid_from::text,
                      'validTo', g.valid_to::text) ORDER BY g.id), '[]'::json)
               FROM account_grant g LEFT JOIN org go ON go.id = g.org_id
              WHERE g.user_id = u.id AND ${validOn('g', day)}) AS grants
       FROM user_session s JOIN app_user u ON u.id = s.user_id
       LEFT JOIN org o ON o.id = u.org_id WHERE s.token_hash = ${token}`;
}

/**
 * A session's account with its grants valid on `on`, in one statement (every signed-in request reads it: one round
 * trip instead of two: the session's account, then its grants); null for an unknown token. `fingerprint` is the
 * digest of everything read (the account, its org's path, the session's expiry, the grants in force and their
 * orgs' paths): the same statement a moment later gives the same digest exactly when the session would decide the
 * same (decision 0055).
 */
export async function sessionAccount(
  db: Db,
  tokenHash: string,
  on: IsoDate,
): Promise<(UserRow & { expiresAt: string; grants: Grant[]; fingerprint: string }) | null> {
  const rows = await db.query<UserRow & { expiresAt: string; grants: GrantRead[]; fingerprint: string }>(
    `SELECT x.*, md5(x::text) AS fingerprint FROM (${sessionRowSql('$1', '$2')}) x`,
    [tokenHash, on],
    // (look-ups by key whatever the token: planned once on PGlite, decision 0047)
    { generic: true },
  );
  const r = rows[0];
  return r ? { ...r, grants: grantsOfRows(r.grants) } : null;
}

/**
 * A boolean expression for another statement: is the session `token` still there and does it read exactly as it
 * did when its digest was `fingerprint` (sessionAccount), on the day `day`? False once it is signed out, revoked,
 * expired by a new expiry, or its account, binding, org path or grants changed. Placeholders of the caller's
 * statement (decision 0055).
 */
export function sessionHeldSql(token: string, day: string, fingerprint: string): string {
  return `coalesce((SELECT md5(x::text) = ${fingerprint} FROM (${sessionRowSql(token, day)}) x), false)`;
}

/** The digest of a session's row as sessionAccount reads it (null: no such session). */
export async function sessionFingerprint(db: Db, tokenHash: string, on: IsoDate): Promise<string | null> {
  const rows = await db.query<{ fingerprint: string }>(
    `SELECT md5(x::text) AS fingerprint FROM (${sessionRowSql('$1', '$2')}) x`,
    [tokenHash, on],
    { generic: true },
  );
  return rows[0]?.fingerprint ?? null;
}

function grantsOfRows(rows: readonly GrantRead[]): Grant[] {
  return rows.map((r) => ({
    id: r.id,
    on:
      r.transferId !== null
        ? { kind: 'case', caseKind: 'transfer', caseId: r.transferId }
        : { kind: 'org', orgId: r.orgId!, path: r.path! },
    actions: r.actions,
    validFrom: r.validFrom,
    validTo: r.validTo,
  }));
}

/** A grant of the account on the org whose period overlaps [from, to), if any (the database refuses a second). */
export async function overlappingGrant(
  db: Db,
  g: {
    userId: number;
    orgId: number | null;
    transferId?: number | null;
    validFrom: IsoDate;
    validTo: IsoDate | null;
  },
): Promise<GrantRow | null> {
  const rows = await db.query<GrantRow>(
    `SELECT ${GRANT_COLS} FROM ${GRANT_FROM}
      WHERE g.user_id = $1 AND (g.org_id = $2 OR g.transfer_id = $5)
        AND daterange(g.valid_from, g.valid_to) && daterange($3::date, $4::date)
      LIMIT 1`,
    [g.userId, g.orgId, g.validFrom, g.validTo, g.transferId ?? null],
  );
  return rows[0] ?? null;
}

export interface NewGrant {
  userId: number;
  orgId: number | null;
  /** a grant on one transfer instead of an org (decision 0034) */
  transferId?: number | null;
  actions: readonly GrantableAction[];
  validFrom: IsoDate;
  validTo: IsoDate | null;
  grantedBy: number | null;
  note: string | null;
}

export async function insertGrant(db: Db, g: NewGrant): Promise<number> {
  const [row] = await db.query<{ id: number }>(
    `INSERT INTO account_grant (user_id, org_id, transfer_id, actions, valid_from, valid_to, granted_by, note)
     VALUES ($1, $2, $8, $3::text[], $4, $5, $6, $7) RETURNING id`,
    [g.userId, g.orgId, [...g.actions], g.validFrom, g.validTo, g.grantedBy, g.note, g.transferId ?? null],
  );
  return row!.id;
}

/** Ends a grant on a date (its valid_to). */
export async function endGrant(db: Db, id: number, on: IsoDate): Promise<void> {
  await db.query('UPDATE account_grant SET valid_to = $2 WHERE id = $1', [id, on]);
}

/** Removes a grant that never held (ended on its first day); the audit log keeps it. */
export async function deleteGrant(db: Db, id: number): Promise<void> {
  await db.query('DELETE FROM account_grant WHERE id = $1', [id]);
}
