/** Consultations and secret-ballot votes (议事协商) at the edge. */
import { Type, type Static } from 'typebox';
import { DateTime, Enum, Nullable, Obj, PageQuery, Paged, Uuid } from '../../platform/http.ts';

export const ConsultationScope = Enum('CogovConsultationScope', ['community', 'grid', 'city']);
export const ConsultationState = Enum('CogovConsultationState', ['upcoming', 'open', 'closed', 'published']);

const OptionKey = Type.String({ pattern: '^[A-Za-z0-9_-]{1,16}$' });
export const ConsultationOption = Obj(
  {
    key: OptionKey,
    label: Type.String({ minLength: 1, maxLength: 100 }),
    labelEn: Type.String({ minLength: 1, maxLength: 100 }),
  },
  { title: 'CogovConsultationOption' },
);
export const ConsultationDocument = Obj(
  {
    title: Type.String({ minLength: 1, maxLength: 100 }),
    url: Type.String({ pattern: '^(https?://|/)', maxLength: 500 }),
  },
  { title: 'CogovConsultationDocument' },
);

export const NewConsultation = Obj(
  {
    scope: ConsultationScope,
    communityId: Type.Optional(Uuid()),
    gridId: Type.Optional(Uuid()),
    minAge: Type.Optional(Type.Integer({ minimum: 0, maximum: 120 })),
    title: Type.String({ minLength: 4, maxLength: 100 }),
    background: Type.String({ minLength: 10, maxLength: 8000 }),
    documents: Type.Optional(Type.Array(ConsultationDocument, { maxItems: 10 })),
    options: Type.Array(ConsultationOption, { minItems: 2, maxItems: 12 }),
    opensAt: DateTime(),
    closesAt: DateTime(),
  },
  { title: 'NewConsultation' },
);
export type NewConsultationT = Static<typeof NewConsultation>;

export const ConsultationResult = Obj(
  {
    counts: Type.Record(Type.String(), Type.Integer()),
    ballots: Type.Integer({ description: 'Ballots counted (one per voter; the last one counts)' }),
    voters: Type.Integer({ description: 'Residents who voted' }),
    eligible: Type.Integer({ description: 'Eligible residents on the roster (by birth year for a minimum age)' }),
    turnout: Type.Number({ description: 'voters / eligible' }),
  },
  { title: 'CogovConsultationResult' },
);

export const ConsultationSummary = Obj(
  {
    id: Uuid(),
    scope: ConsultationScope,
    communityId: Nullable(Uuid()),
    gridId: Nullable(Uuid()),
    title: Type.String(),
    state: ConsultationState,
    opensAt: DateTime(),
    closesAt: DateTime(),
  },
  { title: 'CogovConsultationSummary' },
);

export const ConsultationDetail = Obj(
  {
    ...ConsultationSummary.properties,
    minAge: Nullable(Type.Integer()),
    background: Type.String(),
    documents: Type.Array(ConsultationDocument),
    options: Type.Array(ConsultationOption),
    result: Nullable(ConsultationResult),
    receiptsSha256: Nullable(Type.String({ description: 'SHA-256 of the published receipts file' })),
    decision: Nullable(Type.String()),
    decidedAt: Nullable(DateTime()),
    /** For a resident: why they may not vote (a standing refusal code), or null. */
    refusal: Nullable(Type.String()),
    voted: Type.Boolean({ description: 'The caller (as a resident) has voted: who voted is recorded, never how' }),
    mayGovern: Type.Boolean(),
  },
  { title: 'CogovConsultationDetail' },
);
export type ConsultationDetailT = Static<typeof ConsultationDetail>;

export const ConsultationQuery = Obj({ ...PageQuery });
export const ConsultationPage = Paged(ConsultationSummary);

export const Ballot = Obj({
  choice: OptionKey,
  ballotKey: Type.String({
    pattern: '^[A-Za-z0-9_-]{32,128}$',
    description:
      "The voter's secret ballot key, made and kept on the voter's device (base64url). The receipt and the voter record's commitment are derived from it; the platform never stores it. Send the same key to change the vote.",
  }),
});
export const BallotReceipt = Obj(
  {
    receipt: Type.String({ description: 'Find it in the published receipts after the close' }),
    changed: Type.Boolean({ description: 'This replaced an earlier ballot of the same voter' }),
  },
  { title: 'CogovBallotReceipt' },
);

export const Decision = Obj({ decision: Type.String({ minLength: 4, maxLength: 4000 }) });

export const PublicResult = Obj(
  {
    id: Uuid(),
    title: Type.String(),
    options: Type.Array(ConsultationOption),
    closesAt: DateTime(),
    result: ConsultationResult,
    receiptsSha256: Type.String(),
    decision: Nullable(Type.String()),
  },
  { title: 'CogovPublicResult' },
);
