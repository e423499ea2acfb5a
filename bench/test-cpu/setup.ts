/**
 * A setup file of bench/test-cpu/vitest.config.ts: at each test file's end, appends the fork's CPU (user, system) and
 * its waited children's (the `jiceng` commands a CLI test starts) from /proc/self/stat to $TEST_CPU_LOG, as JSON lines.
 */
import { afterAll, beforeAll, expect } from 'vitest';
import { appendFileSync, readFileSync } from 'node:fs';

const TICK = 100; // USER_HZ on Linux
function stat() {
  const s = readFileSync('/proc/self/stat', 'utf8');
  const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
  // fields 14–17 (1-based) of stat: utime stime cutime cstime; f[0] is field 3
  const [u, sy, cu, cs] = [f[11], f[12], f[13], f[14]].map((x) => Number(x) / TICK);
  return { self: u! + sy!, children: cu! + cs! };
}
let atStart = { self: 0, children: 0 };
beforeAll(() => {
  atStart = stat();
});
afterAll(() => {
  const end = stat();
  const file = expect.getState().testPath ?? '?';
  const log = process.env.TEST_CPU_LOG;
  if (log)
    appendFileSync(
      log,
      JSON.stringify({
        file: file.replace(process.cwd() + '/', ''),
        // before the file's first test: the fork's start, vitest's runner and this setup file's imports
        start: atStart.self,
        self: end.self,
        children: end.children,
        pid: process.pid,
      }) + '\n',
    );
});
