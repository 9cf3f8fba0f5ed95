/**
 * The super app's mini-app registry (server superapp.registry.*): the app centre's public list,
 * an enterprise agent's apps and submissions, the app reviewer's queue and decisions.
 */
import { mutationOptions, queryOptions } from '@tanstack/react-query';
import { call, client } from '../client';
import type { Answer, Body } from '../contract';

export type PublicApp = Answer<'/api/superapp/apps', 'get'>['items'][number];
export type AppCategory = PublicApp['category'];
export type AppDetail = Answer<'/api/superapp/registry/apps/{id}', 'get'>;
export type AppVersion = AppDetail['versions'][number];
export type Manifest = Body<'/api/superapp/registry/apps', 'post'>['manifest'];
export type QueueItem = Answer<'/api/superapp/review/queue', 'get'>['items'][number];
export type AppRow = Answer<'/api/superapp/review/apps', 'get'>['items'][number];
export type PreReviewReport = NonNullable<AppVersion['preReview']>;

export const registryKeys = { all: ['superapp-registry'] as const };

type Invalidator = { client: { invalidateQueries(f: { queryKey: readonly string[] }): Promise<void> } };
const invalidateAll = {
  onSuccess: (_d: unknown, _v: unknown, _r: unknown, { client: queries }: Invalidator) =>
    void queries.invalidateQueries({ queryKey: registryKeys.all }),
};

export const publicAppsQuery = (filter: { category?: AppCategory | undefined; q?: string | undefined }) =>
  queryOptions({
    queryKey: [...registryKeys.all, 'public', filter.category ?? '', filter.q ?? ''] as const,
    queryFn: ({ signal }) =>
      call(() => client.GET('/api/superapp/apps', { params: { query: filter }, signal })).then((r) => r.items),
  });

export const myAppsQuery = (enterpriseId: string) =>
  queryOptions({
    queryKey: [...registryKeys.all, 'mine', enterpriseId] as const,
    queryFn: ({ signal }) => call(() => client.GET('/api/superapp/registry/apps', { signal })).then((r) => r.items),
  });

export const appQuery = (id: string) =>
  queryOptions({
    queryKey: [...registryKeys.all, 'app', id] as const,
    queryFn: ({ signal }) =>
      call(() => client.GET('/api/superapp/registry/apps/{id}', { params: { path: { id } }, signal })),
  });

export const registerApp = mutationOptions({
  mutationFn: (manifest: Manifest) => call(() => client.POST('/api/superapp/registry/apps', { body: { manifest } })),
  ...invalidateAll,
});

export const submitVersion = mutationOptions({
  mutationFn: ({ id, manifest }: { id: string; manifest: Manifest }) =>
    call(() =>
      client.POST('/api/superapp/registry/apps/{id}/versions', { params: { path: { id } }, body: { manifest } }),
    ),
  ...invalidateAll,
});

export const reviewQueueQuery = queryOptions({
  queryKey: [...registryKeys.all, 'queue'] as const,
  queryFn: ({ signal }) => call(() => client.GET('/api/superapp/review/queue', { signal })).then((r) => r.items),
});

export const reviewAppsQuery = queryOptions({
  queryKey: [...registryKeys.all, 'apps'] as const,
  queryFn: ({ signal }) => call(() => client.GET('/api/superapp/review/apps', { signal })).then((r) => r.items),
});

type VersionRef = { id: string; version: number };
const versionPath = ({ id, version }: VersionRef) => ({ params: { path: { id, version } } });

export const approveVersion = mutationOptions({
  mutationFn: (v: VersionRef & { note?: string }) =>
    call(() =>
      client.POST('/api/superapp/review/apps/{id}/versions/{version}/approve', {
        ...versionPath(v),
        body: v.note ? { note: v.note } : {},
      }),
    ),
  ...invalidateAll,
});

export const rejectVersion = mutationOptions({
  mutationFn: (v: VersionRef & { reason: string }) =>
    call(() =>
      client.POST('/api/superapp/review/apps/{id}/versions/{version}/reject', {
        ...versionPath(v),
        body: { reason: v.reason },
      }),
    ),
  ...invalidateAll,
});

export const runPreReview = mutationOptions({
  mutationFn: (v: VersionRef) =>
    call(() => client.POST('/api/superapp/review/apps/{id}/versions/{version}/pre-review', versionPath(v))),
  ...invalidateAll,
});

export type AppDecision = 'suspend' | 'reinstate' | 'take-down';
export const decideApp = mutationOptions({
  mutationFn: ({ id, decision, reason }: { id: string; decision: AppDecision; reason: string }) => {
    const req = { params: { path: { id } }, body: { reason } };
    if (decision === 'suspend') return call(() => client.POST('/api/superapp/review/apps/{id}/suspend', req));
    if (decision === 'reinstate') return call(() => client.POST('/api/superapp/review/apps/{id}/reinstate', req));
    return call(() => client.POST('/api/superapp/review/apps/{id}/take-down', req));
  },
  ...invalidateAll,
});
