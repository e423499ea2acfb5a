/**
 * The embedded database's memory settings (decision 0054): read from the environment with their defaults, refused
 * when not written as PostgreSQL writes them, and given to PGlite when it starts (what `openDatabase` passes for
 * the server and the command line).
 */
import { existsSync, readFileSync } from 'node:fs';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { loadConfig, pgliteSettingsOf } from '../../src/config.js';
import { openDb, type Db } from '../../src/db/client.js';

const VARS = [
  'JICENG_PGLITE_SHARED_BUFFERS',
  'JICENG_PGLITE_WORK_MEM',
  'JICENG_PGLITE_MAINTENANCE_WORK_MEM',
] as const;

function withEnv<T>(env: Partial<Record<(typeof VARS)[number], string>>, fn: () => T): T {
  const saved = Object.fromEntries(VARS.map((k) => [k, process.env[k]]));
  try {
    for (const k of VARS) delete process.env[k];
    Object.assign(process.env, env);
    return fn();
  } finally {
    for (const k of VARS) {
      if (saved[k] === undefined) delete process.env[k];
      else process.env[k] = saved[k];
    }
  }
}

describe('the embedded database memory settings', () => {
  const opened: Db[] = [];
  afterAll(async () => {
    for (const db of opened) await db.close();
  });

  it('default to a 64MB buffer pool, 4MB work_mem and 16MB maintenance_work_mem, and take the environment', () => {
    expect(withEnv({}, () => pgliteSettingsOf(loadConfig()))).toEqual({
      sharedBuffers: '64MB',
      workMem: '4MB',
      maintenanceWorkMem: '16MB',
    });
    expect(
      withEnv({ JICENG_PGLITE_SHARED_BUFFERS: '128MB', JICENG_PGLITE_WORK_MEM: '512kB' }, () =>
        pgliteSettingsOf(loadConfig()),
      ),
    ).toEqual({ sharedBuffers: '128MB', workMem: '512kB', maintenanceWorkMem: '16MB' });
    expect(() => withEnv({ JICENG_PGLITE_SHARED_BUFFERS: '32 MB' }, () => loadConfig())).toThrow();
    expect(() => withEnv({ JICENG_PGLITE_MAINTENANCE_WORK_MEM: '16' }, () => loadConfig())).toThrow();
  });

  it('are what PGlite runs with', async () => {
    const show = async (db: Db) =>
      (
        await db.query<{ s: string; w: string; m: string }>(
          `SELECT current_setting('shared_buffers') AS s, current_setting('work_mem') AS w,
                  current_setting('maintenance_work_mem') AS m`,
        )
      )[0];
    // the run's migrated data folder (test/global-setup.ts): loaded, not initialised (seconds less)
    const file = inject('pgliteTemplateFile');
    const configured = await openDb({
      dataDir: 'memory://',
      ...(file && existsSync(file) ? { loadDataDir: new Blob([readFileSync(file)]) } : {}),
      pglite: { sharedBuffers: '32MB', workMem: '8MB', maintenanceWorkMem: '16MB' },
    });
    opened.push(configured);
    expect(await show(configured)).toEqual({ s: '32MB', w: '8MB', m: '16MB' });
  });
});
