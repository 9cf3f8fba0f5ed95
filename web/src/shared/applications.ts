/**
 * Cases (办件), drafts, uploads, the staff inbox and notifications: the types follow
 * server/src/modules/applications/applications.schemas.ts and notify.schemas.ts.
 */
import { request } from './api';
import type { Items, LocalText, Page } from './types';

export type FormValues = Record<string, unknown>;
export interface MaterialRef {
  code: string;
  uploadId: string;
}

export interface Upload {
  id: string;
  fileName: string;
  mediaType: string;
  size: number;
  sha256: string;
  createdAt: string;
}

export interface MaterialView {
  code: string;
  name: LocalText;
  uploadId: string;
  fileName: string;
  mediaType: string;
  size: number;
  sha256: string;
}

export type CaseKind = 'item' | 'bundle';

export interface Draft {
  id: string;
  kind: CaseKind;
  itemCode: string | null;
  bundleCode: string | null;
  title: LocalText;
  form: FormValues;
  materials: MaterialView[];
  createdAt: string;
  updatedAt: string;
}

export type DraftSummary = Pick<Draft, 'id' | 'kind' | 'itemCode' | 'bundleCode' | 'title' | 'updatedAt'>;

/** Exactly one of itemCode / bundleCode. */
export interface Target {
  itemCode?: string;
  bundleCode?: string;
}

