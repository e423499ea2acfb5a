/**
 * The table registry: one entry for every table of `src/db/schema.ts`, saying how the rest of the system treats it
 * — whether a trigger audits its rows (and if not, why), how the org a row belongs to is found for scoped
 * browsing, where it comes in a backup, whether the test harness empties it, its Chinese name on the audit page,
 * and, for audited tables, which domain field (camelCase, as the API names it) every column is, which of them are
 * sensitive and which are bookkeeping.
 *
 * Plain data and tiny pure helpers, nothing else: the web reads the labels and field names from here, the server
 * re-exports it from `src/db/tables.ts`. `test/integration/table-registry.test.ts` compares it with the migrated
 * database (tables, audit triggers, columns, foreign keys), so a table or column added without an entry here
 * fails the tests.
 */

import { memberAuditColumns } from './member-fields.js';

/** How a sensitive value is masked when the audit history is shown. */
export type SensitiveKind = 'idNumber' | 'phone' | 'address';

/** A column that is part of a record's history, under its domain name. */
export interface FieldColumn {
  field: string;
  sensitive?: SensitiveKind;
}

/**
 * A column that is not shown as history: `bookkeeping` columns are in the audit payload but mean nothing to a
 * reader (ids, derived search keys, materialised paths, timestamps the entry has anyway); `unlogged` columns are
 * never in it — the audit trigger (`jiceng_audit_row`, migration 0001) strips them (secrets, counters, versions).
 */
export interface HiddenColumn {
  hidden: 'bookkeeping' | 'unlogged';
}

/** A domain field name (the common case), a sensitive field, or a hidden column. */
export type ColumnSpec = string | FieldColumn | HiddenColumn;

const HIDDEN: HiddenColumn = { hidden: 'bookkeeping' };
const UNLOGGED: HiddenColumn = { hidden: 'unlogged' };
const sensitive = (field: string, kind: SensitiveKind): FieldColumn => ({ field, sensitive: kind });

export type AuditMode =
  /** every insert, update and delete appends an entry (the `<table>_audit` trigger of migration 0001) */
  | { mode: 'row'; columns: Readonly<Record<string, ColumnSpec>> }
  /** not audited row by row, and why */
  | { mode: 'none'; reason: string };

/**
 * How the org a row belongs to is found, for scoped browsing (the audit entry's `org_path`):
 * `path` — the row carries the materialised path itself (`org.path`; `audit_log.org_path`);
 * `org_id` — the path of the org in its `org_id` column;
 * `member_id` — the path of the org of the member in its `member_id` column;
 * `person` — the path of the org of the person's current membership, else their latest one (a person row);
 * `none` — the row belongs to no org.
 */
export type ScopeVia = 'path' | 'org_id' | 'member_id' | 'person' | 'none';

export interface TableSpec {
  name: string;
  /** what the table holds, in Chinese, as the audit page names it */
  label: string;
  audit: AuditMode;
  scope: ScopeVia;
  /**
   * Whether `jiceng backup` writes the table's rows (and restore loads them), in registry order. Derived tables
   * are backed up as they are, so a restore needs no rebuild.
   */
  backup: boolean;
  /** for aggregates kept by every write: what they are derived from (they could be rebuilt from it) */
  derivedFrom?: string;
  /** whether the test harness (`test/helpers/db.ts`) empties the table before every test */
  emptiedByTests: boolean;
}

/**
 * Every table, in backup order: a table comes after every table its foreign keys point at (the registry test
 * checks it against `pg_constraint`).
 */
