/**
 * Database schema (Drizzle pg-core). Singular snake_case tables, explicit constraint names.
 * Migrations are generated from this file (`npm run db:generate`), reviewed and committed; `npm run db:check`
 * fails when this file and the migrations drift apart.
 *
 * History is kept, not overwritten: `org_version` and `member_period` are validity intervals
 * [valid_from, valid_to) so the tree and the roster as of any past date can be reconstructed; `org_event` and
 * `member_event` record what happened and when. `org` and `member` hold the current state for fast lists.
 */
import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  bigint,
  bigserial,
  boolean,
  check,
  date,
  foreignKey,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  serial,
  smallint,
  text,
  time,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

const dateCol = (name: string) => date(name, { mode: 'string' });

/**
 * The rules of a dated table (src/db/intervals.ts, decision 0008): a period ends after it begins, and an entity has
 * at most one open period. The third rule — no two periods of an entity overlap — is an EXCLUDE constraint drizzle
 * cannot express; it is hand-written in migration 0005 (`<table>_no_overlap`).
 */
const intervalRules = (
  table: string,
  key: AnyPgColumn | readonly [AnyPgColumn, ...AnyPgColumn[]],
  t: { validFrom: AnyPgColumn; validTo: AnyPgColumn },
) => {
  const keys = (Array.isArray(key) ? key : [key]) as [AnyPgColumn, ...AnyPgColumn[]];
  return [
    check(`${table}_interval_ck`, sql`${t.validTo} is null or ${t.validTo} > ${t.validFrom}`),
    uniqueIndex(`${table}_open_uq`)
      .on(...keys)
      .where(sql`${t.validTo} is null`),
  ];
};

const createdAt = () =>
  timestamp('created_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow();

export const org = pgTable(
  'org',
  {
    id: serial('id').primaryKey(),
    code: text('code').notNull(),
    name: text('name').notNull(),
    /**
     * The name's pinyin for search (decision 0014, domain/org/names.ts): the initials of every character
     * ('wqzhjcdzb') and the toneless syllables ('wen quan zhen huang jia cun dang zhi bu'), a second reading after
     * a space / ' | ' where a family name before 家 reads otherwise. Written with the name; NULL only until the
     * `search.keys` job has filled a row written before the columns existed.
     */
    nameInitials: text('name_initials'),
    nameSyllables: text('name_syllables'),
    shortName: text('short_name'),
    kind: text('kind').notNull(),
    sector: text('sector').notNull(),
    parentId: integer('parent_id'),
    /** '/1/5/17/': the ids from the root to this org, for subtree queries with a text_pattern_ops index. */
    path: text('path').notNull(),
    depth: smallint('depth').notNull(),
    divisionCode: text('division_code'),
    foundedOn: dateCol('founded_on'),
    status: text('status').notNull().default('active'),
    dissolvedOn: dateCol('dissolved_on'),
    address: text('address'),
    contactPhone: text('contact_phone'),
    sortOrder: integer('sort_order').notNull().default(0),
    rowVersion: integer('row_version').notNull().default(1),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('org_code_uq').on(t.code),
    index('org_parent_idx').on(t.parentId),
    index('org_path_idx').on(t.path.op('text_pattern_ops')),
    // org search (decision 0014): part of the name, the start of the code, part of the initials, the full pinyin
    // from a syllable on — each arm served by its own index (trigram GIN indexes: pg_trgm)
    index('org_code_pattern_idx').on(t.code.op('text_pattern_ops')),
    index('org_name_trgm_idx').using('gin', t.name.op('gin_trgm_ops')),
    index('org_initials_trgm_idx').using('gin', t.nameInitials.op('gin_trgm_ops')),
    index('org_pinyin_trgm_idx').using('gin', sql`replace(${t.nameSyllables}, ' ', '') gin_trgm_ops`),
    // the rows the search.keys job has still to fill (none once it has run)
    index('org_name_keys_missing_idx')
      .on(t.id)
      .where(sql`${t.nameInitials} is null or ${t.nameSyllables} is null`),
    foreignKey({ name: 'org_parent_fk', columns: [t.parentId], foreignColumns: [t.id] }),
    check('org_status_ck', sql`${t.status} in ('active','dissolved')`),
  ],
);

/** One row per period during which an org had the same parent, name, kind, sector and status. */
export const orgVersion = pgTable(
  'org_version',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    orgId: integer('org_id').notNull(),
    validFrom: dateCol('valid_from').notNull(),
    validTo: dateCol('valid_to'),
    parentId: integer('parent_id'),
    name: text('name').notNull(),
    kind: text('kind').notNull(),
    sector: text('sector').notNull(),
  },
  (t) => [
    index('org_version_org_idx').on(t.orgId, t.validFrom),
    index('org_version_parent_idx').on(t.parentId),
    foreignKey({ name: 'org_version_org_fk', columns: [t.orgId], foreignColumns: [org.id] }),
    ...intervalRules('org_version', t.orgId, t),
  ],
);

export const orgEvent = pgTable(
  'org_event',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    orgId: integer('org_id').notNull(),
    kind: text('kind').notNull(),
    effectiveOn: dateCol('effective_on').notNull(),
    data: jsonb('data').notNull().default({}),
    recordedAt: timestamp('recorded_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
    recordedBy: integer('recorded_by'),
  },
  (t) => [
    index('org_event_org_idx').on(t.orgId, t.effectiveOn),
    foreignKey({ name: 'org_event_org_fk', columns: [t.orgId], foreignColumns: [org.id] }),
  ],
);

/** 换届: each election of an org's committee, with the term it starts. */
export const orgTerm = pgTable(
  'org_term',
  {
    id: serial('id').primaryKey(),
    orgId: integer('org_id').notNull(),
    electedOn: dateCol('elected_on').notNull(),
    termYears: smallint('term_years').notNull(),
    termEndsOn: dateCol('term_ends_on').notNull(),
    note: text('note'),
    createdAt: createdAt(),
  },
  (t) => [
    index('org_term_org_idx').on(t.orgId, t.electedOn),
    // the key a term's changes refer to with their org (org_term_change_term_fk)
    uniqueIndex('org_term_id_org_uq').on(t.id, t.orgId),
    foreignKey({ name: 'org_term_org_fk', columns: [t.orgId], foreignColumns: [org.id] }),
  ],
);

/**
 * 延期 / 提前换届 (decision 0023): an approved move of a term's due date — by the org above, with its document number;
 * at most a year from the statutory end (《中国共产党基层组织选举工作条例》第三条). Audited.
 */
export const orgTermChange = pgTable(
  'org_term_change',
  {
    id: serial('id').primaryKey(),
    orgId: integer('org_id').notNull(),
    termId: integer('term_id').notNull(),
    /** postpone 延期 / advance 提前 */
    kind: text('kind').notNull(),
    /** the new day the election is due by */
    dueOn: dateCol('due_on').notNull(),
    /** the approving org, as named in its document */
    approvedBy: text('approved_by').notNull(),
    documentNo: text('document_no').notNull(),
    approvedOn: dateCol('approved_on').notNull(),
    note: text('note'),
    createdBy: integer('created_by'),
    createdAt: createdAt(),
  },
  (t) => [
    index('org_term_change_org_idx').on(t.orgId, t.termId),
    foreignKey({ name: 'org_term_change_org_fk', columns: [t.orgId], foreignColumns: [org.id] }),
    // a change is of its own org's term: the daily job reads a subtree's changes by their org_id (decision 0052)
    foreignKey({
      name: 'org_term_change_term_fk',
      columns: [t.termId, t.orgId],
      foreignColumns: [orgTerm.id, orgTerm.orgId],
    }),
    check('org_term_change_kind_ck', sql`${t.kind} in ('postpone','advance')`),
  ],
);

/**
 * 换届选举 (decision 0023): an election of an org's committee as it was held — method, entitled voters, present,
 * each candidate's votes and post — and the rules' verdict; a valid one starts the term it names. Audited.
 */
export const election = pgTable(
  'election',
  {
    id: serial('id').primaryKey(),
    orgId: integer('org_id').notNull(),
    heldOn: dateCol('held_on').notNull(),
    /** general_meeting 党员大会 / congress 党员代表大会 */
    method: text('method').notNull(),
    entitled: integer('entitled').notNull(),
    present: integer('present').notNull(),
    /** [{memberId, name, votes, post, elected}] */
    candidates: jsonb('candidates').notNull(),
    /** the rules held: quorum (more than four fifths present) */
    valid: boolean('valid').notNull(),
    /** the term it started (null when invalid) */
    termId: integer('term_id'),
    note: text('note'),
    createdBy: integer('created_by'),
    createdAt: createdAt(),
  },
  (t) => [
    index('election_org_idx').on(t.orgId, t.heldOn),
    foreignKey({ name: 'election_org_fk', columns: [t.orgId], foreignColumns: [org.id] }),
    foreignKey({ name: 'election_term_fk', columns: [t.termId], foreignColumns: [orgTerm.id] }),
    check('election_method_ck', sql`${t.method} in ('general_meeting','congress')`),
    check('election_counts_ck', sql`${t.present} >= 0 AND ${t.present} <= ${t.entitled}`),
  ],
);

/** Committee posts (书记/副书记/委员) held by members, dated. */
export const committeePost = pgTable(
  'committee_post',
  {
    id: serial('id').primaryKey(),
    orgId: integer('org_id').notNull(),
    memberId: integer('member_id').notNull(),
    post: text('post').notNull(),
    title: text('title'),
    startOn: dateCol('start_on').notNull(),
    endOn: dateCol('end_on'),
  },
  (t) => [
    index('committee_post_org_idx').on(t.orgId),
    index('committee_post_member_idx').on(t.memberId),
    foreignKey({ name: 'committee_post_org_fk', columns: [t.orgId], foreignColumns: [org.id] }),
    foreignKey({ name: 'committee_post_member_fk', columns: [t.memberId], foreignColumns: [member.id] }),
    check('committee_post_post_ck', sql`${t.post} in ('secretary','deputy_secretary','committee_member')`),
  ],
);

/**
 * A person: identity, contact and the other facts about the human, the same through every membership they hold
 * (decision 0011). One ID number is one person. A person may have no membership (an applicant, issue 13), one, or
 * several over time (left or removed and admitted again later); at most one is current.
 */
