/**
 * The life rollup's rebuild reads its facts as flat rows and makes each org's facts in this process
 * (`lifeFlatFactsOfRange`, decision 0044's session 17 addendum); the incremental refresh and the live compliance
 * keep `lifeFacts`' query. On a random history — meetings of every kind moved and deleted and some marked false,
 * members moving, committees of three posts and of one set and changed, party groups joined and left, heart talks
 * with and without a committee member, talks early in a year before the window, an org moved, one emptied and
 * dissolved, one founded late — both make the same facts for every org over several windows (cut inside years and
 * at their ends), and the rebuilt cells equal the maintained ones.
 */
import { expect, it } from 'vitest';
import { describeDb, TODAY } from '../helpers/db.js';
import { lifeSnapshot, maintainedAndRecomputed } from '../helpers/life.js';
import { member, org, smallCounty } from '../helpers/factory.js';
import { deleteMeeting, recordMeeting, updateMeeting } from '../../src/services/meetings.js';
import { dissolveOrg, moveOrg, setCommittee } from '../../src/services/orgs.js';
import { recordMemberEvent } from '../../src/services/members.js';
import { recordHeartTalk } from '../../src/services/heart-talks.js';
import { addGroupMembers, createGroup, removeGroupMembers } from '../../src/services/groups.js';
import { factsFromRows, rebuildLife, refreshLifeAll } from '../../src/services/life-rollup.js';
import { lifeFactsOfRange } from '../../src/db/repositories/meetings.js';
import { falseMeetingIds, lifeFlatFactsOfRange } from '../../src/db/repositories/life-facts.js';
import type { OrgLifeFacts } from '../../src/domain/meetings/compliance.js';
import type { Db } from '../../src/db/client.js';
import { addDays, type IsoDate } from '../../src/shared/dates.js';
import type { MeetingKind } from '../../src/shared/codes.js';
import { rng } from '../helpers/random.js';

const KINDS: MeetingKind[][] = [
  ['theme_day'],
  ['theme_day', 'general_meeting', 'party_lecture'],
  ['committee_meeting'],
  ['group_meeting'],
  ['life_meeting', 'appraisal_meeting', 'theme_day'],
];

/** An org's facts with every list in one order (both readers leave the order of rows to the server). */
function norm(f: OrgLifeFacts) {
  const sorted = (xs: readonly unknown[]) => xs.map((x) => JSON.stringify(x)).sort();
  return {
    orgId: f.orgId,
    spans: sorted(f.spans),
    populated: sorted(f.populated),
    committee: sorted(f.committee),
    groups: sorted(f.groups),
    heldMonths: Object.fromEntries(
      Object.entries(f.heldMonths)
        .map(([k, v]) => [k, [...v].sort()])
        .sort(),
    ),
    heartTalkYears: [...(f.heartTalkYears ?? [])].sort(),
  };
}

async function bothFacts(db: Db, lo: number, hi: number, from: IsoDate, end: IsoDate) {
  const sql = [...factsFromRows(await lifeFactsOfRange(db, lo, hi, from, end)).values()].map(norm);
  const flat = (await lifeFlatFactsOfRange(db, lo, hi, from, end)).map(norm);
  const byId = (a: { orgId: number }, b: { orgId: number }) => a.orgId - b.orgId;
  return { sql: sql.sort(byId), flat: flat.sort(byId) };
}

