/**
 * SQL of the demo seed (services/demo.ts, demo-history.ts): its committees, the orgs and member its accounts are
 * bound to, and the set-based history written through temporary tables the caller fills with COPY.
 */
import type { Db } from '../client.js';
import { MEMBER_ROWS } from '../member-columns.js';
import { validOn } from '../intervals.js';
import { maySkipRowTriggers } from './bulk.js';

export async function countOrgs(db: Db): Promise<number> {
  const existing = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM org');
  return existing[0]?.n ?? 0;
}

/**
 * Committees for the demo: every org gets a secretary from its full members (someone around fifty); orgs with at
 * least `min` full members get a committee of five (书记, 副书记, three 委员), from their latest term's election
 * (no later than `today`). An org with no full member of its own — a township or primary committee, a general
 * branch, the county committee, whose members all belong to the branches below — takes its committee from the
 * full members of the orgs one and two levels below, a branch of organs (机关) first, people who are not already
 * their own branch's secretary, on the roster of that subtree on the day the committee starts (possible history).
 */
export async function insertDemoCommittees(
  db: Db,
  min: number,
  today: string,
  scope: DemoScope = null,
): Promise<void> {
  await db.query(
    `WITH ranked AS (
       SELECT m.id, m.org_id,
              row_number() OVER (PARTITION BY m.org_id ORDER BY abs(extract(year from m.birth_date) - 1975), m.id) AS rn,
              count(*) OVER (PARTITION BY m.org_id) AS n
         FROM ${MEMBER_ROWS} m WHERE m.status = 'full' AND ${inScope('m.org_id', scope)})
     INSERT INTO committee_post (org_id, member_id, post, title, start_on)
     SELECT r.org_id, r.id,
            CASE WHEN r.rn = 1 THEN 'secretary' WHEN r.rn = 2 THEN 'deputy_secretary' ELSE 'committee_member' END,
            CASE r.rn WHEN 1 THEN '书记' WHEN 2 THEN '副书记' WHEN 3 THEN '组织委员' WHEN 4 THEN '宣传委员' ELSE '纪检委员' END,
            -- from the latest election, or from the day the member came to the org when later (a by-election)
            greatest(
              least(coalesce((SELECT max(t.elected_on) FROM org_term t WHERE t.org_id = r.org_id), $2::date), $2::date),
              (SELECT min(per.valid_from) FROM member_period per WHERE per.member_id = r.id AND per.org_id = r.org_id))
       FROM ranked r WHERE r.rn = 1 OR (r.n >= $1 AND r.rn <= 5)`,
    [min, today],
  );
  // deepest first, one level at a time: a member who became secretary below is not taken again above
  const depths = await db.query<{ depth: number }>(
    `SELECT DISTINCT o.depth FROM org o
      WHERE o.status = 'active' AND ${inScope('o.id', scope)}
        AND NOT EXISTS (SELECT 1 FROM member m WHERE m.org_id = o.id AND m.status = 'full')
      ORDER BY 1 DESC`,
  );
  for (const { depth } of depths)
    await db.query(
      `WITH lead AS (
       SELECT o.id, o.path, o.depth,
              least(coalesce((SELECT max(t.elected_on) FROM org_term t WHERE t.org_id = o.id), $1::date), $1::date) AS start_on
         FROM org o
        WHERE o.status = 'active' AND o.depth = $2 AND ${inScope('o.id', scope)}
          AND NOT EXISTS (SELECT 1 FROM member m WHERE m.org_id = o.id AND m.status = 'full')),
     cand AS (
       SELECT l.id AS org_id, l.start_on, m.id,
              row_number() OVER (PARTITION BY l.id
                                 ORDER BY (c.name LIKE '%机关%') DESC, abs(extract(year from m.birth_date) - 1972), m.id) AS rn
         FROM lead l
         JOIN org c ON c.path LIKE l.path || '%' AND c.depth IN (l.depth + 1, l.depth + 2)
         JOIN ${MEMBER_ROWS} m ON m.org_id = c.id AND m.status = 'full'
        WHERE NOT EXISTS (SELECT 1 FROM committee_post p WHERE p.member_id = m.id AND p.post = 'secretary')
          AND EXISTS (SELECT 1 FROM member_period per JOIN org po ON po.id = per.org_id
                       WHERE per.member_id = m.id AND po.path LIKE l.path || '%'
                         AND per.valid_from <= l.start_on AND (per.valid_to IS NULL OR per.valid_to > l.start_on)))
     INSERT INTO committee_post (org_id, member_id, post, title, start_on)
     SELECT r.org_id, r.id,
            CASE WHEN r.rn = 1 THEN 'secretary' WHEN r.rn = 2 THEN 'deputy_secretary' ELSE 'committee_member' END,
            CASE r.rn WHEN 1 THEN '书记' WHEN 2 THEN '副书记' WHEN 3 THEN '组织委员' WHEN 4 THEN '宣传委员' ELSE '纪检委员' END,
            r.start_on
       FROM cand r WHERE r.rn <= 5`,
      [today, depth],
    );
}

/** The first township committee (by code) directly under the org `rootCode`. */
export async function firstTownship(
  db: Db,
  rootCode: string,
): Promise<{ code: string; name: string; path: string } | undefined> {
  const [township] = await db.query<{ code: string; name: string; path: string }>(
    `SELECT o.code, o.name, o.path FROM org o JOIN org r ON r.id = o.parent_id
      WHERE r.code = $1 AND o.kind = 'township_committee' ORDER BY o.code LIMIT 1`,
    [rootCode],
  );
  return township;
}

/**
 * An org below a county that stands for its townships where the tree has no township committee directly under the
 * county (the province benches' seeded tree): the first org below it, township committees first, then the
 * shallowest, that has an active branch with full members somewhere below it; undefined when none has.
 */
export async function townshipLikeUnder(
  db: Db,
  rootCode: string,
): Promise<{ code: string; name: string; path: string; kind: string } | undefined> {
  const [org] = await db.query<{ code: string; name: string; path: string; kind: string }>(
    `SELECT o.code, o.name, o.path, o.kind FROM org r JOIN org o ON o.path LIKE r.path || '%' AND o.id <> r.id
      WHERE r.code = $1 AND o.status = 'active' AND o.kind NOT IN ('branch', 'joint_branch')
        AND EXISTS (SELECT 1 FROM org b JOIN member m ON m.org_id = b.id AND m.status = 'full'
                     WHERE b.path LIKE o.path || '%' AND b.kind = 'branch' AND b.status = 'active')
      ORDER BY (o.kind = 'township_committee') DESC, o.depth, o.code LIMIT 1`,
    [rootCode],
  );
  return org;
}

/** The first village branch (by path) under `path` with at least three full members. */
export async function firstVillageBranch(
  db: Db,
  path: string,
): Promise<{ code: string; name: string; id: number } | undefined> {
  const [branch] = await db.query<{ code: string; name: string; id: number }>(
    `SELECT o.code, o.name, o.id FROM org o
          WHERE o.path LIKE $1 || '%' AND o.kind = 'branch' AND o.sector = 'village'
            AND (SELECT count(*) FROM member m WHERE m.org_id = o.id AND m.status = 'full') >= 3
          ORDER BY o.path LIMIT 1`,
    [path],
  );
  return branch;
}

/** The first full member (by id) of the org `orgId`. */
export async function firstFullMember(db: Db, orgId: number): Promise<{ id: number } | undefined> {
  const [member] = await db.query<{ id: number }>(
    "SELECT id FROM member WHERE org_id = $1 AND status = 'full' ORDER BY id LIMIT 1",
    [orgId],
  );
  return member;
}

// --- the demo's history ------------------------------------------------------------------------------------------

/** The temporary tables the history is sent into (COPY), with their columns in COPY order. */
export const DEMO_CHANGE_TABLE = {
  name: 'jiceng_demo_change',
  columns: ['code', 'on_date', 'kind', 'name'],
} as const;
export const DEMO_PERIOD_TABLE = {
  name: 'jiceng_demo_period',
  columns: ['id_number', 'org_code', 'status', 'valid_from', 'valid_to'],
} as const;
export const DEMO_MOVE_TABLE = {
  name: 'jiceng_demo_move',
  columns: ['id_number', 'on_date', 'from_code', 'to_code'],
} as const;

/** Locks the orgs of `codes` FOR KEY SHARE, as each row's foreign-key check would. */
export async function lockOrgsForKeyShare(db: Db, codes: readonly string[]): Promise<void> {
  await db.query('SELECT id FROM org WHERE code = ANY($1::text[]) FOR KEY SHARE', [codes]);
}

