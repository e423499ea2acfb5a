/** Environment parsed once; the only file that reads process.env. */
import { z } from 'zod';

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
