/**
 * Issue 7, findings 7 and 10: an ID number or org code that is registered already gets the same answer wherever it
 * is registered, naming nothing outside the actor's scope (API and import); and concurrent creations of one value
 * give one success and friendly 409s, never a 500 (nor a unique violation that would print the ID number in
 * PostgreSQL's log).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeDb, TODAY, type DbHarness } from '../helpers/db.js';
import { idNumber, member, smallCounty } from '../helpers/factory.js';
import { signIn, type Client } from '../helpers/http.js';
import { buildServer } from '../../src/server/app.js';
import { DEFAULT_SETTINGS } from '../../src/policy/settings.js';
import { fixedClock, type Ctx } from '../../src/services/context.js';
import { importMembers, importOrgs } from '../../src/services/imports.js';
import { login, sessionOf } from '../../src/services/accounts.js';

const ID_TAKEN = '该身份证号已登记，不能重复登记；如该党员需要转入，请由上级党组织办理组织关系转接';
const codeTaken = (code: string) => `组织编码 ${code} 已被使用，请换用其他编码`;

/** 丙村 (V21, 乙镇) is outside 甲镇's scope; 乙村 (V12) is inside. */
async function county(h: DbHarness) {
  const ctx = h.ctx();
  await smallCounty(ctx);
  const outsideId = idNumber('1966-02-03', 'female');
  const insideId = idNumber('1971-08-09', 'male');
  const outside = await member(ctx, 'V21', '外镇王某', { idNumber: outsideId });
  const inside = await member(ctx, 'V12', '本镇赵某', { idNumber: insideId });
  return { ctx, outsideId, insideId, outside, inside };
}

const newMember = (orgCode: string, id: string, name = '新党员') => ({
  orgCode,
  name,
  idNumber: id,
  ethnicity: '01',
  status: 'full',
  joinedOn: '2001-07-01',
  confirmedOn: '2002-07-01',
});

const newOrg = (code: string, name = '新建党支部') => ({
  code,
  name,
  parentCode: 'T1',
  kind: 'branch',
  sector: 'village',
  foundedOn: '2010-01-01',
});

/** The service context of an account (the same actor the API would use). */
async function actorCtx(h: DbHarness, c: Client): Promise<Ctx> {
  const clock = fixedClock(TODAY);
  const { token } = await login(
    { db: h.db, clock },
    { username: c.username, password: 'Passw0rd-test', ip: null },
  );
  const session = await sessionOf(h.db, clock, token);
  return { db: h.db, clock, actor: session!.actor, settings: DEFAULT_SETTINGS };
}

/**
 * Runs `requests` while another transaction holds the aggregates' lock, which every creation takes after its
 * existence check, and lets it go only once the app's transactions all wait for a lock: so the creations really
 * overlap (without a per-value lock each would pass its check before any of them inserts). Returns the results and
 * the kinds of lock the creations were waiting for. PGlite runs one transaction at a time: there they simply run.
 */
async function overlapping<T>(
  h: DbHarness,
  requests: () => Promise<T>,
): Promise<{ results: T; waits: string[] }> {
  if (h.db.kind !== 'postgres') return { results: await requests(), waits: [] };
  let pending: Promise<T> | null = null;
  let waits: string[] = [];
  await h.db.transaction(async (tx) => {
    await tx.query('SELECT as_of FROM org_stat_state WHERE id = 1 FOR UPDATE');
    pending = requests();
    // the pool has 10 connections and this transaction holds one: wait until the other 9 are all blocked
    for (let i = 0; i < 300; i++) {
      await tx.query('SELECT pg_stat_clear_snapshot()');
      const rows = await tx.query<{ locktype: string }>(
        `SELECT DISTINCT ON (l.pid) l.locktype FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
          WHERE NOT l.granted AND a.datname = current_database()`,
      );
      waits = rows.map((r) => r.locktype);
      if (waits.length >= 9) break;
      await new Promise((r) => setTimeout(r, 50));
    }
  });
  return { results: await pending!, waits };
}

const dir = mkdtempSync(join(tmpdir(), 'jiceng-unique-'));
let files = 0;
function csv(lines: string[]): string {
  const f = join(dir, `f${++files}.csv`);
  writeFileSync(f, lines.join('\n'));
  return f;
}

