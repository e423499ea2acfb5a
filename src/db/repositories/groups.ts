/**
 * SQL for party groups (党小组, decision 0018): the groups of a branch and their dated memberships.
 */
import type { Db } from '../client.js';
import type { IsoDate } from '../../shared/dates.js';
import { validOn } from '../intervals.js';
import { onRoster } from '../sql.js';
import type { LatestMembership, MembershipStep } from '../../domain/meetings/groups.js';

export interface GroupRow {
  id: number;
  orgId: number;
  orgCode: string;
  orgPath: string;
  name: string;
  createdOn: IsoDate;
  dissolvedOn: IsoDate | null;
  leaderMemberId: number | null;
  leaderName: string | null;
  rowVersion: number;
}

const COLS = `g.id, g.org_id AS "orgId", o.code AS "orgCode", o.path AS "orgPath", g.name, g.created_on::text AS "createdOn",
  g.dissolved_on::text AS "dissolvedOn", g.leader_member_id AS "leaderMemberId", lp.name AS "leaderName",
  g.row_version AS "rowVersion"`;
const FROM = `party_group g JOIN org o ON o.id = g.org_id
  LEFT JOIN member lm ON lm.id = g.leader_member_id LEFT JOIN person lp ON lp.id = lm.person_id`;

export async function groupById(db: Db, id: number, lock = false): Promise<GroupRow | null> {
  if (lock) await db.query('SELECT id FROM party_group WHERE id = $1 FOR UPDATE', [id]);
  const rows = await db.query<GroupRow>(`SELECT ${COLS} FROM ${FROM} WHERE g.id = $1`, [id]);
  return rows[0] ?? null;
}

/** The org's groups that existed on the day, by name. */
export async function groupsOn(db: Db, orgId: number, on: IsoDate): Promise<GroupRow[]> {
  return db.query<GroupRow>(
    `SELECT ${COLS} FROM ${FROM}
      WHERE g.org_id = $1 AND g.created_on <= $2::date AND (g.dissolved_on IS NULL OR g.dissolved_on > $2::date)
      ORDER BY g.name, g.id`,
    [orgId, on],
  );
}

export interface GroupMemberRow {
  groupId: number;
  memberId: number;
  name: string;
  since: IsoDate;
  onRoster: boolean;
}

/** The members of these groups on the day, and whether each was on the group's branch roster that day. */
export async function groupMembersOn(
  db: Db,
  groupIds: readonly number[],
  on: IsoDate,
): Promise<GroupMemberRow[]> {
  if (!groupIds.length) return [];
  return db.query<GroupMemberRow>(
    `SELECT gm.group_id AS "groupId", gm.member_id AS "memberId", p.name, gm.valid_from::text AS since,
            EXISTS (SELECT 1 FROM member_period per
                     WHERE per.member_id = gm.member_id AND per.org_id = gm.org_id AND ${validOn('per', '$2')}
                       AND ${onRoster('per.status')}) AS "onRoster"
       FROM party_group_member gm JOIN member m ON m.id = gm.member_id JOIN person p ON p.id = m.person_id
      WHERE gm.group_id = ANY($1::int[]) AND ${validOn('gm', '$2')}
      ORDER BY p.name_pinyin, gm.member_id`,
    [groupIds, on],
  );
}

/** The members on the org's own roster on the day who were in none of its groups. */
export async function ungroupedOn(
  db: Db,
  orgId: number,
  on: IsoDate,
): Promise<{ memberId: number; name: string }[]> {
  return db.query(
    `SELECT per.member_id AS "memberId", p.name
       FROM member_period per JOIN member m ON m.id = per.member_id JOIN person p ON p.id = m.person_id
      WHERE per.org_id = $1 AND ${validOn('per', '$2')} AND ${onRoster('per.status')}
        AND NOT EXISTS (SELECT 1 FROM party_group_member gm
                         WHERE gm.member_id = per.member_id AND gm.org_id = $1 AND ${validOn('gm', '$2')})
      ORDER BY p.name_pinyin, per.member_id`,
    [orgId, on],
  );
}

