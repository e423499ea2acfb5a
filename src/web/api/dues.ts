/** The dues endpoints (党费, decision 0020): a subtree's month, totals, remittances, a member's records. */
import type { z } from 'zod';
import type {
  DuesBasisCreate,
  DuesBatch,
  DuesBatchResultSchema,
  DuesPaymentCreate,
  DuesPaymentResult,
  DuesReliefCreate,
  DuesRemittanceCreate,
  DuesLineFilter,
  DuesRemittanceSchema,
  DuesStatus,
  DuesSummary,
  MemberDues,
} from '../../shared/dues.js';
import { download, request } from './client.js';

export type DuesRemittance = z.infer<typeof DuesRemittanceSchema>;
export type DuesBatchResult = z.infer<typeof DuesBatchResultSchema>;

const enc = encodeURIComponent;

export const duesApi = {
  /** a page of the member lines (`page`: a county's 按党员 list, paged and filtered on the server) or all */
  status: (
    code: string,
    month: string,
    signal?: AbortSignal,
    page?: { filter: DuesLineFilter | undefined; limit: number; offset: number },
  ) =>
    request<DuesStatus>('GET', `/orgs/${enc(code)}/dues`, {
      query: page
        ? { month, limit: page.limit, offset: page.offset, ...(page.filter ? { filter: page.filter } : {}) }
        : { month },
      signal,
    }),
  summary: (code: string, month: string, signal?: AbortSignal) =>
    request<DuesSummary>('GET', `/orgs/${enc(code)}/dues/summary`, { query: { month }, signal }),
  recordBatch: (code: string, body: DuesBatch) =>
    request<DuesBatchResult>('POST', `/orgs/${enc(code)}/dues/payments`, { body }),
  remittances: (code: string, year: number, signal?: AbortSignal) =>
    request<DuesRemittance[]>('GET', `/orgs/${enc(code)}/dues/remittances`, { query: { year }, signal }),
  recordRemittance: (code: string, body: DuesRemittanceCreate) =>
    request<DuesRemittance>('POST', `/orgs/${enc(code)}/dues/remittances`, { body }),
  removeRemittance: (id: number) => request<{ deleted: true }>('DELETE', `/dues/remittances/${id}`),
  downloadSheet: (code: string, month: string, fallbackName: string) =>
    download(`/orgs/${enc(code)}/dues/sheet.xlsx`, { month }, fallbackName),

  member: (id: number, signal?: AbortSignal) => request<MemberDues>('GET', `/members/${id}/dues`, { signal }),
  recordBasis: (id: number, body: DuesBasisCreate) =>
    request<MemberDues>('POST', `/members/${id}/dues/bases`, { body }),
  removeBasis: (id: number, recordId: number) =>
    request<MemberDues>('DELETE', `/members/${id}/dues/bases/${recordId}`),
  recordRelief: (id: number, body: DuesReliefCreate) =>
    request<MemberDues>('POST', `/members/${id}/dues/reliefs`, { body }),
  removeRelief: (id: number, recordId: number) =>
    request<MemberDues>('DELETE', `/members/${id}/dues/reliefs/${recordId}`),
  recordPayment: (id: number, body: DuesPaymentCreate) =>
    request<DuesPaymentResult>('POST', `/members/${id}/dues/payments`, { body }),
  removePayment: (recordId: number) => request<{ deleted: true }>('DELETE', `/dues/payments/${recordId}`),
};
