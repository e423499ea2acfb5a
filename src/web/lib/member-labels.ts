/** Labels from the member schemas (kept apart from format.ts so the app shell does not load zod). */
import { labelOf, type CodeEntry } from '../../shared/codes.js';
import { MEMBER_EVENT_KINDS, MEMBER_RECORD_KINDS, REMOVAL_KINDS } from '../../shared/schemas.js';

export const removalKindLabel = (c: string | null | undefined) => labelOf(REMOVAL_KINDS, c);
export const recordKindLabel = (c: string | null | undefined) => labelOf(MEMBER_RECORD_KINDS, c);

/** Member events: the ones people record (MEMBER_EVENT_KINDS) plus those the system writes. */
export const MEMBER_EVENT_LABELS: readonly CodeEntry[] = [
  { code: 'joined', zh: '入党' },
  { code: 'created', zh: '建立档案' },
  { code: 'imported', zh: '导入档案' },
  { code: 'transfer_in', zh: '组织关系转入' },
  { code: 'updated', zh: '信息修改' },
  { code: 'corrected', zh: '信息更正' },
  ...MEMBER_EVENT_KINDS,
];
export const memberEventLabel = (c: string) => labelOf(MEMBER_EVENT_LABELS, c);
