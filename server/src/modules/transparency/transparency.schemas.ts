/** transparency's HTTP shapes. */
import { Type } from 'typebox';
import { DateTime, Nullable, Obj, Uuid } from '../../platform/http.ts';

const Base64Hash = Type.String({ pattern: '^[A-Za-z0-9+/]{43}=$', title: 'Base64Hash' });

export const LogEntry = Obj(
  {
    index: Type.Integer({ minimum: 0 }),
    source: Type.Union([Type.Literal('audit'), Type.Literal('access')]),
    recordId: Uuid(),
    action: Type.String(),
    resourceType: Nullable(Type.String()),
    resourceId: Nullable(Type.String()),
    recordAt: Nullable(DateTime()),
    recordHash: Type.String({ pattern: '^[0-9a-f]{64}$' }),
    leafHash: Base64Hash,
    appendedAt: DateTime(),
  },
  { title: 'LogEntry' },
);

export const LogCheckpoint = Obj(
  {
    treeSize: Type.Integer({ minimum: 0 }),
    rootHash: Base64Hash,
    issuedAt: DateTime(),
    keyHash: Type.String(),
    note: Type.String({ description: 'The checkpoint as a C2SP signed note' }),
  },
  { title: 'LogCheckpoint' },
);

export const LogKey = Obj(
  {
    keyHash: Type.String(),
    verifierKey: Type.String({
      description: 'c2sp.org/signed-note verifier key: name+hash+base64(0x01 || Ed25519 key)',
    }),
    createdAt: DateTime(),
    retiredAt: Nullable(DateTime()),
  },
  { title: 'LogKey' },
);

const Index = Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER });
const Size = Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER });

export const InclusionQuery = Obj({
  index: Type.Optional(Index),
  auditId: Type.Optional(Uuid()),
  treeSize: Type.Optional(Size),
});

export const InclusionProof = Obj(
  { entry: LogEntry, treeSize: Size, proof: Type.Array(Base64Hash), checkpoint: Nullable(LogCheckpoint) },
  { title: 'InclusionProof' },
);

export const ConsistencyQuery = Obj({ from: Size, to: Size });
export const ConsistencyProof = Obj(
  { from: Size, to: Size, proof: Type.Array(Base64Hash) },
  { title: 'ConsistencyProof' },
);

export const EntryParams = Obj({ index: Index });
export const CaseEntriesQuery = Obj({
  caseNumber: Type.String({ minLength: 4, maxLength: 40, pattern: '^[A-Za-z0-9-]+$' }),
});

export const CertificateEntriesQuery = Obj({
  certificate: Type.String({
    minLength: 8,
    maxLength: 80,
    pattern: '^[0-9A-Za-z.-]+$',
    description: "The certificate's id (UUID, as in its QR code) or its number (电子证照标识)",
  }),
});

export const CertificateEntries = Obj(
  { certificateId: Uuid(), items: Type.Array(LogEntry) },
  { title: 'CertificateLogEntries' },
);
