/**
 * Co-governance's proposals (居民提议) and consultations with secret-ballot votes (议事协商), for
 * residents (citizen app) and the community committee (console). The ballot key is made and
 * kept on this device (ballotKeyFor); the receipt is derived here the same way the server does
 * (server/src/modules/cogov/cogov.ballot-key.ts), so the voter sees it before sending.
 */
import { mutationOptions, queryOptions } from '@tanstack/react-query';
import { call, client } from '../client';
import type { Answer, Body } from '../contract';
import { cogovKeys, invalidateCogov } from './cogov';

export type ProposalSummary = Answer<'/api/cogov/proposals', 'get'>['items'][number];
export type ProposalDetail = Answer<'/api/cogov/proposals/{id}', 'get'>;
export type NewProposal = Body<'/api/cogov/proposals', 'post'>;
export type EditProposal = Body<'/api/cogov/proposals/{id}', 'put'>;
export type ProposalComment = ProposalDetail['comments'][number];
export type ProposalAnswer = Body<'/api/cogov/proposals/{id}/answer', 'post'>;
export type ConsultationSummary = Answer<'/api/cogov/consultations', 'get'>['items'][number];
export type ConsultationDetail = Answer<'/api/cogov/consultations/{id}', 'get'>;
export type NewConsultation = Body<'/api/cogov/consultations', 'post'>;
export type PublicResult = Answer<'/api/cogov/consultations/{id}/result', 'get'>;

export const PROPOSAL_CATEGORIES: NewProposal['category'][] = [
  'environment',
  'facilities',
  'safety',
  'traffic',
  'elderly',
  'children',
  'culture',
  'other',
];

const keys = {
  proposals: [...cogovKeys.all, 'proposals'] as const,
  consultations: [...cogovKeys.all, 'consultations'] as const,
};

// ---- proposals
export const proposalsQuery = (status?: ProposalSummary['status']) =>
  queryOptions({
    queryKey: [...keys.proposals, 'list', status ?? ''],
    queryFn: ({ signal }) =>
      call(() =>
        client.GET('/api/cogov/proposals', {
          params: { query: status ? { status, pageSize: 50 } : { pageSize: 50 } },
          signal,
        }),
      ).then((r) => r.items),
  });
export const proposalQuery = (id: string) =>
  queryOptions({
    queryKey: [...keys.proposals, 'one', id],
    queryFn: ({ signal }) => call(() => client.GET('/api/cogov/proposals/{id}', { params: { path: { id } }, signal })),
  });
/** File a proposal; a retry of the same submission sends the same Idempotency-Key (it files once). */
export const createProposal = mutationOptions({
  mutationFn: ({ body, idempotencyKey }: { body: NewProposal; idempotencyKey: string }) =>
    call(() =>
      client.POST('/api/cogov/proposals', { params: { header: { 'idempotency-key': idempotencyKey } }, body }),
    ),
  ...invalidateCogov,
});
export const editProposal = mutationOptions({
  mutationFn: ({ id, body }: { id: string; body: EditProposal }) =>
    call(() => client.PUT('/api/cogov/proposals/{id}', { params: { path: { id } }, body })),
  ...invalidateCogov,
});
export const proposalPhotoUrl = (id: string, photoId: string) =>
  `/api/cogov/proposals/${encodeURIComponent(id)}/photos/${encodeURIComponent(photoId)}`;
export const commentOnProposal = mutationOptions({
  mutationFn: ({ id, body }: { id: string; body: Body<'/api/cogov/proposals/{id}/comments', 'post'> }) =>
    call(() => client.POST('/api/cogov/proposals/{id}/comments', { params: { path: { id } }, body })),
  ...invalidateCogov,
});
/** Flag content for moderation (once per resident). */
export const flagContent = mutationOptions({
  mutationFn: ({ kind, id, reason }: { kind: 'proposal' | 'proposal_comment'; id: string; reason: string }) =>
    call(() =>
      client.POST('/api/cogov/content/{kind}/{id}/flags', { params: { path: { kind, id } }, body: { reason } }),
    ),
  ...invalidateCogov,
});
export const supportProposal = mutationOptions({
  mutationFn: (id: string) =>
    call(() => client.POST('/api/cogov/proposals/{id}/support', { params: { path: { id } } })),
  ...invalidateCogov,
});
export const followProposal = mutationOptions({
  mutationFn: ({ id, follow }: { id: string; follow: boolean }) =>
    follow
      ? call(() => client.PUT('/api/cogov/proposals/{id}/follow', { params: { path: { id } } }))
      : call(() => client.DELETE('/api/cogov/proposals/{id}/follow', { params: { path: { id } } })),
  ...invalidateCogov,
});
export const answerProposal = mutationOptions({
  mutationFn: ({ id, body }: { id: string; body: ProposalAnswer }) =>
    call(() => client.POST('/api/cogov/proposals/{id}/answer', { params: { path: { id } }, body })),
  ...invalidateCogov,
});