/**
 * session_replication_role for the rest of the transaction: 'replica' skips the per-row triggers — where the session
 * may set it (a superuser, or granted SET on PostgreSQL 15+). Elsewhere (a deployment's own non-superuser role) it
 * does nothing and the triggers run: slower, the same rows (the demo's writes set the bulk flag, under which the row
 * audit stands aside, and their other triggers only mark work to do, ignoring conflicts).
 */
export async function setReplicationRole(db: Db, role: 'replica' | 'origin'): Promise<void> {
  if (!(await maySkipRowTriggers(db))) return;
  await db.query(`SELECT set_config('session_replication_role', '${role}', true)`);
}

/** The `jiceng.bulk` flag for the rest of the transaction (the row audit triggers stand aside while it is on). */
export async function setBulkFlag(db: Db, on: boolean): Promise<void> {
  await db.query(`SELECT set_config('jiceng.bulk', '${on ? 'on' : 'off'}', true)`);
}

export async function createDemoChangeTable(db: Db): Promise<void> {
  await db.query(
    'CREATE TEMP TABLE jiceng_demo_change (code text NOT NULL, on_date date NOT NULL, kind text NOT NULL, name text NOT NULL) ON COMMIT DROP',
  );
}

/**
 * From the rows sent into jiceng_demo_change: the version written from the founding date becomes the earlier one
 * and the current one starts on the change, with a dated 'renamed' event recorded by `who`; drops the table.
 */
export async function writeDemoChanges(db: Db, who: number | null): Promise<void> {
  await db.query(
    `UPDATE org_version v SET valid_to = c.on_date, kind = c.kind, name = c.name
         FROM jiceng_demo_change c JOIN org o ON o.code = c.code
        WHERE v.org_id = o.id AND v.valid_to IS NULL`,
  );
  await db.query(
    `INSERT INTO org_version (org_id, valid_from, valid_to, parent_id, name, kind, sector)
       SELECT o.id, c.on_date, NULL, o.parent_id, o.name, o.kind, o.sector
         FROM jiceng_demo_change c JOIN org o ON o.code = c.code ORDER BY o.id`,
  );
  await db.query(
    `INSERT INTO org_event (org_id, kind, effective_on, data, recorded_by)
       SELECT o.id, 'renamed', c.on_date,
              jsonb_build_object('before', jsonb_build_object('name', c.name, 'kind', c.kind),
                                 'after', jsonb_build_object('name', o.name, 'kind', o.kind), 'source', 'demo'),
              $1::int
         FROM jiceng_demo_change c JOIN org o ON o.code = c.code ORDER BY o.id`,
    [who],
  );
  await db.query('DROP TABLE jiceng_demo_change');
}

export async function createDemoMoveTables(db: Db): Promise<void> {
  await db.query(
    `CREATE TEMP TABLE jiceng_demo_period (id_number text NOT NULL, org_code text NOT NULL, status text NOT NULL,
         valid_from date NOT NULL, valid_to date) ON COMMIT DROP`,
  );
  await db.query(
    `CREATE TEMP TABLE jiceng_demo_move (id_number text NOT NULL, on_date date NOT NULL, from_code text NOT NULL,
         to_code text NOT NULL) ON COMMIT DROP`,
  );
}

/**
 * From the rows sent into jiceng_demo_period and jiceng_demo_move: the moved members' periods replaced by their
 * history and a dated 'move' event per move recorded by `who`; drops both tables.
 */
export async function writeDemoMoves(db: Db, who: number | null): Promise<void> {
  // the periods written from joining in today's org give way to the member's history
  await db.query(
    `DELETE FROM member_period WHERE member_id IN (
         SELECT m.id FROM ${MEMBER_ROWS} m JOIN (SELECT DISTINCT id_number FROM jiceng_demo_move) d ON d.id_number = m.id_number)`,
  );
  await db.query(
    `INSERT INTO member_period (member_id, org_id, status, valid_from, valid_to)
       SELECT m.id, o.id, d.status, d.valid_from, d.valid_to
         FROM jiceng_demo_period d JOIN ${MEMBER_ROWS} m ON m.id_number = d.id_number JOIN org o ON o.code = d.org_code
        ORDER BY m.id, d.valid_from`,
  );
  // a move names the orgs as they were named that day (a split branch by its earlier name)
  await db.query(
    `INSERT INTO member_event (member_id, kind, effective_on, data, recorded_by)
       SELECT m.id, 'move', d.on_date,
              jsonb_build_object('note', NULL, 'fromOrgCode', d.from_code,
                'fromOrgName', (SELECT v.name FROM org_version v WHERE v.org_id = f.id AND v.valid_from < d.on_date
                                 ORDER BY v.valid_from DESC LIMIT 1),
                'toOrgCode', d.to_code,
                'toOrgName', (SELECT v.name FROM org_version v WHERE v.org_id = t.id AND v.valid_from <= d.on_date
                               ORDER BY v.valid_from DESC LIMIT 1),
                'source', 'demo'),
              $1::int
         FROM jiceng_demo_move d JOIN ${MEMBER_ROWS} m ON m.id_number = d.id_number
              JOIN org f ON f.code = d.from_code JOIN org t ON t.code = d.to_code
        ORDER BY m.id, d.on_date`,
    [who],
  );
  await db.query('DROP TABLE jiceng_demo_period');
  await db.query('DROP TABLE jiceng_demo_move');
}

/** The path of the first root org (by id), or null when there is none. */
export async function firstRootPath(db: Db): Promise<string | null> {
  const [root] = await db.query<{ path: string }>(
    'SELECT path FROM org WHERE parent_id IS NULL ORDER BY id LIMIT 1',
  );
  return root?.path ?? null;
}

// --- the demo's organisational life (decision 0015) ----------------------------------------------------------------

/** SQL: a deterministic number 0 … 2^28-1 from a text (the demo's dice: the same org and month, the same roll). */
const roll = (text: string) => `(('x' || substr(md5(${text}), 1, 7))::bit(28)::int)`;

/**
 * The part of the tree a demo statement writes in: an org path prefix ('/1/23/', a county of the province demo),
 * or null for the whole database (the demo county).
 */
export type DemoScope = string | null;

/** SQL: the org id in `col` lies in the scope (true without one); the path is checked, then inlined. */
function inScope(col: string, scope: DemoScope | undefined): string {
  if (scope === null || scope === undefined) return 'true';
  if (!/^\/(\d+\/)+$/.test(scope)) throw new Error(`not an org path: ${scope}`);
  return `${col} IN (SELECT sc.id FROM org sc WHERE sc.path LIKE '${scope}%')`;
}

const THEME_TOPICS = [
  '学习党章，重温入党誓词',
  '学习习近平新时代中国特色社会主义思想',
  '志愿服务：清扫村道、整治人居环境',
  '走访慰问困难党员和老党员',
  '学习《中国共产党纪律处分条例》',
  '乡村振兴专题学习讨论',
  '学习党的二十届三中全会精神',
  '开展防汛、防火安全宣传',
  '观看警示教育片并交流体会',
  '为民办实事：收集群众意见建议',
];
const COMMITTEE_TOPICS = [
  '研究本月工作安排',
  '研究发展党员工作',
  '研究党费收缴和使用',
  '研究为民办实事项目',
  '研究主题党日活动方案',
];
const REASONS = ['外出务工', '因病', '因公外出', '家中有事', '年老体弱行动不便'];
const sqlArray = (xs: readonly string[]) => `ARRAY[${xs.map((x) => `'${x.replace(/'/g, "''")}'`).join(',')}]`;

/**
 * SQL: the member has stopped coming by the meeting's day — about one member in fifty, absent from every meeting
 * since two to six months before the month of `today` (so the 党章第九条 flags have something to show, decision 0023).
 */
function drifting(memberCol: string, dayCol: string, today: string): string {
  return `(${roll(`${memberCol}::text || 'drift'`)} % 100 < 2
           AND ${dayCol} >= (date_trunc('month', ${today}::date)
                             - (2 + ${roll(`${memberCol}::text || 'since'`)} % 5) * interval '1 month')::date)`;
}

/**
 * An attendance insert's CTE (`ins … RETURNING member_id`) under the replica role: marks its members in
 * life_run_dirty as the statement trigger `jiceng_life_run_new` (migration 0041) does, which that role skips.
 */
