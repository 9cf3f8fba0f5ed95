/** TypeBox schemas of the bridge's routes: the host's view of an app and mini-app payments. */
import { Type, type Static } from 'typebox';
import { DateTime, LocalText, Nullable, Obj } from '../../platform/http.ts';
import { CATEGORIES } from './superapp.scopes.ts';

export const SlugParams = Obj({ slug: Type.String({ pattern: '^[a-z][a-z0-9-]{2,39}$' }) });

export const HostApp = Obj(
  {
    slug: Type.String(),
    name: LocalText,
    icon: Type.String(),
    category: Type.Enum([...CATEGORIES]),
    ownerName: Type.String(),
    status: Type.Enum(['approved', 'suspended', 'taken_down', 'in_review', 'rejected']),
    usable: Type.Boolean({ description: 'False when suspended or taken down: the host opens nothing' }),
    entryUrl: Nullable(Type.String({ description: 'Null when the app may not be used now' })),
    origin: Nullable(Type.String({ description: 'The only origin whose messages the host answers for this app' })),
    redirectUris: Type.Array(Type.String()),
    scopes: Type.Array(Type.String()),
    languages: Type.Array(Type.String()),
  },
  { title: 'SuperappHostApp' },
);

export const PaymentBody = Obj({
  orderId: Type.String({ pattern: '^[A-Za-z0-9_.:-]{1,64}$', description: "The app's own order number" }),
  amountFen: Type.Integer({ minimum: 1, maximum: 10_000_000, description: 'In fen (分); at most ¥100,000' }),
  subject: Type.String({ minLength: 1, maxLength: 100 }),
});

const paymentFields = {
  tradeNo: Type.String(),
  app: Type.String({ description: "The app's slug" }),
  merchantName: Type.String({ description: "The app's owner" }),
  orderId: Type.String(),
  subject: Type.String(),
  amountFen: Type.Integer(),
  status: Type.Enum(['pending', 'paid', 'failed']),
  createdAt: DateTime(),
  paidAt: Nullable(DateTime()),
};
export const BridgePayment = Obj(paymentFields, { title: 'SuperappBridgePayment' });
export const OpenedPayment = Obj(
  { ...paymentFields, payUrl: Type.String({ description: "The provider's hosted pay page (the payment sheet)" }) },
  { title: 'SuperappOpenedPayment' },
);
export const TradeParams = Obj({ tradeNo: Type.String({ pattern: '^SA[A-Za-z0-9_-]{20}$' }) });
export const ProviderParams = Obj({ provider: Type.String({ pattern: '^[a-z][a-z0-9-]{1,30}$' }) });
export const CallbackAnswer = Obj({ ok: Type.Literal(true) });

/** What the host page is told about an app (the bridge's `GET /api/superapp/apps/{slug}/host`). */
export type HostView = (slug: string) => Promise<Static<typeof HostApp>>;
