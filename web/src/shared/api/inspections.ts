/**
 * Random inspections (server module inspections): published draws and credit records (public);
 * the console's items, draws and teams; the inspector's tasks and relations; the enterprise's results.
 */
import { mutationOptions, queryOptions } from '@tanstack/react-query';
import { call, client } from '../client';
import type { Answer, Body } from '../contract';

export type PublishedDraw = Answer<'/api/inspections/draws/{id}', 'get'>;
export type CreditRecord = Answer<'/api/inspections/credit/{uscc}', 'get'>;
export type InspectionItem = Answer<'/api/inspections/items', 'get'>['items'][number];
export type DrawSummary = Answer<'/api/inspections/draws', 'get'>['items'][number];
export type DrawTask = Answer<'/api/inspections/draws/{id}/tasks', 'get'>['items'][number];
export type InspectionTask = Answer<'/api/inspections/tasks', 'get'>['items'][number];
export type DeclaredRelation = Answer<'/api/inspections/relations', 'get'>['items'][number];
export type NewDraw = Body<'/api/inspections/draws', 'post'>;
export type ResultInput = Body<'/api/inspections/tasks/{id}/result', 'post'>;
export type Outcome = ResultInput['outcome'];
export type RiskLevel = NonNullable<NewDraw['riskLevels']>[number];

export const inspectionsKeys = {
  all: ['inspections'] as const,
  draws: ['inspections', 'draws'] as const,
  mine: ['inspections', 'mine'] as const,
};

type Invalidator = { client: { invalidateQueries(f: { queryKey: readonly string[] }): Promise<void> } };
const invalidateAll = {
  onSuccess: (_d: unknown, _v: unknown, _r: unknown, { client: queries }: Invalidator) =>
    void queries.invalidateQueries({ queryKey: inspectionsKeys.all }),
};

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

export const itemsQuery = queryOptions({
  queryKey: ['inspections', 'items'] as const,
  queryFn: ({ signal }) => call(() => client.GET('/api/inspections/items', { signal })).then((r) => r.items),
});

export const drawsQuery = queryOptions({
  queryKey: inspectionsKeys.draws,
  queryFn: ({ signal }) => call(() => client.GET('/api/inspections/draws', { signal })).then((r) => r.items),
});

export const drawTasksQuery = (id: string) =>
  queryOptions({
    queryKey: ['inspections', 'draws', id, 'tasks'] as const,
    queryFn: ({ signal }) =>
      call(() => client.GET('/api/inspections/draws/{id}/tasks', { params: { path: { id } }, signal })).then(
        (r) => r.items,
      ),
  });

export const commitDraw = mutationOptions({
  mutationFn: (body: NewDraw) => call(() => client.POST('/api/inspections/draws', { body })),
  ...invalidateAll,
});

export const makeDraw = mutationOptions({
  mutationFn: (id: string) => call(() => client.POST('/api/inspections/draws/{id}/draw', { params: { path: { id } } })),
  ...invalidateAll,
});

export const myTasksQuery = queryOptions({
  queryKey: [...inspectionsKeys.mine, 'tasks'],
  queryFn: ({ signal }) => call(() => client.GET('/api/inspections/tasks', { signal })),
  retry: false,
});

export const submitResult = mutationOptions({
  mutationFn: ({ id, body }: { id: string; body: ResultInput }) =>
    call(() => client.POST('/api/inspections/tasks/{id}/result', { params: { path: { id } }, body })),
  ...invalidateAll,
});

export const relationsQuery = queryOptions({
  queryKey: [...inspectionsKeys.mine, 'relations'],
  queryFn: ({ signal }) => call(() => client.GET('/api/inspections/relations', { signal })).then((r) => r.items),
  retry: false,
});

export const declareRelation = mutationOptions({
  mutationFn: (body: { uscc: string; reason: string }) =>
    call(() => client.POST('/api/inspections/relations', { body })),
  ...invalidateAll,
});

export const enterpriseTasksQuery = (actingFor: string) =>
  queryOptions({
    queryKey: [...inspectionsKeys.mine, 'enterprise', actingFor],
    queryFn: ({ signal }) =>
      call(() => client.GET('/api/inspections/enterprise/tasks', { signal })).then((r) => r.items),
  });

export const answerTask = mutationOptions({
  mutationFn: ({ id, answer }: { id: string; answer: string }) =>
    call(() => client.POST('/api/inspections/tasks/{id}/answer', { params: { path: { id } }, body: { answer } })),
  ...invalidateAll,
});
