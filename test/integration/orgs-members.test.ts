import { expect, it } from 'vitest';
import { describeDb, TODAY } from '../helpers/db.js';
import { member, org, smallCounty } from '../helpers/factory.js';
import {
  childrenAsOf,
  dissolveOrg,
  getOrg,
  getRootOrg,
  listChildren,
  moveOrg,
  recordElection,
  updateOrg,
} from '../../src/services/orgs.js';
import { getMember, listMembers, recordMemberEvent, updateMember } from '../../src/services/members.js';
import { getLiveStats, getStats } from '../../src/services/stats.js';
import { MemberListQuerySchema } from '../../src/shared/schemas.js';
import { AppError } from '../../src/shared/errors.js';

const q = (o: Record<string, unknown> = {}) => MemberListQuerySchema.parse(o);

async function expectCode(p: Promise<unknown>, code: string) {
  await expect(p).rejects.toSatisfy((e: unknown) => e instanceof AppError && e.code === code);
}

describeDb('org tree and roster', (h) => {
  it('builds a tree with member counts from the maintained aggregates', async () => {
    const ctx = h.ctx();
    await smallCounty(ctx);
    await member(ctx, 'V11', '张三');
    await member(ctx, 'V11', '李四', {
      sex: 'female',
      birth: '1990-01-01',
      joinedOn: '2015-07-01',
      confirmedOn: '2016-07-01',
    });
    await member(ctx, 'V21', '王五', {
      status: 'probationary',
      joinedOn: '2026-06-01',
      confirmedOn: null,
      birth: '2000-03-04',
    });
    const root = await getRootOrg(ctx);
    expect(root.code).toBe('C');
    expect(root.memberCount).toBe(3);
    const kids = await listChildren(ctx, 'C');
    expect(kids.map((k) => [k.code, k.memberCount, k.childCount])).toEqual([
      ['T1', 2, 2],
      ['T2', 1, 2],
    ]);
    const v11 = await getOrg(ctx, 'V11');
    expect(v11.ancestors.map((a) => a.code)).toEqual(['C', 'T1']);
    expect(v11.notices.map((n) => n.code)).toContain('BRANCH_TOO_FEW_FULL_MEMBERS');
  });

  it('rejects cycles, duplicate codes and unknown parents with stable codes', async () => {
    const ctx = h.ctx();
    await smallCounty(ctx);
    await expectCode(moveOrg(ctx, 'T1', 'V11'), 'ORG_CYCLE');
    await expectCode(moveOrg(ctx, 'V12', 'V11'), 'ORG_KIND_NOT_ALLOWED');
    await org(ctx, 'G1', '甲村党总支', 'T1', { kind: 'general_branch' });
    await expectCode(moveOrg(ctx, 'T1', 'G1'), 'ORG_CYCLE');
    await expectCode(org(ctx, 'V11', '重复', 'T1'), 'ORG_CODE_TAKEN');
    await expectCode(org(ctx, 'X', '无上级', 'NOPE'), 'ORG_PARENT_INVALID');
    await expectCode(org(ctx, 'R2', '第二个根', null), 'ORG_ROOT_EXISTS');
  });

  it('moves, renames and dissolves as dated events; the tree as of a past date is reconstructed', async () => {
    const ctx = h.ctx();
    await smallCounty(ctx);
    await member(ctx, 'V12', '赵六');
    await moveOrg(ctx, 'V12', 'T2', '2026-03-01');
    await updateOrg(ctx, 'V12', { name: '乙村党支部（新）', effectiveOn: '2026-05-01' });
    await org(ctx, 'V13', '戊村党支部', 'T1', { foundedOn: '2020-01-01' });
    await dissolveOrg(ctx, 'V13', '2026-09-01');
    const before = await childrenAsOf(ctx, 'T1', '2026-02-01');
    expect(before.map((c) => c.code).sort()).toEqual(['V11', 'V12', 'V13']);
    const after = await listChildren(ctx, 'T1');
    expect(after.map((c) => c.code)).toEqual(['V11']);
    const t2 = await childrenAsOf(ctx, 'T2', '2026-04-01');
    expect(t2.find((c) => c.code === 'V12')?.name).toBe('乙村党支部');
    const t2now = await childrenAsOf(ctx, 'T2', TODAY);
    expect(t2now.find((c) => c.code === 'V12')?.name).toBe('乙村党支部（新）');
    expect((await getOrg(ctx, 'T2')).memberCount).toBe(1);
    expect((await getOrg(ctx, 'T1')).memberCount).toBe(0);
    // stats as of a past date follow the historic tree
    expect((await getStats(ctx, 'T1', '2026-02-01')).members.total).toBe(1);
    expect((await getStats(ctx, 'T2', '2026-02-01')).members.total).toBe(0);
  });

  it('derives sex and birth date from the ID number and reports conflicts', async () => {
    const ctx = h.ctx();
    await smallCounty(ctx);
    const m = await member(ctx, 'V11', '孙七', { birth: '1980-02-29', sex: 'female' });
    expect(m.birthDate).toBe('1980-02-29');
    expect(m.sex).toBe('female');
    expect(m.idNumberMasked).toMatch(/^4205\*{10}.{4}$/);
    await expectCode(updateMember(ctx, m.id, { sex: 'male' }), 'VALIDATION_FAILED');
    await expectCode(
      member(ctx, 'V11', '太小', {
        birth: '2010-01-01',
        joinedOn: '2026-01-01',
        confirmedOn: null,
        status: 'probationary',
      }),
      'VALIDATION_FAILED',
    );
  });

  it('searches by name, pinyin initials and the ID-number tail', async () => {
    const ctx = h.ctx();
    await smallCounty(ctx);
    const a = await member(ctx, 'V11', '张三丰');
    await member(ctx, 'V21', '李小龙');
    expect((await listMembers(ctx, 'C', q({ q: '三丰' }))).items.map((i) => i.name)).toEqual(['张三丰']);
    expect((await listMembers(ctx, 'C', q({ q: 'zsf' }))).items.map((i) => i.name)).toEqual(['张三丰']);
    const full = (
      await h.db.query<{ id_number: string }>(
        'SELECT id_number FROM member m JOIN person p ON p.id = m.person_id WHERE m.id = $1',
        [a.id],
      )
    )[0]!.id_number;
    expect((await listMembers(ctx, 'C', q({ q: full.slice(-6) }))).items.map((i) => i.name)).toEqual([
      '张三丰',
    ]);
    expect((await listMembers(ctx, 'T2', q({ q: 'zsf' }))).total).toBe(0);
  });

  it('records status events with dated periods; the roster as of a past date is reproducible', async () => {
    const ctx = h.ctx();
    await smallCounty(ctx);
    const p = await member(ctx, 'V11', '周八', {
      status: 'probationary',
      joinedOn: '2025-06-01',
      confirmedOn: null,
      birth: '1995-01-01',
    });
    await expectCode(
      recordMemberEvent(ctx, p.id, { kind: 'confirm', effectiveOn: '2026-01-01' }),
      'MEMBER_STATUS_TRANSITION',
    );
    const c = await recordMemberEvent(ctx, p.id, { kind: 'confirm', effectiveOn: '2026-06-01' });
    expect(c.status).toBe('full');
    const moved = await recordMemberEvent(ctx, p.id, {
      kind: 'move',
      effectiveOn: '2026-08-01',
      orgCode: 'V21',
    });
    expect(moved.orgCode).toBe('V21');
    await recordMemberEvent(ctx, p.id, {
      kind: 'transfer_out',
      effectiveOn: '2026-10-01',
      note: '转往武汉市',
    });
    await expectCode(
      recordMemberEvent(ctx, p.id, { kind: 'confirm', effectiveOn: '2026-10-02' }),
      'MEMBER_STATUS_TRANSITION',
    );
    const at = (d: string) => listMembers(ctx, 'C', q({ asOf: d }));
    expect((await at('2025-05-31')).total).toBe(0);
    expect((await at('2025-12-31')).items[0]?.status).toBe('probationary');
    expect((await at('2026-07-01')).items[0]?.status).toBe('full');
    expect((await listMembers(ctx, 'T2', q({ asOf: '2026-09-01' }))).total).toBe(1);
    expect((await listMembers(ctx, 'T1', q({ asOf: '2026-09-01' }))).total).toBe(0);
    expect((await listMembers(ctx, 'C', q())).total).toBe(0);
    const detail = await getMember(ctx, p.id);
    expect(detail.events.map((e) => e.kind)).toEqual(['transfer_out', 'move', 'confirm', 'joined']);
    expect((await getStats(ctx, 'C', '2026-07-01')).members).toEqual({ total: 1, full: 1, probationary: 0 });
  });

  it('keeps per-org aggregates equal to a live recount after edits, events and moves', async () => {
    const ctx = h.ctx();
    await smallCounty(ctx);
    const people = [];
    for (let i = 0; i < 12; i++) {
      people.push(
        await member(ctx, i % 2 ? 'V11' : 'V22', `党员${i}`, {
          birth: `${1940 + i * 5}-0${(i % 9) + 1}-1${i % 9}`,
          sex: i % 3 ? 'male' : 'female',
          ethnicity: i % 4 ? '01' : '15',
          education: ['21', '31', '61', '71'][i % 4],
          occupation: i % 2 ? 'farmer' : 'retired',
          joinedOn: `${1962 + i * 5}-07-01`,
          confirmedOn: `${1963 + i * 5}-07-01`,
        }),
      );
    }
    await updateMember(ctx, people[0]!.id, { education: '14', ethnicity: '03' });
    await recordMemberEvent(ctx, people[1]!.id, { kind: 'move', effectiveOn: '2026-01-05', orgCode: 'V21' });
    await recordMemberEvent(ctx, people[2]!.id, { kind: 'decease', effectiveOn: '2026-02-05' });
    await moveOrg(ctx, 'V11', 'T2', '2026-03-01');
    await updateOrg(ctx, 'V12', { sector: 'community', kind: 'joint_branch' });
    await recordElection(ctx, 'T1', { electedOn: '2021-06-01' });
    for (const code of ['C', 'T1', 'T2', 'V11', 'V12', 'V21', 'V22']) {
      const fast = await getStats(ctx, code);
      const live = await getLiveStats(ctx, code);
      expect(fast.source).toBe('rollup');
      expect({ ...fast, source: 'live' }).toEqual(live);
    }
    const s = await getStats(ctx, 'C');
    expect(s.members.total).toBe(11);
    expect(s.orgs.byKind.joint_branch).toBe(1);
    expect((await getOrg(ctx, 'T1')).notices.map((n) => n.code)).toContain('TERM_EXPIRED');
  });

  it('rolls age and standing bands forward as days pass', async () => {
    const ctx = h.ctx({ clock: { today: () => '2026-11-22', now: () => new Date() } });
    await smallCounty(ctx);
    await member(ctx, 'V11', '生日', {
      birth: '1995-11-25',
      // (a confirmation no earlier than a year after joining: the record-consistency rule of 594f5dc)
      joinedOn: '2019-11-01',
      confirmedOn: '2020-11-24',
    });
    expect((await getStats(ctx, 'C')).ageBands['31-35']).toBe(0);
    const later = h.ctx({ clock: { today: () => '2026-11-26', now: () => new Date() } });
    const s = await getStats(later, 'C');
    expect(s.ageBands['31-35']).toBe(1);
    expect(s.ageBands['0-30']).toBe(0);
    expect(s.standing['6-10']).toBe(1);
    expect({ ...s, source: 'live' }).toEqual(await getLiveStats(later, 'C'));
  });
});
