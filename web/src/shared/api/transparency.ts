/** The transparency log (server module transparency): public reads, no sign-in. */
import { call, client } from '../client';
import type { Answer } from '../contract';

export type LogEntry = Answer<'/api/transparency/cases', 'get'>['items'][number];
export type LogCheckpoint = Answer<'/api/transparency/checkpoints', 'get'>['items'][number];
export type LogKey = Answer<'/api/transparency/keys', 'get'>['items'][number];
export type InclusionProof = Answer<'/api/transparency/proof/inclusion', 'get'>;
export type ConsistencyProof = Answer<'/api/transparency/proof/consistency', 'get'>;

/** The latest signed checkpoint (with its note), or null when the log has signed none yet. */
export const latestCheckpoint = (signal?: AbortSignal): Promise<LogCheckpoint | null> =>
  call(() => client.GET('/api/transparency/checkpoints', { params: { query: { page: 1, pageSize: 1 } }, signal })).then(
    (r) => r.items[0] ?? null,
  );

export const logKeys = (signal?: AbortSignal): Promise<LogKey[]> =>
  call(() => client.GET('/api/transparency/keys', { signal })).then((r) => r.items);

export const caseEntries = (caseNumber: string): Promise<LogEntry[]> =>
  call(() => client.GET('/api/transparency/cases', { params: { query: { caseNumber } } })).then((r) => r.items);

export const certificateEntries = (certificate: string): Promise<LogEntry[]> =>
  call(() => client.GET('/api/transparency/certificates', { params: { query: { certificate } } })).then((r) => r.items);

export const inclusionProof = (index: number, treeSize: number): Promise<InclusionProof> =>
  call(() => client.GET('/api/transparency/proof/inclusion', { params: { query: { index, treeSize } } }));

export const consistencyProof = (from: number, to: number): Promise<ConsistencyProof> =>
  call(() => client.GET('/api/transparency/proof/consistency', { params: { query: { from, to } } }));
