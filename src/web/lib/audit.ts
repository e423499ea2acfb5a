/**
 * Reading the audit log for people: Chinese names of actions and fields, values shown as labels (codes → 正式党员,
 * booleans → 是/否), and the fields an entry changed (before → after). The API gives a changed row under its
 * domain field names (camelCase), without bookkeeping columns, and the entity's Chinese name (the table registry,
 * src/shared/tables.ts); the labels here are keyed by those domain names.
 */
import { COMMITTEE_POSTS, ORG_STATUSES, labelOf, type CodeEntry } from '../../shared/codes.js';
import { entityLabel } from '../../shared/tables.js';
import { roleLabel } from '../auth/context.js';
import {
  FIELD_LABELS,
  educationGroupLabel,
  educationLabel,
  ethnicityLabel,
  kindLabel,
  occupationLabel,
  orgEventLabel,
  sectorLabel,
  sexLabel,
  shanghaiTime,
  statusLabel,
} from './format.js';
import { memberEventLabel, recordKindLabel, removalKindLabel } from './member-labels.js';

export { shanghaiTime };

export const AUDIT_ACTIONS: readonly CodeEntry[] = [
  { code: 'insert', zh: '新增' },
  { code: 'update', zh: '修改' },
  { code: 'delete', zh: '删除' },
  { code: 'bulk_insert', zh: '批量导入' },
  { code: 'bulk_delete', zh: '批量删除' },
  { code: 'bulk_update', zh: '批量更新' },
  { code: 'read_sensitive', zh: '查看敏感信息' },
  { code: 'export', zh: '导出' },
  { code: 'export_sensitive', zh: '导出完整信息' },
  { code: 'login', zh: '登录' },
  { code: 'login_failed', zh: '登录失败' },
  { code: 'password_changed', zh: '修改密码' },
  { code: 'password_reset', zh: '重置密码' },
  { code: 'restore', zh: '恢复备份' },
];

export const actionLabel = (c: string) => labelOf(AUDIT_ACTIONS, c) || '其他操作';

/** Tag colours per action: changes blue/green/red, reads of sensitive data orange, sign-in events grey. */
export function actionColor(action: string): string {
  switch (action) {
    case 'insert':
    case 'bulk_insert':
      return 'green';
    case 'update':
    case 'bulk_update':
      return 'blue';
    case 'delete':
    case 'bulk_delete':
      return 'red';
    case 'read_sensitive':
    case 'export_sensitive':
      return 'orange';
    case 'export':
      return 'cyan';
    case 'login_failed':
      return 'volcano';
    default:
      return 'default';
  }
}

/** Keys of event data and application events' payloads that are bookkeeping, not history. */
const HIDDEN = new Set([
  'id',
  'path',
  'depth',
  'createdAt',
  'createdBy',
  'recordedAt',
  'recordedBy',
  'sha256',
]);

/** Fields of the audited records, by domain name, shared by several tables. */
const RECORD_LABELS: Record<string, string> = {
  name: '姓名',
  sex: '性别',
  birthDate: '出生日期',
  idNumber: '身份证号',
  ethnicity: '民族',
  education: '学历',
  occupation: '职业',
  nativePlace: '籍贯',
  phone: '联系电话',
  address: '地址',
  workUnit: '工作单位',
  jobTitle: '工作职务',
  status: '状态',
  joinedOn: '入党日期',
  confirmedOn: '转正日期',
  isMobile: '流动党员',
  orgId: '所在组织',
  memberId: '党员',
  code: '组织编码',
  shortName: '简称',
  kind: '类别',
  sector: '单位领域',
  parentId: '上级组织',
  divisionCode: '行政区划代码',
  foundedOn: '成立日期',
  dissolvedOn: '撤销日期',
  contactPhone: '联系电话',
  validFrom: '起始日期',
  validTo: '截止日期',
  effectiveOn: '生效日期',
  effectiveFrom: '生效日期',
  data: '详情',
  electedOn: '选举日期',
  termYears: '任期（年）',
  termEndsOn: '届满日期',
  note: '备注',
  post: '职务',
  title: '名称',
  startOn: '开始日期',
  endOn: '结束日期',
  username: '用户名',
  displayName: '姓名',
  role: '角色',
  disabled: '已停用',
  mustChangePassword: '须改密码状态',
  groupId: '党小组',
  partyGroupId: '党小组',
  leaderMemberId: '组长',
  createdOn: '成立日期',
  subject: '表决事项',
  talkId: '谈心谈话',
  yes: '赞成',
  no: '反对',
  abstain: '弃权',
  entitled: '应到会有表决权人数',
  presentVoters: '到会有表决权人数',
  outcome: '表决结果',
  reason: '说明',
};