describeDb('the life rebuild’s flat facts', (h) => {
  it('are the facts lifeFacts’ query makes, for every org over several windows, on a random history', async () => {
    const ctx = h.ctx();
    await smallCounty(ctx);
    await org(ctx, 'G1', '戊村党总支', 'T2', { kind: 'general_branch' });
    await org(ctx, 'G11', '戊村第一党支部', 'G1');
    const codes = ['V11', 'V12', 'V21', 'V22', 'G11'];
    const people: Record<string, number[]> = {};
    let n = 0;
    for (const code of codes) {
      people[code] = [];
      for (let i = 0; i < 5; i++) people[code].push((await member(ctx, code, `党员${n++}`)).id);
    }
    const v11 = people.V11!;
    await setCommittee(ctx, 'V11', {
      effectiveOn: '2025-01-02',
      posts: [
        { memberId: v11[0]!, post: 'secretary' },
        { memberId: v11[1]!, post: 'committee_member' },
        { memberId: v11[2]!, post: 'committee_member' },
      ],
    });
    await setCommittee(ctx, 'V21', {
      effectiveOn: '2025-06-10',
      posts: [{ memberId: people.V21![0]!, post: 'secretary' }],
    });
    const g = await createGroup(ctx, 'V12', {
      name: '第一党小组',
      createdOn: '2025-02-01',
      memberIds: people.V12!.slice(0, 3),
    });
    await removeGroupMembers(ctx, g.id, { memberIds: people.V12!.slice(0, 3), on: '2025-09-01' });
    await addGroupMembers(ctx, g.id, { memberIds: people.V12!.slice(1, 2), on: '2026-02-15' });
    // a talk of 2025 with the secretary
    await recordHeartTalk(ctx, 'V11', { heldOn: '2025-01-05', memberIds: [v11[0]!, v11[3]!] });
    // two members without a post talk with each other: neither counts
    await recordHeartTalk(ctx, 'V12', { heldOn: '2026-05-05', memberIds: people.V12!.slice(0, 2) });

    const rand = rng(17);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
    const day = () => addDays(TODAY, -Math.floor(rand() * 700));
    const meetings: number[] = [];
    for (let i = 0; i < 90; i++) {
      const r = rand();
      if (r < 0.55) {
        const m = await recordMeeting(ctx, pick(codes), {
          kinds: pick(KINDS),
          heldOn: day(),
          topic: `会议${i}`,
        }).catch(() => null);
        if (m) meetings.push(m.id);
      } else if (r < 0.62 && meetings.length) {
        await deleteMeeting(ctx, meetings.splice(Math.floor(rand() * meetings.length), 1)[0]!);
      } else if (r < 0.72 && meetings.length) {
        await updateMeeting(ctx, pick(meetings), { heldOn: day() }).catch(() => null);
      } else if (r < 0.8) {
        const from = pick(['V12', 'V21', 'V22']);
        const id = people[from]!.pop();
        if (id)
          await recordMemberEvent(ctx, id, {
            kind: 'move',
            effectiveOn: day(),
            orgCode: pick(['V11', 'G11']),
          }).catch(() => null);
      } else if (r < 0.9) {
        await recordHeartTalk(ctx, pick(['V11', 'V21']), {
          heldOn: day(),
          memberIds: [pick([v11[0]!, people.V21![0]!]), pick(v11)].filter((x, j, a) => a.indexOf(x) === j),
        }).catch(() => null);
      } else {
        await setCommittee(ctx, pick(['V12', 'V21']), {
          effectiveOn: addDays(TODAY, -Math.floor(rand() * 300)),
          posts: [{ memberId: people.V21![0] ?? v11[0]!, post: 'secretary' }],
        }).catch(() => null);
      }
    }
    // every member on V11's roster in 2026 talks with its secretary (a year every member owed had a talk)
    const v11Roster = await h.db.query<{ id: number }>(
      `SELECT DISTINCT per.member_id AS id FROM member_period per JOIN org o ON o.id = per.org_id
        WHERE o.code = 'V11' AND per.valid_from <= '2026-03-10' AND (per.valid_to IS NULL OR per.valid_to > '2026-03-10')`,
    );
    for (const { id } of v11Roster)
      if (id !== v11[0])
        await recordHeartTalk(ctx, 'V11', { heldOn: '2026-03-10', memberIds: [v11[0]!, id] });
    // some meetings marked false by a verification (decision 0038): they count nowhere
    for (const id of meetings.filter((_, i) => i % 7 === 0))
      await h.db.query(
        `INSERT INTO record_mark (kind, record_id, org_id, result, verification_id)
         SELECT 'meeting', id, org_id, 'false', 0 FROM meeting WHERE id = $1`,
        [id],
      );
    await moveOrg(ctx, 'V12', 'T2', '2026-06-01');
    await org(ctx, 'V23', '庚村党支部', 'T2', { foundedOn: '2025-02-01' });
    const leaver = await member(ctx, 'V23', '临时党员', {
      status: 'probationary',
      joinedOn: '2025-02-10',
      confirmedOn: null,
    });
    await recordMeeting(ctx, 'V23', { kinds: ['theme_day'], heldOn: '2025-03-15', topic: '庚村' });
    await recordMemberEvent(ctx, leaver.id, { kind: 'move', effectiveOn: '2026-09-01', orgCode: 'V21' });
    await dissolveOrg(ctx, 'V23', '2026-10-15');
    await org(ctx, 'V13', '新村党支部', 'T1', { foundedOn: '2026-03-01' });
    await member(ctx, 'V13', '新党员', { status: 'probationary', joinedOn: '2026-03-05', confirmedOn: null });

    const { lo, hi } = (
      await h.db.query<{ lo: number; hi: number }>('SELECT min(id) AS lo, max(id) AS hi FROM org')
    )[0]!;
    const windows: [IsoDate, IsoDate][] = [
      ['2025-01-01', addDays(TODAY, 1)],
      ['2025-03-15', '2026-02-10'],
      ['2026-01-01', '2027-01-01'],
      ['2025-07-01', '2025-07-02'],
    ];
    let talkYears = 0;
    let groups = 0;
    let committees = 0;
    for (const [from, end] of windows) {
      const { sql, flat } = await bothFacts(h.db, lo!, hi!, from, end);
      expect(flat).toEqual(sql);
      talkYears += sql.filter((f) => f.heartTalkYears.length).length;
      groups += sql.filter((f) => f.groups.length).length;
      committees += sql.filter((f) => f.committee.length).length;
      // a range of ids inside the tree reads only its orgs
      const mid = Math.floor((lo! + hi!) / 2);
      const part = await bothFacts(h.db, mid, hi!, from, end);
      expect(part.flat).toEqual(part.sql);
      expect(part.flat.every((f) => f.orgId >= mid)).toBe(true);
    }
    // the history made what the comparison is meant to cover
    expect(talkYears).toBeGreaterThan(0);
    expect(groups).toBeGreaterThan(0);
    expect(committees).toBeGreaterThan(1);

    // the rebuild (flat facts) writes the cells the maintained rollup (lifeFacts' query) holds
    await rebuildLife(h.db, TODAY);
    await recordMeeting(ctx, 'V21', { kinds: ['theme_day'], heldOn: addDays(TODAY, -3), topic: '最后' });
    await recordHeartTalk(ctx, 'V11', { heldOn: addDays(TODAY, -2), memberIds: [v11[0]!, v11[4]!] });
    const [maintained, recomputed] = await maintainedAndRecomputed(h.db);
    expect(recomputed).toBe(maintained);
  });

  it('leave out the meetings marked false, read once for a rebuild of many batches', async () => {
    const ctx = h.ctx();
    await smallCounty(ctx);
    for (let i = 0; i < 3; i++) await member(ctx, 'V11', `党员${i}`);
    const may = await recordMeeting(ctx, 'V11', {
      kinds: ['theme_day'],
      heldOn: '2026-05-10',
      topic: '五月',
    });
    const june = await recordMeeting(ctx, 'V11', {
      kinds: ['theme_day'],
      heldOn: '2026-06-10',
      topic: '六月',
    });
    const v11 = (await h.db.query<{ id: number }>("SELECT id FROM org WHERE code = 'V11'"))[0]!.id;
    const heldOfV11 = async () =>
      (
        await h.db.query<{ held: number }>(
          "SELECT held FROM life_own WHERE org_id = $1 AND year = 2026 AND type = 'theme_day'",
          [v11],
        )
      )[0]!.held;
    const bits = (x: number) => x.toString(2).replaceAll('0', '').length;
    // one org a batch: on PostgreSQL the facts are read on the snapshot reader, the marks once before the first
    await rebuildLife(h.db, TODAY, 1);
    const heldBefore = await heldOfV11();
    await h.db.query(
      `INSERT INTO record_mark (kind, record_id, org_id, result, verification_id)
       SELECT 'meeting', id, org_id, 'false', 0 FROM meeting WHERE id = $1`,
      [june.id],
    );
    expect([...(await falseMeetingIds(h.db))]).toEqual([june.id]);
    // the marks given are what is left out; without them, they are read
    const months = async (marks?: ReadonlySet<number>) =>
      (
        await lifeFlatFactsOfRange(
          h.db,
          v11,
          v11,
          '2026-01-01',
          addDays(TODAY, 1),
          marks && { falseMeetings: marks },
        )
      )[0]!.heldMonths.theme_day ?? [];
    expect(await months(new Set())).toEqual(['2026-05', '2026-06']);
    expect(await months()).toEqual(['2026-05']);
    expect(await months(new Set([may.id]))).toEqual(['2026-06']);
    // the rebuild's cells: June's theme day no longer held, as the maintained rollup (lifeFacts' query) has it
    await refreshLifeAll(h.db);
    const maintained = await lifeSnapshot(h.db);
    await rebuildLife(h.db, TODAY, 1);
    expect(await lifeSnapshot(h.db)).toBe(maintained);
    const heldAfter = await heldOfV11();
    expect(bits(heldBefore) - bits(heldAfter)).toBe(1);
    expect(heldAfter & ~heldBefore).toBe(0);
  });
});
