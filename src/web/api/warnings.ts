/** The health and early-warning endpoints (decision 0032). */
import type {
  ExplainCreate,
  OrgHealth,
  WarningAnalysis,
  WarningRowView,
  WarningSummary,
  WarningTree,
} from '../../shared/warnings.js';
import { request } from './client.js';

const enc = encodeURIComponent;

export const warningsApi = {
  health: (code: string, signal?: AbortSignal) =>
    request<OrgHealth>('GET', `/orgs/${enc(code)}/health`, { signal }),
  summary: (code: string, signal?: AbortSignal) =>
    request<WarningSummary>('GET', `/orgs/${enc(code)}/warnings/summary`, { signal }),
  /** the org tree with each org's worst level (decision 0039) */
  tree: (code: string, indicator: string | undefined, signal?: AbortSignal) =>
    request<WarningTree>('GET', `/orgs/${enc(code)}/warnings/tree`, { query: { indicator }, signal }),
  /** the county's analysis view (county administrators, setting on) */
  analysis: (code: string, signal?: AbortSignal) =>
    request<WarningAnalysis>('GET', `/orgs/${enc(code)}/warnings/analysis`, { signal }),
  explain: (id: number, body: ExplainCreate) =>
    request<WarningRowView>('POST', `/warnings/${id}/explanations`, { body }),
};
