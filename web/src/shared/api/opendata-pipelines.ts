/** Open-data publishing pipelines (server module opendata, pipelines part): list, detail, preview, review, run. */
import { mutationOptions, queryOptions } from '@tanstack/react-query';
import { call, client } from '../client';
import type { Body } from '../contract';

export const pipelinesKey = ['opendata', 'pipelines'] as const;

export type PipelineReviewBody = Body<'/api/opendata/pipelines/{key}/reviews', 'post'>;

export const pipelinesQuery = () =>
  queryOptions({
    queryKey: pipelinesKey,
    queryFn: ({ signal }) => call(() => client.GET('/api/opendata/pipelines', { signal })).then((r) => r.items),
  });

export const pipelineQuery = (key: string) =>
  queryOptions({
    queryKey: [...pipelinesKey, key],
    queryFn: ({ signal }) =>
      call(() => client.GET('/api/opendata/pipelines/{key}', { params: { path: { key } }, signal })),
  });

export const previewPipeline = mutationOptions({
  mutationFn: (key: string) =>
    call(() => client.POST('/api/opendata/pipelines/{key}/preview', { params: { path: { key } } })),
});

export const reviewPipeline = mutationOptions({
  mutationFn: (v: { key: string; body: PipelineReviewBody }) =>
    call(() =>
      client.POST('/api/opendata/pipelines/{key}/reviews', { params: { path: { key: v.key } }, body: v.body }),
    ),
  onSuccess: (_data, _vars, _result, { client: queries }) => void queries.invalidateQueries({ queryKey: pipelinesKey }),
});

export const runPipeline = mutationOptions({
  mutationFn: (v: { key: string; idempotencyKey: string }) =>
    call(() =>
      client.POST('/api/opendata/pipelines/{key}/runs', {
        params: { path: { key: v.key }, header: { 'idempotency-key': v.idempotencyKey } },
      }),
    ),
  onSuccess: (_data, _vars, _result, { client: queries }) => void queries.invalidateQueries({ queryKey: pipelinesKey }),
});
