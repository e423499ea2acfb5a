/**
 * Import jobs through the API (security review #6): a file with tens of thousands of bad rows gives a small
 * status answer with exact counts per problem and the kept rejections paged; only roles allowed to import may
 * upload, look or apply; and uploads leave nothing behind in the temporary folder — after apply, after a failed
 * check, after a failed upload, after expiry, and from a process that died.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describeDb, TODAY } from '../helpers/db.js';
import { idNumber, member, smallCounty } from '../helpers/factory.js';
import { signIn, type Client } from '../helpers/http.js';
import Fastify from 'fastify';
import multipart from '@fastify/multipart';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { buildServer } from '../../src/server/app.js';
import { importRoutes } from '../../src/server/routes/imports.js';
import { registerErrorHandler } from '../../src/server/error-handler.js';
import type { Ctx } from '../../src/services/context.js';
import { fixedClock } from '../../src/services/context.js';
import { defaultImportRoot, ImportJobs } from '../../src/services/import-jobs.js';
import { KEPT_PER_GROUP } from '../../src/services/import-rejections.js';
import type { ImportJob, ImportRejectionPage } from '../../src/shared/schemas.js';

const HEADER = '所在党组织编码,姓名,身份证号,性别,民族,人员类别,入党日期,转正日期';

/** A valid ID number with its check character changed. */
function wrongCheck(id: string): string {
  return id.slice(0, 17) + (id[17] === '1' ? '2' : '1');
}

/** `n` member rows, each with the same two problems: a wrong check character and an unknown ethnicity. */
function badMembers(n: number): string {
  const lines = [HEADER];
  const base = idNumber('1970-05-20', 'male');
  for (let i = 0; i < n; i++)
    lines.push(`V11,党员${i},${wrongCheck(base)},男,汉族,火星党员,2005-07-01,2006-07-01`);
  return lines.join('\n') + '\n';
}