describeDb('registered ID numbers and org codes', (h) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildServer({ db: h.db, clock: fixedClock(TODAY), logLevel: 'silent' });
  });
  afterAll(async () => {
    await app.close();
  });

  it('answers a taken ID number the same way inside and outside the scope, naming only readable members', async () => {
    const { ctx, outsideId, insideId, inside } = await county(h);
    const officer = await signIn(app, ctx, 'township_officer', 'T1');

    const out = await officer.post('/api/v1/members', newMember('V11', outsideId));
    expect(out.statusCode).toBe(409);
    expect(out.json().error).toEqual({ code: 'MEMBER_ID_NUMBER_TAKEN', message: ID_TAKEN });
    for (const leak of ['外镇王某', '丙村', '乙镇', '管理范围']) expect(out.body).not.toContain(leak);

    // an edit to a number registered outside the scope: the same words
    const mine = await officer.post('/api/v1/members', newMember('V11', idNumber('1975-01-01', 'male')));
    expect(mine.statusCode).toBe(200);
    const edit = await officer.patch(`/api/v1/members/${mine.json().id}`, { idNumber: outsideId });
    expect(edit.statusCode).toBe(409);
    expect(edit.json().error).toEqual({ code: 'MEMBER_ID_NUMBER_TAKEN', message: ID_TAKEN });

    // inside the scope the member may be named (the officer can read them anyway)
    const inScope = await officer.post('/api/v1/members', newMember('V11', insideId));
    expect(inScope.statusCode).toBe(409);
    expect(inScope.json().error.code).toBe('MEMBER_ID_NUMBER_TAKEN');
    expect(inScope.json().error.message).toContain('本镇赵某');
    expect(inScope.json().error.details).toEqual({ memberId: inside.id });

    // a branch secretary of 甲村 may not read 乙村's members: the general words
    const secretary = await signIn(app, ctx, 'branch_secretary', 'V11');
    const sibling = await secretary.post('/api/v1/members', newMember('V11', insideId));
    expect(sibling.statusCode).toBe(409);
    expect(sibling.json().error).toEqual({ code: 'MEMBER_ID_NUMBER_TAKEN', message: ID_TAKEN });
  });

  it('answers a taken org code the same way inside and outside the scope', async () => {
    const { ctx } = await county(h);
    const officer = await signIn(app, ctx, 'township_officer', 'T1');
    const out = await officer.post('/api/v1/orgs', newOrg('V21'));
    expect(out.statusCode).toBe(409);
    expect(out.json().error).toEqual({ code: 'ORG_CODE_TAKEN', message: codeTaken('V21') });
    for (const leak of ['丙村', '乙镇', '管理范围']) expect(out.body).not.toContain(leak);
    const inScope = await officer.post('/api/v1/orgs', newOrg('V12'));
    expect(inScope.statusCode).toBe(409);
    expect(inScope.json().error.message).toBe('组织编码 V12 已被使用（乙村党支部），请换用其他编码');
  });

  it('rejects import rows with the same words, in a dry run', async () => {
    const { ctx, outsideId, insideId } = await county(h);
    const officer = await actorCtx(h, await signIn(app, ctx, 'township_officer', 'T1'));

    const members = await importMembers(
      officer,
      {
        path: csv([
          '所在党组织编码,姓名,公民身份号码,民族,人员类别,入党日期,转正日期',
          `V11,外镇王某,${outsideId},汉族,正式党员,1990-07-01,1991-07-01`,
          `V12,本镇赵某,${insideId},汉族,正式党员,2005-07-01,2006-07-01`,
        ]),
      },
      { dryRun: true },
    );
    expect(members.rejected).toEqual([
      { row: 2, column: '公民身份号码', code: 'MEMBER_ID_NUMBER_TAKEN', message: ID_TAKEN },
    ]);
    expect(members.updated + members.unchanged).toBe(1); // the member inside the scope is simply updated

    const orgs = await importOrgs(
      officer,
      {
        path: csv([
          '组织编码,组织名称,上级组织编码,组织类别,所在领域,成立日期',
          'V21,冒用的编码,T1,党支部,农村,2001-03-01',
        ]),
      },
      { dryRun: true },
    );
    expect(orgs.rejected).toEqual([
      { row: 2, column: '组织编码', code: 'ORG_CODE_TAKEN', message: codeTaken('V21') },
    ]);
    expect(JSON.stringify([members, orgs])).not.toContain('管理范围');
  });

  it('gives one success and 19 friendly refusals for 20 parallel creations of one ID number', async () => {
    const { ctx } = await county(h);
    const admin = await signIn(app, ctx, 'county_admin', 'C');
    const id = idNumber('1977-07-07', 'female');
    const { results, waits } = await overlapping(h, () =>
      Promise.all(
        Array.from({ length: 20 }, (_, i) => admin.post('/api/v1/members', newMember('V11', id, `并发${i}`))),
      ),
    );
    const statuses = results.map((r) => r.statusCode);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    const refused = results.filter((r) => r.statusCode !== 200);
    expect(refused.map((r) => r.statusCode)).toEqual(Array(19).fill(409));
    for (const r of refused) expect(r.json().error.code).toBe('MEMBER_ID_NUMBER_TAKEN');
    // on PostgreSQL the later creations queued on the number's lock before looking for it: none of them got as far
    // as an insert that PostgreSQL would refuse (and log, with the number)
    if (h.engine === 'postgres') expect(waits).toContain('advisory');
    const [n] = await h.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM member m JOIN person p ON p.id = m.person_id WHERE p.id_number = $1',
      [id],
    );
    expect(n!.n).toBe(1);
  });

  it('gives one success and 19 friendly refusals for 20 parallel creations of one org code', async () => {
    const { ctx } = await county(h);
    const admin = await signIn(app, ctx, 'county_admin', 'C');
    const { results, waits } = await overlapping(h, () =>
      Promise.all(
        Array.from({ length: 20 }, (_, i) => admin.post('/api/v1/orgs', newOrg('V13', `并发党支部${i}`))),
      ),
    );
    expect(results.filter((r) => r.statusCode === 200)).toHaveLength(1);
    const refused = results.filter((r) => r.statusCode !== 200);
    expect(refused.map((r) => r.statusCode)).toEqual(Array(19).fill(409));
    for (const r of refused) expect(r.json().error.code).toBe('ORG_CODE_TAKEN');
    if (h.engine === 'postgres') expect(waits).toContain('advisory');
  });
});
