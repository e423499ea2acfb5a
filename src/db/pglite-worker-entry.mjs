// Entry of the embedded database's thread (see pglite-worker.ts). Beside the compiled pglite-worker-thread.js
// (dist/server, where the build copies this file) it runs that; beside the sources it registers the TypeScript
// loader in this thread first — tsx, with no build step. Then it opens the database and serves it.
import { existsSync } from 'node:fs';

const compiled = new URL('./pglite-worker-thread.js', import.meta.url);
let thread;
if (existsSync(compiled)) thread = await import(compiled.href);
else {
  const { register } = await import('tsx/esm/api');
  register();
  thread = await import('./pglite-worker-thread.ts');
}
await thread.runPgliteThread();
