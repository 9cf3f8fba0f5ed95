/** TypeBox schemas of the credentials module's routes. */
import { Type } from 'typebox';
import { DateTime, Enum, Items, LocalText, Nullable, Obj, Uuid } from '../../platform/http.ts';

export const DeptParams = Obj({ dept: Type.String({ pattern: '^[A-Z]{2,8}$' }) });
export const StatusParams = Obj({
  dept: Type.String({ pattern: '^[A-Z]{2,8}$' }),
  purpose: Enum('StatusPurpose', ['revocation', 'suspension']),
});
export const CaseParams = Obj({ caseId: Type.String({ minLength: 1, maxLength: 64 }) });

const JwkSchema = Type.Object(
  {
    kty: Type.String(),
    crv: Type.Optional(Type.String()),
    x: Type.Optional(Type.String()),
    y: Type.Optional(Type.String()),
    kid: Type.String(),
    alg: Type.String(),
    use: Type.String(),
  },
  { title: 'IssuerJwk' },
);
export const Jwks = Obj({ keys: Type.Array(JwkSchema) }, { title: 'IssuerJwks' });

export const DidDocument = Type.Object(
  {
    '@context': Type.Array(Type.String()),
    id: Type.String(),
    alsoKnownAs: Type.Optional(Type.Array(Type.String())),
    name: Type.Optional(Type.String()),
    verificationMethod: Type.Array(
      Type.Object({
        id: Type.String(),
        type: Type.String(),
        controller: Type.String(),
        publicKeyJwk: Type.Object({
          kty: Type.String(),
          crv: Type.Optional(Type.String()),
          x: Type.Optional(Type.String()),
          y: Type.Optional(Type.String()),
        }),
      }),
    ),
    assertionMethod: Type.Array(Type.String()),
    authentication: Type.Array(Type.String()),
  },
  { title: 'DidDocument' },
);

export const RotateAnswer = Obj({ kid: Type.String() }, { title: 'KeyRotated' });

export const CertificateStatus = Enum('CertificateStatus', ['active', 'suspended', 'revoked', 'expired']);

export const Certificate = Obj(
  {
    id: Uuid(),
    number: Type.String({ description: 'The identifier (电子证照标识), GB/T 36901 structure' }),
    name: LocalText,
    departmentCode: Type.String(),
    typeCode: Type.String(),
    caseId: Type.String(),
    caseNumber: Type.String(),
    holderKind: Enum('HolderKind', ['person', 'enterprise']),
    holder: Type.String({ description: 'The holder as shown (a person masked; an enterprise by name)' }),
    issuedAt: DateTime(),
    validUntil: Nullable(DateTime()),
    status: CertificateStatus,
    verifyUrl: Type.String({ description: 'The public check its QR code opens' }),
  },
  { title: 'Certificate' },
);
export const CertificateList = Items(Certificate);
const QrImage = Type.String({ description: 'A QR code of the link, as an SVG data URL' });
export const CertificateDetail = Type.Intersect([Certificate, Obj({ jwt: Type.String(), qr: QrImage })], {
  title: 'CertificateDetail',
});

export const StatusChangeBody = Obj(
  {
    action: Enum('StatusAction', ['revoke', 'suspend', 'reinstate']),
    reason: Type.String({ minLength: 2, maxLength: 500 }),
    legalBasis: Type.String({ minLength: 2, maxLength: 300, description: 'The provision the action rests on' }),
  },
  { title: 'StatusChangeBody' },
);
export const StatusChanged = Obj({ id: Uuid(), status: CertificateStatus, at: DateTime() }, { title: 'StatusChanged' });
export const StatusHistory = Items(
  Obj(
    {
      action: Enum('StatusAction', ['revoke', 'suspend', 'reinstate']),
      reason: Type.String(),
      legalBasis: Type.String(),
      at: DateTime(),
    },
    { title: 'StatusHistoryEntry' },
  ),
);

export const ShareBody = Obj(
  { minutes: Type.Integer({ minimum: 1, maximum: 10_080, description: 'How long the link works (at most 7 days)' }) },
  { title: 'ShareBody' },
);
export const ShareCreated = Obj(
  { id: Uuid(), url: Type.String(), path: Type.String(), qr: QrImage, expiresAt: DateTime() },
  { title: 'ShareCreated' },
);
export const ShareList = Items(
  Obj({ id: Uuid(), createdAt: DateTime(), expiresAt: DateTime(), active: Type.Boolean() }, { title: 'Share' }),
);

export const VerifyBody = Obj(
  {
    input: Type.String({
      minLength: 1,
      maxLength: 16_384,
      description: 'The credential (JWT), a share link, or the QR code’s content',
    }),
  },
  { title: 'VerifyBody' },
);
export const VerifyQuery = VerifyBody;

export const VerifyAnswer = Obj(
  {
    outcome: Enum('VerifyOutcome', [
      'valid',
      'revoked',
      'suspended',
      'expired',
      'not_yet_valid',
      'forged',
      'unknown_issuer',
    ]),
    issuer: Nullable(
      Obj(
        { did: Type.String(), departmentCode: Nullable(Type.String()), name: Nullable(Type.String()) },
        { title: 'VerifiedIssuer' },
      ),
    ),
    credential: Nullable(
      Obj(
        {
          id: Nullable(Type.String()),
          name: Nullable(Type.String()),
          number: Nullable(Type.String()),
          holder: Type.Record(Type.String(), Type.String()),
          validFrom: Nullable(Type.String()),
          validUntil: Nullable(Type.String()),
        },
        { title: 'VerifiedCredential' },
      ),
    ),
    checkedAt: DateTime(),
    jwt: Nullable(
      Type.String({
        description:
          'The credential checked, when the input was a share link or a QR code; null when it was the JWT itself',
      }),
    ),
  },
  { title: 'VerifyAnswer' },
);
