/** HTTP shapes of the pipelines part (the data officer's console). */
import { Type, type Static } from 'typebox';
import { DateTime, Enum, Nullable, Obj, Uuid } from '../../platform/http.ts';

const Hex64 = Type.String({ pattern: '^[0-9a-f]{64}$' });
export const PipelineKeyParams = Obj({ key: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{1,62}$' }) });
export const Schedule = Enum('PipelineSchedule', ['hourly', 'daily', 'weekly', 'monthly']);
export const RunOutcome = Enum('PipelineRunOutcome', ['published', 'refused', 'awaiting_review', 'failed'], {
  description:
    'published: released to the catalogue; refused: the de-identification refused it (k not reached, an identifier in the output, an undeclared column); awaiting_review: the output schema is not approved; failed: the source is missing or its query failed',
});

export const DeidReport = Obj(
  {
    mode: Enum('DeidMode', ['records', 'aggregate']),
    kRequired: Type.Integer(),
    kReached: Nullable(Type.Integer()),
    lRequired: Type.Array(Obj({ column: Type.String(), l: Type.Integer() })),
    lReached: Type.Array(Obj({ column: Type.String(), l: Nullable(Type.Integer()) })),
    recordsIn: Type.Integer(),
    recordsSuppressed: Type.Integer(),
    cellsSuppressed: Type.Integer(),
    cellsPublished: Type.Integer(),
    rowsPublished: Type.Integer(),
    generalisations: Type.Array(
      Obj({ column: Type.String(), level: Type.Integer(), levels: Type.Integer(), step: Type.String() }),
    ),
    directIdentifiersRemoved: Type.Array(Type.String()),
    noise: Nullable(
      Obj({
        mechanism: Enum('NoiseMechanism', ['laplace', 'geometric']),
        epsilon: Type.Number(),
        columns: Type.Array(Type.String()),
      }),
    ),
    candidatesTried: Type.Integer(),
  },
  {
    title: 'DeidReport',
    description: 'What the de-identification did: k reached, cells suppressed, generalisations used',
  },
);

export const PipelineRun = Obj(
  {
    id: Uuid(),
    trigger: Enum('PipelineRunTrigger', ['schedule', 'manual', 'seed']),
    outcome: RunOutcome,
    errorCode: Nullable(Type.String()),
    message: Nullable(Type.String()),
    schemaHash: Hex64,
    report: Nullable(DeidReport),
    releaseId: Nullable(Uuid()),
    releaseVersion: Nullable(Type.String()),
    rowsPublished: Nullable(Type.Integer()),
    recordsIn: Nullable(Type.Integer()),
    startedAt: DateTime(),
    finishedAt: DateTime(),
  },
  { title: 'PipelineRun' },
);

export const PipelineSummary = Obj(
  {
    id: Uuid(),
    key: Type.String(),
    department: Type.String(),
    dataset: Type.String({ description: 'The CKAN name of the dataset the releases go to' }),
    title: Type.String(),
    titleEn: Type.String(),
    schedule: Schedule,
    schemaHash: Hex64,
    approved: Type.Boolean({ description: 'The current output schema is approved by the data officer' }),
    reviewNeeded: Enum('PipelineReviewNeeded', ['none', 'first', 'schema-changed']),
    nextRunAt: Nullable(DateTime()),
    lastRun: Nullable(PipelineRun),
  },
  { title: 'PipelineSummary' },
);

export const OutputColumn = Obj({
  name: Type.String(),
  type: Type.String(),
  title: Type.String(),
  titleEn: Type.String(),
});

export const PipelineReview = Obj(
  {
    id: Uuid(),
    schemaHash: Hex64,
    decision: Enum('PipelineReviewDecision', ['approved', 'rejected']),
    note: Type.String(),
    reviewer: Type.String(),
    reviewedAt: DateTime(),
  },
  { title: 'PipelineReview' },
);

export const PipelineDetail = Obj(
  {
    pipeline: PipelineSummary,
    sql: Type.String({ description: 'The query, run read-only' }),
    requires: Type.Array(Type.String()),
    deid: Type.Unknown({
      description: 'The de-identification spec (DeidSpec): identifiers, quasi-identifiers and ladders, k, l, noise',
    }),
    columns: Type.Array(OutputColumn),
    reviews: Type.Array(PipelineReview),
    runs: Type.Array(PipelineRun),
  },
  { title: 'PipelineDetail' },
);

export const ReviewBody = Obj({
  decision: Enum('PipelineReviewDecision', ['approved', 'rejected']),
  note: Type.String({ maxLength: 2000 }),
  schemaHash: Hex64,
});

export const PreviewCell = Type.Union([Type.String(), Type.Number(), Type.Boolean(), Type.Null()]);
export const PipelinePreview = Obj(
  {
    columns: Type.Array(OutputColumn),
    rows: Type.Array(Type.Record(Type.String(), PreviewCell)),
    report: Nullable(DeidReport),
    refusal: Nullable(Obj({ code: Type.String(), message: Type.String() })),
  },
  { title: 'PipelinePreview' },
);

export const RunHeaders = Type.Object({
  'idempotency-key': Type.Optional(Type.String({ minLength: 8, maxLength: 100, pattern: '^[A-Za-z0-9_.:-]+$' })),
});

export type PipelineSummaryT = Static<typeof PipelineSummary>;
export type PipelineDetailT = Static<typeof PipelineDetail>;
export type PipelineRunT = Static<typeof PipelineRun>;
export type PipelinePreviewT = Static<typeof PipelinePreview>;