const MARK_LIFE_RUNS = `marked AS (
       INSERT INTO life_run_dirty (member_id) SELECT DISTINCT member_id FROM ins ON CONFLICT DO NOTHING)`;

/**
 * A year of meetings for every org that owes organisational life (branches, and general branches with members of
 * their own): from the first day of the month a year before `today` up to `today`, with realistic gaps decided by
 * dice rolled from the org's code and the month (so the same county gets the same history): about one org in
 * sixteen stalled for the last few months, about a quarter patchy (a month or a quarter skipped now and then), the
 * rest regular. A theme day each month on the org's fixed day; the second month of each quarter's theme day is also
 * the general meeting and a party lecture; December's is also the 组织生活会 and the 民主评议; orgs with a committee
 * hold a committee meeting a few days before. Only on days the org existed and had members on its roster.
 * Attendance: everyone on the roster that day (a committee meeting: the committee), most present, some excused with a
 * reason, a few absent — more in the patchy and stalled orgs; about one member in fifty absent from every meeting
 * since two to six months before this month (so the 党章第九条 flags have something to show). Returns the rows written.
 */
export async function insertDemoMeetings(
  db: Db,
  today: string,
  who: number | null,
  scope: DemoScope = null,
): Promise<{ meetings: number; attendance: number }> {
  const day = `(5 + ${roll("w.code || 'day'")} % 20)`;
  const [m] = await db.query<{ n: number }>(
    `WITH RECURSIVE months(m) AS (
       SELECT (date_trunc('month', $1::date) - interval '12 months')::date
       UNION ALL SELECT (m + interval '1 month')::date FROM months WHERE m < date_trunc('month', $1::date)::date),
     owing AS (
       SELECT o.id, o.code, o.sector, ${roll('o.code')} % 100 AS health,
              (SELECT count(*) FROM committee_post c WHERE c.org_id = o.id AND c.end_on IS NULL) AS posts,
              (SELECT p.name FROM committee_post c JOIN member mm ON mm.id = c.member_id JOIN person p ON p.id = mm.person_id
                WHERE c.org_id = o.id AND c.end_on IS NULL AND c.post = 'secretary' LIMIT 1) AS secretary,
              (SELECT p.name FROM committee_post c JOIN member mm ON mm.id = c.member_id JOIN person p ON p.id = mm.person_id
                WHERE c.org_id = o.id AND c.end_on IS NULL AND c.post <> 'secretary' ORDER BY c.id LIMIT 1) AS deputy
         FROM org o
        WHERE o.status = 'active' AND o.kind IN ('branch', 'joint_branch', 'temporary_branch', 'general_branch')
          AND ${inScope('o.id', scope)}
          AND EXISTS (SELECT 1 FROM member x WHERE x.org_id = o.id AND x.status IN ('full', 'probationary'))),
     plan AS (
       SELECT w.*, mo.m, extract(month FROM mo.m)::int AS mon,
              ${roll("w.code || to_char(mo.m, 'YYYY-MM')")} % 100 AS r,
              ${roll("w.code || to_char(mo.m, 'YYYY-MM') || 'c'")} % 100 AS rc,
              (mo.m + ${day} * interval '1 day')::date AS theme_on,
              (mo.m + (${day} - 3) * interval '1 day')::date AS committee_on,
              -- a stalled org held nothing from two to five months ago on
              CASE WHEN w.health < 6
                   THEN (date_trunc('month', $1::date) - (2 + w.health % 4) * interval '1 month')::date END AS stalled_from
         FROM owing w CROSS JOIN months mo),
     wanted AS (
       SELECT p.id AS org_id, p.theme_on AS held_on,
              CASE WHEN p.mon = 12 THEN ARRAY['theme_day', 'life_meeting', 'appraisal_meeting']
                   WHEN p.mon % 3 = 2 AND (p.health >= 30 OR p.r % 3 <> 0) THEN ARRAY['theme_day', 'general_meeting', 'party_lecture']
                   ELSE ARRAY['theme_day'] END AS kinds,
              (${sqlArray(THEME_TOPICS)})[1 + p.r % ${THEME_TOPICS.length}] AS topic,
              p.secretary AS host, p.deputy AS recorder,
              CASE WHEN p.mon % 3 = 2 THEN p.secretary END AS lecturer,
              CASE p.sector WHEN 'village' THEN '村党群服务中心' WHEN 'community' THEN '社区党群服务中心' ELSE '党员活动室' END AS place,
              p.code
         FROM plan p
        WHERE (p.stalled_from IS NULL OR p.m < p.stalled_from)
          AND p.r >= CASE WHEN p.health < 30 THEN 25 ELSE 4 END
       UNION ALL
       SELECT p.id, p.committee_on, ARRAY['committee_meeting'],
              (${sqlArray(COMMITTEE_TOPICS)})[1 + p.rc % ${COMMITTEE_TOPICS.length}], p.secretary, p.deputy, NULL,
              '党员活动室', p.code
         FROM plan p
        WHERE p.posts >= 3 AND (p.stalled_from IS NULL OR p.m < p.stalled_from)
          AND p.rc >= CASE WHEN p.health < 30 THEN 30 ELSE 8 END),
     ins AS (
       INSERT INTO meeting (org_id, kinds, held_on, starts_at, place, topic, host, recorder, lecturer, created_by)
       SELECT w.org_id, w.kinds, w.held_on, '09:00'::time, w.place, w.topic, w.host, w.recorder, w.lecturer, $2
         FROM wanted w
        WHERE w.held_on <= $1::date
          AND EXISTS (SELECT 1 FROM org_version v WHERE v.org_id = w.org_id AND ${validOn('v', 'w.held_on')})
          AND EXISTS (SELECT 1 FROM member_period per WHERE per.org_id = w.org_id AND ${validOn('per', 'w.held_on')}
                         AND per.status IN ('full', 'probationary'))
        ORDER BY w.org_id, w.held_on, w.kinds
       RETURNING 1)
     SELECT count(*)::int AS n FROM ins`,
    [today, who],
  );
  // the attendance rows name the meetings just written and members and orgs read here: their three foreign-key
  // checks per row were ~45 % of the demo's seeding (decision 0028's session 14 addendum) and are skipped as the
  // dues' are; with them the statement-level life_run marking (decision 0048) stands aside, so the statement marks
  // its members itself, exactly as that trigger would
  await setReplicationRole(db, 'replica');
  const [a] = await db.query<{ n: number }>(
    `WITH expected AS (
       SELECT mt.id AS meeting_id, mt.org_id, per.member_id, mt.held_on, o.code
         FROM meeting mt JOIN org o ON o.id = mt.org_id
         JOIN member_period per ON per.org_id = mt.org_id AND ${validOn('per', 'mt.held_on')}
              AND per.status IN ('full', 'probationary')
        WHERE mt.kinds <> ARRAY['committee_meeting'] AND ${inScope('mt.org_id', scope)}
       UNION
       SELECT mt.id, mt.org_id, c.member_id, mt.held_on, o.code
         FROM meeting mt JOIN org o ON o.id = mt.org_id
         JOIN committee_post c ON c.org_id = mt.org_id AND c.start_on <= mt.held_on
              AND (c.end_on IS NULL OR c.end_on > mt.held_on)
        WHERE ${inScope('mt.org_id', scope)}),
     rolled AS (
       SELECT e.*, ${roll('e.code || e.held_on::text || e.member_id::text')} % 100 AS r,
              CASE WHEN ${roll('e.code')} % 100 < 30 THEN 14 ELSE 5 END AS absent_pct,
              ${drifting('e.member_id', 'e.held_on', '$1')} AS drifting
         FROM expected e),
     ins AS (
       INSERT INTO meeting_attendance (meeting_id, member_id, org_id, status, reason)
       SELECT r.meeting_id, r.member_id, r.org_id,
              CASE WHEN r.drifting OR r.r < r.absent_pct THEN 'absent'
                   WHEN r.r < r.absent_pct + 8 THEN 'excused' ELSE 'present' END,
              CASE WHEN NOT r.drifting AND r.r >= r.absent_pct AND r.r < r.absent_pct + 8
                   THEN (${sqlArray(REASONS)})[1 + r.r % ${REASONS.length}] END
         FROM rolled r ORDER BY r.meeting_id, r.member_id
       RETURNING member_id),
     ${MARK_LIFE_RUNS}
     SELECT count(*)::int AS n FROM ins`,
    [today],
  );
  await setReplicationRole(db, 'origin');
  return { meetings: m?.n ?? 0, attendance: a?.n ?? 0 };
}

