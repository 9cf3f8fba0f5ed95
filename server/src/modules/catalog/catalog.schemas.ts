/** TypeBox schemas of the catalogue: a service item as edited and as served. */
import { Type } from 'typebox';
import { DateTime, Nullable, Obj, Uuid } from '../../platform/http.ts';
import { CHANNELS, ITEM_TYPES } from './catalog.types.ts';

const Text = Obj({ zh: Type.String({ minLength: 1, maxLength: 500 }), en: Type.String({ maxLength: 500 }) });
const LongText = Obj({ zh: Type.String({ minLength: 1, maxLength: 4000 }), en: Type.String({ maxLength: 4000 }) });
const Code = Type.String({ pattern: '^[0-9A-Za-z_-]{1,64}$' });
const Limit = Obj({
  value: Type.Integer({ minimum: 0, maximum: 3650 }),
  unit: Type.Enum(['working_days', 'natural_days', 'hours']),
});
const Strings = (max = 50) => Type.Array(Type.String({ minLength: 1, maxLength: 200 }), { maxItems: max });

const Material = Obj({
  code: Code,
  name: Text,
  required: Type.Boolean(),
  form: Type.Enum(['electronic', 'paper']),
  source: Type.Enum(['applicant', 'shared']),
  sharedFrom: Type.Optional(Type.String({ maxLength: 100 })),
  copies: Type.Optional(Type.Integer({ minimum: 0, maximum: 100 })),
  basis: Type.Optional(Type.String({ maxLength: 500 })),
  blankForm: Type.Optional(Type.String({ maxLength: 500 })),
  sample: Type.Optional(Type.String({ maxLength: 500 })),
});

const DateBound = Type.String({ pattern: '^(today|\\d{4}-\\d{2}-\\d{2})$' });

const WIDGETS = [
  'text',
  'textarea',
  'date',
  'select',
  'radio',
  'checkbox',
  'idNumber',
  'phone',
  'address',
  'uscc',
  'number',
  'money',
] as const;

export const FormFieldSchema = Obj({
  key: Type.String({ pattern: '^[a-z][a-z0-9_]{0,63}$' }),
  schema: Type.Record(Type.String(), Type.Unknown(), { description: 'JSON Schema of the value' }),
  label: Text,
  widget: Type.Optional(Type.Enum(WIDGETS)),
  placeholder: Type.Optional(Text),
  help: Type.Optional(Text),
  prefill: Type.Optional(Type.String({ maxLength: 100 })),
  optional: Type.Optional(Type.Boolean({ description: 'Every field must be answered unless it is optional' })),
  dates: Type.Optional(
    Obj(
      { notBefore: Type.Optional(DateBound), notAfter: Type.Optional(DateBound) },
      { description: 'For a date field: its earliest and latest value (a date, or today in the city)' },
    ),
  ),
});

export const FormSchema = Obj({
  sections: Type.Array(Obj({ title: Text, fields: Type.Array(FormFieldSchema, { minItems: 1, maxItems: 60 }) }), {
    minItems: 1,
    maxItems: 20,
  }),
});

export const ServiceItemSchema = Obj(
  {
    basicCode: Code,
    implementationCode: Code,
    handlingItemCode: Code,
    level: Type.Enum(['main', 'sub', 'handling']),
    handlingKind: Type.Optional(Type.Enum(['new', 'change', 'renew', 'cancel'])),
    parentCode: Type.Optional(Code),
    type: Type.Enum(ITEM_TYPES),
    name: Text,
    keywords: Strings(),
    departmentCode: Type.String({ pattern: '^[A-Z]{2,8}$' }),
    implementingBody: Text,
    legalBasis: Strings(),
    targetUsers: Type.Array(Type.Enum(['person', 'enterprise']), { minItems: 1, maxItems: 2, uniqueItems: true }),
    themes: Strings(20),
    lifeEvents: Strings(20),
    conditions: Type.Array(LongText, { maxItems: 50 }),
    statutoryLimit: Nullable(Limit),
    promisedLimit: Limit,
    visits: Type.Integer({ minimum: 0, maximum: 10 }),
    visitsReason: Type.Optional(Type.String({ maxLength: 500 })),
    onlineDepth: Type.Integer({ minimum: 1, maximum: 4 }),
    channels: Type.Array(Type.Enum(CHANNELS), { minItems: 1, uniqueItems: true }),
    scope: Type.Enum(['city', 'province', 'nationwide']),
    coDepartments: Strings(20),
    fees: Type.Array(
      Obj({
        name: Text,
        amountYuan: Type.Number({ minimum: 0 }),
        basis: Type.Optional(Type.String({ maxLength: 500 })),
      }),
      { maxItems: 20 },
    ),
    result: Obj({ name: Text, type: Type.Enum(['certificate', 'approval', 'other']), electronic: Type.Boolean() }),
    materials: Type.Array(Material, { maxItems: 50 }),
    faq: Type.Array(Obj({ q: LongText, a: LongText }), { maxItems: 50 }),
    contacts: Obj({ phone: Type.String({ maxLength: 40 }), address: Type.Optional(Text) }),
    form: FormSchema,
    processCode: Code,
  },
  { title: 'ServiceItem' },
);

