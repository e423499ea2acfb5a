/**
 * The audit chain's head, anchored outside the database (decision 0003). The hash chain alone shows an edit or a
 * gap in the middle, but not a deleted tail, an emptied log or a chain recomputed with the public formula. So the
 * last entry's id and hash, and the number of entries up to it, are written to a file next to a secret key, with
 * an HMAC-SHA256 over them: someone with only database rights can neither move the anchor back nor forge one.
 *
 * The anchor only moves forward, and only along the chain: before it moves, the entry it names must still be there
 * with the same hash and every entry after it must continue the chain. So tampering is never anchored over.
 */
import { createHmac, randomBytes, timingSafeEqual, createHash } from 'node:crypto';
import { link, mkdir, open, readFile, rename, stat, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Db } from '../db/client.js';
import { AppError } from '../shared/errors.js';
import { auditChainAfter, auditHashOf, auditHead } from '../db/repositories/audit.js';

/** prev_hash of the first entry */
export const GENESIS_HASH = '0'.repeat(64);

export interface AuditAnchor {
  /** id of the anchored entry (0: the empty chain) */
  id: number;
  /** that entry's hash */
  hash: string;
  /** number of entries with an id up to `id` */
  entries: number;
  /** when the anchor was written (ISO 8601) */
  at: string;
  /** HMAC-SHA256 (hex) of `anchorText` under the store's key */
  mac: string;
}

/** Where the anchor and its key live: files on the app server, or memory (tests). */
export interface AuditAnchorStore {
  /** The MAC key; with `create`, made (32 random bytes) and kept on first use, otherwise null when there is none. */
  key(create: boolean): Promise<Buffer | null>;
  /** The stored anchor, or null when none was written yet. */
  read(): Promise<AuditAnchor | null>;
  /**
   * Stores the anchor unless the stored one is at the same or a later id (with `force`, always: a restore).
   * Returns whether it was written.
   */
  write(anchor: AuditAnchor, opts?: { force?: boolean }): Promise<boolean>;
}

/** The exact text the MAC covers. */
export function anchorText(a: Omit<AuditAnchor, 'mac'>): string {
  return `jiceng-audit-anchor/1\n${a.id}\n${a.hash}\n${a.entries}\n${a.at}`;
}

export function signAnchor(key: Buffer, a: Omit<AuditAnchor, 'mac'>): AuditAnchor {
  const mac = createHmac('sha256', key).update(anchorText(a), 'utf8').digest('hex');
  return { id: a.id, hash: a.hash, entries: a.entries, at: a.at, mac };
}

export function anchorAuthentic(key: Buffer | null, a: AuditAnchor): boolean {
  if (!key || !/^[0-9a-f]{64}$/.test(a.mac)) return false;
  const want = Buffer.from(signAnchor(key, a).mac, 'hex');
  return timingSafeEqual(want, Buffer.from(a.mac, 'hex'));
}

/** Reads anchor JSON; text that is not a well-formed anchor reads as one without a MAC, which fails as forged. */
export function parseAnchor(text: string): AuditAnchor {
  let v: Record<string, unknown> = {};
  try {
    const parsed = JSON.parse(text) as unknown;
    if (parsed && typeof parsed === 'object') v = parsed as Record<string, unknown>;
  } catch {
    // malformed: no MAC below
  }
  const int = (x: unknown) => (typeof x === 'number' && Number.isSafeInteger(x) && x >= 0 ? x : null);
  const str = (x: unknown) => (typeof x === 'string' ? x : null);
  const id = int(v.id);
  const entries = int(v.entries);
  const hash = str(v.hash);
  const at = str(v.at);
  const mac = str(v.mac);
  if (id === null || entries === null || hash === null || at === null || mac === null)
    return { id: id ?? 0, hash: hash ?? '', entries: entries ?? 0, at: at ?? '', mac: '' };
  return { id, hash, entries, at, mac };
}

// --- walking the chain ---------------------------------------------------------------------------------------

export type ChainBreak = 'hash_mismatch' | 'chain_broken';

export interface ChainWalk {
  /** entries walked (those after the starting point) */
  entries: number;
  /** the last entry walked */
  head: { id: number; hash: string } | null;
  broken: { id: number; reason: ChainBreak } | null;
  /** the entry whose id is `watch`, when it was met */
  watched: { hash: string } | null;
  /** entries walked with an id up to `watch` */
  upToWatch: number;
}

/**
 * Walks the entries after `from` in id order, recomputing each hash over the previous one, and stops at the first
 * entry that does not fit. `watch` notes one id on the way (the anchored entry).
 */
