/** Builds the web app with Vite when dist/web is missing or older than its sources (so `npm start` needs no build step). */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT_DIR, WEB_DIR } from '../main.js';

function newest(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

export function webIsStale(): boolean {
  const index = join(WEB_DIR, 'index.html');
  if (!existsSync(index)) return true;
  const built = statSync(index).mtimeMs;
  const sources = Math.max(
    newest(join(ROOT_DIR, 'src', 'web')),
    newest(join(ROOT_DIR, 'src', 'shared')),
    statSync(join(ROOT_DIR, 'vite.config.ts')).mtimeMs,
  );
  return sources > built;
}

export async function ensureWebBuilt(
  opts: { force?: boolean; log?: (s: string) => void } = {},
): Promise<boolean> {
  if (!opts.force && !webIsStale()) return false;
  opts.log?.('正在构建网页界面（首次启动或界面代码有更新，约需半分钟）…');
  const vite = await import('vite');
  await vite.build({ configFile: join(ROOT_DIR, 'vite.config.ts'), logLevel: 'warn' });
  return true;
}
