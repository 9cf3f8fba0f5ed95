/** Open311 API keys (server module cityops): list, issue (the key answered once), revoke. */
import { mutationOptions, queryOptions } from '@tanstack/react-query';
import { call, client } from '../client';
import type { Body } from '../contract';

export const open311KeysKey = ['cityops', 'open311', 'keys'] as const;

export type NewOpen311Key = Body<'/api/cityops/open311/keys', 'post'>;

export const open311KeysQuery = () =>
  queryOptions({
    queryKey: open311KeysKey,
    queryFn: ({ signal }) => call(() => client.GET('/api/cityops/open311/keys', { signal })).then((r) => r.items),
  });

export const issueOpen311Key = mutationOptions({
  mutationFn: (body: NewOpen311Key) => call(() => client.POST('/api/cityops/open311/keys', { body })),
  onSuccess: (_data, _vars, _result, { client: queries }) =>
    void queries.invalidateQueries({ queryKey: open311KeysKey }),
});

export const revokeOpen311Key = mutationOptions({
  mutationFn: (id: string) =>
    call(() => client.POST('/api/cityops/open311/keys/{id}/revoke', { params: { path: { id } } })),
  onSuccess: (_data, _vars, _result, { client: queries }) =>
    void queries.invalidateQueries({ queryKey: open311KeysKey }),
});
