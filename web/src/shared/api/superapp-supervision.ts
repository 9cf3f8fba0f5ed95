/**
 * Supervision of mini-apps (server module superapp, part supervision): what apps received about
 * me and my complaints (citizen app), and the app reviewer's figures and complaint queue (console).
 */
import { mutationOptions, queryOptions } from '@tanstack/react-query';
import { call, client } from '../client';
import type { Answer, Body } from '../contract';

export type MyAppData = Answer<'/api/superapp/me/apps', 'get'>['items'][number];
export type MyAppDetail = Answer<'/api/superapp/me/apps/{id}', 'get'>;
export type AppComplaint = MyAppDetail['complaints'][number];
export type NewAppComplaint = Body<'/api/superapp/apps/{slug}/complaints', 'post'>;
export type SupervisedApp = Answer<'/api/superapp/supervision/apps', 'get'>['items'][number];
export type AppSupervision = Answer<'/api/superapp/supervision/apps/{id}', 'get'>;
export type ReviewComplaint = AppSupervision['complaints'][number];
export type AppUsage = Answer<'/api/superapp/supervision/apps/{id}/usage', 'get'>;
export type ComplaintStatus = AppComplaint['status'];

export const appSupervisionKeys = {
  mine: ['superapp-supervision', 'mine'] as const,
  review: ['superapp-supervision', 'review'] as const,
};

type Invalidator = { client: { invalidateQueries(f: { queryKey: readonly string[] }): Promise<void> } };
const invalidate = (key: readonly string[]) => ({
  onSuccess: (_d: unknown, _v: unknown, _r: unknown, { client: queries }: Invalidator) =>
    void queries.invalidateQueries({ queryKey: key }),
});

// ---- the citizen
export const myAppsQuery = queryOptions({
  queryKey: [...appSupervisionKeys.mine, 'apps'],
  queryFn: ({ signal }) => call(() => client.GET('/api/superapp/me/apps', { signal })).then((r) => r.items),
});
export const myAppQuery = (id: string) =>
  queryOptions({
    queryKey: [...appSupervisionKeys.mine, 'app', id],
    queryFn: ({ signal }) => call(() => client.GET('/api/superapp/me/apps/{id}', { params: { path: { id } }, signal })),
  });
export const withdrawApp = mutationOptions({
  mutationFn: (id: string) =>
    call(() => client.POST('/api/superapp/me/apps/{id}/withdraw', { params: { path: { id } } })),
  ...invalidate(appSupervisionKeys.mine),
});
export const fileComplaint = mutationOptions({
  mutationFn: ({ slug, key, body }: { slug: string; key: string; body: NewAppComplaint }) =>
    call(() =>
      client.POST('/api/superapp/apps/{slug}/complaints', {
        params: { path: { slug }, header: { 'idempotency-key': key } },
        body,
      }),
    ),
  ...invalidate(appSupervisionKeys.mine),
});

// ---- the app reviewer
export const supervisedAppsQuery = queryOptions({
  queryKey: [...appSupervisionKeys.review, 'apps'],
  queryFn: ({ signal }) => call(() => client.GET('/api/superapp/supervision/apps', { signal })).then((r) => r.items),
});
export const appSupervisionQuery = (id: string) =>
  queryOptions({
    queryKey: [...appSupervisionKeys.review, 'app', id],
    queryFn: ({ signal }) =>
      call(() => client.GET('/api/superapp/supervision/apps/{id}', { params: { path: { id } }, signal })),
  });
export const appUsageQuery = (id: string) =>
  queryOptions({
    queryKey: [...appSupervisionKeys.review, 'usage', id],
    queryFn: ({ signal }) =>
      call(() =>
        client.GET('/api/superapp/supervision/apps/{id}/usage', { params: { path: { id }, query: {} }, signal }),
      ),
  });
export const complaintQueueQuery = (status: ComplaintStatus | undefined) =>
  queryOptions({
    queryKey: [...appSupervisionKeys.review, 'complaints', status ?? 'all'],
    queryFn: ({ signal }) =>
      call(() =>
        client.GET('/api/superapp/supervision/complaints', { params: { query: status ? { status } : {} }, signal }),
      ).then((r) => r.items),
  });
export const decideComplaint = mutationOptions({
  mutationFn: ({ id, outcome, reason }: { id: string; outcome: 'upheld' | 'dismissed'; reason: string }) =>
    call(() =>
      client.POST('/api/superapp/supervision/complaints/{id}/decision', {
        params: { path: { id } },
        body: { outcome, reason },
      }),
    ),
  ...invalidate(appSupervisionKeys.review),
});