export async function walkChain(
  db: Db,
  from: { id: number; hash: string } = { id: 0, hash: GENESIS_HASH },
  watch?: number,
): Promise<ChainWalk> {
  let prev = from.hash;
  let lastId = from.id;
  const out: ChainWalk = { entries: 0, head: null, broken: null, watched: null, upToWatch: 0 };
  for (;;) {
    const rows = await auditChainAfter(db, lastId, 5000);
    for (const r of rows) {
      if (r.prev_hash !== prev) {
        out.broken = { id: r.id, reason: 'chain_broken' };
        return out;
      }
      const h = createHash('sha256').update(`${r.prev_hash}|${r.payload}`, 'utf8').digest('hex');
      if (h !== r.hash) {
        out.broken = { id: r.id, reason: 'hash_mismatch' };
        return out;
      }
      out.entries++;
      if (watch !== undefined && r.id <= watch) out.upToWatch++;
      if (r.id === watch) out.watched = { hash: r.hash };
      prev = r.hash;
      lastId = r.id;
      out.head = { id: r.id, hash: r.hash };
    }
    if (rows.length < 5000) return out;
  }
}

// --- moving the anchor -----------------------------------------------------------------------------------------

export type AnchorRefusal = ChainBreak | 'anchor_forged' | 'tail_deleted' | 'rewritten';

export type AnchorOutcome =
  | { status: 'written'; anchor: AuditAnchor }
  | { status: 'unchanged'; anchor: AuditAnchor }
  /** the log does not continue the stored anchor: the anchor stays where it is, as evidence */
  | { status: 'refused'; reason: AnchorRefusal; id: number };

/**
 * Anchors the chain's current head, if it moved: checks that the stored anchor is authentic, that its entry is
 * still there unchanged and that every later entry continues the chain; then writes the new head. With `force`
 * (after a deliberate restore) the current head is anchored whatever was anchored before.
 */
export async function anchorAudit(
  db: Db,
  store: AuditAnchorStore,
  opts: { force?: boolean; now?: () => Date } = {},
): Promise<AnchorOutcome> {
  const at = (opts.now?.() ?? new Date()).toISOString();
  if (opts.force) {
    const head = await auditHead(db);
    const key = (await store.key(true))!;
    const anchor = signAnchor(key, {
      id: head?.id ?? 0,
      hash: head?.hash ?? GENESIS_HASH,
      entries: head?.n ?? 0,
      at,
    });
    await store.write(anchor, { force: true });
    return { status: 'written', anchor };
  }
  const current = await store.read();
  let from: Omit<AuditAnchor, 'mac' | 'at'> = { id: 0, hash: GENESIS_HASH, entries: 0 };
  if (current) {
    if (!anchorAuthentic(await store.key(false), current))
      return { status: 'refused', reason: 'anchor_forged', id: current.id };
    if (current.id > 0) {
      const hash = await auditHashOf(db, current.id);
      if (hash === null) return { status: 'refused', reason: 'tail_deleted', id: current.id };
      if (hash !== current.hash) return { status: 'refused', reason: 'rewritten', id: current.id };
    } else if (current.hash !== GENESIS_HASH) {
      return { status: 'refused', reason: 'rewritten', id: current.id };
    }
    from = current;
  }
  const walk = await walkChain(db, from);
  if (walk.broken) return { status: 'refused', reason: walk.broken.reason, id: walk.broken.id };
  if (current && !walk.head) return { status: 'unchanged', anchor: current };
  const key = (await store.key(true))!;
  const anchor = signAnchor(key, {
    id: walk.head?.id ?? 0,
    hash: walk.head?.hash ?? GENESIS_HASH,
    entries: from.entries + walk.entries,
    at,
  });
  // another process may have moved it further meanwhile: the store keeps the later one
  const written = await store.write(anchor);
  if (written) return { status: 'written', anchor };
  return { status: 'unchanged', anchor: (await store.read()) ?? anchor };
}

export interface AuditAnchoring {
  /** Schedules an anchor write: at most `debounceMs` after the first touch since the last write. */
  touch(): void;
  /** Writes the anchor now (after any write in progress). */
  flush(): Promise<void>;
  /** Writes the anchor a last time and ignores later touches. */
  close(): Promise<void>;
}

export type AnchoringProblem =
  { kind: 'refused'; reason: AnchorRefusal; id: number } | { kind: 'error'; error: unknown };

/**
 * Keeps the anchor following a long-running process's writes (the web server): `touch()` after each request that
 * may have written, `flush()` or `close()` when shutting down. Writes never overlap.
 */
export function startAnchoring(
  db: Db,
  store: AuditAnchorStore,
  opts: { debounceMs: number; onProblem?: (p: AnchoringProblem) => void },
): AuditAnchoring {
  let timer: NodeJS.Timeout | null = null;
  let closed = false;
  let queue: Promise<unknown> = Promise.resolve();
  const report = (o: AnchorOutcome) => {
    if (o.status === 'refused') opts.onProblem?.({ kind: 'refused', reason: o.reason, id: o.id });
  };
  const run = (): Promise<void> => {
    const p = queue.then(() => anchorAudit(db, store)).then(report);
    queue = p.catch(() => undefined);
    return p;
  };
  const flush = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    return run();
  };
  return {
    touch() {
      if (closed || timer) return;
      timer = setTimeout(() => {
        timer = null;
        run().catch((error: unknown) => opts.onProblem?.({ kind: 'error', error }));
      }, opts.debounceMs);
      timer.unref();
    },
    flush,
    async close() {
      closed = true;
      await flush();
    },
  };
}

