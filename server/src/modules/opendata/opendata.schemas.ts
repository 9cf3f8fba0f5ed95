/** TypeBox schemas at the edge of the portal's own routes (/api/opendata/...). */
import { Type } from 'typebox';
import { DateTime, Enum, Nullable, Obj, Uuid } from '../../platform/http.ts';

const Frequency = Enum('OpendataFrequency', [
  'continuous',
  'hourly',
  'daily',
  'weekly',
  'monthly',
  'quarterly',
  'annual',
  'irregular',
]);
const Format = Enum('OpendataFormat', ['CSV', 'JSON', 'GeoJSON', 'API']);

export const Column = Obj(
  {
    name: Type.String(),
    type: Enum('OpendataColumnType', ['string', 'integer', 'number', 'date', 'datetime', 'boolean']),
    title: Type.String(),
    titleEn: Type.String(),
  },
  { title: 'OpendataColumn' },
);

export const Resource = Obj(
  {
    id: Uuid(),
    datasetId: Uuid(),
    versionId: Nullable(Uuid()),
    name: Type.String(),
    nameEn: Type.String(),
    description: Type.String(),
    format: Format,
    mediaType: Type.String(),
    size: Nullable(Type.Integer()),
    sha256: Nullable(Type.String()),
    columns: Type.Array(Column),
    rowCount: Nullable(Type.Integer()),
    path: Type.String({ description: 'The download (files) or the live endpoint (API), under the server root' }),
    createdAt: DateTime(),
  },
  { title: 'OpendataResource' },
);

export const Organisation = Obj(
  {
    code: Type.String(),
    name: Type.String(),
    title: Type.String(),
    titleEn: Type.String(),
    description: Type.String(),
    createdAt: DateTime(),
  },
  { title: 'OpendataOrganisation' },
);

export const Dataset = Obj(
  {
    id: Uuid(),
    name: Type.String(),
    organisation: Organisation,
    title: Type.String(),
    titleEn: Type.String(),
    notes: Type.String(),
    notesEn: Type.String(),
    licenceId: Type.String(),
    themes: Type.Array(Type.String()),
    tags: Type.Array(Type.String()),
    updateFrequency: Frequency,
    spatial: Obj({
      regionCode: Type.String(),
      bbox: Nullable(Type.Array(Type.Number(), { minItems: 4, maxItems: 4 })),
    }),
    temporal: Obj({ start: Nullable(Type.String({ format: 'date' })), end: Nullable(Type.String({ format: 'date' })) }),
    contactEmail: Nullable(Type.String()),
    state: Enum('OpendataDatasetState', ['draft', 'active', 'withdrawn']),
    version: Nullable(Type.String()),
    createdAt: DateTime(),
    modifiedAt: DateTime(),
    releasedAt: Nullable(DateTime()),
    withdrawal: Nullable(Obj({ at: DateTime(), reason: Type.String() }, { title: 'OpendataWithdrawal' })),
    resources: Type.Array(Resource),
  },
  { title: 'OpendataDataset' },
);

export const Report = Obj(
  {
    steps: Type.Array(Type.String()),
    removedIdentifiers: Type.Array(Type.String()),
    quasiIdentifiers: Type.Array(Type.String()),
    kRequired: Nullable(Type.Integer()),
    kReached: Nullable(Type.Integer()),
    minCellSize: Nullable(Type.Integer()),
    cellsSuppressed: Type.Integer(),
    rowsSuppressed: Type.Integer(),
    generalisations: Type.Array(Obj({ attribute: Type.String(), rule: Type.String() })),
    lDiversity: Type.Array(Obj({ attribute: Type.String(), lRequired: Type.Integer(), lReached: Type.Integer() })),
    epsilon: Nullable(Type.Number()),
    passed: Type.Boolean(),
  },
  { title: 'OpendataDeidentificationReport' },
);

export const Release = Obj(
  {
    id: Uuid(),
    datasetId: Uuid(),
    version: Type.String(),
    seq: Type.Integer(),
    notes: Type.String(),
    notesEn: Type.String(),
    report: Report,
    pipelineId: Nullable(Uuid()),
    releasedAt: DateTime(),
    resources: Type.Array(Resource),
  },
  { title: 'OpendataRelease' },
);

export const NameParams = Obj({ name: Type.String({ minLength: 1, maxLength: 100 }) });

const FacetItem = Obj({ name: Type.String(), title: Type.String(), titleEn: Type.String(), count: Type.Integer() });
export const SearchQuery = Obj({
  q: Type.Optional(Type.String({ maxLength: 200 })),
  organization: Type.Optional(Type.String({ maxLength: 100 })),
  groups: Type.Optional(Type.String({ maxLength: 100 })),
  tags: Type.Optional(Type.String({ maxLength: 100 })),
  res_format: Type.Optional(Type.String({ maxLength: 20 })),
  sort: Type.Optional(Type.Union([Type.Literal('relevance'), Type.Literal('modified'), Type.Literal('name')])),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 1 })),
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
});
export const SearchAnswer = Obj(
  {
    total: Type.Integer(),
    items: Type.Array(Dataset),
    facets: Obj({
      organization: Type.Array(FacetItem),
      groups: Type.Array(FacetItem),
      tags: Type.Array(FacetItem),
      res_format: Type.Array(FacetItem),
    }),
  },
  { title: 'OpendataSearch' },
);