// --- the demo's party groups (decision 0018) -------------------------------------------------------------------------

/**
 * Party groups in about a third of the branches with 12 or more members on their roster today: two or three groups
 * (第一党小组 …), set up 13 months before `today` or on the day the branch was founded if later, each member of the
 * roster in one of them from the later of that day and the day they came onto the roster; the first member of each
 * group (by id) leads it. Rows skip the row triggers (the caller sets the bulk flag). Returns the rows written.
 */
export async function insertDemoGroups(
  db: Db,
  today: string,
  scope: DemoScope = null,
): Promise<{ groups: number; members: number }> {
  const [g] = await db.query<{ n: number }>(
    `WITH cand AS (
       SELECT o.id, o.code,
              greatest((SELECT min(v.valid_from) FROM org_version v WHERE v.org_id = o.id),
                       (date_trunc('month', $1::date) - interval '13 months')::date) AS created_on,
              2 + ${roll("o.code || 'groups'")} % 2 AS n
         FROM org o
        WHERE o.status = 'active' AND o.kind IN ('branch', 'joint_branch', 'general_branch')
          AND ${roll("o.code || 'hasgroups'")} % 100 < 35 AND ${inScope('o.id', scope)}
          AND (SELECT count(*) FROM member_period per
                WHERE per.org_id = o.id AND per.valid_to IS NULL AND per.status IN ('full', 'probationary')) >= 12),
     ins AS (
       INSERT INTO party_group (org_id, name, created_on)
       SELECT c.id, (ARRAY['第一党小组','第二党小组','第三党小组'])[k], c.created_on
         FROM cand c CROSS JOIN generate_series(1, 3) AS k WHERE k <= c.n AND c.created_on <= $1::date
       RETURNING 1)
     SELECT count(*)::int AS n FROM ins`,
    [today],
  );
  const [m] = await db.query<{ n: number }>(
    `WITH grp AS (
       SELECT g.id, g.org_id, g.created_on, row_number() OVER (PARTITION BY g.org_id ORDER BY g.id) - 1 AS k,
              count(*) OVER (PARTITION BY g.org_id) AS n
         FROM party_group g WHERE ${inScope('g.org_id', scope)}),
     ins AS (
       INSERT INTO party_group_member (group_id, member_id, org_id, valid_from)
       SELECT g.id, per.member_id, per.org_id, greatest(g.created_on, per.valid_from)
         FROM member_period per JOIN grp g ON g.org_id = per.org_id AND g.k = per.member_id % g.n
        WHERE per.valid_to IS NULL AND per.status IN ('full', 'probationary')
       RETURNING 1)
     SELECT count(*)::int AS n FROM ins`,
  );
  await db.query(
    `UPDATE party_group g SET leader_member_id = (SELECT min(gm.member_id) FROM party_group_member gm WHERE gm.group_id = g.id)
      WHERE ${inScope('g.org_id', scope)}`,
  );
  return { groups: g?.n ?? 0, members: m?.n ?? 0 };
}

/**
 * A 党小组会 for each demo group in most months since it was set up (a few months skipped, by the dice), on a day
 * after its members joined; attendance: the group's members that day, a few excused. Returns the rows written.
 */
export async function insertDemoGroupMeetings(
  db: Db,
  today: string,
  who: number | null,
  scope: DemoScope = null,
): Promise<{ meetings: number; attendance: number }> {
  const [m] = await db.query<{ n: number }>(
    `WITH RECURSIVE months(m) AS (
       SELECT (date_trunc('month', $1::date) - interval '12 months')::date
       UNION ALL SELECT (m + interval '1 month')::date FROM months WHERE m < date_trunc('month', $1::date)::date),
     wanted AS (
       SELECT g.id AS group_id, g.org_id, g.name, o.code,
              (mo.m + (8 + ${roll("o.code || g.name || 'day'")} % 15) * interval '1 day')::date AS held_on,
              ${roll("o.code || g.name || to_char(mo.m, 'YYYY-MM')")} % 100 AS r
         FROM party_group g JOIN org o ON o.id = g.org_id CROSS JOIN months mo
        WHERE ${inScope('g.org_id', scope)}),
     ins AS (
       INSERT INTO meeting (org_id, kinds, held_on, starts_at, place, topic, host, party_group_id, created_by)
       SELECT w.org_id, ARRAY['group_meeting'], w.held_on, '19:30'::time, '党员活动室',
              w.name || '学习会', NULL, w.group_id, $2
         FROM wanted w
        WHERE w.held_on <= $1::date AND w.r >= 12
          AND w.held_on >= (SELECT max(gm.valid_from) FROM party_group_member gm WHERE gm.group_id = w.group_id)
        ORDER BY w.org_id, w.held_on
       RETURNING 1)
     SELECT count(*)::int AS n FROM ins`,
    [today, who],
  );
  // as the meetings' attendance above: foreign-key checks skipped, the life runs marked by the statement
  await setReplicationRole(db, 'replica');
  const [a] = await db.query<{ n: number }>(
    `WITH expected AS (
       SELECT mt.id AS meeting_id, mt.org_id, gm.member_id, mt.held_on
         FROM meeting mt JOIN party_group_member gm ON gm.group_id = mt.party_group_id AND ${validOn('gm', 'mt.held_on')}
        WHERE mt.party_group_id IS NOT NULL AND ${inScope('mt.org_id', scope)}
          AND EXISTS (SELECT 1 FROM member_period per WHERE per.member_id = gm.member_id AND per.org_id = mt.org_id
                         AND ${validOn('per', 'mt.held_on')} AND per.status IN ('full', 'probationary'))),
     ins AS (
       INSERT INTO meeting_attendance (meeting_id, member_id, org_id, status, reason)
       SELECT e.meeting_id, e.member_id, e.org_id,
              CASE WHEN ${drifting('e.member_id', 'e.held_on', '$1')} THEN 'absent'
                   WHEN ${roll("e.held_on::text || e.member_id::text || 'g'")} % 100 < 7 THEN 'excused' ELSE 'present' END,
              CASE WHEN NOT ${drifting('e.member_id', 'e.held_on', '$1')}
                        AND ${roll("e.held_on::text || e.member_id::text || 'g'")} % 100 < 7 THEN '外出务工' END
         FROM expected e ORDER BY e.meeting_id, e.member_id
       RETURNING member_id),
     ${MARK_LIFE_RUNS}
     SELECT count(*)::int AS n FROM ins`,
    [today],
  );
  await setReplicationRole(db, 'origin');
  return { meetings: m?.n ?? 0, attendance: a?.n ?? 0 };
}

/**
 * Heart talks (decision 0018): in about four orgs in five, the secretary talks with most members of the roster in
 * the last seven months (one talk each, on a day both were in post and on the roster). Returns the talks written.
 */
export async function insertDemoHeartTalks(
  db: Db,
  today: string,
  who: number | null,
  scope: DemoScope = null,
): Promise<number> {
  const [r] = await db.query<{ n: number }>(
    `WITH sec AS (
       SELECT DISTINCT ON (c.org_id) c.org_id, c.member_id AS sec_id, c.start_on, o.code
         FROM committee_post c JOIN org o ON o.id = c.org_id
        WHERE c.post = 'secretary' AND c.end_on IS NULL AND o.status = 'active'
          AND o.kind IN ('branch', 'joint_branch', 'temporary_branch', 'general_branch')
          AND ${roll("o.code || 'talks'")} % 100 < 80 AND ${inScope('o.id', scope)}
        ORDER BY c.org_id, c.start_on DESC),
     plan AS (
       SELECT nextval('heart_talk_id_seq')::int AS id, s.org_id, s.sec_id, per.member_id,
              least($1::date, greatest(s.start_on, per.valid_from, $1::date - 210)
                + (${roll("s.code || per.member_id::text || 'talk'")} % 150)) AS held_on
         FROM sec s JOIN member_period per ON per.org_id = s.org_id AND per.valid_to IS NULL
              AND per.status IN ('full', 'probationary') AND per.member_id <> s.sec_id
        WHERE ${roll("s.code || per.member_id::text || 'talked'")} % 100 < 85),
     t AS (
       INSERT INTO heart_talk (id, org_id, held_on, note, created_by)
       SELECT id, org_id, held_on, '谈思想、谈工作、谈家庭情况', $2 FROM plan RETURNING 1),
     p AS (
       INSERT INTO heart_talk_party (talk_id, member_id, org_id)
       SELECT id, sec_id, org_id FROM plan UNION ALL SELECT id, member_id, org_id FROM plan RETURNING 1)
     SELECT (SELECT count(*)::int FROM t) + 0 * (SELECT count(*) FROM p) AS n`,
    [today, who],
  );
  return r?.n ?? 0;
}

