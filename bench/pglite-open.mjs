// PGlite's own memory with given settings (decision 0054): `node bench/pglite-open.mjs <data folder> [name=value,…]
// [initial MB]` opens the folder (a copy: it is written to), reads a county's roster page the way the app's heaviest
// page does, and prints the process's RSS and PGlite's WebAssembly memory (one JSON line) — no TypeScript loader.
import { performance } from 'node:perf_hooks';
import { peakRssMb } from './peak-rss.mjs';
import { PGlite } from '@electric-sql/pglite';
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';

const [dir, conf = '', initial = ''] = process.argv.slice(2);
const mb = (n) => Math.round(n / 2 ** 20);
const rss = () => mb(process.memoryUsage.rss());
const bare = rss();
const params = conf ? conf.split(',').flatMap((p) => ['-c', p]) : [];
const db = new PGlite(dir, {
  extensions: { btree_gist, pg_trgm },
  ...(params.length ? { startParams: [...PGlite.defaultStartParams, ...params] } : {}),
  ...(initial ? { initialMemory: Number(initial) * 2 ** 20 } : {}),
});
await db.waitReady;
const opened = rss();
const wasm = () => mb(db.mod?.HEAPU8?.length ?? 0);
const wasmOpened = wasm();
const t0 = performance.now();
await db.query('SELECT count(*) FROM person');
await db.query('SELECT count(*) FROM member m JOIN person p ON p.id = m.person_id');
const scanMs = Math.round(performance.now() - t0);
const afterScan = rss();
const wasmAfterScan = wasm();
await db.close();
console.log(
  JSON.stringify({
    conf: conf || 'pglite defaults',
    initialMb: initial || 128,
    bareMb: bare,
    openedMb: opened,
    wasmOpenedMb: wasmOpened,
    afterScanMb: afterScan,
    wasmAfterScanMb: wasmAfterScan,
    scanMs,
    peakMb: peakRssMb(),
  }),
);
