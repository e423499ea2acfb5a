/**
 * Typed client for the JSON API (/api/v1). Every request is same-origin with cookies and carries the
 * `x-requested-with: jiceng` header (the server's CSRF check). Failures become `ApiError` with the server's
 * stable code and Chinese message, so pages only ever show `error.message`.
 */
import type { GrantCreate, GrantView } from '../../shared/grants.js';
import type {
  Article9List,
  ElectionCreate,
  ElectionView,
  MemberArticle9,
  OrgElections,
  TermChangeCreate,
  TermList,
  AppraisalSave,
  AppraisalYear,
  FollowUpCreate,
  MeetingAppraisal,
  MemberAppraisals,
} from '../../shared/life.js';
import type {
  ApplicantCreate,
  Board,
  CaseView,
  RecruitmentStats,
  RecruitmentSummary,
  StepCreate,
} from '../../shared/recruitment.js';
import { ERROR_CODES, type ErrorCode } from '../../shared/errors.js';
import { dropEarly, takeEarly } from './early.js';
import type {
  AttendanceTemplate,
  Compliance,
  ComplianceMap,
  Home,
  MeetingCreate,
  HeartTalkCreate,
  HeartTalkList,
  HeartTalkView,
  PartyGroupCreate,
  PartyGroupList,
  PartyGroupMembers,
  PartyGroupUpdate,
  PartyGroupView,
  MeetingSummary,
  MeetingUpdate,
  MeetingView,
  ImportJob,
  ImportKind,
  ImportRejectionPage,
  MemberCreate,
  MemberDetail,
  MemberEventCreate,
  MemberListItem,
  MemberRecordCreate,
  MemberUpdate,
  OrgCreate,
  OrgNode,
  OrgUpdate,
  OrgView,
  Page,
  SessionUser,
  Stats,
  UserCreate,
  UserView,
} from '../../shared/schemas.js';

export const API_BASE = '/api/v1';
export const API_DOCS_URL = '/api/docs';

/** Codes the client itself produces when there is no usable error body from the server. */
export type ClientErrorCode = 'NETWORK_ERROR' | 'BAD_RESPONSE' | 'ABORTED';

export interface FieldIssue {
  path: (string | number)[];
  message: string;
}

export class ApiError extends Error {
  readonly code: ErrorCode | ClientErrorCode | (string & {});
  readonly status: number;
  readonly details: unknown;
  constructor(code: string, message: string, status: number, details?: unknown) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.status = status;
    this.details = details;
  }

  /** Field issues of a VALIDATION_FAILED answer (`details: [{ path, message }]`), empty otherwise. */
  get fieldIssues(): FieldIssue[] {
    if (!Array.isArray(this.details)) return [];
    const out: FieldIssue[] = [];
    for (const d of this.details as unknown[]) {
      if (d && typeof d === 'object' && 'message' in d) {
        const rec = d as { path?: unknown; message?: unknown };
        const path = Array.isArray(rec.path)
          ? rec.path.filter((p): p is string | number => typeof p === 'string' || typeof p === 'number')
          : [];
        out.push({ path, message: String(rec.message) });
      }
    }
    return out;
  }
}

export function isApiError(e: unknown): e is ApiError {
  return e instanceof ApiError;
}

export function isAbort(e: unknown): boolean {
  return (
    (e instanceof DOMException && e.name === 'AbortError') || (e instanceof ApiError && e.code === 'ABORTED')
  );
}

/** The message to show a person for any thrown value. */
export function errorMessage(e: unknown): string {
  if (e instanceof ApiError) return e.message;
  if (e instanceof Error && e.message) return e.message;
  return '操作失败，请稍后重试';
}

type QueryValue = string | number | boolean | null | undefined;
export type Query = Record<string, QueryValue>;

/** Builds `?a=1&b=x`, leaving out empty values (undefined, null, '' and false). */
export function queryString(query: Query | undefined): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === '' || v === false) continue;
    params.set(k, String(v));
  }
  const s = params.toString();
  return s ? `?${s}` : '';
}

