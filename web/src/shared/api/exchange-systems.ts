/** External systems of the exchange (server module exchange): registration, status, token requests. */
import { mutationOptions, queryOptions } from '@tanstack/react-query';
import { call, client } from '../client';
import type { Body } from '../contract';

export const systemsKeys = {
  all: ['exchange', 'systems'] as const,
  signIns: (id: string) => ['exchange', 'systems', id, 'sign-ins'] as const,
};

export type NewExternalSystem = Body<'/api/exchange/systems', 'post'>;

export const systemsQuery = () =>
  queryOptions({
    queryKey: systemsKeys.all,
    queryFn: ({ signal }) => call(() => client.GET('/api/exchange/systems', { signal })).then((r) => r.items),
  });

export const signInsQuery = (id: string) =>
  queryOptions({
    queryKey: systemsKeys.signIns(id),
    queryFn: ({ signal }) =>
      call(() => client.GET('/api/exchange/systems/{id}/sign-ins', { params: { path: { id } }, signal })).then(
        (r) => r.items,
      ),
  });

export const registerSystem = mutationOptions({
  mutationFn: (body: NewExternalSystem) => call(() => client.POST('/api/exchange/systems', { body })),
  onSuccess: (_data, _vars, _result, { client: queries }) =>
    void queries.invalidateQueries({ queryKey: systemsKeys.all }),
});

export const setSystemStatus = mutationOptions({
  mutationFn: ({ id, status }: { id: string; status: 'active' | 'disabled' }) =>
    call(() => client.POST('/api/exchange/systems/{id}/status', { params: { path: { id } }, body: { status } })),
  onSuccess: (_data, _vars, _result, { client: queries }) =>
    void queries.invalidateQueries({ queryKey: systemsKeys.all }),
});
