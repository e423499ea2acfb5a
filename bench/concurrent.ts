/**
 * Concurrent writers on PostgreSQL (`npm run bench -- concurrent`): `clients` clients, each with its own
 * connection, record changes to members of its own township of one county through the service layer (one
 * transaction per operation: an edit, a new member, a move between the township's branches, in turn), `ops`
 * operations each, all at once. Reports throughput (ops/s) and latency percentiles; with `importFile`, a member
 * import runs alongside from the same moment, and the report says how long it took and how long the clients'
 * operations waited meanwhile.
 *
 * Runs in a child process (bench/run.ts) on a fresh clone of a template holding the province's org tree and the
 * first rows of the 100k input file; the import is the file's remaining rows (other counties of the province).
 */
import { openDb, withAuditSession, type Db } from '../src/db/client.js';
import { migrate } from '../src/db/migrate.js';
import { SYSTEM_ACTOR } from '../src/domain/access/policy.js';
import { checkChar } from '../src/shared/id-number.js';
import { fixedClock } from '../src/services/context.js';
import { importMembers } from '../src/services/imports.js';
import { createMember, recordMemberEvent, updateMember } from '../src/services/members.js';
import { quantile } from './common.js';

export interface ConcurrentArgs {
  /** database URL of the fresh clone */
  location: string;
  today: string;
  clients: number;
  ops: number;
  /** a member file imported alongside the clients (none: clients only) */
  importFile?: string;
  importRows?: number;
}

interface Township {
  code: string;
  branches: string[];
  members: number[];
}

/** Settings in the service context, where this version of the code has them. */
async function settingsFor(db: Db, today: string): Promise<object> {
  try {
    const mod = (await import('../src/db/repositories/' + 'settings.js')) as {
      settingsAt?: (db: Db, at: string) => Promise<unknown>;
    };
    return mod.settingsAt ? { settings: await mod.settingsAt(db, today) } : {};
  } catch {
    return {};
  }
}

/** The county with the most townships, and `n` of its townships with the most members and 2+ branches. */
async function pickTownships(db: Db, n: number): Promise<Township[]> {
  const rows = await db.query<{
    county: number;
    code: string;
    id: number;
    members: number;
    branches: number;
  }>(
    `WITH t AS (
       SELECT o.id, o.code, o.parent_id AS county,
              (SELECT count(*)::int FROM member m JOIN org b ON b.id = m.org_id
                WHERE b.path LIKE o.path || '%' AND m.status IN ('full','probationary')) AS members,
              (SELECT count(*)::int FROM org b WHERE b.parent_id = o.id AND b.kind = 'branch') AS branches
         FROM org o WHERE o.depth = 3)
     SELECT * FROM t WHERE branches >= 2 AND members >= 20 ORDER BY county, members DESC`,
  );
  const byCounty = new Map<number, typeof rows>();
  for (const r of rows) byCounty.set(r.county, [...(byCounty.get(r.county) ?? []), r]);
  const best = [...byCounty.values()].filter((l) => l.length >= n).sort((a, b) => b.length - a.length)[0];
  if (!best) throw new Error(`no county with ${n} townships that have members and 2+ branches`);
  const out: Township[] = [];
  for (const t of best.slice(0, n)) {
    const branches = await db.query<{ code: string }>(
      "SELECT code FROM org WHERE parent_id = $1 AND kind = 'branch' AND status = 'active' ORDER BY id",
      [t.id],
    );
    const members = await db.query<{ id: number }>(
      `SELECT m.id FROM member m JOIN org b ON b.id = m.org_id
        WHERE b.parent_id = $1 AND m.status IN ('full','probationary') ORDER BY m.id`,
      [t.id],
    );
    out.push({ code: t.code, branches: branches.map((b) => b.code), members: members.map((m) => m.id) });
  }
  return out;
}

function idNumber(client: number, k: number): string {
  // birth dates 1960-01-01 + k days, sequence by client: unique within the run, valid check character
  const d = new Date(Date.UTC(1960, 0, 1 + (k % 9000)));
  const birth = d.toISOString().slice(0, 10).replace(/-/g, '');
  const s = (client * 100 + Math.floor(k / 9000)) * 2 + 1;
  const first17 = `990101${birth}${String(s % 1000).padStart(3, '0')}`;
  return first17 + checkChar(first17);
}

