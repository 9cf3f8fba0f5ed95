/** API shapes of external systems: their registration (console) and the exchange API they call. */
import { Type, type Static } from 'typebox';
import { CitizenIdNumber, DateTime, Enum, Items, Nullable, Obj, Uscc, Uuid } from '../../platform/http.ts';
import { RecordStatusSchema } from './exchange.schemas.ts';

const Text = (max: number) => Type.String({ minLength: 1, maxLength: max });

export const PublicJwk = Type.Record(Type.String({ maxLength: 16 }), Type.String({ maxLength: 200 }), {
  title: 'PublicJwk',
  description: 'A public key as a JWK (RFC 7517): {kty: "OKP", crv: "Ed25519", x} or {kty: "EC", crv: "P-256", x, y}',
});

export const SystemBody = Obj(
  {
    clientId: Type.Optional(
      Type.String({
        pattern: '^[a-z0-9][a-z0-9.-]{2,63}$',
        description: 'The client id the system signs its assertions with (iss, sub); made up when left out',
      }),
    ),
    name: Text(100),
    nameEn: Text(200),
    organisationKind: Enum('SystemOrganisationKind', ['uscc', 'department']),
    organisation: Type.String({
      minLength: 2,
      maxLength: 32,
      description: "The organisation's USCC, or the platform department's code",
    }),
    departmentCode: Nullable(
      Type.String({ minLength: 2, maxLength: 32, description: 'The department whose grants it reads under, if any' }),
    ),
    publicJwk: PublicJwk,
  },
  { title: 'ExternalSystemInput' },
);
export type SystemBodyT = Static<typeof SystemBody>;

export const ExternalSystem = Obj(
  {
    id: Uuid(),
    clientId: Type.String(),
    name: Type.String(),
    nameEn: Type.String(),
    organisationKind: Enum('SystemOrganisationKind', ['uscc', 'department']),
    organisation: Type.String(),
    departmentCode: Nullable(Type.String()),
    publicJwk: PublicJwk,
    keyAlg: Enum('SystemKeyAlg', ['EdDSA', 'ES256']),
    keyThumbprint: Type.String({ description: 'The key’s JWK thumbprint (RFC 7638, SHA-256)' }),
    status: Enum('SystemStatus', ['active', 'disabled']),
    createdAt: DateTime(),
  },
  { title: 'ExternalSystem' },
);
export const ExternalSystemList = Items(ExternalSystem);
export const SystemStatusBody = Obj({ status: Enum('SystemStatus', ['active', 'disabled']) });
export const SystemKeyBody = Obj({ publicJwk: PublicJwk });
export const SystemSignIn = Obj(
  {
    at: DateTime(),
    outcome: Enum('SystemSignInOutcome', ['issued', 'refused']),
    refusal: Nullable(Type.String()),
    ip: Nullable(Type.String()),
  },
  { title: 'SystemSignIn' },
);
export const SystemSignInList = Items(SystemSignIn);

/** The token request (RFC 6749 §4.4 with RFC 7523 client authentication), form-encoded or JSON. */
export const TokenBody = Type.Object(
  {
    grant_type: Type.Optional(Type.String({ maxLength: 100, description: 'client_credentials' })),
    client_assertion_type: Type.Optional(
      Type.String({ maxLength: 100, description: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer' }),
    ),
    client_assertion: Type.Optional(
      Type.String({
        maxLength: 8000,
        description:
          'A JWT signed by the system’s registered key: iss = sub = client id, aud = this URL, exp ≤ 5 min, jti',
      }),
    ),
    client_id: Type.Optional(Type.String({ maxLength: 200 })),
    scope: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { title: 'ExchangeTokenRequest' },
);
export const TokenAnswer = Obj(
  {
    access_token: Type.String(),
    token_type: Type.Literal('Bearer'),
    expires_in: Type.Integer({ description: 'Seconds' }),
  },
  { title: 'ExchangeToken' },
);
export const OAuthError = Obj(
  {
    error: Enum('OAuthErrorCode', ['invalid_request', 'invalid_client', 'unsupported_grant_type']),
    error_description: Type.String(),
    code: Type.String({ description: 'Yiwang’s stable code (x-error-catalogue)' }),
  },
  { title: 'OAuthError', description: 'RFC 6749 §5.2 error answer, with Yiwang’s stable code' },
);

export const ExternalSubject = Type.Union([Obj({ idNumber: CitizenIdNumber }), Obj({ uscc: Uscc })], {
  title: 'ExchangeSubject',
});

export const ExternalReadBody = Obj(
  {
    registry: Type.String({ minLength: 1, maxLength: 64 }),
    subject: ExternalSubject,
    fields: Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { minItems: 1, maxItems: 50 }),
    recordType: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 64,
        description: 'Only records of this type (e.g. id_card in documents)',
      }),
    ),
    purpose: Text(200),
    caseNumber: Type.String({
      minLength: 1,
      maxLength: 64,
      description: 'The case at the client the read is for (X-Road: issue)',
    }),
    userId: Type.String({
      minLength: 1,
      maxLength: 64,
      description: 'Who at the client asked (X-Road: userId), e.g. a staff number',
    }),
  },
  { title: 'ExternalReadRequest' },
);
export type ExternalReadBodyT = Static<typeof ExternalReadBody>;

const Value = Type.Union([Type.String(), Type.Number(), Type.Boolean(), Type.Null()]);
export const ExternalRecord = Obj(
  {
    registry: Type.String(),
    recordId: Type.String(),
    recordType: Type.String(),
    version: Type.Integer(),
    values: Type.Record(Type.String(), Value),
    digest: Type.String(),
    issuedAt: DateTime(),
    status: RecordStatusSchema,
    readAt: DateTime(),
    grantId: Type.String(),
  },
  { title: 'ExternalRecord' },
);
export const ExternalReadAnswer = Obj(
  {
    client: Type.String({ description: 'The client id the read was made for' }),
    caseNumber: Type.String(),
    userId: Type.String(),
    requestId: Type.String({ description: 'Quote it when asking about this read' }),
    records: Type.Array(ExternalRecord),
  },
  { title: 'ExternalReadAnswer' },
);