/**
 * Grades for the demo's 民主评议党员 meetings (decision 0030): every member on the org's own roster that day, a
 * probationary one not graded; dice from the member and the branch: ~18 % 优秀 (in about one branch in twenty
 * ~40 %, so the over-a-third warning shows), ~2 % 基本合格, ~0.5 % 不合格, the rest 合格; about one weak branch in
 * five held the meeting and entered no grades. Half the 不合格 results have a 限期改正 of six months decided a week
 * after the meeting (when that day is past). Rows skip the row triggers (the caller sets the bulk flag).
 */
export async function insertDemoAppraisals(
  db: Db,
  today: string,
  who: number | null,
  scope: DemoScope = null,
): Promise<number> {
  const [r] = await db.query<{ n: number }>(
    `WITH mt AS (
       SELECT mt.id, mt.org_id, mt.held_on, o.code, ${roll('o.code')} % 100 AS health
         FROM meeting mt JOIN org o ON o.id = mt.org_id
        WHERE 'appraisal_meeting' = ANY(mt.kinds) AND mt.held_on <= $1::date AND ${inScope('mt.org_id', scope)}),
     g AS (
       SELECT mt.id AS meeting_id, mt.org_id, per.member_id, extract(year FROM mt.held_on)::int AS year, mt.held_on,
              per.status, ${roll("mt.code || per.member_id::text || 'grade'")} % 1000 AS r,
              ${roll("mt.code || 'lenient'")} % 100 < 5 AS lenient
         FROM mt JOIN member_period per ON per.org_id = mt.org_id AND ${validOn('per', 'mt.held_on')}
              AND per.status IN ('full', 'probationary')
        WHERE NOT (mt.health < 30 AND ${roll("mt.code || 'nograde'")} % 100 < 20)),
     graded AS (
       SELECT g.*, CASE WHEN g.status <> 'full' THEN NULL
                        WHEN g.r < CASE WHEN g.lenient THEN 400 ELSE 180 END THEN 'excellent'
                        WHEN g.r < 975 THEN 'qualified' WHEN g.r < 995 THEN 'basically_qualified'
                        ELSE 'unqualified' END AS grade
         FROM g),
     ins AS (
       INSERT INTO member_appraisal (meeting_id, org_id, member_id, year, grade, follow_up, follow_up_on,
                                     follow_up_until, follow_up_note, created_by)
       SELECT x.meeting_id, x.org_id, x.member_id, x.year, x.grade, f.kind, f.on_day, f.until, f.note, $2
         FROM graded x
         LEFT JOIN LATERAL (
           SELECT 'rectify' AS kind, x.held_on + 7 AS on_day, x.held_on + 187 AS until, '支部委员会研究，限期半年改正' AS note
            WHERE x.grade = 'unqualified' AND x.member_id % 2 = 0 AND x.held_on + 7 <= $1::date) f ON true
        ORDER BY x.meeting_id, x.member_id
       ON CONFLICT (member_id, year) DO NOTHING
       RETURNING 1)
     SELECT count(*)::int AS n FROM ins`,
    [today, who],
  );
  return r?.n ?? 0;
}

// --- the demo's dues (decision 0022) ---------------------------------------------------------------------------------

/** A (category, base) the demo hands out and its standard monthly amount, computed by the caller from the rule set. */
export interface DemoDuesAmount {
  category: string;
  /** null for the categories without a base */
  baseFen: number | null;
  fen: number;
}

/**
 * A year of dues for every member on the roster in it (decision 0022): bases, a few reliefs, payments and township
 * remittances, set-based. Every row is possible: a month is paid only when the member was on the roster on one of
 * its days, on a day they were on it (never before joining or after leaving) and never after `today`; a quarterly
 * prepayment covers only months the member owes and at most the quarter it is paid in. Dice from the member's id and
 * the branch's code (the same county, the same history): ~3 % of the members with no basis (未核定), ~12 % with a
 * basis older than a year (待重新核定), ~12 % of the salaried with a raise from a quarter; about one branch in
 * seventeen stopped collecting three to seven months ago, half of the branches collect by the quarter, ~2 % of
 * the members stopped paying six to nine months ago, ~3 % three to five, ~5 % pay two months late. Amounts come from
 * `amounts` (computed by the rule set, never here). Rows skip the row triggers (the caller sets the bulk flag).
 */
