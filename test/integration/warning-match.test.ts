/**
 * What the daily evaluation leaves to the server (decision 0052, session 18): whether a batch's open warnings are
 * exactly the found ones (`openWarningsMatch`, the open ones never read back), and an org's life cells of a range
 * only (`ownCellsIn`), which give the same compliance items as all its cells — on both engines.
 */
import { expect, it } from 'vitest';
import { describeDb, TODAY } from '../helpers/db.js';
import { fixedClock } from '../../src/services/context.js';
import { member, smallCounty } from '../helpers/factory.js';
import { rng } from '../helpers/random.js';
import { evaluateAll } from '../../src/services/warnings.js';
import { openWarningsMatch } from '../../src/db/repositories/supervision.js';
import { ownCellsIn, ownCellsOf } from '../../src/db/repositories/life-rollup.js';
import { cellRange, itemsFromCells } from '../../src/domain/meetings/rollup.js';
import { MEETING_KINDS } from '../../src/shared/codes.js';
import { addDays, type IsoDate } from '../../src/shared/dates.js';

describeDb('the evaluation’s comparisons left to the server', (h) => {
  it('tells a batch’s open warnings equal to the found ones, and any difference', async () => {
    const ctx = h.ctx();
    await smallCounty(ctx);
    await member(ctx, 'V11', '周一');
    await member(ctx, 'V21', '王四');
    await evaluateAll(h.db, fixedClock(TODAY));
    const open = await h.db.query<{ orgId: number; indicator: string; level: string; evidence: string[] }>(
      `SELECT org_id AS "orgId", indicator, level, evidence FROM org_warning WHERE closed_on IS NULL
        ORDER BY org_id, indicator`,
    );
    expect(open.length).toBeGreaterThan(3);
    const orgs = [...new Set(open.map((w) => w.orgId))];
    const ids = (await h.db.query<{ id: number }>('SELECT id FROM org')).map((r) => r.id);
    expect(await openWarningsMatch(h.db, ids, open)).toBe(true);
    // in any order
    expect(await openWarningsMatch(h.db, ids, [...open].reverse())).toBe(true);
    // one org's own: the other orgs' warnings are not counted
    const one = open.filter((w) => w.orgId === orgs[0]);
    expect(await openWarningsMatch(h.db, [orgs[0]!], one)).toBe(true);
    expect(await openWarningsMatch(h.db, [orgs[0]!], open)).toBe(false);
    // a warning missing, one more, another level, other evidence, one more line of evidence, another order of it
    expect(await openWarningsMatch(h.db, ids, open.slice(1))).toBe(false);
    expect(
      await openWarningsMatch(h.db, ids, [...open, { ...open[0]!, indicator: 'too_many_members' }]),
    ).toBe(false);
    const other = (f: (w: (typeof open)[number]) => (typeof open)[number]) => [f(open[0]!), ...open.slice(1)];
    expect(
      await openWarningsMatch(
        h.db,
        ids,
        other((w) => ({ ...w, level: w.level === 'red' ? 'amber' : 'red' })),
      ),
    ).toBe(false);
    expect(
      await openWarningsMatch(
        h.db,
        ids,
        other((w) => ({ ...w, evidence: ['别的'] })),
      ),
    ).toBe(false);
    expect(
      await openWarningsMatch(
        h.db,
        ids,
        other((w) => ({ ...w, evidence: [...w.evidence, '又一条'] })),
      ),
    ).toBe(false);
    const many = open.find((w) => w.evidence.length > 1);
    if (many) {
      const swapped = open.map((w) => (w === many ? { ...w, evidence: [...w.evidence].reverse() } : w));
      expect(await openWarningsMatch(h.db, ids, swapped)).toBe(false);
    }
    // one warning named twice in place of another: as many as the open ones, each found one open — still not them
    expect(open.length).toBeGreaterThan(1);
    expect(await openWarningsMatch(h.db, ids, [open[0]!, ...open.slice(0, -1)])).toBe(false);
    // orgs with nothing open and nothing found; nothing asked
    const quiet = ids.filter((id) => !orgs.includes(id));
    expect(quiet.length).toBeGreaterThan(0);
    expect(await openWarningsMatch(h.db, quiet, [])).toBe(true);
    expect(await openWarningsMatch(h.db, [], [])).toBe(true);
    // a closed warning is not open
    await h.db.query('UPDATE org_warning SET closed_on = $2::date WHERE org_id = $1', [orgs[0], TODAY]);
    expect(await openWarningsMatch(h.db, ids, open)).toBe(false);
    expect(
      await openWarningsMatch(
        h.db,
        ids,
        open.filter((w) => w.orgId !== orgs[0]),
      ),
    ).toBe(true);
  });

  it('reads the life cells of a range only, with the same compliance items as all the cells', async () => {
    const ctx = h.ctx();
    await smallCounty(ctx);
    const ids = (await h.db.query<{ id: number }>('SELECT id FROM org ORDER BY id')).map((r) => r.id);
    const r = rng(14);
    const kinds = [...MEETING_KINDS.map((k) => k.code), 'heart_talk'];
    const bits = () => Math.floor(r() * (1 << 17)) & Math.floor(r() * (1 << 17));
    const rows: unknown[][] = [];
    for (const id of ids)
      for (const year of [2024, 2025, 2026])
        for (const type of kinds) if (r() < 0.6) rows.push([id, year, type, bits(), bits(), bits()]);
    for (const row of rows)
      await h.db.query(
        'INSERT INTO life_own (org_id, year, type, expected, held, pending) VALUES ($1, $2, $3, $4, $5, $6)',
        row,
      );
    const all = await ownCellsOf(h.db, ids);
    expect(all.length).toBe(rows.length);
    for (let i = 0; i < 12; i++) {
      const from: IsoDate = addDays('2024-01-01', Math.floor(r() * 900));
      const to = addDays(from, Math.floor(r() * 500));
      const range = cellRange(from, to);
      const some = await ownCellsIn(h.db, ids, range.masks);
      expect(some.length).toBeLessThanOrEqual(all.length);
      for (const id of ids)
        expect(
          itemsFromCells(
            some.filter((c) => c.orgId === id),
            range,
          ),
          `${from}–${to}`,
        ).toEqual(
          itemsFromCells(
            all.filter((c) => c.orgId === id),
            range,
          ),
        );
    }
  });
});
