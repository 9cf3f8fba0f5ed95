/** Regions, departments, communities and staff (server module org). */
import { queryOptions } from '@tanstack/react-query';
import { call, client } from '../client';
import type { Query } from '../contract';

type CommunitiesQuery = Query<'/api/org/communities', 'get'>;
type StaffQuery = Query<'/api/org/staff', 'get'>;

export const orgKeys = {
  regions: ['org', 'regions'] as const,
  departments: ['org', 'departments'] as const,
  communities: (q: CommunitiesQuery) => ['org', 'communities', q] as const,
  community: (id: string) => ['org', 'community', id] as const,
  staff: (q: StaffQuery) => ['org', 'staff', q] as const,
};

/** Reference data that rarely changes: fetched once per page load and shared. */
export const regionsQuery = () =>
  queryOptions({
    queryKey: orgKeys.regions,
    queryFn: ({ signal }) => call(() => client.GET('/api/org/regions', { signal })).then((r) => r.items),
    staleTime: Infinity,
  });

/** All departments, fetched once per page load. */
export const departmentsQuery = () =>
  queryOptions({
    queryKey: orgKeys.departments,
    queryFn: ({ signal }) => call(() => client.GET('/api/org/departments', { signal })).then((r) => r.items),
    staleTime: Infinity,
  });

export const communitiesQuery = (q: CommunitiesQuery) =>
  queryOptions({
    queryKey: orgKeys.communities(q),
    queryFn: ({ signal }) => call(() => client.GET('/api/org/communities', { params: { query: q }, signal })),
  });

export const communityQuery = (id: string) =>
  queryOptions({
    queryKey: orgKeys.community(id),
    queryFn: ({ signal }) => call(() => client.GET('/api/org/communities/{id}', { params: { path: { id } }, signal })),
  });

export const staffQuery = (q: StaffQuery) =>
  queryOptions({
    queryKey: orgKeys.staff(q),
    queryFn: ({ signal }) => call(() => client.GET('/api/org/staff', { params: { query: q }, signal })),
  });
