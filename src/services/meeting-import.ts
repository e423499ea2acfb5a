/**
 * Import of 三会一课 ledgers (issue 11 item 8, decision 0019): every row is read and checked, the rows are matched to
 * their orgs and the people each meeting expected in a few set-based statements, and the new meetings are written
 * with their attendance (the absentees as the ledger lists them, everyone else on that day's roster present) in one
 * INSERT each, inside the caller's transaction. A row whose meeting is already recorded (same org, day, kinds and
 * topic) changes nothing. Bad rows are rejected with their reason; suspicious ones are kept with a warning.
 */
import { refreshLifeOf } from './life-rollup.js';
import { refreshLifeRunsIn } from './life-runs.js';
import type { Ctx } from './context.js';
import type { ImportTally } from './import-rejections.js';
import type { TableSource } from '../io/read-table.js';
import type { HeaderInfo } from '../io/headers.js';
import { parseMeetingRows, type LedgerRowValue } from '../io/parse-sheet.js';
import { allowed, readsOrg } from './access.js';
import { actorId, orgResource } from '../domain/access/policy.js';
import { ledgerWarnings, meetingIdentity, type LedgerWarningCode } from '../domain/meetings/ledger.js';
import {
  insertLedgerAttendance,
  insertLedgerMeetingRows,
  ledgerFacts,
  lockLedgerMembers,
  matchAbsentees,
  orgsByCodes,
  recordedAbsences,
  stageLedger,
  type LedgerMeeting,
  type StagedRow,
} from '../db/repositories/meeting-import.js';
import { setBulkFlag } from '../db/repositories/demo.js';
import { maySkipRowTriggers, setBulkWrite } from '../db/repositories/bulk.js';
import { writeAudit } from './audit.js';
import { commonPath, type ColumnOf } from './bulk.js';
import type { AttendanceStatus } from '../shared/codes.js';

export interface MeetingImportOptions {
  onProgress?: (rowsRead: number) => void;
  onHeader?: (h: HeaderInfo) => void;
}

interface Pending {
  row: number;
  value: LedgerRowValue;
  orgId: number;
  path: string;
}

/**
 * Reads, checks and writes a ledger in `ctx.db` (the caller's transaction), counting into `tally`. The source
 * description (file name and hash) goes into the audit entry.
 */
