/**
 * Co-governance's civic parts (server module cogov): volunteer tasks and points, community
 * notices and public comment on draft policies, for residents (citizen app) and for community
 * and department staff (console).
 */
import { mutationOptions, queryOptions } from '@tanstack/react-query';
import { call, client } from '../client';
import type { Answer, Body } from '../contract';

export type VolunteerTask = Answer<'/api/cogov/volunteer/tasks', 'get'>['items'][number];
export type MyVolunteering = Answer<'/api/cogov/volunteer/mine', 'get'>;
export type TaskRoster = Answer<'/api/cogov/volunteer/tasks/{id}/roster', 'get'>;
export type NewVolunteerTask = Body<'/api/cogov/volunteer/tasks', 'post'>;
export type CommunityNotice = Answer<'/api/cogov/notices/{id}', 'get'>;
export type NewNotice = Body<'/api/cogov/notices', 'post'>;
export type PolicyDraft = Answer<'/api/cogov/policy-drafts/{id}', 'get'>;
export type PolicyDraftSummary = Answer<'/api/cogov/policy-drafts', 'get'>['items'][number];
export type PolicyComment = PolicyDraft['articles'][number]['comments'][number];
export type NewPolicyDraft = Body<'/api/cogov/policy-drafts', 'post'>;
export type PolicyResponse = Body<'/api/cogov/policy-drafts/{id}/response', 'post'>;
export type Decision = PolicyResponse['decisions'][number]['decision'];
export type MyPoints = Answer<'/api/cogov/points/mine', 'get'>;
export type Ranking = Answer<'/api/cogov/points/ranking', 'get'>;

export const civicKeys = {
  all: ['cogov-civic'] as const,
  volunteer: ['cogov-civic', 'volunteer'] as const,
  notices: ['cogov-civic', 'notices'] as const,
  drafts: ['cogov-civic', 'drafts'] as const,
  points: ['cogov-civic', 'points'] as const,
};

type Invalidator = { client: { invalidateQueries(f: { queryKey: readonly string[] }): Promise<void> } };
const invalidate = (key: readonly string[]) => ({
  onSuccess: (_d: unknown, _v: unknown, _r: unknown, { client: queries }: Invalidator) =>
    void queries.invalidateQueries({ queryKey: key }),
});

// ---- volunteers and points (residents)
export const volunteerTasksQuery = queryOptions({
  queryKey: [...civicKeys.volunteer, 'tasks'],
  queryFn: ({ signal }) => call(() => client.GET('/api/cogov/volunteer/tasks', { signal })),
});
export const myVolunteeringQuery = queryOptions({
  queryKey: [...civicKeys.volunteer, 'mine'],
  queryFn: ({ signal }) => call(() => client.GET('/api/cogov/volunteer/mine', { signal })),
});
export const signUp = mutationOptions({
  mutationFn: (id: string) =>
    call(() => client.POST('/api/cogov/volunteer/tasks/{id}/sign-up', { params: { path: { id } } })),
  ...invalidate(civicKeys.volunteer),
});
export const withdrawSignUp = mutationOptions({
  mutationFn: (id: string) =>
    call(() => client.POST('/api/cogov/volunteer/tasks/{id}/withdraw', { params: { path: { id } } })),
  ...invalidate(civicKeys.volunteer),
});
export const myPointsQuery = queryOptions({
  queryKey: [...civicKeys.points, 'mine'],
  queryFn: ({ signal }) => call(() => client.GET('/api/cogov/points/mine', { signal })),
});
export const rankingQuery = (communityId?: string) =>
  queryOptions({
    queryKey: [...civicKeys.points, 'ranking', communityId ?? ''],
    queryFn: ({ signal }) =>
      call(() =>
        client.GET('/api/cogov/points/ranking', { params: { query: communityId ? { communityId } : {} }, signal }),
      ),
  });
export const setInRanking = mutationOptions({
  mutationFn: (inRanking: boolean) => call(() => client.PUT('/api/cogov/points/in-ranking', { body: { inRanking } })),
  ...invalidate(civicKeys.points),
});

