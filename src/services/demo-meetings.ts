/**
 * The demo county's organisational life (decision 0015): a year of meetings with realistic gaps, written set-based
 * by one statement for the meetings and one for their attendance (src/db/repositories/demo.ts), in the caller's
 * transaction after the committees. Like the other bulk writes, the rows skip the per-row audit triggers and one
 * chained audit entry records how many were written. Party groups in some branches with their monthly meetings
 * (decision 0018) are written the same way.
 */
import type { Db } from '../db/client.js';
import type { Ctx } from './context.js';
import { actorId } from '../domain/access/policy.js';
import { writeAudit } from './audit.js';
import {
  firstRootPath,
  insertDemoGroupMeetings,
  insertDemoGroups,
  insertDemoAppraisals,
  insertDemoHeartTalks,
  insertDemoMeetings,
  insertDemoTermHistory,
  setBulkFlag,
  type DemoScope,
} from '../db/repositories/demo.js';

/**
 * `scope` (an org path) writes only that part of the tree: a county of the province demo at a time
 * (bench/province-activity.ts); null, the whole database.
 */
export async function writeDemoMeetings(ctx: Ctx, db: Db, today: string, scope: DemoScope = null) {
  await setBulkFlag(db, true);
  const who = actorId(ctx.actor);
  const written = await insertDemoMeetings(db, today, who, scope);
  // party groups in some branches, and their monthly meetings (decision 0018)
  const groups = await insertDemoGroups(db, today, scope);
  const groupMeetings = await insertDemoGroupMeetings(db, today, who, scope);
  written.meetings += groupMeetings.meetings;
  written.attendance += groupMeetings.attendance;
  const talks = await insertDemoHeartTalks(db, today, who, scope);
  // grades of the 民主评议党员 meetings (decision 0030)
  const appraisals = await insertDemoAppraisals(db, today, who, scope);
  // some branches with terms overdue, postponed or ending soon (换届, decision 0023)
  const terms = await insertDemoTermHistory(db, today, who, scope);
  await setBulkFlag(db, false);
  await writeAudit(ctx, db, {
    action: 'bulk_insert',
    entity: 'meeting',
    entityId: null,
    orgPath: scope ?? (await firstRootPath(db)),
    memberId: null,
    after: {
      count: written.meetings,
      tables: [
        { table: 'meeting', rows: written.meetings },
        { table: 'meeting_attendance', rows: written.attendance },
        { table: 'party_group', rows: groups.groups },
        { table: 'party_group_member', rows: groups.members },
        { table: 'heart_talk', rows: talks },
        { table: 'member_appraisal', rows: appraisals },
        { table: 'org_term', rows: terms.moved },
        { table: 'org_term_change', rows: terms.postponed },
      ],
      source: 'demo',
    },
  });
  return { ...written, groups: groups.groups, talks, appraisals };
}
