/**
 * One batch of the life rebuild's facts reads, part by part (decision 0044's session 19 addendum): the flat COPY of
 * a run of 2,000 orgs (`lifeFlatFactsSql`) cut at its `UNION ALL`s — org versions, roster periods, committee posts,
 * group memberships, meetings, heart-talk parties — each part and the whole sent as its own `COPY … TO STDOUT`, rows
 * received and dropped, in one read-only transaction with JIT off as the rebuild reads them; `--before DIR`: the same
 * for a checkout's statement, alternated with this one. Prints the median and least milliseconds and the bytes of
 * each. Reads only (no migration run): meant for a copy of a province (`--database jh_…`).
 *
 *   npm run bench -- life-reads --database jh_life --before /tmp/base [--batch 5] [--runs 7]
 */
import { appendFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { openDb } from '../src/db/client.js';
import { rollupWindow } from '../src/domain/meetings/rollup.js';
import { addDays } from '../src/shared/dates.js';
import * as after from '../src/db/repositories/life-facts.js';
import { BENCH_TODAY, RESULTS, dbUrl, ensureOut } from './common.js';

const PARTS = [
  'org versions',
  'roster periods',
  'committee posts',
  'group memberships',
  'meetings',
  'talk parties',
];

export async function lifeReads(o: { database: string; before?: string; batch: number; runs: number }) {
  ensureOut();
  const before = o.before
    ? ((await import(
        pathToFileURL(`${resolve(o.before)}/src/db/repositories/life-facts.ts`).href
      )) as typeof after)
    : null;
  const db = await openDb({ databaseUrl: dbUrl(o.database) });
  const ids = (await db.query<{ id: number }>('SELECT id FROM org ORDER BY id')).map((r) => r.id);
  const batch = ids.slice(o.batch * 2000, (o.batch + 1) * 2000);
  if (!batch.length) throw new Error(`life-reads: no batch ${o.batch} (${ids.length} orgs)`);
  const [lo, hi] = [batch[0]!, batch[batch.length - 1]!];
  const from = rollupWindow(BENCH_TODAY).from;
  const end = addDays(BENCH_TODAY, 1);
  const statements: Record<string, string> = {};
  const variants: [string, typeof after][] = [
    ['this', after],
    ...(before ? [['before', before] as [string, typeof after]] : []),
  ];
  for (const [name, m] of variants) {
    const sql = m.lifeFlatFactsSql(lo, hi, from, end);
    statements[`${name}: whole`] = sql;
    const parts = sql.split('UNION ALL');
    if (parts.length !== PARTS.length)
      throw new Error(`life-reads: ${parts.length} parts in ${name}'s statement`);
    parts.forEach((p, i) => (statements[`${name}: ${PARTS[i]}`] = p));
  }
  const times: Record<string, number[]> = {};
  const bytes: Record<string, number> = {};
  const keys = Object.keys(statements);
  await db.transaction(async (tx) => {
    await tx.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY');
    await tx.query("SELECT set_config('jit', 'off', true)");
    for (let r = 0; r < o.runs; r++)
      // alternated: the order reversed every other run
      for (const k of r % 2 ? [...keys].reverse() : keys) {
        let n = 0;
        const t = performance.now();
        for await (const chunk of tx.copyOut(statements[k]!)) n += chunk.length;
        (times[k] ??= []).push(performance.now() - t);
        bytes[k] = n;
      }
  });
  await db.close();
  const rows = keys.map((k) => {
    const ts = [...times[k]!].sort((a, b) => a - b);
    return { part: k, medianMs: Math.round(ts[ts.length >> 1]!), minMs: Math.round(ts[0]!), chars: bytes[k] };
  });
  for (const r of rows) console.log(JSON.stringify(r));
  appendFileSync(
    RESULTS,
    `${JSON.stringify({ at: new Date().toISOString(), what: 'life-reads', database: o.database, batch: [lo, hi], load: loadavg()[0], rows })}\n`,
  );
}
