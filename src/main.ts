/** Composition root: config → database (migrated) → services → HTTP server. */
import { fileURLToPath } from 'node:url';
import { basename, dirname, join } from 'node:path';
import { pgliteSettingsOf, type Config } from './config.js';
import { openDb, type Db } from './db/client.js';
import { plannerStatsMissing, refreshPlannerStats } from './db/planner-stats.js';
import { migrate } from './db/migrate.js';
import { buildServer } from './server/app.js';
import { systemClock } from './services/context.js';
import {
  fileAnchorStore,
  memoryAnchorStore,
  startAnchoring,
  type AuditAnchorStore,
} from './services/audit-anchor.js';
import { startJobRunner } from './services/jobs.js';

const HERE = dirname(fileURLToPath(import.meta.url));
/** the repository: above src/, or above dist/server/ when running the compiled build (scripts/server-build.mjs) */
export const ROOT_DIR =
  basename(HERE) === 'server' && basename(dirname(HERE)) === 'dist'
    ? join(HERE, '..', '..')
    : join(HERE, '..');
export const WEB_DIR = join(ROOT_DIR, 'dist', 'web');

export async function openDatabase(
  config: Pick<
    Config,
    | 'DATABASE_URL'
    | 'JICENG_DATA_DIR'
    | 'JICENG_PGLITE_SHARED_BUFFERS'
    | 'JICENG_PGLITE_WORK_MEM'
    | 'JICENG_PGLITE_MAINTENANCE_WORK_MEM'
    | 'JICENG_PGLITE_WORKER'
  >,
  /** the server opens it (`auto` then puts PGlite on a thread of its own), not a command */
  opts: { serving?: boolean } = {},
): Promise<Db> {
  const db = await openDb({
    databaseUrl: config.DATABASE_URL,
    dataDir: config.JICENG_DATA_DIR,
    // the embedded database's memory (decision 0054)
    pglite: pgliteSettingsOf(config),
    // on a thread of its own (decision 0057): the server's by default, a command's when asked
    worker: pgliteWorkerOf(config, opts.serving ?? false),
  });
  await migrate(db);
  // PGlite has no autovacuum: a folder whose tables were never analysed plans the roster as if they were empty
  if (db.kind === 'pglite' && (await plannerStatsMissing(db))) await refreshPlannerStats(db);
  return db;
}

/** Whether PGlite runs on a thread of its own: as configured, or (`auto`) when the server opens it. */
export function pgliteWorkerOf(config: Pick<Config, 'JICENG_PGLITE_WORKER'>, serving: boolean): boolean {
  const w = config.JICENG_PGLITE_WORKER;
  // (only `true` itself: an override passed to loadConfig is not parsed again)
  return w === 'auto' ? serving : w === true;
}

/** The audit chain's anchor and key: files outside the database (also for PostgreSQL), by default in the data dir. */
export function openAnchorStore(
  config: Pick<Config, 'JICENG_DATA_DIR' | 'JICENG_AUDIT_KEY_FILE' | 'JICENG_AUDIT_ANCHOR_FILE'>,
): AuditAnchorStore {
  const dir = config.JICENG_DATA_DIR;
  if (dir.startsWith('memory://') && !config.JICENG_AUDIT_KEY_FILE && !config.JICENG_AUDIT_ANCHOR_FILE)
    return memoryAnchorStore();
  return fileAnchorStore({
    keyFile: config.JICENG_AUDIT_KEY_FILE ?? join(dir, 'audit.key'),
    anchorFile: config.JICENG_AUDIT_ANCHOR_FILE ?? join(dir, 'audit-anchor.json'),
  });
}

/** How long the server lets writes gather before it anchors the audit chain's new head. */
export const ANCHOR_DEBOUNCE_MS = 2000;

export async function startServer(
  config: Config,
  /**
   * jobs: false serves without running the scheduled jobs (benchmarks: a bench database's derived state is as of the
   * bench's own day, which the real clock's daily jobs would rewrite while the requests are measured)
   */
  opts: { webDir?: string; jobs?: boolean } = {},
) {
  const db = await openDatabase(config, { serving: true });
  const auditAnchors = openAnchorStore(config);
  // made before the server, so the server can take it (touch() after requests); it logs through the server's logger
  let log: { error(obj: object, msg: string): void } = { error: (obj, msg) => console.error(msg, obj) };
  const auditAnchoring = startAnchoring(db, auditAnchors, {
    debounceMs: ANCHOR_DEBOUNCE_MS,
    onProblem: (p) => {
      if (p.kind === 'refused')
        log.error(
          { reason: p.reason, auditId: p.id },
          '审计日志与链头锚点不符，锚点未更新：请运行 jiceng audit verify',
        );
      else log.error({ err: p.error }, '审计日志链头锚定失败');
    },
  });
  const app = await buildServer({
    db,
    clock: systemClock,
    webDir: opts.webDir ?? WEB_DIR,
    logLevel: config.JICENG_LOG_LEVEL,
    secureCookies: config.JICENG_SECURE_COOKIES,
    trustProxy: config.JICENG_TRUST_PROXY,
    rosterCountCap: config.JICENG_ROSTER_COUNT_CAP,
    auditAnchoring,
  });
  log = app.log;
  // scheduled jobs (the daily statistics roll): the due ones now, then checked every minute
  const jobs =
    opts.jobs === false
      ? null
      : startJobRunner(db, systemClock, {
          onProblem: (p) => app.log.error({ job: p.job, err: p.error }, '定时任务运行失败'),
        });
  app.addHook('onClose', async () => {
    await jobs?.close();
    try {
      await auditAnchoring.close();
    } catch (err) {
      app.log.error({ err }, '审计日志链头锚定失败');
    }
    await db.close();
  });
  try {
    // anchor what is there before serving (a first start anchors the existing chain)
    await auditAnchoring.flush();
  } catch (e) {
    await app.close();
    throw e;
  }
  const address = await app.listen({ port: config.PORT, host: config.HOST });
  return { app, db, address, auditAnchoring };
}
