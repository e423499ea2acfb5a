/**
 * The embedded database's memory settings (decision 0054): read from the environment with their defaults, refused
 * when not written as PostgreSQL writes them, and given to PGlite when it starts (what `openDatabase` passes for
 * the server and the command line). And its thread (decision 0057's session 23 addendum): the server's by default,
 * a command's only when asked.
 */
import { existsSync, readFileSync } from 'node:fs';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { loadConfig, pgliteSettingsOf } from '../../src/config.js';
import { pgliteWorkerOf } from '../../src/main.js';
import { openDb, type Db } from '../../src/db/client.js';

const VARS = [
  'JICENG_PGLITE_SHARED_BUFFERS',
  'JICENG_PGLITE_WORK_MEM',
  'JICENG_PGLITE_MAINTENANCE_WORK_MEM',
  'JICENG_PGLITE_WORKER',
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

  it('put PGlite on a thread of its own for the server by default, for a command only when asked', () => {
    const worker = (env: Partial<Record<(typeof VARS)[number], string>>) =>
      withEnv(env, () => {
        const config = loadConfig();
        return [pgliteWorkerOf(config, true), pgliteWorkerOf(config, false)];
      });
    // [the server, a command]
    expect(worker({})).toEqual([true, false]);
    expect(worker({ JICENG_PGLITE_WORKER: 'auto' })).toEqual([true, false]);
    expect(worker({ JICENG_PGLITE_WORKER: '' })).toEqual([true, false]);
    expect(worker({ JICENG_PGLITE_WORKER: 'false' })).toEqual([false, false]);
    expect(worker({ JICENG_PGLITE_WORKER: '0' })).toEqual([false, false]);
    expect(worker({ JICENG_PGLITE_WORKER: 'true' })).toEqual([true, true]);
    expect(worker({ JICENG_PGLITE_WORKER: '1' })).toEqual([true, true]);
    expect(() => withEnv({ JICENG_PGLITE_WORKER: 'yes' }, () => loadConfig())).toThrow();
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
