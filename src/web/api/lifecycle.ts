/** The member-lifecycle API (transfers, mobile members, lost contact, decisions; decision 0026). */
import type {
  ContactCreate,
  DecisionApprove,
  DecisionCreate,
  DecisionRefuse,
  EndOn,
  LifecycleTodo,
  LostContactCreate,
  LostList,
  MemberLifecycle,
  MobileList,
  MobileRegister,
  TransferAccept,
  TransferList,
  TransferReceipt,
  TransferReturn,
  TransferStart,
  TransferView,
} from '../../shared/lifecycle.js';
import { request } from './client.js';

const enc = encodeURIComponent;

export const lifecycleApi = {
  transfer: (id: number, signal?: AbortSignal) =>
    request<TransferView>('GET', `/transfers/${id}`, { signal }),
  transfers: (code: string, signal?: AbortSignal) =>
    request<TransferList>('GET', `/orgs/${enc(code)}/transfers`, { signal }),
  mobile: (code: string, signal?: AbortSignal) =>
    request<MobileList>('GET', `/orgs/${enc(code)}/mobile-members`, { signal }),
  todo: (code: string, signal?: AbortSignal) =>
    request<LifecycleTodo>('GET', `/orgs/${enc(code)}/lifecycle-todo`, { signal }),
  lost: (code: string, signal?: AbortSignal) =>
    request<LostList>('GET', `/orgs/${enc(code)}/lost-contact`, { signal }),
  destinations: (q: string, signal?: AbortSignal) =>
    request<{ code: string; name: string }[]>('GET', `/transfers/destinations?q=${enc(q)}`, { signal }),
  start: (memberId: number, body: TransferStart) =>
    request<TransferView>('POST', `/members/${memberId}/transfers`, { body }),
  accept: (id: number, body: TransferAccept) =>
    request<TransferView>('POST', `/transfers/${id}/accept`, { body }),
  giveBack: (id: number, body: TransferReturn) =>
    request<TransferView>('POST', `/transfers/${id}/return`, { body }),
  receipt: (id: number, body: TransferReceipt) =>
    request<TransferView>('POST', `/transfers/${id}/receipt`, { body }),
  member: (id: number, signal?: AbortSignal) =>
    request<MemberLifecycle>('GET', `/members/${id}/lifecycle`, { signal }),
  registerMobile: (id: number, body: MobileRegister) =>
    request<MemberLifecycle>('POST', `/members/${id}/mobile`, { body }),
  endMobile: (id: number, body: EndOn) =>
    request<MemberLifecycle>('POST', `/members/${id}/mobile/end`, { body }),
  contact: (id: number, body: ContactCreate) =>
    request<MemberLifecycle>('POST', `/members/${id}/contacts`, { body }),
  markLost: (id: number, body: LostContactCreate) =>
    request<MemberLifecycle>('POST', `/members/${id}/lost-contact`, { body }),
  endLost: (id: number, body: EndOn) =>
    request<MemberLifecycle>('POST', `/members/${id}/lost-contact/end`, { body }),
  approveDecision: (id: number, body: DecisionApprove) =>
    request<MemberLifecycle>('POST', `/decisions/${id}/approve`, { body }),
  refuseDecision: (id: number, body: DecisionRefuse) =>
    request<MemberLifecycle>('POST', `/decisions/${id}/refuse`, { body }),
  decide: (id: number, body: DecisionCreate) =>
    request<MemberLifecycle>('POST', `/members/${id}/decisions`, { body }),
};
