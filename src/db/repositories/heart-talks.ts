/** SQL for heart talks (谈心谈话, decision 0018): the records, their people, and who has had none in a year. */
import type { Db } from '../client.js';
import type { CommitteePost } from '../../shared/codes.js';
import type { IsoDate } from '../../shared/dates.js';
import { validOn } from '../intervals.js';
import { onRoster } from '../sql.js';

export interface TalkRow {
  id: number;
  orgId: number;
  orgCode: string;
  orgPath: string;
  heldOn: IsoDate;
  note: string | null;
}

const POST_ON = `(SELECT c.post FROM committee_post c WHERE c.member_id = hp.member_id AND c.org_id = ht.org_id
    AND c.start_on <= ht.held_on AND (c.end_on IS NULL OR c.end_on > ht.held_on)
  ORDER BY CASE c.post WHEN 'secretary' THEN 0 WHEN 'deputy_secretary' THEN 1 ELSE 2 END LIMIT 1)`;

export async function talkById(db: Db, id: number): Promise<TalkRow | null> {
  const rows = await db.query<TalkRow>(
    `SELECT ht.id, ht.org_id AS "orgId", o.code AS "orgCode", o.path AS "orgPath", ht.held_on::text AS "heldOn", ht.note
       FROM heart_talk ht JOIN org o ON o.id = ht.org_id WHERE ht.id = $1`,
    [id],
  );
  return rows[0] ?? null;
}

/** The org's talks held in [from, to), newest first. */
export async function talksOf(db: Db, orgId: number, from: IsoDate, to: IsoDate): Promise<TalkRow[]> {
  return db.query<TalkRow>(
    `SELECT ht.id, ht.org_id AS "orgId", o.code AS "orgCode", o.path AS "orgPath", ht.held_on::text AS "heldOn", ht.note
       FROM heart_talk ht JOIN org o ON o.id = ht.org_id
      WHERE ht.org_id = $1 AND ht.held_on >= $2::date AND ht.held_on < $3::date
      ORDER BY ht.held_on DESC, ht.id DESC LIMIT 500`,
    [orgId, from, to],
  );
}

export interface TalkPersonRow {
  talkId: number;
  memberId: number;
  name: string;
  post: CommitteePost | null;
}

/** The people of these talks, each with the committee post they held that day (if any). */
export async function talkPeople(db: Db, talkIds: readonly number[]): Promise<TalkPersonRow[]> {
  if (!talkIds.length) return [];
  return db.query<TalkPersonRow>(
    `SELECT hp.talk_id AS "talkId", hp.member_id AS "memberId", p.name, ${POST_ON} AS post
       FROM heart_talk_party hp JOIN heart_talk ht ON ht.id = hp.talk_id
       JOIN member m ON m.id = hp.member_id JOIN person p ON p.id = m.person_id
      WHERE hp.talk_id = ANY($1::int[])
      ORDER BY hp.talk_id, (${POST_ON}) IS NULL, p.name_pinyin`,
    [talkIds],
  );
}

export async function insertTalk(
  db: Db,
  t: { orgId: number; heldOn: IsoDate; note: string | null; memberIds: readonly number[] },
  createdBy: number | null,
): Promise<number> {
  const [r] = await db.query<{ id: number }>(
    'INSERT INTO heart_talk (org_id, held_on, note, created_by) VALUES ($1, $2, $3, $4) RETURNING id',
    [t.orgId, t.heldOn, t.note, createdBy],
  );
  await db.query(
    `INSERT INTO heart_talk_party (talk_id, member_id, org_id) SELECT $1, x, $2 FROM unnest($3::int[]) AS x`,
    [r!.id, t.orgId, t.memberIds],
  );
  return r!.id;
}

export async function deleteTalkRow(db: Db, id: number): Promise<void> {
  await db.query('DELETE FROM heart_talk_party WHERE talk_id = $1', [id]);
  await db.query('DELETE FROM heart_talk WHERE id = $1', [id]);
}

/**
 * The members on the org's own roster on `on` who had no talk with a committee member (a post holder of the org on
 * the talk's day, other than themselves) in [from, to).
 */
export async function withoutTalk(
  db: Db,
  orgId: number,
  on: IsoDate,
  from: IsoDate,
  to: IsoDate,
): Promise<{ memberId: number; name: string }[]> {
  return db.query(
    `SELECT per.member_id AS "memberId", p.name
       FROM member_period per JOIN member m ON m.id = per.member_id JOIN person p ON p.id = m.person_id
      WHERE per.org_id = $1 AND ${validOn('per', '$2')} AND ${onRoster('per.status')}
        AND NOT EXISTS (
          SELECT 1 FROM heart_talk_party hp JOIN heart_talk ht ON ht.id = hp.talk_id
           WHERE hp.member_id = per.member_id AND ht.org_id = $1 AND ht.held_on >= $3::date AND ht.held_on < $4::date
             AND EXISTS (SELECT 1 FROM heart_talk_party hp2 JOIN committee_post c
                           ON c.member_id = hp2.member_id AND c.org_id = ht.org_id
                          AND c.start_on <= ht.held_on AND (c.end_on IS NULL OR c.end_on > ht.held_on)
                          WHERE hp2.talk_id = ht.id AND hp2.member_id <> hp.member_id))
      ORDER BY p.name_pinyin, per.member_id`,
    [orgId, on, from, to],
  );
}