export function apiUrl(path: string, query?: Query): string {
  return `${API_BASE}${path}${queryString(query)}`;
}

interface RequestOptions {
  query?: Query;
  body?: unknown;
  signal?: AbortSignal;
}

function messageForCode(code: string): string | undefined {
  return (ERROR_CODES as Record<string, { zh: string } | undefined>)[code]?.zh;
}

async function toApiError(res: Response): Promise<ApiError> {
  let body: unknown;
  try {
    const text = await res.text();
    body = text ? JSON.parse(text) : null;
  } catch {
    body = null;
  }
  const err = (body as { error?: { code?: unknown; message?: unknown; details?: unknown } } | null)?.error;
  if (err && typeof err.code === 'string') {
    const message =
      typeof err.message === 'string' && err.message ? err.message : (messageForCode(err.code) ?? '操作失败');
    return new ApiError(err.code, message, res.status, err.details);
  }
  if (res.status === 502 || res.status === 503 || res.status === 504) {
    return new ApiError('NETWORK_ERROR', '服务暂时不可用，请稍后重试', res.status);
  }
  if (res.status === 404) return new ApiError('NOT_FOUND', ERROR_CODES.NOT_FOUND.zh, 404);
  if (res.status === 401) return new ApiError('UNAUTHENTICATED', ERROR_CODES.UNAUTHENTICATED.zh, 401);
  if (res.status === 403) return new ApiError('FORBIDDEN', ERROR_CODES.FORBIDDEN.zh, 403);
  return new ApiError('BAD_RESPONSE', `服务器返回了错误（${res.status}），请稍后重试`, res.status);
}

/**
 * Called when the server says the session is gone (401 UNAUTHENTICATED) or the password must be changed first
 * (403 PASSWORD_CHANGE_REQUIRED); the auth layer sends the person to the sign-in page or the password form.
 */
type AuthProblemListener = (code: 'UNAUTHENTICATED' | 'PASSWORD_CHANGE_REQUIRED') => void;
let authProblemListener: AuthProblemListener | null = null;

export function onAuthProblem(fn: AuthProblemListener | null): void {
  authProblemListener = fn;
}

async function send(method: string, url: string, init: RequestInit, signal?: AbortSignal): Promise<Response> {
  const headers = new Headers(init.headers);
  headers.set('x-requested-with', 'jiceng');
  // after a write, what the sign-in page fetched ahead may be out of date
  if (method !== 'GET') dropEarly();
  let res: Response;
  try {
    res = await fetch(url, { ...init, method, headers, credentials: 'same-origin', signal });
  } catch (e) {
    if (signal?.aborted) throw new ApiError('ABORTED', '请求已取消', 0);
    throw new ApiError(
      'NETWORK_ERROR',
      '无法连接服务器，请检查网络后重试',
      0,
      e instanceof Error ? e.message : e,
    );
  }
  if (!res.ok) {
    const err = await toApiError(res);
    if (err.code === 'UNAUTHENTICATED') authProblemListener?.('UNAUTHENTICATED');
    else if (err.code === 'PASSWORD_CHANGE_REQUIRED') authProblemListener?.('PASSWORD_CHANGE_REQUIRED');
    throw err;
  }
  return res;
}

export async function request<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
  const init: RequestInit = { headers: { accept: 'application/json' } };
  if (opts.body !== undefined) {
    init.headers = { accept: 'application/json', 'content-type': 'application/json' };
    init.body = JSON.stringify(opts.body);
  }
  const url = apiUrl(path, opts.query);
  // the landing page's first reads were started by the sign-in page (early.ts)
  const res =
    (method === 'GET' && !opts.signal?.aborted ? await takeEarly(url) : null) ??
    (await send(method, url, init, opts.signal));
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  if (!text) return undefined as T;
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new ApiError('BAD_RESPONSE', '服务器返回的数据无法识别', res.status);
  }
}

export async function upload<T>(
  path: string,
  form: FormData,
  signal?: AbortSignal,
  query?: Query,
): Promise<T> {
  const res = await send(
    'POST',
    apiUrl(path, query),
    { body: form, headers: { accept: 'application/json' } },
    signal,
  );
  return (await res.json()) as T;
}

