/** Electronic certificates (server module credentials): the card wallet, sharing, verification, status changes. */
import { mutationOptions, queryOptions } from '@tanstack/react-query';
import { call, client } from '../client';
import type { Answer, Body } from '../contract';

export type Certificate = Answer<'/api/credentials/mine', 'get'>['items'][number];
export type CertificateDetail = Answer<'/api/credentials/certificates/{id}', 'get'>;
export type VerifyAnswer = Answer<'/api/credentials/verify', 'post'>;
export type VerifyOutcome = VerifyAnswer['outcome'];
export type ShareCreated = Answer<'/api/credentials/certificates/{id}/shares', 'post'>;
export type StatusChangeBody = Body<'/api/credentials/certificates/{id}/status', 'post'>;

export const credentialsKeys = {
  all: ['credentials'] as const,
  mine: ['credentials', 'mine'] as const,
  one: (id: string) => ['credentials', 'one', id] as const,
  ofCase: (caseId: string) => ['credentials', 'case', caseId] as const,
  shares: (id: string) => ['credentials', 'shares', id] as const,
};

const enc = encodeURIComponent;
export const certificatePdfUrl = (id: string) => `/api/credentials/certificates/${enc(id)}/pdf`;
export const certificateHtmlUrl = (id: string) => `/api/credentials/certificates/${enc(id)}/html`;

export const myCertificatesQuery = () =>
  queryOptions({
    queryKey: credentialsKeys.mine,
    queryFn: ({ signal }) => call(() => client.GET('/api/credentials/mine', { signal })).then((r) => r.items),
  });

export const certificateQuery = (id: string) =>
  queryOptions({
    queryKey: credentialsKeys.one(id),
    queryFn: ({ signal }) =>
      call(() => client.GET('/api/credentials/certificates/{id}', { params: { path: { id } }, signal })),
  });

export const caseCertificatesQuery = (caseId: string) =>
  queryOptions({
    queryKey: credentialsKeys.ofCase(caseId),
    queryFn: ({ signal }) =>
      call(() => client.GET('/api/credentials/cases/{caseId}', { params: { path: { caseId } }, signal })).then(
        (r) => r.items,
      ),
  });

export const sharesQuery = (id: string) =>
  queryOptions({
    queryKey: credentialsKeys.shares(id),
    queryFn: ({ signal }) =>
      call(() => client.GET('/api/credentials/certificates/{id}/shares', { params: { path: { id } }, signal })).then(
        (r) => r.items,
      ),
  });

export const shareCertificate = mutationOptions({
  mutationFn: ({ id, minutes }: { id: string; minutes: number }) =>
    call(() =>
      client.POST('/api/credentials/certificates/{id}/shares', { params: { path: { id } }, body: { minutes } }),
    ),
});

export const unshare = mutationOptions({
  mutationFn: (id: string) => call(() => client.DELETE('/api/credentials/shares/{id}', { params: { path: { id } } })),
});

export const verifyCredential = mutationOptions({
  mutationFn: (input: string) => call(() => client.POST('/api/credentials/verify', { body: { input } })),
});

export const changeCertificateStatus = mutationOptions({
  mutationFn: ({ id, body }: { id: string; body: StatusChangeBody }) =>
    call(() => client.POST('/api/credentials/certificates/{id}/status', { params: { path: { id } }, body })),
});
