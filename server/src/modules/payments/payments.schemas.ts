/** The payments module's API shapes. Amounts are integer fen (分). */
import { Type, type Static } from 'typebox';
import { DateTime, Enum, LocalText, Nullable, Obj, PageQuery, Paged, Items, Uuid } from '../../platform/http.ts';

export const ORDER_STATUSES = ['unpaid', 'paying', 'failed', 'paid', 'refunded', 'cancelled'] as const;
export const OrderStatusSchema = Enum('PaymentOrderStatus', ORDER_STATUSES);
export const FeeTimingSchema = Enum('FeeTiming', ['before_acceptance', 'on_decision']);
export const MISMATCH_KINDS = [
  'missing_at_provider',
  'missing_on_platform',
  'amount_differs',
  'status_differs',
] as const;

const Fen = Type.Integer({ minimum: 0, description: 'An amount in fen (分): 100 fen = 1 yuan' });

export const PaymentOrder = Obj(
  {
    id: Uuid(),
    orderNumber: Type.String(),
    caseId: Type.String(),
    caseNumber: Type.String(),
    timing: FeeTimingSchema,
    title: LocalText,
    lines: Type.Array(
      Obj(
        { itemCode: Type.String(), name: LocalText, amountFen: Fen, basis: Nullable(Type.String()) },
        {
          title: 'PaymentOrderLine',
        },
      ),
    ),
    amountFen: Fen,
    /** The same amount in Chinese capitals (大写), as the receipt writes it. */
    amountCapitals: Type.String(),
    payerMasked: Type.String(),
    provider: Type.String(),
    /** The provider's transaction that paid (or last tried to pay) the order. */
    tradeNo: Nullable(Type.String()),
    status: OrderStatusSchema,
    paidAt: Nullable(DateTime()),
    refundedAt: Nullable(DateTime()),
    refundReason: Nullable(Type.String()),
    receiptNumber: Nullable(Type.String()),
    createdAt: DateTime(),
  },
  { title: 'PaymentOrder' },
);
export type PaymentOrderT = Static<typeof PaymentOrder>;
export const PaymentOrderList = Items(PaymentOrder);
export const PaymentOrderPage = Paged(PaymentOrder);

export const CaseParams = Obj({ caseId: Type.String({ minLength: 1, maxLength: 64 }) });
export const OrderQuery = Obj({ status: Type.Optional(OrderStatusSchema), ...PageQuery });

export const PayBody = Obj({
  /** Where the browser returns after the provider's page: a path of the citizen app. */
  returnPath: Type.Optional(Type.String({ pattern: '^/[A-Za-z0-9/_-]{0,200}$' })),
});
export const PayStart = Obj({ payUrl: Type.String(), tradeNo: Type.String() }, { title: 'PaymentStart' });

export const ProviderParams = Obj({ provider: Type.String({ pattern: '^[a-z0-9_-]{1,32}$' }) });
export const CallbackBody = Obj(
  {
    tradeNo: Type.String({ minLength: 1, maxLength: 64 }),
    orderNumber: Type.String({ minLength: 1, maxLength: 64 }),
    amountFen: Type.Integer({ minimum: 0 }),
    status: Type.Enum(['paid', 'failed']),
  },
  { title: 'PaymentCallback' },
);
export const CallbackAnswer = Obj(
  { result: Enum('CallbackResult', ['applied', 'duplicate', 'amount_mismatch', 'unknown_trade']) },
  { title: 'PaymentCallbackAnswer' },
);

export const ReceiptQuery = Obj({
  number: Type.String({ minLength: 1, maxLength: 40 }),
  code: Type.String({ minLength: 1, maxLength: 16 }),
});
export const ReceiptCheck = Obj(
  {
    valid: Type.Boolean(),
    receiptNumber: Type.String(),
    title: Nullable(LocalText),
    amountFen: Nullable(Fen),
    payerMasked: Nullable(Type.String()),
    paidAt: Nullable(DateTime()),
  },
  { title: 'ReceiptCheck' },
);

export const ReconcileBody = Obj({ day: Type.String({ format: 'date' }) });
export const ReconcileResult = Obj(
  {
    day: Type.String(),
    provider: Type.String(),
    statementCount: Type.Integer(),
    orderCount: Type.Integer(),
    mismatchCount: Type.Integer(),
  },
  { title: 'ReconciliationResult' },
);

export const Mismatch = Obj(
  {
    id: Uuid(),
    provider: Type.String(),
    day: Type.String(),
    tradeNo: Type.String(),
    kind: Enum('MismatchKind', MISMATCH_KINDS),
    orderId: Nullable(Type.String()),
    orderNumber: Nullable(Type.String()),
    platformAmountFen: Nullable(Fen),
    providerAmountFen: Nullable(Fen),
    platformStatus: Nullable(Type.String()),
    providerStatus: Nullable(Type.String()),
    foundAt: DateTime(),
    resolvedAt: Nullable(DateTime()),
    resolutionNote: Nullable(Type.String()),
  },
  { title: 'ReconciliationMismatch' },
);
export type MismatchT = Static<typeof Mismatch>;
export const MismatchPage = Paged(Mismatch);
export const MismatchQuery = Obj({ open: Type.Optional(Type.Boolean({ default: true })), ...PageQuery });
export const ResolveBody = Obj({ note: Type.String({ minLength: 2, maxLength: 1000 }) });

export const SandboxLedgerParams = Obj({ tradeNo: Type.String({ minLength: 1, maxLength: 64 }) });
export const SandboxLedgerChange = Obj({
  amountFen: Type.Optional(Type.Integer({ minimum: 1 })),
  status: Type.Optional(Type.Enum(['created', 'paid', 'failed', 'refunded'])),
});
export const SandboxPageQuery = Obj({ token: Type.String({ minLength: 1, maxLength: 64 }) });
export const SandboxForm = Obj({
  token: Type.String({ minLength: 1, maxLength: 64 }),
  outcome: Type.Enum(['pay', 'fail', 'timeout', 'twice']),
});