export const CASE_STATUSES = ['in_progress', 'correction', 'completed', 'rejected', 'withdrawn'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export interface CaseResult {
  note: string;
  documentNumber?: string;
}

export type Requirement = 'comment' | 'reason_and_legal_basis' | 'correction_items' | 'result';

export interface Person {
  id: string;
  name: string;
}

export interface CaseSummary {
  id: string;
  caseNumber: string;
  kind: CaseKind;
  title: LocalText;
  departmentCode: string;
  departmentName: LocalText;
  status: CaseStatus;
  state: string;
  stateName: LocalText;
  /** Progress in plain words, for the applicant. */
  headline: LocalText;
  applicantName: string;
  submittedAt: string;
  /** Expected completion. */
  dueAt: string | null;
  closedAt: string | null;
}

export interface HistoryEntry {
  seq: number;
  at: string;
  action: string;
  actionName: LocalText;
  actorName: string;
  /** 'applicant', 'system', or a department code. */
  actorOrganisation: string;
  branch: string | null;
  from: string;
  fromName: LocalText;
  to: string;
  toName: LocalText;
  comment: string | null;
  reason: string | null;
  legalBasis: string | null;
  correctionItems: string[] | null;
  result: CaseResult | null;
}

export interface BranchView {
  code: string;
  name: LocalText;
  departmentCode: string;
  state: string;
  stateName: LocalText;
  done: boolean;
  outcome: 'approved' | 'rejected' | null;
  deadlineAt: string | null;
  claimedBy: Person | null;
  /** The part's own result, or its refusal with the legal basis. */
  result: CaseResult | null;
  rejection: { reason: string; legalBasis: string } | null;
}

export interface AvailableAction {
  action: string;
  name: LocalText;
  branch: string | null;
  requires: Requirement[];
}

export interface CaseView extends CaseSummary {
  itemCode: string | null;
  itemVersion: number | null;
  bundleCode: string | null;
  items: { code: string; version: number; name: LocalText; departmentCode: string }[];
  processCode: string;
  handledBy: LocalText | null;
  /** Send back as `expectedSeq` with an action. */
  seq: number;
  deadlineAt: string | null;
  overdue: boolean;
  atRisk: boolean;
  outcome: 'completed' | 'rejected' | 'withdrawn' | null;
  result: CaseResult | null;
  rejection: { reason: string; legalBasis: string } | null;
  correction: { items: string[] } | null;
  branches: BranchView[];
  form: FormValues;
  materials: MaterialView[];
  history: HistoryEntry[];
  actions: AvailableAction[];
  /** Branches (null = the case's main line) the viewer may claim / release. */
  claimable: (string | null)[];
  releasable: (string | null)[];
}

export interface ActionInput {
  action: string;
  branch?: string;
  expectedSeq: number;
  comment?: string;
  reason?: string;
  legalBasis?: string;
  correctionItems?: string[];
  result?: CaseResult;
  /** With `resubmit`: the corrected form and materials. */
  form?: FormValues;
  materials?: MaterialRef[];
}

export interface WorkItem {
  caseId: string;
  caseNumber: string;
  title: LocalText;
  branch: string | null;
  branchName: LocalText | null;
  state: string;
  stateName: LocalText;
  departmentCode: string;
  roles: string[];
  applicantName: string;
  submittedAt: string;
  deadlineAt: string | null;
  overdue: boolean;
  atRisk: boolean;
  claimedBy: Person | null;
}

export interface InboxQuery {
  scope?: 'all' | 'mine' | 'unclaimed';
  state?: string;
  itemCode?: string;
  departmentCode?: string;
  flag?: 'overdue' | 'at_risk';
  q?: string;
  sort?: 'deadline' | 'submitted';
  page?: number;
  pageSize?: number;
}

export interface InboxPage extends Page<WorkItem> {
  counts: { all: number; mine: number; unclaimed: number; overdue: number; atRisk: number };
}

export interface CaseListQuery {
  status?: 'open' | CaseStatus;
  q?: string;
  page?: number;
  pageSize?: number;
}

export interface Notification {
  id: string;
  title: LocalText;
  body: LocalText;
  /** An in-app path, e.g. /cases/<id>. */
  link: string | null;
  createdAt: string;
  readAt: string | null;
}

export interface NotificationSettings {
  /** Masked. */
  email: string | null;
  emailEnabled: boolean;
}

const enc = encodeURIComponent;

/** A fresh idempotency key for one submission attempt (reuse it when retrying the same tap). */
export const newIdempotencyKey = (): string => crypto.randomUUID();

export const applicationsApi = {
  upload: (file: File) =>
    request<Upload>('PUT', '/api/applications/uploads', undefined, { fileName: file.name }, false, { raw: file }),
  /** Where the browser can fetch an upload's bytes (owner only). */
  uploadUrl: (id: string) => `/api/applications/uploads/${enc(id)}`,
  drafts: () => request<Items<DraftSummary>>('GET', '/api/applications/drafts'),
  draft: (id: string) => request<Draft>('GET', `/api/applications/drafts/${enc(id)}`),
  createDraft: (input: Target & { form?: FormValues; materials?: MaterialRef[] }, options?: { keepalive?: boolean }) =>
    request<Draft>('POST', '/api/applications/drafts', input, undefined, false, options),
  saveDraft: (id: string, input: { form: FormValues; materials: MaterialRef[] }, options?: { keepalive?: boolean }) =>
    request<Draft>('PUT', `/api/applications/drafts/${enc(id)}`, input, undefined, false, options),
  deleteDraft: (id: string) => request<void>('DELETE', `/api/applications/drafts/${enc(id)}`),
  submit: (input: Target & { form: FormValues; materials: MaterialRef[]; draftId?: string }, idempotencyKey: string) =>
    request<CaseView>('POST', '/api/applications/cases', input, undefined, false, {
      headers: { 'idempotency-key': idempotencyKey },
    }),
  /** The applicant's own cases; for staff, the cases of their departments. */
  cases: (q: CaseListQuery = {}) => request<Page<CaseSummary>>('GET', '/api/applications/cases', undefined, { ...q }),
  case: (id: string) => request<CaseView>('GET', `/api/applications/cases/${enc(id)}`),
  act: (id: string, input: ActionInput) =>
    request<CaseView>('POST', `/api/applications/cases/${enc(id)}/actions`, input),
  claim: (id: string, branch?: string | null) =>
    request<CaseView>('POST', `/api/applications/cases/${enc(id)}/claim`, branch ? { branch } : {}),
  release: (id: string, branch?: string | null) =>
    request<CaseView>('POST', `/api/applications/cases/${enc(id)}/release`, branch ? { branch } : {}),
  /** Where the browser can fetch a case's material (applicant or staff who may see the case). */
  materialUrl: (caseId: string, code: string) => `/api/applications/cases/${enc(caseId)}/materials/${enc(code)}`,
  inbox: (q: InboxQuery = {}) => request<InboxPage>('GET', '/api/applications/inbox', undefined, { ...q }),
};

export const notificationsApi = {
  list: (q: { unread?: boolean; page?: number; pageSize?: number } = {}) =>
    request<Page<Notification>>('GET', '/api/me/notifications', undefined, {
      unread: q.unread ? 'true' : undefined,
      page: q.page,
      pageSize: q.pageSize,
    }),
  unreadCount: () => request<{ count: number }>('GET', '/api/me/notifications/unread-count'),
  read: (id: string) => request<void>('POST', `/api/me/notifications/${enc(id)}/read`),
  readAll: () => request<void>('POST', '/api/me/notifications/read-all'),
  settings: () => request<NotificationSettings>('GET', '/api/me/notification-settings'),
  /** Leave `email` out to keep the saved address (it is only ever shown masked); null forgets it. */
  saveSettings: (input: { email?: string | null; emailEnabled: boolean }) =>
    request<NotificationSettings>('PUT', '/api/me/notification-settings', input),
};
