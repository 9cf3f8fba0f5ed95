/**
 * Open311 GeoReport v2 formats: the JSON of the spec (the Spark convention: the XML without its
 * root, every list an array) and its XML (schemaless, no namespace, a UTF-8 declaration first),
 * made from one value. A list's element is named after its parent (`services` → `service`,
 * `service_requests` → `request`, `errors` → `error`, ...), as the spec's examples are.
 */
import { XMLBuilder } from 'fast-xml-parser';

export type Format = 'json' | 'xml';

export const CONTENT_TYPE: Record<Format, string> = {
  json: 'application/json; charset=utf-8',
  xml: 'text/xml; charset=utf-8',
};

/** The element of each list, by the list's own element name. */
const ITEM_OF: Record<string, string> = {
  services: 'service',
  service_requests: 'request',
  service_request_updates: 'request_update',
  errors: 'error',
  attributes: 'attribute',
  values: 'value',
  endpoints: 'endpoint',
  formats: 'format',
};

type Scalar = string | number | boolean | null;
export type Value = Scalar | Value[] | { [key: string]: Value };

/** The value as fast-xml-parser's builder takes it: lists wrapped in their item element, scalars as text. */
function xmlNode(name: string, v: Value): unknown {
  if (v === null) return '';
  if (Array.isArray(v)) {
    const item = ITEM_OF[name];
    if (!item) throw new Error(`Open311 XML: no item element for the list ${name}`);
    return v.length === 0 ? '' : { [item]: v.map((x) => xmlNode(item, x)) };
  }
  if (typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, xmlNode(k, x)]));
  return String(v);
}

const builder = new XMLBuilder({ format: false, suppressEmptyNode: false, processEntities: true });

/** The document `root` in XML: the declaration, then `<root>…</root>`. */
export function toXml(root: string, value: Value): string {
  return `<?xml version="1.0" encoding="utf-8"?>${builder.build({ [root]: xmlNode(root, value) }) as string}`;
}

/** The body and content type of an answer in the format asked for. */
export function render(format: Format, root: string, value: Value): { body: string; type: string } {
  return { body: format === 'xml' ? toXml(root, value) : JSON.stringify(value), type: CONTENT_TYPE[format] };
}

/** The spec's error list: `[{ code, description }]`, or `<errors><error>…</error></errors>`. */
export function renderErrors(format: Format, errors: readonly { code: number; description: string }[]) {
  return render(
    format,
    'errors',
    errors.map((e) => ({ code: e.code, description: e.description })),
  );
}

/** `services.json` → { name: 'services', format: 'json' }; no or an unknown extension → null. */
export function splitFormat(file: string): { name: string; format: Format } | null {
  const dot = file.lastIndexOf('.');
  if (dot <= 0) return null;
  const ext = file.slice(dot + 1).toLowerCase();
  if (ext !== 'json' && ext !== 'xml') return null;
  return { name: file.slice(0, dot), format: ext };
}
