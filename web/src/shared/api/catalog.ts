/** The service catalogue: items, their versions and life-event bundles (server module catalog). */
import { mutationOptions, queryOptions } from '@tanstack/react-query';
import { call, client } from '../client';
import type { CatalogSearch, ServiceItemData } from '../contract';
import { minutes } from '../query';

export const catalogKeys = {
  all: ['catalog'] as const,
  items: (q: CatalogSearch) => ['catalog', 'items', q] as const,
  item: (code: string, version?: number | null) => ['catalog', 'item', code, version ?? 'current'] as const,
  versions: (code: string) => ['catalog', 'versions', code] as const,
  bundles: ['catalog', 'bundles'] as const,
  bundle: (code: string) => ['catalog', 'bundle', code] as const,
};

export const getItems = (q: CatalogSearch, signal?: AbortSignal) =>
  call(() => client.GET('/api/catalog/items', { params: { query: q }, signal }));

/** One version of an item (the current one when no version is given). */
export const getItem = (code: string, version?: number | null, signal?: AbortSignal) =>
  call(() =>
    client.GET('/api/catalog/items/{code}', {
      params: { path: { code }, query: version ? { version } : {} },
      signal,
    }),
  );

export const getBundle = (code: string, signal?: AbortSignal) =>
  call(() => client.GET('/api/catalog/bundles/{code}', { params: { path: { code } }, signal }));

export const itemsQuery = (q: CatalogSearch) =>
  queryOptions({ queryKey: catalogKeys.items(q), queryFn: ({ signal }) => getItems(q, signal) });

export const itemQuery = (code: string, version?: number | null) =>
  queryOptions({
    queryKey: catalogKeys.item(code, version),
    queryFn: ({ signal }) => getItem(code, version, signal),
    // A published version never changes.
    staleTime: version ? Infinity : 0,
  });

export const versionsQuery = (code: string) =>
  queryOptions({
    queryKey: catalogKeys.versions(code),
    queryFn: ({ signal }) =>
      call(() => client.GET('/api/catalog/items/{code}/versions', { params: { path: { code } }, signal })),
  });

export const bundlesQuery = () =>
  queryOptions({
    queryKey: catalogKeys.bundles,
    queryFn: ({ signal }) => call(() => client.GET('/api/catalog/bundles', { signal })),
    staleTime: minutes(5),
  });

export const bundleQuery = (code: string) =>
  queryOptions({ queryKey: catalogKeys.bundle(code), queryFn: ({ signal }) => getBundle(code, signal) });

/** Publishes a new version of an item (its first, for a new code): department admins of its department. */
export const publishItem = mutationOptions({
  mutationFn: ({ code, data }: { code: string; data: ServiceItemData }) =>
    call(() => client.PUT('/api/catalog/items/{code}', { params: { path: { code } }, body: data })),
  onSuccess: (_detail, _vars, _result, { client: queries }) =>
    void queries.invalidateQueries({ queryKey: catalogKeys.all }),
});

/** Retires an item: it leaves the catalogue; its versions stay readable. */
export const retireItem = mutationOptions({
  mutationFn: (code: string) => call(() => client.DELETE('/api/catalog/items/{code}', { params: { path: { code } } })),
  onSuccess: (_data, _code, _result, { client: queries }) =>
    void queries.invalidateQueries({ queryKey: catalogKeys.all }),
});
