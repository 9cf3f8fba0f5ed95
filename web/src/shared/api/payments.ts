/** Fees and payment (server module payments): a case's orders, paying, receipts, and finance work. */
import { mutationOptions, queryOptions } from '@tanstack/react-query';
import { call, client } from '../client';
import type { PaymentOrderQuery } from '../contract';

export const paymentsKeys = {
  all: ['payments'] as const,
  ofCase: (caseId: string) => ['payments', 'case', caseId] as const,
  orders: (q: PaymentOrderQuery) => ['payments', 'orders', q] as const,
  mismatches: (open: boolean) => ['payments', 'mismatches', open] as const,
};

const enc = encodeURIComponent;

/** Where the browser downloads a paid order's electronic receipt (PDF). */
export const receiptUrl = (orderId: string) => `/api/payments/orders/${enc(orderId)}/receipt`;

export const caseOrdersQuery = (caseId: string) =>
  queryOptions({
    queryKey: paymentsKeys.ofCase(caseId),
    queryFn: ({ signal }) =>
      call(() => client.GET('/api/payments/cases/{caseId}/orders', { params: { path: { caseId } }, signal })).then(
        (r) => r.items,
      ),
  });

/** Open a trade: answers the provider's hosted page to go to (it returns to `returnPath`). */
export const payOrder = mutationOptions({
  mutationFn: ({ id, returnPath }: { id: string; returnPath: string }) =>
    call(() => client.POST('/api/payments/orders/{id}/pay', { params: { path: { id } }, body: { returnPath } })),
});

export const ordersQuery = (q: PaymentOrderQuery) =>
  queryOptions({
    queryKey: paymentsKeys.orders(q),
    queryFn: ({ signal }) => call(() => client.GET('/api/payments/orders', { params: { query: q }, signal })),
  });

export const mismatchesQuery = (open: boolean) =>
  queryOptions({
    queryKey: paymentsKeys.mismatches(open),
    queryFn: ({ signal }) =>
      call(() => client.GET('/api/payments/mismatches', { params: { query: { open, pageSize: 100 } }, signal })),
  });

export const reconcile = mutationOptions({
  mutationFn: (day: string) => call(() => client.POST('/api/payments/reconciliations', { body: { day } })),
  onSuccess: (_data, _day, _result, { client: queries }) =>
    void queries.invalidateQueries({ queryKey: paymentsKeys.all }),
});

export const resolveMismatch = mutationOptions({
  mutationFn: ({ id, note }: { id: string; note: string }) =>
    call(() => client.POST('/api/payments/mismatches/{id}/resolve', { params: { path: { id } }, body: { note } })),
  onSuccess: (_data, _vars, _result, { client: queries }) =>
    void queries.invalidateQueries({ queryKey: paymentsKeys.all }),
});