export const person = pgTable(
  'person',
  {
    id: serial('id').primaryKey(),
    name: text('name').notNull(),
    /** lower-case pinyin initials of the name, e.g. 张三丰 → zsf */
    nameInitials: text('name_initials').notNull(),
    /** the initials' syllables joined, e.g. zhangsanfeng (ü as v: 吕 → lv) */
    namePinyin: text('name_pinyin').notNull(),
    /**
     * The roster's name order (decision 0014): 'zhang san feng\t张三丰', compared COLLATE "C" (syllable by
     * syllable). Written with the name; NULL only until the `search.keys` job has filled a person written before
     * the column existed.
     */
    nameSort: text('name_sort'),
    sex: text('sex').notNull(),
    birthDate: dateCol('birth_date').notNull(),
    /** month*100+day of birth, for the daily roll of age bands */
    birthMd: smallint('birth_md').notNull(),
    idNumber: text('id_number').notNull(),
    /** null only while unclassified: ethnicity_raw then holds the text (issue 9 #3, decision 0013) */
    ethnicity: text('ethnicity'),
    education: text('education'),
    occupation: text('occupation'),
    /** the text of a classification field no code table or synonym knew (the field is null meanwhile) */
    ethnicityRaw: text('ethnicity_raw'),
    educationRaw: text('education_raw'),
    occupationRaw: text('occupation_raw'),
    nativePlace: text('native_place'),
    phone: text('phone'),
    address: text('address'),
    workUnit: text('work_unit'),
    jobTitle: text('job_title'),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('person_id_number_uq').on(t.idNumber),
    index('person_name_idx').on(t.name.op('text_pattern_ops')),
    index('person_initials_idx').on(t.nameInitials.op('text_pattern_ops')),
    index('person_name_sort_idx').on(sql`${t.nameSort} COLLATE "C"`),
    index('person_name_sort_missing_idx')
      .on(t.id)
      .where(sql`${t.nameSort} is null`),
    index('person_id_rev_idx').using('btree', sql`reverse(${t.idNumber}) text_pattern_ops`),
    index('person_birth_md_idx').on(t.birthMd),
    // the unclassified texts (decision 0013): few or none, so these stay small; the mapping screen groups them and a
    // mapping finds their holders without reading every person
    index('person_ethnicity_raw_idx')
      .on(t.ethnicityRaw)
      .where(sql`${t.ethnicityRaw} is not null`),
    index('person_education_raw_idx')
      .on(t.educationRaw)
      .where(sql`${t.educationRaw} is not null`),
    index('person_occupation_raw_idx')
      .on(t.occupationRaw)
      .where(sql`${t.occupationRaw} is not null`),
    check('person_sex_ck', sql`${t.sex} in ('male','female')`),
    // a classification or its raw text, never both; a member always has an ethnicity, classified or not
    check('person_ethnicity_ck', sql`(${t.ethnicity} is null) <> (${t.ethnicityRaw} is null)`),
    check('person_education_raw_ck', sql`${t.education} is null or ${t.educationRaw} is null`),
    check('person_occupation_raw_ck', sql`${t.occupation} is null or ${t.occupationRaw} is null`),
  ],
);

/**
 * A membership (党籍) of a person: from joining until it ends (transfer out of the deployment, removal, revoked
 * probation, death). A member who transferred out and comes back is the same membership again, with a new period;
 * one who is admitted again after leaving has a new membership. `member` holds the current state for fast lists.
 */
export const member = pgTable(
  'member',
  {
    id: serial('id').primaryKey(),
    personId: integer('person_id').notNull(),
    orgId: integer('org_id').notNull(),
    status: text('status').notNull(),
    joinedOn: dateCol('joined_on').notNull(),
    confirmedOn: dateCol('confirmed_on'),
    confirmedMd: smallint('confirmed_md'),
    isMobile: boolean('is_mobile').notNull().default(false),
    rowVersion: integer('row_version').notNull().default(1),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
    /**
     * The person's roster keys, kept on the membership (decision 0049; src/db/member-columns.ts ROSTER_KEY_COLUMNS):
     * the name's sort key — `COLLATE "C"` in migration 0040, which this schema cannot say — the sex and the birth
     * date. Written with the membership, filled from the person by a trigger, and rewritten by the person's trigger
     * when those change; NULL only where the person's sort key is.
     */
    rosterName: text('roster_name'),
    rosterSex: text('roster_sex'),
    rosterBirth: dateCol('roster_birth'),
    /**
     * The ids of the membership's org's ancestors at depths 0–3 (the root, a city, a county, a township; the org
     * itself at its own depth; NULL below the org's depth), decision 0051 (src/db/member-columns.ts
     * ROSTER_ANCESTOR_COLUMNS): a subtree rooted at depth K is the range `roster_ancK = org` of its index, in name
     * order. Written with the membership (a COPY line), filled from the org's path by a trigger on insert and on a
     * change of org, rewritten when an org's path changes (a move).
     */
    rosterAnc0: integer('roster_anc0'),
    rosterAnc1: integer('roster_anc1'),
    rosterAnc2: integer('roster_anc2'),
    rosterAnc3: integer('roster_anc3'),
  },
  (t) => [
    index('member_person_idx').on(t.personId),
    /** at most one current membership per person (the statuses of CURRENT_MEMBERSHIP_STATUSES, shared/codes.ts) */
    uniqueIndex('member_person_current_uq')
      .on(t.personId)
      .where(sql`${t.status} in ('probationary','full','suspended')`),
    index('member_org_idx').on(t.orgId),
    index('member_confirmed_md_idx').on(t.confirmedMd),
    /** the roster in join-date order (decision 0021): a page walks it instead of sorting every member of the subtree */
    index('member_joined_idx').on(t.joinedOn, t.id),
    /**
     * A subtree's roster page in name order from index entries alone (decision 0049): per org, its members in name
     * order with what the roster filters on (status, sex, birth date), so a page reads no person and no member row.
     */
    index('member_org_name_idx').on(t.orgId, t.rosterName, t.id, t.status, t.rosterSex, t.rosterBirth),
    /**
     * A subtree's roster page in name order as one index range (decision 0051): per ancestor depth 0–3, the members
     * on the roster under it in name order with what the roster filters on — a county's first page reads ~50 entries.
     */
    ...(['rosterAnc0', 'rosterAnc1', 'rosterAnc2', 'rosterAnc3'] as const).map((c, k) =>
      index(`member_anc${k}_name_idx`)
        .on(t[c], t.rosterName, t.id, t.status, t.rosterSex, t.rosterBirth)
        .where(sql`${t.status} in ('full','probationary')`),
    ),
    /**
     * The roster's searches (decision 0056, session 21): per member on the roster, the terms of its sort key
     * (`jiceng_roster_terms`, migration 0047: each character of the name, every prefix of two letters or more of
     * the initials and of the joined pinyin, 'x' for a name whose pinyin the key cannot tell), so a search's matches are
     * found without reading the subtree's range.
     */
    index('member_roster_terms_idx')
      .using('gin', sql`jiceng_roster_terms(${t.rosterName})`)
      .where(sql`${t.status} in ('full','probationary')`),
    foreignKey({ name: 'member_person_fk', columns: [t.personId], foreignColumns: [person.id] }),
    foreignKey({ name: 'member_org_fk', columns: [t.orgId], foreignColumns: [org.id] }),
    check(
      'member_status_ck',
      sql`${t.status} in ('probationary','full','suspended','transferred_out','removed','revoked','deceased')`,
    ),
  ],
);

/** Validity intervals of a member's (org, status): the roster as of date D is every period covering D. */
export const memberPeriod = pgTable(
  'member_period',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    memberId: integer('member_id').notNull(),
    orgId: integer('org_id').notNull(),
    status: text('status').notNull(),
    validFrom: dateCol('valid_from').notNull(),
    validTo: dateCol('valid_to'),
  },
  (t) => [
    index('member_period_member_idx').on(t.memberId, t.validFrom),
    index('member_period_org_idx').on(t.orgId, t.validFrom),
    foreignKey({ name: 'member_period_member_fk', columns: [t.memberId], foreignColumns: [member.id] }),
    foreignKey({ name: 'member_period_org_fk', columns: [t.orgId], foreignColumns: [org.id] }),
    ...intervalRules('member_period', t.memberId, t),
  ],
);

export const memberEvent = pgTable(
  'member_event',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    memberId: integer('member_id').notNull(),
    kind: text('kind').notNull(),
    effectiveOn: dateCol('effective_on').notNull(),
    data: jsonb('data').notNull().default({}),
    recordedAt: timestamp('recorded_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
    recordedBy: integer('recorded_by'),
  },
  (t) => [
    index('member_event_member_idx').on(t.memberId, t.effectiveOn),
    foreignKey({ name: 'member_event_member_fk', columns: [t.memberId], foreignColumns: [member.id] }),
  ],
);

/**
 * The information sets the national party-member system keeps beside basic data (职务、奖惩、困难情况、家庭成员、
 * 培训): one table, one `kind` per set, the set's fields in `data` validated by the shared schema.
 */
export const memberRecord = pgTable(
  'member_record',
  {
    id: serial('id').primaryKey(),
    memberId: integer('member_id').notNull(),
    kind: text('kind').notNull(),
    startOn: dateCol('start_on'),
    endOn: dateCol('end_on'),
    data: jsonb('data').notNull().default({}),
    createdAt: createdAt(),
  },
  (t) => [
    index('member_record_member_idx').on(t.memberId, t.kind),
    foreignKey({ name: 'member_record_member_fk', columns: [t.memberId], foreignColumns: [member.id] }),
    check(
      'member_record_kind_ck',
      sql`${t.kind} in ('post','reward','punishment','hardship','family','training')`,
    ),
  ],
);

// ------------------------------------------------------------------------------------------------ organisational life

/**
 * 党小组 (issue 11 item 2, decision 0018): a group of a branch's members, with its leader (组长, optional). Dated
 * like an org: created on a day, dissolved on a later one (null while it exists). A rename or a new leader is an
 * audited update of the row. Audited.
 */
export const partyGroup = pgTable(
  'party_group',
  {
    id: serial('id').primaryKey(),
    orgId: integer('org_id').notNull(),
    name: text('name').notNull(),
    leaderMemberId: integer('leader_member_id'),
    createdOn: dateCol('created_on').notNull(),
    dissolvedOn: dateCol('dissolved_on'),
    rowVersion: integer('row_version').notNull().default(1),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
  },
  (t) => [
    index('party_group_org_idx').on(t.orgId),
    // two groups of one branch that exist at once have different names
    uniqueIndex('party_group_name_uq')
      .on(t.orgId, t.name)
      .where(sql`${t.dissolvedOn} is null`),
    foreignKey({ name: 'party_group_org_fk', columns: [t.orgId], foreignColumns: [org.id] }),
    foreignKey({
      name: 'party_group_leader_fk',
      columns: [t.leaderMemberId],
      foreignColumns: [member.id],
    }),
    check('party_group_dates_ck', sql`${t.dissolvedOn} is null or ${t.dissolvedOn} > ${t.createdOn}`),
  ],
);

/**
 * A member's membership of a party group over [valid_from, valid_to): a member belongs to at most one group at a
 * time — the dated-table rules (decision 0008), the no-overlap rule an exclusion constraint in migration 0013. The
 * group's branch is repeated (`org_id`) for scope and for the compliance facts. Audited.
 */
export const partyGroupMember = pgTable(
  'party_group_member',
  {
    id: serial('id').primaryKey(),
    groupId: integer('group_id').notNull(),
    memberId: integer('member_id').notNull(),
    orgId: integer('org_id').notNull(),
    validFrom: dateCol('valid_from').notNull(),
    validTo: dateCol('valid_to'),
  },
  (t) => [
    index('party_group_member_member_idx').on(t.memberId, t.validFrom),
    index('party_group_member_group_idx').on(t.groupId),
    index('party_group_member_org_idx').on(t.orgId),
    foreignKey({
      name: 'party_group_member_group_fk',
      columns: [t.groupId],
      foreignColumns: [partyGroup.id],
    }),
    foreignKey({ name: 'party_group_member_member_fk', columns: [t.memberId], foreignColumns: [member.id] }),
    foreignKey({ name: 'party_group_member_org_fk', columns: [t.orgId], foreignColumns: [org.id] }),
    ...intervalRules('party_group_member', t.memberId, t),
  ],
);

/**
 * A meeting an org held (issue 11, decision 0015): one record may be several kinds at once (a theme day that is
 * also the quarter's general meeting and a party lecture) and counts for each. The people who ran it are names as
 * written in the minutes (a lecturer may come from outside the org); attendance is per member in
 * `meeting_attendance`, non-member attendees (列席) are names. Audited.
 */
