/**
 * Tampering that the hash chain alone cannot show — a deleted tail, an emptied log, a chain recomputed with the
 * public formula — caught through the head anchored outside the database; and a forged anchor.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { describeDb } from '../helpers/db.js';
import { member, smallCounty } from '../helpers/factory.js';
import { verifyAudit } from '../../src/services/audit.js';
import {
  anchorAudit,
  fileAnchorStore,
  memoryAnchorStore,
  signAnchor,
  startAnchoring,
  type AuditAnchorStore,
} from '../../src/services/audit-anchor.js';
import { backup, restore } from '../../src/services/backup.js';
import { updateMember } from '../../src/services/members.js';
import { withAuditSession, type Db } from '../../src/db/client.js';

/** SQL as a database superuser would run it, with every trigger on the log out of the way. */
async function asSuperuser(db: Db, sql: string) {
  await db.transaction((tx) =>
    tx.exec(`ALTER TABLE audit_log DISABLE TRIGGER ALL; ${sql}; ALTER TABLE audit_log ENABLE TRIGGER ALL`),
  );
}

async function count(db: Db): Promise<number> {
  const [r] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_log');
  return r!.n;
}

describeDb('audit log tampering', (h) => {
  let store: AuditAnchorStore;

  /** Some history, anchored; `updates` more member edits on top. */
  async function history(updates = 0) {
    store = memoryAnchorStore();
    const ctx = { ...h.ctx(), db: withAuditSession(h.db, { actorId: null, label: 'tester', ip: null }) };
    await smallCounty(ctx);
    const m = await member(ctx, 'V11', '审计对象');
    for (let i = 0; i < updates; i++) await updateMember(ctx, m.id, { jobTitle: `职务${i}` });
    const n = await count(h.db);
    expect(n).toBeGreaterThan(updates);
    expect(await anchorAudit(h.db, store)).toMatchObject({ status: 'written' });
    const ok = await verifyAudit(h.db, store);
    expect(ok).toMatchObject({ ok: true, anchored: true, entries: n, unanchored: 0 });
    const [last] = await h.db.query<{ id: number }>('SELECT max(id)::int AS id FROM audit_log');
    return { ctx, m, n, lastId: last!.id };
  }

  it('detects the last entry deleted', async () => {
    const { lastId } = await history();
    await asSuperuser(h.db, `DELETE FROM audit_log WHERE id = ${lastId}`);
    // the chain alone still holds: this is what the anchor is for
    expect((await verifyAudit(h.db)).ok).toBe(true);
    expect(await verifyAudit(h.db, store)).toMatchObject({
      ok: false,
      firstBroken: { id: lastId, reason: 'tail_deleted' },
    });
  });

  it('detects the last 100 entries deleted, also when new entries follow', async () => {
    const { ctx, m, n, lastId } = await history(100);
    await asSuperuser(
      h.db,
      'DELETE FROM audit_log WHERE id IN (SELECT id FROM audit_log ORDER BY id DESC LIMIT 100)',
    );
    expect(await count(h.db)).toBe(n - 100);
    expect((await verifyAudit(h.db)).ok).toBe(true);
    expect(await verifyAudit(h.db, store)).toMatchObject({
      ok: false,
      firstBroken: { id: lastId, reason: 'tail_deleted' },
    });
    // the application writes on, continuing the shortened chain: the anchor does not move over the gap
    await updateMember(ctx, m.id, { jobTitle: '之后' });
    expect((await verifyAudit(h.db)).ok).toBe(true);
    expect(await anchorAudit(h.db, store)).toMatchObject({ status: 'refused', reason: 'tail_deleted' });
    expect((await store.read())!.id).toBe(lastId);
    expect(await verifyAudit(h.db, store)).toMatchObject({
      ok: false,
      firstBroken: { id: lastId, reason: 'tail_deleted' },
    });
  });

  it('refuses TRUNCATE, and detects the log emptied past that guard', async () => {
    const { lastId } = await history();
    await expect(h.db.exec('TRUNCATE audit_log')).rejects.toThrow(/append-only/);
    // no setting lets it through
    await expect(
      h.db.transaction(async (tx) => {
        await tx.query(
          "SELECT set_config('jiceng.restore', 'on', true), set_config('jiceng.bulk', 'on', true)",
        );
        await tx.exec('TRUNCATE audit_log');
      }),
    ).rejects.toThrow(/append-only/);
    expect(await count(h.db)).toBeGreaterThan(0);
    // the attacker's way: lift the guard first
    await h.db.transaction((tx) =>
      tx.exec(
        'ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_truncate; TRUNCATE audit_log; ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_truncate',
      ),
    );
    expect(await count(h.db)).toBe(0);
    expect((await verifyAudit(h.db)).ok).toBe(true);
    expect(await verifyAudit(h.db, store)).toMatchObject({
      ok: false,
      entries: 0,
      firstBroken: { id: lastId, reason: 'tail_deleted' },
    });
  });

  it('detects an entry edited and every later hash recomputed with the public formula', async () => {
    const { lastId } = await history(5);
    const [victim] = await h.db.query<{ id: number }>(
      "SELECT id FROM audit_log WHERE entity = 'person' AND action = 'update' ORDER BY id LIMIT 1",
    );
    await asSuperuser(h.db, `UPDATE audit_log SET actor_label = 'someone else' WHERE id = ${victim!.id}`);
    // recompute the chain from the edited entry on, exactly as the trigger does
    const rows = await h.db.query<{ id: number; payload: string }>(
      `SELECT id, jiceng_audit_payload(a) AS payload FROM audit_log a WHERE id >= $1 ORDER BY id`,
      [victim!.id],
    );
    const [before] = await h.db.query<{ hash: string }>(
      'SELECT hash FROM audit_log WHERE id < $1 ORDER BY id DESC LIMIT 1',
      [victim!.id],
    );
    let prev = before!.hash;
    const updates: string[] = [];
    for (const r of rows) {
      const hash = createHash('sha256').update(`${prev}|${r.payload}`, 'utf8').digest('hex');
      updates.push(`UPDATE audit_log SET prev_hash = '${prev}', hash = '${hash}' WHERE id = ${r.id}`);
      prev = hash;
    }
    await asSuperuser(h.db, updates.join('; '));
    expect((await verifyAudit(h.db)).ok).toBe(true);
    expect(await verifyAudit(h.db, store)).toMatchObject({
      ok: false,
      firstBroken: { id: lastId, reason: 'rewritten' },
    });
    expect(await anchorAudit(h.db, store)).toMatchObject({ status: 'refused', reason: 'rewritten' });
  });

  it('detects a forged anchor', async () => {
    await history();
    const a = (await store.read())!;
    // moved back to an earlier entry, signed with some other key
    const [earlier] = await h.db.query<{ id: number; hash: string }>(
      'SELECT id, hash FROM audit_log WHERE id < $1 ORDER BY id DESC LIMIT 1',
      [a.id],
    );
    const forged = signAnchor(Buffer.alloc(32, 7), { ...a, id: earlier!.id, hash: earlier!.hash });
    await store.write(forged, { force: true });
    expect(await verifyAudit(h.db, store)).toMatchObject({
      ok: false,
      firstBroken: { id: earlier!.id, reason: 'anchor_forged' },
    });
    // a changed field under the right MAC
    await store.write({ ...a, entries: a.entries - 1 }, { force: true });
    expect(await verifyAudit(h.db, store)).toMatchObject({
      ok: false,
      firstBroken: { reason: 'anchor_forged' },
    });
    expect(await anchorAudit(h.db, store)).toMatchObject({ status: 'refused', reason: 'anchor_forged' });
  });

  it('accepts entries written after the anchor, then moves the anchor forward', async () => {
    const { ctx, m, n, lastId } = await history();
    await updateMember(ctx, m.id, { jobTitle: '新职务' });
    const r = await verifyAudit(h.db, store);
    expect(r).toMatchObject({ ok: true, anchored: true, anchor: { id: lastId, entries: n } });
    expect(r.unanchored).toBeGreaterThan(0);
    expect(await anchorAudit(h.db, store)).toMatchObject({ status: 'written' });
    expect(await anchorAudit(h.db, store)).toMatchObject({ status: 'unchanged' });
    expect(await verifyAudit(h.db, store)).toMatchObject({
      ok: true,
      unanchored: 0,
      entries: await count(h.db),
    });
  });

  it('never moves the anchor back', async () => {
    const { ctx, m } = await history();
    const early = (await store.read())!;
    await updateMember(ctx, m.id, { jobTitle: '新职务' });
    await anchorAudit(h.db, store);
    const later = (await store.read())!;
    expect(later.id).toBeGreaterThan(early.id);
    expect(await store.write(early)).toBe(false);
    expect((await store.read())!.id).toBe(later.id);
  });

  it('without an anchor, says the head is unanchored but does not fail', async () => {
    await history();
    const r = await verifyAudit(h.db, memoryAnchorStore());
    expect(r).toMatchObject({ ok: true, anchored: false, anchor: null });
    expect(r.unanchored).toBe(r.entries);
  });

  it('re-anchors to the restored head after a restore', async () => {
    const { ctx, m } = await history();
    const file = join(mkdtempSync(join(tmpdir(), 'jiceng-anchor-')), 'b.jiceng.gz');
    await backup(h.db, file);
    // more history after the backup, anchored: the restore takes the log back before the anchor
    await updateMember(ctx, m.id, { jobTitle: '备份之后' });
    await anchorAudit(h.db, store);
    await restore(h.db, file);
    expect(await verifyAudit(h.db, store)).toMatchObject({
      ok: false,
      firstBroken: { reason: 'tail_deleted' },
    });
    expect(await anchorAudit(h.db, store, { force: true })).toMatchObject({ status: 'written' });
    expect(await verifyAudit(h.db, store)).toMatchObject({ ok: true, anchored: true, unanchored: 0 });
    await updateMember(ctx, m.id, { jobTitle: '恢复之后' });
    expect((await verifyAudit(h.db, store)).ok).toBe(true);
  });

  it('anchors a long-running process after a quiet spell, and on flush', async () => {
    const { ctx, m } = await history();
    const anchoring = startAnchoring(h.db, store, { debounceMs: 20 });
    await updateMember(ctx, m.id, { jobTitle: '甲' });
    anchoring.touch();
    await expect.poll(async () => (await verifyAudit(h.db, store)).unanchored, { timeout: 5000 }).toBe(0);
    await updateMember(ctx, m.id, { jobTitle: '乙' });
    await anchoring.close();
    expect(await verifyAudit(h.db, store)).toMatchObject({ ok: true, unanchored: 0 });
  });

  it('keeps the key and anchor in files: key 0600, anchor replaced whole', async () => {
    await history();
    const dir = mkdtempSync(join(tmpdir(), 'jiceng-anchor-'));
    const files = { keyFile: join(dir, 'k', 'audit.key'), anchorFile: join(dir, 'audit-anchor.json') };
    const fileStore = fileAnchorStore(files);
    expect(await verifyAudit(h.db, fileStore)).toMatchObject({ ok: true, anchored: false });
    expect(await anchorAudit(h.db, fileStore)).toMatchObject({ status: 'written' });
    expect(statSync(files.keyFile).mode & 0o777).toBe(0o600);
    expect(readFileSync(files.keyFile, 'utf8').trim()).toMatch(/^[0-9a-f]{64}$/);
    const anchor = JSON.parse(readFileSync(files.anchorFile, 'utf8')) as Record<string, unknown>;
    expect(Object.keys(anchor).sort()).toEqual(['at', 'entries', 'hash', 'id', 'mac']);
    // a fresh store on the same files (another process) agrees
    expect(await verifyAudit(h.db, fileAnchorStore(files))).toMatchObject({ ok: true, anchored: true });
    // a hand-edited anchor file is a forged one
    writeFileSync(files.anchorFile, JSON.stringify({ ...anchor, entries: 1 }));
    expect(await verifyAudit(h.db, fileAnchorStore(files))).toMatchObject({
      ok: false,
      firstBroken: { reason: 'anchor_forged' },
    });
    writeFileSync(files.anchorFile, 'garbage');
    expect(await verifyAudit(h.db, fileAnchorStore(files))).toMatchObject({
      ok: false,
      firstBroken: { reason: 'anchor_forged' },
    });
  });
});
