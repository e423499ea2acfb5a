// `npm run check`: the unit and integration tests with coverage (on PGlite, and on PostgreSQL when
// TEST_DATABASE_URL is set), and beside them the static checks at a lower priority (`nice`). The tests keep both
// cores of a 2-core machine busy but for their start (the global setup migrating the templates: one core) and their
// tail (the last files); the static checks — single-threaded, about 80 s of CPU in two lanes since the typecheck
// runs TypeScript 7 and prettier parses with oxc (decision 0028's addendum of session 20) — take those idle moments
// first and otherwise share the cores at the lower weight (decision 0028's addendum of session 18). Every check runs
// even when another fails; each static check's output is printed whole when it ends, and the check fails at the end
// when any of them or the tests failed.
import { Buffer } from 'node:buffer';
import { spawn } from 'node:child_process';

// two lanes of about 48 and 30 s of CPU: typecheck ~18 s + lint ~30 s, format ~28 s + db:check ~2 s (session 20)
const LANES = [
  ['typecheck', 'lint'],
  ['format', 'db:check'],
];
// nice 10: a tenth of the CPU weight of the tests' processes while both compete for a core
const NICE = ['nice', '-n', '10'];

function run(script) {
  const t0 = Date.now();
  return new Promise((resolve) => {
    const [cmd, ...args] = [...NICE, 'npm', 'run', '--silent', script];
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const out = [];
    child.stdout.on('data', (d) => out.push(d));
    child.stderr.on('data', (d) => out.push(d));
    child.on('close', (code) => {
      const s = Math.round((Date.now() - t0) / 1000);
      const text = Buffer.concat(out).toString().trimEnd();
      console.log(`── npm run ${script}: ${code === 0 ? 'ok' : `FAILED (exit ${code})`} in ${s} s`);
      if (text) console.log(text);
      resolve(code === 0);
    });
  });
}

async function lane(scripts) {
  let ok = true;
  for (const s of scripts) ok = (await run(s)) && ok;
  return ok;
}

const t0 = Date.now();
const tests = new Promise((resolve) => {
  const child = spawn('npm', ['run', '--silent', 'test:coverage'], { stdio: 'inherit' });
  child.on('close', (code) => {
    console.log(
      `── npm run test:coverage: ${code === 0 ? 'ok' : 'FAILED'} in ${Math.round((Date.now() - t0) / 1000)} s`,
    );
    resolve(code === 0);
  });
});
const statics = Promise.all(LANES.map(lane)).then((results) => {
  console.log(`── static checks in ${Math.round((Date.now() - t0) / 1000)} s`);
  return !results.includes(false);
});
const [testsOk, staticsOk] = await Promise.all([tests, statics]);
if (!staticsOk) console.log('── a static check FAILED (its output is above)');
process.exit(testsOk && staticsOk ? 0 : 1);
