/**
 * The roster's queries as `listMembers` sends them, with their plans: `node --import tsx bench/explain-roster.ts
 * (--database NAME | --data-dir DIR) [--org CODE] [--query 'sex=female&q=王'] [--analyze]`. Every query the use case
 * runs is printed with `EXPLAIN (ANALYZE, BUFFERS)` (or the plan alone without --analyze) and its time; the org
 * defaults to the root. A tool for finding where a roster request's time goes (decision 0021).
 */
import { parseArgs } from 'node:util';
import { openDb, type Db } from '../src/db/client.js';
import { SYSTEM_ACTOR } from '../src/domain/access/policy.js';
import { DEFAULT_SETTINGS } from '../src/policy/settings.js';
import { systemClock } from '../src/services/context.js';
import { listMembers } from '../src/services/members.js';
import { MemberListQuerySchema } from '../src/shared/schemas.js';
import { dbUrl } from './common.js';

const { values } = parseArgs({
  options: {
    database: { type: 'string' },
    'data-dir': { type: 'string' },
    org: { type: 'string' },
    query: { type: 'string', default: '' },
    analyze: { type: 'boolean', default: false },
  },
});
const db = await openDb(
  values.database ? { databaseUrl: dbUrl(values.database) } : { dataDir: values['data-dir']! },
);
const explained: string[] = [];
/** A handle that runs each query twice: its plan (printed) and then the query itself (timed). */
const spy: Db = Object.create(db) as Db;
spy.query = async <T>(sql: string, params: readonly unknown[] = []) => {
  const plan = await db.query<Record<string, string>>(
    `EXPLAIN (${values.analyze ? 'ANALYZE, BUFFERS, ' : ''}COSTS) ${sql}`,
    params,
  );
  const t0 = performance.now();
  const rows = await db.query<T>(sql, params);
  const ms = performance.now() - t0;
  explained.push(
    `--- ${ms.toFixed(1)} ms, ${rows.length} rows\n${sql.replace(/\s+/g, ' ').slice(0, 600)}\n${JSON.stringify(params)}\n${plan
      .map((r) => Object.values(r)[0])
      .join('\n')}`,
  );
  return rows;
};
try {
  const [root] = await db.query<{ code: string }>(
    'SELECT code FROM org WHERE parent_id IS NULL ORDER BY id LIMIT 1',
  );
  const code = values.org ?? root!.code;
  const q = MemberListQuerySchema.parse({
    pageSize: 50,
    ...Object.fromEntries(new URLSearchParams(values.query)),
  });
  const ctx = { db: spy, clock: systemClock, actor: SYSTEM_ACTOR, settings: DEFAULT_SETTINGS };
  const t0 = performance.now();
  const page = await listMembers(ctx, code, q);
  console.log(explained.join('\n\n'));
  console.log(
    `\nlistMembers ${code} ${values.query}: total ${page.total}, ${page.items.length} rows, ${(performance.now() - t0).toFixed(1)} ms (with the plans)`,
  );
} finally {
  await db.close();
}
