/**
 * What one server process keeps between requests to spare a read a round trip (decision 0055): the sessions it has
 * read (token → the actor the policy decides with) and the orgs it has found by code (code → id, path, depth).
 *
 * Neither is trusted on its own. A read that uses them carries their check in its own statement — the session
 * still reads exactly as it did (sessionAccount's digest), the org still has that code and path — so that it sees
 * them in the same snapshot as the data it returns, and refuses the answer (the caller reads them again) when one
 * changed: a sign-out, a revocation, a role or binding change, an org re-coded or moved in any process takes
 * effect at the next request. Nothing else may use them without such a check (`SessionCheck.verified`).
 */
import { createHash } from 'node:crypto';
import type { Actor } from '../domain/access/policy.js';
import type { SessionUser } from '../shared/schemas.js';
import type { IsoDate } from '../shared/dates.js';
import { sessionFingerprint } from '../db/repositories/accounts.js';
import type { Clock, Ctx } from './context.js';

/** The digest under which a session's token is stored (user_session.token_hash). */
export const sessionTokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

/** A session as it was read: what it decided with, the digest of the row read, the day it was read for. */
export interface KeptSession {
  actor: Actor;
  user: SessionUser;
  fingerprint: string;
  day: IsoDate;
  /** ms since the epoch */
  expiresAt: number;
}

/**
 * The session a request decided with, not yet confirmed by the database: the read that uses it checks it in its
 * own statement and sets `verified`; `confirmSession` checks it alone.
 */
export interface SessionCheck {
  tokenHash: string;
  day: IsoDate;
  fingerprint: string;
  verified: boolean;
}

/** Thrown when the session a request decided with no longer reads the same: the request is decided again. */
export class StaleSession extends Error {
  constructor() {
    super('the session changed since it was read');
  }
}

/** A map that forgets everything when it grows past its bound (a bound, not a policy: entries are checked anyway). */
class Bounded<V> {
  private readonly m = new Map<string, V>();
  constructor(private readonly max: number) {}
  get(k: string): V | undefined {
    return this.m.get(k);
  }
  set(k: string, v: V) {
    if (this.m.size >= this.max && !this.m.has(k)) this.m.clear();
    this.m.set(k, v);
  }
  delete(k: string) {
    this.m.delete(k);
  }
  get size() {
    return this.m.size;
  }
}

/** Sessions read by this process, by token hash. */
export class SessionCache {
  private readonly m = new Bounded<KeptSession>(10_000);
  /** The kept session, when it was read for today and has not expired by the clock. */
  get(tokenHash: string, clock: Clock): KeptSession | null {
    const s = this.m.get(tokenHash);
    if (!s) return null;
    if (s.day !== clock.today() || s.expiresAt <= clock.now().getTime()) {
      this.m.delete(tokenHash);
      return null;
    }
    return s;
  }
  set(tokenHash: string, s: KeptSession) {
    this.m.set(tokenHash, s);
  }
  /** Forgets a session (signed out here; found changed). Other processes find out from their own checks. */
  drop(tokenHash: string) {
    this.m.delete(tokenHash);
  }
  get size() {
    return this.m.size;
  }
}

/** An org as a read by code found it. */
export interface KeptOrg {
  id: number;
  code: string;
  path: string;
  depth: number;
}

/** Orgs found by code by this process. */
export class OrgCodeCache {
  private readonly m = new Bounded<KeptOrg>(100_000);
  get(code: string): KeptOrg | null {
    return this.m.get(code) ?? null;
  }
  set(o: KeptOrg) {
    this.m.set(o.code, { id: o.id, code: o.code, path: o.path, depth: o.depth });
  }
  drop(code: string) {
    this.m.delete(code);
  }
}

/**
 * Confirms the request's kept session against the database on its own (a read that cannot carry the check): one
 * statement. Throws StaleSession when it changed; does nothing when the session was read by this request.
 */
export async function confirmSession(ctx: Ctx): Promise<void> {
  const s = ctx.session;
  if (!s || s.verified) return;
  const fp = await sessionFingerprint(ctx.db, s.tokenHash, s.day);
  if (fp !== s.fingerprint) throw new StaleSession();
  s.verified = true;
}