export const TABLES = [
  {
    name: 'org',
    label: '党组织',
    scope: 'path',
    backup: true,
    emptiedByTests: true,
    audit: {
      mode: 'row',
      columns: {
        id: HIDDEN,
        code: 'code',
        name: 'name',
        // the name's pinyin search keys, derived from it (decision 0014)
        name_initials: HIDDEN,
        name_syllables: HIDDEN,
        short_name: 'shortName',
        kind: 'kind',
        sector: 'sector',
        parent_id: 'parentId',
        path: HIDDEN,
        depth: HIDDEN,
        division_code: 'divisionCode',
        founded_on: 'foundedOn',
        status: 'status',
        dissolved_on: 'dissolvedOn',
        // masked as the history has always masked addresses; the office phone is not personal
        address: sensitive('address', 'address'),
        contact_phone: 'contactPhone',
        sort_order: HIDDEN,
        row_version: UNLOGGED,
        created_at: HIDDEN,
        updated_at: UNLOGGED,
      },
    },
  },
  {
    name: 'org_version',
    label: '组织历史',
    scope: 'org_id',
    backup: true,
    emptiedByTests: true,
    audit: {
      mode: 'row',
      columns: {
        id: HIDDEN,
        org_id: 'orgId',
        valid_from: 'validFrom',
        valid_to: 'validTo',
        parent_id: 'parentId',
        name: 'name',
        kind: 'kind',
        sector: 'sector',
      },
    },
  },
  {
    name: 'org_event',
    label: '组织变动',
    scope: 'org_id',
    backup: true,
    emptiedByTests: true,
    audit: {
      mode: 'row',
      columns: {
        id: HIDDEN,
        org_id: 'orgId',
        kind: 'kind',
        effective_on: 'effectiveOn',
        data: 'data',
        recorded_at: HIDDEN,
        recorded_by: HIDDEN,
      },
    },
  },
  {
    name: 'org_term',
    label: '换届',
    scope: 'org_id',
    backup: true,
    emptiedByTests: true,
    audit: {
      mode: 'row',
      columns: {
        id: HIDDEN,
        org_id: 'orgId',
        elected_on: 'electedOn',
        term_years: 'termYears',
        term_ends_on: 'termEndsOn',
        note: 'note',
        created_at: HIDDEN,
      },
    },
  },
  {
    name: 'org_term_change',
    label: '延期或提前换届',
    scope: 'org_id',
    backup: true,
    emptiedByTests: true,
    audit: {
      mode: 'row',
      columns: {
        id: HIDDEN,
        org_id: 'orgId',
        term_id: 'termId',
        kind: 'kind',
        due_on: 'dueOn',
        approved_by: 'approvedBy',
        document_no: 'documentNo',
        approved_on: 'approvedOn',
        note: 'note',
        created_by: HIDDEN,
        created_at: HIDDEN,
      },
    },
  },
  {
    name: 'election',
    label: '换届选举',
    scope: 'org_id',
    backup: true,
    emptiedByTests: true,
    audit: {
      mode: 'row',
      columns: {
        id: HIDDEN,
        org_id: 'orgId',
        held_on: 'heldOn',
        method: 'method',
        entitled: 'entitled',
        present: 'present',
        candidates: 'candidates',
        valid: 'valid',
        term_id: 'termId',
        note: 'note',
        created_by: HIDDEN,
        created_at: HIDDEN,
      },
    },
  },
  {
    name: 'person',
    label: '人员',
    // the org of the person's current membership, else of their latest one (the audit trigger, migration 0007); a
    // person with no membership yet (an applicant) belongs to no org: their entries are seen by deployment-wide
    // readers only, until the recruitment case of issue 13 gives them one (decision 0011)
    scope: 'person',
    backup: true,
    emptiedByTests: true,
    audit: {
      mode: 'row',
      // from the member-column registry (src/shared/member-fields.ts): the fields that live in the person table
      columns: memberAuditColumns('person'),
    },
  },
  {
    name: 'member',
    label: '党员',
    scope: 'org_id',
    backup: true,
    emptiedByTests: true,
    audit: {
      mode: 'row',
      // from the member-column registry (src/shared/member-fields.ts): the fields that live in the member table; and
      // the person's roster keys kept on the membership (decision 0049), the person's history, not the membership's
      columns: {
        ...memberAuditColumns('member'),
        roster_name: HIDDEN,
        roster_sex: HIDDEN,
        roster_birth: HIDDEN,
        // and its org's ancestors (decision 0051): the org's history, not the membership's
        roster_anc0: HIDDEN,
        roster_anc1: HIDDEN,
        roster_anc2: HIDDEN,
        roster_anc3: HIDDEN,
      },
    },
  },
  {
    name: 'committee_post',
    label: '班子成员',
    scope: 'org_id',
    backup: true,
    emptiedByTests: true,
    audit: {
      mode: 'row',
      columns: {
        id: HIDDEN,
        org_id: 'orgId',
        member_id: 'memberId',
        post: 'post',
        title: 'title',
        start_on: 'startOn',
        end_on: 'endOn',
      },
    },
  },
  {
    name: 'member_period',
    label: '党员组织关系期间',
    scope: 'org_id',
    backup: true,
    emptiedByTests: true,
    audit: {
      mode: 'row',
      columns: {
        id: HIDDEN,
        member_id: 'memberId',
        org_id: 'orgId',
        status: 'status',
        valid_from: 'validFrom',
        valid_to: 'validTo',
      },
    },
  },
  {
    name: 'member_event',
    label: '党员变动',
    scope: 'member_id',
    backup: true,
    emptiedByTests: true,
    audit: {
      mode: 'row',
      columns: {
        id: HIDDEN,
        member_id: 'memberId',
        kind: 'kind',
        effective_on: 'effectiveOn',
        data: 'data',
        recorded_at: HIDDEN,
        recorded_by: HIDDEN,
      },
    },
  },
  {
    name: 'member_record',
    label: '党员信息集',
    scope: 'member_id',
    backup: true,
    emptiedByTests: true,
    audit: {
      mode: 'row',
      columns: {
        id: HIDDEN,
        member_id: 'memberId',
        kind: 'kind',
        start_on: 'startOn',
        end_on: 'endOn',
        data: 'data',
        created_at: HIDDEN,
      },
    },
  },
  {
    name: 'party_group',
    label: '党小组',
    scope: 'org_id',
    backup: true,
    emptiedByTests: true,
    audit: {
      mode: 'row',
      columns: {
        id: HIDDEN,
        org_id: 'orgId',
        name: 'name',
        leader_member_id: 'leaderMemberId',
        created_on: 'createdOn',
        dissolved_on: 'dissolvedOn',
        row_version: UNLOGGED,
        created_at: HIDDEN,
        updated_at: UNLOGGED,
      },
    },
  },
  {
    name: 'party_group_member',
    label: '党小组成员',
    // the group's branch (the row repeats it)
    scope: 'org_id',
    backup: true,
    emptiedByTests: true,
    audit: {
      mode: 'row',
      columns: {
        id: HIDDEN,
        group_id: 'groupId',
        member_id: 'memberId',
        org_id: HIDDEN,
        valid_from: 'validFrom',
        valid_to: 'validTo',
      },
    },
  },
  {
    name: 'meeting',
    label: '会议记录',
    scope: 'org_id',
    backup: true,
    emptiedByTests: true,
    audit: {
      mode: 'row',
      columns: {
        id: HIDDEN,
        org_id: 'orgId',
        kinds: 'kinds',
        held_on: 'heldOn',
        starts_at: 'startsAt',
        place: 'place',
        topic: 'topic',
        host: 'host',
        recorder: 'recorder',
        lecturer: 'lecturer',
        minutes: 'minutes',
        resolutions: 'resolutions',
        guests: 'guests',
        party_group_id: 'partyGroupId',
        // the entry's actor says who recorded it
        created_by: HIDDEN,
        row_version: UNLOGGED,
        created_at: HIDDEN,
        updated_at: UNLOGGED,
      },
    },
  },
  {
    name: 'meeting_attendance',
    label: '会议出席',
    // the meeting's org (the row repeats it), not the member's org today
    scope: 'org_id',
    backup: true,
    emptiedByTests: true,
    audit: {
      mode: 'row',
      columns: {
        id: HIDDEN,
        meeting_id: 'meetingId',
        member_id: 'memberId',
        org_id: HIDDEN,
        status: 'status',
        reason: 'reason',
      },
    },
  },
  {
    name: 'meeting_visitor',
    label: '流入党员参会',
    // the meeting's (host) org; the member's own org may be outside the reader's scope
    scope: 'org_id',
    backup: true,
    emptiedByTests: true,
    audit: {
      mode: 'row',
      columns: {
        id: HIDDEN,
        meeting_id: 'meetingId',
        member_id: 'memberId',
        org_id: HIDDEN,
      },
    },
  },
  {
    name: 'meeting_vote',
    label: '会议表决',
    // the meeting's org (the row repeats it)
    scope: 'org_id',
    backup: true,
    emptiedByTests: true,
    audit: {
      mode: 'row',
      columns: {
        id: HIDDEN,
        meeting_id: 'meetingId',
        org_id: HIDDEN,
        position: HIDDEN,
        subject: 'subject',
        yes: 'yes',
        no: 'no',
        abstain: 'abstain',
        entitled: 'entitled',
        present_voters: 'presentVoters',
        outcome: 'outcome',
        reason: 'reason',
      },
    },
  },
  {
    name: 'dues_basis',
    label: '党费基数',
    scope: 'member_id',
    backup: true,
    emptiedByTests: true,
    audit: {
      mode: 'row',
      columns: {
        id: HIDDEN,
        member_id: 'memberId',
        category: 'category',
        base_fen: 'baseFen',
        from_month: 'fromMonth',
        note: 'note',
        created_by: HIDDEN,
        created_at: HIDDEN,
      },
    },
  },
  {
    name: 'dues_relief',
    label: '党费少交免交',
    scope: 'member_id',
    backup: true,
    emptiedByTests: true,
    audit: {
      mode: 'row',
      columns: {
        id: HIDDEN,
        member_id: 'memberId',
        kind: 'kind',
        monthly_fen: 'monthlyFen',
        from_month: 'fromMonth',
        to_month: 'toMonth',
        approved_by: 'approvedBy',
        approved_on: 'approvedOn',
        reason: 'reason',
        created_by: HIDDEN,
        created_at: HIDDEN,
      },
    },
  },
  {
    name: 'dues_payment',
    label: '党费缴纳',
    // the org that collected it (the member's org on the day it was recorded)
    scope: 'org_id',
    backup: true,
    emptiedByTests: true,
    audit: {
      mode: 'row',
      columns: {
        id: HIDDEN,
        member_id: 'memberId',
        org_id: 'orgId',
        from_month: 'fromMonth',
        to_month: 'toMonth',
        amount_fen: 'amountFen',
        voluntary_fen: 'voluntaryFen',
        paid_on: 'paidOn',
        method: 'method',
        channel: 'channel',
        paid_by: 'paidBy',
        note: 'note',
        created_by: HIDDEN,
        created_at: HIDDEN,
      },
    },
  },
  {
    name: 'dues_remittance',
    label: '党费上缴',
    scope: 'org_id',
    backup: true,
    emptiedByTests: true,
    audit: {
      mode: 'row',
      columns: {
        id: HIDDEN,
        org_id: 'orgId',
        month: 'month',
        remitted_on: 'remittedOn',
        amount_fen: 'amountFen',
        note: 'note',
        created_by: HIDDEN,
        created_at: HIDDEN,
      },
    },
  },
  {
    name: 'recruitment_case',
    label: '发展党员',
    scope: 'org_id',
    backup: true,
    emptiedByTests: true,
    audit: {
      mode: 'row',
      columns: {
        id: HIDDEN,
        person_id: 'personId',
        org_id: 'orgId',
        status: 'status',
        member_id: 'memberId',
        closed_on: 'closedOn',
        close_reason: 'closeReason',
        // the entry's actor says who opened it
        created_by: HIDDEN,
        created_at: HIDDEN,
      },
    },
  },
  {
    name: 'recruitment_step',
    label: '发展党员步骤',
    // the case's org (the row repeats it)
    scope: 'org_id',
    backup: true,
    emptiedByTests: true,
    audit: {
      mode: 'row',
      columns: {
        id: HIDDEN,
        case_id: 'caseId',
        org_id: HIDDEN,
        kind: 'kind',
        taken_on: 'takenOn',
        data: 'data',
        rules: 'rules',
        warnings: 'warnings',
        recorded_by: HIDDEN,
        created_at: HIDDEN,
      },
    },
  },
  {
    name: 'recruitment_roll',
    label: '发展党员汇总（含下级）',
    scope: 'org_id',
    backup: true,
    derivedFrom: 'recruitment_case of the subtree (decision 0042)',
    emptiedByTests: true,
    audit: { mode: 'none', reason: 'rollup kept by triggers on the audited cases (decision 0042)' },
  },
  {
    name: 'recruitment_due',
    label: '发展党员下一步期限',
    scope: 'none',
    // derived: a restore's COPY of the cases gives every case a row marked due at once (migration 0045), so a
    // restored database judges its cases live until the daily job recruitment.due has judged them again
    backup: false,
    derivedFrom: 'recruitment_step of the case, judged by the rule sets in force (decision 0050)',
    emptiedByTests: true,
    audit: {
      mode: 'none',
      reason: 'a bound derived from the audited steps, marked due at once when they change (decision 0050)',
    },
  },
  {
    name: 'screening_observation',
    label: '软弱涣散排查记录',
    scope: 'org_id',
    backup: true,
    emptiedByTests: true,
    audit: {
      mode: 'row',
      columns: {
        id: HIDDEN,
        org_id: 'orgId',
        kind: 'kind',
        observed_on: 'observedOn',
        weak_type: 'weakType',
        count: 'count',
        respondents: 'respondents',
        satisfied: 'satisfied',
        note: 'note',
        recorded_by: HIDDEN,
        created_at: HIDDEN,
      },
    },
  },
  {
    name: 'screening_confirmation',
    label: '软弱涣散认定',
    scope: 'org_id',
    backup: true,
    emptiedByTests: true,
    audit: {
      mode: 'row',
      columns: {
        id: HIDDEN,
        org_id: 'orgId',
        year: 'year',
        types: 'types',
        reason: 'reason',
        problems: 'problems',
        confirmed_on: 'confirmedOn',
        source: 'source',
        confirmed_by: HIDDEN,
        created_at: HIDDEN,
      },
    },
  },
  {
    name: 'rectification_case',
    label: '整顿方案（一村一策）',
    scope: 'org_id',
    backup: true,
    emptiedByTests: true,
    audit: {
      mode: 'row',
      columns: {
        id: HIDDEN,
        confirmation_id: 'confirmationId',
        org_id: 'orgId',
        problems: 'problems',
        liaison_leader: 'liaisonLeader',
        pairing_unit: 'pairingUnit',
        first_secretary: 'firstSecretary',
        first_secretary_unit: 'firstSecretaryUnit',
        first_secretary_from: 'firstSecretaryFrom',
        first_secretary_to: 'firstSecretaryTo',
        resident_cadres: 'residentCadres',
        closed_on: 'closedOn',
        watch_until: 'watchUntil',
        relapsed_on: 'relapsedOn',
        relapse_note: 'relapseNote',
        created_by: HIDDEN,
        created_at: HIDDEN,
      },
    },
  },
  {
    name: 'rectification_measure',
    label: '整顿措施',
    scope: 'org_id',
    backup: true,
    emptiedByTests: true,
    audit: {
      mode: 'row',
      columns: {
        id: HIDDEN,
        case_id: 'caseId',
        org_id: HIDDEN,
        content: 'content',
        responsible: 'responsible',
        due_on: 'dueOn',
        done_on: 'doneOn',
        created_by: HIDDEN,
        created_at: HIDDEN,
      },
    },
  },
  {
    name: 'rectification_progress',
    label: '整顿进展',
    scope: 'org_id',
    backup: true,
    emptiedByTests: true,
    audit: {
      mode: 'row',
      columns: {
        id: HIDDEN,
        case_id: 'caseId',
        org_id: HIDDEN,
        measure_id: 'measureId',
        noted_on: 'notedOn',
        content: 'content',
        recorded_by: HIDDEN,
        created_at: HIDDEN,
      },
    },
  },
  {
    name: 'rectification_acceptance',
    label: '整顿验收',
    scope: 'org_id',
    backup: true,
    emptiedByTests: true,
    audit: {
      mode: 'row',
      columns: {
        id: HIDDEN,
        case_id: 'caseId',
        org_id: HIDDEN,
        held_on: 'heldOn',
        score: 'score',
        voters: 'voters',
        dissatisfied: 'dissatisfied',
        suggested: 'suggested',
        scheme: 'scheme',
        decision: 'decision',
        deciders: 'deciders',
        note: 'note',
        recorded_by: HIDDEN,
        created_at: HIDDEN,
      },
    },
  },
  {
    name: 'assessment_category',
    label: '考核类别',
    scope: 'org_id',
    backup: true,
    emptiedByTests: true,
    audit: {
      mode: 'row',
      columns: {
        id: HIDDEN,
        org_id: 'orgId',
        category: 'category',
        effective_from: 'effectiveFrom',
        note: 'note',
        recorded_by: HIDDEN,
        created_at: HIDDEN,
      },
    },
  },
  {
    name: 'assessment_rating',
    label: '考核评分',
    scope: 'org_id',
    backup: true,
    emptiedByTests: true,
    audit: {
      mode: 'row',
      columns: {
        id: HIDDEN,
        org_id: 'orgId',
        item: 'item',
        month: 'month',
        score: 'score',
        note: 'note',
        recorded_by: HIDDEN,
        created_at: HIDDEN,
      },
    },
  },
  {
    name: 'sample_draw',
    label: '抽查抽取',
    scope: 'org_id',
    backup: true,
    emptiedByTests: true,
    audit: {
      mode: 'row',
      columns: {
        id: HIDDEN,
        org_id: 'orgId',
        period_from: 'periodFrom',
        period_to: 'periodTo',
        kinds: 'kinds',
        size: 'size',
        seed: 'seed',
        weighting: 'weighting',
        candidates: 'candidates',
        candidates_digest: 'candidatesDigest',
        drawn_by: HIDDEN,
        drawn_by_name: 'drawnByName',
        created_at: HIDDEN,
      },
    },
  },
  {
    name: 'sample_item',
    label: '抽查记录',
    scope: 'org_id',
    backup: true,
    emptiedByTests: true,
    audit: {
      mode: 'row',
      columns: {
        id: HIDDEN,
        draw_id: 'drawId',
        position: 'position',
        kind: 'kind',
        record_id: 'recordId',
        org_id: 'orgId',
        weight: 'weight',
        signals: 'signals',
        summary: 'summary',
      },
    },
  },
  {
    name: 'sample_verification',
    label: '抽查核实',
    scope: 'org_id',
    backup: true,
    emptiedByTests: true,
    audit: {
      mode: 'row',
      columns: {
        id: HIDDEN,
        item_id: 'itemId',
        kind: 'kind',
        record_id: 'recordId',
        org_id: 'orgId',
        result: 'result',
        note: 'note',
        verifier: 'verifier',
        verified_on: 'verifiedOn',
        recorded_by: HIDDEN,
        created_at: HIDDEN,
      },
    },
  },
  {
    name: 'record_mark',
    label: '记录核实标记',
    scope: 'org_id',
    backup: true,
    derivedFrom: 'the latest sample_verification of each record (decision 0038)',
    emptiedByTests: true,
    audit: { mode: 'none', reason: 'derived from the audited verifications (decision 0038)' },
  },
  {
    name: 'heart_talk',
    label: '谈心谈话',
    scope: 'org_id',
    backup: true,
    emptiedByTests: true,
    audit: {
      mode: 'row',
      columns: {
        id: HIDDEN,
        org_id: 'orgId',
        held_on: 'heldOn',
        note: 'note',
        // the entry's actor says who recorded it
        created_by: HIDDEN,
        created_at: HIDDEN,
      },
    },
  },
  {
    name: 'heart_talk_party',
    label: '谈心谈话人员',
    // the talk's org (the row repeats it)
    scope: 'org_id',
    backup: true,
    emptiedByTests: true,
    audit: {
      mode: 'row',
      columns: { id: HIDDEN, talk_id: 'talkId', member_id: 'memberId', org_id: HIDDEN },
    },
  },
  {
    name: 'transfer',
    label: '组织关系转接',
    // the member's org (the sending org until acceptance, the receiving one after)
    scope: 'member_id',
    backup: true,
    emptiedByTests: true,
    audit: {
      mode: 'row',
      columns: {
        id: HIDDEN,
        member_id: 'memberId',
        kind: 'kind',
        from_org_id: 'fromOrgId',
        to_org_id: 'toOrgId',
        external_org: 'externalOrg',
        letter_no: 'letterNo',
        issued_on: 'issuedOn',
        valid_until: 'validUntil',
        state: 'state',
        decided_on: 'decidedOn',
        reason: 'reason',
        note: 'note',
        created_by: HIDDEN,
        decided_by: HIDDEN,
        created_at: HIDDEN,
      },
    },
  },
  {
    name: 'mobile_registration',
    label: '流动党员外出登记',
    scope: 'member_id',
    backup: true,
    emptiedByTests: true,
    audit: {
      mode: 'row',
      columns: {
        id: HIDDEN,
        member_id: 'memberId',
        since: 'since',
        ended_on: 'endedOn',
        place: 'place',
        fixed_place: 'fixedPlace',
        abroad: 'abroad',
        // a phone number or an address, as the branch wrote it
        contact: sensitive('contact', 'phone'),
        host_org_id: 'hostOrgId',
        host_org_name: 'hostOrgName',
        note: 'note',
        created_by: HIDDEN,
        created_at: HIDDEN,
      },
    },
  },
  {
    name: 'member_contact',
    label: '党员联系记录',
    scope: 'member_id',
    backup: true,
    emptiedByTests: true,
    audit: {
      mode: 'row',
      columns: {
        id: HIDDEN,
        member_id: 'memberId',
        contacted_on: 'contactedOn',
        note: 'note',
        created_by: HIDDEN,
        created_at: HIDDEN,
      },
    },
  },
  {
    name: 'lost_contact',
    label: '失联党员登记',
    scope: 'member_id',
    backup: true,
    emptiedByTests: true,
    audit: {
      mode: 'row',
      columns: {
        id: HIDDEN,
        member_id: 'memberId',
        since: 'since',
        found_on: 'foundOn',
        note: 'note',
        created_by: HIDDEN,
        created_at: HIDDEN,
      },
    },
  },
  {
    name: 'member_decision',
    label: '党籍处置决定',
    scope: 'member_id',
    backup: true,
    emptiedByTests: true,
    audit: {
      mode: 'row',
      columns: {
        id: HIDDEN,
        member_id: 'memberId',
        kind: 'kind',
        grounds: 'grounds',
        deciding_org_id: 'decidingOrgId',
        deciding_body: 'decidingBody',
        decided_on: 'decidedOn',
        approving_org_id: 'approvingOrgId',
        approved_on: 'approvedOn',
        effective_on: 'effectiveOn',
        document_no: 'documentNo',
        reason: 'reason',
        state: 'state',
        refused_on: 'refusedOn',
        refusal_reason: 'refusalReason',
        answered_by: HIDDEN,
        event_id: HIDDEN,
        created_by: HIDDEN,
        created_at: HIDDEN,
      },
    },
  },
  {
    name: 'member_appraisal',
    label: '民主评议党员',
    // the appraisal meeting's org (the row repeats it)
    scope: 'org_id',
    backup: true,
    emptiedByTests: true,
    audit: {
      mode: 'row',
      columns: {
        id: HIDDEN,
        meeting_id: 'meetingId',
        org_id: HIDDEN,
        member_id: 'memberId',
        year: 'year',
        grade: 'grade',
        follow_up: 'followUp',
        follow_up_on: 'followUpOn',
        follow_up_until: 'followUpUntil',
        follow_up_note: 'followUpNote',
        created_by: HIDDEN,
        created_at: HIDDEN,
      },
    },
  },
  {
    name: 'secretary_review',
    label: '书记述职评议',
    // the committee that runs the round
    scope: 'org_id',
    backup: true,
    emptiedByTests: true,
    audit: {
      mode: 'row',
      columns: {
        id: HIDDEN,
        org_id: 'orgId',
        year: 'year',
        as_of: 'asOf',
        held_on: 'heldOn',
        participants: 'participants',
        note: 'note',
        created_by: HIDDEN,
        created_at: HIDDEN,
      },
    },
  },
  {
    name: 'secretary_review_entry',
    label: '书记述职评议结果',
    // the org whose secretary reported
    scope: 'org_id',
    backup: true,
    emptiedByTests: true,
    audit: {
      mode: 'row',
      columns: {
        id: HIDDEN,
        review_id: 'reviewId',
        org_id: 'orgId',
        member_id: 'memberId',
        report: 'report',
        votes_good: 'votesGood',
        votes_fairly_good: 'votesFairlyGood',
        votes_average: 'votesAverage',
        votes_poor: 'votesPoor',
        suggested: 'suggested',
        grade: 'grade',
        grade_note: 'gradeNote',
        problems: 'problems',
        rectification: 'rectification',
        talk_on: 'talkOn',
        talk_note: 'talkNote',
        adjust_on: 'adjustOn',
        adjust_note: 'adjustNote',
        screen_on: 'screenOn',
        screen_note: 'screenNote',
        created_by: HIDDEN,
        created_at: HIDDEN,
      },
    },
  },
  {
    name: 'org_stat',
    label: '组织统计',
    scope: 'org_id',
    backup: true,
    derivedFrom: 'member, org (every write updates the ancestors’ cells)',
    emptiedByTests: true,
    audit: { mode: 'none', reason: 'aggregate kept by the audited writes themselves' },
  },
  {
    name: 'org_stat_state',
    label: '统计基准日',
    scope: 'none',
    backup: true,
    derivedFrom: 'org_stat (the day its age and standing bands were rolled to)',
    emptiedByTests: true,
    audit: { mode: 'none', reason: 'bookkeeping of the aggregates' },
  },
  {
    name: 'life_own',
    label: '组织生活汇总（本组织）',
    scope: 'org_id',
    backup: true,
    derivedFrom:
      'meeting, org_version, member_period, committee_post, party_group_member, heart_talk (decision 0024)',
    emptiedByTests: true,
    audit: { mode: 'none', reason: 'rollup kept by the audited writes (decision 0024)' },
  },
  {
    name: 'life_roll',
    label: '组织生活汇总（下级合计）',
    scope: 'org_id',
    backup: true,
    derivedFrom: 'life_own of the subtree (decision 0024)',
    emptiedByTests: true,
    audit: { mode: 'none', reason: 'rollup kept by the audited writes (decision 0024)' },
  },
  {
    name: 'life_dirty',
    label: '组织生活待更新组织',
    scope: 'org_id',
    backup: true,
    derivedFrom: 'the triggers on the facts of organisational life (decision 0024)',
    emptiedByTests: true,
    audit: { mode: 'none', reason: 'bookkeeping of the rollup' },
  },
  {
    name: 'life_state',
    label: '组织生活汇总基准日',
    scope: 'none',
    backup: true,
    derivedFrom: 'life_own, life_roll (the day they are judged as of)',
    emptiedByTests: true,
    audit: { mode: 'none', reason: 'bookkeeping of the rollup' },
  },
  {
    name: 'life_run',
    label: '连续未参加组织生活月数',
    scope: 'member_id',
    backup: true,
    derivedFrom: 'meeting_attendance, meeting_visitor, meeting, record_mark (decision 0048)',
    emptiedByTests: true,
    audit: { mode: 'none', reason: 'figure kept by the audited writes (decision 0048)' },
  },
  {
    name: 'life_run_dirty',
    label: '连续未参加组织生活待更新党员',
    scope: 'member_id',
    backup: true,
    derivedFrom: 'the triggers on attendance, visitors, meeting dates and record marks (decision 0048)',
    emptiedByTests: true,
    audit: { mode: 'none', reason: 'bookkeeping of the figure' },
  },
  {
    name: 'life_run_state',
    label: '连续未参加组织生活计算日',
    scope: 'none',
    backup: true,
    derivedFrom: 'life_run (the day it was rebuilt)',
    emptiedByTests: true,
    audit: { mode: 'none', reason: 'bookkeeping of the figure' },
  },
  {
    name: 'org_warning',
    label: '预警',
    scope: 'org_id',
    backup: true,
    derivedFrom: 'the health indicators judged from the records (decision 0032)',
    emptiedByTests: true,
    audit: { mode: 'none', reason: 'derived by the evaluation from the audited records (decision 0032)' },
  },
  {
    name: 'warning_explanation',
    label: '预警说明',
    scope: 'org_id',
    backup: true,
    emptiedByTests: true,
    audit: {
      mode: 'row',
      columns: {
        id: HIDDEN,
        warning_id: 'warningId',
        org_id: 'orgId',
        kind: 'kind',
        note: 'note',
        explained_on: 'explainedOn',
        created_by: HIDDEN,
        created_at: HIDDEN,
      },
    },
  },
  {
    name: 'warning_roll',
    label: '预警汇总（含下级）',
    scope: 'org_id',
    backup: true,
    derivedFrom: 'org_warning and warning_explanation of the subtree (decision 0032, addendum)',
    emptiedByTests: true,
    audit: { mode: 'none', reason: 'rollup kept by triggers on the derived warnings (decision 0032)' },
  },
  {
    name: 'dues_own',
    label: '党费汇总（本组织）',
    scope: 'org_id',
    backup: true,
    derivedFrom: 'dues_basis, dues_relief, dues_payment, member_period (decision 0031)',
    emptiedByTests: true,
    audit: { mode: 'none', reason: 'rollup kept by the audited writes (decision 0031)' },
  },
  {
    name: 'dues_roll',
    label: '党费汇总（下级合计）',
    scope: 'org_id',
    backup: true,
    derivedFrom: 'dues_own of the subtree (decision 0031)',
    emptiedByTests: true,
    audit: { mode: 'none', reason: 'rollup kept by the audited writes (decision 0031)' },
  },
  {
    name: 'dues_line',
    label: '党费本月情况（逐人）',
    scope: 'org_id',
    backup: true,
    derivedFrom: 'dues_basis, dues_relief, dues_payment, member_period (decision 0031)',
    emptiedByTests: true,
    audit: { mode: 'none', reason: 'rollup kept by the audited writes (decision 0031)' },
  },
  {
    name: 'dues_dirty',
    label: '党费待更新组织',
    scope: 'org_id',
    backup: true,
    derivedFrom: 'the triggers on the facts dues are judged from (decision 0031)',
    emptiedByTests: true,
    audit: { mode: 'none', reason: 'bookkeeping of the rollup' },
  },
  {
    name: 'dues_state',
    label: '党费汇总基准日',
    scope: 'none',
    backup: true,
    derivedFrom: 'dues_own, dues_roll, dues_line (the day they are judged as of)',
    emptiedByTests: true,
    audit: { mode: 'none', reason: 'bookkeeping of the rollup' },
  },
  {
    name: 'app_user',
    label: '账号',
    scope: 'org_id',
    backup: true,
    emptiedByTests: true,
    audit: {
      mode: 'row',
      columns: {
        id: HIDDEN,
        username: 'username',
        display_name: 'displayName',
        password_hash: UNLOGGED,
        role: 'role',
        org_id: 'orgId',
        member_id: 'memberId',
        disabled: 'disabled',
        must_change_password: 'mustChangePassword',
        failed_logins: UNLOGGED,
        locked_until: UNLOGGED,
        last_login_at: UNLOGGED,
        created_at: HIDDEN,
        created_by: HIDDEN,
      },
    },
  },
  {
    name: 'account_grant',
    label: '授权',
    scope: 'org_id',
    // after app_user and org: its foreign keys point at both
    backup: true,
    emptiedByTests: true,
    audit: {
      mode: 'row',
      columns: {
        id: HIDDEN,
        user_id: 'userId',
        org_id: 'orgId',
        transfer_id: 'transferId',
        actions: 'actions',
        valid_from: 'validFrom',
        valid_to: 'validTo',
        // the entry's actor says who granted or ended it
        granted_by: HIDDEN,
        note: 'note',
        created_at: HIDDEN,
      },
    },
  },
  {
    name: 'local_setting',
    label: '本县设置',
    // the settings are the county's, not an org's (the audit trigger finds no org for them)
    scope: 'none',
    // after app_user: `changed_by` names an account (no foreign key)
    backup: true,
    emptiedByTests: true,
    audit: {
      mode: 'row',
      columns: {
        id: HIDDEN,
        key: 'key',
        value: 'value',
        effective_from: 'effectiveFrom',
        // the entry's actor and time say who changed it and when
        changed_by: HIDDEN,
        changed_at: HIDDEN,
        note: 'note',
      },
    },
  },
  {
    name: 'classification_synonym',
    label: '归类对照',
    // the deployment's, not an org's (the audit trigger finds no org for it)
    scope: 'none',
    // after app_user: `mapped_by` names an account (no foreign key)
    backup: true,
    emptiedByTests: true,
    audit: {
      mode: 'row',
      columns: {
        id: HIDDEN,
        field: 'field',
        raw: 'raw',
        raw_key: HIDDEN,
        code: 'code',
        // the entry's actor and time say who mapped it and when
        mapped_by: HIDDEN,
        created_at: HIDDEN,
        updated_at: UNLOGGED,
      },
    },
  },
  {
    name: 'division_table',
    label: '村级区划名单',
    // the county's, not an org's (the audit trigger finds no org for it)
    scope: 'none',
    // after app_user: `imported_by` names an account (no foreign key)
    backup: true,
    emptiedByTests: true,
    audit: {
      mode: 'row',
      columns: {
        id: HIDDEN,
        county_code: 'countyCode',
        effective_from: 'effectiveFrom',
        source: 'source',
        townships: 'townships',
        villages: 'villages',
        // the entry's actor and time say who imported it and when
        imported_by: HIDDEN,
        created_at: HIDDEN,
      },
    },
  },
  {
    name: 'division_row',
    label: '村级区划',
    scope: 'none',
    backup: true,
    emptiedByTests: true,
    audit: {
      mode: 'row',
      columns: {
        table_id: 'tableId',
        code: 'code',
        name: 'name',
        level: 'level',
        township_code: 'townshipCode',
        urban_rural: 'urbanRural',
      },
    },
  },
  {
    name: 'user_session',
    label: '登录会话',
    // its account's org, two joins away; sessions are never browsed by org
    scope: 'none',
    backup: true,
    emptiedByTests: true,
    audit: {
      mode: 'none',
      reason: 'sessions are not history: sign-ins and password changes are logged as application events',
    },
  },
  {
    name: 'audit_log',
    label: '操作记录',
    scope: 'path',
    backup: true,
    emptiedByTests: true,
    audit: { mode: 'none', reason: 'the audit log itself (append-only and hash-chained)' },
  },
  {
    name: 'audit_pending',
    label: '待入链的操作记录',
    scope: 'path',
    // empty outside running transactions: each entry moves into audit_log when its transaction commits
    backup: false,
    emptiedByTests: true,
    audit: { mode: 'none', reason: 'entries of running transactions on their way into audit_log' },
  },
  {
    name: 'job',
    label: '定时任务',
    scope: 'none',
    // bookkeeping: a restored database's jobs are registered again, due at once
    backup: false,
    emptiedByTests: true,
    audit: {
      mode: 'none',
      reason: 'bookkeeping of scheduled jobs (their work is audited where it changes records)',
    },
  },
] as const satisfies readonly TableSpec[];

