/** Anomaly flags (异常预警, server module supervision): flags in the caller's scope, a supervisor's finding, the rules. */
import { mutationOptions, queryOptions } from '@tanstack/react-query';
import { call, client } from '../client';
import type { Answer, Body, Query } from '../contract';

export type AnomalyFlag = Answer<'/api/supervision/anomalies/{id}', 'get'>;
export type AnomalyFlagPage = Answer<'/api/supervision/anomalies', 'get'>;
export type AnomalyQuery = Query<'/api/supervision/anomalies', 'get'>;
export type AnomalyReview = Body<'/api/supervision/anomalies/{id}/review', 'post'>;
export type AnomalyRulesView = Answer<'/api/supervision/anomaly-rules', 'get'>;

export const anomalyKeys = {
  all: ['anomalies'] as const,
  flags: (q: AnomalyQuery) => ['anomalies', 'flags', q] as const,
  rules: ['anomalies', 'rules'] as const,
};

export const anomalyFlagsQuery = (q: AnomalyQuery) =>
  queryOptions({
    queryKey: anomalyKeys.flags(q),
    queryFn: ({ signal }) => call(() => client.GET('/api/supervision/anomalies', { params: { query: q }, signal })),
  });

export const anomalyRulesQuery = queryOptions({
  queryKey: anomalyKeys.rules,
  queryFn: ({ signal }) => call(() => client.GET('/api/supervision/anomaly-rules', { signal })),
});

export const reviewFlag = mutationOptions({
  mutationFn: ({ id, body }: { id: string; body: AnomalyReview }) =>
    call(() => client.POST('/api/supervision/anomalies/{id}/review', { params: { path: { id } }, body })),
  onSuccess: (_d, _v, _r, { client: queries }) => void queries.invalidateQueries({ queryKey: anomalyKeys.all }),
});