/** Labels that depend on the table (an org's `name` is its 组织名称, an event's `kind` its 变动类型). */
const TABLE_LABELS: Record<string, Record<string, string>> = {
  org: { name: '组织名称', kind: '组织类别', orgId: '党组织', address: '地址' },
  org_version: { name: '组织名称', kind: '组织类别', parentId: '上级组织', orgId: '党组织' },
  org_event: { kind: '变动类型', orgId: '党组织' },
  org_term: { orgId: '党组织' },
  committee_post: { orgId: '党组织', title: '职务名称', startOn: '任职日期', endOn: '免职日期' },
  member: { address: '家庭住址', status: '人员类别' },
  member_period: { status: '人员类别' },
  member_event: { kind: '变动类型' },
  member_record: { kind: '信息类别' },
  app_user: { orgId: '所属组织', memberId: '对应党员' },
  local_setting: { key: '设置项', value: '设置值', note: '说明' },
};

/** Keys inside jsonb values (event data, export filters, bulk summaries), camelCase. */
const DATA_LABELS: Record<string, string> = {
  ...FIELD_LABELS,
  name: '名称',
  fields: '修改项',
  before: '修改前',
  after: '修改后',
  note: '备注',
  fromOrgCode: '原组织编码',
  fromOrgName: '原所在组织',
  toOrgCode: '转入组织编码',
  toOrgName: '转入组织',
  fromCode: '原上级组织编码',
  fromName: '原上级组织',
  toCode: '新上级组织编码',
  toName: '新上级组织',
  parentCode: '上级组织编码',
  removalKind: '出党方式',
  orgCode: '组织编码',
  orgName: '党组织',
  title: '名称',
  party: '单位',
  detail: '说明',
  hours: '学时',
  termYears: '任期（年）',
  termEndsOn: '届满日期',
  posts: '班子成员',
  memberId: '党员编号',
  post: '职务',
  startOn: '开始日期',
  field: '查看的信息',
  org: '组织编码',
  rows: '行数',
  filter: '筛选条件',
  full: '含完整身份证号和电话',
  username: '用户名',
  locked: '已锁定账号',
  reason: '原因',
  failures: '连续失败次数',
  withheld: '未含联系方式的人数',
  count: '写入条数',
  firstId: '起始编号',
  lastId: '结束编号',
  tables: '写入的表',
  table: '表',
  source: '来源',
  q: '搜索',
  status: '人员类别',
  ageBand: '年龄段',
  direct: '仅本组织',
  asOf: '截至日期',
};

const SOURCE_LABELS: Record<string, string> = { import: '表格导入', demo: '演示数据', cli: '命令行' };

function isIsoTimestamp(s: string): boolean {
  return /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/.test(s);
}

/** Ids of other rows, shown as 编号 n. */
const REFERENCES = new Set(['orgId', 'parentId', 'memberId', 'userId']);

export function fieldLabel(table: string, key: string): string {
  return TABLE_LABELS[table]?.[key] ?? RECORD_LABELS[key] ?? DATA_LABELS[key] ?? key;
}

/** One value as text: code tables by key, booleans, timestamps, lists and nested objects. */
export function valueText(table: string, key: string, v: unknown): string {
  if (v === null || v === undefined || v === '') return '';
  if (typeof v === 'boolean') return v ? '是' : '否';
  if (Array.isArray(v)) {
    if (key === 'fields') return v.map((f) => DATA_LABELS[String(f)] ?? String(f)).join('、');
    return v
      .map((x) => (x && typeof x === 'object' ? objectText(table, x as Record<string, unknown>) : String(x)))
      .join('；');
  }
  if (typeof v === 'object') return objectText(table, v as Record<string, unknown>);
  const s = String(v);
  // internal numbers of other rows: say what they are
  if (REFERENCES.has(key)) return `编号 ${s}`;
  switch (key) {
    case 'status':
      return table === 'org' || table === 'org_version' ? labelOf(ORG_STATUSES, s) : statusLabel(s);
    case 'sex':
      return sexLabel(s);
    case 'ethnicity':
      return ethnicityLabel(s);
    case 'education': {
      // a filter may name a whole group (大学本科及以上…) rather than one level
      const one = educationLabel(s);
      return one !== s ? one : educationGroupLabel(s);
    }
    case 'occupation':
      return occupationLabel(s);
    case 'sector':
      return sectorLabel(s);
    case 'role':
      return roleLabel(s) || s;
    case 'post':
      return labelOf(COMMITTEE_POSTS, s);
    case 'removalKind':
      return removalKindLabel(s);
    case 'source':
      return SOURCE_LABELS[s] ?? s;
    case 'field':
      return DATA_LABELS[s] ?? s;
    case 'table':
      return entityLabel(s);
    case 'kind':
      if (table === 'member_event') return memberEventLabel(s);
      if (table === 'org_event') return orgEventLabel(s);
      if (table === 'member_record') return recordKindLabel(s);
      return kindLabel(s);
  }
  if (typeof v === 'string' && isIsoTimestamp(s)) return shanghaiTime(s);
  return s;
}