export type TableName = (typeof TABLES)[number]['name'];

const BY_NAME: ReadonlyMap<string, TableSpec> = new Map<string, TableSpec>(TABLES.map((t) => [t.name, t]));

/** Audit entries that concern something other than a table (application events). */
export const OTHER_AUDIT_ENTITIES: Readonly<Record<string, string>> = { backup: '备份' };

export function tableSpec(name: string): TableSpec | undefined {
  return BY_NAME.get(name);
}

/** The Chinese name of an audit entry's `entity` (a table, or another thing an application event concerns). */
export function entityLabel(entity: string): string {
  return BY_NAME.get(entity)?.label ?? OTHER_AUDIT_ENTITIES[entity] ?? '其他';
}

/** Tables audited row by row, in registry order. */
export const ROW_AUDITED_TABLES: readonly TableName[] = TABLES.filter((t) => t.audit.mode === 'row').map(
  (t) => t.name,
);

/** A column of an audited table as history shows it: its domain field, or `null` when it is hidden. */
export type AuditColumn = { field: string; sensitive: SensitiveKind | null } | null;

function resolve(spec: ColumnSpec): AuditColumn {
  if (typeof spec === 'string') return { field: spec, sensitive: null };
  if ('hidden' in spec) return null;
  return { field: spec.field, sensitive: spec.sensitive ?? null };
}

/** The columns of a table audited row by row (none for other tables), each with what it is. */
export function auditColumns(table: string): [column: string, what: AuditColumn][] {
  const audit = BY_NAME.get(table)?.audit;
  if (audit?.mode !== 'row') return [];
  return Object.entries(audit.columns).map(([column, spec]) => [column, resolve(spec)]);
}

/**
 * What a column of an audited table is; `undefined` when the table is not audited row by row or the registry
 * does not know the column (e.g. one dropped since an old entry was written).
 */
export function auditColumn(table: string, column: string): AuditColumn | undefined {
  const audit = BY_NAME.get(table)?.audit;
  if (audit?.mode !== 'row' || !Object.hasOwn(audit.columns, column)) return undefined;
  return resolve(audit.columns[column]!);
}

/** The sensitive domain fields of a table (field name → how it is masked). */
export function sensitiveFields(table: string): ReadonlyMap<string, SensitiveKind> {
  const out = new Map<string, SensitiveKind>();
  for (const [, what] of auditColumns(table)) if (what?.sensitive) out.set(what.field, what.sensitive);
  return out;
}