export const ItemSummary = Obj({
  code: Type.String(),
  version: Type.Integer(),
  name: Text,
  departmentCode: Type.String(),
  type: Type.String(),
  targetUsers: Type.Array(Type.String()),
  themes: Type.Array(Type.String()),
  lifeEvents: Type.Array(Type.String()),
  visits: Type.Integer(),
  promisedLimit: Limit,
  scope: Type.String(),
  uses: Type.Integer(),
});

export const ItemDetail = Obj({
  id: Uuid(),
  code: Type.String(),
  version: Type.Integer(),
  status: Type.Enum(['published', 'retired']),
  current: Type.Boolean(),
  effectiveFrom: DateTime(),
  effectiveTo: Nullable(DateTime()),
  uses: Type.Integer(),
  item: ServiceItemSchema,
});

export const VersionItem = Obj({
  version: Type.Integer(),
  status: Type.String(),
  effectiveFrom: DateTime(),
  effectiveTo: Nullable(DateTime()),
  createdBy: Nullable(Uuid()),
});

/** An item of a bundle that waits for others: after them, or needing their result (出生登记 needs 出生医学证明). */
export const BundleOrder = Obj({
  itemCode: Type.String(),
  after: Type.Optional(Type.Array(Type.String())),
  needsResultOf: Type.Optional(Type.Array(Type.String())),
});

export const BundleSummary = Obj({
  code: Type.String(),
  name: Text,
  description: Text,
  itemCodes: Type.Array(Type.String()),
  order: Type.Optional(Type.Array(BundleOrder)),
});
export const BundleDetail = Obj({
  code: Type.String(),
  name: Text,
  description: Text,
  items: Type.Array(ItemSummary),
  /** One form: the items' fields merged by key, each asked once. */
  form: FormSchema,
  /** One set of materials: the same material asked by several items appears once. */
  materials: Type.Array(
    Obj({
      code: Type.String(),
      name: Text,
      required: Type.Boolean(),
      source: Type.String(),
      itemCodes: Type.Array(Type.String()),
    }),
  ),
  departments: Type.Array(Type.String()),
  /** Which items wait for which (the others run in parallel). */
  order: Type.Array(BundleOrder),
});

/** A life-event bundle found by a search: shown above the items. */
export const BundleHit = Obj({ code: Type.String(), name: Text, description: Text });

export const SearchResult = Obj({
  items: Type.Array(ItemSummary),
  total: Type.Integer(),
  /** The life-event bundles (一件事) the query is about, first: on the first page only. */
  bundles: Type.Array(BundleHit),
});

export const SearchQuery = Obj({
  q: Type.Optional(Type.String({ maxLength: 100 })),
  targetUser: Type.Optional(Type.Enum(['person', 'enterprise'])),
  department: Type.Optional(Type.String({ maxLength: 8 })),
  theme: Type.Optional(Type.String({ maxLength: 40 })),
  lifeEvent: Type.Optional(Type.String({ maxLength: 40 })),
  page: Type.Integer({ minimum: 1, maximum: 1000, default: 1 }),
  pageSize: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
});
