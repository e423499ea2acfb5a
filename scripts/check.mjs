// `npm run check`: the static checks, then the unit and integration tests with coverage (on PGlite, and on
// PostgreSQL when TEST_DATABASE_URL is set). Each static check is single-threaded, so they run in two lanes side by
// side (about 50 s of CPU each), which keeps both cores of a 2-core machine busy; every check runs even when another
// fails, each check's output is printed whole when it ends, and the tests run only when all of them passed.
import { Buffer } from 'node:buffer';
import { spawn } from 'node:child_process';

const LANES = [['typecheck'], ['lint', 'format', 'db:check']];

function run(script) {
  const t0 = Date.now();
  return new Promise((resolve) => {
    const child = spawn('npm', ['run', '--silent', script], { stdio: ['ignore', 'pipe', 'pipe'] });
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
const results = await Promise.all(LANES.map(lane));
console.log(`── static checks in ${Math.round((Date.now() - t0) / 1000)} s`);
if (results.includes(false)) process.exit(1);

const t1 = Date.now();
const tests = spawn('npm', ['run', '--silent', 'test:coverage'], { stdio: 'inherit' });
tests.on('close', (code) => {
  console.log(
    `── npm run test:coverage: ${code === 0 ? 'ok' : 'FAILED'} in ${Math.round((Date.now() - t1) / 1000)} s`,
  );
  process.exit(code ?? 1);
});
