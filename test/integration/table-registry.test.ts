/**
 * The table registry (src/shared/tables.ts) against the migrated database: the same tables, audit triggers on
 * exactly the tables it audits row by row, every column of an audited table named or hidden, the columns the
 * audit trigger strips declared unlogged, a backup order that respects the foreign keys, the harness's list, the
 * org each audited row is scoped by, and the audit history under domain field names.
 */
import { expect, it } from 'vitest';
import { describeDb, HARNESS_TABLES } from '../helpers/db.js';
import { member, smallCounty } from '../helpers/factory.js';
import {
  auditColumns,
  BACKUP_TABLES,
  MIGRATION_TABLE,
  ROW_AUDITED_TABLES,
  TABLES,
  TEST_EMPTIED_TABLES,
  tableSpec,
  type ScopeVia,
  type TableSpec,
} from '../../src/db/tables.js';
import { listAudit } from '../../src/services/audit.js';
import { updateMember } from '../../src/services/members.js';
import type { Db } from '../../src/db/client.js';

const sorted = (xs: Iterable<string>) => [...xs].sort();

/** What one list has that the other has not, for a readable failure. */
function drift(registry: Iterable<string>, database: Iterable<string>) {
  const r = new Set(registry);
  const d = new Set(database);
  return {
    notInRegistry: sorted([...d].filter((x) => !r.has(x))),
    notInDatabase: sorted([...r].filter((x) => !d.has(x))),
  };
}
const NO_DRIFT = { notInRegistry: [], notInDatabase: [] };

/** The columns a scope can be found by. */
const SCOPE_COLUMNS: Record<ScopeVia, string[]> = {
  path: ['path', 'org_path'],
  org_id: ['org_id'],
  member_id: ['member_id'],
  person: ['id'],
  none: [],
};

async function columnsByTable(db: Db): Promise<Map<string, string[]>> {
  const rows = await db.query<{ table_name: string; column_name: string }>(
    `SELECT c.table_name, c.column_name FROM information_schema.columns c
       JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
      WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE' AND c.table_name <> $1
      ORDER BY c.table_name, c.ordinal_position`,
    [MIGRATION_TABLE],
  );
  const out = new Map<string, string[]>();
  for (const r of rows) out.set(r.table_name, [...(out.get(r.table_name) ?? []), r.column_name]);
  return out;
}