export const meeting = pgTable(
  'meeting',
  {
    id: serial('id').primaryKey(),
    orgId: integer('org_id').notNull(),
    /** glossary names (src/shared/codes.ts MEETING_KINDS) */
    kinds: text('kinds').array().notNull(),
    heldOn: dateCol('held_on').notNull(),
    startsAt: time('starts_at'),
    place: text('place'),
    topic: text('topic').notNull(),
    host: text('host'),
    recorder: text('recorder'),
    lecturer: text('lecturer'),
    minutes: text('minutes'),
    resolutions: text('resolutions'),
    /** 列席: people who attended but are not members of the org */
    guests: text('guests')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    /** the party group whose meeting this was (a 党小组会; decision 0018) */
    partyGroupId: integer('party_group_id'),
    createdBy: integer('created_by'),
    rowVersion: integer('row_version').notNull().default(1),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
  },
  (t) => [
    index('meeting_org_idx').on(t.orgId, t.heldOn),
    foreignKey({ name: 'meeting_org_fk', columns: [t.orgId], foreignColumns: [org.id] }),
    foreignKey({
      name: 'meeting_party_group_fk',
      columns: [t.partyGroupId],
      foreignColumns: [partyGroup.id],
    }),
    check(
      'meeting_kinds_ck',
      sql`cardinality(${t.kinds}) > 0 and ${t.kinds} <@ array['general_meeting','committee_meeting','group_meeting','party_lecture','theme_day','life_meeting','appraisal_meeting']::text[]`,
    ),
  ],
);

/**
 * A vote of a general meeting on a resolution (issue 11 item 1, decision 0018): the subject, the yes / no / abstain
 * counts entered, and — worked out when the meeting is written, from its attendance and the roster of its day —
 * how many were entitled to vote (full members on the roster), how many of them were present, and the outcome by
 * the rule set (passed, rejected, or invalid for want of a quorum) with its reason. Audited.
 */
export const meetingVote = pgTable(
  'meeting_vote',
  {
    id: serial('id').primaryKey(),
    meetingId: integer('meeting_id').notNull(),
    orgId: integer('org_id').notNull(),
    position: smallint('position').notNull(),
    subject: text('subject').notNull(),
    yes: integer('yes').notNull(),
    no: integer('no').notNull(),
    abstain: integer('abstain').notNull(),
    entitled: integer('entitled').notNull(),
    presentVoters: integer('present_voters').notNull(),
    outcome: text('outcome').notNull(),
    reason: text('reason').notNull(),
  },
  (t) => [
    uniqueIndex('meeting_vote_uq').on(t.meetingId, t.position),
    foreignKey({ name: 'meeting_vote_meeting_fk', columns: [t.meetingId], foreignColumns: [meeting.id] }),
    foreignKey({ name: 'meeting_vote_org_fk', columns: [t.orgId], foreignColumns: [org.id] }),
    check('meeting_vote_outcome_ck', sql`${t.outcome} in ('passed','rejected','invalid')`),
    check(
      'meeting_vote_counts_ck',
      sql`${t.yes} >= 0 and ${t.no} >= 0 and ${t.abstain} >= 0 and ${t.yes} + ${t.no} + ${t.abstain} <= ${t.presentVoters} and ${t.presentVoters} <= ${t.entitled}`,
    ),
  ],
);

/**
 * 发展党员 (issue 13 item 1, decision 0025): one person's way into the Party through a branch — from the application
 * to confirmation, cancellation or closing. `status` is where the steps put the case (kept by the one write path:
 * applicant, activist, candidate, probationary, full, cancelled, closed); `member_id` the membership the approval
 * created. At most one open case per person. Audited.
 */
export const recruitmentCase = pgTable(
  'recruitment_case',
  {
    id: serial('id').primaryKey(),
    personId: integer('person_id').notNull(),
    orgId: integer('org_id').notNull(),
    status: text('status').notNull(),
    memberId: integer('member_id'),
    closedOn: dateCol('closed_on'),
    closeReason: text('close_reason'),
    createdBy: integer('created_by'),
    createdAt: createdAt(),
  },
  (t) => [
    index('recruitment_case_org_idx').on(t.orgId, t.status),
    uniqueIndex('recruitment_case_open_uq')
      .on(t.personId)
      .where(sql`${t.status} in ('applicant','activist','candidate','probationary')`),
    foreignKey({ name: 'recruitment_case_person_fk', columns: [t.personId], foreignColumns: [person.id] }),
    foreignKey({ name: 'recruitment_case_org_fk', columns: [t.orgId], foreignColumns: [org.id] }),
    foreignKey({ name: 'recruitment_case_member_fk', columns: [t.memberId], foreignColumns: [member.id] }),
  ],
);

/**
 * One dated step of a recruitment case (the case's org repeated for scope): its kind (policy/recruitment.ts), date,
 * what it records (votes, committee, mentors …), the rule set it was judged by and the warnings it was kept with.
 * Audited.
 */
export const recruitmentStep = pgTable(
  'recruitment_step',
  {
    id: serial('id').primaryKey(),
    caseId: integer('case_id').notNull(),
    orgId: integer('org_id').notNull(),
    kind: text('kind').notNull(),
    takenOn: dateCol('taken_on').notNull(),
    data: jsonb('data').notNull().default({}),
    rules: text('rules').notNull(),
    warnings: jsonb('warnings').notNull().default([]),
    recordedBy: integer('recorded_by'),
    createdAt: createdAt(),
  },
  (t) => [
    index('recruitment_step_case_idx').on(t.caseId, t.takenOn),
    index('recruitment_step_org_idx').on(t.orgId, t.kind, t.takenOn),
    foreignKey({
      name: 'recruitment_step_case_fk',
      columns: [t.caseId],
      foreignColumns: [recruitmentCase.id],
    }),
    foreignKey({ name: 'recruitment_step_org_fk', columns: [t.orgId], foreignColumns: [org.id] }),
  ],
);

/**
 * Per org and stage: how many recruitment cases are open in the org's subtree (itself included) — applicants,
 * activists, candidates and probationary members, by the case's recorded status (issue 13 "Performance", decision
 * 0042). Kept by statement triggers on `recruitment_case` (migration 0034); a subtree's pipeline counts are one
 * primary-key range read.
 */
export const recruitmentRoll = pgTable(
  'recruitment_roll',
  {
    orgId: integer('org_id').notNull(),
    status: text('status').notNull(),
    cases: integer('cases').notNull(),
  },
  (t) => [primaryKey({ name: 'recruitment_roll_pk', columns: [t.orgId, t.status] })],
);

/**
 * Per recruitment case: the earliest deadline of what it waits for (null: none), judged on `judged_on` by the rule
 * set in force that day and every rule set that switches on later (decision 0050) — a lower bound of the deadlines
 * the live judgement gives for any day from `judged_on` on, under the rule-set history `rules`. The overdue list
 * judges live only the cases whose bound has passed or that have no usable row. Every case has a row carrying its org
 * (migration 0045: inserted with the case, its org kept by a trigger), so a subtree's candidates are an index range per
 * org; triggers (migrations 0039, 0045) mark a case's row due at once (`-infinity`, not judged) when its steps or its
 * status or closing date change; the writes and the daily job `recruitment.due` judge them again.
 */
export const recruitmentDue = pgTable(
  'recruitment_due',
  {
    caseId: integer('case_id').primaryKey(),
    /** the case's org, kept equal to `recruitment_case.org_id` by triggers (migration 0045) */
    orgId: integer('org_id').notNull(),
    /** null: nothing due; `-infinity`: not judged since the case was written (a candidate of every list) */
    nextDue: dateCol('next_due'),
    /** null while not judged */
    judgedOn: dateCol('judged_on'),
    /** the rule-set history it was judged under (the ids of the `recruitmentRules` setting's rows); null while not judged */
    rules: text('rules'),
  },
  (t) => [
    index('recruitment_due_org_due_idx').on(t.orgId, t.nextDue, t.caseId),
    index('recruitment_due_rules_idx').on(t.rules, t.judgedOn),
    foreignKey({
      name: 'recruitment_due_case_fk',
      columns: [t.caseId],
      foreignColumns: [recruitmentCase.id],
    }).onDelete('cascade'),
  ],
);

/**
 * 谈心谈话 (issue 11 item 6, decision 0018): a heart talk an org's people held on a day — who took part (two or
 * more members, in `heart_talk_party`) and an optional note. Audited.
 */
export const heartTalk = pgTable(
  'heart_talk',
  {
    id: serial('id').primaryKey(),
    orgId: integer('org_id').notNull(),
    heldOn: dateCol('held_on').notNull(),
    note: text('note'),
    createdBy: integer('created_by'),
    createdAt: createdAt(),
  },
  (t) => [
    index('heart_talk_org_idx').on(t.orgId, t.heldOn),
    foreignKey({ name: 'heart_talk_org_fk', columns: [t.orgId], foreignColumns: [org.id] }),
  ],
);

/** One person who took part in a heart talk (the talk's org repeated for scope). Audited. */
export const heartTalkParty = pgTable(
  'heart_talk_party',
  {
    id: serial('id').primaryKey(),
    talkId: integer('talk_id').notNull(),
    memberId: integer('member_id').notNull(),
    orgId: integer('org_id').notNull(),
  },
  (t) => [
    uniqueIndex('heart_talk_party_uq').on(t.talkId, t.memberId),
    index('heart_talk_party_member_idx').on(t.memberId),
    foreignKey({ name: 'heart_talk_party_talk_fk', columns: [t.talkId], foreignColumns: [heartTalk.id] }),
    foreignKey({ name: 'heart_talk_party_member_fk', columns: [t.memberId], foreignColumns: [member.id] }),
    foreignKey({ name: 'heart_talk_party_org_fk', columns: [t.orgId], foreignColumns: [org.id] }),
  ],
);

/**
 * Each member expected at a meeting and whether they came: present, excused (with the reason) or absent. The
 * meeting's org is repeated (`org_id`) so a row's audit entry and scope are the meeting's org, not the member's
 * org today. Audited.
 */
export const meetingAttendance = pgTable(
  'meeting_attendance',
  {
    id: serial('id').primaryKey(),
    meetingId: integer('meeting_id').notNull(),
    memberId: integer('member_id').notNull(),
    orgId: integer('org_id').notNull(),
    status: text('status').notNull(),
    reason: text('reason'),
  },
  (t) => [
    uniqueIndex('meeting_attendance_uq').on(t.meetingId, t.memberId),
    index('meeting_attendance_member_idx').on(t.memberId),
    foreignKey({
      name: 'meeting_attendance_meeting_fk',
      columns: [t.meetingId],
      foreignColumns: [meeting.id],
    }),
    foreignKey({ name: 'meeting_attendance_member_fk', columns: [t.memberId], foreignColumns: [member.id] }),
    foreignKey({ name: 'meeting_attendance_org_fk', columns: [t.orgId], foreignColumns: [org.id] }),
    check('meeting_attendance_status_ck', sql`${t.status} in ('present','excused','absent')`),
    check(
      'meeting_attendance_reason_ck',
      sql`${t.status} <> 'excused' or (${t.reason} is not null and btrim(${t.reason}) <> '')`,
    ),
  ],
);

/**
 * A member registered as away (流动党员) with this org as host who took part in one of its meetings: 一方隶属、参加多重
 * 组织生活. Kept apart from `meeting_attendance`, so the host org's expected/present figures and votes count only
 * its own people; the member's 党章 第九条 months count it as organisational life.
 */
export const meetingVisitor = pgTable(
  'meeting_visitor',
  {
    id: serial('id').primaryKey(),
    meetingId: integer('meeting_id').notNull(),
    memberId: integer('member_id').notNull(),
    /** the meeting's (host) org */
    orgId: integer('org_id').notNull(),
  },
  (t) => [
    uniqueIndex('meeting_visitor_uq').on(t.meetingId, t.memberId),
    index('meeting_visitor_member_idx').on(t.memberId),
    foreignKey({ name: 'meeting_visitor_meeting_fk', columns: [t.meetingId], foreignColumns: [meeting.id] }),
    foreignKey({ name: 'meeting_visitor_member_fk', columns: [t.memberId], foreignColumns: [member.id] }),
    foreignKey({ name: 'meeting_visitor_org_fk', columns: [t.orgId], foreignColumns: [org.id] }),
  ],
);

// ------------------------------------------------------------------------------------------------ dues (党费)