export async function insertDemoDues(
  db: Db,
  today: string,
  who: number | null,
  amounts: readonly DemoDuesAmount[],
  scope: DemoScope = null,
): Promise<{ bases: number; reliefs: number; payments: number; remittances: number }> {
  const salaried = amounts.filter((a) => a.category === 'salaried').map((a) => a.baseFen!);
  const retired = amounts.filter((a) => a.category === 'retired').map((a) => a.baseFen!);
  const selfEmployed = amounts.filter((a) => a.category === 'self_employed').map((a) => a.baseFen!);
  const arr = (xs: readonly number[]) => `ARRAY[${xs.map((x) => String(Math.trunc(x))).join(',')}]::int[]`;
  // the rows name members and orgs read here: their foreign-key checks (two per payment, most of the time spent)
  // are skipped like the demo history's; the month-by-member sort fits in memory
  await setReplicationRole(db, 'replica');
  await db.query("SELECT set_config('work_mem', '64MB', true)");
  // months owed in the window (the 12 months to today's) and up to the end of today's quarter, with the org, the
  // first and the end (exclusive) day on the roster in each
  await db.query(
    `CREATE TEMP TABLE jiceng_demo_owed ON COMMIT DROP AS
     WITH RECURSIVE months(m) AS (
       SELECT (date_trunc('month', $1::date) - interval '12 months')::date
       UNION ALL SELECT (m + interval '1 month')::date FROM months
        WHERE m < (date_trunc('quarter', $1::date) + interval '2 months')::date)
     SELECT per.member_id, mo.m,
            (array_agg(per.org_id ORDER BY per.valid_from DESC))[1] AS org_id,
            greatest(min(per.valid_from), mo.m) AS first_day,
            least(max(coalesce(per.valid_to, 'infinity'::date)), (mo.m + interval '1 month')::date) AS end_day
       FROM member_period per
       JOIN months mo ON per.valid_from < (mo.m + interval '1 month')::date AND (per.valid_to IS NULL OR per.valid_to > mo.m)
      WHERE per.status IN ('full', 'probationary') AND per.valid_from <= $1::date AND ${inScope('per.org_id', scope)}
      GROUP BY per.member_id, mo.m`,
    [today],
  );
  // each member's profile: category, bases, behaviour
  await db.query(
    `CREATE TEMP TABLE jiceng_demo_dues ON COMMIT DROP AS
     WITH f AS (
       SELECT ow.member_id, min(ow.m) AS first_m, max(ow.m) FILTER (WHERE ow.m <= $1::date) AS last_m,
              (array_agg(ow.org_id ORDER BY ow.m DESC))[1] AS org_id
         FROM jiceng_demo_owed ow WHERE ow.m <= $1::date GROUP BY ow.member_id),
     p AS (
       SELECT f.*, o.code AS org_code, o.sector, pe.occupation, mem.joined_on, sp.open, sp.left_on,
              ${roll("f.member_id::text || 'dues'")} AS r,
              ${roll("o.code || 'dues'")} % 100 AS branch
         FROM f JOIN org o ON o.id = f.org_id JOIN member mem ON mem.id = f.member_id
         JOIN person pe ON pe.id = mem.person_id
         JOIN (SELECT x.member_id, bool_or(x.valid_to IS NULL) AS open, max(x.valid_to) AS left_on
                 FROM member_period x
                WHERE x.status IN ('full', 'probationary')
                  AND ${scope ? 'x.member_id IN (SELECT ff.member_id FROM f ff)' : 'true'}
                GROUP BY x.member_id) sp
              ON sp.member_id = f.member_id)
     SELECT p.member_id, p.first_m, p.last_m, p.org_id, p.org_code, p.r, p.branch,
            CASE WHEN p.open THEN NULL ELSE p.left_on END AS left_on,
            c.category,
            CASE c.category
              WHEN 'salaried' THEN (${arr(salaried)})[1 + (p.r / 7) % ${salaried.length}]
              WHEN 'retired' THEN (${arr(retired)})[1 + (p.r / 7) % ${retired.length}]
              WHEN 'self_employed' THEN (${arr(selfEmployed)})[1 + (p.r / 7) % ${selfEmployed.length}]
            END AS base_fen,
            p.r % 100 < 3 AS unknown,
            -- the basis: recorded 11 months ago (or when the member came onto the roster since), or for ~12 % of
            -- those on the roster then, 12 months ago — due for the yearly re-check (待重新核定)
            CASE WHEN p.r % 100 BETWEEN 3 AND 14 THEN p.first_m
                 ELSE greatest(p.first_m, (date_trunc('month', $1::date) - interval '11 months')::date) END AS basis_from,
            -- a raise from the quarter six months before today's
            c.category = 'salaried' AND (p.r / 3) % 100 < 12 AS raise,
            CASE WHEN p.branch < 6 THEN (date_trunc('month', $1::date) - (3 + p.branch % 5) * interval '1 month')::date
                 WHEN (p.r / 11) % 100 < 2 THEN (date_trunc('month', $1::date) - (6 + (p.r / 5) % 4) * interval '1 month')::date
                 WHEN (p.r / 11) % 100 < 5 THEN (date_trunc('month', $1::date) - (3 + (p.r / 5) % 3) * interval '1 month')::date
            END AS stopped_from,
            (p.r / 11) % 100 BETWEEN 5 AND 9 AS late,
            p.branch BETWEEN 6 AND 55 AS quarterly,
            (p.r / 13) % 300 = 0 AS exempt,
            (p.r / 13) % 300 = 1 AND c.category IN ('salaried', 'retired') AS reduced
       FROM p
       CROSS JOIN LATERAL (SELECT CASE
              WHEN p.occupation = 'farmer' THEN 'farmer'
              WHEN p.occupation = 'retired' THEN 'retired'
              WHEN p.occupation = 'student' THEN 'student'
              WHEN p.occupation = 'other' THEN CASE WHEN p.r % 3 = 0 THEN 'unemployed' ELSE 'self_employed' END
              WHEN p.occupation IS NULL AND p.sector = 'village' THEN 'farmer'
              ELSE 'salaried' END AS category) c`,
    [today],
  );
  // the planner learns the temporary tables' sizes (PGlite has no autovacuum; without this, nested loops)
  await db.query('ANALYZE jiceng_demo_owed');
  await db.query('ANALYZE jiceng_demo_dues');
  const raiseFrom = `(date_trunc('quarter', $1::date) - interval '6 months')::date`;
  const [b] = await db.query<{ n: number }>(
    `WITH ins AS (
       INSERT INTO dues_basis (member_id, category, base_fen, from_month, note, created_by)
       SELECT d.member_id, d.category, d.base_fen,
              d.basis_from, '年度核定', $2::int
         FROM jiceng_demo_dues d WHERE NOT d.unknown
       UNION ALL
       SELECT d.member_id, d.category,
              (${arr(salaried)})[least(1 + (d.r / 7) % ${salaried.length} + 1, ${salaried.length})], ${raiseFrom},
              '工资调整', $2::int
         FROM jiceng_demo_dues d
        WHERE NOT d.unknown AND d.raise AND d.basis_from < ${raiseFrom}
        ORDER BY 1, 4
       RETURNING 1)
     SELECT count(*)::int AS n FROM ins`,
    [today, who],
  );
  const [rl] = await db.query<{ n: number }>(
    `WITH ins AS (
       INSERT INTO dues_relief (member_id, kind, monthly_fen, from_month, to_month, approved_by, approved_on, reason, created_by)
       SELECT d.member_id, CASE WHEN d.exempt THEN 'exempt' ELSE 'reduced' END,
              CASE WHEN d.exempt THEN NULL ELSE 50 END, d.basis_from, NULL,
              coalesce('中共' || t.name, '上级党委'), greatest(d.basis_from - 10, mem.joined_on),
              CASE WHEN d.exempt THEN '长期患病，生活困难' ELSE '家庭生活困难' END, $1::int
         FROM jiceng_demo_dues d JOIN member mem ON mem.id = d.member_id
         JOIN org o ON o.id = d.org_id LEFT JOIN org t ON t.id = o.parent_id
        WHERE (d.exempt OR d.reduced) AND NOT d.unknown
        ORDER BY d.member_id
       RETURNING 1)
     SELECT count(*)::int AS n FROM ins`,
    [who],
  );
  const amountValues = amounts
    .map(
      (a) =>
        `('${a.category}', ${a.baseFen === null ? 'NULL::int' : String(Math.trunc(a.baseFen))}, ${Math.trunc(a.fen)})`,
    )
    .join(', ');
  const day = `(5 + ${roll("d.org_code || 'payday'")} % 18)`;
  const [pm] = await db.query<{ n: number }>(
    `WITH amounts(category, base_fen, fen) AS (VALUES ${amountValues}),
     bases AS (
       SELECT b.member_id, b.category, b.base_fen, b.from_month,
              lead(b.from_month) OVER (PARTITION BY b.member_id ORDER BY b.from_month) AS next_month
         FROM dues_basis b
        WHERE ${scope ? 'b.member_id IN (SELECT dd.member_id FROM jiceng_demo_dues dd)' : 'true'}),
     due AS (
       SELECT ow.member_id, ow.m, ow.org_id, ow.first_day, ow.end_day, d.left_on, d.late, d.quarterly, d.r,
              d.stopped_from, d.org_code,
              CASE WHEN d.exempt THEN 0 WHEN d.reduced THEN least(a.fen, 50) ELSE a.fen END AS fen,
              -- the quarter's months this member owes (a quarterly payment covers the whole quarter or falls back
              -- to months)
              count(*) OVER (PARTITION BY ow.member_id, date_trunc('quarter', ow.m)) AS in_quarter,
              ${day} AS payday
         FROM jiceng_demo_owed ow JOIN jiceng_demo_dues d ON d.member_id = ow.member_id
         JOIN bases bs ON bs.member_id = ow.member_id AND bs.from_month <= ow.m
                      AND (bs.next_month IS NULL OR ow.m < bs.next_month)
         JOIN amounts a ON a.category = bs.category AND a.base_fen IS NOT DISTINCT FROM bs.base_fen
        WHERE NOT d.unknown AND ow.m >= d.basis_from
          AND (d.stopped_from IS NULL OR ow.m < d.stopped_from)),
     grouped AS (
       SELECT member_id, org_id, r, left_on, org_code,
              CASE WHEN quarterly AND in_quarter = 3 AND NOT late THEN date_trunc('quarter', m)::date ELSE m END AS g,
              min(m) AS from_m, max(m) AS to_m, sum(fen)::int AS amount,
              max(first_day) FILTER (WHERE m = CASE WHEN quarterly AND in_quarter = 3 AND NOT late
                                                    THEN date_trunc('quarter', m)::date ELSE m END) AS first_day,
              min(end_day) AS end_day, bool_or(late) AS late, min(payday) AS payday
         FROM due
        GROUP BY member_id, org_id, r, left_on, org_code,
                 CASE WHEN quarterly AND in_quarter = 3 AND NOT late THEN date_trunc('quarter', m)::date ELSE m END),
     dated AS (
       SELECT g.*,
              CASE WHEN g.late THEN (g.from_m + interval '2 months' + (g.payday - 1) * interval '1 day')::date
                   ELSE greatest(least((g.from_m + (g.payday - 1) * interval '1 day')::date, g.end_day - 1), g.first_day)
              END AS paid_on
         FROM grouped g WHERE g.amount > 0 AND g.to_m <= (date_trunc('month', $1::date) + interval '3 months')::date),
     ins AS (
       INSERT INTO dues_payment (member_id, org_id, from_month, to_month, amount_fen, voluntary_fen, paid_on, method,
                                 channel, paid_by, note, created_by)
       SELECT x.member_id, x.org_id, x.from_m, x.to_m, x.amount,
              CASE WHEN (x.r / 17) % 400 = 0 AND x.from_m = (date_trunc('month', $1::date) - interval '5 months')::date
                   THEN 100000 ELSE 0 END,
              x.paid_on,
              (ARRAY['cash','cash','wechat','cash','transfer','alipay','wechat'])[1 + (x.r / 19) % 7], 'branch',
              CASE WHEN (x.r / 23) % 50 = 0 THEN '家属' END, NULL, $2::int
         FROM dated x
        WHERE x.paid_on <= $1::date AND (x.left_on IS NULL OR x.paid_on < x.left_on)
        ORDER BY x.member_id, x.from_m
       RETURNING 1)
     SELECT count(*)::int AS n FROM ins`,
    [today, who],
  );
  // the townships remit each month's collection of their subtree on the 25th of the following month (most of
  // them; always the first, whose accounts the demo prints)
  const [rm] = await db.query<{ n: number }>(
    `WITH t AS (SELECT o.id, o.path FROM org o WHERE o.kind = 'township_committee' AND o.status = 'active'
                   AND ${inScope('o.id', scope)}
                   AND (${roll("o.code || 'remit'")} % 100 >= 15
                        OR o.code = (SELECT min(x.code) FROM org x WHERE x.kind = 'township_committee'))),
     sums AS (
       SELECT t.id, date_trunc('month', p.paid_on)::date AS m, sum(p.amount_fen + p.voluntary_fen)::int AS amount
         FROM t JOIN org b ON b.path LIKE t.path || '%' JOIN dues_payment p ON p.org_id = b.id
        WHERE p.paid_on < date_trunc('month', $1::date)
        GROUP BY t.id, date_trunc('month', p.paid_on)),
     ins AS (
       INSERT INTO dues_remittance (org_id, month, remitted_on, amount_fen, note, created_by)
       SELECT s.id, s.m, least((s.m + interval '1 month 24 days')::date, $1::date), s.amount, '上缴县委组织部', $2::int
         FROM sums s WHERE s.amount > 0 ORDER BY s.id, s.m
       RETURNING 1)
     SELECT count(*)::int AS n FROM ins`,
    [today, who],
  );
  await db.query('DROP TABLE jiceng_demo_owed');
  await db.query('DROP TABLE jiceng_demo_dues');
  await setReplicationRole(db, 'origin');
  return { bases: b?.n ?? 0, reliefs: rl?.n ?? 0, payments: pm?.n ?? 0, remittances: rm?.n ?? 0 };
}

