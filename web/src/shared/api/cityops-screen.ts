/** The city screen (server: cityops.screen): the first load's figures and the live stream's messages. */
import { queryOptions } from '@tanstack/react-query';
import { call, client } from '../client';
import type { Answer, paths } from '../contract';

export type ScreenSummary = Answer<'/api/cityops/screen', 'get'>;
export type ScreenEvent = ScreenSummary['events'][number];
export type ScreenStatus = ScreenEvent['status'];
export type ScreenHeatCell = ScreenSummary['heat'][number];
export type ScreenHotline = NonNullable<ScreenSummary['hotline']>;

/** What each named SSE event of /api/cityops/screen/stream carries (the contract's ScreenStreamMessages). */
export type ScreenStreamMessages = NonNullable<
  paths['/api/cityops/screen/stream']['get']
>['responses'][200]['content']['text/event-stream'];
export type ScreenChange = ScreenStreamMessages['event'];
export type ScreenSensorChange = ScreenStreamMessages['sensor'];

export const SCREEN_STREAM_URL = '/api/cityops/screen/stream';

/** The days of figures the city screen shows (its trend and totals). */
export const SCREEN_DAYS = 30;

export const screenQuery = (days: number) =>
  queryOptions({
    queryKey: ['cityops', 'screen', days],
    queryFn: ({ signal }) => call(() => client.GET('/api/cityops/screen', { params: { query: { days } }, signal })),
    // Deadlines pass without any event: figures are refreshed each minute even when nothing is heard.
    refetchInterval: 60_000,
  });

/** Every status, in the order the screen lists them (checked against the contract). */
export const SCREEN_STATUSES = [
  'open',
  'dispatched',
  'processing',
  'returned',
  'closed',
  'merged',
] as const satisfies readonly ScreenStatus[];

export const UNFINISHED: ReadonlySet<ScreenStatus> = new Set(['open', 'dispatched', 'processing', 'returned']);