// ---- consultations
export const consultationsQuery = queryOptions({
  queryKey: [...keys.consultations, 'list'],
  queryFn: ({ signal }) =>
    call(() => client.GET('/api/cogov/consultations', { params: { query: { pageSize: 50 } }, signal })).then(
      (r) => r.items,
    ),
});
export const consultationQuery = (id: string) =>
  queryOptions({
    queryKey: [...keys.consultations, 'one', id],
    queryFn: ({ signal }) =>
      call(() => client.GET('/api/cogov/consultations/{id}', { params: { path: { id } }, signal })),
  });
export const publicResultQuery = (id: string) =>
  queryOptions({
    queryKey: [...keys.consultations, 'result', id],
    queryFn: ({ signal }) =>
      call(() => client.GET('/api/cogov/consultations/{id}/result', { params: { path: { id } }, signal })),
  });
export const castBallot = mutationOptions({
  mutationFn: ({ id, choice, ballotKey }: { id: string; choice: string; ballotKey: string }) =>
    call(() =>
      client.POST('/api/cogov/consultations/{id}/ballot', { params: { path: { id } }, body: { choice, ballotKey } }),
    ),
  ...invalidateCogov,
});
export const openConsultation = mutationOptions({
  mutationFn: (body: NewConsultation) => call(() => client.POST('/api/cogov/consultations', { body })),
  ...invalidateCogov,
});
export const decideConsultation = mutationOptions({
  mutationFn: ({ id, decision }: { id: string; decision: string }) =>
    call(() => client.POST('/api/cogov/consultations/{id}/decision', { params: { path: { id } }, body: { decision } })),
  ...invalidateCogov,
});
export const receiptsUrl = (id: string) => `/api/cogov/consultations/${id}/receipts.csv`;

// ---- the ballot key (this device) and the receipt (derived as the server derives it)
const storageKey = (consultationId: string) => `yiwang.cogov.ballot-key.${consultationId}`;

/** The ballot key kept on this device for a consultation, if any. */
export const storedBallotKey = (consultationId: string): string | null =>
  localStorage.getItem(storageKey(consultationId));

/** The ballot key for a consultation: the kept one, or a new random one (256 bits, base64url), kept. */
export function ballotKeyFor(consultationId: string): string {
  const kept = storedBallotKey(consultationId);
  if (kept) return kept;
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  const key = btoa(String.fromCharCode(...bytes))
    .replace(/\+/gu, '-')
    .replace(/\//gu, '_')
    .replace(/=+$/u, '');
  localStorage.setItem(storageKey(consultationId), key);
  return key;
}

/** The receipt of a ballot key: SHA-256 of the domain tag, consultation and key; 20 hex digits in groups of four. */
export async function receiptOf(consultationId: string, key: string): Promise<string> {
  const data = new TextEncoder().encode(`yiwang-cogov-receipt\u0000${consultationId}\u0000${key}`);
  const hash = new Uint8Array(await crypto.subtle.digest('SHA-256', data));
  const hex = Array.from(hash, (b) => b.toString(16).padStart(2, '0')).join('');
  return hex.slice(0, 20).replace(/(.{4})(?!$)/gu, '$1-');
}

/** The published receipts file (receipt,choice lines). */
export async function fetchReceipts(id: string): Promise<Map<string, string>> {
  const res = await fetch(receiptsUrl(id));
  if (!res.ok) throw new Error(`receipts ${res.status}`);
  const out = new Map<string, string>();
  for (const line of (await res.text()).split('\n').slice(1)) {
    const [receipt, choice] = line.split(',');
    if (receipt && choice) out.set(receipt, choice);
  }
  return out;
}

// ---- moderation (console)
export type Review = Answer<'/api/cogov/moderation/reviews', 'get'>['items'][number];
export type ReviewFilter = 'pending' | 'hidden' | 'restored' | 'appealed';
export const reviewsQuery = (status: ReviewFilter) =>
  queryOptions({
    queryKey: [...cogovKeys.all, 'reviews', status],
    queryFn: ({ signal }) =>
      call(() => client.GET('/api/cogov/moderation/reviews', { params: { query: { status } }, signal })).then(
        (r) => r.items,
      ),
  });
export const decideReview = mutationOptions({
  mutationFn: ({ id, outcome, reason }: { id: string; outcome: 'hide' | 'restore'; reason: string }) =>
    call(() =>
      client.POST('/api/cogov/moderation/reviews/{id}/decision', {
        params: { path: { id } },
        body: { outcome, reason },
      }),
    ),
  ...invalidateCogov,
});
export const decideAppeal = mutationOptions({
  mutationFn: ({ id, outcome, reason }: { id: string; outcome: 'upheld' | 'overturned'; reason: string }) =>
    call(() =>
      client.POST('/api/cogov/moderation/reviews/{id}/appeal-decision', {
        params: { path: { id } },
        body: { outcome, reason },
      }),
    ),
  ...invalidateCogov,
});
