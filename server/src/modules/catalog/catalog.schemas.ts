/** TypeBox schemas of the catalogue: a service item as edited and as served. */
import { Type } from 'typebox';
import { DateTime, Enum, Nullable, Obj, Uuid } from '../../platform/http.ts';

export const ITEM_TYPES = [
  'licensing',
  'benefit',
  'confirmation',
  'adjudication',
  'reward',
  'levy',
  'penalty',
  'other_power',
  'public_service',
] as const;
export const CHANNELS = ['online', 'mobile', 'window', 'post', 'booking', 'kiosk', 'online_payment'] as const;

/** 事项类型: the kind of public power or service. */
export const ItemType = Enum('ItemType', ITEM_TYPES);
/** 办理渠道 */
export const Channel = Enum('Channel', CHANNELS);
/** 服务对象 */
export const TargetUser = Enum('TargetUser', ['person', 'enterprise']);
/** 通办范围 */
export const ServiceScope = Enum('ServiceScope', ['city', 'province', 'nationwide']);
/** 网办深度: 1 information online … 4 fully online. */
export const OnlineDepth = Enum('OnlineDepth', [1, 2, 3, 4]);

/** Text of an item in both languages, as edited (Chinese required). */
const Text = Obj(
  { zh: Type.String({ minLength: 1, maxLength: 500 }), en: Type.String({ maxLength: 500 }) },
  { title: 'ItemText' },
);
const LongText = Obj(
  { zh: Type.String({ minLength: 1, maxLength: 4000 }), en: Type.String({ maxLength: 4000 }) },
  { title: 'ItemLongText' },
);
const Code = Type.String({ pattern: '^[0-9A-Za-z_-]{1,64}$' });
/**
 * The case-handling processes an item may run. The applications module defines each
 * (applications/workflow/processes.ts; its unit test holds the two together).
 */
export const ITEM_PROCESS_CODES = ['simple_licence', 'joint_review'] as const;
export const TimeLimitSchema = Obj(
  {
    value: Type.Integer({ minimum: 0, maximum: 3650 }),
    unit: Enum('TimeUnit', ['working_days', 'natural_days', 'hours']),
  },
  { title: 'TimeLimit' },
);
const Strings = (max = 50) => Type.Array(Type.String({ minLength: 1, maxLength: 200 }), { maxItems: max });

