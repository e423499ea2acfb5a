/** Classified assessment (分类考核, decision 0036). */
import type {
  AssessmentList,
  AssessmentSchemeView,
  AssessmentView,
  CategorySet,
  RatingCreate,
} from '../../shared/assessment.js';
import { request } from './client.js';

const enc = encodeURIComponent;

export const assessmentApi = {
  scheme: (signal?: AbortSignal) => request<AssessmentSchemeView>('GET', '/assessment/scheme', { signal }),
  of: (code: string, year: number, signal?: AbortSignal) =>
    request<AssessmentView>('GET', `/orgs/${enc(code)}/assessment`, { query: { year }, signal }),
  list: (code: string, year: number, signal?: AbortSignal) =>
    request<AssessmentList>('GET', `/orgs/${enc(code)}/assessment/list`, { query: { year }, signal }),
  setCategory: (code: string, body: CategorySet) =>
    request<AssessmentView>('PUT', `/orgs/${enc(code)}/assessment/category`, { body }),
  rate: (code: string, body: RatingCreate) =>
    request<AssessmentView>('POST', `/orgs/${enc(code)}/assessment/ratings`, { body }),
};
