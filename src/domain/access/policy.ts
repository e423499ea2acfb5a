/**
 * Authorisation as a pure policy over the org tree: an actor may see and change the subtree of the org it is bound
 * to. Services call these functions so the API, the CLI, imports and exports enforce the same scope.
 */
export type Role = 'county_admin' | 'township_officer' | 'branch_secretary' | 'viewer' | 'member';

export type Actor =
  | { kind: 'system'; label: string }
  | { kind: 'user'; userId: number; username: string; role: Role; orgId: number; orgPath: string; memberId: number | null };

export const SYSTEM_ACTOR: Actor = { kind: 'system', label: 'cli' };

/** The path prefix of everything the actor may see. */
export function scopePath(actor: Actor): string {
  return actor.kind === 'system' ? '/' : actor.orgPath;
}

export function inScope(actor: Actor, orgPath: string): boolean {
  return orgPath.startsWith(scopePath(actor));
}

export function mayWrite(actor: Actor, orgPath: string): boolean {
  if (actor.kind === 'system') return true;
  if (actor.role === 'viewer' || actor.role === 'member') return false;
  return inScope(actor, orgPath);
}

export function actorId(actor: Actor): number | null {
  return actor.kind === 'user' ? actor.userId : null;
}
