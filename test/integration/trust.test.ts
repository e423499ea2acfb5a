/** Tamper-evident history, sensitive-read logging, backup round trip and crash safety. */
import { expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeDb, ENGINES } from '../helpers/db.js';
import { member, smallCounty } from '../helpers/factory.js';
import { verifyAudit, listAudit } from '../../src/services/audit.js';
import { backup, restore } from '../../src/services/backup.js';
import { revealMemberField, updateMember } from '../../src/services/members.js';
import { moveOrg } from '../../src/services/orgs.js';
import { withAuditSession, type Db } from '../../src/db/client.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'jiceng-trust-'));

/** Direct SQL as an attacker with database access would run it, past the append-only guard. */
async function tamper(db: Db, sql: string) {
  await db.exec(
    `ALTER TABLE audit_log DISABLE TRIGGER USER; ${sql}; ALTER TABLE audit_log ENABLE TRIGGER USER`,
  );
}

describeDb('tamper-evident history', (h) => {
  async function history() {
    const ctx = {
      ...h.ctx(),
      db: withAuditSession(h.db, { actorId: null, label: 'tester', ip: '10.0.0.9' }),
    };
    await smallCounty(ctx);
    const m = await member(ctx, 'V11', '审计对象', { phone: '13700000000' });
    await updateMember(ctx, m.id, { name: '审计对象甲', jobTitle: '村会计' });
    await moveOrg(ctx, 'V12', 'T2', '2026-06-01');
    await revealMemberField(ctx, m.id, 'phone');
    const rows = await h.db.query<{ id: number }>('SELECT id FROM audit_log ORDER BY id');
    return { m, ids: rows.map((r) => r.id) };
  }

  it('records who changed what, before and after, and who read sensitive fields', async () => {
    const { m } = await history();
    const page = await listAudit(h.ctx(), { memberId: m.id, page: 1, pageSize: 100 });
    // the name and the job title are the person's (decision 0011); the entry is on the member's page all the same
    const update = page.items.find((e) => e.entity === 'person' && e.action === 'update');
    expect(update).toMatchObject({ actorLabel: 'tester', ip: '10.0.0.9' });
    expect((update!.before as { name: string }).name).toBe('审计对象');
    expect((update!.after as { name: string; jobTitle: string }).jobTitle).toBe('村会计');
    // sensitive values are masked when the history is shown
    expect(JSON.stringify(page.items)).not.toContain('13700000000');
    const read = page.items.find((e) => e.action === 'read_sensitive');
    expect(read?.after).toEqual({ field: 'phone' });
    expect((await verifyAudit(h.db)).ok).toBe(true);
  });

  it('detects an edited entry', async () => {
    const { ids } = await history();
    const victim = ids[Math.floor(ids.length / 2)]!;
    await tamper(h.db, `UPDATE audit_log SET actor_label = 'someone else' WHERE id = ${victim}`);
    expect(await verifyAudit(h.db)).toMatchObject({
      ok: false,
      firstBroken: { id: victim, reason: 'hash_mismatch' },
    });
  });

  it('detects a deleted entry', async () => {
    const { ids } = await history();
    const victim = ids[5]!;
    await tamper(h.db, `DELETE FROM audit_log WHERE id = ${victim}`);
    expect(await verifyAudit(h.db)).toMatchObject({
      ok: false,
      firstBroken: { id: ids[6], reason: 'chain_broken' },
    });
  });

  it('detects reordered entries', async () => {
    const { ids } = await history();
    const [a, b] = [ids[3]!, ids[4]!];
    await tamper(
      h.db,
      `UPDATE audit_log SET id = -1 WHERE id = ${a}; UPDATE audit_log SET id = ${a} WHERE id = ${b}; UPDATE audit_log SET id = ${b} WHERE id = -1`,
    );
    const r = await verifyAudit(h.db);
    expect(r.ok).toBe(false);
    expect(r.firstBroken?.id).toBe(a);
  });

  it('refuses updates and deletes of the log from the application', async () => {
    await history();
    await expect(h.db.exec('UPDATE audit_log SET action = action')).rejects.toThrow(/append-only/);
    await expect(h.db.exec('DELETE FROM audit_log')).rejects.toThrow(/append-only/);
  });

  it('backs up and restores to an identical database', async () => {
    await history();
    const dir = tmp();
    const a = join(dir, 'a.jiceng.gz');
    const b = join(dir, 'b.jiceng.gz');
    const first = await backup(h.db, a);
    expect(first.tables.member).toBe(1);
    // wreck the data, then restore
    await h.db.exec(
      'TRUNCATE org_stat, member_record, member_event, member_period, committee_post, member CASCADE',
    );
    const restored = await restore(h.db, a);
    expect(restored.tables).toEqual(first.tables);
    await backup(h.db, b);
    expect(gunzipSync(readFileSync(b)).toString()).toBe(gunzipSync(readFileSync(a)).toString());
    expect((await verifyAudit(h.db)).ok).toBe(true);
    // sequences continue after the restored rows
    await member(h.ctx(), 'V11', '恢复后新增');
    expect((await verifyAudit(h.db)).ok).toBe(true);
  });

  it('rejects a file that is not a backup', async () => {
    const f = join(tmp(), 'x.gz');
    writeFileSync(f, 'not a backup');
    await expect(restore(h.db, f)).rejects.toMatchObject({ code: 'IMPORT_UNREADABLE' });
  });
});

it('runs the trust suite on every engine', () => {
  expect(ENGINES.map((e) => e.name)).toContain('pglite');
});
