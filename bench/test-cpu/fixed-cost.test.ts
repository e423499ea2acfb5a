/**
 * A trivial database test file whose CPU is the fixed cost every database file pays (bench/test-cpu): the fork's
 * start and the harness's imports (before the first line here), each engine's open from the run's template, the
 * emptying's first read, and a one-row test. Appends each phase's CPU to $TEST_CPU_LOG.
 */
import { appendFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { ENGINES } from '../../test/helpers/db.js';

const cpu = () => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1e6;
};
const atImport = cpu();

for (const engine of ENGINES)
  it(`opens ${engine.name} from the template and reads a row`, async () => {
    const t0 = cpu();
    const handle = await engine.open();
    const t1 = cpu();
    const [r] = await handle.db.query<{ n: number }>('SELECT count(*)::int AS n FROM jiceng_migration');
    expect(r!.n).toBeGreaterThan(40);
    const t2 = cpu();
    await handle.drop();
    const t3 = cpu();
    if (process.env.TEST_CPU_LOG)
      appendFileSync(
        process.env.TEST_CPU_LOG,
        JSON.stringify({ phase: engine.name, atImport, open: t1 - t0, query: t2 - t1, drop: t3 - t2 }) + '\n',
      );
  });