/**
 * A possible history of 换届 (decision 0023): the demo plans every term as current, so after the seed about one branch
 * in twenty is moved to a term that ended one to ten months ago without an election (overdue), about one in fifty to
 * one that ended and was postponed by the org above for six months (its document number made up), and about one in
 * twenty to one that ends within the next five months. The term's `elected` event moves with it. Rows skip the row
 * triggers (the caller sets the bulk flag). Returns the terms moved and the postponements written.
 */
export async function insertDemoTermHistory(
  db: Db,
  today: string,
  who: number | null,
  scope: DemoScope = null,
): Promise<{ moved: number; postponed: number }> {
  const [m] = await db.query<{ n: number }>(
    `WITH pick AS (
       SELECT DISTINCT ON (t.org_id) t.id, t.org_id, t.elected_on, t.term_years, ${roll("o.code || 'term'")} % 100 AS r,
              ${roll("o.code || 'shift'")} % 100 AS s
         FROM org_term t JOIN org o ON o.id = t.org_id
        WHERE o.status = 'active' AND o.kind IN ('branch', 'general_branch') AND ${inScope('o.id', scope)}
        ORDER BY t.org_id, t.elected_on DESC, t.id DESC),
     moved AS (
       SELECT p.*, CASE
                WHEN p.r < 7 THEN ($1::date - make_interval(years => p.term_years) - (30 + p.s * 3) * interval '1 day')::date
                ELSE ($1::date - make_interval(years => p.term_years) + (10 + p.s * 14 / 10) * interval '1 day')::date
              END AS new_on
         FROM pick p WHERE p.r < 12),
     ev AS (
       UPDATE org_event e SET effective_on = mv.new_on,
              data = e.data || jsonb_build_object('termEndsOn', (mv.new_on + make_interval(years => mv.term_years))::date::text)
         FROM moved mv
        WHERE e.org_id = mv.org_id AND e.kind = 'elected' AND e.effective_on = mv.elected_on
       RETURNING 1),
     upd AS (
       UPDATE org_term t SET elected_on = mv.new_on,
              term_ends_on = (mv.new_on + make_interval(years => mv.term_years))::date
         FROM moved mv WHERE t.id = mv.id
       RETURNING t.id)
     SELECT (SELECT count(*) FROM upd)::int + 0 * (SELECT count(*) FROM ev)::int AS n`,
    [today],
  );
  const [p] = await db.query<{ n: number }>(
    `WITH due AS (
       SELECT DISTINCT ON (t.org_id) t.id, t.org_id, t.term_ends_on, o.code, par.name AS parent
         FROM org_term t JOIN org o ON o.id = t.org_id LEFT JOIN org par ON par.id = o.parent_id
        WHERE o.status = 'active' AND o.kind IN ('branch', 'general_branch') AND ${inScope('o.id', scope)}
        ORDER BY t.org_id, t.elected_on DESC, t.id DESC),
     ins AS (
       INSERT INTO org_term_change (org_id, term_id, kind, due_on, approved_by, document_no, approved_on, note, created_by)
       SELECT d.org_id, d.id, 'postpone', (d.term_ends_on + interval '6 months')::date, coalesce(d.parent, '上级党委'),
              '组字〔' || extract(year FROM d.term_ends_on)::int || '〕' || (1 + ${roll("d.code || 'doc'")} % 90) || '号',
              (d.term_ends_on - interval '20 days')::date, '党员大部分外出务工，延期至集中返乡时换届', $2
         FROM due d
        WHERE d.term_ends_on < $1::date AND d.term_ends_on > ($1::date - interval '5 months')
          AND ${roll("d.code || 'term'")} % 100 < 3
       RETURNING 1)
     SELECT count(*)::int AS n FROM ins`,
    [today, who],
  );
  return { moved: m?.n ?? 0, postponed: p?.n ?? 0 };
}

/** The recruitment rule set's id of each day (the caller reads the deployment's setting: never decided in SQL). */
export interface DemoRulesByDay {
  days: readonly string[];
  ids: readonly string[];
}

/**
 * A pipeline of recruitment (decision 0025) for the province demo, set-based: in every branch (and joint branch) of
 * the scope that has existed for 600 days or more and has at least three full members, about `share` cases per full
 * member (half to one and a half times that, by the branch's dice) — ~45 % applicants who applied up to 200 days
 * ago, ~35 % activists (80–440 days), ~20 % candidates (450–530 days) — each with the steps of the demo's timeline
 * (the talk at 18 days, the activist at 70, reviews at 240 and 410, the candidate at 442 …) that fall before
 * `today`; about one case in ten stalled after the step that opened its stage, so its next step falls overdue as the
 * rules say. The applicant is a new person named like a member of the branch (a relative), at least 20 on the day of
 * the application, with an ID number of the county's area code and the sequence digits 999 or 000 the member
 * generator never gives; `rules` gives each day's rule-set id. Rows skip the row audit triggers (the caller sets the
 * bulk flag); the cases' statement triggers keep the pipeline counts. Returns the cases and steps written.
 */
