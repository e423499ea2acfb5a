/** Weak-org screening and rectification cases (decision 0033). */
import type {
  AcceptanceCreate,
  CaseList,
  CasePlan,
  CaseView,
  ConfirmationInput,
  MeasureCreate,
  ObservationCreate,
  ObservationList,
  ObservationView,
  ProgressCreate,
  ScreeningView,
  WeakTypeView,
} from '../../shared/screening.js';
import { request } from './client.js';

const enc = encodeURIComponent;
const casePath = (id: number) => `/rectification/cases/${id}`;

export const screeningApi = {
  types: (signal?: AbortSignal) => request<WeakTypeView[]>('GET', '/screening/types', { signal }),
  screening: (code: string, year: number, signal?: AbortSignal) =>
    request<ScreeningView>('GET', `/orgs/${enc(code)}/screening`, { query: { year }, signal }),
  observations: (code: string, year: number, signal?: AbortSignal) =>
    request<ObservationList>('GET', `/orgs/${enc(code)}/screening/observations`, {
      query: { year },
      signal,
    }),
  observe: (code: string, body: ObservationCreate) =>
    request<ObservationView>('POST', `/orgs/${enc(code)}/screening/observations`, { body }),
  confirm: (code: string, year: number, body: ConfirmationInput) =>
    request<unknown>('PUT', `/orgs/${enc(code)}/screening/${year}/confirmation`, { body }),
  cases: (code: string, signal?: AbortSignal) =>
    request<CaseList>('GET', `/orgs/${enc(code)}/rectification`, { signal }),
  getCase: (id: number, signal?: AbortSignal) => request<CaseView>('GET', casePath(id), { signal }),
  plan: (id: number, body: CasePlan) => request<CaseView>('PATCH', casePath(id), { body }),
  addMeasure: (id: number, body: MeasureCreate) =>
    request<CaseView>('POST', `${casePath(id)}/measures`, { body }),
  measureDone: (id: number, measureId: number, doneOn: string) =>
    request<CaseView>('POST', `${casePath(id)}/measures/${measureId}/done`, { body: { doneOn } }),
  addProgress: (id: number, body: ProgressCreate) =>
    request<CaseView>('POST', `${casePath(id)}/progress`, { body }),
  accept: (id: number, body: AcceptanceCreate) =>
    request<CaseView>('POST', `${casePath(id)}/acceptances`, { body }),
  close: (id: number, closedOn: string) =>
    request<CaseView>('POST', `${casePath(id)}/close`, { body: { closedOn } }),
};
