/**
 * Writes what the demo's histories add to the rows the bulk appliers wrote (src/domain/demo/generate.ts): the
 * earlier version of each general branch that was one branch until it was split (org_version and a dated
 * 'renamed' org_event, as a dated change of name and kind makes), and the moves of members who joined before
 * their org was founded (their member_period rows as memberPeriods gives them, and a dated 'move' member_event
 * each, as recordMemberEventIn writes one). Set-based: a few statements for the whole county, in the caller's
 * transaction, after its orgs and members are written. Like the bulk writes (bulk.ts bulkCopy), the rows skip the
 * per-row audit triggers and one chained audit entry records them with the SHA-256 of what was sent; and where the
 * session may, the per-row foreign-key checks too: every row is built by joining the orgs (locked FOR KEY SHARE
 * here, as each row's check would) and members written by this same transaction.
 */
import { createHash } from 'node:crypto';
import { copyLine, type Db } from '../db/client.js';
import type { Ctx } from './context.js';
import { actorId } from '../domain/access/policy.js';
import {
  memberPeriods,
  type DemoMember,
  type DemoMove,
  type DemoOrgChange,
} from '../domain/demo/generate.js';
import { writeAudit } from './audit.js';
import {
  DEMO_CHANGE_TABLE,
  DEMO_MOVE_TABLE,
  DEMO_PERIOD_TABLE,
  createDemoChangeTable,
  createDemoMoveTables,
  firstRootPath,
  lockOrgsForKeyShare,
  setBulkFlag,
  setReplicationRole,
  writeDemoChanges,
  writeDemoMoves,
} from '../db/repositories/demo.js';
import { maySkipRowTriggers } from '../db/repositories/bulk.js';

export async function writeDemoHistory(
  ctx: Ctx,
  db: Db,
  changes: readonly DemoOrgChange[],
  members: readonly DemoMember[],
  moves: readonly DemoMove[],
): Promise<void> {
  if (!changes.length && !moves.length) return;
  const who = actorId(ctx.actor);
  const digest = createHash('sha256');
  const send = async (table: string, columns: readonly string[], lines: string[]) => {
    const bytes = Buffer.from(lines.join(''));
    digest.update(bytes);
    await db.copyIn(table, columns, [bytes]);
  };
  const counts: { table: string; rows: number }[] = [];
  const skipRowTriggers = await maySkipRowTriggers(db);
  if (skipRowTriggers) {
    const codes = new Set<string>();
    for (const c of changes) codes.add(c.orgCode);
    for (const mv of moves) codes.add(mv.fromOrgCode).add(mv.toOrgCode);
    await lockOrgsForKeyShare(db, [...codes]);
    await setReplicationRole(db, 'replica');
  }
  await setBulkFlag(db, true);

  if (changes.length) {
    await createDemoChangeTable(db);
    await send(
      DEMO_CHANGE_TABLE.name,
      DEMO_CHANGE_TABLE.columns,
      changes.map((c) => copyLine([c.orgCode, c.on, c.before.kind, c.before.name])),
    );
    // the version written from the founding date becomes the earlier one; the current one starts on the change
    await writeDemoChanges(db, who);
    counts.push(
      { table: 'org_version', rows: changes.length * 2 },
      { table: 'org_event', rows: changes.length },
    );
  }

  if (moves.length) {
    const byId = new Map<string, DemoMove[]>();
    for (const mv of moves) {
      const list = byId.get(mv.idNumber);
      if (list) list.push(mv);
      else byId.set(mv.idNumber, [mv]);
    }
    const periodLines: string[] = [];
    for (const m of members) {
      const own = byId.get(m.idNumber);
      if (!own) continue;
      for (const p of memberPeriods(m, own))
        periodLines.push(copyLine([m.idNumber, p.orgCode, p.status, p.from, p.to]));
    }
    await createDemoMoveTables(db);
    await send(DEMO_PERIOD_TABLE.name, DEMO_PERIOD_TABLE.columns, periodLines);
    await send(
      DEMO_MOVE_TABLE.name,
      DEMO_MOVE_TABLE.columns,
      moves.map((mv) => copyLine([mv.idNumber, mv.on, mv.fromOrgCode, mv.toOrgCode])),
    );
    await writeDemoMoves(db, who);
    counts.push(
      { table: 'member_period', rows: periodLines.length },
      { table: 'member_event', rows: moves.length },
    );
  }

  await setBulkFlag(db, false);
  if (skipRowTriggers) await setReplicationRole(db, 'origin');
  const rootPath = await firstRootPath(db);
  await writeAudit(ctx, db, {
    action: 'bulk_insert',
    entity: 'member_event',
    entityId: null,
    orgPath: rootPath,
    memberId: null,
    after: {
      count: moves.length,
      orgChanges: changes.length,
      members: new Set(moves.map((mv) => mv.idNumber)).size,
      tables: counts,
      sha256: digest.digest('hex'),
      source: 'demo',
    },
  });
}
