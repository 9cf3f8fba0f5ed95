/** Service ratings (server module supervision): invitations, ratings, call-backs, the 评价器, tickets, figures. */
import { mutationOptions, queryOptions } from '@tanstack/react-query';
import { call, client } from '../client';
import type { Answer, Body } from '../contract';

export type RatingFigures = Answer<'/api/supervision/figures', 'get'>;
export type DepartmentFigures = RatingFigures['departments'][number];
export type ItemFigures = RatingFigures['items'][number];
export type RatingInvitation = Answer<'/api/supervision/invitations', 'get'>['items'][number];
export type RectificationCallback = Answer<'/api/supervision/callbacks', 'get'>['items'][number];
export type RectificationTicket = Answer<'/api/supervision/tickets/{id}', 'get'>;
export type RectificationStatus = RectificationTicket['status'];
export type StaffRating = Answer<'/api/supervision/ratings', 'get'>['items'][number];
export type WindowVisit = Answer<'/api/supervision/window-visits', 'post'>;
export type RatingBody = Body<'/api/supervision/cases/{caseId}/rating', 'post'>;

export const supervisionKeys = {
  all: ['supervision'] as const,
  figures: ['supervision', 'figures'] as const,
  mine: ['supervision', 'mine'] as const,
  tickets: ['supervision', 'tickets'] as const,
  ratings: ['supervision', 'ratings'] as const,
};

export const figuresQuery = queryOptions({
  queryKey: supervisionKeys.figures,
  queryFn: ({ signal }) => call(() => client.GET('/api/supervision/figures', { signal })),
});

export const invitationsQuery = queryOptions({
  queryKey: [...supervisionKeys.mine, 'invitations'],
  queryFn: ({ signal }) => call(() => client.GET('/api/supervision/invitations', { signal })).then((r) => r.items),
});

export const callbacksQuery = queryOptions({
  queryKey: [...supervisionKeys.mine, 'callbacks'],
  queryFn: ({ signal }) => call(() => client.GET('/api/supervision/callbacks', { signal })).then((r) => r.items),
});

const invalidateAll = {
  onSuccess: (
    _d: unknown,
    _v: unknown,
    _r: unknown,
    { client: queries }: { client: { invalidateQueries(f: { queryKey: readonly string[] }): Promise<void> } },
  ) => void queries.invalidateQueries({ queryKey: supervisionKeys.all }),
};

export const rateCase = mutationOptions({
  mutationFn: ({ caseId, body }: { caseId: string; body: RatingBody }) =>
    call(() => client.POST('/api/supervision/cases/{caseId}/rating', { params: { path: { caseId } }, body })),
  ...invalidateAll,
});

export const rateFix = mutationOptions({
  mutationFn: ({ id, score, comment }: { id: string; score: number; comment: string | null }) =>
    call(() =>
      client.POST('/api/supervision/tickets/{id}/callback', { params: { path: { id } }, body: { score, comment } }),
    ),
  ...invalidateAll,
});

export const recordVisit = mutationOptions({
  mutationFn: (body: { itemCode: string; caseNumber: string | null }) =>
    call(() => client.POST('/api/supervision/window-visits', { body })),
});

export const rateVisit = mutationOptions({
  mutationFn: ({ id, body }: { id: string; body: RatingBody }) =>
    call(() => client.POST('/api/supervision/window-visits/{id}/rating', { params: { path: { id } }, body })),
  ...invalidateAll,
});

export const ticketsQuery = queryOptions({
  queryKey: supervisionKeys.tickets,
  queryFn: ({ signal }) => call(() => client.GET('/api/supervision/tickets', { signal })).then((r) => r.items),
});

export const staffRatingsQuery = queryOptions({
  queryKey: supervisionKeys.ratings,
  queryFn: ({ signal }) => call(() => client.GET('/api/supervision/ratings', { signal })).then((r) => r.items),
});

export const fixTicket = mutationOptions({
  mutationFn: ({ id, explanation }: { id: string; explanation: string }) =>
    call(() => client.POST('/api/supervision/tickets/{id}/fix', { params: { path: { id } }, body: { explanation } })),
  ...invalidateAll,
});

export const appealTicket = mutationOptions({
  mutationFn: ({ id, reason, evidence }: { id: string; reason: string; evidence: string }) =>
    call(() =>
      client.POST('/api/supervision/tickets/{id}/appeal', { params: { path: { id } }, body: { reason, evidence } }),
    ),
  ...invalidateAll,
});

export const decideAppeal = mutationOptions({
  mutationFn: ({ id, upheld, note }: { id: string; upheld: boolean; note: string }) =>
    call(() =>
      client.POST('/api/supervision/tickets/{id}/decision', { params: { path: { id } }, body: { upheld, note } }),
    ),
  ...invalidateAll,
});
