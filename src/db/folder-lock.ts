/**
 * One process per embedded data folder (issue 10 #6). PGlite is a single-process engine: a second process opening a
 * folder that a running server holds would see a stale copy and, writing, corrupt the database itself. So the first
 * process takes `jiceng.lock` in the folder (created exclusively, holding its PID, host, command and start time) and
 * removes it when it closes or exits; a second process finds it, checks that the holder is alive, and stops with a
 * message saying who holds the folder and what to do. A lock left by a process that died (a crash, `kill -9`) is
 * taken over; a lock from another host (a shared network folder) cannot be checked and is respected.
 */
import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { AppError } from '../shared/errors.js';

export const LOCK_FILE = 'jiceng.lock';

interface LockInfo {
  pid: number;
  host: string;
  command: string;
  startedAt: string;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: the process exists but belongs to someone else
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readLock(path: string): LockInfo | null {
  try {
    const v = JSON.parse(readFileSync(path, 'utf8')) as Partial<LockInfo>;
    return typeof v.pid === 'number' && typeof v.host === 'string'
      ? { pid: v.pid, host: v.host, command: String(v.command ?? ''), startedAt: String(v.startedAt ?? '') }
      : null;
  } catch {
    return null;
  }
}

function create(path: string, info: LockInfo): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'wx', 0o600);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  }
  try {
    writeSync(fd, JSON.stringify(info));
  } finally {
    closeSync(fd);
  }
  return true;
}

function commandLine(): string {
  // the subcommand only (`jiceng serve`): option values may be paths or connection strings
  const sub = process.argv.slice(2).find((a) => /^[a-z][a-z-]*$/.test(a));
  return sub ? `jiceng ${sub}` : 'jiceng';
}

export interface FolderLock {
  release(): void;
}

/** Takes the folder's lock, or throws DATA_DIR_IN_USE naming the process that holds it. */
export function lockDataFolder(dataDir: string): FolderLock {
  const path = join(dataDir, LOCK_FILE);
  const me: LockInfo = {
    pid: process.pid,
    host: hostname(),
    command: commandLine(),
    startedAt: new Date().toISOString(),
  };
  for (let attempt = 0; attempt < 3; attempt++) {
    if (create(path, me)) {
      let held = true;
      const release = () => {
        if (!held) return;
        held = false;
        process.off('exit', release);
        const now = readLock(path);
        if (now && now.pid === me.pid && now.host === me.host) {
          try {
            unlinkSync(path);
          } catch {
            // already gone
          }
        }
      };
      process.on('exit', release);
      return { release };
    }
    const holder = readLock(path);
    if (holder && holder.host === me.host && holder.pid === process.pid) {
      // this process already holds it (a second handle on the same folder in one process is PGlite's own business)
      return { release: () => undefined };
    }
    if (holder && (holder.host !== me.host || alive(holder.pid))) {
      const where = holder.host === me.host ? '' : `（在另一台计算机 ${holder.host} 上）`;
      throw new AppError(
        'DATA_DIR_IN_USE',
        `数据目录 ${dataDir} 正被另一个 Jiceng 进程使用${where}：进程号 ${holder.pid}，${holder.command || 'jiceng'}，` +
          `启动于 ${holder.startedAt}。嵌入式数据库同一时间只能由一个进程打开，否则可能损坏数据。` +
          `请先停止该进程（例如在运行 jiceng serve 的窗口按 Ctrl+C）再执行本命令；服务运行期间请通过网页或 API 操作。` +
          `若确认该进程已不存在，可删除 ${path} 后重试。`,
      );
    }
    // a lock left by a process that is gone (or unreadable half-written): take it over
    try {
      unlinkSync(path);
    } catch {
      // someone else removed it first; try again
    }
  }
  throw new AppError('DATA_DIR_IN_USE', `无法取得数据目录 ${dataDir} 的使用锁，请稍后重试。`);
}
