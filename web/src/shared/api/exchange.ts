/**
 * Data sharing (server module exchange) and data-subject rights (module rights): the registry
 * catalogue, who read my data (the data tracker), consents, sharing grants, the personal data
 * export and correction targets.
 */
import { mutationOptions, queryOptions } from '@tanstack/react-query';
import { call, client } from '../client';
import type { NewSharingGrant, TrackerQuery } from '../contract';

export const exchangeKeys = {
  registries: ['exchange', 'registries'] as const,
  tracker: (subject: string | null, q: TrackerQuery) => ['exchange', 'tracker', subject, q] as const,
  consents: ['exchange', 'consents'] as const,
  grants: ['exchange', 'grants'] as const,
  corrections: ['me', 'corrections'] as const,
};

/** The registries, their owners and fields (public; changes with a release). */
export const registriesQuery = () =>
  queryOptions({
    queryKey: exchangeKeys.registries,
    queryFn: ({ signal }) => call(() => client.GET('/api/exchange/registries', { signal })).then((r) => r.items),
    staleTime: 10 * 60_000,
  });

/** One page of reads of my data (enterpriseId: of that enterprise's), older than `cursor`. */
export const trackerPage = (enterpriseId: string | null, q: TrackerQuery, signal?: AbortSignal) =>
  enterpriseId
    ? call(() =>
        client.GET('/api/exchange/tracker/enterprises/{enterpriseId}', {
          params: { path: { enterpriseId }, query: q },
          signal,
        }),
      )
    : call(() => client.GET('/api/exchange/tracker', { params: { query: q }, signal }));

export const consentsQuery = () =>
  queryOptions({
    queryKey: exchangeKeys.consents,
    queryFn: ({ signal }) => call(() => client.GET('/api/exchange/consents', { signal })).then((r) => r.items),
  });

export const withdrawConsent = mutationOptions({
  mutationFn: (id: string) =>
    call(() => client.POST('/api/exchange/consents/{id}/withdraw', { params: { path: { id } } })),
  onSettled: (_data, _error, _id, _result, { client: queries }) =>
    void queries.invalidateQueries({ queryKey: exchangeKeys.consents }),
});

/** Everything the platform holds about me, as the archive the server answers. */
export const exportMyData = () => call(() => client.GET('/api/me/export'));

export const correctionsQuery = () =>
  queryOptions({
    queryKey: exchangeKeys.corrections,
    queryFn: ({ signal }) => call(() => client.GET('/api/me/corrections', { signal })).then((r) => r.items),
  });

export const grantsQuery = () =>
  queryOptions({
    queryKey: exchangeKeys.grants,
    queryFn: ({ signal }) => call(() => client.GET('/api/exchange/grants', { signal })).then((r) => r.items),
  });

export const createGrant = mutationOptions({
  mutationFn: (input: NewSharingGrant) => call(() => client.POST('/api/exchange/grants', { body: input })),
  onSettled: (_data, _error, _input, _result, { client: queries }) =>
    void queries.invalidateQueries({ queryKey: exchangeKeys.grants }),
});

export const revokeGrant = mutationOptions({
  mutationFn: (id: string) => call(() => client.POST('/api/exchange/grants/{id}/revoke', { params: { path: { id } } })),
  onSettled: (_data, _error, _id, _result, { client: queries }) =>
    void queries.invalidateQueries({ queryKey: exchangeKeys.grants }),
});
