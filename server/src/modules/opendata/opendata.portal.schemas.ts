/** TypeBox schemas of the portal part's routes: API keys, the live endpoints, data requests, withdrawal. */
import { Type } from 'typebox';
import { DateTime, Enum, Nullable, Obj, Uuid } from '../../platform/http.ts';
import { Column } from './opendata.schemas.ts';

const text = (min: number, max: number) => Type.String({ minLength: min, maxLength: max, pattern: '\\S' });

export const NewApiKey = Obj(
  {
    name: text(1, 100),
    purpose: text(1, 500),
  },
  { title: 'NewOpendataApiKey' },
);

const apiKeyFields = {
  id: Uuid(),
  name: Type.String(),
  purpose: Type.String(),
  keyPrefix: Type.String({ description: 'The first characters of the key, to tell keys apart' }),
  forEnterprise: Type.Boolean({ description: "The enterprise's key (its agents hold it), not the person's own" }),
  createdAt: DateTime(),
  revokedAt: Nullable(DateTime()),
  lastUsedAt: Nullable(DateTime()),
  requests: Type.Integer({ description: 'Requests made with the key so far' }),
};

export const ApiKey = Obj(apiKeyFields, { title: 'OpendataApiKey' });
export const IssuedApiKey = Obj(
  { ...apiKeyFields, key: Type.String({ description: 'The key itself: in this answer only, never shown again' }) },
  { title: 'OpendataIssuedApiKey' },
);
export const ApiKeyList = Obj(
  {
    items: Type.Array(ApiKey),
    requestsPerMinute: Type.Integer({ description: 'The rate limit of each key on the live endpoints' }),
  },
  { title: 'OpendataApiKeyList' },
);

const Status = Enum('OpendataRequestStatus', ['submitted', 'answered', 'declined']);

export const NewDataRequest = Obj(
  {
    title: text(1, 100),
    description: text(1, 2000),
    purpose: text(1, 1000),
    departmentCode: Type.String({ minLength: 1, maxLength: 20, description: 'The department the data is asked of' }),
  },
  { title: 'NewOpendataRequest' },
);

export const DataRequest = Obj(
  {
    id: Uuid(),
    title: Type.String(),
    description: Type.String(),
    purpose: Type.String(),
    department: Obj({ code: Type.String(), name: Type.String(), nameEn: Type.String() }),
    enterpriseName: Nullable(Type.String()),
    status: Status,
    answer: Nullable(Type.String()),
    datasetName: Nullable(Type.String()),
    createdAt: DateTime(),
    answeredAt: Nullable(DateTime()),
  },
  { title: 'OpendataRequest' },
);

export const RequestAnswer = Obj(
  {
    decision: Enum('OpendataRequestDecision', ['answered', 'declined']),
    answer: text(1, 2000),
    datasetName: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
  },
  { title: 'OpendataRequestAnswer' },
);

export const QueueQuery = Obj({ status: Type.Optional(Status) });

export const IdempotencyHeaders = Type.Object({
  'idempotency-key': Type.Optional(Type.String({ minLength: 8, maxLength: 100, pattern: '^[A-Za-z0-9_.:-]+$' })),
});

export const Withdrawal = Obj({ reason: text(2, 500) }, { title: 'OpendataWithdrawalBody' });

export const LiveQuery = Type.Object(
  {
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
    offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000_000, default: 0 })),
  },
  {
    // `api_key` (the key, when not sent as X-API-Key: the security scheme opendataKeyQuery) and the
    // filters, each one value (checked by the service: TypeBox's conversion skips the declared
    // integers when the other properties have a schema).
    additionalProperties: true,
    description: "Any other parameter than api_key filters by the dataset's column of that name (exact value)",
  },
);

export const LiveAnswer = Obj(
  {
    datasetId: Uuid(),
    datasetName: Type.String(),
    version: Type.String({ description: 'The release the rows are from' }),
    columns: Type.Array(Column),
    total: Type.Integer({ description: 'Rows matching the filters' }),
    limit: Type.Integer(),
    offset: Type.Integer(),
    rows: Type.Array(
      Type.Object(
        {},
        {
          additionalProperties: Type.Union([Type.String(), Type.Number(), Type.Boolean(), Type.Null()]),
          title: 'OpendataLiveRow',
          description: 'A row: column name → value',
        },
      ),
    ),
  },
  { title: 'OpendataLiveAnswer' },
);
