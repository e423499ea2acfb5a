/**
 * A subtree's three pages of issues 11–13 (compliance for the year, the dues summary of the month, the overdue list)
 * before and after a change, alternated call by call (which side goes first alternates too), the results compared
 * (the run stops at the first difference), each beside a one-row primary-key read (session 16, decision 0050's
 * addendum). The "before" side is another checkout of the code (BASE, e.g. `git archive <commit> | tar -x -C DIR`
 * and a node_modules link) on its own copy of the database made before the "after" side migrated its copy:
 *
 *   BASE=/tmp/base node --import tsx bench/county-pages-ab.ts BEFORE_DB AFTER_DB CODE[,CODE…] [RUNS]
 *                                                              [compliance,dues,overdue]
 *
 * Each side opens its database with its own migrations (`openProvince`): never point it at a shared database.
 */
import { loadavg } from 'node:os';
import { isDeepStrictEqual } from 'node:util';
import { quantile } from './common.js';

const BASE = process.env.BASE;
if (!BASE) throw new Error('BASE: the checkout of the code before the change');
const [beforeDb, afterDb, codesArg, runsArg, what = 'compliance,dues,overdue'] = process.argv.slice(2);
const codes = codesArg!.split(',');
const runs = Number(runsArg ?? 10);

type Mod = Record<string, (...a: unknown[]) => Promise<unknown>>;
async function side(root: string, database: string) {
  const pa = (await import(`${root}/bench/province-activity.ts`)) as {
    openProvince(
      d: string,
    ): Promise<{ db: { query: Mod[string]; close(): Promise<void> }; ctx: unknown; today: string }>;
  };
  const meetings = (await import(`${root}/src/services/meetings.ts`)) as Mod;
  const dues = (await import(`${root}/src/services/dues.ts`)) as Mod;
  const rec = (await import(`${root}/src/services/recruitment.ts`)) as Mod;
  const p = await pa.openProvince(database);
  return { ...p, meetings, dues, rec };
}

const before = await side(BASE, beforeDb!);
const after = await side('..', afterDb!);
const today = after.today;
const d = new Date(`${today}T00:00:00Z`);
d.setUTCDate(d.getUTCDate() - 364);
const range = { from: `${d.toISOString().slice(0, 7)}-01`, to: today };
const month = today.slice(0, 7);
const calls: [string, (s: typeof before) => Promise<unknown>][] = [];
for (const code of codes) {
  if (what.includes('compliance'))
    calls.push([`compliance ${code}`, (s) => s.meetings.getCompliance!(s.ctx, code, range)]);
  if (what.includes('dues'))
    calls.push([`duesSummary ${code}`, (s) => s.dues.getDuesSummary!(s.ctx, code, { month })]);
  if (what.includes('overdue'))
    calls.push([`overdue ${code}`, (s) => s.rec.recruitmentOverdue!(s.ctx, code)]);
}
const t = async (fn: () => Promise<unknown>) => {
  const s = performance.now();
  const r = await fn();
  return [performance.now() - s, r] as const;
};
const st = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return `${quantile(s, 0.5).toFixed(1)} / ${quantile(s, 0.95).toFixed(1)}`;
};
const med = (xs: number[]) =>
  quantile(
    [...xs].sort((x, y) => x - y),
    0.5,
  );
for (const [k, call] of calls) {
  const code = k.split(' ').pop();
  const pk = () => after.db.query('SELECT id, code, name FROM org WHERE code = $1', [code]);
  const bs: number[] = [];
  const as: number[] = [];
  const ps: number[] = [];
  let size = 0;
  for (let i = 0; i < runs + 2; i++) {
    const [p] = await t(pk);
    // alternate which goes first
    const [b, rb] = i % 2 ? await t(() => call(before)) : [0, null];
    const [a, ra] = await t(() => call(after));
    const [b2, rb2] = i % 2 ? [b, rb] : await t(() => call(before));
    if (!isDeepStrictEqual(JSON.parse(JSON.stringify(rb2)), JSON.parse(JSON.stringify(ra))))
      throw new Error(`${k}: results differ`);
    size = JSON.stringify(ra).length;
    if (i < 2) continue;
    bs.push(b2);
    as.push(a);
    ps.push(p);
  }
  console.log(
    `${k}: PK ${st(ps)} | before ${st(bs)} | after ${st(as)} | after/before ${(med(as) / med(bs)).toFixed(2)} | ${size} B | load ${loadavg()[0]!.toFixed(1)}`,
  );
}
await before.db.close();
await after.db.close();