export const MaterialSchema = Obj(
  {
    code: Code,
    name: Text,
    required: Type.Boolean(),
    form: Enum('MaterialForm', ['electronic', 'paper']),
    source: Enum('MaterialSource', ['applicant', 'shared']),
    sharedFrom: Type.Optional(Type.String({ maxLength: 100 })),
    copies: Type.Optional(Type.Integer({ minimum: 0, maximum: 100 })),
    basis: Type.Optional(Type.String({ maxLength: 500 })),
    blankForm: Type.Optional(Type.String({ maxLength: 500 })),
    sample: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { title: 'Material' },
);

const DateBound = Type.String({ pattern: '^(today|\\d{4}-\\d{2}-\\d{2})$' });

export const WIDGETS = [
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

export const FormFieldSchema = Obj(
  {
    key: Type.String({ pattern: '^[a-z][a-z0-9_]{0,63}$' }),
    schema: Type.Record(Type.String(), Type.Unknown(), { description: 'JSON Schema of the value' }),
    label: Text,
    widget: Type.Optional(Enum('FormWidget', WIDGETS)),
    placeholder: Type.Optional(Text),
    help: Type.Optional(Text),
    prefill: Type.Optional(
      Type.String({
        maxLength: 100,
        pattern: '^((person|enterprise)\\.[A-Za-z]+|registry:[a-z][a-z0-9-]*\\.[A-Za-z][A-Za-z0-9]*)$',
        description:
          "What the field is prefilled from: the applicant's own data (a PrefillSource, e.g. person.name) or a registry field (a RegistryPrefill, registry:<registry>.<field>, e.g. registry:population-registry.address; GET /api/exchange/prefill-sources lists them)",
      }),
    ),
    optional: Type.Optional(Type.Boolean({ description: 'Every field must be answered unless it is optional' })),
    dates: Type.Optional(
      Obj(
        { notBefore: Type.Optional(DateBound), notAfter: Type.Optional(DateBound) },
        {
          title: 'DateBounds',
          description: 'For a date field: its earliest and latest value (a date, or today in the city)',
        },
      ),
    ),
  },
  { title: 'FormField' },
);

export const FormSchema = Obj(
  {
    sections: Type.Array(
      Obj(
        { title: Text, fields: Type.Array(FormFieldSchema, { minItems: 1, maxItems: 60 }) },
        { title: 'FormSection' },
      ),
      { minItems: 1, maxItems: 20 },
    ),
  },
  { title: 'FormDefinition' },
);

export const ServiceItemSchema = Obj(
  {
    basicCode: Code,
    implementationCode: Code,
    handlingItemCode: Code,
    level: Enum('ItemLevel', ['main', 'sub', 'handling']),
    handlingKind: Type.Optional(Enum('HandlingKind', ['new', 'change', 'renew', 'cancel'])),
    parentCode: Type.Optional(Code),
    type: ItemType,
    name: Text,
    keywords: Strings(),
    departmentCode: Type.String({ pattern: '^[A-Z]{2,8}$' }),
    implementingBody: Text,
    legalBasis: Strings(),
    targetUsers: Type.Array(TargetUser, { minItems: 1, maxItems: 2, uniqueItems: true }),
    themes: Strings(20),
    lifeEvents: Strings(20),
    conditions: Type.Array(LongText, { maxItems: 50 }),
    statutoryLimit: Nullable(TimeLimitSchema),
    promisedLimit: TimeLimitSchema,
    visits: Type.Integer({ minimum: 0, maximum: 10 }),
    visitsReason: Type.Optional(Type.String({ maxLength: 500 })),
    onlineDepth: OnlineDepth,
    channels: Type.Array(Channel, { minItems: 1, uniqueItems: true }),
    scope: ServiceScope,
    coDepartments: Strings(20),
    fees: Type.Array(
      Obj(
        {
          name: Text,
          amountYuan: Type.Number({ minimum: 0 }),
          basis: Type.Optional(Type.String({ maxLength: 500 })),
          /** When it is paid: before the case is accepted (default), or once it is decided (the result is released when paid). */
          timing: Type.Optional(Enum('FeeTiming', ['before_acceptance', 'on_decision'])),
        },
        { title: 'Fee' },
      ),
      { maxItems: 20 },
    ),
    result: Obj(
      { name: Text, type: Enum('ResultType', ['certificate', 'approval', 'other']), electronic: Type.Boolean() },
      { title: 'ItemResult' },
    ),
    materials: Type.Array(MaterialSchema, { maxItems: 50 }),
    faq: Type.Array(Obj({ q: LongText, a: LongText }, { title: 'Faq' }), { maxItems: 50 }),
    contacts: Obj({ phone: Type.String({ maxLength: 40 }), address: Type.Optional(Text) }, { title: 'Contacts' }),
    form: FormSchema,
    processCode: Enum('ItemProcessCode', ITEM_PROCESS_CODES, {
      description: 'The process its cases run (accept, review, decide, complete; or a joint review)',
    }),
  },
  { title: 'ServiceItem' },
);

export const ItemSummary = Obj(
  {
    code: Type.String(),
    version: Type.Integer(),
    name: Text,
    departmentCode: Type.String(),
    type: Type.String(),
    targetUsers: Type.Array(Type.String()),
    themes: Type.Array(Type.String()),
    lifeEvents: Type.Array(Type.String()),
    visits: Type.Integer(),
    promisedLimit: TimeLimitSchema,
    scope: Type.String(),
    uses: Type.Integer(),
  },
  { title: 'ItemSummary' },
);

export const ItemDetail = Obj(
  {
    id: Uuid(),
    code: Type.String(),
    version: Type.Integer(),
    status: Enum('ItemStatus', ['published', 'retired']),
    current: Type.Boolean(),
    effectiveFrom: DateTime(),
    effectiveTo: Nullable(DateTime()),
    uses: Type.Integer(),
    item: ServiceItemSchema,
  },
  { title: 'ItemDetail' },
);

export const VersionItem = Obj(
  {
    version: Type.Integer(),
    status: Type.String(),
    effectiveFrom: DateTime(),
    effectiveTo: Nullable(DateTime()),
    createdBy: Nullable(Uuid()),
  },
  { title: 'ItemVersion' },
);

/** An item of a bundle that waits for others: after them, or needing their result (出生登记 needs 出生医学证明). */
export const BundleOrder = Obj(
  {
    itemCode: Type.String(),
    after: Type.Optional(Type.Array(Type.String())),
    needsResultOf: Type.Optional(Type.Array(Type.String())),
  },
  { title: 'BundleOrder' },
);

export const BundleSummary = Obj(
  {
    code: Type.String(),
    name: Text,
    description: Text,
    itemCodes: Type.Array(Type.String()),
    order: Type.Optional(Type.Array(BundleOrder)),
  },
  { title: 'BundleSummary' },
);
export const BundleDetail = Obj(
  {
    code: Type.String(),
    name: Text,
    description: Text,
    items: Type.Array(ItemSummary),
    /** One form: the items' fields merged by key, each asked once. */
    form: FormSchema,
    /** One set of materials: the same material asked by several items appears once. */
    materials: Type.Array(
      Obj(
        {
          code: Type.String(),
          name: Text,
          required: Type.Boolean(),
          source: Type.String(),
          itemCodes: Type.Array(Type.String()),
        },
        { title: 'BundleMaterial' },
      ),
    ),
    departments: Type.Array(Type.String()),
    /** Which items wait for which (the others run in parallel). */
    order: Type.Array(BundleOrder),
  },
  { title: 'BundleDetail' },
);

/** A life-event bundle found by a search: shown above the items. */
export const BundleHit = Obj({ code: Type.String(), name: Text, description: Text }, { title: 'BundleHit' });

export const SearchResult = Obj(
  {
    items: Type.Array(ItemSummary),
    total: Type.Integer(),
    /** The life-event bundles (一件事) the query is about, first: on the first page only. */
    bundles: Type.Array(BundleHit),
  },
  { title: 'SearchResult' },
);

export const SearchQuery = Obj({
  q: Type.Optional(Type.String({ maxLength: 100 })),
  targetUser: Type.Optional(TargetUser),
  department: Type.Optional(Type.String({ maxLength: 8 })),
  theme: Type.Optional(Type.String({ maxLength: 40 })),
  lifeEvent: Type.Optional(Type.String({ maxLength: 40 })),
  page: Type.Integer({ minimum: 1, maximum: 1000, default: 1 }),
  pageSize: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
});
