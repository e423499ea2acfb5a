/**
 * The demo's bulk writes skip the per-row triggers (session_replication_role = replica) only where the session may
 * set it; a deployment's own non-superuser PostgreSQL role (no SET privilege on the parameter) writes the same rows
 * with the triggers running, instead of failing with "permission denied to set parameter" (`jiceng demo` did).
 */
import { expect, it } from 'vitest';
import { describeDb } from '../helpers/db.js';
import { setReplicationRole } from '../../src/db/repositories/demo.js';
import type { Db } from '../../src/db/client.js';

const role = `jt_demo_nosu_${process.pid}`;
const current = async (db: Db) =>
  (await db.query<{ r: string }>("SELECT current_setting('session_replication_role') AS r"))[0]!.r;

describeDb('the demo’s replication role', (h) => {
  it('is set where the session may set it, and left alone (triggers on) where it may not', async () => {
    await h.db.exec(`DROP ROLE IF EXISTS ${role}; CREATE ROLE ${role} NOSUPERUSER`);
    try {
      const asSuperuser = await h.db.transaction(async (tx) => {
        await setReplicationRole(tx, 'replica');
        const r = await current(tx);
        await setReplicationRole(tx, 'origin');
        return [r, await current(tx)];
      });
      expect(asSuperuser).toEqual(['replica', 'origin']);
      // the role itself cannot set it: what the demo ran into
      await expect(
        h.db.transaction(async (tx) => {
          await tx.exec(`SET LOCAL ROLE ${role}`);
          await tx.query("SELECT set_config('session_replication_role', 'replica', true)");
        }),
      ).rejects.toThrow(/permission denied/);
      const through = await h.db.transaction(async (tx) => {
        await tx.exec(`SET LOCAL ROLE ${role}`);
        await setReplicationRole(tx, 'replica');
        const r = await current(tx);
        await setReplicationRole(tx, 'origin');
        return r;
      });
      expect(through).toBe('origin');
    } finally {
      await h.db.exec(`DROP ROLE IF EXISTS ${role}`);
    }
  });
});
