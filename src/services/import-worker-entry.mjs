// Entry of the import parse worker (see import-worker.ts). Beside the compiled import-worker.js (dist/server, where
// the build copies this file) it runs that; beside the sources it registers the TypeScript loader in this thread
// first — tsx, with no build step. Then it runs the worker's body.
import { existsSync } from 'node:fs';

const compiled = new URL('./import-worker.js', import.meta.url);
let worker;
if (existsSync(compiled)) worker = await import(compiled.href);
else {
  const { register } = await import('tsx/esm/api');
  register();
  worker = await import('./import-worker.ts');
}
await worker.runImportWorker();
