/**
 * Reading a release's CSV file as it streams from the blob store (RFC 4180: quoted fields with
 * commas, quotes and line breaks; CRLF or LF; a UTF-8 byte-order mark), one record at a time,
 * never holding the file whole; and typing its cells by the release's declared columns.
 */
import type { ColumnSpec } from './opendata.types.ts';

/** The records of a CSV byte stream, each an array of its fields (the header is the first). */
export async function* csvRecords(bytes: AsyncIterable<Uint8Array | string>): AsyncGenerator<string[]> {
  const decoder = new TextDecoder('utf-8');
  let record: string[] = [];
  let field = '';
  let quoted = false;
  let afterQuote = false;
  let first = true;
  let pendingCr = false;
  let any = false;
  for await (const chunk of bytes) {
    let text = typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    if (first && text.length > 0) {
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      first = false;
    }
    const out: string[][] = [];
    for (let i = 0; i < text.length; i++) {
      const ch = text[i]!;
      if (pendingCr) {
        pendingCr = false;
        if (ch === '\n') continue;
      }
      if (quoted) {
        if (ch === '"') {
          quoted = false;
          afterQuote = true;
        } else field += ch;
        continue;
      }
      if (ch === '"') {
        // A doubled quote inside a quoted field: the quote itself.
        if (afterQuote) field += '"';
        quoted = true;
        afterQuote = false;
        any = true;
        continue;
      }
      afterQuote = false;
      if (ch === ',') {
        record.push(field);
        field = '';
        any = true;
      } else if (ch === '\n' || ch === '\r') {
        if (ch === '\r') pendingCr = true;
        record.push(field);
        out.push(record);
        record = [];
        field = '';
        any = false;
      } else {
        field += ch;
        any = true;
      }
    }
    yield* out;
  }
  const tail = decoder.decode();
  if (tail) field += tail;
  if (any || field !== '' || record.length > 0) {
    record.push(field);
    yield record;
  }
}

export type Cell = string | number | boolean | null;

/** A cell as its column's type says: numbers and booleans as such, an empty cell as null. */
export function typedCell(type: ColumnSpec['type'] | undefined, raw: string): Cell {
  if (raw === '') return null;
  if (type === 'integer' || type === 'number') {
    const n = Number(raw);
    return Number.isFinite(n) ? n : raw;
  }
  if (type === 'boolean') return raw === 'true' ? true : raw === 'false' ? false : raw;
  return raw;
}
