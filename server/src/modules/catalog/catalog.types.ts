/**
 * A service item (政务服务事项) with the national catalogue's elements (REFERENCE.md:
 * "Service items"). Stored versioned: editing a published item makes a new version, and a
 * case keeps the version it was filed under.
 */
export type LocalText = { zh: string; en: string };

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
export type ItemType = (typeof ITEM_TYPES)[number];

export const CHANNELS = ['online', 'mobile', 'window', 'post', 'booking', 'kiosk', 'online_payment'] as const;
export type Channel = (typeof CHANNELS)[number];

export type TimeLimit = { value: number; unit: 'working_days' | 'natural_days' | 'hours' };

export interface Material {
  code: string;
  name: LocalText;
  required: boolean;
  /** electronic or paper original */
  form: 'electronic' | 'paper';
  /** supplied by the applicant, or shared by the government (the applicant brings nothing) */
  source: 'applicant' | 'shared';
  /** for shared materials: which registry or certificate supplies it */
  sharedFrom?: string;
  copies?: number;
  basis?: string;
  blankForm?: string;
  sample?: string;
}

export interface ServiceItemData {
  /** Basic code (基本编码), implementation code (实施编码), handling-item code (办理项编码). */
  basicCode: string;
  implementationCode: string;
  handlingItemCode: string;
  /** main item → sub-item → handling item (new / change / renew / cancel) */
  level: 'main' | 'sub' | 'handling';
  handlingKind?: 'new' | 'change' | 'renew' | 'cancel';
  parentCode?: string;
  type: ItemType;
  name: LocalText;
  /** Other names people search for. */
  keywords: string[];
  departmentCode: string;
  implementingBody: LocalText;
  legalBasis: string[];
  targetUsers: ('person' | 'enterprise')[];
  themes: string[];
  lifeEvents: string[];
  conditions: LocalText[];
  statutoryLimit: TimeLimit | null;
  promisedLimit: TimeLimit;
  /** Number of on-site visits required (0 = fully online), with the reason when > 0. */
  visits: number;
  visitsReason?: string;
  onlineDepth: 1 | 2 | 3 | 4;
  channels: Channel[];
  /** 通办范围 */
  scope: 'city' | 'province' | 'nationwide';
  coDepartments: string[];
  fees: { name: LocalText; amountYuan: number; basis?: string }[];
  result: { name: LocalText; type: 'certificate' | 'approval' | 'other'; electronic: boolean };
  materials: Material[];
  faq: { q: LocalText; a: LocalText }[];
  contacts: { phone: string; address?: LocalText };
  /** The application form: JSON Schema (draft 2020-12 subset) with layout hints. */
  form: FormDefinition;
  /** Workflow process code (applications/workflow/processes.ts). */
  processCode: string;
}

export interface FormField {
  /** JSON Schema of the field value */
  schema: Record<string, unknown>;
  label: LocalText;
  /** layout hints for the renderers */
  widget?:
    | 'text'
    | 'textarea'
    | 'date'
    | 'select'
    | 'radio'
    | 'checkbox'
    | 'idNumber'
    | 'phone'
    | 'address'
    | 'uscc'
    | 'number'
    | 'money';
  placeholder?: LocalText;
  help?: LocalText;
  /** Prefill from data the government holds (exchange module): e.g. 'person.name', 'person.idNumber'. */
  prefill?: string;
  /** Fields with the same key across bundle items are merged (one question asked once). */
  key: string;
  /** Every field must be answered unless it is optional. */
  optional?: boolean;
  /** For a date: the earliest and latest it may be, a date or `today` (the city's), e.g. a birth date not after today. */
  dates?: { notBefore?: DateBound; notAfter?: DateBound };
}

/** `today` (in the city's time zone) or a YYYY-MM-DD date. */
export type DateBound = string;

export interface FormDefinition {
  sections: { title: LocalText; fields: FormField[] }[];
}
