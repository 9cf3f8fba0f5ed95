/**
 * City operations (server module cityops): categories and the community polygons (public), the
 * citizen's reports (随手拍, 我的随手拍, rate, reopen), the operator's events and actions, the
 * grid worker's list and patrol reports.
 */
import { infiniteQueryOptions, mutationOptions, queryOptions } from '@tanstack/react-query';
import { call, client } from '../client';
import type { Answer, Body, Query } from '../contract';
import type { MapArea } from '../community-map';

export type Category = Answer<'/api/cityops/categories', 'get'>['items'][number];
export type EventSummary = Answer<'/api/cityops/events', 'get'>['items'][number];
export type EventDetail = Answer<'/api/cityops/events/{id}', 'get'>;
export type EventUpdate = Answer<'/api/cityops/events/{id}/history', 'get'>['items'][number];
export type Duplicate = Answer<'/api/cityops/events/{id}/duplicates', 'get'>['items'][number];
export type EventStatus = EventSummary['status'];
export type EventSource = EventSummary['source'];
export type EventFilters = Query<'/api/cityops/events', 'get'>;
export type ReportInput = Body<'/api/cityops/reports', 'post'>;
export type PatrolInput = Body<'/api/cityops/patrol', 'post'>;
type CommunityFeature = Answer<'/api/cityops/map/communities', 'get'>['features'][number];

/** A community or grid of the map, with its English name. */
export type Area = MapArea & { nameEn: string | null; communityCode: string | null };

const enc = encodeURIComponent;

/** Where the browser fetches a photo of an event (its reporter's, or the handler's on closing). */
export const eventPhotoUrl = (eventId: string, uploadId: string) =>
  `/api/cityops/events/${enc(eventId)}/photos/${enc(uploadId)}`;

export const cityopsKeys = {
  all: ['cityops'] as const,
  event: (id: string) => ['cityops', 'event', id] as const,
};

type Invalidator = { client: { invalidateQueries(f: { queryKey: readonly string[] }): Promise<void> } };
const invalidateAll = {
  onSuccess: (_d: unknown, _v: unknown, _r: unknown, { client: queries }: Invalidator) =>
    void queries.invalidateQueries({ queryKey: cityopsKeys.all }),
};

export const categoriesQuery = () =>
  queryOptions({
    queryKey: ['cityops', 'categories'] as const,
    queryFn: ({ signal }) => call(() => client.GET('/api/cityops/categories', { signal })).then((r) => r.items),
    staleTime: 60 * 60_000,
  });

const toArea = (f: CommunityFeature): Area => ({
  code: f.properties.code,
  kind: f.properties.kind,
  name: f.properties.name,
  nameEn: f.properties.nameEn,
  communityCode: f.properties.communityCode ?? null,
  geometry: f.geometry,
});

/** The city outline, communities and grids (public, cached by the browser too). */
export const areasQuery = () =>
  queryOptions({
    queryKey: ['cityops', 'areas'] as const,
    queryFn: ({ signal }) =>
      call(() => client.GET('/api/cityops/map/communities', { signal })).then((r) => r.features.map(toArea)),
    staleTime: Infinity,
  });

export const reportEvent = mutationOptions({
  mutationFn: (body: ReportInput) => call(() => client.POST('/api/cityops/reports', { body })),
  ...invalidateAll,
});

const MY_PAGE = 20;
export const myReportsInfinite = () =>
  infiniteQueryOptions({
    queryKey: ['cityops', 'mine'] as const,
    initialPageParam: 1,
    queryFn: ({ pageParam, signal }) =>
      call(() =>
        client.GET('/api/cityops/reports', { params: { query: { page: pageParam, pageSize: MY_PAGE } }, signal }),
      ),
    getNextPageParam: (last, all) => (all.length * MY_PAGE < last.total ? all.length + 1 : undefined),
  });

export const eventsQuery = (filters: EventFilters) =>
  queryOptions({
    queryKey: ['cityops', 'events', filters] as const,
    queryFn: ({ signal }) => call(() => client.GET('/api/cityops/events', { params: { query: filters }, signal })),
  });

export const eventQuery = (id: string) =>
  queryOptions({
    queryKey: cityopsKeys.event(id),
    queryFn: ({ signal }) => call(() => client.GET('/api/cityops/events/{id}', { params: { path: { id } }, signal })),
    retry: false,
  });

