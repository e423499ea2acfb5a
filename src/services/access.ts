/**
 * The policy (src/domain/access/policy.ts) asked for the request's actor on the service's day by its clock: every
 * use case decides through `can`, directly or through these.
 */
import {
  can,
  canSomewhere,
  memberResource,
  orgResource,
  scopesFor,
  type Action,
  type Resource,
} from '../domain/access/policy.js';
import { AppError } from '../shared/errors.js';
import type { Ctx } from './context.js';

/** May the request's actor do this to that today? */
export function allowed(ctx: Pick<Ctx, 'actor' | 'clock'>, action: Action, resource: Resource): boolean {
  return can(ctx.actor, action, resource, ctx.clock.today());
}

/** The same, refusing with FORBIDDEN (or the error given) when not. */
export function requireAllowed(
  ctx: Pick<Ctx, 'actor' | 'clock'>,
  action: Action,
  resource: Resource,
  refusal: () => AppError = () => new AppError('FORBIDDEN'),
): void {
  if (!allowed(ctx, action, resource)) throw refusal();
}

/** May the actor ask for this action anywhere today (the route gate)? */
export function allowedSomewhere(ctx: Pick<Ctx, 'actor' | 'clock'>, action: Action): boolean {
  return canSomewhere(ctx.actor, action, ctx.clock.today());
}

/** May the actor read this org (and so its subtree) today? */
export const readsOrg = (ctx: Pick<Ctx, 'actor' | 'clock'>, path: string) =>
  allowed(ctx, 'read', orgResource(path));

/** May the actor read this member's record today? */
export const readsMember = (ctx: Pick<Ctx, 'actor' | 'clock'>, m: { id: number; orgPath: string | null }) =>
  allowed(ctx, 'read', memberResource(m));

/** The org subtrees where the actor may perform the action today, for SQL lists. */
export const scopes = (ctx: Pick<Ctx, 'actor' | 'clock'>, action: Action) =>
  scopesFor(ctx.actor, action, ctx.clock.today());