function objectText(table: string, o: Record<string, unknown>): string {
  // an event's change: { fields?, before, after } → '工作职务：（空）→ 村党支部委员'; the values inside are the
  // org's or the member's own fields, not the event's
  const b = asRecord(o.before);
  const a = asRecord(o.after);
  if (b && a) {
    const inner = table === 'org_event' ? 'org' : table === 'member_event' ? 'member' : table;
    const fields = Array.isArray(o.fields)
      ? o.fields.map(String)
      : [...new Set([...Object.keys(b), ...Object.keys(a)])];
    const parts = fields.map((k) => {
      const label = DATA_LABELS[k] ?? k;
      if (!(k in b) && !(k in a)) return `${label}（已修改）`;
      return `${label}：${valueText(inner, k, b[k]) || '（空）'} → ${valueText(inner, k, a[k]) || '（空）'}`;
    });
    const rest = Object.fromEntries(
      Object.entries(o).filter(([k]) => k !== 'fields' && k !== 'before' && k !== 'after'),
    );
    const tail = objectText(table, rest);
    return [parts.join('；'), tail].filter(Boolean).join('；');
  }
  return Object.entries(o)
    .filter(([k, x]) => !HIDDEN.has(k) && x !== null && x !== undefined && x !== '')
    .map(([k, x]) => `${DATA_LABELS[k] ?? k}：${valueText(table, k, x)}`)
    .join('，');
}

/** The order fields are listed in: what a record is first, then its dates and details. */
const ORDER = [
  'name',
  'displayName',
  'username',
  'role',
  'code',
  'kind',
  'status',
  'sex',
  'birthDate',
  'idNumber',
  'ethnicity',
  'education',
  'occupation',
  'nativePlace',
  'workUnit',
  'jobTitle',
  'phone',
  'address',
  'orgId',
  'parentId',
  'joinedOn',
  'confirmedOn',
  'effectiveOn',
  'validFrom',
  'validTo',
];

function rank(key: string): number {
  const i = ORDER.indexOf(key);
  return i < 0 ? (key === 'data' ? 1000 : 500) : i;
}

export interface FieldChange {
  key: string;
  label: string;
  before: string;
  after: string;
}

function asRecord(v: unknown): Record<string, unknown> | null {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
}

/**
 * The fields an entry changed, what a record is first: for an update only the fields whose value differs, for an
 * insert the values written, for a delete the values removed. (The API leaves a row's bookkeeping columns out.)
 */
export function changedFields(entity: string, before: unknown, after: unknown): FieldChange[] {
  const b = asRecord(before) ?? {};
  const a = asRecord(after) ?? {};
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])].sort((x, y) => rank(x) - rank(y));
  const out: FieldChange[] = [];
  for (const key of keys) {
    if (HIDDEN.has(key)) continue;
    // the member a row belongs to is the entry's own link (对象), not a change
    if (key === 'memberId' && entity !== 'app_user') continue;
    const bv = b[key];
    const av = a[key];
    if (JSON.stringify(bv ?? null) === JSON.stringify(av ?? null)) continue;
    const bt = valueText(entity, key, bv);
    const at = valueText(entity, key, av);
    if (bt === at) continue;
    out.push({ key, label: fieldLabel(entity, key), before: bt, after: at });
  }
  return out;
}

/** A short name for the record an entry is about (a member's or org's name, an account's username). */
export function recordName(before: unknown, after: unknown): string | null {
  const r = asRecord(after) ?? asRecord(before);
  if (!r) return null;
  for (const k of ['name', 'displayName', 'username', 'title']) {
    const v = r[k];
    if (typeof v === 'string' && v) return v;
  }
  return null;
}

/** An org code in the row (an org's own `code`, or the `org` of an export), for a link. */
export function recordOrgCode(entity: string, before: unknown, after: unknown): string | null {
  const r = asRecord(after) ?? asRecord(before);
  if (!r) return null;
  if (entity === 'org' && typeof r.code === 'string') return r.code;
  if (typeof r.org === 'string') return r.org;
  return null;
}