function fileNameFrom(res: Response, fallback: string): string {
  const cd = res.headers.get('content-disposition') ?? '';
  const star = /filename\*\s*=\s*(?:UTF-8'[^']*')?([^;]+)/i.exec(cd);
  if (star?.[1]) {
    try {
      return decodeURIComponent(star[1].trim().replace(/^"|"$/g, ''));
    } catch {
      /* fall through */
    }
  }
  const plain = /filename\s*=\s*"?([^";]+)"?/i.exec(cd);
  return plain?.[1]?.trim() || fallback;
}

/**
 * Downloads a file from the API through fetch (so the request carries the header and cookies, and a refusal
 * shows as a Chinese message instead of a broken download), then saves it under the server's file name.
 */
export async function download(
  path: string,
  query: Query | undefined,
  fallbackName: string,
): Promise<string> {
  const res = await send('GET', apiUrl(path, query), { headers: { accept: '*/*' } });
  const blob = await res.blob();
  const name = fileNameFrom(res, fallbackName);
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.rel = 'noopener';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
  return name;
}

// ------------------------------------------------------------------------------------------------ types

export type OrgSearchItem = OrgNode & { parentName: string | null };

export type OrgEventKind = 'founded' | 'renamed' | 'moved' | 'updated' | 'dissolved' | 'elected';
export interface OrgEvent {
  id: number;
  kind: OrgEventKind | (string & {});
  effectiveOn: string;
  data: Record<string, unknown>;
  recordedAt: string;
}

export interface OrgSearchQuery {
  q?: string;
  kind?: string;
  sector?: string;
  under?: string;
  includeDissolved?: boolean;
  page?: number;
  pageSize?: number;
}

export interface MemberQuery {
  q?: string;
  status?: string;
  sex?: string;
  ageBand?: string;
  education?: string;
  occupation?: string;
  direct?: boolean;
  asOf?: string;
  page?: number;
  pageSize?: number;
  sort?: 'name' | 'joinedOn' | 'birthDate' | 'org';
}

export type RevealField = 'idNumber' | 'phone' | 'address';

export type AuditAction =
  | 'insert'
  | 'update'
  | 'delete'
  | 'bulk_insert'
  | 'bulk_delete'
  | 'bulk_update'
  | 'read_sensitive'
  | 'export'
  | 'export_sensitive'
  | 'login'
  | 'login_failed'
  | 'password_changed'
  | 'password_reset';

export interface AuditEntry {
  id: number;
  at: string;
  actorLabel: string;
  ip: string | null;
  action: AuditAction | (string & {});
  entity: string;
  /** the entity's Chinese name */
  entityLabel: string;
  entityId: string | null;
  memberId: number | null;
  /** the org the entry concerns; null for entries of the whole deployment */
  orgName: string | null;
  /** the row before / after under its domain field names (bookkeeping left out, sensitive values masked), or an
   * application event's data; null for inserts / deletes */
  before: unknown;
  after: unknown;
}

export interface AuditQuery {
  orgCode?: string;
  memberId?: number;
  actor?: 'me';
  page?: number;
  pageSize?: number;
}

export interface ApplyImportBody {
  allOrNothing: boolean;
}

export interface ImportRejectionsQuery {
  page?: number;
  pageSize?: number;
  /** only this problem code */
  code?: string;
}

const enc = encodeURIComponent;

// ------------------------------------------------------------------------------------------------ endpoints