// --- stores ----------------------------------------------------------------------------------------------------

/** Anchor and key in memory (tests). */
export function memoryAnchorStore(key: Buffer = randomBytes(32)): AuditAnchorStore {
  let anchor: AuditAnchor | null = null;
  return {
    key: async () => key,
    read: async () => (anchor ? { ...anchor } : null),
    async write(a, opts) {
      if (!opts?.force && anchor && anchor.id >= a.id) return false;
      anchor = { ...a };
      return true;
    },
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function errCode(e: unknown): string | undefined {
  return (e as NodeJS.ErrnoException | null)?.code;
}

/** Writes a file's full content durably under a fresh name (created with `mode`), for a rename or link. */
async function writeTemp(path: string, data: string, mode: number): Promise<string> {
  const tmp = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  const fh = await open(tmp, 'wx', mode);
  try {
    await fh.writeFile(data, 'utf8');
    await fh.sync();
  } finally {
    await fh.close();
  }
  return tmp;
}

async function syncDir(dir: string) {
  try {
    const fh = await open(dir, 'r');
    try {
      await fh.sync();
    } finally {
      await fh.close();
    }
  } catch {
    // not every platform can sync a directory
  }
}

/**
 * Anchor and key as files on the app server. The key file (64 hex digits) is created with mode 0600 on first use;
 * the anchor file is replaced atomically (temporary file + rename) under a lock file, so processes sharing it
 * (the server and a CLI command) never move it back.
 */
export function fileAnchorStore(files: { keyFile: string; anchorFile: string }): AuditAnchorStore {
  const { keyFile, anchorFile } = files;
  let cachedKey: Buffer | null = null;

  async function readKey(): Promise<Buffer | null> {
    let text: string;
    try {
      text = await readFile(keyFile, 'utf8');
    } catch (e) {
      if (errCode(e) === 'ENOENT') return null;
      throw e;
    }
    const hex = text.trim();
    if (!/^[0-9a-f]{64}$/.test(hex))
      throw new AppError('INTERNAL', `审计密钥文件 ${keyFile} 内容不对（应为64位十六进制数）`);
    return Buffer.from(hex, 'hex');
  }

  async function withLock<T>(fn: () => Promise<T>): Promise<T> {
    const lock = `${anchorFile}.lock`;
    const deadline = Date.now() + 10_000;
    for (;;) {
      try {
        const fh = await open(lock, 'wx', 0o600);
        await fh.close();
        break;
      } catch (e) {
        if (errCode(e) !== 'EEXIST') throw e;
        // a lock left by a killed process: the critical section takes milliseconds
        const age = await stat(lock).then(
          (s) => Date.now() - s.mtimeMs,
          () => 0,
        );
        if (age > 30_000) await unlink(lock).catch(() => undefined);
        else if (Date.now() > deadline)
          throw new AppError('INTERNAL', `审计锚点文件被锁定（${lock}），请稍后再试`);
        else await sleep(20);
      }
    }
    try {
      return await fn();
    } finally {
      await unlink(lock).catch(() => undefined);
    }
  }

  async function read(): Promise<AuditAnchor | null> {
    try {
      return parseAnchor(await readFile(anchorFile, 'utf8'));
    } catch (e) {
      if (errCode(e) === 'ENOENT') return null;
      throw e;
    }
  }

  return {
    async key(create) {
      if (cachedKey) return cachedKey;
      let key = await readKey();
      if (!key && create) {
        await mkdir(dirname(keyFile), { recursive: true });
        const tmp = await writeTemp(keyFile, `${randomBytes(32).toString('hex')}\n`, 0o600);
        try {
          // link fails when another process created the key first: then that one is the key
          await link(tmp, keyFile).catch((e: unknown) => {
            if (errCode(e) !== 'EEXIST') throw e;
          });
        } finally {
          await unlink(tmp).catch(() => undefined);
        }
        await syncDir(dirname(keyFile));
        key = await readKey();
      }
      cachedKey = key;
      return key;
    },
    read,
    async write(anchor, opts) {
      await mkdir(dirname(anchorFile), { recursive: true });
      return withLock(async () => {
        const current = await read();
        if (!opts?.force && current && current.id >= anchor.id) return false;
        const tmp = await writeTemp(anchorFile, `${JSON.stringify(anchor, null, 2)}\n`, 0o644);
        try {
          await rename(tmp, anchorFile);
        } catch (e) {
          await unlink(tmp).catch(() => undefined);
          throw e;
        }
        await syncDir(dirname(anchorFile));
        return true;
      });
    },
  };
}
