/**
 * One write path for orgs (issue 8 #2, decision 0012) and ledgers as counties keep them (issue 9 #1, #2): committees
 * with a blank 所属领域 are imported (derived or "不区分领域"), the same rule and message in the single create (service
 * and API) and the import; rows held back only by a rejected parent are reported once, naming that row and why, in
 * the result's headline and summary, the API's job and the CLI's --json.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeDb, openMigratedFolder, TODAY } from '../helpers/db.js';
import { signIn } from '../helpers/http.js';
import { buildServer } from '../../src/server/app.js';
import { fixedClock } from '../../src/services/context.js';
import { importOrgs } from '../../src/services/imports.js';
import { createOrg, getOrg, moveOrg, updateOrg } from '../../src/services/orgs.js';
import { getLiveStats, getStats } from '../../src/services/stats.js';
import { isAppError } from '../../src/shared/errors.js';
import type { ImportResult } from '../../src/shared/schemas.js';

const dir = mkdtempSync(join(tmpdir(), 'jiceng-orgwrite-'));
let n = 0;
const csv = (text: string) => {
  const f = join(dir, `f${++n}.csv`);
  writeFileSync(f, text);
  return f;
};

const HEADER = '组织编码,组织名称,上级组织编码,组织类别,所属领域,成立日期';

/**
 * A county's ledger as counties keep it: the county committee, 10 township committees and 5 street working
 * committees with a blank 所属领域 (16 rows), and 50 branches below them, children before their parents.
 */
function countyLedger(): string[] {
  const rows: string[] = [];
  for (let t = 1; t <= 10; t++) {
    const tc = `T${String(t).padStart(2, '0')}`;
    for (let v = 1; v <= 3; v++) rows.push(`${tc}V${v},第${t}镇${v}村党支部,${tc},党支部,农村,2001-03-01`);
    rows.push(`${tc},中共第${t}镇委员会,C,乡镇党委,,1958-09-01`);
  }
  for (let s = 1; s <= 5; s++) {
    const sc = `S${s}`;
    rows.push(`${sc},中共第${s}街道工作委员会,C,党工委,,1980-01-01`);
    for (let c = 1; c <= 4; c++)
      rows.push(`${sc}C${c},第${s}街道${c}社区党支部,${sc},党支部,城市社区,2005-01-01`);
  }
  rows.push('C,中共测试县委员会,,县委,,1949-10-01');
  return rows;
}

/** A 基层党委 with a blank sector (not allowed) and the general branch and branch under it. */
const HELD_BACK = [
  'P1,测试工业园区党委,T01,党委,,2010-01-01',
  'G1,园区机关党总支,P1,党总支,党政机关,2010-01-01',
  'B1,园区机关第一党支部,G1,党支部,党政机关,2010-01-01',
];
const REQUIRED_MESSAGE = '所在领域不能为空（只有县委、乡镇党委和党工委可以不填）';

function expectHeldBack(r: ImportResult, first: number) {
  const [p, g, b] = [first, first + 1, first + 2];
  expect(r.rejected).toEqual([
    { row: p, column: '所属领域', code: 'REQUIRED', message: REQUIRED_MESSAGE },
    {
      row: g,
      column: '上级组织编码',
      code: 'ORG_PARENT_REJECTED',
      message: `上级组织（代码 P1）在本文件第 ${p} 行，但该行未能导入：${REQUIRED_MESSAGE}`,
    },
    {
      row: b,
      column: '上级组织编码',
      code: 'ORG_PARENT_REJECTED',
      message: `上级组织（代码 G1）在本文件第 ${g} 行，但该行也因其上级组织未能导入而未导入（根源在第 ${p} 行：${REQUIRED_MESSAGE}）`,
    },
  ]);
  expect(r.summary.map((s) => [s.code, s.column, s.count, s.rows, s.dependent])).toEqual([
    ['REQUIRED', '所属领域', 1, [p], false],
    ['ORG_PARENT_REJECTED', '上级组织编码', 2, [g, b], true],
  ]);
  expect(r.headline).toBe('1 行“所属领域”为空；另有 2 行因其上级组织未能导入而未导入');
}

