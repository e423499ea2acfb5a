/**
 * `node --import tsx e2e/seed-template.ts DIR`: seeds the e2e run's demo county into DIR (global-setup.ts's
 * `seedTemplate`), for a later `E2E_TEMPLATE=DIR npm run test:e2e` the same day. CI runs it beside `npm run check`:
 * the seeding is a minute of one core, which the journeys' run would otherwise spend with the other core idle
 * (decision 0028's addendum of session 15).
 */
import { seedTemplate } from './global-setup.js';

const dir = process.argv[2];
if (!dir) {
  console.error('usage: node --import tsx e2e/seed-template.ts DIR');
  process.exit(2);
}
const t0 = Date.now();
const demo = await seedTemplate(dir);
console.log(
  `e2e: demo county seeded in ${Math.round((Date.now() - t0) / 1000)} s (${demo.members} members, ${dir})`,
);
process.exit(0);
