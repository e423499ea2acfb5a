/**
 * What the web is told the signed-in account may do (GET /auth/me `capabilities`, decision 0010): the outcome of the
 * policy (src/domain/access/policy.ts), whose action list this mirrors (a unit test keeps them equal), not its
 * rules. Zod only, so that the session schema can use it.
 */
import { z } from 'zod';

export const ActionSchema = z.enum([
  'self',
  'read',
  'reveal',
  'write',
  'meetings.write',
  'dues.write',
  'recruitment.write',
  'screening.observe',
  'screening.decide',
  'assessment.rate',
  'assessment.manage',
  'sampling',
  'warnings.analysis',
  'import',
  'accounts.manage',
  'audit.read',
  'settings.manage',
  'classify',
]);
export type ActionName = z.infer<typeof ActionSchema>;

export const CapabilitiesSchema = z.object({
  /** the actions the account may ask for somewhere today */
  actions: z.array(ActionSchema),
  /** its binding: the role's actions over the subtree of its org (orgCode null: the whole deployment) */
  binding: z.object({
    orgCode: z.string().nullable(),
    /** false for a member account: only its own record */
    subtree: z.boolean(),
    actions: z.array(ActionSchema),
  }),
  /** its assignments in force today, each over one org and its subtree */
  grants: z.array(
    z.object({
      id: z.number(),
      orgCode: z.string(),
      orgName: z.string(),
      actions: z.array(ActionSchema),
      validFrom: z.string(),
      validTo: z.string().nullable(),
    }),
  ),
  /**
   * its assignments in force today on one transfer each (decision 0034): a transfer between two orgs outside its
   * scope that it reviews (read) or handles for the receiving end (write), opened at /transfers/:transferId
   */
  transferGrants: z
    .array(
      z.object({
        id: z.number(),
        transferId: z.number(),
        name: z.string(),
        fromOrgName: z.string().nullable(),
        toOrgName: z.string().nullable(),
        actions: z.array(ActionSchema),
        validFrom: z.string(),
        validTo: z.string().nullable(),
      }),
    )
    .default([]),
});
export type Capabilities = z.infer<typeof CapabilitiesSchema>;
