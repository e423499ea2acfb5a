/**
 * The roster's total from the maintained aggregates (decision 0021): today's subtree with no filter, a status or a
 * sex alone is counted from org_stat, every other query by counting rows — and both give the same number as a count
 * of the roster's rows, for every org of the tree, after creations, moves, confirmations and departures; a database
 * whose aggregates were never counted (no state row) is counted by its rows. On PGlite and PostgreSQL.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { describeDb } from '../helpers/db.js';
import { idNumber, member, smallCounty } from '../helpers/factory.js';
import { importMembers } from '../../src/services/imports.js';
import { plannerStatsMissing } from '../../src/db/planner-stats.js';
import { listMembers, recordMemberEvent, rosterFilter } from '../../src/services/members.js';
import { countRoster, rosterPage, rosterPageCounted } from '../../src/db/repositories/roster.js';
import { MemberListQuerySchema } from '../../src/shared/schemas.js';
import { EDUCATIONS } from '../../src/shared/codes.js';
import type { Ctx } from '../../src/services/context.js';

describeDb('roster totals from the aggregates', (h) => {
  const ORGS = ['C', 'T1', 'T2', 'V11', 'V12', 'V21', 'V22'];
  const QUERIES: Record<string, unknown>[] = [
    {},
    { status: 'full' },
    { status: 'probationary' },
    { sex: 'female' },
    { sex: 'male' },
    { status: 'full', sex: 'female' },
    { direct: 'true' },
    { q: '王' },
    // (an occupation or a whole education group alone: from their cells too, session 21; a single education code,
    // and either with a status: counted)
    { occupation: 'worker' },
    { occupation: 'farmer' },
    { education: 'bachelor' },
    { education: '71' },
    { education: '21' },
    { occupation: 'worker', status: 'full' },
  ];

  /** The roster's rows counted directly (what the totals must equal). */
  const rowCount = async (code: string, q: Record<string, unknown>) => {
    const [r] = await h.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM member m JOIN person p ON p.id = m.person_id JOIN org o ON o.id = m.org_id
        JOIN org x ON x.code = $1
        WHERE m.status IN ('full', 'probationary')
          AND (CASE WHEN $2::bool THEN m.org_id = x.id ELSE o.path LIKE x.path || '%' END)
          AND ($3::text IS NULL OR m.status = $3) AND ($4::text IS NULL OR p.sex = $4)
          AND ($5::text IS NULL OR p.name LIKE '%' || $5 || '%') AND ($6::text IS NULL OR p.occupation = $6)
          AND ($7::text[] IS NULL OR p.education = ANY($7::text[]))`,
      [
        code,
        q.direct === 'true',
        q.status ?? null,
        q.sex ?? null,
        q.q ?? null,
        q.occupation ?? null,
        q.education === undefined
          ? null
          : EDUCATIONS.filter((e) => e.group === q.education || e.code === q.education).map((e) => e.code),
      ],
    );
    return r!.n;
  };

  const checkAll = async (ctx: Ctx) => {
    let nonZero = 0;
    for (const code of ORGS)
      for (const q of QUERIES) {
        const want = await rowCount(code, q);
        const got = await listMembers(ctx, code, MemberListQuerySchema.parse({ ...q, pageSize: 500 }));
        expect({ code, q, total: got.total }).toEqual({ code, q, total: want });
        // the page agrees with the total
        expect(got.items.length).toBe(Math.min(want, 500));
        if (want > 0) nonZero++;
      }
    return nonZero;
  };

  it('equals a count of the rows for every org and filter, through creations, moves, confirmations and departures', async () => {
    const ctx = h.ctx();
    await smallCounty(ctx);
    const ids: number[] = [];
    const people: [
      string,
      string,
      Partial<{ status: 'probationary'; sex: 'female'; occupation: 'worker'; education: string }>,
    ][] = [
      ['V11', '王芳', { sex: 'female', occupation: 'worker', education: '21' }],
      ['V11', '王强', { education: '31' }],
      ['V12', '李娜', { sex: 'female', status: 'probationary', occupation: 'worker' }],
      ['V12', '张伟', { status: 'probationary', education: '21' }],
      ['V21', '王敏', { sex: 'female', occupation: 'worker', education: '23' }],
      ['V22', '刘洋', {}],
      ['V22', '陈静', { sex: 'female' }],
      ['V11', '赵磊', {}],
    ];
    for (const [code, name, extra] of people) {
      const birth = extra.sex === 'female' ? '1982-03-04' : '1975-08-09';
      const probation = extra.status === 'probationary' ? { joinedOn: '2025-09-01', confirmedOn: null } : {};
      ids.push((await member(ctx, code, name, { ...extra, ...probation, birth } as never)).id);
    }
    expect(await checkAll(ctx)).toBeGreaterThan(30);
    // a move between townships, a confirmation, a departure and a death
    await recordMemberEvent(ctx, ids[0]!, { kind: 'move', orgCode: 'V21', effectiveOn: '2026-10-01' });
    await recordMemberEvent(ctx, ids[2]!, { kind: 'confirm', effectiveOn: '2026-10-02' });
    await recordMemberEvent(ctx, ids[5]!, { kind: 'transfer_out', effectiveOn: '2026-10-03', note: '外县' });
    await recordMemberEvent(ctx, ids[7]!, { kind: 'decease', effectiveOn: '2026-10-04' });
    expect(await checkAll(ctx)).toBeGreaterThan(25);
    // a page in name order found from the subtree's orgs is the page the name index gives, row for row
    for (const code of ORGS)
      for (const q of [{}, { sex: 'female' }, { q: 'wang' }])
        for (const [limit, offset] of [
          [3, 0],
          [2, 2],
          [50, 0],
        ] as const) {
          const { filter } = await rosterFilter(ctx, code, MemberListQuerySchema.parse(q));
          const walk = await rosterPage(h.db, filter, 'name', limit, offset, { byOrg: false });
          const fromOrgs = await rosterPage(h.db, filter, 'name', limit, offset, { byOrg: true });
          expect(fromOrgs.map((r) => r.id)).toEqual(walk.map((r) => r.id));
          // the same page counted in the same pass: the same rows, whole, and the roster's total
          const counted = await rosterPageCounted(h.db, filter, limit, offset);
          expect(counted.rows).toEqual(fromOrgs);
          expect(counted.total).toBe(walk.length ? await countRoster(h.db, filter) : null);
        }
    // a page past the end still tells the total
    const past = await listMembers(
      ctx,
      'C',
      MemberListQuerySchema.parse({ q: '王', page: '50', pageSize: '20' }),
    );
    expect({ items: past.items.length, total: past.total }).toEqual({
      items: 0,
      total: await rowCount('C', { q: '王' }),
    });
  });

  it('counts the rows when the aggregates were never counted (no aggregate state)', async () => {
    const ctx = h.ctx();
    await smallCounty(ctx);
    await member(ctx, 'V11', '王芳', { sex: 'female', birth: '1980-01-02' });
    await member(ctx, 'V12', '王强');
    // a database as an older version left it: no aggregate state, no cells
    await h.db.exec('DELETE FROM org_stat; DELETE FROM org_stat_state');
    const total = async (q: Record<string, unknown>) =>
      (await listMembers(ctx, 'C', MemberListQuerySchema.parse(q))).total;
    expect(await total({})).toBe(2);
    expect(await total({ sex: 'female' })).toBe(1);
    expect(await total({ status: 'full' })).toBe(2);
  });

  it('on PGlite, analyses the member tables after an import (no autovacuum there)', async () => {
    if (h.engine !== 'pglite') return;
    const ctx = h.ctx();
    await smallCounty(ctx);
    // statistics as a folder that was never analysed has them: none
    await h.db.exec(
      "DELETE FROM pg_statistic WHERE starelid IN ('member'::regclass, 'person'::regclass, 'org'::regclass)",
    );
    await member(ctx, 'V11', '王芳');
    expect(await plannerStatsMissing(h.db)).toBe(true);
    const file = join(mkdtempSync(join(tmpdir(), 'jiceng-roster-')), 'members.csv');
    writeFileSync(
      file,
      [
        '所在党组织编码,姓名,身份证号,性别,民族,学历,职业,人员类别,入党日期,转正日期',
        // (enough rows against the tables' size: a handful of rows is not worth an ANALYZE)
        ...Array.from(
          { length: 60 },
          (_, i) =>
            `V12,李${i},${idNumber(`1980-02-${String((i % 28) + 1).padStart(2, '0')}`, 'male', '430102')},男,汉族,本科,农民,正式党员,2001-07-01,2002-07-01`,
        ),
      ].join('\n'),
    );
    expect((await importMembers(ctx, { path: file })).inserted).toBe(60);
    expect(await plannerStatsMissing(h.db)).toBe(false);
    const [r] = await h.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM pg_stats WHERE tablename = 'member' AND schemaname = current_schema()",
    );
    expect(r!.n).toBeGreaterThan(0);
  });
});
