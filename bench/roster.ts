/**
 * The roster read path (`listMembers`: count + one page, the export's paging query underneath is the same SQL) on
 * PostgreSQL after a 100k-row import: `node --import tsx bench/roster.ts [--rows 100000] [--reps 30] [--db name]`.
 * Needs the inputs and the PostgreSQL template of `npm run bench -- imports --rows N` (bench/out, jbench_tmpl_*).
 * Imports once into a fresh clone (untimed), then times each query shape `reps` times after two warm-up calls and
 * prints the median and p95 in ms as one JSON line. Used to compare two versions of the code on the same data
 * (decision 0011: a member row became a membership joined with its person).
 */
import { parseArgs } from 'node:util';
import { openDb, withAuditSession } from '../src/db/client.js';
import { migrate } from '../src/db/migrate.js';
import { fixedClock } from '../src/services/context.js';
import { SYSTEM_ACTOR } from '../src/domain/access/policy.js';
import { DEFAULT_SETTINGS } from '../src/policy/settings.js';
import { importMembers } from '../src/services/imports.js';
import { listMembers } from '../src/services/members.js';
import { MemberListQuerySchema } from '../src/shared/schemas.js';
import { cloneDb, dropPgDatabase, readManifest } from './common.js';
import { templateName } from './prepare.js';

const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '100000' },
    reps: { type: 'string', default: '30' },
    db: { type: 'string', default: 'jbench_roster' },
  },
});
const rows = Number(values.rows);
const reps = Number(values.reps);
const m = readManifest(rows);
if (!m) throw new Error(`no input for ${rows} rows: run npm run bench -- imports --rows ${rows} first`);

await dropPgDatabase(values.db);
const url = await cloneDb('postgres', templateName('postgres', rows), values.db);
const db = await openDb({ databaseUrl: url });
try {
  await migrate(db);
  const ctx = {
    db: withAuditSession(db, { actorId: null, label: 'system:bench', ip: null }),
    clock: fixedClock(m.today),
    actor: SYSTEM_ACTOR,
    settings: DEFAULT_SETTINGS,
  };
  const r = await importMembers(ctx, { path: m.csv });
  if (r.inserted !== rows) throw new Error(`imported ${r.inserted}`);
  await db.query('VACUUM ANALYZE');
  const [root] = await db.query<{ code: string }>('SELECT code FROM org WHERE parent_id IS NULL');
  // a township-level org with the most members under it, and a branch with the most members
  const [mid] = await db.query<{ code: string }>(
    `SELECT o.code FROM org o WHERE o.depth = 2 ORDER BY (SELECT count(*) FROM member m JOIN org b ON b.id = m.org_id
      WHERE b.path LIKE o.path || '%') DESC, o.code LIMIT 1`,
  );
  const [branch] = await db.query<{ code: string }>(
    'SELECT o.code FROM org o JOIN member m ON m.org_id = o.id GROUP BY o.code ORDER BY count(*) DESC, o.code LIMIT 1',
  );
  // (the first member's ID number, wherever the version of the schema keeps it)
  const [{ n: first } = { n: '' }] = await db.query<{ n: string }>(
    `SELECT (to_jsonb(x) ->> 'id_number') AS n FROM (SELECT * FROM member ORDER BY id LIMIT 1) x`,
  );
  const [{ n: idn } = { n: first }] = first
    ? []
    : await db.query<{ n: string }>('SELECT id_number AS n FROM person ORDER BY id LIMIT 1');
  const tail = { t: idn.slice(-4) };
  const q = (o: Record<string, unknown>) => MemberListQuerySchema.parse(o);
  const shapes: [string, string, ReturnType<typeof q>][] = [
    ['root, by name', root!.code, q({})],
    ['root, by join date, page 20', root!.code, q({ sort: 'joinedOn', page: 20 })],
    ['root, women 41-45', root!.code, q({ sex: 'female', ageBand: '41-45' })],
    ['root, pinyin search', root!.code, q({ q: 'zh' })],
    ['root, ID-number tail', root!.code, q({ q: tail.t })],
    ['root, as of 2020-01-01', root!.code, q({ asOf: '2020-01-01' })],
    ['county, by name', mid!.code, q({})],
    ['branch, by name', branch!.code, q({})],
  ];
  const out: Record<string, { median: number; p95: number }> = {};
  for (const [name, code, query] of shapes) {
    for (let i = 0; i < 2; i++) await listMembers(ctx, code, query);
    const t: number[] = [];
    for (let i = 0; i < reps; i++) {
      const t0 = performance.now();
      await listMembers(ctx, code, query);
      t.push(performance.now() - t0);
    }
    t.sort((a, b) => a - b);
    out[name] = {
      median: Math.round(t[Math.floor(t.length / 2)]! * 100) / 100,
      p95: Math.round(t[Math.min(t.length - 1, Math.ceil(t.length * 0.95) - 1)]! * 100) / 100,
    };
  }
  console.log(JSON.stringify({ what: 'roster', rows, reps, at: new Date().toISOString(), out }));
} finally {
  await db.close();
  await dropPgDatabase(values.db);
}