describeDb('table registry', (h) => {
  it('names every table of the database, and only those', async () => {
    const tables = await h.db.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables
        WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> $1`,
      [MIGRATION_TABLE],
    );
    expect(
      drift(
        TABLES.map((t) => t.name),
        tables.map((t) => t.table_name),
      ),
    ).toEqual(NO_DRIFT);
    expect(new Set(TABLES.map((t) => t.name)).size).toBe(TABLES.length);
    for (const t of TABLES as readonly TableSpec[]) {
      expect(t.label, t.name).toMatch(/\p{Script=Han}/u);
      if (t.audit.mode === 'none') expect(t.audit.reason, t.name).not.toBe('');
    }
  });

  it('audits by trigger exactly the tables it says, after every insert, update and delete of a row', async () => {
    const triggers = await h.db.query<{ tbl: string; tgname: string; tgtype: number }>(
      `SELECT c.relname AS tbl, t.tgname, t.tgtype::int AS tgtype
         FROM pg_trigger t
         JOIN pg_class c ON c.oid = t.tgrelid
         JOIN pg_namespace n ON n.oid = c.relnamespace
         JOIN pg_proc p ON p.oid = t.tgfoid
        WHERE n.nspname = 'public' AND NOT t.tgisinternal AND p.proname = 'jiceng_audit_row'`,
    );
    expect(sorted(triggers.map((t) => t.tbl))).toEqual(sorted(ROW_AUDITED_TABLES));
    // tgtype bits: ROW 1, BEFORE 2, INSERT 4, DELETE 8, UPDATE 16, TRUNCATE 32, INSTEAD 64
    for (const t of triggers) expect(t.tgtype & 0b1111111, `${t.tbl}.${t.tgname}`).toBe(1 | 4 | 8 | 16);
  });

  it('has the column each table’s org is found by', async () => {
    const columns = await columnsByTable(h.db);
    for (const t of TABLES as readonly TableSpec[]) {
      const have = columns.get(t.name) ?? [];
      const ok = t.scope === 'none' || have.some((c) => SCOPE_COLUMNS[t.scope].includes(c));
      expect(ok, `${t.name}: scope by ${t.scope}`).toBe(true);
    }
  });

  it('names every column of an audited table as a domain field or declares it hidden', async () => {
    const columns = await columnsByTable(h.db);
    for (const table of ROW_AUDITED_TABLES) {
      const declared = auditColumns(table);
      expect(
        drift(
          declared.map(([c]) => c),
          columns.get(table) ?? [],
        ),
        table,
      ).toEqual(NO_DRIFT);
      const fields = declared.flatMap(([, what]) => (what ? [what.field] : []));
      expect(new Set(fields).size, `${table}: one field per column`).toBe(fields.length);
      for (const f of fields) expect(f, table).toMatch(/^[a-z][a-zA-Z0-9]*$/);
    }
  });

  it('declares unlogged exactly the columns the audit trigger strips', async () => {
    const [fn] = await h.db.query<{ src: string }>(
      `SELECT prosrc AS src FROM pg_proc WHERE proname = 'jiceng_audit_row'`,
    );
    const stripped = new Set([...fn!.src.matchAll(/-\s*'(\w+)'/g)].map((m) => m[1]!));
    expect(stripped.size).toBeGreaterThan(0);
    const columns = await columnsByTable(h.db);
    for (const table of ROW_AUDITED_TABLES) {
      const spec = tableSpec(table)!.audit;
      if (spec.mode !== 'row') continue;
      const unlogged = Object.entries(spec.columns)
        .filter(([, c]) => typeof c === 'object' && 'hidden' in c && c.hidden === 'unlogged')
        .map(([c]) => c);
      const strippedHere = (columns.get(table) ?? []).filter((c) => stripped.has(c));
      expect(sorted(unlogged), table).toEqual(sorted(strippedHere));
    }
  });

  it('backs up parents before children', async () => {
    const fks = await h.db.query<{ conname: string; child: string; parent: string }>(
      `SELECT c.conname, cl.relname AS child, pl.relname AS parent
         FROM pg_constraint c
         JOIN pg_class cl ON cl.oid = c.conrelid
         JOIN pg_class pl ON pl.oid = c.confrelid
         JOIN pg_namespace n ON n.oid = cl.relnamespace
        WHERE c.contype = 'f' AND n.nspname = 'public'`,
    );
    expect(fks.length).toBeGreaterThan(0);
    const order = BACKUP_TABLES as readonly string[];
    for (const fk of fks) {
      if (fk.child === fk.parent || !order.includes(fk.child)) continue;
      expect(
        order.indexOf(fk.parent),
        `${fk.conname}: ${fk.parent} before ${fk.child}`,
      ).toBeGreaterThanOrEqual(0);
      expect(order.indexOf(fk.parent), `${fk.conname}: ${fk.parent} before ${fk.child}`).toBeLessThan(
        order.indexOf(fk.child),
      );
    }
  });

  it('finds an audited row’s org the way the audit trigger does, and shows history under domain names', async () => {
    const ctx = h.ctx();
    await smallCounty(ctx);
    const m = await member(ctx, 'V11', '登记对象', { phone: '13800001111', address: '甲村一组十二号院' });
    await updateMember(ctx, m.id, { jobTitle: '村会计' });
    // the tables no service of the factory writes yet
    await h.db.exec(`
      INSERT INTO org_term (org_id, elected_on, term_years, term_ends_on) SELECT id, '2024-01-01', 5, '2029-01-01' FROM org WHERE code = 'V11';
      INSERT INTO committee_post (org_id, member_id, post, start_on) SELECT org_id, id, 'secretary', '2024-01-01' FROM member WHERE id = ${m.id};
      INSERT INTO member_record (member_id, kind, data) VALUES (${m.id}, 'training', '{"title":"党课"}');
      INSERT INTO app_user (username, display_name, password_hash, role, org_id) SELECT 'v11', '甲村书记', 'x', 'branch_secretary', id FROM org WHERE code = 'V12';
      INSERT INTO account_grant (user_id, org_id, actions, valid_from) SELECT u.id, o.id, ARRAY['read'], '2026-01-01' FROM app_user u, org o WHERE u.username = 'v11' AND o.code = 'V11';
      INSERT INTO user_session (token_hash, user_id, expires_at) SELECT 'h', id, now() FROM app_user WHERE username = 'v11';
      INSERT INTO local_setting (key, value, effective_from, note) VALUES ('termEndingSoonMonths', '3', '2026-01-01', '测试');
      INSERT INTO classification_synonym (field, raw, raw_key, code) VALUES ('occupation', '企事业管理', '企事业管理', 'manager');
      INSERT INTO meeting (org_id, kinds, held_on, topic) SELECT id, ARRAY['theme_day'], '2026-03-05', '主题党日' FROM org WHERE code = 'V12';
      INSERT INTO meeting_attendance (meeting_id, member_id, org_id, status, reason) SELECT mt.id, ${m.id}, mt.org_id, 'excused', '因病' FROM meeting mt;
      INSERT INTO meeting_visitor (meeting_id, member_id, org_id) SELECT mt.id, ${m.id}, mt.org_id FROM meeting mt;
      INSERT INTO meeting_vote (meeting_id, org_id, position, subject, yes, no, abstain, entitled, present_voters, outcome, reason) SELECT mt.id, mt.org_id, 1, '表决', 1, 0, 0, 1, 1, 'passed', '通过' FROM meeting mt;
      INSERT INTO member_appraisal (meeting_id, org_id, member_id, year, grade) SELECT mt.id, mt.org_id, ${m.id}, 2026, 'qualified' FROM meeting mt;
      INSERT INTO org_term_change (org_id, term_id, kind, due_on, approved_by, document_no, approved_on) SELECT org_id, id, 'postpone', '2029-06-01', '中共甲镇委员会', '甲组〔2028〕1号', '2028-12-01' FROM org_term;
      INSERT INTO election (org_id, held_on, method, entitled, present, candidates, valid, term_id) SELECT org_id, '2024-01-01', 'general_meeting', 5, 5, '[]'::jsonb, true, id FROM org_term;
      INSERT INTO heart_talk (org_id, held_on) SELECT id, '2026-03-05' FROM org WHERE code = 'V11';
      INSERT INTO heart_talk_party (talk_id, member_id, org_id) SELECT t.id, ${m.id}, t.org_id FROM heart_talk t;
      INSERT INTO party_group (org_id, name, created_on) SELECT id, '第一党小组', '2026-01-01' FROM org WHERE code = 'V11';
      INSERT INTO party_group_member (group_id, member_id, org_id, valid_from) SELECT g.id, ${m.id}, g.org_id, '2026-01-02' FROM party_group g;
      INSERT INTO dues_basis (member_id, category, base_fen, from_month) VALUES (${m.id}, 'salaried', 400000, '2026-01-01');
      INSERT INTO recruitment_case (person_id, org_id, status) SELECT ${m.personId}, id, 'applicant' FROM org WHERE code = 'V12';
      INSERT INTO recruitment_step (case_id, org_id, kind, taken_on, rules) SELECT c.id, c.org_id, 'apply', '2026-01-02', '2014' FROM recruitment_case c;
      INSERT INTO screening_observation (org_id, kind, observed_on, weak_type, note) SELECT id, 'observation', '2026-03-01', 3, '班子不团结' FROM org WHERE code = 'V12';
      INSERT INTO screening_confirmation (org_id, year, types, confirmed_on) SELECT id, 2026, '[3]'::jsonb, '2026-04-01' FROM org WHERE code = 'V12';
      INSERT INTO rectification_case (confirmation_id, org_id) SELECT id, org_id FROM screening_confirmation;
      INSERT INTO rectification_measure (case_id, org_id, content, responsible, due_on) SELECT id, org_id, '调整班子', '镇组织委员', '2026-06-30' FROM rectification_case;
      INSERT INTO rectification_progress (case_id, org_id, measure_id, noted_on, content) SELECT case_id, org_id, id, '2026-05-01', '已谈话' FROM rectification_measure;
      INSERT INTO rectification_acceptance (case_id, org_id, held_on, score, voters, dissatisfied, suggested, scheme, decision, deciders) SELECT id, org_id, '2026-07-01', 80, 15, 2, 'pass', '{}'::jsonb, 'passed', '验收组' FROM rectification_case;
      INSERT INTO dues_relief (member_id, kind, from_month, approved_by, approved_on) VALUES (${m.id}, 'exempt', '2026-01-01', '中共甲镇委员会', '2025-12-20');
      INSERT INTO dues_payment (member_id, org_id, from_month, to_month, amount_fen, paid_on, method) SELECT ${m.id}, id, '2026-01-01', '2026-01-01', 4000, '2026-01-05', 'cash' FROM org WHERE code = 'V12';
      INSERT INTO dues_remittance (org_id, month, remitted_on, amount_fen) SELECT id, '2026-01-01', '2026-01-20', 4000 FROM org WHERE code = 'V11';
      INSERT INTO transfer (member_id, kind, from_org_id, to_org_id, issued_on, valid_until, state) SELECT ${m.id}, 'internal', org_id, (SELECT id FROM org WHERE code = 'V21'), '2026-03-01', '2026-06-01', 'pending' FROM member WHERE id = ${m.id};
      INSERT INTO mobile_registration (member_id, since, place, contact) VALUES (${m.id}, '2026-02-01', '武汉', '13900002222');
      INSERT INTO member_contact (member_id, contacted_on) VALUES (${m.id}, '2026-03-01');
      INSERT INTO lost_contact (member_id, since) VALUES (${m.id}, '2026-04-01');
      INSERT INTO member_decision (member_id, kind, deciding_org_id, deciding_body, decided_on, effective_on) SELECT ${m.id}, 'decease', org_id, 'committee', '2026-05-01', '2026-05-01' FROM member WHERE id = ${m.id};
      INSERT INTO org_warning (org_id, indicator, level, since, opened_on) SELECT id, 'too_few_full', 'red', '2026-05-01', '2026-05-01' FROM org WHERE code = 'V11';
      INSERT INTO warning_explanation (warning_id, org_id, kind, note, explained_on) SELECT id, org_id, 'reason', '说明', '2026-05-02' FROM org_warning;
      INSERT INTO assessment_category (org_id, category, effective_from) SELECT id, 'trade', '2026-01-01' FROM org WHERE code = 'V11';
      INSERT INTO assessment_rating (org_id, item, month, score, note) SELECT id, 'development', '2026-03-01', 15, '评分' FROM org WHERE code = 'V11';
      INSERT INTO secretary_review (org_id, year, as_of, held_on) SELECT id, 2026, '2026-11-01', '2026-11-20' FROM org WHERE code = 'T1';
      INSERT INTO secretary_review_entry (review_id, org_id, member_id, report, grade) SELECT r.id, m.org_id, m.id, '述职报告', 'good' FROM secretary_review r, member m WHERE m.id = ${m.id};
      INSERT INTO sample_draw (org_id, period_from, period_to, kinds, size, seed, weighting, candidates, candidates_digest, drawn_by_name) SELECT id, '2026-01-01', '2026-06-30', '{dues_payment}', 1, 'ab', 'v1', 1, 'x', 'admin' FROM org WHERE code = 'C';
      INSERT INTO sample_item (draw_id, position, kind, record_id, org_id, weight, summary) SELECT d.id, 1, 'dues_payment', p.id, p.org_id, 1, '缴纳' FROM sample_draw d, dues_payment p;
      INSERT INTO sample_verification (item_id, kind, record_id, org_id, result, verifier, verified_on) SELECT id, kind, record_id, org_id, 'true', '核实人', '2026-07-01' FROM sample_item;
      INSERT INTO division_table (county_code, effective_from, source, townships, villages) VALUES ('421124', '2026-01-01', 'file:d.csv', 1, 1);
      INSERT INTO division_row (table_id, code, name, level, township_code) SELECT id, '421124100', '温泉镇', 'township', '421124100' FROM division_table;
      INSERT INTO division_row (table_id, code, name, level, township_code, urban_rural) SELECT id, '421124100201', '莲花村村民委员会', 'village', '421124100', '220' FROM division_table;
      DELETE FROM member_record WHERE member_id = ${m.id};`);

    const entries = await h.db.query<{
      entity: string;
      action: string;
      org_path: string | null;
      row: Record<string, unknown>;
    }>(
      `SELECT entity, action, org_path, coalesce(after, before) AS row FROM audit_log
        WHERE action IN ('insert', 'update', 'delete') ORDER BY id`,
    );
    const paths = new Map(
      (await h.db.query<{ id: number; path: string }>('SELECT id, path FROM org')).map((o) => [o.id, o.path]),
    );
    const memberOrg = new Map(
      (await h.db.query<{ id: number; org_id: number }>('SELECT id, org_id FROM member')).map((r) => [
        r.id,
        r.org_id,
      ]),
    );
    const personOrg = new Map(
      (await h.db.query<{ person_id: number; org_id: number }>('SELECT person_id, org_id FROM member')).map(
        (r) => [r.person_id, r.org_id],
      ),
    );
    expect(sorted(new Set(entries.map((e) => e.entity)))).toEqual(sorted(ROW_AUDITED_TABLES));
    for (const e of entries) {
      const via = tableSpec(e.entity)!.scope;
      const expected =
        via === 'path'
          ? e.row.path
          : via === 'org_id'
            ? paths.get(e.row.org_id as number)
            : via === 'member_id'
              ? paths.get(memberOrg.get(e.row.member_id as number)!)
              : via === 'person'
                ? paths.get(personOrg.get(e.row.id as number)!)
                : null;
      expect(e.org_path, `${e.action} ${e.entity} (${via})`).toBe(expected ?? null);
    }

    const page = await listAudit(ctx, { page: 1, pageSize: 200 });
    for (const item of page.items) {
      expect(item.entityLabel).toBe(tableSpec(item.entity)?.label ?? '其他');
      if (!['insert', 'update', 'delete'].includes(item.action)) continue;
      const known = new Set(auditColumns(item.entity).flatMap(([, w]) => (w ? [w.field] : [])));
      for (const v of [item.before, item.after]) {
        for (const k of Object.keys((v ?? {}) as object)) expect(known, `${item.entity}.${k}`).toContain(k);
      }
    }
    const text = JSON.stringify(page.items);
    expect(text).not.toContain('13800001111');
    expect(text).not.toContain('13900002222');
    expect(text).not.toContain('甲村一组十二号院');
    const [{ id_number: idNumber } = { id_number: '' }] = await h.db.query<{ id_number: string }>(
      'SELECT p.id_number FROM member m JOIN person p ON p.id = m.person_id WHERE m.id = $1',
      [m.id],
    );
    expect(idNumber).not.toBe('');
    expect(text).not.toContain(idNumber);
    // the job title and the phone are the person's (decision 0011)
    const update = page.items.find((e) => e.entity === 'person' && e.action === 'update');
    expect(update?.after).toMatchObject({ jobTitle: '村会计', phone: expect.stringMatching(/\*/) });
  });

  // after the test above wrote to nearly every table
  it('is what the test harness empties, and the harness empties it', async () => {
    expect(sorted(HARNESS_TABLES)).toEqual(sorted(TEST_EMPTIED_TABLES));
    expect(sorted(HARNESS_TABLES)).toEqual(sorted(TABLES.filter((t) => t.emptiedByTests).map((t) => t.name)));
    for (const table of HARNESS_TABLES) {
      const [c] = await h.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`);
      expect(c?.n, table).toBe(0);
    }
  });
});