export const eventHistoryQuery = (id: string) =>
  queryOptions({
    queryKey: [...cityopsKeys.event(id), 'history'] as const,
    queryFn: ({ signal }) =>
      call(() => client.GET('/api/cityops/events/{id}/history', { params: { path: { id } }, signal })).then(
        (r) => r.items,
      ),
  });

export const duplicatesQuery = (id: string) =>
  queryOptions({
    queryKey: [...cityopsKeys.event(id), 'duplicates'] as const,
    queryFn: ({ signal }) =>
      call(() => client.GET('/api/cityops/events/{id}/duplicates', { params: { path: { id } }, signal })).then(
        (r) => r.items,
      ),
  });

/** The grid worker's open events, the nearest deadline first. */
export const gridEventsQuery = () =>
  queryOptions({
    queryKey: ['cityops', 'grid'] as const,
    queryFn: ({ signal }) => call(() => client.GET('/api/cityops/grid/events', { signal })).then((r) => r.items),
  });

const path = (id: string) => ({ params: { path: { id } } });

export const rateEvent = mutationOptions({
  mutationFn: ({ id, body }: { id: string; body: Body<'/api/cityops/events/{id}/rate', 'post'> }) =>
    call(() => client.POST('/api/cityops/events/{id}/rate', { ...path(id), body })),
  ...invalidateAll,
});

export const reopenEvent = mutationOptions({
  mutationFn: ({ id, body }: { id: string; body: Body<'/api/cityops/events/{id}/reopen', 'post'> }) =>
    call(() => client.POST('/api/cityops/events/{id}/reopen', { ...path(id), body })),
  ...invalidateAll,
});

export const reassignEvent = mutationOptions({
  mutationFn: ({ id, body }: { id: string; body: Body<'/api/cityops/events/{id}/reassign', 'post'> }) =>
    call(() => client.POST('/api/cityops/events/{id}/reassign', { ...path(id), body })),
  ...invalidateAll,
});

export const returnEvent = mutationOptions({
  mutationFn: ({ id, body }: { id: string; body: Body<'/api/cityops/events/{id}/return', 'post'> }) =>
    call(() => client.POST('/api/cityops/events/{id}/return', { ...path(id), body })),
  ...invalidateAll,
});

export const escalateEvent = mutationOptions({
  mutationFn: ({ id, body }: { id: string; body: Body<'/api/cityops/events/{id}/escalate', 'post'> }) =>
    call(() => client.POST('/api/cityops/events/{id}/escalate', { ...path(id), body })),
  ...invalidateAll,
});

export const coAssignEvent = mutationOptions({
  mutationFn: ({ id, body }: { id: string; body: Body<'/api/cityops/events/{id}/co-assign', 'post'> }) =>
    call(() => client.POST('/api/cityops/events/{id}/co-assign', { ...path(id), body })),
  ...invalidateAll,
});

export const acceptEvent = mutationOptions({
  mutationFn: ({ id, body }: { id: string; body: Body<'/api/cityops/events/{id}/accept', 'post'> }) =>
    call(() => client.POST('/api/cityops/events/{id}/accept', { ...path(id), body })),
  ...invalidateAll,
});

export const noteEvent = mutationOptions({
  mutationFn: ({ id, body }: { id: string; body: Body<'/api/cityops/events/{id}/notes', 'post'> }) =>
    call(() => client.POST('/api/cityops/events/{id}/notes', { ...path(id), body })),
  ...invalidateAll,
});

export const closeEvent = mutationOptions({
  mutationFn: ({ id, body }: { id: string; body: Body<'/api/cityops/events/{id}/close', 'post'> }) =>
    call(() => client.POST('/api/cityops/events/{id}/close', { ...path(id), body })),
  ...invalidateAll,
});

/** Merges event `id` into `body.intoId`. */
export const mergeEvent = mutationOptions({
  mutationFn: ({ id, body }: { id: string; body: Body<'/api/cityops/events/{id}/merge', 'post'> }) =>
    call(() => client.POST('/api/cityops/events/{id}/merge', { ...path(id), body })),
  ...invalidateAll,
});

export const reportPatrol = mutationOptions({
  mutationFn: (body: PatrolInput) => call(() => client.POST('/api/cityops/patrol', { body })),
  ...invalidateAll,
});
