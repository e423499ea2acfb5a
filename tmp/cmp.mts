import { openDb } from '../src/db/client.js';
import { complianceFromRollup } from '../src/services/life-rollup.js';
import { complianceOfOrgs } from '../src/services/meetings.js';
import { addDays, addMonths, chinaToday } from '../src/shared/dates.js';
const db = await openDb({ dataDir: process.argv[2]! });
const today = chinaToday();
const from = addMonths(`${today.slice(0, 7)}-01`, -1);
const to = addDays(addMonths(from, 1), -1);
const root = (await db.query<{ path: string }>(`SELECT path FROM org WHERE depth = 0 ORDER BY id LIMIT 1`))[0]!;
const fast = (await complianceFromRollup(db, root.path, from, to, today))!;
console.log('rollup orgs', fast.length, 'state', await db.query(`SELECT as_of::text FROM life_state`));
const ids = fast.map((f) => f.orgId);
const live = await complianceOfOrgs(db, ids, { from, to, asOf: addDays(today, -1) }, today);
let diff = 0;
for (const f of fast) {
  const a = JSON.stringify(f.items.map((i) => [i.type, i.expected, i.held, i.missing]).sort());
  const l = live.get(f.orgId) ?? [];
  const b = JSON.stringify(l.map((i) => [i.type, i.expected, i.held, i.missing]).sort());
  if (a !== b) { diff++; if (diff < 6) console.log(f.code, f.name, '\n rollup', a, '\n live  ', b); }
}
console.log('orgs differing', diff, 'of', fast.length);
await db.close();
const db2 = await openDb({ dataDir: process.argv[2]! });
const month = from.slice(0, 7);
const uniq = await db2.query<{ id: number; code: string; org_id: number; held_on: string }>(
  `SELECT mt.id, o.code, mt.org_id, mt.held_on::text FROM meeting mt JOIN org o ON o.id = mt.org_id
    WHERE 'theme_day' = ANY(mt.kinds) AND mt.held_on BETWEEN $1::date AND $2::date
      AND NOT EXISTS (SELECT 1 FROM meeting o WHERE o.org_id = mt.org_id AND o.id <> mt.id
                       AND 'theme_day' = ANY(o.kinds) AND to_char(o.held_on, 'YYYY-MM') = $3)`,
  [from, to, month],
);
const fast2 = new Map((await complianceFromRollup(db2, root.path, from, to, today))!.map((f) => [f.orgId, f]));
let bad = 0;
for (const u of uniq) {
  const f = fast2.get(u.org_id);
  const miss = f?.items.find((i) => i.type === 'theme_day')?.missing ?? [];
  if (miss.includes(month)) { bad++; console.log('MISSING despite meeting', u, f?.items); }
}
console.log('unique theme days', uniq.length, 'missing anyway', bad);
await db2.close();
