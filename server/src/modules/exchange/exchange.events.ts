/** The events the exchange emits: grants and consents changing (other nodes drop their caches). */
import { Type } from 'typebox';
import { defineEvents } from '../../platform/outbox.ts';

export const GRANT_CHANGED = 'exchange.grant.changed';
export const CONSENT_CHANGED = 'exchange.consent.changed';

export const exchangeEvents = defineEvents({
  [GRANT_CHANGED]: Type.Object({
    grantId: Type.String({ minLength: 1 }),
    registry: Type.String({ minLength: 1 }),
    change: Type.Enum(['created', 'revoked']),
  }),
  [CONSENT_CHANGED]: Type.Object({
    consentId: Type.String({ minLength: 1 }),
    itemCode: Type.String({ minLength: 1 }),
    change: Type.Enum(['given', 'withdrawn']),
  }),
});
export type ExchangeEvents = typeof exchangeEvents;