export const api = {
  me: (signal?: AbortSignal) => request<SessionUser>('GET', '/auth/me', { signal }),
  login: (username: string, password: string) =>
    request<{ user: SessionUser }>('POST', '/auth/login', { body: { username, password } }),
  logout: () => request<{ ok: boolean }>('POST', '/auth/logout', { body: {} }),
  changePassword: (oldPassword: string, newPassword: string) =>
    request<{ ok: boolean }>('POST', '/auth/password', { body: { oldPassword, newPassword } }),

  users: (signal?: AbortSignal) => request<UserView[]>('GET', '/users', { signal }),
  createUser: (body: UserCreate) =>
    request<{ user: UserView; password: string | null }>('POST', '/users', { body }),
  disableUser: (id: number) => request<UserView>('POST', `/users/${id}/disable`, { body: {} }),
  enableUser: (id: number) => request<UserView>('POST', `/users/${id}/enable`, { body: {} }),
  resetPassword: (id: number) =>
    request<{ user: UserView; password: string }>('POST', `/users/${id}/reset-password`, { body: {} }),
  grants: (userId: number, signal?: AbortSignal) =>
    request<GrantView[]>('GET', `/users/${userId}/grants`, { signal }),
  addGrant: (userId: number, body: GrantCreate) =>
    request<GrantView>('POST', `/users/${userId}/grants`, { body }),
  endGrant: (userId: number, grantId: number, on?: string | null) =>
    request<GrantView>('POST', `/users/${userId}/grants/${grantId}/end`, { body: on ? { on } : {} }),

  audit: (q: AuditQuery, signal?: AbortSignal) =>
    request<Page<AuditEntry>>('GET', '/audit', { query: { ...q }, signal }),

  rootOrg: (signal?: AbortSignal) => request<OrgView>('GET', '/orgs/root', { signal }),
  org: (code: string, signal?: AbortSignal) => request<OrgView>('GET', `/orgs/${enc(code)}`, { signal }),
  orgChildren: (code: string, asOf?: string, signal?: AbortSignal) =>
    request<OrgNode[]>('GET', `/orgs/${enc(code)}/children`, { query: { asOf }, signal }),
  searchOrgs: (q: OrgSearchQuery, signal?: AbortSignal) =>
    request<Page<OrgSearchItem>>('GET', '/orgs', { query: { ...q }, signal }),
  createOrg: (body: OrgCreate) => request<OrgView>('POST', '/orgs', { body }),
  updateOrg: (code: string, body: OrgUpdate) => request<OrgView>('PATCH', `/orgs/${enc(code)}`, { body }),
  moveOrg: (code: string, body: { parentCode: string; effectiveOn?: string | null }) =>
    request<OrgView>('POST', `/orgs/${enc(code)}/move`, { body }),
  dissolveOrg: (code: string, body: { effectiveOn?: string | null }) =>
    request<OrgView>('POST', `/orgs/${enc(code)}/dissolve`, { body }),
  electOrg: (code: string, body: { electedOn: string; termYears?: number | null; note?: string | null }) =>
    request<OrgView>('POST', `/orgs/${enc(code)}/elections`, { body }),
  orgEvents: (code: string, signal?: AbortSignal) =>
    request<OrgEvent[]>('GET', `/orgs/${enc(code)}/events`, { signal }),
  orgStats: (code: string, asOf?: string, signal?: AbortSignal) =>
    request<Stats>('GET', `/orgs/${enc(code)}/stats`, { query: { asOf }, signal }),
  members: (code: string, q: MemberQuery, signal?: AbortSignal) =>
    request<Page<MemberListItem>>('GET', `/orgs/${enc(code)}/members`, { query: { ...q }, signal }),
  /** `full`: full ID numbers and phones, a file that can be imported again (logged as a full export) */
  downloadMembers: (code: string, q: MemberQuery, fallbackName: string, full = false) =>
    download(
      `/orgs/${enc(code)}/members.xlsx`,
      { ...q, page: undefined, pageSize: undefined, ...(full ? { full: true } : {}) },
      fallbackName,
    ),
  downloadOrgs: (code: string, fallbackName: string) =>
    download(`/orgs/${enc(code)}/orgs.xlsx`, undefined, fallbackName),

  meetings: (code: string, q: { page?: number; pageSize?: number }, signal?: AbortSignal) =>
    request<Page<MeetingSummary>>('GET', `/orgs/${enc(code)}/meetings`, { query: q, signal }),
  meeting: (id: number | string, signal?: AbortSignal) =>
    request<MeetingView>('GET', `/meetings/${enc(String(id))}`, { signal }),
  recordMeeting: (code: string, body: MeetingCreate) =>
    request<MeetingView>('POST', `/orgs/${enc(code)}/meetings`, { body }),
  updateMeeting: (id: number, body: MeetingUpdate) =>
    request<MeetingView>('PATCH', `/meetings/${id}`, { body }),
  deleteMeeting: (id: number) => request<{ deleted: true }>('DELETE', `/meetings/${id}`),
  attendanceTemplate: (
    code: string,
    heldOn: string,
    kinds: readonly string[],
    signal?: AbortSignal,
    partyGroupId?: number | null,
  ) =>
    request<AttendanceTemplate>('GET', `/orgs/${enc(code)}/meetings/template`, {
      query: { heldOn, kinds: kinds.join(','), partyGroupId: partyGroupId ?? undefined },
      signal,
    }),
  recruitment: (code: string, asOf?: string, signal?: AbortSignal) =>
    request<RecruitmentSummary>('GET', `/orgs/${enc(code)}/recruitment`, { query: { asOf }, signal }),
  recruitmentStats: (code: string, signal?: AbortSignal) =>
    request<RecruitmentStats>('GET', `/orgs/${enc(code)}/recruitment/stats`, { signal }),
  recruitmentBoard: (code: string, signal?: AbortSignal) =>
    request<Board>('GET', `/orgs/${enc(code)}/recruitment/board`, { signal }),
  recruitmentCase: (id: number, signal?: AbortSignal) =>
    request<CaseView>('GET', `/recruitment/cases/${id}`, { signal }),
  openRecruitmentCase: (body: ApplicantCreate) => request<CaseView>('POST', '/recruitment/cases', { body }),
  recordRecruitmentStep: (id: number, body: StepCreate) =>
    request<CaseView>('POST', `/recruitment/cases/${id}/steps`, { body }),
  heartTalks: (code: string, year?: string, signal?: AbortSignal) =>
    request<HeartTalkList>('GET', `/orgs/${enc(code)}/heart-talks`, { query: { year }, signal }),
  recordHeartTalk: (code: string, body: HeartTalkCreate) =>
    request<HeartTalkView>('POST', `/orgs/${enc(code)}/heart-talks`, { body }),
  deleteHeartTalk: (id: number) => request<{ deleted: true }>('DELETE', `/heart-talks/${id}`),
  groups: (code: string, asOf?: string, signal?: AbortSignal) =>
    request<PartyGroupList>('GET', `/orgs/${enc(code)}/groups`, { query: { asOf }, signal }),
  createGroup: (code: string, body: PartyGroupCreate) =>
    request<PartyGroupView>('POST', `/orgs/${enc(code)}/groups`, { body }),
  updateGroup: (id: number, body: PartyGroupUpdate) =>
    request<PartyGroupView>('PATCH', `/groups/${id}`, { body }),
  dissolveGroup: (id: number, dissolvedOn: string) =>
    request<PartyGroupView>('POST', `/groups/${id}/dissolve`, { body: { dissolvedOn } }),
  addGroupMembers: (id: number, body: PartyGroupMembers) =>
    request<PartyGroupView>('POST', `/groups/${id}/members`, { body }),
  removeGroupMembers: (id: number, body: PartyGroupMembers) =>
    request<PartyGroupView>('POST', `/groups/${id}/members/remove`, { body }),
  article9: (code: string, signal?: AbortSignal) =>
    request<Article9List>('GET', `/orgs/${enc(code)}/article9`, { signal }),
  memberArticle9: (id: number, signal?: AbortSignal) =>
    request<MemberArticle9>('GET', `/members/${id}/article9`, { signal }),
  terms: (code: string, signal?: AbortSignal) =>
    request<TermList>('GET', `/orgs/${enc(code)}/terms`, { signal }),
  orgElections: (code: string, signal?: AbortSignal) =>
    request<OrgElections>('GET', `/orgs/${enc(code)}/elections`, { signal }),
  recordElectionResults: (code: string, body: ElectionCreate) =>
    request<ElectionView>('POST', `/orgs/${enc(code)}/elections/results`, { body }),
  recordTermChange: (code: string, body: TermChangeCreate) =>
    request<OrgElections>('POST', `/orgs/${enc(code)}/term-changes`, { body }),
  meetingAppraisal: (meetingId: number, signal?: AbortSignal) =>
    request<MeetingAppraisal>('GET', `/meetings/${meetingId}/appraisal`, { signal }),
  saveMeetingAppraisal: (meetingId: number, body: AppraisalSave) =>
    request<MeetingAppraisal>('PUT', `/meetings/${meetingId}/appraisal`, { body }),
  memberAppraisals: (id: number, signal?: AbortSignal) =>
    request<MemberAppraisals>('GET', `/members/${id}/appraisals`, { signal }),
  recordFollowUp: (appraisalId: number, body: FollowUpCreate) =>
    request<MemberAppraisals>('POST', `/appraisals/${appraisalId}/follow-up`, { body }),
  appraisalYear: (code: string, year?: number, signal?: AbortSignal) =>
    request<AppraisalYear>('GET', `/orgs/${enc(code)}/appraisals`, {
      query: year ? { year: String(year) } : {},
      signal,
    }),
  home: (code: string, signal?: AbortSignal) => request<Home>('GET', `/orgs/${enc(code)}/home`, { signal }),
  complianceMap: (code: string, q: { year: number; kind: string; within?: string }, signal?: AbortSignal) =>
    request<ComplianceMap>('GET', `/orgs/${enc(code)}/compliance/map`, {
      query: { year: String(q.year), kind: q.kind, ...(q.within ? { within: q.within } : {}) },
      signal,
    }),
  compliance: (code: string, q: { from: string; to: string; asOf?: string }, signal?: AbortSignal) =>
    request<Compliance>('GET', `/orgs/${enc(code)}/compliance`, { query: q, signal }),
  member: (id: number | string, signal?: AbortSignal) =>
    request<MemberDetail>('GET', `/members/${enc(String(id))}`, { signal }),
  createMember: (body: MemberCreate) => request<MemberDetail>('POST', '/members', { body }),
  updateMember: (id: number, body: MemberUpdate) =>
    request<MemberDetail>('PATCH', `/members/${id}`, { body }),
  memberEvent: (id: number, body: MemberEventCreate) =>
    request<MemberDetail>('POST', `/members/${id}/events`, { body }),
  addMemberRecord: (id: number, body: MemberRecordCreate) =>
    request<MemberDetail>('POST', `/members/${id}/records`, { body }),
  deleteMemberRecord: (id: number, recordId: number) =>
    request<MemberDetail>('DELETE', `/members/${id}/records/${recordId}`),
  reveal: (id: number, field: RevealField) =>
    request<{ value: string | null }>('POST', `/members/${id}/reveal`, { body: { field } }),

  downloadTemplate: (kind: ImportKind) =>
    download(
      `/templates/${kind}.xlsx`,
      undefined,
      `${{ orgs: '党组织', members: '党员', meetings: '三会一课台账', 'dues-bases': '党费基数', dues: '党费缴纳', applicants: '发展党员台账', screening: '软弱涣散村党组织台账' }[kind]}导入模板.xlsx`,
    ),
  startImport: (kind: ImportKind, file: File, signal?: AbortSignal) => {
    const form = new FormData();
    form.append('file', file, file.name);
    return upload<ImportJob>(`/imports/${kind}`, form, signal);
  },
  importJob: (id: string, signal?: AbortSignal) =>
    request<ImportJob>('GET', `/imports/${enc(id)}`, { signal }),
  importRejections: (id: string, q: ImportRejectionsQuery, signal?: AbortSignal) =>
    request<ImportRejectionPage>('GET', `/imports/${enc(id)}/rejections`, { query: { ...q }, signal }),
  applyImport: (id: string, body: ApplyImportBody) =>
    request<ImportJob>('POST', `/imports/${enc(id)}/apply`, { body }),
};
