/**
 * The tests' global setup, its CPU in vitest's main process appended to $TEST_CPU_LOG; and at its teardown, which
 * vitest runs after the coverage report, the main process's whole CPU (`(main process)`: the setup, the workers'
 * scheduling, the coverage files written, read, merged and reported).
 */
import { appendFileSync } from 'node:fs';
import type { TestProject } from 'vitest/node';
import setup from '../../test/global-setup.js';

export default async function measured(project: TestProject) {
  const c0 = process.cpuUsage();
  const t0 = Date.now();
  const teardown = await setup(project);
  const c = process.cpuUsage(c0);
  const log = process.env.TEST_CPU_LOG;
  if (log)
    appendFileSync(
      log,
      JSON.stringify({
        file: '(global setup)',
        self: (c.user + c.system) / 1e6,
        wall: (Date.now() - t0) / 1000,
      }) + '\n',
    );
  return async () => {
    await teardown();
    const all = process.cpuUsage();
    if (log)
      appendFileSync(
        log,
        JSON.stringify({ file: '(main process)', self: (all.user + all.system) / 1e6 }) + '\n',
      );
  };
}
