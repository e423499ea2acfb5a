/**
 * Accepting a transfer (issue 13 "Performance": moving a member with their statistics ≤ 50 ms), decision 0026.
 *
 * On the demo county (~20k members, ~800 orgs; seeded into DIR when it is empty, else reused), for each run a member
 * of a branch of the first township is sent to a branch of another township (`startTransfer`, not timed) and the
 * receiving org accepts it (`acceptTransfer`, timed: one transaction — the transfer locked, the member moved with a
 * dated event and period, the `org_stat` cells of both ends' ancestors, the transfer decided). The baseline in the
 * same run is the bare member write path: a plain dated move of another member between the same two orgs
 * (`recordMemberEvent`), so the ratio says what the transfer adds on this machine under its load.
 *
 *   npx tsx bench/transfers.ts --data-dir DIR [--runs 30] [--database-url URL]
 */
import { parseArgs } from 'node:util';
import { existsSync, readdirSync } from 'node:fs';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { openDb, withAuditSession } from '../src/db/client.js';
import { migrate } from '../src/db/migrate.js';
import { DEFAULT_SETTINGS } from '../src/policy/settings.js';
import { SYSTEM_ACTOR } from '../src/domain/access/policy.js';
import { systemClock, type Ctx } from '../src/services/context.js';
import { seedDemo } from '../src/services/demo.js';
import { acceptTransfer, startTransfer } from '../src/services/transfers.js';
import { recordMemberEvent } from '../src/services/members.js';
import { demoBranches, demoQuietMembers, demoTownships } from '../src/db/repositories/lifecycle.js';
import { addMonths } from '../src/shared/dates.js';

const { values } = parseArgs({
  options: {
    'data-dir': { type: 'string' },
    'database-url': { type: 'string' },
    runs: { type: 'string', default: '30' },
  },
});

const q = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))]!;
};

async function main() {
  const runs = Number(values.runs);
  const url = values['database-url'];
  const dir = values['data-dir'];
  if (!url && !dir) throw new Error('--data-dir or --database-url');
  const fresh = url ? false : !existsSync(dir!) || readdirSync(dir!).length === 0;
  const db = await openDb(url ? { databaseUrl: url } : { dataDir: dir! });
  await migrate(db);
  const ctx: Ctx = {
    db: withAuditSession(db, { actorId: null, label: 'system:bench', ip: null }),
    clock: systemClock,
    actor: SYSTEM_ACTOR,
    settings: DEFAULT_SETTINGS,
  };
  if (fresh || !(await demoTownships(db)).length) await seedDemo(ctx, { scale: 'county' });
  const today = ctx.clock.today();
  const [a, b] = await demoTownships(db);
  const [from] = await demoBranches(db, a!.path, 1);
  const [to] = await demoBranches(db, b!.path, 1);
  const ids = await demoQuietMembers(db, from!.id, addMonths(today, -1), [], runs * 2);
  if (ids.length < runs * 2) throw new Error(`only ${ids.length} quiet members in ${from!.code}`);
  const accept: number[] = [];
  const move: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = await startTransfer(ctx, ids[2 * i]!, { kind: 'internal', toOrgCode: to!.code });
    let t0 = performance.now();
    await acceptTransfer(ctx, t.id, {});
    accept.push(performance.now() - t0);
    t0 = performance.now();
    await recordMemberEvent(ctx, ids[2 * i + 1]!, { kind: 'move', effectiveOn: today, orgCode: to!.code });
    move.push(performance.now() - t0);
  }
  const out = {
    engine: url ? 'postgres' : 'pglite',
    runs,
    from: from!.code,
    to: to!.code,
    loadavg: loadavg().map((x) => Math.round(x * 10) / 10),
    acceptMs: { median: q(accept, 0.5), p95: q(accept, 0.95) },
    plainMoveMs: { median: q(move, 0.5), p95: q(move, 0.95) },
    ratioMedian: Math.round((q(accept, 0.5) / q(move, 0.5)) * 100) / 100,
  };
  console.log(JSON.stringify(out, null, 2));
  await db.close();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