export async function concurrentChild(a: ConcurrentArgs) {
  const admin = await openDb({ databaseUrl: a.location });
  await migrate(admin);
  await admin.query('CHECKPOINT');
  const towns = await pickTownships(admin, a.clients);
  const settings = await settingsFor(admin, a.today);
  const clock = fixedClock(a.today);
  const dbs: Db[] = [];
  for (let i = 0; i < a.clients + 1; i++) dbs.push(await openDb({ databaseUrl: a.location }));
  const ctxOf = (db: Db, label: string) =>
    ({
      db: withAuditSession(db, { actorId: null, label, ip: null }),
      clock,
      actor: SYSTEM_ACTOR,
      ...settings,
    }) as Parameters<typeof updateMember>[0];

  const latencies: { end: number; ms: number }[] = [];
  const errors: string[] = [];
  const client = async (i: number) => {
    const ctx = ctxOf(dbs[i]!, `system:bench-${i}`);
    const t = towns[i]!;
    let moved = t.members.length - 1;
    for (let k = 0; k < a.ops; k++) {
      const s = performance.now();
      try {
        if (k % 3 === 0) {
          await updateMember(ctx, t.members[k % t.members.length]!, { jobTitle: `职务${k}` });
        } else if (k % 3 === 1) {
          await createMember(ctx, {
            orgCode: t.branches[k % t.branches.length]!,
            name: `并发测试${i}${k}`,
            status: 'full',
            idNumber: idNumber(i, k),
            ethnicity: '01',
            education: '71',
            occupation: 'farmer',
            joinedOn: '2005-07-01',
            confirmedOn: '2006-07-01',
          } as Parameters<typeof createMember>[1]);
        } else {
          // a member not moved before, to another branch of the township
          const id = t.members[moved--]!;
          const [m] = await dbs[i]!.query<{ code: string }>(
            'SELECT o.code FROM member m JOIN org o ON o.id = m.org_id WHERE m.id = $1',
            [id],
          );
          const to = t.branches.find((b) => b !== m!.code)!;
          await recordMemberEvent(ctx, id, { kind: 'move', orgCode: to, effectiveOn: a.today });
        }
      } catch (e) {
        errors.push(String((e as Error).message ?? e));
      }
      const end = performance.now();
      latencies.push({ end, ms: end - s });
    }
  };

  const t0 = performance.now();
  let importDone = Infinity;
  let importSeconds: number | null = null;
  const importing = a.importFile
    ? importMembers(ctxOf(dbs[a.clients]!, 'system:bench-import'), { path: a.importFile }).then((r) => {
        importDone = performance.now();
        importSeconds = (importDone - t0) / 1000;
        if (r.inserted + r.updated !== a.importRows)
          throw new Error(`import wrote ${r.inserted + r.updated} of ${a.importRows}`);
      })
    : Promise.resolve();
  await Promise.all([...towns.map((_, i) => client(i)), importing]);
  const seconds = (performance.now() - t0) / 1000;
  const ms = latencies.map((l) => l.ms).sort((x, y) => x - y);
  const during = latencies.filter((l) => l.end <= importDone).map((l) => l.ms);
  const [stat] = await admin.query<{ ok: boolean }>(
    `SELECT (SELECT n FROM org_stat s JOIN org o ON o.id = s.org_id
              WHERE o.parent_id IS NULL AND s.dim = 'status' AND s.key = 'full')
          = (SELECT count(*)::int FROM member WHERE status = 'full') AS ok`,
  );
  for (const db of dbs) await db.close();
  await admin.close();
  const ops = latencies.length;
  return {
    what: 'concurrent',
    clients: a.clients,
    opsPerClient: a.ops,
    withImport: !!a.importFile,
    importRows: a.importRows ?? 0,
    seconds,
    opsPerSec: ops / seconds,
    p50Ms: quantile(ms, 0.5),
    p95Ms: quantile(ms, 0.95),
    maxMs: ms[ms.length - 1] ?? 0,
    importSeconds,
    opsDuringImport: a.importFile ? during.length : null,
    maxMsDuringImport: during.length ? Math.max(...during) : null,
    errors: errors.length,
    firstError: errors[0] ?? null,
    rootFullMatches: stat?.ok ?? false,
  };
}
