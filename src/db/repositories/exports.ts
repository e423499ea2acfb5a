/**
 * SQL of the exports the roster repository does not cover: the org list of a subtree. (The member export pages
 * through the roster with roster.ts rosterAfter.)
 */
import type { Db } from '../client.js';
import { ORG_COLS, type OrgRow } from './orgs.js';

/** An org with its parent's code, as the org-list export writes it. */
export type OrgExportRow = OrgRow & { parentCode: string | null };

/** The active orgs of the subtree at `path` (the org itself included), in path order. */
export async function activeOrgsUnder(db: Db, path: string): Promise<OrgExportRow[]> {
  return db.query<OrgExportRow>(
    `SELECT ${ORG_COLS}, p.code AS "parentCode" FROM org o LEFT JOIN org p ON p.id = o.parent_id
      WHERE o.path LIKE $1 || '%' AND o.status = 'active' ORDER BY o.path`,
    [path],
  );
}
