/** 时限监督 (server: supervision, deadlines part): cases at risk and overdue, and the 黄牌/红牌 cards. */
import { queryOptions } from '@tanstack/react-query';
import { call, client } from '../client';
import type { Answer } from '../contract';

export type DeadlineView = Answer<'/api/supervision/deadlines', 'get'>;
export type DeadlineLine = DeadlineView['lines'][number];
export type DeadlineCard = Answer<'/api/supervision/deadlines/cards', 'get'>['items'][number];
export type DeadlineDrill = {
  departmentCode?: string;
  itemCode?: string;
  holder?: string;
  flag?: 'overdue' | 'at_risk';
};

export const deadlinesQuery = (drill: DeadlineDrill) =>
  queryOptions({
    queryKey: ['supervision', 'deadlines', drill],
    queryFn: ({ signal }) => call(() => client.GET('/api/supervision/deadlines', { params: { query: drill }, signal })),
    refetchInterval: 60_000,
  });

export const deadlineCardsQuery = queryOptions({
  queryKey: ['supervision', 'deadlines', 'cards'],
  queryFn: ({ signal }) => call(() => client.GET('/api/supervision/deadlines/cards', { signal })).then((r) => r.items),
});
