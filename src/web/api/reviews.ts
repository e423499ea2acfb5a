/** 述职评议 of party organisation secretaries (decision 0037). */
import type {
  EntryFollowUp,
  EntrySave,
  OrgReviewResults,
  ReviewEntryView,
  ReviewOpen,
  ReviewRound,
} from '../../shared/reviews.js';
import { request } from './client.js';

const enc = encodeURIComponent;
const entryPath = (code: string, year: number, org: string) =>
  `/orgs/${enc(code)}/reviews/${year}/${enc(org)}`;

export const reviewsApi = {
  round: (code: string, year: number, signal?: AbortSignal) =>
    request<ReviewRound>('GET', `/orgs/${enc(code)}/reviews`, { query: { year }, signal }),
  open: (code: string, body: ReviewOpen) =>
    request<ReviewRound>('POST', `/orgs/${enc(code)}/reviews`, { body }),
  entry: (code: string, year: number, org: string, signal?: AbortSignal) =>
    request<ReviewEntryView>('GET', entryPath(code, year, org), { signal }),
  saveEntry: (code: string, year: number, org: string, body: EntrySave) =>
    request<ReviewEntryView>('PUT', entryPath(code, year, org), { body }),
  followUp: (code: string, year: number, org: string, body: EntryFollowUp) =>
    request<ReviewEntryView>('POST', `${entryPath(code, year, org)}/follow-up`, { body }),
  results: (code: string, signal?: AbortSignal) =>
    request<OrgReviewResults>('GET', `/orgs/${enc(code)}/review-results`, { signal }),
};
