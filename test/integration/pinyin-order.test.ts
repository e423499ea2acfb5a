/**
 * The roster's name order and the pinyin keys written before they existed (decision 0014, issue 10 #7, issue 9 #4):
 * the roster is ordered by name unless asked otherwise, names compare syllable by syllable (李爱国 < 李春燕 < 梁杰航,
 * which joined-up pinyin interleaves), the org column still sorts, 吕 is found by lv, and the `search.keys` job fills
 * the keys of rows written before the migration. On PGlite and (with TEST_DATABASE_URL) PostgreSQL, whose database
 * collations differ (C on PGlite, the server's locale on PostgreSQL): the order is the same on both.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { describeDb, ENGINES, migrateUntil, TODAY } from '../helpers/db.js';
import { member, smallCounty } from '../helpers/factory.js';
import { signIn } from '../helpers/http.js';
import { buildServer } from '../../src/server/app.js';
import { fixedClock } from '../../src/services/context.js';
import { runJob } from '../../src/services/jobs.js';
import { fillSearchKeys } from '../../src/services/search-keys.js';
import { updateMember } from '../../src/services/members.js';
import { verifyAudit } from '../../src/services/audit.js';
import { migrate } from '../../src/db/migrate.js';

describeDb('roster name order and pinyin keys', (h) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildServer({ db: h.db, clock: fixedClock(TODAY), logLevel: 'silent' });
  });
  afterAll(async () => {
    await app.close();
  });

  type Item = { id: number; name: string; orgCode: string };
  const seed = async () => {
    const ctx = h.ctx();
    await smallCounty(ctx);
    // written out of order, in two villages
    const ids: Record<string, number> = {};
    for (const [code, name] of [
      ['V12', '梁杰航'],
      ['V11', '李春燕'],
      ['V12', '吕布'],
      ['V11', '李爱国'],
      ['V11', '黎爱国'],
      ['V12', '卢斌'],
      ['V11', '李'],
      ['V12', '李爱国'],
    ] as const)
      ids[`${code}${name}`] = (await member(ctx, code, name)).id;
    const admin = await signIn(app, ctx, 'county_admin', 'C');
    const list = async (query: string) => {
      const size = query.includes('pageSize=') ? '' : 'pageSize=100';
      const res = await admin.get(`/api/v1/orgs/C/members?${size}${query}`);
      expect(res.statusCode, res.body).toBe(200);
      return (res.json() as { items: Item[] }).items;
    };
    return { ctx, ids, list };
  };

  it('orders the roster by name by default, syllable by syllable, equal names by id; the org column still sorts', async () => {
    const { ids, list } = await seed();
    const byName = await list('');
    expect(byName.map((m) => m.name)).toEqual([
      '李',
      '李爱国',
      '李爱国',
      '黎爱国',
      '李春燕',
      '梁杰航',
      '卢斌',
      '吕布',
    ]);
    // the two 李爱国 by id (V11's was written first)
    expect(byName.slice(1, 3).map((m) => m.id)).toEqual([ids['V11李爱国'], ids['V12李爱国']]);
    expect(await list('&sort=name')).toEqual(byName);
    // by org: the tree order, and by name within each org
    expect((await list('&sort=org')).map((m) => `${m.orgCode}${m.name}`)).toEqual([
      'V11李',
      'V11李爱国',
      'V11黎爱国',
      'V11李春燕',
      'V12李爱国',
      'V12梁杰航',
      'V12卢斌',
      'V12吕布',
    ]);
    // a page boundary falls inside the order, not across a re-sort
    const res = await list('pageSize=3&page=2');
    expect(res.map((m) => m.name)).toEqual(['黎爱国', '李春燕', '梁杰航']);
    // 吕 by lv (and ü), 李爱国 by its initials
    expect((await list('&q=lv')).map((m) => m.name)).toEqual(['吕布']);
    expect((await list('&q=lvb')).map((m) => m.name)).toEqual(['吕布']);
    expect((await list('&q=lag')).map((m) => m.name)).toEqual(['李爱国', '李爱国', '黎爱国']);
  });

  it('keeps the key with the name: a corrected name moves in the order', async () => {
    const { ctx, ids, list } = await seed();
    await updateMember(ctx, ids['V12吕布']!, { name: '艾布' });
    expect((await list('')).map((m) => m.name)[0]).toBe('艾布');
  });

  it('fills the keys of rows written before them (the search.keys job), one audit entry per batch', async () => {
    const { list } = await seed();
    const before = await list('');
    // as the migration leaves them: NULL (written here without an audit entry, as the migration adds the columns)
    await h.db.transaction(async (tx) => {
      await tx.query("SELECT set_config('jiceng.bulk', 'on', true)");
      await tx.query('UPDATE person SET name_sort = NULL');
      await tx.query("UPDATE org SET name_initials = NULL, name_syllables = NULL WHERE code <> 'V11'");
    });
    const admin = await signIn(app, h.ctx(), 'county_admin', 'C');
    const orgCodes = async (q: string) =>
      ((await admin.get(`/api/v1/orgs?q=${q}`)).json() as { items: { code: string }[] }).items.map(
        (o) => o.code,
      );
    expect(await orgCodes('ycdzb')).toEqual([]);
    const entries = async () =>
      (
        await h.db.query<{ n: number }>(
          "SELECT count(*)::int AS n FROM audit_log WHERE action = 'bulk_update'",
        )
      )[0]!.n;
    const audited = await entries();

    const run = await runJob(h.db, fixedClock(TODAY), 'search.keys', { force: true });
    expect(run).toMatchObject({ ran: true, status: 'ok' });
    expect(run.result).toBe('已补齐 8 人的姓名排序字段、6 个党组织的拼音检索字段');
    expect(await list('')).toEqual(before);
    expect(await orgCodes('ycdzb')).toEqual(['V12']);
    // in batches of 3 persons: three entries for the persons and two for the orgs, none per row
    await h.db.query('UPDATE person SET name_sort = NULL');
    await h.db.query("UPDATE org SET name_initials = NULL WHERE code <> 'V11'");
    const n0 = await entries();
    expect(n0).toBeGreaterThan(audited);
    expect(await fillSearchKeys(h.db, 3)).toEqual({ persons: 8, orgs: 6 });
    expect((await entries()) - n0).toBe(3 + 2);
    const [entry] = await h.db.query<{ after: { count: number; columns: string[]; source: string } }>(
      "SELECT after FROM audit_log WHERE action = 'bulk_update' AND entity = 'person' ORDER BY id DESC LIMIT 1",
    );
    expect(entry!.after).toMatchObject({ count: 2, columns: ['name_sort'], source: 'job:search.keys' });
    // nothing left: the next run says so
    const again = await runJob(h.db, fixedClock(TODAY), 'search.keys', { force: true });
    expect(again.result).toBe('拼音字段均已齐全');
    expect(await list('')).toEqual(before);
  });
});

for (const engine of ENGINES) {
  // a fresh, unmigrated database migrated step by step: it took over 60 s on a loaded 2-core machine
  it(`migration 0011 spells ü as v and leaves the new keys to the search.keys job [${engine.name}]`, async () => {
    const { db, drop } = await engine.open({ migrate: false });
    try {
      await migrateUntil(db, '0011_');
      await db.exec(`
        SELECT set_config('jiceng.actor_label', 'test', false);
        INSERT INTO org (id, code, name, kind, sector, parent_id, path, depth) VALUES
          (1, 'C', '中共温泉县委员会', 'local_committee', 'government', NULL, '/1/', 0),
          (2, 'V', '温泉镇吕家湾村党支部', 'branch', 'village', 1, '/1/2/', 1);
        SELECT setval('org_id_seq', 2);
        INSERT INTO person (id, name, name_initials, name_pinyin, sex, birth_date, birth_md, id_number, ethnicity) VALUES
          (1, '吕布', 'lb', 'lübu', 'male', '1970-05-20', 520, '420525197005200011', '01'),
          (2, '李爱国', 'lag', 'liaiguo', 'male', '1971-05-20', 520, '420525197105200014', '01');
        INSERT INTO member (id, person_id, org_id, status, joined_on, confirmed_on, confirmed_md) VALUES
          (1, 1, 2, 'full', '2005-07-01', '2006-07-01', 701), (2, 2, 2, 'full', '2005-07-01', '2006-07-01', 701);`);
      const before = (
        await db.query<{ n: number }>('SELECT coalesce(max(id), 0)::int AS n FROM audit_log')
      )[0]!.n;
      expect((await migrate(db))[0]).toMatch(/^0011_/);
      expect(await db.query('SELECT id, name_pinyin, name_sort FROM person ORDER BY id')).toEqual([
        { id: 1, name_pinyin: 'lvbu', name_sort: null },
        { id: 2, name_pinyin: 'liaiguo', name_sort: null },
      ]);
      // one entry for the migration's rewrite, none per row
      const entries = await db.query<{ action: string; after: { count: number } }>(
        'SELECT action, after FROM audit_log WHERE id > $1 ORDER BY id',
        [before],
      );
      expect(entries).toEqual([{ action: 'bulk_update', after: expect.objectContaining({ count: 1 }) }]);

      const run = await runJob(db, fixedClock(TODAY), 'search.keys', { force: true });
      expect(run.result).toBe('已补齐 2 人的姓名排序字段、2 个党组织的拼音检索字段');
      expect(await db.query('SELECT name_sort FROM person ORDER BY name_sort COLLATE "C"')).toEqual([
        { name_sort: 'li ai guo\t李爱国' },
        { name_sort: 'lv bu\t吕布' },
      ]);
      expect(await db.query("SELECT name_initials, name_syllables FROM org WHERE code = 'V'")).toEqual([
        { name_initials: 'wqzljwcdzb', name_syllables: 'wen quan zhen lv jia wan cun dang zhi bu' },
      ]);
      expect((await verifyAudit(db)).ok).toBe(true);
    } finally {
      await drop();
    }
  }, 180_000);
}
