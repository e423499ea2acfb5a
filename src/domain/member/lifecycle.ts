/**
 * Member status lifecycle: which dated event may happen in which status, and where it leads.
 * Sources: 党章 第七条 (confirmation after a 1-year probation; revoke); 第九条 (removal); 《中国共产党党员教育管理工作条例》
 * (transfers; 停止党籍 for members out of contact, 恢复党籍).
 */
import type { MemberStatus } from '../../shared/codes.js';
import { addYears, type IsoDate } from '../../shared/dates.js';
import { rulesAt } from '../../policy/rules.js';
import type { MemberEventKind } from '../../shared/schemas.js';

export const TRANSITIONS: Record<
  MemberEventKind,
  { from: readonly MemberStatus[]; to: MemberStatus | 'same' }
> = {
  confirm: { from: ['probationary'], to: 'full' },
  move: { from: ['full', 'probationary'], to: 'same' },
  transfer_out: { from: ['full', 'probationary'], to: 'transferred_out' },
  suspend: { from: ['full'], to: 'suspended' },
  reinstate: { from: ['suspended'], to: 'full' },
  remove: { from: ['full', 'probationary', 'suspended'], to: 'removed' },
  revoke: { from: ['probationary'], to: 'revoked' },
  decease: { from: ['full', 'probationary', 'suspended'], to: 'deceased' },
};

export function nextStatus(kind: MemberEventKind, current: MemberStatus): MemberStatus | null {
  const t = TRANSITIONS[kind];
  if (!t.from.includes(current)) return null;
  return t.to === 'same' ? current : t.to;
}

/** Earliest confirmation date: the probationary period of the rule set in force when the member joined. */
export function earliestConfirmation(joinedOn: IsoDate): IsoDate {
  return addYears(joinedOn, rulesAt(joinedOn).probationYears);
}
