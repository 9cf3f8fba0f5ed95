/**
 * Open data's portal parts (server opendata.portal*): a citizen's API keys, the live endpoints,
 * data requests (the citizen's and the department's queue), and the department's datasets with
 * withdrawal.
 */
import { mutationOptions, queryOptions } from '@tanstack/react-query';
import { call, client } from '../client';
import type { Answer, Body } from '../contract';

export type ApiKey = Answer<'/api/opendata/keys', 'get'>['items'][number];
export type NewApiKey = Body<'/api/opendata/keys', 'post'>;
export type DataRequest = Answer<'/api/opendata/requests/mine', 'get'>['items'][number];
export type NewDataRequest = Body<'/api/opendata/requests', 'post'>;
export type RequestAnswer = Body<'/api/opendata/requests/{id}/answer', 'post'>;
export type LiveAnswer = Answer<'/api/opendata/live/{id}', 'get'>;
export type DepartmentDataset = Answer<'/api/opendata/department-datasets', 'get'>['items'][number];

const keysKey = ['opendata', 'keys'] as const;
const requestsKey = ['opendata', 'requests'] as const;

export const apiKeysQuery = () =>
  queryOptions({
    queryKey: keysKey,
    queryFn: ({ signal }) => call(() => client.GET('/api/opendata/keys', { signal })),
  });

export const issueApiKey = mutationOptions({
  mutationFn: (body: NewApiKey) => call(() => client.POST('/api/opendata/keys', { body })),
  onSuccess: (_d, _v, _r, { client: queries }) => void queries.invalidateQueries({ queryKey: keysKey }),
});

export const revokeApiKey = mutationOptions({
  mutationFn: (id: string) => call(() => client.POST('/api/opendata/keys/{id}/revoke', { params: { path: { id } } })),
  onSuccess: (_d, _v, _r, { client: queries }) => void queries.invalidateQueries({ queryKey: keysKey }),
});

/** One page of a live endpoint's rows, with a key (the portal's "try it"). */
export const callLive = (resourceId: string, key: string, limit = 5) =>
  call(() =>
    client.GET('/api/opendata/live/{id}', {
      params: { path: { id: resourceId }, query: { limit } },
      headers: { 'x-api-key': key },
    }),
  );

export const myRequestsQuery = () =>
  queryOptions({
    queryKey: [...requestsKey, 'mine'],
    queryFn: ({ signal }) => call(() => client.GET('/api/opendata/requests/mine', { signal })).then((r) => r.items),
  });

export const submitRequest = mutationOptions({
  mutationFn: (v: { body: NewDataRequest; key: string }) =>
    call(() =>
      client.POST('/api/opendata/requests', { body: v.body, params: { header: { 'idempotency-key': v.key } } }),
    ),
  onSuccess: (_d, _v, _r, { client: queries }) => void queries.invalidateQueries({ queryKey: requestsKey }),
});

export const requestQueueQuery = (status?: DataRequest['status']) =>
  queryOptions({
    queryKey: [...requestsKey, 'queue', status ?? 'all'],
    queryFn: ({ signal }) =>
      call(() => client.GET('/api/opendata/requests', { params: { query: status ? { status } : {} }, signal })).then(
        (r) => r.items,
      ),
  });

export const answerRequest = mutationOptions({
  mutationFn: (v: { id: string; body: RequestAnswer }) =>
    call(() => client.POST('/api/opendata/requests/{id}/answer', { params: { path: { id: v.id } }, body: v.body })),
  onSuccess: (_d, _v, _r, { client: queries }) => void queries.invalidateQueries({ queryKey: requestsKey }),
});

export const departmentDatasetsQuery = () =>
  queryOptions({
    queryKey: ['opendata', 'department-datasets'],
    queryFn: ({ signal }) =>
      call(() => client.GET('/api/opendata/department-datasets', { signal })).then((r) => r.items),
  });

/** Withdraw a dataset from the public catalogue, or reinstate a withdrawn one, with the reason. */
export const changeDatasetState = mutationOptions({
  mutationFn: (v: { name: string; reason: string; change: 'withdraw' | 'reinstate' }) =>
    call(() =>
      client.POST(
        v.change === 'withdraw' ? '/api/opendata/datasets/{name}/withdraw' : '/api/opendata/datasets/{name}/reinstate',
        { params: { path: { name: v.name } }, body: { reason: v.reason } },
      ),
    ),
  onSuccess: (_d, _v, _r, { client: queries }) => void queries.invalidateQueries({ queryKey: ['opendata'] }),
});
