/** Random inspections (server module inspections): published draws and credit records, public. */
import { queryOptions } from '@tanstack/react-query';
import { call, client } from '../client';
import type { Answer } from '../contract';

export type PublishedDraw = Answer<'/api/inspections/draws/{id}', 'get'>;
export type CreditRecord = Answer<'/api/inspections/credit/{uscc}', 'get'>;

export const drawQuery = (id: string) =>
  queryOptions({
    queryKey: ['inspections', 'draw', id] as const,
    queryFn: ({ signal }) =>
      call(() => client.GET('/api/inspections/draws/{id}', { params: { path: { id } }, signal })),
  });

export const creditQuery = (uscc: string) =>
  queryOptions({
    queryKey: ['inspections', 'credit', uscc] as const,
    queryFn: ({ signal }) =>
      call(() => client.GET('/api/inspections/credit/{uscc}', { params: { path: { uscc } }, signal })),
  });
