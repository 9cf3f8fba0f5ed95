/** Drafts, uploads, cases and the staff inbox (server module applications). */
import { mutationOptions, queryOptions, type QueryClient } from '@tanstack/react-query';
import { call, client } from '../client';
import type {
  ActionInput,
  CaseListQuery,
  CaseLookupInput,
  CaseView,
  DraftContent,
  InboxQuery,
  NewDraft,
  Submission,
} from '../contract';

export const applicationsKeys = {
  all: ['applications'] as const,
  drafts: ['applications', 'drafts'] as const,
  draft: (id: string) => ['applications', 'draft', id] as const,
  cases: (q: CaseListQuery) => ['applications', 'cases', q] as const,
  case: (id: string) => ['applications', 'case', id] as const,
  inbox: (q: InboxQuery) => ['applications', 'inbox', q] as const,
};

const enc = encodeURIComponent;

/** Where the browser can fetch an upload's bytes (owner only). */
export const uploadUrl = (id: string) => `/api/applications/uploads/${enc(id)}`;

/** Where the browser can fetch a case's material (applicant or staff who may see the case). */
export const materialUrl = (caseId: string, code: string) =>
  `/api/applications/cases/${enc(caseId)}/materials/${enc(code)}`;

/** Where the browser can fetch a file of a case's result (the applicant, or staff of the case's departments). */
export const resultFileUrl = (caseId: string, fileId: string) =>
  `/api/applications/cases/${enc(caseId)}/results/${enc(fileId)}`;

/** A fresh idempotency key for one submission attempt (reuse it when retrying the same tap). */
export const newIdempotencyKey = (): string => crypto.randomUUID();

/** Uploads a material: the file's bytes are the request body (the server reads the type from them). */
export const upload = (file: File) =>
  call(() =>
    client.PUT('/api/applications/uploads', {
      params: { query: { fileName: file.name } },
      headers: { 'content-type': file.type || 'application/octet-stream' },
      body: file,
      bodySerializer: (body: Blob) => body,
    }),
  );

export const getDrafts = (signal?: AbortSignal) => call(() => client.GET('/api/applications/drafts', { signal }));

export const getDraft = (id: string, signal?: AbortSignal) =>
  call(() => client.GET('/api/applications/drafts/{id}', { params: { path: { id } }, signal }));

export const draftsQuery = () =>
  queryOptions({ queryKey: applicationsKeys.drafts, queryFn: ({ signal }) => getDrafts(signal) });

/** `keepalive`: let the request outlive the page (a last save while the page is being closed). */
export const createDraft = (input: NewDraft, options: { keepalive?: boolean } = {}) =>
  call(() => client.POST('/api/applications/drafts', { body: input, keepalive: options.keepalive }));

export const saveDraft = (id: string, input: DraftContent, options: { keepalive?: boolean } = {}) =>
  call(() =>
    client.PUT('/api/applications/drafts/{id}', {
      params: { path: { id } },
      body: input,
      keepalive: options.keepalive,
    }),
  );

export const deleteDraft = mutationOptions({
  mutationFn: (id: string) => call(() => client.DELETE('/api/applications/drafts/{id}', { params: { path: { id } } })),
  onSettled: (_data, _error, _id, _result, { client: queries }) =>
    void queries.invalidateQueries({ queryKey: applicationsKeys.drafts }),
});

/** The applicant's own cases; for staff, the cases of their departments. */
export const casesQuery = (q: CaseListQuery) =>
  queryOptions({
    queryKey: applicationsKeys.cases(q),
    queryFn: ({ signal }) => call(() => client.GET('/api/applications/cases', { params: { query: q }, signal })),
  });

/** A case looked up without signing in (办件查询): wrong facts answer as an unknown number does (404). */
export const lookupCase = (input: CaseLookupInput) =>
  call(() => client.POST('/api/applications/lookup', { body: input }));

export const caseQuery = (id: string) =>
  queryOptions({
    queryKey: applicationsKeys.case(id),
    queryFn: ({ signal }) =>
      call(() => client.GET('/api/applications/cases/{id}', { params: { path: { id } }, signal })),
  });

export const inboxQuery = (q: InboxQuery) =>
  queryOptions({
    queryKey: applicationsKeys.inbox(q),
    queryFn: ({ signal }) => call(() => client.GET('/api/applications/inbox', { params: { query: q }, signal })),
  });

/** A case changed: show its new view at once and reload the lists it appears in. */
function caseChanged(queries: QueryClient, c: CaseView): void {
  queries.setQueryData(applicationsKeys.case(c.id), c);
  void queries.invalidateQueries({
    queryKey: applicationsKeys.all,
    predicate: (q) => q.queryKey[1] !== 'case' || q.queryKey[2] !== c.id,
  });
}

/** Files an application, once: a retry with the same key answers with the same case. */
export const submit = mutationOptions({
  mutationFn: ({ input, idempotencyKey }: { input: Submission; idempotencyKey: string }) =>
    call(() =>
      client.POST('/api/applications/cases', {
        params: { header: { 'idempotency-key': idempotencyKey } },
        body: input,
      }),
    ),
  onSuccess: (c, _vars, _result, { client: queries }) => caseChanged(queries, c),
});

/** Takes a workflow action on a case (staff, or the applicant withdrawing or resubmitting). */
export const act = mutationOptions({
  mutationFn: ({ id, input }: { id: string; input: ActionInput }) =>
    call(() => client.POST('/api/applications/cases/{id}/actions', { params: { path: { id } }, body: input })),
  onSuccess: (c, _vars, _result, { client: queries }) => caseChanged(queries, c),
});

/** Claims (or releases) a case's main line, or one department's branch of it. */
export const claim = mutationOptions({
  mutationFn: ({ id, branch, release }: { id: string; branch?: string | null; release?: boolean }) =>
    call(() =>
      client.POST(release ? '/api/applications/cases/{id}/release' : '/api/applications/cases/{id}/claim', {
        params: { path: { id } },
        body: branch ? { branch } : {},
      }),
    ),
  onSuccess: (c, _vars, _result, { client: queries }) => caseChanged(queries, c),
});
