// Entry of the import parse worker (see import-worker.ts): registers the TypeScript loader in this thread — the
// sources run through tsx, with no build step — then runs the worker's body.
import { register } from 'tsx/esm/api';

register();
const { runImportWorker } = await import('./import-worker.ts');
await runImportWorker();
