/** A process killed in the middle of an import leaves the database exactly as it was. */
import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openDb, type Db } from '../../src/db/client.js';
import { migrate } from '../../src/db/migrate.js';
import { smallCounty } from '../helpers/factory.js';
import { DEFAULT_SETTINGS } from '../../src/policy/settings.js';
import { fixedClock } from '../../src/services/context.js';
import { SYSTEM_ACTOR } from '../../src/domain/access/policy.js';
import { checkChar } from '../../src/shared/id-number.js';
import { verifyAudit } from '../../src/services/audit.js';
import { getLiveStats, getStats } from '../../src/services/stats.js';
import { openMigratedFolder, postgresTemplate, TODAY } from '../helpers/db.js';

function bigCsv(rows: number): string {
  const lines = ['所在党组织编码,姓名,公民身份号码,民族,学历,职业,人员类别,入党日期,转正日期'];
  for (let i = 0; i < rows; i++) {
    const birth = `19${50 + (i % 40)}0${1 + (i % 9)}1${i % 9}`;
    const first17 = `420525${birth}${String(i % 1000).padStart(3, '0')}`.slice(0, 17);
    const id = `${first17}${checkChar(first17)}`;
    lines.push(
      `V${i % 2 ? '11' : '21'},党员${i},${id},汉族,初中毕业,农牧渔民,正式党员,2000-07-01,2001-07-01`,
    );
  }
  // make ID numbers unique: the sequence digits above repeat, so vary the address code too
  return lines
    .map((l, i) => (i === 0 ? l : l.replace(/,420525/, `,${String(420000 + (i % 999)).padStart(6, '0')}`)))
    .join('\n')
    .replace(/,(\d{17})[\dX],/g, (_m, f17: string) => `,${f17}${checkChar(f17)},`);
}

async function seed(db: Db) {
  await migrate(db);
  await smallCounty({ db, clock: fixedClock(TODAY), actor: SYSTEM_ACTOR, settings: DEFAULT_SETTINGS });
}

async function killMidImport(args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  const child = spawn(process.execPath, ['bin/jiceng.mjs', 'import', 'members', '--progress', ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // rows are written in chunks of 20,000 as they are read: once 60,000 are read, two chunks are in the
  // transaction — pull the plug then
  await new Promise<void>((resolve, reject) => {
    let err = '';
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString();
      const m = [...err.matchAll(/已处理 (\d+) 行/g)].at(-1);
      if (m && Number(m[1]) >= 60_000) resolve();
    });
    child.once('exit', () => reject(new Error(`import ended before it could be killed: ${err}`)));
  });
  expect(child.exitCode, 'the import must still be running when it is killed').toBeNull();
  child.kill('SIGKILL');
  await new Promise((r) => child.once('exit', r));
}

async function expectUntouched(db: Db) {
  const [m] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM member');
  expect(m!.n).toBe(0);
  expect((await verifyAudit(db)).ok).toBe(true);
  const ctx = { db, clock: fixedClock(TODAY), actor: SYSTEM_ACTOR, settings: DEFAULT_SETTINGS };
  expect({ ...(await getStats(ctx, 'C')), source: 'live' }).toEqual(await getLiveStats(ctx, 'C'));
}

describe('crash in the middle of an import', () => {
  const dir = mkdtempSync(join(tmpdir(), 'jiceng-crash-'));
  const csv = join(dir, 'members.csv');
  writeFileSync(csv, bigCsv(150_000));

  it('leaves an embedded (PGlite) database as it was', async () => {
    const dataDir = join(dir, 'data');
    // the migrated schema, as a deployment's folder holds it (the import is what this test is about)
    const db = await openMigratedFolder(dataDir);
    await seed(db);
    await db.close();
    await killMidImport([csv, '--data-dir', dataDir], {});
    const again = await openDb({ dataDir });
    try {
      await expectUntouched(again);
    } finally {
      await again.close();
    }
  }, 120_000);

  it.runIf(!!process.env.TEST_DATABASE_URL)(
    'leaves a PostgreSQL database as it was',
    async () => {
      const url = new URL(process.env.TEST_DATABASE_URL!);
      const name = `jt_crash_${process.pid}`;
      const admin = new pg.Client({ connectionString: url.toString() });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      const template = postgresTemplate();
      await admin.query(`CREATE DATABASE ${name}${template ? ` TEMPLATE ${template}` : ''}`);
      url.pathname = `/${name}`;
      const db = await openDb({ databaseUrl: url.toString() });
      try {
        await seed(db);
        await killMidImport([csv, '--database-url', url.toString()], {});
        await expectUntouched(db);
      } finally {
        await db.close();
        await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await admin.end();
      }
    },
    120_000,
  );
});
