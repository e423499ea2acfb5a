/** The health and early-warning endpoints (decision 0032). */
import type { ExplainCreate, OrgHealth, WarningRowView, WarningSummary } from '../../shared/warnings.js';
import { request } from './client.js';

const enc = encodeURIComponent;

export const warningsApi = {
  health: (code: string, signal?: AbortSignal) =>
    request<OrgHealth>('GET', `/orgs/${enc(code)}/health`, { signal }),
  summary: (code: string, signal?: AbortSignal) =>
    request<WarningSummary>('GET', `/orgs/${enc(code)}/warnings/summary`, { signal }),
  explain: (id: number, body: ExplainCreate) =>
    request<WarningRowView>('POST', `/warnings/${id}/explanations`, { body }),
};
