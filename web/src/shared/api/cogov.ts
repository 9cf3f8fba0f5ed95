/**
 * Co-governance (server module cogov, 一网共治): the resident's standing and pseudonym. Each part
 * adds its queries in its own file (`shared/api/cogov-<part>.ts`), under the `cogovKeys.all` key.
 */
import { mutationOptions, queryOptions } from '@tanstack/react-query';
import { call, client } from '../client';
import type { Answer } from '../contract';

export type CogovStanding = Answer<'/api/cogov/me', 'get'>;

export const cogovKeys = {
  all: ['cogov'] as const,
  standing: ['cogov', 'me'] as const,
};

type Invalidator = { client: { invalidateQueries(f: { queryKey: readonly string[] }): Promise<void> } };
/** After any cogov write: everything cogov shows is read again. */
export const invalidateCogov = {
  onSuccess: (_d: unknown, _v: unknown, _r: unknown, { client: queries }: Invalidator) =>
    void queries.invalidateQueries({ queryKey: cogovKeys.all }),
};

export const standingQuery = () =>
  queryOptions({
    queryKey: cogovKeys.standing,
    queryFn: ({ signal }) => call(() => client.GET('/api/cogov/me', { signal })),
  });

export const setPseudonymMutation = () =>
  mutationOptions({
    mutationFn: (pseudonym: string) => call(() => client.PUT('/api/cogov/me/pseudonym', { body: { pseudonym } })),
    ...invalidateCogov,
  });
