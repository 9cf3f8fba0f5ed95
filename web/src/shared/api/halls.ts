/** Service halls, appointments, queue numbers and the window (server module halls). */
import { mutationOptions, queryOptions } from '@tanstack/react-query';
import { call, client } from '../client';
import type { CounterFilingInput } from '../contract';

export const hallsKeys = {
  all: ['halls'] as const,
  list: ['halls', 'list'] as const,
  hall: (code: string) => ['halls', 'hall', code] as const,
  slots: (code: string, itemCode: string, day: string) => ['halls', 'slots', code, itemCode, day] as const,
  stats: (code: string) => ['halls', 'stats', code] as const,
  mine: ['halls', 'appointments'] as const,
  myWindows: (code: string) => ['halls', 'my-windows', code] as const,
  window: (id: string) => ['halls', 'window', id] as const,
};

/** The acceptance receipt (受理回执, PDF) of a case filed at a window: for its applicant and the staff handling it. */
export const windowReceiptUrl = (caseId: string) => `/api/halls/receipts/${encodeURIComponent(caseId)}`;

export const hallsQuery = () =>
  queryOptions({ queryKey: hallsKeys.list, queryFn: ({ signal }) => call(() => client.GET('/api/halls', { signal })) });

export const hallQuery = (code: string) =>
  queryOptions({
    queryKey: hallsKeys.hall(code),
    queryFn: ({ signal }) => call(() => client.GET('/api/halls/{hall}', { params: { path: { hall: code } }, signal })),
  });

export const slotsQuery = (code: string, itemCode: string, day: string) =>
  queryOptions({
    queryKey: hallsKeys.slots(code, itemCode, day),
    queryFn: ({ signal }) =>
      call(() =>
        client.GET('/api/halls/{hall}/slots', { params: { path: { hall: code }, query: { itemCode, day } }, signal }),
      ),
    enabled: itemCode !== '' && day !== '',
  });

export const statsQuery = (code: string) =>
  queryOptions({
    queryKey: hallsKeys.stats(code),
    queryFn: ({ signal }) =>
      call(() => client.GET('/api/halls/{hall}/stats', { params: { path: { hall: code }, query: {} }, signal })),
    refetchInterval: 30_000,
  });

export const myAppointmentsQuery = () =>
  queryOptions({
    queryKey: hallsKeys.mine,
    queryFn: ({ signal }) => call(() => client.GET('/api/me/appointments', { signal })),
  });

const invalidateAll = (
  _d: unknown,
  _v: unknown,
  _r: unknown,
  ctx: { client: { invalidateQueries: (f: object) => Promise<void> } },
) => void ctx.client.invalidateQueries({ queryKey: hallsKeys.all });

export const book = mutationOptions({
  mutationFn: (input: { hall: string; itemCode: string; startAt: string }) =>
    call(() => client.POST('/api/halls/appointments', { body: input })),
  onSuccess: invalidateAll,
});

export const changeAppointment = mutationOptions({
  mutationFn: ({ id, startAt }: { id: string; startAt: string }) =>
    call(() => client.PUT('/api/halls/appointments/{id}', { params: { path: { id } }, body: { startAt } })),
  onSuccess: invalidateAll,
});

export const cancelAppointment = mutationOptions({
  mutationFn: (id: string) => call(() => client.DELETE('/api/halls/appointments/{id}', { params: { path: { id } } })),
  onSuccess: invalidateAll,
});

export const checkIn = mutationOptions({
  mutationFn: (id: string) =>
    call(() => client.POST('/api/halls/appointments/{id}/check-in', { params: { path: { id } } })),
  onSuccess: invalidateAll,
});

// ---- the window (clerks)

export const myWindowsQuery = (code: string) =>
  queryOptions({
    queryKey: hallsKeys.myWindows(code),
    queryFn: ({ signal }) =>
      call(() => client.GET('/api/halls/{hall}/windows/mine', { params: { path: { hall: code } }, signal })),
  });

export const windowQuery = (id: string) =>
  queryOptions({
    queryKey: hallsKeys.window(id),
    queryFn: ({ signal }) => call(() => client.GET('/api/halls/windows/{id}', { params: { path: { id } }, signal })),
    refetchInterval: 5_000,
  });

export const openWindow = mutationOptions({
  mutationFn: (id: string) => call(() => client.POST('/api/halls/windows/{id}/open', { params: { path: { id } } })),
  onSuccess: invalidateAll,
});

export const callNext = mutationOptions({
  mutationFn: (id: string) =>
    call(() => client.POST('/api/halls/windows/{id}/call-next', { params: { path: { id } } })),
  onSuccess: invalidateAll,
});

export type TicketStep = 'recall' | 'serve' | 'finish' | 'no-show';
export const ticketStep = mutationOptions({
  mutationFn: ({ id, step }: { id: string; step: TicketStep }) => {
    const path = { params: { path: { id } } };
    if (step === 'recall') return call(() => client.POST('/api/halls/tickets/{id}/recall', path));
    if (step === 'serve') return call(() => client.POST('/api/halls/tickets/{id}/serve', path));
    if (step === 'finish') return call(() => client.POST('/api/halls/tickets/{id}/finish', path));
    return call(() => client.POST('/api/halls/tickets/{id}/no-show', path));
  },
  onSuccess: invalidateAll,
});

export const transfer = mutationOptions({
  mutationFn: ({ id, windowId }: { id: string; windowId: string }) =>
    call(() => client.POST('/api/halls/tickets/{id}/transfer', { params: { path: { id } }, body: { windowId } })),
  onSuccess: invalidateAll,
});

export const walkIn = mutationOptions({
  mutationFn: ({ hall, itemCode }: { hall: string; itemCode: string }) =>
    call(() => client.POST('/api/halls/{hall}/tickets', { params: { path: { hall } }, body: { itemCode } })),
  onSuccess: invalidateAll,
});

/** A walk-in number from the hall's kiosk (public: no sign-in). */
export const kioskTicket = mutationOptions({
  mutationFn: ({ hall, itemCode }: { hall: string; itemCode: string }) =>
    call(() => client.POST('/api/halls/{hall}/kiosk/tickets', { params: { path: { hall } }, body: { itemCode } })),
});

export const fileAtWindow = mutationOptions({
  mutationFn: ({ windowId, key, input }: { windowId: string; key: string; input: CounterFilingInput }) =>
    call(() =>
      client.POST('/api/halls/windows/{id}/filings', {
        params: { path: { id: windowId }, header: { 'idempotency-key': key } },
        body: input,
      }),
    ),
  onSuccess: invalidateAll,
});
