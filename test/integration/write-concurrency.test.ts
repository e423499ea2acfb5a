/**
 * Concurrent writes (decision 0009): writers share the aggregate state and the daily roll (the job `stats.roll`)
 * takes it alone, so the aggregates stay equal to a live recount whatever the order; a long import holds neither
 * the aggregate state exclusively nor the audit chain's lock, so ordinary audited writes go on meanwhile; the job
 * table and runner.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { describeDb } from '../helpers/db.js';
import { idNumber, member, smallCounty } from '../helpers/factory.js';
import { withAuditSession } from '../../src/db/client.js';
import { shareStatsState } from '../../src/db/repositories/stats.js';
import { fixedClock, type Ctx } from '../../src/services/context.js';
import { recordMemberEvent, updateMember } from '../../src/services/members.js';
import { getLiveStats, getStats } from '../../src/services/stats.js';
import { importMembers } from '../../src/services/imports.js';
import { verifyAudit } from '../../src/services/audit.js';
import { listJobs, runDueJobs, runJob, startJobRunner } from '../../src/services/jobs.js';

const CODES = ['C', 'T1', 'T2', 'V11', 'V12', 'V21', 'V22'];
const VILLAGES = ['V11', 'V12', 'V21', 'V22'];

/** Fails when `p` takes longer than `ms`: the write was blocked. */
function within<T>(ms: number, p: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`blocked for more than ${ms} ms`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

async function expectRecount(ctx: Ctx) {
  for (const code of CODES) {
    const fast = await getStats(ctx, code);
    expect(fast.asOf).toBe(ctx.clock.today());
    expect({ ...fast, source: 'live' }).toEqual(await getLiveStats(ctx, code));
  }
}

describeDb('concurrent writes', (h) => {
  const at = (day: string) => h.ctx({ clock: fixedClock(day) });

  /** Members whose birthdays and confirmation anniversaries fall between 11-22 and 11-26. */
  async function county(ctx: Ctx) {
    await smallCounty(ctx);
    const people = [];
    for (let i = 0; i < 12; i++) {
      const md = `11-2${3 + (i % 3)}`;
      people.push(
        await member(ctx, VILLAGES[i % 4]!, `党员${i}`, {
          birth: `${1956 + i * 3}-${md}`,
          sex: i % 2 ? 'male' : 'female',
          joinedOn: `${1996 + i}-${md}`,
          confirmedOn: `${1997 + i}-${md}`,
        }),
      );
    }
    return people;
  }

  it('keeps the aggregates equal to a live recount with writers running around the daily roll', async () => {
    const people = await county(at('2026-11-22'));
    const day = at('2026-11-26');
    for (let round = 0; round < 3; round++) {
      const p = (i: number) => people[round * 4 + i]!;
      // writers in every village and the roll, all at once (on PostgreSQL each on its own connection)
      await Promise.all([
        updateMember(day, p(0).id, { education: '14', jobTitle: `第${round}轮` }),
        member(day, VILLAGES[round]!, `新党员${round}`, {
          birth: `1995-11-2${4 + round}`,
          joinedOn: '2024-11-24',
          confirmedOn: '2025-11-24',
        }),
        recordMemberEvent(day, p(1).id, {
          kind: 'move',
          effectiveOn: '2026-11-26',
          orgCode: ['V21', 'V22', 'V11'][round]!,
        }),
        round === 1 ? runJob(h.db, day.clock, 'stats.roll') : Promise.resolve(),
        updateMember(day, p(2).id, { birthDate: '1970-11-25', idNumber: idNumber('1970-11-25', 'male') }),
        recordMemberEvent(day, p(3).id, { kind: 'decease', effectiveOn: '2026-11-26' }),
      ]);
    }
    const [job] = await listJobs(h.db, day.clock);
    expect(job).toMatchObject({ name: 'stats.roll', status: 'ok', due: false });
    await expectRecount(day);
  });

  it.runIf(h.engine === 'postgres')(
    'lets writers pass one another; a read the roll cannot wait for says which day its figures describe',
    async () => {
      const [a, b] = await county(at('2026-11-22'));
      const day = at('2026-11-26');
      let release!: () => void;
      const held = new Promise<void>((r) => (release = r));
      let holding!: () => void;
      const isHolding = new Promise<void>((r) => (holding = r));
      // a write transaction that stays open (an import holds the state like this for its whole run); its edit
      // changes no aggregate cell, so nothing but the state is shared with the other writer
      const long = h.db.transaction(async (tx) => {
        await shareStatsState(tx, '2026-11-26');
        await updateMember({ ...day, db: tx }, a!.id, { jobTitle: '长事务' });
        holding();
        await held;
      });
      await isHolding;
      await within(5000, updateMember(day, b!.id, { jobTitle: '同时' }));
      // the roll to 11-26 waits for the open writer; the read does not wait for it beyond ROLL_WAIT_MS
      const s = await within(10_000, getStats(day, 'C'));
      expect(s.asOf).toBe('2026-11-22');
      release();
      await long;
      await expectRecount(day);
    },
  );

  it.runIf(h.engine === 'postgres')(
    'does not block an ordinary audited write behind a long-running import transaction',
    async () => {
      const ctx = { ...h.ctx(), db: withAuditSession(h.db, { actorId: null, label: 'tester', ip: null }) };
      await smallCounty(ctx);
      const m = await member(ctx, 'V11', '导入期间编辑');
      const rows = ['所在党组织编码,姓名,身份证号,性别,民族,学历,职业,人员类别,入党日期,转正日期'];
      for (let i = 0; i < 200; i++)
        rows.push(
          `V12,导入${i},${idNumber(`19${50 + (i % 30)}-03-0${1 + (i % 9)}`, i % 2 ? 'male' : 'female', '420526')},${
            i % 2 ? '男' : '女'
          },汉族,大学本科,农牧渔民,正式党员,2001-07-01,2002-07-01`,
        );
      const file = join(mkdtempSync(join(tmpdir(), 'jiceng-conc-')), 'members.csv');
      writeFileSync(file, rows.join('\n'));
      let release!: () => void;
      const held = new Promise<void>((r) => (release = r));
      let imported!: () => void;
      const isImported = new Promise<void>((r) => (imported = r));
      const importing = ctx.db.transaction(async (tx) => {
        const r = await importMembers({ ...ctx, db: tx }, { path: file });
        expect(r).toMatchObject({ inserted: 200, rejectedTotal: 0 });
        imported();
        // the import's transaction stays open: its rows, aggregates and audit entries are not committed yet
        await held;
      });
      await isImported;
      await within(5000, updateMember(ctx, m.id, { jobTitle: '导入期间' }));
      release();
      await importing;
      // both are in the chain, in commit order: the edit before the import's chunk entry
      const log = await h.db.query<{ id: number; action: string; entity: string }>(
        'SELECT id, action, entity FROM audit_log ORDER BY id',
      );
      // (the job title is the person's, decision 0011)
      const edit = log.find((e) => e.entity === 'person' && e.action === 'update')!;
      const bulk = log.find((e) => e.action === 'bulk_insert')!;
      expect(edit.id).toBeLessThan(bulk.id);
      expect(await h.db.query('SELECT 1 FROM audit_pending')).toEqual([]);
      expect((await verifyAudit(h.db)).ok).toBe(true);
      await expectRecount(h.ctx());
    },
  );

  it('moves each entry into the chain when its transaction commits, in commit order', async () => {
    const ctx = { ...h.ctx(), db: withAuditSession(h.db, { actorId: null, label: 'tester', ip: null }) };
    await smallCounty(ctx);
    const m = await member(ctx, 'V11', '入链');
    await ctx.db.transaction(async (tx) => {
      await updateMember({ ...ctx, db: tx }, m.id, { jobTitle: '甲' });
      // written, but not in the chain before the commit
      expect(
        (await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_pending'))[0]!.n,
      ).toBeGreaterThan(0);
      expect(await tx.query("SELECT 1 FROM audit_log WHERE entity = 'person' AND action = 'update'")).toEqual(
        [],
      );
    });
    expect(await h.db.query('SELECT 1 FROM audit_pending')).toEqual([]);
    const [u] = await h.db.query<{ actor_label: string }>(
      "SELECT actor_label FROM audit_log WHERE entity = 'person' AND action = 'update'",
    );
    expect(u!.actor_label).toBe('tester');
    // a rolled-back transaction leaves nothing behind
    await expect(
      ctx.db.transaction(async (tx) => {
        await updateMember({ ...ctx, db: tx }, m.id, { jobTitle: '乙' });
        throw new Error('rollback');
      }),
    ).rejects.toThrow('rollback');
    expect(await h.db.query('SELECT 1 FROM audit_pending')).toEqual([]);
    expect((await verifyAudit(h.db)).ok).toBe(true);
  });
});

describeDb('scheduled jobs', (h) => {
  it('registers, runs when due, records the outcome and the next due time', async () => {
    const d0 = fixedClock('2026-11-22');
    let [job] = await listJobs(h.db, d0);
    expect(job).toMatchObject({ name: 'stats.roll', status: 'idle', due: true, lastRunAt: null });
    // (every job is due at once when registered: the roll, and search.keys, which finds no key missing here)
    expect(await runDueJobs(h.db, d0)).toMatchObject([
      { name: 'stats.roll', ran: true, status: 'ok' },
      { name: 'search.keys', ran: true, status: 'ok', result: '拼音字段均已齐全' },
      {
        name: 'life.roll',
        ran: true,
        status: 'ok',
        result: '组织生活汇总已按 2026-11-22 重新计算（0 个党组织）',
      },
      {
        name: 'dues.roll',
        ran: true,
        status: 'ok',
        result: '党费汇总已按 2026-11-22 重新计算（0 个党组织、0 名党员）',
      },
      { name: 'warnings.evaluate', ran: true, status: 'ok' },
      { name: 'recruitment.due', ran: true, status: 'ok', result: '发展党员下一步期限均已判定' },
    ]);
    [job] = await listJobs(h.db, d0);
    // due again at the start of the next day, China time
    expect(job).toMatchObject({ status: 'ok', due: false, nextDueAt: '2026-11-22T16:00:00.000Z' });
    expect(job!.lastResult).toContain('2026-11-22');
    expect(await runDueJobs(h.db, d0)).toEqual([]);
    const d1 = fixedClock('2026-11-23');
    expect(await runDueJobs(h.db, d1)).toMatchObject([
      { name: 'stats.roll', ran: true, status: 'ok' },
      { name: 'search.keys', ran: true, status: 'ok' },
      { name: 'life.roll', ran: true, status: 'ok' },
      { name: 'dues.roll', ran: true, status: 'ok' },
      { name: 'warnings.evaluate', ran: true, status: 'ok' },
      { name: 'recruitment.due', ran: true, status: 'ok' },
    ]);
    expect(await h.db.query('SELECT as_of FROM org_stat_state')).toEqual([{ as_of: '2026-11-23' }]);
    expect(await h.db.query('SELECT as_of::text FROM life_state')).toEqual([{ as_of: '2026-11-23' }]);
    expect(await h.db.query('SELECT as_of::text FROM dues_state')).toEqual([{ as_of: '2026-11-23' }]);
  });

  it('never runs a job another runner holds, and takes it over when the lease has expired', async () => {
    const clock = fixedClock('2026-11-22');
    await listJobs(h.db, clock);
    const later = new Date(clock.now().getTime() + 60_000).toISOString();
    await h.db.query("UPDATE job SET status = 'running', lease_owner = 'other:1', lease_until = $1", [later]);
    expect(await runJob(h.db, clock, 'stats.roll', { force: true })).toMatchObject({
      ran: false,
      status: 'running',
    });
    const earlier = new Date(clock.now().getTime() - 1).toISOString();
    await h.db.query('UPDATE job SET lease_until = $1', [earlier]);
    expect(await runJob(h.db, clock, 'stats.roll', { force: true })).toMatchObject({
      ran: true,
      status: 'ok',
    });
    expect((await listJobs(h.db, clock))[0]).toMatchObject({ leaseOwner: null, leaseUntil: null });
    await expect(runJob(h.db, clock, 'nope')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('runs the due jobs at start-up', async () => {
    const clock = fixedClock('2026-11-22');
    const runner = startJobRunner(h.db, clock, { intervalMs: 3_600_000 });
    await expect.poll(async () => (await listJobs(h.db, clock))[0]!.status, { timeout: 5000 }).toBe('ok');
    await runner.close();
  });
});
