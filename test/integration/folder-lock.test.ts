/**
 * One process per embedded data folder (issue 10 #6): a second process — here the real `jiceng` command — that
 * would open a folder a running process holds is refused with a clear message, before it touches the files; the
 * folder is free again once the holder closes it; a lock left by a process that died is taken over.
 */
import { describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { openMigratedFolder } from '../helpers/db.js';
import { LOCK_FILE, lockDataFolder } from '../../src/db/folder-lock.js';
import { isAppError } from '../../src/shared/errors.js';

function cli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['bin/jiceng.mjs', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('one process per embedded data folder', () => {
  it('refuses a second process while the folder is open, and lets it in once the folder is closed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jiceng-lock-'));
    try {
      // a migrated folder: the second process's `migrate` then has nothing to apply once it is let in
      const db = await openMigratedFolder(dir);
      const lock = JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8')) as { pid: number; host: string };
      expect(lock).toMatchObject({ pid: process.pid, host: hostname() });

      const refused = await cli(['migrate', '--data-dir', dir, '--json']);
      expect(refused.code).not.toBe(0);
      const body = JSON.parse(refused.stdout.trim().split('\n').pop()!) as {
        error: { code: string; message: string };
      };
      expect(body.error.code).toBe('DATA_DIR_IN_USE');
      expect(body.error.message).toContain(`进程号 ${process.pid}`);
      expect(body.error.message).toContain('请先停止该进程');
      // the holder is untouched: its lock is still there and the database still answers
      expect(existsSync(join(dir, LOCK_FILE))).toBe(true);
      expect(await db.query<{ one: number }>('SELECT 1 AS one')).toEqual([{ one: 1 }]);

      await db.close();
      expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
      const allowed = await cli(['migrate', '--data-dir', dir, '--json']);
      expect(allowed.stderr).toBe('');
      expect(allowed.code).toBe(0);
      expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    // three `jiceng` processes are started: slow on a shared machine
  }, 180_000);

  it('takes over a lock left by a process that is gone, and respects one from another host', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jiceng-lock-'));
    try {
      const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
      const deadPid = Number(gone.stdout.toString());
      writeFileSync(
        join(dir, LOCK_FILE),
        JSON.stringify({ pid: deadPid, host: hostname(), command: 'jiceng serve', startedAt: 'x' }),
      );
      const taken = lockDataFolder(dir);
      expect(JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8'))).toMatchObject({ pid: process.pid });
      taken.release();
      expect(existsSync(join(dir, LOCK_FILE))).toBe(false);

      writeFileSync(
        join(dir, LOCK_FILE),
        JSON.stringify({ pid: deadPid, host: 'another-host', command: 'jiceng serve', startedAt: 'x' }),
      );
      let error: unknown = null;
      try {
        lockDataFolder(dir);
      } catch (e) {
        error = e;
      }
      expect(isAppError(error) && error.code).toBe('DATA_DIR_IN_USE');
      expect((error as Error).message).toContain('another-host');
      // refusing leaves the other host's lock in place
      expect(JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8'))).toMatchObject({ host: 'another-host' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