export async function insertDemoPipeline(
  db: Db,
  today: string,
  who: number | null,
  share: number,
  rules: DemoRulesByDay,
  scope: DemoScope = null,
): Promise<{ cases: number; steps: number }> {
  await db.query(
    `CREATE TEMP TABLE jiceng_demo_pipeline ON COMMIT DROP AS
     WITH br AS (
       SELECT o.id, o.code, coalesce(left(o.division_code, 6), '420000') AS area, f.n, f.ids[1:2] AS mentors,
              (SELECT t.code FROM org t
                WHERE t.id = ANY(string_to_array(trim(both '/' from o.path), '/')::int[]) AND t.id <> o.id
                  AND t.kind IN ('township_committee', 'working_committee', 'primary_committee', 'local_committee')
                ORDER BY t.depth DESC LIMIT 1) AS township
         FROM org o
         CROSS JOIN LATERAL (SELECT count(*)::int AS n, array_agg(m.id ORDER BY m.id) AS ids
                               FROM member m WHERE m.org_id = o.id AND m.status = 'full') f
        WHERE o.status = 'active' AND o.kind IN ('branch', 'joint_branch') AND ${inScope('o.id', scope)} AND f.n >= 3
          AND (SELECT min(v.valid_from) FROM org_version v WHERE v.org_id = o.id) <= $1::date - 600),
     plan AS (
       SELECT br.*, k, ${roll("br.code || k::text || 'stage'")} % 100 AS sr, ${roll("br.code || k::text || 'ago'")} AS ar,
              ${roll("br.code || k::text || 'stall'")} % 100 < 10 AS stalled
         FROM br CROSS JOIN LATERAL generate_series(1, round(br.n * $2::float8
                  * (0.5 + (${roll("br.code || 'pipeline'")} % 100) / 100.0))::int) AS k),
     staged AS (
       SELECT p.id AS org_id, p.code, p.area, p.mentors, p.township, p.k, p.stalled,
              CASE WHEN p.sr < 45 THEN 'applicant' WHEN p.sr < 80 THEN 'activist' ELSE 'candidate' END AS stage,
              CASE WHEN p.sr < 45 THEN 5 + p.ar % 196 WHEN p.sr < 80 THEN 80 + p.ar % 361 ELSE 450 + p.ar % 81 END AS ago,
              row_number() OVER (ORDER BY p.id, p.k) AS seq,
              (SELECT mm.person_id FROM member mm WHERE mm.org_id = p.id AND mm.status = 'full'
                ORDER BY mm.id OFFSET p.k % p.n LIMIT 1) AS like_person
         FROM plan p),
     born AS (
       SELECT s.*, ($1::date - interval '22 years')::date - (s.seq / 2)::int AS birth FROM staged s),
     numbered AS (
       SELECT b.*, b.area || to_char(b.birth, 'YYYYMMDD') || CASE WHEN b.seq % 2 = 0 THEN '999' ELSE '000' END AS first17
         FROM born b)
     SELECT n.*, NULL::int AS person_id, NULL::int AS case_id,
            n.first17 || substr('10X98765432', 1 + (
              SELECT sum(substr(n.first17, i, 1)::int * (ARRAY[7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2])[i])::int
                FROM generate_series(1, 17) AS i) % 11, 1) AS id_number
       FROM numbered n`,
    [today, share],
  );
  // the people and steps name rows read or written here: their foreign-key checks are skipped (as the dues'); the
  // cases are written with the triggers on, so the pipeline counts (recruitment_roll) count them
  await setReplicationRole(db, 'replica');
  await db.query(
    `WITH ins AS (
       INSERT INTO person (name, name_initials, name_pinyin, name_sort, sex, birth_date, birth_md, id_number,
                           ethnicity, education, occupation)
       SELECT lp.name, lp.name_initials, lp.name_pinyin, lp.name_sort,
              CASE WHEN d.seq % 2 = 0 THEN 'male' ELSE 'female' END, d.birth,
              (extract(month FROM d.birth) * 100 + extract(day FROM d.birth))::smallint, d.id_number,
              lp.ethnicity, lp.education, lp.occupation
         FROM jiceng_demo_pipeline d JOIN person lp ON lp.id = d.like_person
        ORDER BY d.seq
       ON CONFLICT (id_number) DO NOTHING
       RETURNING id, id_number)
     UPDATE jiceng_demo_pipeline d SET person_id = ins.id FROM ins WHERE ins.id_number = d.id_number`,
  );
  await setReplicationRole(db, 'origin');
  const [c] = await db.query<{ n: number }>(
    `WITH ins AS (
       INSERT INTO recruitment_case (person_id, org_id, status, created_by)
       SELECT d.person_id, d.org_id, d.stage, $1::int FROM jiceng_demo_pipeline d
        WHERE d.person_id IS NOT NULL ORDER BY d.seq
       RETURNING id, person_id),
     upd AS (UPDATE jiceng_demo_pipeline d SET case_id = ins.id FROM ins WHERE ins.person_id = d.person_id RETURNING 1)
     SELECT count(*)::int AS n FROM upd`,
    [who],
  );
  await setReplicationRole(db, 'replica');
  const [st] = await db.query<{ n: number }>(
    `WITH tl(kind, day, rank, what) AS (VALUES
        ('apply', 0, 1, ''), ('talk', 18, 1, ''), ('activist', 70, 2, ''), ('activist_filed', 77, 2, 'township'),
        ('mentors', 78, 2, 'mentors'), ('review', 240, 2, ''), ('review', 410, 2, ''), ('candidate', 442, 3, ''),
        ('candidate_filed', 446, 3, 'township'), ('sponsors', 448, 3, 'mentors'), ('political_review', 480, 3, 'passed'),
        ('training', 495, 3, 'training'), ('committee_review', 510, 3, ''), ('pre_review', 520, 3, 'township'),
        ('application_form', 527, 3, '')),
     opening(stage, day) AS (VALUES ('applicant', 0), ('activist', 78), ('candidate', 448)),
     rules(d, id) AS (SELECT * FROM unnest($2::date[], $3::text[])),
     st AS (
       SELECT d.case_id, d.org_id, tl.kind, ($1::date - d.ago + tl.day) AS taken_on,
              jsonb_build_object('orgCode', CASE WHEN tl.what = 'township' THEN d.township END, 'note', NULL)
              || CASE tl.what WHEN 'mentors' THEN jsonb_build_object('memberIds', to_jsonb(d.mentors), 'fullMembers', 2)
                              WHEN 'passed' THEN '{"outcome": "passed"}'::jsonb
                              WHEN 'training' THEN '{"days": 3, "hours": 24}'::jsonb
                              ELSE '{}'::jsonb END AS data
         FROM jiceng_demo_pipeline d JOIN opening op ON op.stage = d.stage
         JOIN tl ON tl.rank <= CASE d.stage WHEN 'applicant' THEN 1 WHEN 'activist' THEN 2 ELSE 3 END
        WHERE d.case_id IS NOT NULL AND $1::date - d.ago + tl.day < $1::date
          AND (NOT d.stalled OR tl.day <= op.day)),
     ins AS (
       INSERT INTO recruitment_step (case_id, org_id, kind, taken_on, data, rules, warnings, recorded_by)
       SELECT st.case_id, st.org_id, st.kind, st.taken_on, st.data, r.id, '[]'::jsonb, $4::int
         FROM st JOIN rules r ON r.d = st.taken_on
        ORDER BY st.case_id, st.taken_on
       RETURNING 1)
     SELECT count(*)::int AS n FROM ins`,
    [today, rules.days, rules.ids, who],
  );
  await setReplicationRole(db, 'origin');
  await db.query('DROP TABLE jiceng_demo_pipeline');
  return { cases: c?.n ?? 0, steps: st?.n ?? 0 };
}

/**
 * Village branches under a township (by path) that existed by `existedBy`, have at least `minFull` members who
 * have been full members on its roster since then without a break (the demo's recruitment: mentors, sponsors and a
 * quorum on every date of a case's history) and admitted someone in the last five years (the idle villages stay so).
 */
export async function demoRecruitmentBranches(
  db: Db,
  townshipPath: string,
  existedBy: string,
  minFull: number,
  limit: number,
  admittedSince: string,
): Promise<{ id: number; code: string; name: string }[]> {
  return db.query(
    `SELECT o.id, o.code, o.name FROM org o
      WHERE o.path LIKE $1 || '%' AND o.kind = 'branch' AND o.sector = 'village' AND o.status = 'active'
        AND (o.founded_on IS NULL OR o.founded_on <= $2::date)
        AND (SELECT count(*) FROM member_period per
              WHERE per.org_id = o.id AND per.status = 'full' AND per.valid_to IS NULL
                AND per.valid_from <= $2::date) >= $3
        AND EXISTS (SELECT 1 FROM member m WHERE m.org_id = o.id AND m.joined_on > $5::date)
      ORDER BY o.path LIMIT $4`,
    [townshipPath, existedBy, minFull, limit, admittedSince],
  );
}

/** Members full on the branch's roster without a break since `since` (mentors and sponsors of the demo's cases). */
export async function demoSteadyMembers(db: Db, orgId: number, since: string, n: number): Promise<number[]> {
  const rows = await db.query<{ id: number }>(
    `SELECT per.member_id AS id FROM member_period per
      WHERE per.org_id = $1 AND per.status = 'full' AND per.valid_to IS NULL AND per.valid_from <= $2::date
      ORDER BY per.member_id LIMIT $3`,
    [orgId, since, n],
  );
  return rows.map((r) => r.id);
}

/** The region prefix (first six characters) of the ID numbers on a branch's roster. */
export async function demoIdPrefix(db: Db, orgId: number): Promise<string | null> {
  const [r] = await db.query<{ p: string }>(
    `SELECT left(p.id_number, 6) AS p FROM member m JOIN person p ON p.id = m.person_id
      WHERE m.org_id = $1 ORDER BY m.id LIMIT 1`,
    [orgId],
  );
  return r?.p ?? null;
}
