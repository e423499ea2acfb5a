/** Environment parsed once; the only file that reads process.env. */
import { z } from 'zod';

/** A PostgreSQL memory setting as PostgreSQL writes it: '32MB', '512kB', '1GB'. */
const PgMemory = z.string().regex(/^\d+(?:kB|MB|GB)$/, '应为 PostgreSQL 的内存写法，如 32MB');

const Env = z.object({
  DATABASE_URL: z.string().optional(),
  JICENG_DATA_DIR: z.string().default('./data'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  /** 'info' logs every request (method, path, status; never query strings or bodies); 'warn' only problems */
  JICENG_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('warn'),
  /** secret key of the audit anchor (default <data dir>/audit.key); keep it outside the database */
  JICENG_AUDIT_KEY_FILE: z.string().optional(),
  /** the audit chain's anchored head (default <data dir>/audit-anchor.json) */
  JICENG_AUDIT_ANCHOR_FILE: z.string().optional(),
  /**
   * how far the roster counts a filtered total the maintained statistics cannot tell before it says "more than"
   * (decision 0051; 10,000 when unset): a deployment on slower hardware may count less
   */
  JICENG_ROSTER_COUNT_CAP: z.coerce.number().int().min(1).max(1_000_000).optional(),
  /**
   * The embedded database's memory (PGlite only; decision 0054): its buffer pool, a query's sort memory and an
   * index build's sort memory, as PostgreSQL's shared_buffers, work_mem and maintenance_work_mem.
   */
  JICENG_PGLITE_SHARED_BUFFERS: PgMemory.default('64MB'),
  JICENG_PGLITE_WORK_MEM: PgMemory.default('4MB'),
  JICENG_PGLITE_MAINTENANCE_WORK_MEM: PgMemory.default('16MB'),
  /**
   * PGlite only (decision 0057): the embedded database on a thread of its own, so that no statement — an import's
   * included — stalls the server's event loop. `auto` (unset): the server (`serve`) runs it on its thread and every
   * other command in its own (a command serves no one while it works); `true` / `false` for both.
   */
  JICENG_PGLITE_WORKER: z
    .enum(['auto', 'true', 'false', '1', '0', ''])
    .default('auto')
    .transform((v): boolean | 'auto' => (v === 'auto' || v === '' ? 'auto' : v === 'true' || v === '1')),
  TEST_DATABASE_URL: z.string().optional(),
  /** send the session cookie with `Secure` (set when users reach the server over HTTPS, e.g. behind a proxy) */
  JICENG_SECURE_COOKIES: z
    .enum(['true', 'false', '1', '0', ''])
    .default('false')
    .transform((v) => v === 'true' || v === '1'),
  /** comma-separated addresses or CIDR ranges of reverse proxies whose X-Forwarded-For is believed */
  JICENG_TRUST_PROXY: z
    .string()
    .default('')
    .transform((v) =>
      v
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean),
    ),
});

export type Config = z.infer<typeof Env>;

export function loadConfig(overrides: Partial<Config> = {}): Config {
  const parsed = Env.parse(process.env);
  const merged = { ...parsed };
  for (const [k, v] of Object.entries(overrides))
    if (v !== undefined) (merged as Record<string, unknown>)[k] = v;
  return merged;
}

/** The embedded database's memory settings of a configuration (openDb's `pglite`, decision 0054). */
export function pgliteSettingsOf(
  c: Pick<
    Config,
    'JICENG_PGLITE_SHARED_BUFFERS' | 'JICENG_PGLITE_WORK_MEM' | 'JICENG_PGLITE_MAINTENANCE_WORK_MEM'
  >,
): { sharedBuffers: string; workMem: string; maintenanceWorkMem: string } {
  return {
    sharedBuffers: c.JICENG_PGLITE_SHARED_BUFFERS,
    workMem: c.JICENG_PGLITE_WORK_MEM,
    maintenanceWorkMem: c.JICENG_PGLITE_MAINTENANCE_WORK_MEM,
  };
}
