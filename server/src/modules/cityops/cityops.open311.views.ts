/**
 * How cityops' events look through Open311: the spec's two statuses from the event's six, the
 * service list and definitions from the categories, and a request's fields from an event row.
 */
import type { Value } from './cityops.open311.format.ts';

export type Lang = 'zh' | 'en';
export type EventStatus = 'open' | 'dispatched' | 'processing' | 'closed' | 'merged' | 'returned';

/** The spec's statuses: `closed` once resolved (closed, or merged into another), else `open`. */
export const OPEN311_STATUS = (s: string): 'open' | 'closed' => (s === 'closed' || s === 'merged' ? 'closed' : 'open');

const STATUS_NOTES: Record<EventStatus, { zh: string; en: string }> = {
  open: { zh: '已受理，等待派遣', en: 'Received, waiting to be dispatched' },
  dispatched: { zh: '已派遣至处置单位', en: 'Dispatched to the responsible unit' },
  processing: { zh: '处置中', en: 'Being handled' },
  returned: { zh: '已退回，重新派遣中', en: 'Returned for re-dispatch' },
  closed: { zh: '已办结', en: 'Resolved' },
  merged: { zh: '与其他事件合并处理', en: 'Merged with another report' },
};

export interface CategoryRow {
  code: string;
  name: string;
  name_en: string;
  group_name: string;
  group_name_en: string;
  description: string;
  description_en: string;
  department_code: string;
  keywords: string[];
  attributes: unknown;
  anonymous_allowed: boolean;
  active: boolean;
}

/** An Open311 attribute definition, as the spec's service definition lists it. */
export interface Attribute {
  variable: boolean;
  code: string;
  datatype: 'string' | 'number' | 'datetime' | 'text' | 'singlevaluelist' | 'multivaluelist';
  required: boolean;
  datatype_description: string | null;
  order: number;
  description: string;
  values: { key: string; name: string }[];
}

const DATATYPES = new Set(['string', 'number', 'datetime', 'text', 'singlevaluelist', 'multivaluelist']);
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/** The category's attribute definitions (stored as the spec's JSON), in their order; malformed entries are skipped. */
export function attributesOf(c: CategoryRow, lang: Lang): Attribute[] {
  const list = Array.isArray(c.attributes) ? c.attributes : [];
  const out: Attribute[] = [];
  list.forEach((a: unknown, i) => {
    if (!isObject(a) || typeof a.code !== 'string') return;
    const text = (k: string): string | null => {
      const en = a[`${k}_en`];
      const v = lang === 'en' && typeof en === 'string' ? en : a[k];
      return typeof v === 'string' ? v : null;
    };
    const values = Array.isArray(a.values)
      ? a.values.filter(isObject).map((v) => ({
          key: String(v.key),
          name: String((lang === 'en' && typeof v.name_en === 'string' ? v.name_en : v.name) ?? v.key),
        }))
      : [];
    out.push({
      variable: a.variable !== false,
      code: a.code,
      datatype: (DATATYPES.has(String(a.datatype)) ? a.datatype : 'string') as Attribute['datatype'],
      required: a.required === true,
      datatype_description: text('datatype_description'),
      order: typeof a.order === 'number' ? a.order : i + 1,
      description: text('description') ?? a.code,
      values,
    });
  });
  return out.sort((x, y) => x.order - y.order);
}

export const serviceOf = (c: CategoryRow, lang: Lang): Value => ({
  service_code: c.code,
  service_name: lang === 'en' ? c.name_en : c.name,
  description: lang === 'en' ? c.description_en : c.description,
  metadata: attributesOf(c, lang).length > 0,
  type: 'realtime',
  keywords: c.keywords.join(', '),
  group: lang === 'en' ? c.group_name_en : c.group_name,
});

export const definitionOf = (c: CategoryRow, lang: Lang): Value => ({
  service_code: c.code,
  attributes: attributesOf(c, lang).map((a) => ({ ...a, values: a.values })),
});

export interface RequestRow {
  number: string;
  status: string;
  category_code: string;
  description: string;
  address: string | null;
  lat: number | null;
  lng: number | null;
  /** W3C date-times (UTC), as the database formats them: opened, last updated (closed once closed), the deadline. */
  requested: string;
  updated: string;
  expected: string | null;
  close_note: string | null;
  department_id: string | null;
  merged_number: string | null;
}

/** One request as GET requests answers it, every field of the spec present (null when there is nothing). */
export function requestOf(
  r: RequestRow,
  lang: Lang,
  category: CategoryRow | undefined,
  agency: string | null,
): Record<string, Value> {
  const status = r.status as EventStatus;
  const note = STATUS_NOTES[status] ?? STATUS_NOTES.open;
  let statusNotes = lang === 'en' ? note.en : note.zh;
  if (status === 'closed' && r.close_note) statusNotes = r.close_note;
  if (status === 'merged' && r.merged_number)
    statusNotes = lang === 'en' ? `Merged into ${r.merged_number}` : `已并入 ${r.merged_number}`;
  return {
    service_request_id: r.number,
    status: OPEN311_STATUS(r.status),
    status_notes: statusNotes,
    service_name: category ? (lang === 'en' ? category.name_en : category.name) : r.category_code,
    service_code: r.category_code,
    description: r.description,
    agency_responsible: agency,
    service_notice: null,
    requested_datetime: r.requested,
    updated_datetime: r.updated,
    expected_datetime: r.expected,
    address: r.address,
    address_id: null,
    zipcode: null,
    lat: r.lat,
    long: r.lng,
    media_url: null,
  };
}

export const langOf = (acceptLanguage: string | undefined): Lang =>
  acceptLanguage && /^\s*en\b/i.test(acceptLanguage) ? 'en' : 'zh';