describeDb('one write path for orgs', (h) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildServer({ db: h.db, clock: fixedClock(TODAY), logLevel: 'silent' });
  });
  afterAll(async () => {
    await app.close();
  });

  it('imports a ledger whose 16 committees have a blank 所属领域, and the 50 orgs below them', async () => {
    const r = await importOrgs(h.ctx(), { path: csv([HEADER, ...countyLedger()].join('\n')) });
    expect(r).toMatchObject({ total: 66, inserted: 66, rejectedTotal: 0, rejected: [], headline: '' });
    expect((await getOrg(h.ctx(), 'C')).sector).toBe('none');
    expect((await getOrg(h.ctx(), 'T01')).sector).toBe('township');
    expect((await getOrg(h.ctx(), 'S1')).sector).toBe('street');
    const s = await getStats(h.ctx(), 'C');
    expect(s.orgs.total).toBe(66);
    expect(s.orgs.bySector).toMatchObject({ none: 1, township: 10, street: 5, village: 30, community: 20 });
    expect({ ...s, source: 'live' }).toEqual(await getLiveStats(h.ctx(), 'C'));
    // the same file again changes nothing: a blank sector keeps the one derived
    expect(await importOrgs(h.ctx(), { path: csv([HEADER, ...countyLedger()].join('\n')) })).toMatchObject({
      inserted: 0,
      updated: 0,
      unchanged: 66,
    });
  });

  it('reports rows held back by a rejected parent once, naming its row and why, down to the root cause', async () => {
    const r = await importOrgs(h.ctx(), { path: csv([HEADER, ...countyLedger(), ...HELD_BACK].join('\n')) });
    expect(r).toMatchObject({ total: 69, inserted: 66, rejectedTotal: 3, badRows: 3 });
    expectHeldBack(r, 68);
    // a parent rejected while read (an unknown kind) is named the same way
    const bad = await importOrgs(
      h.ctx(),
      { path: csv([HEADER, 'Q1,某某委员会,C,火星委员会,农村,', 'Q2,某某支部,Q1,党支部,农村,'].join('\n')) },
      { dryRun: true },
    );
    const q2 = bad.rejected.find((x) => x.row === 3)!;
    expect(q2.code).toBe('ORG_PARENT_REJECTED');
    expect(q2.message).toMatch(/^上级组织（代码 Q1）在本文件第 2 行，但该行未能导入：/);
    expect(bad.headline).toMatch(/；另有 1 行因其上级组织未能导入而未导入$/);
  });

  it('the single create and the import apply the same sector rule, with the same message', async () => {
    await importOrgs(h.ctx(), { path: csv([HEADER, ...countyLedger()].join('\n')) });
    const t = await createOrg(h.ctx(), {
      code: 'T99',
      name: '中共新镇委员会',
      kind: 'township_committee',
      parentCode: 'C',
    });
    expect(t.sector).toBe('township');
    const w = await createOrg(h.ctx(), {
      code: 'W1',
      name: '中共县直机关工作委员会',
      kind: 'working_committee',
      parentCode: 'C',
    });
    expect(w.sector).toBe('none');
    const e = await createOrg(h.ctx(), {
      code: 'P9',
      name: '某党委',
      kind: 'primary_committee',
      parentCode: 'C',
    }).catch((x: unknown) => x);
    expect(isAppError(e) && e.code === 'VALIDATION_FAILED' && e.message).toBe(REQUIRED_MESSAGE);
    // the sectors of an area's committees belong to them
    const misplaced = await createOrg(h.ctx(), {
      code: 'V9',
      name: '某村党支部',
      kind: 'branch',
      sector: 'township',
      parentCode: 'T01',
    }).catch((x: unknown) => x);
    expect(isAppError(misplaced) && misplaced.message).toBe('所在领域“乡镇”只用于乡镇党委');
    // the API: a township committee without a sector is created; a branch without one is refused in Chinese
    const admin = await signIn(app, h.ctx(), 'county_admin', 'C');
    const ok = await admin.post('/api/v1/orgs', {
      code: 'T98',
      name: '中共另一镇委员会',
      kind: 'township_committee',
      parentCode: 'C',
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json<{ sector: string }>().sector).toBe('township');
    const no = await admin.post('/api/v1/orgs', {
      code: 'V8',
      name: '某村党支部',
      kind: 'branch',
      parentCode: 'T98',
    });
    expect(no.statusCode).toBe(400);
    expect(no.json<{ error: { message: string } }>().error.message).toBe(REQUIRED_MESSAGE);
    // an upload's job (the web wizard reads it) carries the headline and the summary
    const boundary = '----jicengtest';
    const body = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="orgs.csv"\r\n` +
        `Content-Type: text/csv\r\n\r\n${[HEADER, ...HELD_BACK].join('\n')}\r\n--${boundary}--\r\n`,
    );
    const up = await admin.req({
      method: 'POST',
      url: '/api/v1/imports/orgs',
      payload: body,
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    });
    expect(up.statusCode, up.body).toBeLessThan(300);
    let job = up.json<{ id: string; state: string; result: ImportResult | null }>();
    while (job.state === 'parsing' || job.state === 'applying') {
      await new Promise((r) => setTimeout(r, 50));
      job = (await admin.get(`/api/v1/imports/${job.id}`)).json();
    }
    expect(job.result?.headline).toBe('1 行“所属领域”为空；另有 2 行因其上级组织未能导入而未导入');
    expect(job.result?.summary.map((x) => [x.code, x.count, x.rows, x.dependent])).toEqual([
      ['REQUIRED', 1, [2], false],
      ['ORG_PARENT_REJECTED', 2, [3, 4], true],
    ]);
    const stats = await getStats(h.ctx(), 'C');
    expect({ ...stats, source: 'live' }).toEqual(await getLiveStats(h.ctx(), 'C'));
  });

  it('moves and corrections keep the aggregates through the same write path', async () => {
    await importOrgs(h.ctx(), { path: csv([HEADER, ...countyLedger()].join('\n')) });
    await moveOrg(h.ctx(), 'T01V1', 'T02', '2020-01-01');
    await updateOrg(h.ctx(), 'T02V1', { sector: 'community', effectiveOn: '2021-01-01' });
    const underBranch = await moveOrg(h.ctx(), 'T01V2', 'T02V2').catch((x: unknown) => x);
    expect(isAppError(underBranch) && underBranch.message).toBe('党支部（第2镇2村党支部）之下不能设党支部');
    const intoItself = await moveOrg(h.ctx(), 'S1', 'S1C1').catch((x: unknown) => x);
    expect(isAppError(intoItself) && intoItself.code).toBe('ORG_CYCLE');
    expect((await getStats(h.ctx(), 'T02')).orgs.total).toBe(5);
    const s = await getStats(h.ctx(), 'C');
    expect({ ...s, source: 'live' }).toEqual(await getLiveStats(h.ctx(), 'C'));
  });
});

it('the CLI --json gives the headline and the summary, first rows of each group', async () => {
  // a migrated folder, as a deployment's: the command's own work is what is tested
  await (await openMigratedFolder(join(dir, 'cli-data'))).close();
  const file = csv([HEADER, ...countyLedger(), ...HELD_BACK].join('\n'));
  const out = spawnSync(
    process.execPath,
    ['bin/jiceng.mjs', 'import', 'orgs', file, '--json', '--data-dir', join(dir, 'cli-data')],
    { encoding: 'utf8', timeout: 120_000 },
  );
  expect(out.status, out.stderr).toBe(3);
  expectHeldBack(JSON.parse(out.stdout) as ImportResult, 68);
}, 180_000);