/** Of these members, those not on the org's own roster on the day. */
export async function notOnRosterOn(
  db: Db,
  orgId: number,
  memberIds: readonly number[],
  on: IsoDate,
): Promise<number[]> {
  const rows = await db.query<{ id: number }>(
    `SELECT x.id FROM unnest($2::int[]) AS x(id)
      WHERE NOT EXISTS (SELECT 1 FROM member_period per
                         WHERE per.member_id = x.id AND per.org_id = $1 AND ${validOn('per', '$3')}
                           AND ${onRoster('per.status')})
      ORDER BY x.id`,
    [orgId, memberIds, on],
  );
  return rows.map((r) => r.id);
}

/** The members of a group on the day (who a group's meeting expects). */
export async function groupMemberIdsOn(db: Db, groupId: number, on: IsoDate): Promise<Set<number>> {
  const rows = await db.query<{ id: number }>(
    `SELECT gm.member_id AS id FROM party_group_member gm WHERE gm.group_id = $1 AND ${validOn('gm', '$2')}`,
    [groupId, on],
  );
  return new Set(rows.map((r) => r.id));
}

/** Each member's latest group membership (by first day), locking the member rows so two moves take turns. */
export async function latestMemberships(
  db: Db,
  memberIds: readonly number[],
): Promise<Map<number, LatestMembership>> {
  await db.query('SELECT id FROM member WHERE id = ANY($1::int[]) ORDER BY id FOR NO KEY UPDATE', [
    memberIds,
  ]);
  const rows = await db.query<LatestMembership>(
    `SELECT DISTINCT ON (gm.member_id) gm.id, gm.member_id AS "memberId", gm.group_id AS "groupId",
            gm.valid_from::text AS "validFrom", gm.valid_to::text AS "validTo"
       FROM party_group_member gm WHERE gm.member_id = ANY($1::int[])
      ORDER BY gm.member_id, gm.valid_from DESC`,
    [memberIds],
  );
  return new Map(rows.map((r) => [r.memberId, r]));
}

/** Writes the planned membership steps (each row audited by its trigger). */
export async function applyMembershipSteps(
  db: Db,
  orgId: number,
  steps: readonly MembershipStep[],
): Promise<void> {
  for (const s of steps) {
    if (s.op === 'end')
      await db.query('UPDATE party_group_member SET valid_to = $2 WHERE id = $1', [s.id, s.on]);
    else if (s.op === 'delete') await db.query('DELETE FROM party_group_member WHERE id = $1', [s.id]);
    else if (s.op === 'move')
      await db.query('UPDATE party_group_member SET group_id = $2 WHERE id = $1', [s.id, s.groupId]);
    else if (s.op === 'open')
      await db.query(
        'INSERT INTO party_group_member (group_id, member_id, org_id, valid_from) VALUES ($1, $2, $3, $4)',
        [s.groupId, s.memberId, orgId, s.on],
      );
  }
}

/** The first day of the group's latest membership (a group is dissolved after it). */
export async function latestJoinOf(db: Db, groupId: number): Promise<IsoDate | null> {
  const [r] = await db.query<{ d: IsoDate | null }>(
    'SELECT max(valid_from)::text AS d FROM party_group_member WHERE group_id = $1',
    [groupId],
  );
  return r?.d ?? null;
}

export async function insertGroup(
  db: Db,
  g: { orgId: number; name: string; createdOn: IsoDate; leaderMemberId: number | null },
): Promise<number> {
  const [r] = await db.query<{ id: number }>(
    `INSERT INTO party_group (org_id, name, created_on, leader_member_id) VALUES ($1, $2, $3, $4) RETURNING id`,
    [g.orgId, g.name, g.createdOn, g.leaderMemberId],
  );
  return r!.id;
}

export async function updateGroupRow(
  db: Db,
  id: number,
  v: { name: string; leaderMemberId: number | null },
): Promise<void> {
  await db.query(
    `UPDATE party_group SET name = $2, leader_member_id = $3, row_version = row_version + 1, updated_at = now()
      WHERE id = $1 AND (name IS DISTINCT FROM $2 OR leader_member_id IS DISTINCT FROM $3)`,
    [id, v.name, v.leaderMemberId],
  );
}

/** Dissolves the group on the day: its open memberships end that day. */
export async function dissolveGroupRow(db: Db, id: number, on: IsoDate): Promise<void> {
  await db.query('UPDATE party_group_member SET valid_to = $2 WHERE group_id = $1 AND valid_to IS NULL', [
    id,
    on,
  ]);
  await db.query(
    `UPDATE party_group SET dissolved_on = $2, row_version = row_version + 1, updated_at = now() WHERE id = $1`,
    [id, on],
  );
}
