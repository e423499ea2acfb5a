/** Environment parsed once; the only file that reads process.env. */
import { z } from 'zod';

const Env = z.object({
  DATABASE_URL: z.string().optional(),
  JICENG_DATA_DIR: z.string().default('./data'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  JICENG_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  TEST_DATABASE_URL: z.string().optional(),
});

export type Config = z.infer<typeof Env>;

export function loadConfig(overrides: Partial<Config> = {}): Config {
  const parsed = Env.parse(process.env);
  const merged = { ...parsed };
  for (const [k, v] of Object.entries(overrides))
    if (v !== undefined) (merged as Record<string, unknown>)[k] = v;
  return merged;
}
