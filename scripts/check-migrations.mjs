// Fails when src/db/schema.ts and the committed migrations drift apart: generates into a scratch copy of the
// migrations folder and checks that drizzle-kit finds nothing new to write.
import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';

const scratch = mkdtempSync(join(tmpdir(), 'jiceng-drift-'));
try {
  cpSync('src/db/migrations', scratch, { recursive: true });
  const before = readdirSync(scratch).filter((f) => f.endsWith('.sql')).length;
  execFileSync('npx', ['drizzle-kit', 'generate', '--config', 'drizzle.config.ts', '--name', 'drift'], {
    env: { ...process.env, DRIZZLE_OUT: scratch },
    stdio: 'pipe',
  });
  const after = readdirSync(scratch).filter((f) => f.endsWith('.sql')).length;
  if (after !== before) {
    console.error(
      'src/db/schema.ts has changes without a migration: run `npm run db:generate` and commit the SQL.',
    );
    process.exit(1);
  }
  console.log('migrations match the schema');
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