export async function applyMeetingLedger(
  ctx: Ctx,
  source: TableSource,
  tally: ImportTally,
  columnOf: ColumnOf,
  sourceText: string,
  opts: MeetingImportOptions = {},
): Promise<void> {
  const db = ctx.db;
  const today = ctx.clock.today();
  const parsed: { row: number; value: LedgerRowValue }[] = [];
  for await (const r of parseMeetingRows(source, {
    today,
    ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
    ...(opts.onHeader ? { onHeader: opts.onHeader } : {}),
  })) {
    // the header row's duplicate columns come as a row without a value: not a data row
    if (r.value === null && r.errors.some((e) => e.code === 'DUPLICATE_COLUMN')) {
      for (const e of r.errors) tally.reject(e);
      continue;
    }
    tally.total++;
    if (r.errors.length || !r.value) {
      for (const e of r.errors) tally.reject(e);
      continue;
    }
    parsed.push({ row: r.row, value: r.value });
  }

  // the orgs: unknown or unreadable looks the same; readable but not writable says so
  const orgs = new Map(
    (await orgsByCodes(db, [...new Set(parsed.map((p) => p.value.orgCode))])).map((o) => [o.code, o]),
  );
  const pending: Pending[] = [];
  const seen = new Map<string, number>();
  for (const p of parsed) {
    const o = orgs.get(p.value.orgCode);
    const col = columnOf('orgCode');
    if (!o || !readsOrg(ctx, o.path)) {
      tally.reject({
        row: p.row,
        column: col,
        code: 'ORG_NOT_FOUND',
        message: `组织编码 ${p.value.orgCode} 不存在，或不在您的管理范围内`,
      });
      continue;
    }
    if (!allowed(ctx, 'meetings.write', orgResource(o.path))) {
      tally.reject({
        row: p.row,
        column: col,
        code: 'FORBIDDEN',
        message: `您没有权限记录组织 ${p.value.orgCode} 的会议`,
      });
      continue;
    }
    const id = meetingIdentity(o.id, p.value.heldOn, p.value.kinds, p.value.topic);
    const first = seen.get(id);
    if (first !== undefined) {
      tally.reject({
        row: p.row,
        column: columnOf('topic'),
        code: 'DUPLICATE_IN_FILE',
        message: `与第${first}行是同一次会议（组织、日期、会议类型和主题都相同）`,
      });
      continue;
    }
    seen.set(id, p.row);
    pending.push({ row: p.row, value: p.value, orgId: o.id, path: o.path });
  }
  if (!pending.length) return;

  const staged: StagedRow[] = pending.map((p) => ({
    row: p.row,
    orgId: p.orgId,
    heldOn: p.value.heldOn,
    kinds: p.value.kinds,
    topic: p.value.topic,
  }));
  const absent = pending.flatMap((p) => p.value.absentees.map((a) => ({ row: p.row, name: a.name })));
  await stageLedger(db, staged, absent);
  // one after the other: never two queries at once on the transaction's client
  const facts = await ledgerFacts(db);
  const matches = await matchAbsentees(db);
  const factOf = new Map(facts.map((f) => [f.row, f]));
  const matchOf = new Map(matches.map((m) => [`${m.row}\u0000${m.name}`, m]));
  const existingIds = facts.flatMap((f) => (f.existingId !== null ? [f.existingId] : []));
  const recorded = new Map<number, Map<number, AttendanceStatus>>();
  for (const a of await recordedAbsences(db, existingIds)) {
    let m = recorded.get(a.meetingId);
    if (!m) recorded.set(a.meetingId, (m = new Map()));
    m.set(a.memberId, a.status);
  }

  const toWrite: LedgerMeeting[] = [];
  const exceptions: { row: number; memberId: number; status: AttendanceStatus; reason: string | null }[] = [];
  const writtenPaths: string[] = [];
  const warn = (row: number, code: LedgerWarningCode, field: string, message: string) =>
    tally.warn({ row, column: columnOf(field), code, message, field, value: '' });
  for (const p of pending) {
    const f = factOf.get(p.row)!;
    if (!f.existed) {
      tally.reject({
        row: p.row,
        column: columnOf('heldOn'),
        code: 'MEETING_DATE_INVALID',
        message: `组织 ${p.value.orgCode} 在 ${p.value.heldOn} 尚未成立或已撤销，不能记录当天的会议`,
      });
      continue;
    }
    const found = p.value.absentees.map((a) => matchOf.get(`${p.row}\u0000${a.name}`));
    const mine = new Map<number, { status: AttendanceStatus; reason: string | null }>();
    p.value.absentees.forEach((a, i) => {
      const m = found[i];
      if (m && m.n === 1 && m.memberId !== null) mine.set(m.memberId, { status: a.status, reason: a.reason });
    });
    for (const w of ledgerWarnings({
      absentees: p.value.absentees,
      matches: found.map((m) => m?.n ?? 0),
      expected: f.expected,
      expectedCount: p.value.expectedCount,
      presentCount: p.value.presentCount,
    }))
      warn(p.row, w.code, w.field, w.message);
    if (f.existingId !== null) {
      tally.unchanged++;
      const before = recorded.get(f.existingId) ?? new Map<number, AttendanceStatus>();
      const same = before.size === mine.size && [...mine].every(([id, e]) => before.get(id) === e.status);
      if (!same)
        warn(
          p.row,
          'ALREADY_RECORDED_DIFFERENT',
          'absentees',
          '这次会议已经记录过，台账中的缺席人员与已有记录不同；已有记录未改动，如需更正请在会议记录中修改',
        );
      continue;
    }
    if (f.sameDay)
      warn(
        p.row,
        'SAME_DAY_MEETING',
        'heldOn',
        '该组织这一天已记录了同类会议（主题不同），本行作为另一次会议导入；如是同一次会议请删除其中一条',
      );
    toWrite.push({
      row: p.row,
      orgId: p.orgId,
      kinds: p.value.kinds,
      heldOn: p.value.heldOn,
      topic: p.value.topic,
      host: p.value.host,
      recorder: p.value.recorder,
    });
    for (const [memberId, e] of mine) exceptions.push({ row: p.row, memberId, ...e });
    writtenPaths.push(p.path);
  }
  if (!toWrite.length) return;
  // like the other bulk writes, the rows skip the per-row audit triggers; one chained entry records them. The
  // meetings keep their per-row foreign-key check (and the rollup's statement trigger); their attendance rows —
  // ~16 a meeting — skip PostgreSQL's per-row foreign-key triggers where the session may (decision 0024's addendum):
  // the members are checked and key-share locked once, the meetings are this statement's own.
  await setBulkFlag(db, true);
  const ids = await insertLedgerMeetingRows(db, toWrite, actorId(ctx.actor));
  const skip = await maySkipRowTriggers(db);
  if (skip && !(await lockLedgerMembers(db)))
    throw new Error('ledger import: an expected member does not exist');
  await setBulkWrite(db, true, skip);
  const attendance = await insertLedgerAttendance(
    db,
    toWrite.map((w, i) => ({ row: w.row, id: ids[i]!, orgId: w.orgId })),
    exceptions,
  );
  await setBulkWrite(db, false, skip);
  const written = { ids, attendance };
  tally.inserted += toWrite.length;
  await writeAudit(ctx, db, {
    action: 'bulk_insert',
    entity: 'meeting',
    entityId: null,
    orgPath: commonPath(writtenPaths),
    memberId: null,
    after: {
      count: written.ids.length,
      firstId: written.ids[0],
      lastId: written.ids[written.ids.length - 1],
      tables: [
        { table: 'meeting', rows: written.ids.length },
        { table: 'meeting_attendance', rows: written.attendance },
      ],
      source: sourceText,
    },
  });
  // the orgs' and their ancestors' figures in the same transaction (decision 0024)
  await refreshLifeOf(db, [...new Set(toWrite.map((w) => w.orgId))]);
  // and 党章第九条's maintained runs of the members the attendance marked (decision 0048)
  await refreshLifeRunsIn(db, today);
}
