/** The events the payments module emits: other modules (notify, statistics) may react to them. */
import { Type, type Static } from 'typebox';
import { defineEvents } from '../../platform/outbox.ts';

export const ORDER_PAID = 'payments.order.paid';
export const ORDER_REFUNDED = 'payments.order.refunded';

const OrderEvent = Type.Object({
  orderId: Type.String({ minLength: 1 }),
  orderNumber: Type.String({ minLength: 1 }),
  caseId: Type.String({ minLength: 1 }),
  regionCode: Type.String({ minLength: 1 }),
  timing: Type.Enum(['before_acceptance', 'on_decision']),
  amountFen: Type.Integer({ minimum: 1 }),
});
export type OrderEventPayload = Static<typeof OrderEvent>;

export const paymentsEvents = defineEvents({
  [ORDER_PAID]: OrderEvent,
  [ORDER_REFUNDED]: OrderEvent,
});
export type PaymentsEvents = typeof paymentsEvents;
