/** Display helpers: dates between dayjs (pickers) and 'YYYY-MM-DD' (API), labels for codes. */
import dayjs, { type Dayjs } from 'dayjs';
import {
  EDUCATIONS,
  EDUCATION_GROUPS,
  ETHNICITIES,
  MEMBER_STATUSES,
  OCCUPATIONS,
  ORG_KINDS,
  ORG_STATUSES,
  SECTORS,
  SEXES,
  labelOf,
  type CodeEntry,
} from '../../shared/codes.js';
import { addMonths, chinaToday } from '../../shared/dates.js';
import { unclassifiedLabel } from '../../shared/classification.js';

export const DATE_FORMAT = 'YYYY-MM-DD';

export function toIso(d: Dayjs | null | undefined): string | null {
  return d && d.isValid() ? d.format(DATE_FORMAT) : null;
}

export function fromIso(s: string | null | undefined): Dayjs | null {
  if (!s) return null;
  const d = dayjs(s, DATE_FORMAT);
  return d.isValid() ? d : null;
}

export function today(): string {
  return chinaToday();
}

/** DatePicker `disabledDate` for "not after today". */
export function notFuture(d: Dayjs): boolean {
  return d.format(DATE_FORMAT) > chinaToday();
}

/** '2024-03-01' → '2024年3月1日' */
export function zhDate(s: string | null | undefined): string {
  if (!s) return '';
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(s);
  if (!m) return s;
  return `${m[1]}年${Number(m[2])}月${Number(m[3])}日`;
}

/** An ISO timestamp as '2024-03-01 14:05' (local time). */
export function dateTime(s: string | null | undefined): string {
  if (!s) return '';
  const d = dayjs(s);
  return d.isValid() ? d.format('YYYY-MM-DD HH:mm') : s;
}

const SHANGHAI = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/** A PostgreSQL or ISO timestamp as 'yyyy-MM-dd HH:mm:ss' in Beijing time. */
export function shanghaiTime(s: string | null | undefined): string {
  if (!s) return '';
  // '2026-11-22 02:49:00.123456+00' → '2026-11-22T02:49:00.123+00:00'
  let iso = s.trim().replace(' ', 'T');
  iso = iso.replace(/(\.\d{3})\d+/, '$1');
  iso = iso.replace(/([+-]\d{2})$/, '$1:00');
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return s;
  const p: Record<string, string> = {};
  for (const part of SHANGHAI.formatToParts(d)) p[part.type] = part.value;
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}`;
}

export function percent(part: number, whole: number): string {
  if (!whole) return '0%';
  return `${((part / whole) * 100).toFixed(1)}%`;
}

export const kindLabel = (c: string | null | undefined) => labelOf(ORG_KINDS, c);
export const sectorLabel = (c: string | null | undefined) => labelOf(SECTORS, c);
export const orgStatusLabel = (c: string | null | undefined) => labelOf(ORG_STATUSES, c);
export const sexLabel = (c: string | null | undefined) => labelOf(SEXES, c);
export const statusLabel = (c: string | null | undefined) => labelOf(MEMBER_STATUSES, c);
/** A classification's label, or, for a value kept as imported (decision 0013), 未归类（原文：…）. */
const classified =
  (list: Parameters<typeof labelOf>[0]) => (c: string | null | undefined, raw?: string | null) =>
    raw ? unclassifiedLabel(raw) : labelOf(list, c);
export const ethnicityLabel = classified(ETHNICITIES);
export const educationLabel = classified(EDUCATIONS);
export const educationGroupLabel = (c: string | null | undefined) => labelOf(EDUCATION_GROUPS, c);
export const occupationLabel = classified(OCCUPATIONS);

/**
 * Party standing bands as a statistics answer names them (the local setting in force on its date), plus 'none'
 * for members without standing yet (probationary). Age bands and join periods come from the settings API
 * (settings/context.ts): the web keeps no copy of the rules or settings.
 */
export function standingEntries(bands: readonly { key: string; zh: string }[]): CodeEntry[] {
  return [...bands.map((b) => ({ code: b.key, zh: b.zh })), { code: 'none', zh: '预备党员（未计党龄）' }];
}

/** Where a term stands on `today`: ended, ending within `soonMonths` (the local setting), or running. */
export function termState(endsOn: string, today: string, soonMonths: number): 'ended' | 'soon' | 'running' {
  if (endsOn < today) return 'ended';
  if (endsOn <= addMonths(today, soonMonths)) return 'soon';
  return 'running';
}

/** Chinese names of the fields a 'corrected' / 'updated' event lists. */
export const FIELD_LABELS: Record<string, string> = {
  name: '名称',
  shortName: '简称',
  kind: '组织类别',
  sector: '单位领域',
  divisionCode: '行政区划代码',
  foundedOn: '成立日期',
  address: '地址',
  contactPhone: '联系电话',
  idNumber: '身份证号',
  sex: '性别',
  birthDate: '出生日期',
  ethnicity: '民族',
  education: '学历',
  occupation: '职业',
  nativePlace: '籍贯',
  phone: '联系电话',
  workUnit: '工作单位',
  jobTitle: '工作职务',
  joinedOn: '入党日期',
  confirmedOn: '转正日期',
  isMobile: '流动党员',
};

export function fieldList(keys: unknown): string {
  if (!Array.isArray(keys)) return '';
  return keys.map((k) => FIELD_LABELS[String(k)] ?? String(k)).join('、');
}

export const ORG_EVENT_LABELS: readonly CodeEntry[] = [
  { code: 'founded', zh: '成立' },
  { code: 'renamed', zh: '更名' },
  { code: 'moved', zh: '调整隶属关系' },
  { code: 'updated', zh: '信息变更' },
  { code: 'dissolved', zh: '撤销' },
  { code: 'elected', zh: '换届选举' },
  { code: 'committee', zh: '班子调整' },
];
export const orgEventLabel = (c: string) => labelOf(ORG_EVENT_LABELS, c);

export function options(list: readonly CodeEntry[]): { value: string; label: string }[] {
  return list.map((e) => ({ value: e.code, label: e.zh }));
}

/** Education codes grouped as the statistics groups them, for a Select with option groups. */
export const EDUCATION_OPTIONS = EDUCATION_GROUPS.map((g) => ({
  label: g.zh,
  title: g.zh,
  options: EDUCATIONS.filter((e) => e.group === g.code).map((e) => ({ value: e.code, label: e.zh })),
}));

/** Select `filterOption` matching the label text. */
export function filterByLabel(input: string, option?: { label?: unknown }): boolean {
  return String(option?.label ?? '')
    .toLowerCase()
    .includes(input.trim().toLowerCase());
}

/** Status tag colours. */
export function statusColor(status: string): string {
  switch (status) {
    case 'full':
      return 'red';
    case 'probationary':
      return 'orange';
    case 'suspended':
      return 'gold';
    case 'transferred_out':
      return 'blue';
    default:
      return 'default';
  }
}

/**
 * One formatter for every number shown with the thousands separator: `toLocaleString` builds a new one on each call,
 * which the charts' labels and axes pay hundreds of times per drawing.
 */
const THOUSANDS = new Intl.NumberFormat('zh-CN');

/** 19,979: a number with the thousands separator. */
export function thousands(n: number): string {
  return THOUSANDS.format(n);
}

/** A count with the thousands separator (19,979), as the headline figures and chart axes show it. */
export function count(n: number | null | undefined): string {
  return typeof n === 'number' ? thousands(n) : '—';
}
