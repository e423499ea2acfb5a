/**
 * `node --import tsx bench/test-db-open.ts [ROUNDS]`: the CPU time a test file's PGlite takes to open from the run's
 * migrated dump (test/global-setup.ts, test/helpers/db.ts), the dump handed over as `new Blob([bytes])` (before
 * session 17) against the helper's `DumpBlob` (the bytes as they were read), alternated, each open in a fresh
 * process as in a test run (decision 0028's addendum of session 17). Prints each open's CPU seconds (the process's
 * user + system, its imports apart) and the ratio of the medians.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dumpPglite, openDb } from '../src/db/client.js';
import { migrate } from '../src/db/migrate.js';
import { DumpBlob } from '../test/helpers/dump-blob.js';

const cpu = () => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1e6;
};

const [, , first, file, way] = process.argv;
if (first === '--open') {
  // one open, in this process: read the dump, open from it, migrate (applies nothing), close
  const t0 = cpu();
  const bytes = new Uint8Array(readFileSync(file!));
  const blob = way === 'dump-blob' ? new DumpBlob(bytes) : new Blob([bytes]);
  const db = await openDb({ dataDir: 'memory://', loadDataDir: blob });
  await migrate(db);
  await db.close();
  console.log(JSON.stringify({ cpu: cpu() - t0 }));
  process.exit(0);
}

const rounds = Number(first ?? 5);
const dir = mkdtempSync(join(tmpdir(), 'jiceng-bench-open-'));
try {
  const dump = join(dir, 'migrated.tar');
  const db = await openDb({ dataDir: 'memory://' });
  await migrate(db);
  await db.exec('CHECKPOINT');
  writeFileSync(dump, new Uint8Array(await (await dumpPglite(db)).arrayBuffer()));
  await db.close();
  const times: Record<string, number[]> = { blob: [], 'dump-blob': [] };
  for (let r = 0; r < rounds; r++)
    for (const w of r % 2 ? ['dump-blob', 'blob'] : ['blob', 'dump-blob']) {
      const p = spawnSync(process.execPath, ['--import', 'tsx', import.meta.filename, '--open', dump, w], {
        encoding: 'utf8',
      });
      if (p.status !== 0) throw new Error(p.stderr);
      const { cpu: s } = JSON.parse(p.stdout.trim().split('\n').at(-1)!) as { cpu: number };
      times[w]!.push(s);
      console.log(
        `${w.padEnd(9)} ${s.toFixed(2)} s of CPU (load ${readFileSync('/proc/loadavg', 'utf8').split(' ')[0]})`,
      );
    }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
  const [a, b] = [median(times.blob!), median(times['dump-blob']!)];
  console.log(`median: new Blob ${a.toFixed(2)} s, DumpBlob ${b.toFixed(2)} s (${(b / a).toFixed(2)}×)`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