const firstOfMonth = (c: AnyPgColumn) => sql`extract(day from ${c}) = 1`;

/**
 * A member's dues basis (decision 0020): their category and, where the category has one, the monthly base in fen,
 * from a month on (第十条: the month the new pay starts) until the member's next basis. One per member and month.
 * Audited.
 */
export const duesBasis = pgTable(
  'dues_basis',
  {
    id: serial('id').primaryKey(),
    memberId: integer('member_id').notNull(),
    category: text('category').notNull(),
    baseFen: integer('base_fen'),
    /** the first day of the first month it applies to */
    fromMonth: dateCol('from_month').notNull(),
    note: text('note'),
    createdBy: integer('created_by'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('dues_basis_member_month_uq').on(t.memberId, t.fromMonth),
    foreignKey({ name: 'dues_basis_member_fk', columns: [t.memberId], foreignColumns: [member.id] }),
    check(
      'dues_basis_category_ck',
      sql`${t.category} in ('salaried','annual_salary','self_employed','retired','farmer','student','unemployed','relief','subsistence')`,
    ),
    check('dues_basis_base_ck', sql`${t.baseFen} is null or ${t.baseFen} >= 0`),
    check('dues_basis_month_ck', firstOfMonth(t.fromMonth)),
  ],
);

/**
 * An approved reduction (少交: a smaller monthly amount) or exemption (免交) of a member's dues, over months, with
 * the org that approved it and the day (本人申请 → 党组织研究 → 报上级党委批准). Audited.
 */
export const duesRelief = pgTable(
  'dues_relief',
  {
    id: serial('id').primaryKey(),
    memberId: integer('member_id').notNull(),
    kind: text('kind').notNull(),
    monthlyFen: integer('monthly_fen'),
    fromMonth: dateCol('from_month').notNull(),
    /** the first day of the last month it applies to; null: until ended */
    toMonth: dateCol('to_month'),
    approvedBy: text('approved_by').notNull(),
    approvedOn: dateCol('approved_on').notNull(),
    reason: text('reason'),
    createdBy: integer('created_by'),
    createdAt: createdAt(),
  },
  (t) => [
    index('dues_relief_member_idx').on(t.memberId),
    foreignKey({ name: 'dues_relief_member_fk', columns: [t.memberId], foreignColumns: [member.id] }),
    check('dues_relief_kind_ck', sql`${t.kind} in ('reduced','exempt')`),
    check(
      'dues_relief_amount_ck',
      sql`(${t.kind} = 'exempt' and ${t.monthlyFen} is null) or (${t.kind} = 'reduced' and ${t.monthlyFen} > 0)`,
    ),
    check('dues_relief_months_ck', sql`${t.toMonth} is null or ${t.toMonth} >= ${t.fromMonth}`),
    check(
      'dues_relief_month_ck',
      sql`${firstOfMonth(t.fromMonth)} and (${t.toMonth} is null or ${firstOfMonth(t.toMonth)})`,
    ),
  ],
);

/**
 * A payment of dues a member made (decision 0020): the months it covers, the amount toward them and any voluntary
 * extra, the day and how, who paid it for them (代交) and the channel it came through (the branch, a ledger import,
 * later an online channel). `org_id` is the org that collected it (the member's org on the day recorded). Never
 * invented by the branch (第十四条). A payment's identity — member, months, day, amounts — is unique, so a ledger
 * imported twice writes nothing the second time. Audited.
 */
export const duesPayment = pgTable(
  'dues_payment',
  {
    id: serial('id').primaryKey(),
    memberId: integer('member_id').notNull(),
    orgId: integer('org_id').notNull(),
    fromMonth: dateCol('from_month').notNull(),
    toMonth: dateCol('to_month').notNull(),
    amountFen: integer('amount_fen').notNull(),
    voluntaryFen: integer('voluntary_fen').notNull().default(0),
    paidOn: dateCol('paid_on').notNull(),
    method: text('method').notNull(),
    channel: text('channel').notNull().default('branch'),
    paidBy: text('paid_by'),
    note: text('note'),
    createdBy: integer('created_by'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('dues_payment_identity_uq').on(
      t.memberId,
      t.fromMonth,
      t.toMonth,
      t.paidOn,
      t.amountFen,
      t.voluntaryFen,
    ),
    // an org's payments of a period, with the amounts in the index: a county's month collected (getDuesSummary's
    // reconciliation) sums ~45k payments of ~3,000 orgs from index entries instead of fetching each row (0044)
    index('dues_payment_org_amounts_idx').on(t.orgId, t.paidOn, t.amountFen, t.voluntaryFen),
    // a member's payments up to a day (duesFacts, one org's re-evaluation): the identity index above leads with
    // member_id too, but PostgreSQL 18 (PGlite) prices it with paid_on as a skip condition behind three columns and
    // scanned every payment instead (decision 0031 addendum)
    index('dues_payment_member_paid_idx').on(t.memberId, t.paidOn),
    foreignKey({ name: 'dues_payment_member_fk', columns: [t.memberId], foreignColumns: [member.id] }),
    foreignKey({ name: 'dues_payment_org_fk', columns: [t.orgId], foreignColumns: [org.id] }),
    check(
      'dues_payment_amount_ck',
      sql`${t.amountFen} >= 0 and ${t.voluntaryFen} >= 0 and ${t.amountFen} + ${t.voluntaryFen} > 0`,
    ),
    check(
      'dues_payment_months_ck',
      sql`${t.toMonth} >= ${t.fromMonth} and ${firstOfMonth(t.fromMonth)} and ${firstOfMonth(t.toMonth)}`,
    ),
    check('dues_payment_method_ck', sql`${t.method} in ('cash','transfer','wechat','alipay','other')`),
    check('dues_payment_channel_ck', sql`${t.channel} in ('branch','import','online')`),
  ],
);

/** A remittance (上缴) of collected dues by an org to the org above: the month it is for, the day, the amount. Audited. */
export const duesRemittance = pgTable(
  'dues_remittance',
  {
    id: serial('id').primaryKey(),
    orgId: integer('org_id').notNull(),
    month: dateCol('month').notNull(),
    remittedOn: dateCol('remitted_on').notNull(),
    amountFen: integer('amount_fen').notNull(),
    note: text('note'),
    createdBy: integer('created_by'),
    createdAt: createdAt(),
  },
  (t) => [
    index('dues_remittance_org_idx').on(t.orgId, t.month),
    foreignKey({ name: 'dues_remittance_org_fk', columns: [t.orgId], foreignColumns: [org.id] }),
    check('dues_remittance_amount_ck', sql`${t.amountFen} > 0`),
    check('dues_remittance_month_ck', firstOfMonth(t.month)),
  ],
);

// ------------------------------------------------------------------------------------------------ member lifecycle
// Transfers, mobile members, lost contact and status decisions (issue 13 items 3–5, decision 0026).

/**
 * A transfer of a member's organisational relation (组织关系转接, decision 0026): `internal` — from an org of
 * Jiceng to another (pending until the receiving org accepts or returns it; the member moves on acceptance);
 * `outgoing` — a letter to an org outside Jiceng (in transit until the receipt 回执 is recorded; the member leaves
 * the roster then); `incoming` — a letter from outside, recorded by the receiving org (the member comes onto its
 * roster the day it is recorded). `valid_until` is the letter's last valid day (the local setting in force on the
 * day it was issued); an open one past it is overdue. At most one open transfer per member. Audited.
 */
export const transfer = pgTable(
  'transfer',
  {
    id: serial('id').primaryKey(),
    memberId: integer('member_id').notNull(),
    kind: text('kind').notNull(),
    fromOrgId: integer('from_org_id'),
    toOrgId: integer('to_org_id'),
    /** the org outside Jiceng: the destination of an outgoing letter, the origin of an incoming one */
    externalOrg: text('external_org'),
    letterNo: text('letter_no'),
    issuedOn: dateCol('issued_on').notNull(),
    validUntil: dateCol('valid_until').notNull(),
    state: text('state').notNull(),
    decidedOn: dateCol('decided_on'),
    reason: text('reason'),
    note: text('note'),
    createdBy: integer('created_by'),
    decidedBy: integer('decided_by'),
    createdAt: createdAt(),
  },
  (t) => [
    index('transfer_member_idx').on(t.memberId),
    index('transfer_from_idx').on(t.fromOrgId, t.issuedOn),
    index('transfer_to_idx').on(t.toOrgId, t.issuedOn),
    uniqueIndex('transfer_open_uq')
      .on(t.memberId)
      .where(sql`${t.state} in ('pending','in_transit')`),
    foreignKey({ name: 'transfer_member_fk', columns: [t.memberId], foreignColumns: [member.id] }),
    foreignKey({ name: 'transfer_from_org_fk', columns: [t.fromOrgId], foreignColumns: [org.id] }),
    foreignKey({ name: 'transfer_to_org_fk', columns: [t.toOrgId], foreignColumns: [org.id] }),
    check('transfer_kind_ck', sql`${t.kind} in ('internal','outgoing','incoming')`),
    check('transfer_state_ck', sql`${t.state} in ('pending','accepted','returned','in_transit')`),
    check(
      'transfer_ends_ck',
      sql`(${t.kind} = 'internal' and ${t.fromOrgId} is not null and ${t.toOrgId} is not null)
        or (${t.kind} = 'outgoing' and ${t.fromOrgId} is not null and ${t.externalOrg} is not null)
        or (${t.kind} = 'incoming' and ${t.toOrgId} is not null and ${t.externalOrg} is not null)`,
    ),
    check('transfer_valid_ck', sql`${t.validUntil} >= ${t.issuedOn}`),
    check(
      'transfer_decided_ck',
      sql`(${t.state} in ('pending','in_transit')) = (${t.decidedOn} is null) and (${t.decidedOn} is null or ${t.decidedOn} >= ${t.issuedOn})`,
    ),
  ],
);

/**
 * A member's flow-out registration (流动党员外出登记, decision 0026): where they went, since when, how to reach
 * them, whether the place is fixed (6 months at a fixed place → must transfer) or abroad (contact every half year),
 * and the host org when known (inside Jiceng: `host_org_id`, which then lists them; else its name). Ends the day
 * they came back (`ended_on`). At most one open registration per member. Audited.
 */
export const mobileRegistration = pgTable(
  'mobile_registration',
  {
    id: serial('id').primaryKey(),
    memberId: integer('member_id').notNull(),
    since: dateCol('since').notNull(),
    endedOn: dateCol('ended_on'),
    place: text('place').notNull(),
    fixedPlace: boolean('fixed_place').notNull().default(false),
    abroad: boolean('abroad').notNull().default(false),
    contact: text('contact'),
    hostOrgId: integer('host_org_id'),
    hostOrgName: text('host_org_name'),
    note: text('note'),
    createdBy: integer('created_by'),
    createdAt: createdAt(),
  },
  (t) => [
    index('mobile_registration_member_idx').on(t.memberId),
    index('mobile_registration_host_idx')
      .on(t.hostOrgId)
      .where(sql`${t.endedOn} is null`),
    uniqueIndex('mobile_registration_open_uq')
      .on(t.memberId)
      .where(sql`${t.endedOn} is null`),
    foreignKey({
      name: 'mobile_registration_member_fk',
      columns: [t.memberId],
      foreignColumns: [member.id],
    }),
    foreignKey({ name: 'mobile_registration_host_fk', columns: [t.hostOrgId], foreignColumns: [org.id] }),
    check('mobile_registration_dates_ck', sql`${t.endedOn} is null or ${t.endedOn} > ${t.since}`),
  ],
);

/** A contact the org had with a member away (流动党员、出国（境）党员的联系记录): when and how. Audited. */
export const memberContact = pgTable(
  'member_contact',
  {
    id: serial('id').primaryKey(),
    memberId: integer('member_id').notNull(),
    contactedOn: dateCol('contacted_on').notNull(),
    note: text('note'),
    createdBy: integer('created_by'),
    createdAt: createdAt(),
  },
  (t) => [
    index('member_contact_member_idx').on(t.memberId, t.contactedOn),
    foreignKey({ name: 'member_contact_member_fk', columns: [t.memberId], foreignColumns: [member.id] }),
  ],
);

/**
 * A member the org cannot reach (失联党员, decision 0026), from `since` until found again (`found_on`). At most
 * one open record per member. Audited.
 */
export const lostContact = pgTable(
  'lost_contact',
  {
    id: serial('id').primaryKey(),
    memberId: integer('member_id').notNull(),
    since: dateCol('since').notNull(),
    foundOn: dateCol('found_on'),
    note: text('note'),
    createdBy: integer('created_by'),
    createdAt: createdAt(),
  },
  (t) => [
    index('lost_contact_member_idx').on(t.memberId),
    uniqueIndex('lost_contact_open_uq')
      .on(t.memberId)
      .where(sql`${t.foundOn} is null`),
    foreignKey({ name: 'lost_contact_member_fk', columns: [t.memberId], foreignColumns: [member.id] }),
    check('lost_contact_dates_ck', sql`${t.foundOn} is null or ${t.foundOn} >= ${t.since}`),
  ],
);

/**
 * Early warnings (decision 0032): an amber or red health indicator of an org opens a warning with `since` (when the
 * cause began, if the records say; else the day it was first seen); its level and evidence follow the latest
 * evaluation; it closes itself (`closed_on`) on the first evaluation that finds the cause cleared. At most one open
 * warning per org and indicator. Derived from the audited records by the evaluation (not audited itself).
 */
export const orgWarning = pgTable(
  'org_warning',
  {
    id: serial('id').primaryKey(),
    orgId: integer('org_id').notNull(),
    indicator: text('indicator').notNull(),
    level: text('level').notNull(),
    since: dateCol('since').notNull(),
    openedOn: dateCol('opened_on').notNull(),
    closedOn: dateCol('closed_on'),
    evidence: jsonb('evidence').notNull().default([]),
  },
  (t) => [
    uniqueIndex('org_warning_open_uq')
      .on(t.orgId, t.indicator)
      .where(sql`${t.closedOn} is null`),
    index('org_warning_org_idx').on(t.orgId, t.openedOn),
    foreignKey({ name: 'org_warning_org_fk', columns: [t.orgId], foreignColumns: [org.id] }),
    check('org_warning_level_ck', sql`${t.level} in ('amber','red')`),
    check('org_warning_dates_ck', sql`${t.closedOn} is null or ${t.closedOn} >= ${t.openedOn}`),
  ],
);

/**
 * Per org, indicator and level: how many warnings are open today in the org's subtree (itself included), and how
 * many of them are explained (decision 0032, addendum). Kept by statement triggers on `org_warning` and
 * `warning_explanation` (migration 0028); a subtree's counts are one primary-key range read.
 */
export const warningRoll = pgTable(
  'warning_roll',
  {
    orgId: integer('org_id').notNull(),
    indicator: text('indicator').notNull(),
    level: text('level').notNull(),
    orgs: integer('orgs').notNull(),
    explained: integer('explained').notNull(),
  },
  (t) => [primaryKey({ name: 'warning_roll_pk', columns: [t.orgId, t.indicator, t.level] })],
);

/**
 * An explanation people added to a warning (an approved postponement, a documented reason): the warning stays
 * visible but is marked explained. Audited.
 */
export const warningExplanation = pgTable(
  'warning_explanation',
  {
    id: serial('id').primaryKey(),
    warningId: integer('warning_id').notNull(),
    /** the warning's org (for scoped browsing of the audit) */
    orgId: integer('org_id').notNull(),
    kind: text('kind').notNull(),
    note: text('note').notNull(),
    explainedOn: dateCol('explained_on').notNull(),
    createdBy: integer('created_by'),
    createdAt: createdAt(),
  },
  (t) => [
    index('warning_explanation_warning_idx').on(t.warningId),
    foreignKey({
      name: 'warning_explanation_warning_fk',
      columns: [t.warningId],
      foreignColumns: [orgWarning.id],
    }),
    foreignKey({ name: 'warning_explanation_org_fk', columns: [t.orgId], foreignColumns: [org.id] }),
    check('warning_explanation_kind_ck', sql`${t.kind} in ('postponement','reason')`),
  ],
);

/**
 * A decision on a member's status (停止党籍、恢复党籍、除名、劝退、退党、开除党籍、去世, decision 0026), entered by a
 * person: which org decided (and by which body), which org above approved it (or was it filed with) and when, the
 * document, the grounds; the dated member event it made (`event_id`). The platform never changes a status on its
 * own. Audited.
 */
export const memberDecision = pgTable(
  'member_decision',
  {
    id: serial('id').primaryKey(),
    memberId: integer('member_id').notNull(),
    kind: text('kind').notNull(),
    grounds: text('grounds'),
    decidingOrgId: integer('deciding_org_id').notNull(),
    decidingBody: text('deciding_body').notNull(),
    decidedOn: dateCol('decided_on').notNull(),
    approvingOrgId: integer('approving_org_id'),
    approvedOn: dateCol('approved_on'),
    /** null while the decision waits for the approving org (state `pending`) or after it refused */
    effectiveOn: dateCol('effective_on'),
    documentNo: text('document_no'),
    reason: text('reason'),
    /**
     * `approved` (in force; also a decision that needs no approval, or one filed), `pending` (taken, waiting for the
     * approving org: the member's status is unchanged), `refused` (the approving org did not approve it)
     */
    state: text('state').notNull().default('approved'),
    refusedOn: dateCol('refused_on'),
    refusalReason: text('refusal_reason'),
    /** the account that recorded the approval or the refusal of a pending decision */
    answeredBy: integer('answered_by'),
    eventId: bigint('event_id', { mode: 'number' }),
    createdBy: integer('created_by'),
    createdAt: createdAt(),
  },
  (t) => [
    index('member_decision_member_idx').on(t.memberId, t.effectiveOn),
    foreignKey({ name: 'member_decision_member_fk', columns: [t.memberId], foreignColumns: [member.id] }),
    foreignKey({
      name: 'member_decision_deciding_fk',
      columns: [t.decidingOrgId],
      foreignColumns: [org.id],
    }),
    foreignKey({
      name: 'member_decision_approving_fk',
      columns: [t.approvingOrgId],
      foreignColumns: [org.id],
    }),
    foreignKey({
      name: 'member_decision_event_fk',
      columns: [t.eventId],
      foreignColumns: [memberEvent.id],
    }),
    check(
      'member_decision_kind_ck',
      sql`${t.kind} in ('suspend','reinstate','strike_off','persuade_out','withdraw','expel','decease')`,
    ),
    check(
      'member_decision_body_ck',
      sql`${t.decidingBody} in ('general_meeting','committee','higher_committee')`,
    ),
    check(
      'member_decision_dates_ck',
      sql`(${t.approvedOn} is null or ${t.approvedOn} >= ${t.decidedOn}) and (${t.effectiveOn} is null or ${t.effectiveOn} >= ${t.decidedOn}) and (${t.refusedOn} is null or ${t.refusedOn} >= ${t.decidedOn})`,
    ),
    check('member_decision_state_ck', sql`${t.state} in ('pending','approved','refused')`),
    check(
      'member_decision_state_dates_ck',
      sql`(${t.state} = 'approved' and ${t.effectiveOn} is not null and ${t.refusedOn} is null)
        or (${t.state} = 'pending' and ${t.effectiveOn} is null and ${t.approvedOn} is null and ${t.refusedOn} is null)
        or (${t.state} = 'refused' and ${t.effectiveOn} is null and ${t.refusedOn} is not null and ${t.refusalReason} is not null)`,
    ),
    index('member_decision_pending_idx')
      .on(t.approvingOrgId)
      .where(sql`${t.state} = 'pending'`),
  ],
);

/**
 * 民主评议党员 (issue 11 item 5, decisions 0023 and 0030): one member's result of a year's democratic appraisal,
 * tied to the 民主评议党员 meeting that held it (`meeting_id`, the meeting's org repeated for scope). `grade` is null
 * for a member who took part but is not graded (预备党员). A 不合格 grade's organisational disposal (组织处置:
 * 限期改正 `rectify`, 劝退 `persuade_out`, 除名 `strike_off`) is a decision people enter (`follow_up*`); a status
 * change stays a member decision (党籍处置). One result per member and year. Audited.
 */
export const memberAppraisal = pgTable(
  'member_appraisal',
  {
    id: serial('id').primaryKey(),
    meetingId: integer('meeting_id').notNull(),
    orgId: integer('org_id').notNull(),
    memberId: integer('member_id').notNull(),
    year: smallint('year').notNull(),
    grade: text('grade'),
    followUp: text('follow_up'),
    followUpOn: dateCol('follow_up_on'),
    followUpUntil: dateCol('follow_up_until'),
    followUpNote: text('follow_up_note'),
    createdBy: integer('created_by'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('member_appraisal_member_year_uq').on(t.memberId, t.year),
    index('member_appraisal_meeting_idx').on(t.meetingId),
    index('member_appraisal_org_idx').on(t.orgId, t.year),
    foreignKey({ name: 'member_appraisal_meeting_fk', columns: [t.meetingId], foreignColumns: [meeting.id] }),
    foreignKey({ name: 'member_appraisal_org_fk', columns: [t.orgId], foreignColumns: [org.id] }),
    foreignKey({ name: 'member_appraisal_member_fk', columns: [t.memberId], foreignColumns: [member.id] }),
    check(
      'member_appraisal_grade_ck',
      sql`${t.grade} is null or ${t.grade} in ('excellent','qualified','basically_qualified','unqualified')`,
    ),
    check(
      'member_appraisal_follow_up_ck',
      sql`(${t.followUp} is null and ${t.followUpOn} is null and ${t.followUpUntil} is null)
        or (${t.grade} = 'unqualified' and ${t.followUp} in ('rectify','persuade_out','strike_off') and ${t.followUpOn} is not null
            and (${t.followUpUntil} is null or (${t.followUp} = 'rectify' and ${t.followUpUntil} > ${t.followUpOn})))`,
    ),
  ],
);

/**
 * 述职评议 (抓基层党建工作述职评议考核, issue 14 item 5, decision 0037): a committee's yearly round reviewing the
 * secretaries of the orgs directly below it (the county committee its township secretaries, a township committee its
 * branch secretaries) — the day whose committee posts say who reports (`as_of`), the review meeting (day, how many
 * took part). One per committee and year. Audited.
 */
export const secretaryReview = pgTable(
  'secretary_review',
  {
    id: serial('id').primaryKey(),
    orgId: integer('org_id').notNull(),
    year: smallint('year').notNull(),
    asOf: dateCol('as_of').notNull(),
    heldOn: dateCol('held_on'),
    participants: integer('participants'),
    note: text('note').notNull().default(''),
    createdBy: integer('created_by'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('secretary_review_org_year_uq').on(t.orgId, t.year),
    foreignKey({ name: 'secretary_review_org_fk', columns: [t.orgId], foreignColumns: [org.id] }),
    check('secretary_review_participants_ck', sql`${t.participants} is null or ${t.participants} >= 0`),
  ],
);

/**
 * One secretary's part of a 述职评议 round: the written report (entered once), the democratic assessment's tally
 * per grade (optional), the grade the local rule suggested from it and the grade decided (好 / 较好 / 一般 / 差, with
 * a note when they differ), the problems pointed out and the rectification items, and the follow-ups people
 * recorded (the higher committee's talk 约谈, the view on adjusting the secretary, the view on not listing the org as
 * weak). Audited.
 */
export const secretaryReviewEntry = pgTable(
  'secretary_review_entry',
  {
    id: serial('id').primaryKey(),
    reviewId: integer('review_id').notNull(),
    orgId: integer('org_id').notNull(),
    memberId: integer('member_id').notNull(),
    report: text('report').notNull().default(''),
    votesGood: integer('votes_good'),
    votesFairlyGood: integer('votes_fairly_good'),
    votesAverage: integer('votes_average'),
    votesPoor: integer('votes_poor'),
    suggested: text('suggested'),
    grade: text('grade'),
    gradeNote: text('grade_note').notNull().default(''),
    problems: text('problems').notNull().default(''),
    rectification: jsonb('rectification').notNull().default([]),
    talkOn: dateCol('talk_on'),
    talkNote: text('talk_note'),
    adjustOn: dateCol('adjust_on'),
    adjustNote: text('adjust_note'),
    screenOn: dateCol('screen_on'),
    screenNote: text('screen_note'),
    createdBy: integer('created_by'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('secretary_review_entry_review_org_uq').on(t.reviewId, t.orgId),
    index('secretary_review_entry_org_idx').on(t.orgId),
    foreignKey({
      name: 'secretary_review_entry_review_fk',
      columns: [t.reviewId],
      foreignColumns: [secretaryReview.id],
    }),
    foreignKey({ name: 'secretary_review_entry_org_fk', columns: [t.orgId], foreignColumns: [org.id] }),
    foreignKey({
      name: 'secretary_review_entry_member_fk',
      columns: [t.memberId],
      foreignColumns: [member.id],
    }),
    check(
      'secretary_review_entry_grade_ck',
      sql`(${t.grade} is null or ${t.grade} in ('good','fairly_good','average','poor'))
        and (${t.suggested} is null or ${t.suggested} in ('good','fairly_good','average','poor'))`,
    ),
    check(
      'secretary_review_entry_votes_ck',
      sql`coalesce(${t.votesGood}, 0) >= 0 and coalesce(${t.votesFairlyGood}, 0) >= 0
        and coalesce(${t.votesAverage}, 0) >= 0 and coalesce(${t.votesPoor}, 0) >= 0`,
    ),
  ],
);

/**
 * Pre-computed per-org aggregates of the current roster over each org's whole subtree, kept correct by every
 * write in the same transaction. Age and standing bands are those as of `org_stat_state.as_of`; the daily roll
 * moves members whose birthday or confirmation anniversary passed.
 */
export const orgStat = pgTable(
  'org_stat',
  {
    orgId: integer('org_id').notNull(),
    dim: text('dim').notNull(),
    key: text('key').notNull(),
    n: integer('n').notNull(),
  },
  (t) => [primaryKey({ name: 'org_stat_pk', columns: [t.orgId, t.dim, t.key] })],
);

export const orgStatState = pgTable('org_stat_state', {
  id: smallint('id').primaryKey(),
  asOf: dateCol('as_of').notNull(),
});

/**
 * The organisational-life rollup (decision 0024), derived from meeting, org_version, member_period, committee_post,
 * party_group_member, heart_talk and the settings; kept by the writers' transactions (meetings) or at the next read
 * (other facts, marked in `life_dirty` by triggers), and rebuilt by the daily job `life.roll`.
 * `life_own`: each org's own judged periods per year and kind, as bit masks (bits 0-11 months, 12-15 quarters,
 * 16 the year): expected (owed and judged), held (of those, met), pending (running, not yet met).
 */
export const lifeOwn = pgTable(
  'life_own',
  {
    orgId: integer('org_id').notNull(),
    year: smallint('year').notNull(),
    type: text('type').notNull(),
    expected: integer('expected').notNull(),
    held: integer('held').notNull(),
    pending: integer('pending').notNull(),
  },
  (t) => [primaryKey({ name: 'life_own_pk', columns: [t.orgId, t.year, t.type] })],
);

/** Per org, year, kind and period (bit): how many orgs of its subtree, itself excluded, were in each state. */
export const lifeRoll = pgTable(
  'life_roll',
  {
    orgId: integer('org_id').notNull(),
    year: smallint('year').notNull(),
    type: text('type').notNull(),
    period: smallint('period').notNull(),
    expected: integer('expected').notNull(),
    held: integer('held').notNull(),
    pending: integer('pending').notNull(),
  },
  (t) => [primaryKey({ name: 'life_roll_pk', columns: [t.orgId, t.year, t.type, t.period] })],
);

/** Orgs whose facts changed since their cells were last judged (filled by triggers, emptied by the refresh). */
export const lifeDirty = pgTable('life_dirty', {
  orgId: integer('org_id').primaryKey(),
});

/** The day the rollup's cells are judged as of, and its first year; no row: not built (reads are live). */
export const lifeState = pgTable('life_state', {
  id: smallint('id').primaryKey(),
  asOf: dateCol('as_of').notNull(),
  fromYear: smallint('from_year').notNull(),
});

/**
 * 党章第九条's maintained run of months of organisational life missed without good reason (decision 0048): per
 * member who may have one, the run `lifeRun` counts over all their attendance months (no window, up to their latest
 * meeting) and the day of that latest counted meeting. Only a filter: the daily evaluation reads the attendance
 * months of only the members whose run may reach a flag, and judges them as before. Kept by the meeting writers'
 * transactions (members marked in `life_run_dirty` by triggers on attendance, visitors, meeting dates and record
 * marks), at the next evaluation for other writers, and rebuilt when `life_run_state` has no row.
 */
export const lifeRun = pgTable('life_run', {
  memberId: integer('member_id').primaryKey(),
  run: smallint('run').notNull(),
  lastHeld: dateCol('last_held').notNull(),
});

/** Members whose attendance changed since their run was last judged (filled by triggers, emptied by the refresh). */
export const lifeRunDirty = pgTable('life_run_dirty', {
  memberId: integer('member_id').primaryKey(),
});

/** The day the runs were last rebuilt; no row: not built (the evaluation reads every possible run). */
export const lifeRunState = pgTable('life_run_state', {
  id: smallint('id').primaryKey(),
  builtOn: dateCol('built_on').notNull(),
});

/**
 * The dues rollup (decision 0031), derived from dues_basis, dues_relief, dues_payment, member_period and the dues
 * settings; kept by the dues writers' transactions (or at the next read for roster changes, marked in `dues_dirty`
 * by triggers) and rebuilt by the daily job `dues.roll`. `dues_own`: per org and month (the previous and the running
 * year), the members on its own roster that month (each under the org of their latest roster period in it) and their
 * due, paid, 未核定, arrears and flags as of `dues_state.as_of`.
 */
const duesCells = {
  members: integer('members').notNull(),
  due: bigint('due', { mode: 'number' }).notNull(),
  paid: bigint('paid', { mode: 'number' }).notNull(),
  unknown: integer('unknown').notNull(),
  short: integer('short').notNull(),
  arrears: bigint('arrears', { mode: 'number' }).notNull(),
  threeMonths: integer('three_months').notNull(),
  sixMonths: integer('six_months').notNull(),
};

export const duesOwn = pgTable(
  'dues_own',
  { orgId: integer('org_id').notNull(), month: dateCol('month').notNull(), ...duesCells },
  (t) => [primaryKey({ name: 'dues_own_pk', columns: [t.orgId, t.month] })],
);

/** Per org and month: the sums of dues_own over its subtree, itself excluded. */
export const duesRoll = pgTable(
  'dues_roll',
  { orgId: integer('org_id').notNull(), month: dateCol('month').notNull(), ...duesCells },
  (t) => [primaryKey({ name: 'dues_roll_pk', columns: [t.orgId, t.month] })],
);

/** Each member's line of the state's month (the county's 按党员 list for this month, paged and filtered in SQL). */
export const duesLine = pgTable(
  'dues_line',
  {
    memberId: integer('member_id').primaryKey(),
    orgId: integer('org_id').notNull(),
    category: text('category'),
    baseFen: integer('base_fen'),
    relief: text('relief'),
    due: integer('due'),
    paid: integer('paid').notNull(),
    state: text('state').notNull(),
    arrearsMonths: integer('arrears_months').notNull(),
    arrears: integer('arrears').notNull(),
    flag: text('flag'),
    basisFrom: text('basis_from'),
    recheckDue: boolean('recheck_due').notNull(),
    /**
     * 党章第九条's run of ended months with nothing paid as of the state's day, and its first month `YYYY-MM`
     * (decision 0052); null on a line written before migration 0043 (read from the member's facts instead).
     */
    unpaidRun: smallint('unpaid_run'),
    unpaidSince: text('unpaid_since'),
  },
  (t) => [index('dues_line_org_ix').on(t.orgId)],
);

/** Orgs whose members' dues facts changed since their cells were last judged (triggers fill it). */
export const duesDirty = pgTable('dues_dirty', {
  orgId: integer('org_id').primaryKey(),
});

/** The day the dues rollup is judged as of and its first month; no row: not built (reads are live). */
export const duesState = pgTable('dues_state', {
  id: smallint('id').primaryKey(),
  asOf: dateCol('as_of').notNull(),
  fromMonth: dateCol('from_month').notNull(),
});

// ------------------------------------------------------------------------------------------------ access & trust

/** An account bound to one org (its scope is that org's subtree) with one role; a person may hold several. */
export const appUser = pgTable(
  'app_user',
  {
    id: serial('id').primaryKey(),
    username: text('username').notNull(),
    displayName: text('display_name').notNull(),
    passwordHash: text('password_hash').notNull(),
    role: text('role').notNull(),
    /** null only for a deployment-wide administrator (the first account, created before any org exists) */
    orgId: integer('org_id'),
    /** for the member role: the member whose own record this account sees */
    memberId: integer('member_id'),
    disabled: boolean('disabled').notNull().default(false),
    mustChangePassword: boolean('must_change_password').notNull().default(false),
    failedLogins: integer('failed_logins').notNull().default(0),
    lockedUntil: timestamp('locked_until', { withTimezone: true, mode: 'string' }),
    lastLoginAt: timestamp('last_login_at', { withTimezone: true, mode: 'string' }),
    createdAt: createdAt(),
    createdBy: integer('created_by'),
  },
  (t) => [
    uniqueIndex('app_user_username_uq').on(t.username),
    index('app_user_org_idx').on(t.orgId),
    foreignKey({ name: 'app_user_org_fk', columns: [t.orgId], foreignColumns: [org.id] }),
    foreignKey({ name: 'app_user_member_fk', columns: [t.memberId], foreignColumns: [member.id] }),
    check(
      'app_user_role_ck',
      sql`${t.role} in ('county_admin','township_officer','branch_secretary','viewer','member')`,
    ),
    check('app_user_org_ck', sql`${t.orgId} is not null or ${t.role} = 'county_admin'`),
    check('app_user_member_ck', sql`${t.role} <> 'member' or ${t.memberId} is not null`),
  ],
);

/**
 * Grants by assignment (decision 0010): an account holds, beside the subtree of its own org (its binding), a dated
 * grant of some actions on one more org and that org's subtree — a county leader who liaises with one village, a
 * first secretary sent to a village. A dated table (src/db/intervals.ts): the entity is one account's grant on one
 * org, so an account has at most one open grant per org and its grants on one org never overlap (the EXCLUDE
 * constraint `account_grant_no_overlap` is hand-written in migration 0006). Ended by setting `valid_to`, never
 * deleted. Audited.
 */
export const accountGrant = pgTable(
  'account_grant',
  {
    id: serial('id').primaryKey(),
    userId: integer('user_id').notNull(),
    /** the org whose subtree the grant reaches; null for a grant on one transfer */
    orgId: integer('org_id'),
    /**
     * a grant on one transfer, not a subtree (decision 0034): a township officer who reviews another township's
     * transfer; null for a grant on an org
     */
    transferId: integer('transfer_id'),
    /** policy actions granted (src/domain/access/policy.ts GRANTABLE_ACTIONS) */
    actions: text('actions').array().notNull(),
    validFrom: dateCol('valid_from').notNull(),
    validTo: dateCol('valid_to'),
    /** the account that granted it; null from the command line */
    grantedBy: integer('granted_by'),
    note: text('note'),
    createdAt: createdAt(),
  },
  (t) => [
    index('account_grant_user_idx').on(t.userId, t.validFrom),
    index('account_grant_org_idx').on(t.orgId),
    foreignKey({ name: 'account_grant_user_fk', columns: [t.userId], foreignColumns: [appUser.id] }),
    foreignKey({ name: 'account_grant_org_fk', columns: [t.orgId], foreignColumns: [org.id] }),
    foreignKey({
      name: 'account_grant_transfer_fk',
      columns: [t.transferId],
      foreignColumns: [transfer.id],
    }),
    index('account_grant_transfer_idx').on(t.transferId),
    check(
      'account_grant_actions_ck',
      sql`cardinality(${t.actions}) > 0 and ${t.actions} <@ array['read','reveal','write','import','audit.read','meetings.write','dues.write','recruitment.write','screening.observe','assessment.rate']::text[]`,
    ),
    check('account_grant_target_ck', sql`(${t.orgId} is null) <> (${t.transferId} is null)`),
    ...intervalRules('account_grant', [t.userId, t.orgId], t),
    uniqueIndex('account_grant_transfer_open_uq')
      .on(t.userId, t.transferId)
      .where(sql`${t.validTo} is null and ${t.transferId} is not null`),
  ],
);

/**
 * Local settings changed for this deployment (src/policy/settings.ts registers every setting with its default).
 * Effective-dated and never edited: a change is a new row, and the value in force on a date is the latest row of
 * its key with `effective_from` on or before that date (the later row when two share a date). Audited.
 */
export const localSetting = pgTable(
  'local_setting',
  {
    id: serial('id').primaryKey(),
    key: text('key').notNull(),
    value: jsonb('value').notNull(),
    effectiveFrom: dateCol('effective_from').notNull(),
    /** the account that made the change; null from the command line */
    changedBy: integer('changed_by'),
    changedAt: timestamp('changed_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
    note: text('note'),
  },
  (t) => [index('local_setting_key_idx').on(t.key, t.effectiveFrom)],
);

/**
 * Local synonyms of the classification fields (decision 0013): a text this deployment's ledgers use for a category,
 * chosen on the mapping screen (or `jiceng classify map`) for a value no code table or built-in synonym knew. Keyed
 * by field and the text's lookup key (folded, no spaces, lower case: src/io/normalize.ts lookupKey), so one mapping
 * covers the spellings that differ only in width or spacing. Every import reads them; a change is audited.
 */
export const classificationSynonym = pgTable(
  'classification_synonym',
  {
    id: serial('id').primaryKey(),
    field: text('field').notNull(),
    /** the text as first mapped (shown) */
    raw: text('raw').notNull(),
    /** lookupKey(raw): what a cell is compared by */
    rawKey: text('raw_key').notNull(),
    code: text('code').notNull(),
    /** the account that chose it; null from the command line */
    mappedBy: integer('mapped_by'),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('classification_synonym_uq').on(t.field, t.rawKey),
    check('classification_synonym_field_ck', sql`${t.field} in ('ethnicity','education','occupation')`),
  ],
);

/** Server-side sessions; the cookie holds a random token, the table only its SHA-256. */
export const userSession = pgTable(
  'user_session',
  {
    tokenHash: text('token_hash').primaryKey(),
    userId: integer('user_id').notNull(),
    createdAt: createdAt(),
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'string' }).notNull(),
    ip: text('ip'),
  },
  (t) => [
    index('user_session_user_idx').on(t.userId),
    foreignKey({ name: 'user_session_user_fk', columns: [t.userId], foreignColumns: [appUser.id] }),
  ],
);

/**
 * Append-only, hash-chained audit log. Each entry's hash covers its content and the previous entry's hash, so an
 * edit, deletion or reordering of past entries breaks the chain (`jiceng audit verify`). Filled by triggers on
 * the audited tables, by the bulk appliers (one entry per written chunk) and by sensitive reads.
 */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: timestamp('at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
    actorId: integer('actor_id'),
    actorLabel: text('actor_label').notNull(),
    ip: text('ip'),
    action: text('action').notNull(),
    entity: text('entity').notNull(),
    entityId: text('entity_id'),
    /** path of the org the change concerns, for scoped browsing */
    orgPath: text('org_path'),
    memberId: integer('member_id'),
    before: jsonb('before'),
    after: jsonb('after'),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [
    index('audit_log_org_path_idx').on(t.orgPath.op('text_pattern_ops')),
    index('audit_log_member_idx').on(t.memberId),
    index('audit_log_actor_idx').on(t.actorId),
  ],
);

/**
 * Audit entries written by a transaction that has not committed yet. Every insert into `audit_log` lands here
 * first (its `BEFORE INSERT` trigger redirects it); a deferred constraint trigger moves the transaction's rows into
 * the chain when it commits, so the chain's lock is held only while the transaction commits (migration 0004,
 * decision 0009). Empty outside running transactions.
 */
export const auditPending = pgTable('audit_pending', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  at: timestamp('at', { withTimezone: true, mode: 'string' }).notNull(),
  actorId: integer('actor_id'),
  actorLabel: text('actor_label').notNull(),
  ip: text('ip'),
  action: text('action').notNull(),
  entity: text('entity').notNull(),
  entityId: text('entity_id'),
  orgPath: text('org_path'),
  memberId: integer('member_id'),
  before: jsonb('before'),
  after: jsonb('after'),
});

/**
 * Scheduled jobs (src/services/jobs.ts registers them): when each last ran and is due next, and who holds it while
 * it runs (a lease, so that two processes never run one job at once and a crashed runner's job is taken over when
 * the lease expires).
 */
export const job = pgTable(
  'job',
  {
    name: text('name').primaryKey(),
    /** 'idle' (never ran), 'running', 'ok' or 'failed' */
    status: text('status').notNull().default('idle'),
    nextDueAt: timestamp('next_due_at', { withTimezone: true, mode: 'string' }).notNull(),
    lastStartedAt: timestamp('last_started_at', { withTimezone: true, mode: 'string' }),
    lastRunAt: timestamp('last_run_at', { withTimezone: true, mode: 'string' }),
    /** what the last successful run did, in a few words */
    lastResult: text('last_result'),
    lastError: text('last_error'),
    leaseOwner: text('lease_owner'),
    leaseUntil: timestamp('lease_until', { withTimezone: true, mode: 'string' }),
  },
  (t) => [check('job_status_ck', sql`${t.status} in ('idle','running','ok','failed')`)],
);

/**
 * 软弱涣散排查 (issue 14 item 3, decision 0033): what a township officer recorded about a village-level org in a
 * screening year — an observation naming a weak-org type, a petition count (信访件次) or a satisfaction survey —
 * dated, with its author. Audited.
 */
export const screeningObservation = pgTable(
  'screening_observation',
  {
    id: serial('id').primaryKey(),
    orgId: integer('org_id').notNull(),
    kind: text('kind').notNull(),
    observedOn: dateCol('observed_on').notNull(),
    weakType: smallint('weak_type'),
    count: integer('count'),
    respondents: integer('respondents'),
    satisfied: integer('satisfied'),
    note: text('note').notNull().default(''),
    recordedBy: integer('recorded_by'),
    createdAt: createdAt(),
  },
  (t) => [
    index('screening_observation_org_idx').on(t.orgId, t.observedOn),
    foreignKey({ name: 'screening_observation_org_fk', columns: [t.orgId], foreignColumns: [org.id] }),
    check('screening_observation_kind_ck', sql`${t.kind} in ('observation','petition','survey')`),
    check(
      'screening_observation_counts_ck',
      sql`coalesce(${t.count}, 0) >= 0 and coalesce(${t.satisfied}, 0) >= 0 and coalesce(${t.satisfied}, 0) <= coalesce(${t.respondents}, 0)`,
    ),
  ],
);

/**
 * The county's confirmation that an org was weak and lax in a screening year (认定): its types (several, numbers of
 * domain/screening/types.ts), the reason and main problems, who confirmed it and when, and whether it came from an
 * imported ledger. One per org and year. Audited.
 */
export const screeningConfirmation = pgTable(
  'screening_confirmation',
  {
    id: serial('id').primaryKey(),
    orgId: integer('org_id').notNull(),
    year: smallint('year').notNull(),
    types: jsonb('types').notNull(),
    reason: text('reason').notNull().default(''),
    problems: text('problems').notNull().default(''),
    confirmedOn: dateCol('confirmed_on').notNull(),
    source: text('source').notNull().default('manual'),
    confirmedBy: integer('confirmed_by'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('screening_confirmation_org_year_uq').on(t.orgId, t.year),
    foreignKey({ name: 'screening_confirmation_org_fk', columns: [t.orgId], foreignColumns: [org.id] }),
    check('screening_confirmation_source_ck', sql`${t.source} in ('manual','import')`),
  ],
);

/**
 * 一村一策 (issue 14 item 4, decision 0033): the rectification case of a confirmed org — its problems, the liaison
 * county leader (县级联系领导), the pairing unit (结对帮扶单位), the first secretary with the term of the appointment,
 * the resident cadres (驻村干部), the close-out (销号) and the end of the follow-up watch, and a relapse found in it.
 * Audited.
 */
export const rectificationCase = pgTable(
  'rectification_case',
  {
    id: serial('id').primaryKey(),
    confirmationId: integer('confirmation_id').notNull(),
    orgId: integer('org_id').notNull(),
    problems: text('problems').notNull().default(''),
    liaisonLeader: text('liaison_leader'),
    pairingUnit: text('pairing_unit'),
    firstSecretary: text('first_secretary'),
    firstSecretaryUnit: text('first_secretary_unit'),
    firstSecretaryFrom: dateCol('first_secretary_from'),
    firstSecretaryTo: dateCol('first_secretary_to'),
    residentCadres: jsonb('resident_cadres').notNull().default([]),
    closedOn: dateCol('closed_on'),
    watchUntil: dateCol('watch_until'),
    relapsedOn: dateCol('relapsed_on'),
    relapseNote: text('relapse_note'),
    createdBy: integer('created_by'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('rectification_case_confirmation_uq').on(t.confirmationId),
    index('rectification_case_org_idx').on(t.orgId),
    foreignKey({
      name: 'rectification_case_confirmation_fk',
      columns: [t.confirmationId],
      foreignColumns: [screeningConfirmation.id],
    }),
    foreignKey({ name: 'rectification_case_org_fk', columns: [t.orgId], foreignColumns: [org.id] }),
  ],
);

/** A measure of a rectification case: what, who is responsible, by when, and the day it was done. Audited. */
export const rectificationMeasure = pgTable(
  'rectification_measure',
  {
    id: serial('id').primaryKey(),
    caseId: integer('case_id').notNull(),
    orgId: integer('org_id').notNull(),
    content: text('content').notNull(),
    responsible: text('responsible').notNull(),
    dueOn: dateCol('due_on').notNull(),
    doneOn: dateCol('done_on'),
    createdBy: integer('created_by'),
    createdAt: createdAt(),
  },
  (t) => [
    index('rectification_measure_case_idx').on(t.caseId, t.dueOn),
    foreignKey({
      name: 'rectification_measure_case_fk',
      columns: [t.caseId],
      foreignColumns: [rectificationCase.id],
    }),
    foreignKey({ name: 'rectification_measure_org_fk', columns: [t.orgId], foreignColumns: [org.id] }),
  ],
);

/** A dated progress entry of a rectification case (optionally about one measure), with its author. Audited. */
export const rectificationProgress = pgTable(
  'rectification_progress',
  {
    id: serial('id').primaryKey(),
    caseId: integer('case_id').notNull(),
    orgId: integer('org_id').notNull(),
    measureId: integer('measure_id'),
    notedOn: dateCol('noted_on').notNull(),
    content: text('content').notNull(),
    recordedBy: integer('recorded_by'),
    createdAt: createdAt(),
  },
  (t) => [
    index('rectification_progress_case_idx').on(t.caseId, t.notedOn),
    foreignKey({
      name: 'rectification_progress_case_fk',
      columns: [t.caseId],
      foreignColumns: [rectificationCase.id],
    }),
    foreignKey({
      name: 'rectification_progress_measure_fk',
      columns: [t.measureId],
      foreignColumns: [rectificationMeasure.id],
    }),
    foreignKey({ name: 'rectification_progress_org_fk', columns: [t.orgId], foreignColumns: [org.id] }),
  ],
);

/**
 * An acceptance (验收) of a rectification case: the day, the combined score out of 100, the democratic
 * assessment's votes, what the local scheme suggested (`suggested`, with the settings it used) and what the
 * acceptance group decided (`decision`, by the people named in `deciders`, with a note). Audited.
 */
export const rectificationAcceptance = pgTable(
  'rectification_acceptance',
  {
    id: serial('id').primaryKey(),
    caseId: integer('case_id').notNull(),
    orgId: integer('org_id').notNull(),
    heldOn: dateCol('held_on').notNull(),
    score: numeric('score', { precision: 4, scale: 1 }).notNull(),
    voters: integer('voters').notNull(),
    dissatisfied: integer('dissatisfied').notNull(),
    suggested: text('suggested').notNull(),
    scheme: jsonb('scheme').notNull(),
    decision: text('decision').notNull(),
    deciders: text('deciders').notNull(),
    note: text('note').notNull().default(''),
    recordedBy: integer('recorded_by'),
    createdAt: createdAt(),
  },
  (t) => [
    index('rectification_acceptance_case_idx').on(t.caseId, t.heldOn),
    foreignKey({
      name: 'rectification_acceptance_case_fk',
      columns: [t.caseId],
      foreignColumns: [rectificationCase.id],
    }),
    foreignKey({ name: 'rectification_acceptance_org_fk', columns: [t.orgId], foreignColumns: [org.id] }),
    check('rectification_acceptance_suggested_ck', sql`${t.suggested} in ('pass','fail')`),
    check('rectification_acceptance_decision_ck', sql`${t.decision} in ('passed','failed')`),
    check(
      'rectification_acceptance_votes_ck',
      sql`${t.voters} >= 0 and ${t.dissatisfied} >= 0 and ${t.dissatisfied} <= ${t.voters}`,
    ),
  ],
);

/**
 * 分类考核 (issue 14 item 5, decision 0036): the category of the county's assessment scheme an org is assessed by
 * (e.g. 工商贸易型 / 特色产业型 / 一般经济发展型 — keys of the setting `assessment.scheme`), from a date; the one in force
 * on a day is the latest row effective by then (a correction on the same day: the later row). Audited.
 */
export const assessmentCategory = pgTable(
  'assessment_category',
  {
    id: serial('id').primaryKey(),
    orgId: integer('org_id').notNull(),
    category: text('category').notNull(),
    effectiveFrom: dateCol('effective_from').notNull(),
    note: text('note').notNull().default(''),
    recordedBy: integer('recorded_by'),
    createdAt: createdAt(),
  },
  (t) => [
    index('assessment_category_org_idx').on(t.orgId, t.effectiveFrom),
    foreignKey({ name: 'assessment_category_org_fk', columns: [t.orgId], foreignColumns: [org.id] }),
  ],
);

/**
 * A person's score for a human-rated item of an org's assessment scheme (decision 0036), for a month of a year: it
 * stands for that month and the following months of the year until the next rating. The note (the reason) is
 * required. Audited.
 */
export const assessmentRating = pgTable(
  'assessment_rating',
  {
    id: serial('id').primaryKey(),
    orgId: integer('org_id').notNull(),
    item: text('item').notNull(),
    month: dateCol('month').notNull(),
    score: smallint('score').notNull(),
    note: text('note').notNull(),
    recordedBy: integer('recorded_by'),
    createdAt: createdAt(),
  },
  (t) => [
    index('assessment_rating_org_idx').on(t.orgId, t.month),
    foreignKey({ name: 'assessment_rating_org_fk', columns: [t.orgId], foreignColumns: [org.id] }),
    check('assessment_rating_score_ck', sql`${t.score} >= 0`),
    check('assessment_rating_month_ck', sql`extract(day from ${t.month}) = 1`),
  ],
);

/**
 * A draw of records to verify on site (抽查, issue 14 part 6, decision 0038): by whom and when, over which subtree
 * (`org_id` its root), period and kinds of record, how many asked for, the seed and the weighting it drew with and
 * how many candidates there were (with a digest of the candidate list, so a replay can be checked). The drawn
 * records are `sample_item`. Never changed or deleted: a draw one does not like stays on the list. Audited.
 */
export const sampleDraw = pgTable(
  'sample_draw',
  {
    id: serial('id').primaryKey(),
    orgId: integer('org_id').notNull(),
    periodFrom: dateCol('period_from').notNull(),
    periodTo: dateCol('period_to').notNull(),
    kinds: text('kinds').array().notNull(),
    size: integer('size').notNull(),
    seed: text('seed').notNull(),
    weighting: text('weighting').notNull(),
    candidates: integer('candidates').notNull(),
    candidatesDigest: text('candidates_digest').notNull(),
    drawnBy: integer('drawn_by'),
    drawnByName: text('drawn_by_name').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    index('sample_draw_org_idx').on(t.orgId, t.createdAt),
    foreignKey({ name: 'sample_draw_org_fk', columns: [t.orgId], foreignColumns: [org.id] }),
    check('sample_draw_period_ck', sql`${t.periodTo} >= ${t.periodFrom}`),
    check('sample_draw_size_ck', sql`${t.size} > 0`),
    check(
      'sample_draw_kinds_ck',
      sql`cardinality(${t.kinds}) > 0 and ${t.kinds} <@ array['meeting','dues_payment','recruitment_step']::text[]`,
    ),
  ],
);

/**
 * One record drawn (decision 0038): its kind and id, its org, its place in the draw, the weight it was drawn with and
 * the consistency signals behind the weight, and what it said when drawn (`summary`). Audited.
 */
export const sampleItem = pgTable(
  'sample_item',
  {
    id: serial('id').primaryKey(),
    drawId: integer('draw_id').notNull(),
    position: integer('position').notNull(),
    kind: text('kind').notNull(),
    recordId: integer('record_id').notNull(),
    orgId: integer('org_id').notNull(),
    weight: integer('weight').notNull(),
    signals: text('signals')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    summary: text('summary').notNull(),
  },
  (t) => [
    uniqueIndex('sample_item_draw_position_uq').on(t.drawId, t.position),
    uniqueIndex('sample_item_draw_record_uq').on(t.drawId, t.kind, t.recordId),
    index('sample_item_record_idx').on(t.kind, t.recordId),
    foreignKey({ name: 'sample_item_draw_fk', columns: [t.drawId], foreignColumns: [sampleDraw.id] }),
    foreignKey({ name: 'sample_item_org_fk', columns: [t.orgId], foreignColumns: [org.id] }),
    check('sample_item_kind_ck', sql`${t.kind} in ('meeting','dues_payment','recruitment_step')`),
  ],
);

/**
 * An on-site verification of a drawn record (核实, decision 0038): 属实 / 部分属实 / 不属实 with a note, who verified
 * it on site and on which day, who entered it. Never changed or deleted: a revision is a new entry, and the latest
 * entry of a record is its mark. Audited.
 */
export const sampleVerification = pgTable(
  'sample_verification',
  {
    id: serial('id').primaryKey(),
    itemId: integer('item_id').notNull(),
    kind: text('kind').notNull(),
    recordId: integer('record_id').notNull(),
    orgId: integer('org_id').notNull(),
    result: text('result').notNull(),
    note: text('note').notNull().default(''),
    verifier: text('verifier').notNull(),
    verifiedOn: dateCol('verified_on').notNull(),
    recordedBy: integer('recorded_by'),
    createdAt: createdAt(),
  },
  (t) => [
    index('sample_verification_item_idx').on(t.itemId, t.id),
    index('sample_verification_record_idx').on(t.kind, t.recordId, t.id),
    foreignKey({ name: 'sample_verification_item_fk', columns: [t.itemId], foreignColumns: [sampleItem.id] }),
    foreignKey({ name: 'sample_verification_org_fk', columns: [t.orgId], foreignColumns: [org.id] }),
    check('sample_verification_result_ck', sql`${t.result} in ('true','partly','false')`),
  ],
);

/**
 * A record's mark (decision 0038), derived from its latest verification: kept in the verification's transaction so
 * the compliance reads (a meeting marked false does not count) and the lists that show the mark find it by key.
 */
export const recordMark = pgTable(
  'record_mark',
  {
    kind: text('kind').notNull(),
    recordId: integer('record_id').notNull(),
    orgId: integer('org_id').notNull(),
    result: text('result').notNull(),
    verificationId: integer('verification_id').notNull(),
  },
  (t) => [primaryKey({ name: 'record_mark_pk', columns: [t.kind, t.recordId] })],
);

/**
 * A county's village-level division table (统计用区划代码和城乡划分代码 style, issue 14 part 1, decision 0039): one
 * imported version, effective from its date. The coverage indicator reads the version in force on the day it judges
 * (the latest `effective_from` on or before it, then the later import); a new import is a new version, never an
 * edit. Its rows are `division_row`. Audited.
 */
export const divisionTable = pgTable(
  'division_table',
  {
    id: serial('id').primaryKey(),
    /** the county's 6-digit GB/T 2260 code: every row's code begins with it */
    countyCode: text('county_code').notNull(),
    effectiveFrom: dateCol('effective_from').notNull(),
    /** the file it was read from (name and SHA-256), or the built-in list the demo seeds */
    source: text('source').notNull(),
    townships: integer('townships').notNull(),
    villages: integer('villages').notNull(),
    /** the account that imported it; null from the command line */
    importedBy: integer('imported_by'),
    createdAt: createdAt(),
  },
  (t) => [
    index('division_table_effective_idx').on(t.effectiveFrom, t.id),
    check('division_table_county_ck', sql`${t.countyCode} ~ '^[0-9]{6}$'`),
  ],
);

/**
 * One row of a division table (decision 0039): a township-level division (9-digit code) or a village-level one
 * (12-digit code: 居委会, 村委会 or a virtual area) with its township, its name as published and its urban-rural
 * class code (城乡分类代码 111–220; null when the table did not give it). Audited.
 */
export const divisionRow = pgTable(
  'division_row',
  {
    tableId: integer('table_id').notNull(),
    code: text('code').notNull(),
    name: text('name').notNull(),
    level: text('level').notNull(),
    townshipCode: text('township_code').notNull(),
    urbanRural: text('urban_rural'),
  },
  (t) => [
    primaryKey({ name: 'division_row_pk', columns: [t.tableId, t.code] }),
    foreignKey({ name: 'division_row_table_fk', columns: [t.tableId], foreignColumns: [divisionTable.id] }),
    check(
      'division_row_level_ck',
      sql`(${t.level} = 'township' and ${t.code} ~ '^[0-9]{9}$' and ${t.townshipCode} = ${t.code})
        or (${t.level} = 'village' and ${t.code} ~ '^[0-9]{12}$' and ${t.townshipCode} = left(${t.code}, 9))`,
    ),
    check(
      'division_row_urban_rural_ck',
      sql`${t.urbanRural} is null or ${t.urbanRural} in ('111','112','121','122','123','210','220')`,
    ),
  ],
);
