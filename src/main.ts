/** Composition root: config → database (migrated) → services → HTTP server. */
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import type { Config } from './config.js';
import { openDb, type Db } from './db/client.js';
import { migrate } from './db/migrate.js';
import { buildServer } from './server/app.js';
import { systemClock } from './services/context.js';

export const ROOT_DIR = join(dirname(fileURLToPath(import.meta.url)), '..');
export const WEB_DIR = join(ROOT_DIR, 'dist', 'web');

export async function openDatabase(config: Pick<Config, 'DATABASE_URL' | 'JICENG_DATA_DIR'>): Promise<Db> {
  const db = await openDb({ databaseUrl: config.DATABASE_URL, dataDir: config.JICENG_DATA_DIR });
  await migrate(db);
  return db;
}

export async function startServer(config: Config, opts: { webDir?: string } = {}) {
  const db = await openDatabase(config);
  const app = await buildServer({
    db,
    clock: systemClock,
    webDir: opts.webDir ?? WEB_DIR,
    logLevel: config.JICENG_LOG_LEVEL,
  });
  app.addHook('onClose', async () => db.close());
  const address = await app.listen({ port: config.PORT, host: config.HOST });
  return { app, db, address };
}
