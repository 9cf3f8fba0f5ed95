/**
 * The 12345 desk (server module cityops, hotline part): the knowledge base, calls, the caller
 * look-up (repeated callers) and the 12345 figures.
 */
import { mutationOptions, queryOptions } from '@tanstack/react-query';
import { call, client } from '../client';
import type { Answer, Body, Query } from '../contract';
import { CallTypeValues } from '../../../../contract/openapi.ts';

export type KnowledgeEntry = Answer<'/api/cityops/hotline/knowledge', 'get'>['items'][number];
export type CallView = Answer<'/api/cityops/hotline/calls/{id}', 'get'>;
export type CallSummary = Answer<'/api/cityops/hotline/calls', 'get'>['items'][number];
export type CallerHistory = Answer<'/api/cityops/hotline/callers/lookup', 'post'>;
export type HotlineFigures = Answer<'/api/cityops/hotline/figures', 'get'>;
export type NewCall = Body<'/api/cityops/hotline/calls', 'post'>;
export type CallType = NewCall['type'];
export type CallQuery = Query<'/api/cityops/hotline/calls', 'get'>;

/** Every call type, from the contract. */
export const CALL_TYPES = CallTypeValues;

export const hotlineKeys = { all: ['hotline'] as const };

type Invalidator = { client: { invalidateQueries(f: { queryKey: readonly string[] }): Promise<void> } };

export const knowledgeQuery = (q: string) =>
  queryOptions({
    queryKey: ['hotline', 'knowledge', q] as const,
    queryFn: ({ signal }) =>
      call(() => client.GET('/api/cityops/hotline/knowledge', { params: { query: { q } }, signal })).then(
        (r) => r.items,
      ),
    enabled: q.trim().length > 0,
  });

export const callsQuery = (query: CallQuery) =>
  queryOptions({
    queryKey: ['hotline', 'calls', query] as const,
    queryFn: ({ signal }) => call(() => client.GET('/api/cityops/hotline/calls', { params: { query }, signal })),
  });

export const figuresQuery = (days: number) =>
  queryOptions({
    queryKey: ['hotline', 'figures', days] as const,
    queryFn: ({ signal }) =>
      call(() => client.GET('/api/cityops/hotline/figures', { params: { query: { days } }, signal })),
  });

export const lookUpCaller = mutationOptions({
  mutationFn: (phone: string) => call(() => client.POST('/api/cityops/hotline/callers/lookup', { body: { phone } })),
});

export const recordCall = mutationOptions({
  mutationFn: ({ body, key }: { body: NewCall; key: string }) =>
    call(() => client.POST('/api/cityops/hotline/calls', { body, params: { header: { 'idempotency-key': key } } })),
  onSuccess: (_d: unknown, _v: unknown, _r: unknown, { client: queries }: Invalidator) =>
    void queries.invalidateQueries({ queryKey: hotlineKeys.all }),
});

/** The event categories a call may be dispatched under (cityops). */
export const categoriesQuery = queryOptions({
  queryKey: ['hotline', 'categories'] as const,
  queryFn: ({ signal }) => call(() => client.GET('/api/cityops/categories', { signal })).then((r) => r.items),
  staleTime: 10 * 60_000,
});