// ---- notices
export const myNoticesQuery = queryOptions({
  queryKey: [...civicKeys.notices, 'mine'],
  queryFn: ({ signal }) => call(() => client.GET('/api/cogov/notices', { signal })),
});
export const noticeQuery = (id: string) =>
  queryOptions({
    queryKey: [...civicKeys.notices, 'one', id],
    queryFn: ({ signal }) => call(() => client.GET('/api/cogov/notices/{id}', { params: { path: { id } }, signal })),
  });

// ---- drafts for comment
export const draftsQuery = queryOptions({
  queryKey: [...civicKeys.drafts, 'list'],
  queryFn: ({ signal }) => call(() => client.GET('/api/cogov/policy-drafts', { signal })).then((r) => r.items),
});
export const draftQuery = (id: string) =>
  queryOptions({
    queryKey: [...civicKeys.drafts, 'one', id],
    queryFn: ({ signal }) =>
      call(() => client.GET('/api/cogov/policy-drafts/{id}', { params: { path: { id } }, signal })),
  });
export const commentOn = mutationOptions({
  mutationFn: ({ id, articleSeq, body, key }: { id: string; articleSeq: number; body: string; key: string }) =>
    call(() =>
      client.POST('/api/cogov/policy-drafts/{id}/comments', {
        params: { path: { id }, header: { 'idempotency-key': key } },
        body: { articleSeq, body },
      }),
    ),
  ...invalidate(civicKeys.drafts),
});

// ---- console: community staff
export const staffTasksQuery = queryOptions({
  queryKey: [...civicKeys.volunteer, 'staff'],
  queryFn: ({ signal }) => call(() => client.GET('/api/cogov/staff/volunteer/tasks', { signal })).then((r) => r.items),
});
export const createTask = mutationOptions({
  mutationFn: (body: NewVolunteerTask) => call(() => client.POST('/api/cogov/volunteer/tasks', { body })),
  ...invalidate(civicKeys.volunteer),
});
export const cancelTask = mutationOptions({
  mutationFn: (id: string) =>
    call(() => client.POST('/api/cogov/volunteer/tasks/{id}/cancel', { params: { path: { id } } })),
  ...invalidate(civicKeys.volunteer),
});
export const rosterQuery = (id: string) =>
  queryOptions({
    queryKey: [...civicKeys.volunteer, 'roster', id],
    queryFn: ({ signal }) =>
      call(() => client.GET('/api/cogov/volunteer/tasks/{id}/roster', { params: { path: { id } }, signal })),
  });
export const checkVolunteer = mutationOptions({
  mutationFn: ({ id, code, direction }: { id: string; code: string; direction: 'in' | 'out' }) =>
    call(() =>
      direction === 'in'
        ? client.POST('/api/cogov/volunteer/tasks/{id}/check-in', { params: { path: { id } }, body: { code } })
        : client.POST('/api/cogov/volunteer/tasks/{id}/check-out', { params: { path: { id } }, body: { code } }),
    ),
  ...invalidate(civicKeys.volunteer),
});
export const staffNoticesQuery = queryOptions({
  queryKey: [...civicKeys.notices, 'staff'],
  queryFn: ({ signal }) => call(() => client.GET('/api/cogov/staff/notices', { signal })).then((r) => r.items),
});
export const publishNotice = mutationOptions({
  mutationFn: (body: NewNotice) => call(() => client.POST('/api/cogov/notices', { body })),
  ...invalidate(civicKeys.notices),
});
export const withdrawNotice = mutationOptions({
  mutationFn: (id: string) => call(() => client.POST('/api/cogov/notices/{id}/withdraw', { params: { path: { id } } })),
  ...invalidate(civicKeys.notices),
});

// ---- console: departments
export const departmentDraftsQuery = queryOptions({
  queryKey: [...civicKeys.drafts, 'department'],
  queryFn: ({ signal }) => call(() => client.GET('/api/cogov/staff/policy-drafts', { signal })).then((r) => r.items),
});
export const publishDraft = mutationOptions({
  mutationFn: (body: NewPolicyDraft) => call(() => client.POST('/api/cogov/policy-drafts', { body })),
  ...invalidate(civicKeys.drafts),
});
export const respondToDraft = mutationOptions({
  mutationFn: ({ id, body }: { id: string; body: PolicyResponse }) =>
    call(() => client.POST('/api/cogov/policy-drafts/{id}/response', { params: { path: { id } }, body })),
  ...invalidate(civicKeys.drafts),
});