function multipartBody(fileName: string, content: string | Buffer) {
  const boundary = `----jiceng${Math.random().toString(16).slice(2)}`;
  const payload = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\n` +
        'Content-Type: application/octet-stream\r\n\r\n',
    ),
    Buffer.from(content),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

function upload(c: Client, kind: 'orgs' | 'members', fileName: string, content: string | Buffer) {
  return c.req({ method: 'POST', url: `/api/v1/imports/${kind}`, ...multipartBody(fileName, content) });
}

async function settled(c: Client, id: string): Promise<ImportJob> {
  for (;;) {
    const res = await c.get(`/api/v1/imports/${id}`);
    expect(res.statusCode, res.body.slice(0, 200)).toBe(200);
    const job = res.json<ImportJob>();
    if (job.state !== 'parsing' && job.state !== 'applying') return job;
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The folders of this process in the upload folder. */
function ownFolders(): Set<string> {
  const root = defaultImportRoot();
  if (!existsSync(root)) return new Set();
  return new Set(readdirSync(root).filter((n) => n.startsWith(`${process.pid}-`)));
}

describeDb('import jobs over the API', (h) => {
  let app: FastifyInstance;
  /** the upload folder of this server */
  let folder: string;
  beforeAll(async () => {
    const before = ownFolders();
    app = await buildServer({ db: h.db, clock: fixedClock(TODAY), logLevel: 'silent' });
    const added = [...ownFolders()].filter((n) => !before.has(n));
    expect(added).toHaveLength(1);
    folder = join(defaultImportRoot(), added[0]!);
  });
  afterAll(async () => {
    await app.close();
    // closing removes what the server still held
    expect(existsSync(folder)).toBe(false);
  });
  const uploads = () => readdirSync(folder);

  it('answers 20,000 bad rows with a small status, exact counts per problem and the kept rows paged', async () => {
    const ctx = h.ctx();
    await smallCounty(ctx);
    const admin = await signIn(app, ctx, 'county_admin', 'C');
    const rows = 20_000;
    const res = await upload(admin, 'members', 'big.csv', badMembers(rows));
    expect(res.statusCode, res.body.slice(0, 200)).toBe(200);
    const job = await settled(admin, res.json<ImportJob>().id);
    expect(job.state).toBe('validated');

    const status = await admin.get(`/api/v1/imports/${job.id}`);
    // before: every rejection in every answer (155 MB for a million rows); now counts and a summary
    expect(Buffer.byteLength(status.body)).toBeLessThan(8 * 1024);
    const result = status.json<ImportJob>().result!;
    expect(result).not.toHaveProperty('rejected');
    expect(result).toMatchObject({
      total: rows,
      inserted: 0,
      rejectedTotal: 2 * rows,
      badRows: rows,
      rejectedListed: 2 * KEPT_PER_GROUP,
    });
    const first10 = Array.from({ length: 10 }, (_, i) => i + 2);
    expect(result.summary.map((s) => [s.code, s.column, s.count, s.rows, s.dependent]).sort()).toEqual(
      [
        ['ID_CHECKSUM', '身份证号', rows, first10, false],
        // (an unknown 民族 would be kept as 未归类, not refused: issue 9 #3; 人员类别 stays strict)
        ['CODE_UNKNOWN', '人员类别', rows, first10, false],
      ].sort(),
    );
    for (const s of result.summary) expect(s.message).toMatch(/[\u4e00-\u9fff]/);

    // the kept rejections, page by page, in row order
    const page = async (q: string) => {
      const r = await admin.get(`/api/v1/imports/${job.id}/rejections?${q}`);
      expect(r.statusCode, r.body.slice(0, 200)).toBe(200);
      return r.json<ImportRejectionPage>();
    };
    const p1 = await page('page=1&pageSize=50');
    expect(p1).toMatchObject({ total: 2 * KEPT_PER_GROUP, page: 1, pageSize: 50, rejectedTotal: 2 * rows });
    expect(p1.items).toHaveLength(50);
    expect(p1.items[0]).toMatchObject({ row: 2 });
    const seen = [];
    for (let p = 1; p <= 8; p++) seen.push(...(await page(`page=${p}&pageSize=50`)).items);
    expect(seen).toHaveLength(2 * KEPT_PER_GROUP);
    expect(seen.map((r) => r.row)).toEqual([...seen.map((r) => r.row)].sort((a, b) => a - b));
    expect(new Set(seen.map((r) => r.row))).toEqual(new Set(Array.from({ length: 200 }, (_, i) => i + 2)));
    expect((await page('page=9&pageSize=50')).items).toEqual([]);
    const one = await page('code=ID_CHECKSUM&pageSize=500');
    expect(one).toMatchObject({ total: KEPT_PER_GROUP, rejectedTotal: rows });
    expect(one.items.every((r) => r.code === 'ID_CHECKSUM' && r.column === '身份证号')).toBe(true);
    expect((await page('page=1&pageSize=20')).items).toHaveLength(20);
    // bounded, validated paging
    for (const q of ['pageSize=501', 'page=0', 'page=abc', 'code=%3Cscript%3E', 'page=1000001']) {
      const r = await admin.get(`/api/v1/imports/${job.id}/rejections?${q}`);
      expect(r.statusCode, q).toBe(400);
    }
    expect((await admin.get('/api/v1/imports/not-a-uuid/rejections')).statusCode).toBe(400);
    // someone else's job does not exist for another account
    const other = await signIn(app, ctx, 'county_admin', 'C');
    expect((await other.get(`/api/v1/imports/${job.id}`)).statusCode).toBe(404);
    expect((await other.get(`/api/v1/imports/${job.id}/rejections`)).statusCode).toBe(404);

    // documented, with its query parameters
    const docs = (await admin.get('/api/docs/json')).json<{
      paths: Record<string, { get?: { parameters?: { name: string; in: string }[] } }>;
    }>();
    const op = docs.paths['/api/v1/imports/{id}/rejections']?.get;
    expect(op?.parameters?.map((p) => `${p.in}:${p.name}`).sort()).toEqual([
      'path:id',
      'query:code',
      'query:page',
      'query:pageSize',
    ]);

    // the upload waits for apply; applying (nothing valid to write) removes it
    expect(uploads()).toHaveLength(1);
    const applied = await admin.post(`/api/v1/imports/${job.id}/apply`, { allOrNothing: false });
    expect(applied.statusCode).toBe(200);
    const done = await settled(admin, job.id);
    expect(done.state).toBe('applied');
    expect(done.result).toMatchObject({ inserted: 0, rejectedTotal: 2 * rows, badRows: rows });
    expect(uploads()).toEqual([]);
    // the rows of the result can still be paged through
    expect((await page('pageSize=10')).total).toBe(2 * KEPT_PER_GROUP);
  });

  it('refuses upload, status, rejections and apply to viewers and members (403)', async () => {
    const ctx = h.ctx();
    await smallCounty(ctx);
    const m = await member(ctx, 'V11', '甲村党员');
    const secretary = await signIn(app, ctx, 'branch_secretary', 'V11');
    const res = await upload(secretary, 'members', 'few.csv', badMembers(3));
    expect(res.statusCode).toBe(200);
    const job = await settled(secretary, res.json<ImportJob>().id);
    const viewer = await signIn(app, ctx, 'viewer', 'T1');
    const memberAccount = await signIn(app, ctx, 'member', 'V11', { memberId: m.id });
    for (const c of [viewer, memberAccount]) {
      const who = c.username;
      expect((await upload(c, 'members', 'few.csv', badMembers(3))).statusCode, who).toBe(403);
      expect((await upload(c, 'orgs', 'few.csv', 'x')).statusCode, who).toBe(403);
      expect((await c.get(`/api/v1/imports/${job.id}`)).statusCode, who).toBe(403);
      expect((await c.get(`/api/v1/imports/${job.id}/rejections`)).statusCode, who).toBe(403);
      const apply = await c.post(`/api/v1/imports/${job.id}/apply`, { allOrNothing: false });
      expect(apply.statusCode, who).toBe(403);
    }
    // their refused uploads left nothing; the secretary's own job is untouched
    expect(uploads()).toHaveLength(1);
    expect((await settled(secretary, job.id)).state).toBe('validated');
    await secretary.post(`/api/v1/imports/${job.id}/apply`, { allOrNothing: true });
    expect((await settled(secretary, job.id)).state).toBe('applied');
    expect(uploads()).toEqual([]);
  });

  it('removes the upload when its check fails and when the upload itself breaks off', async () => {
    const ctx = h.ctx();
    await smallCounty(ctx);
    const admin = await signIn(app, ctx, 'county_admin', 'C');
    // not a spreadsheet at all: the check fails
    const res = await upload(admin, 'members', 'broken.xlsx', Buffer.from('PK\u0003\u0004 not really a zip'));
    expect(res.statusCode).toBe(200);
    const job = await settled(admin, res.json<ImportJob>().id);
    expect(job.state).toBe('failed');
    expect(job.error?.message).toMatch(/[\u4e00-\u9fff]/);
    expect(uploads()).toEqual([]);

    // an upload cut off midway (the client goes away): the part written so far is removed
    const { payload, headers } = multipartBody('cut.csv', badMembers(2000));
    const cut = payload.subarray(0, Math.floor(payload.length / 2));
    let sent = false;
    const body = new Readable({
      read() {
        if (sent) return;
        sent = true;
        this.push(cut);
        setTimeout(() => this.destroy(new Error('connection reset')), 20);
      },
    });
    const broken = await admin
      .req({ method: 'POST', url: '/api/v1/imports/members', headers, payload: body })
      .then(
        (res) => res.statusCode,
        () => 'aborted',
      );
    expect(broken === 'aborted' || (typeof broken === 'number' && broken >= 400), String(broken)).toBe(true);
    // the route's own clean-up runs when the stream fails
    for (let i = 0; i < 50 && uploads().length; i++) await new Promise((r) => setTimeout(r, 20));
    expect(uploads()).toEqual([]);
  });

  it('removes an upload refused as too large', async () => {
    // the server's limit is 200 MB: the same route under a 1 KB limit
    const root = mkdtempSync(join(tmpdir(), 'jiceng-imports-test-'));
    const jobs = new ImportJobs({ root });
    const mini = Fastify({ logger: false });
    try {
      mini.setValidatorCompiler(validatorCompiler);
      mini.setSerializerCompiler(serializerCompiler);
      registerErrorHandler(mini);
      await mini.register(multipart, { limits: { fileSize: 1024, files: 1 } });
      mini.decorateRequest('ctx', null as unknown as Ctx);
      mini.addHook('onRequest', async (req) => {
        req.ctx = h.ctx();
      });
      await mini.register(importRoutes(jobs), { prefix: '/api/v1' });
      const res = await mini.inject({
        method: 'POST',
        url: '/api/v1/imports/members',
        ...multipartBody('big.csv', badMembers(100)),
      });
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().error.message).toMatch(/文件太大/);
      expect(readdirSync(jobs.folder)).toEqual([]);
      const small = await mini.inject({
        method: 'POST',
        url: '/api/v1/imports/members',
        ...multipartBody('small.csv', badMembers(2)),
      });
      expect(small.statusCode, small.body).toBe(200);
      expect(readdirSync(jobs.folder)).toHaveLength(1);
      await jobs.settle(small.json<ImportJob>().id);
    } finally {
      await mini.close();
      rmSync(root, { recursive: true, force: true });
    }
    // closing the server removed the folder and what it held
    expect(existsSync(jobs.folder)).toBe(false);
  });

  it('removes the folders of a process that died when a server starts, and keeps those of live ones', async () => {
    const root = defaultImportRoot();
    // pids above the kernel's limit (2^22) never exist
    const stale = join(root, '9999999-abc123');
    mkdirSync(join(stale, 'u1'), { recursive: true });
    writeFileSync(join(stale, 'u1', 'upload.csv'), 'leftover');
    const alive = join(root, `${process.pid}-kept`);
    mkdirSync(alive, { recursive: true });
    const second = await buildServer({ db: h.db, clock: fixedClock(TODAY), logLevel: 'silent' });
    try {
      expect(existsSync(stale)).toBe(false);
      expect(existsSync(alive)).toBe(true);
    } finally {
      await second.close();
      rmSync(alive, { recursive: true, force: true });
    }
  });

  it('forgets an expired job and removes its file on a timer, without waiting for the next upload', async () => {
    const ctx = h.ctx();
    await smallCounty(ctx);
    const root = mkdtempSync(join(tmpdir(), 'jiceng-imports-test-'));
    const jobs = new ImportJobs({ root, ttlMs: 100, sweepEveryMs: 40 });
    try {
      const tmp = jobs.tempFile('台账.csv');
      writeFileSync(tmp.path, badMembers(5));
      const job = jobs.start(ctx, 'members', { ...tmp, fileName: '台账.csv' });
      await jobs.settle(job.id);
      expect(jobs.get(ctx, job.id).state).toBe('validated');
      expect(readdirSync(jobs.folder)).toHaveLength(1);
      for (let i = 0; i < 100 && readdirSync(jobs.folder).length; i++)
        await new Promise((r) => setTimeout(r, 20));
      expect(readdirSync(jobs.folder)).toEqual([]);
      expect(() => jobs.get(ctx, job.id)).toThrow(/过期/);
    } finally {
      jobs.close();
      rmSync(root, { recursive: true, force: true });
    }
  });
});
