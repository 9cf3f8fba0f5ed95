/** Efficiency statistics (server: supervision.statistics): a department head's or the supervisor's dashboard. */
import { queryOptions } from '@tanstack/react-query';
import { call, client } from '../client';
import type { Answer, Query } from '../contract';

export type SupervisionStatistics = Answer<'/api/supervision/statistics', 'get'>;
export type StatisticsWeek = SupervisionStatistics['weeks'][number];
export type StatisticsDepartment = SupervisionStatistics['departments'][number];
export type StatisticsItem = SupervisionStatistics['items'][number];
export type StatisticsQuery = Query<'/api/supervision/statistics', 'get'>;

export const statisticsQuery = (query: StatisticsQuery) =>
  queryOptions({
    queryKey: ['supervision', 'statistics', query],
    queryFn: ({ signal }) => call(() => client.GET('/api/supervision/statistics', { params: { query }, signal })),
  });
