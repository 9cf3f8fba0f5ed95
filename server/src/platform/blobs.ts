/**
 * The blob store: where uploaded case materials (PDF, JPEG, PNG) live, outside the database.
 *
 * Keys are content addresses, `sha256/ab/cd/<64 hex>`, where `ab` and `cd` are the first
 * four hex digits of the SHA-256 of the bytes. So:
 * - storing the same bytes twice stores them once (dedupe), and `put` answers the same key;
 * - a key can never be made to point at other bytes: the bytes are only ever moved into place
 *   under the hash they were measured to have;
 * - because blobs are shared, `delete` removes the bytes for every holder of the key. Callers
 *   keep the references (e.g. a case material row) and delete a key only once nothing refers to it.
 *
 * What is stored is decided by content, never by a file name or a declared content type:
 * the type is sniffed from the magic number, checked against the caller's `allowed` list,
 * and given a cheap structural check (a truncated upload is refused as FILE_CORRUPT).
 *
 * The interface is small on purpose so that an S3-compatible store can be added later
 * (put → upload then copy to the content key, get → GetObject body, stat → HeadObject,
 * delete → DeleteObject) without touching any caller. `FileBlobStore` is the filesystem one.
 */
import { createHash, randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { crc32 } from 'node:zlib';
import { AppError } from './errors.ts';

export type BlobType = 'pdf' | 'jpeg' | 'png' | 'csv' | 'json';

/** The types uploads may have (case materials, photos). */
export const BLOB_TYPES: readonly BlobType[] = ['pdf', 'jpeg', 'png'];
/**
 * Data files (open data releases): UTF-8 text without a magic number, so told apart by their
 * first bytes only when the caller allows them: JSON (GeoJSON too) opens with `{` or `[`,
 * anything else that is text is CSV.
 */
export const DATA_BLOB_TYPES: readonly BlobType[] = ['csv', 'json'];

export const MEDIA_TYPES: Readonly<Record<BlobType, string>> = {
  pdf: 'application/pdf',
  jpeg: 'image/jpeg',
  png: 'image/png',
  csv: 'text/csv; charset=utf-8',
  json: 'application/json',
};

export interface StoredBlob {
  /** `sha256/ab/cd/<hex>`: the content address. */
  key: string;
  /** SHA-256 of the bytes, lowercase hex. */
  sha256: string;
  size: number;
  /** Sniffed from the content, not taken from the upload's name or declared type. */
  type: BlobType;
  /** The media type for `type`, to send as Content-Type when serving it. */
  mediaType: string;
}

export interface PutOptions {
  /** Uploads larger than this are refused (413 FILE_TOO_LARGE) as soon as they pass it. */
  maxBytes: number;
  /** Content of any other type, or of no known type, is refused (415 FILE_TYPE_NOT_ALLOWED). */
  allowed: readonly BlobType[];
}

export interface BlobStore {
  /**
   * Store bytes given whole or as a stream of chunks (a Node Readable is an AsyncIterable).
   * On refusal the source is abandoned (its iterator's `return()` is called, which destroys
   * a Node stream) and nothing is left behind.
   * Throws AppError 413 FILE_TOO_LARGE, 415 FILE_TYPE_NOT_ALLOWED, 415 FILE_CORRUPT, 400 FILE_EMPTY.
   */
  put(stream: AsyncIterable<Uint8Array> | Uint8Array, opts: PutOptions): Promise<StoredBlob>;
  /**
   * The bytes, as a Node.js Readable (a Fastify reply can send it as is; use
   * `Readable.toWeb` for a web stream). Throws 404 BLOB_NOT_FOUND for an unknown key.
   */
  get(key: string): Promise<Readable>;
  /** The size, or null when there is no such blob. */
  stat(key: string): Promise<{ size: number } | null>;
  /** Idempotent: deleting an absent blob is not an error. */
  delete(key: string): Promise<void>;
}

// ---------------------------------------------------------------------------------------------
// Keys

const KEY_RE = /^sha256\/([0-9a-f]{2})\/([0-9a-f]{2})\/([0-9a-f]{64})$/;

export const keyForSha256 = (hex: string): string => `sha256/${hex.slice(0, 2)}/${hex.slice(2, 4)}/${hex}`;

/** True only for the exact key shape, with directories that agree with the hash. */
export function isBlobKey(key: unknown): key is string {
  if (typeof key !== 'string') return false;
  const m = KEY_RE.exec(key);
  return m !== null && m[3]!.startsWith(m[1]! + m[2]!);
}

function checkKey(key: unknown): string {
  // Anything but the exact shape is refused, so no key can reach outside the store's root.
  if (!isBlobKey(key)) throw new AppError(400, 'BLOB_KEY_INVALID', 'This is not a blob key');
  return key;
}

// ---------------------------------------------------------------------------------------------
// Content checks

const PDF_MAGIC = [0x25, 0x50, 0x44, 0x46, 0x2d]; // %PDF-
const PNG_MAGIC = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]; // \x89PNG\r\n\x1a\n
const JPEG_MAGIC = [0xff, 0xd8, 0xff]; // SOI and the start of the next marker
const PNG_IEND = [0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82];
const PDF_EOF = Buffer.from('%%EOF', 'latin1');

/** Bytes kept from the start of an upload for sniffing and the header checks. */
const HEAD_BYTES = 64;
/** Bytes kept from the end: readers look for `%%EOF` within the last 1024 bytes of a PDF. */
const TAIL_BYTES = 1024;
/** Small chunks are gathered into writes of this size. */
const WRITE_BUFFER = 256 * 1024;

const startsWith = (bytes: Uint8Array, magic: readonly number[], at = 0): boolean =>
  bytes.length >= at + magic.length && magic.every((b, i) => bytes[at + i] === b);

/**
 * The type of content from its first bytes (magic numbers), or null when it is none of
 * ours or too short to tell. Give it at least the first 8 bytes.
 */
export function sniffType(firstBytes: Uint8Array): BlobType | null {
  if (startsWith(firstBytes, PDF_MAGIC)) return 'pdf';
  if (startsWith(firstBytes, PNG_MAGIC)) return 'png';
  if (startsWith(firstBytes, JPEG_MAGIC)) return 'jpeg';
  return null;
}

/** Data files: JSON or CSV by the first bytes (after a BOM and white space), or null when they are not text. */
export function sniffDataType(firstBytes: Uint8Array): BlobType | null {
  if (firstBytes.length === 0 || firstBytes.includes(0)) return null;
  let at = startsWith(firstBytes, [0xef, 0xbb, 0xbf]) ? 3 : 0;
  while (at < firstBytes.length && [0x20, 0x09, 0x0a, 0x0d].includes(firstBytes[at]!)) at++;
  const first = firstBytes[at];
  if (first === undefined) return null;
  return first === 0x7b || first === 0x5b ? 'json' : 'csv';
}

/**
 * A cheap structural check beyond the magic number, given the first bytes (up to 64) and
 * the last bytes (up to 1024) of the content. Returns the reason when it is broken.
 * - PDF: a `%PDF-n.n` header, and `%%EOF` in the last 1024 bytes (a truncated PDF has none).
 * - PNG: an IHDR chunk right after the signature (length 13, good CRC, non-zero size), and
 *   the IEND chunk as the last 12 bytes.
 * - JPEG: a marker after SOI, and EOI (FF D9) at the end (trailing zero padding allowed).
 */
export function checkStructure(type: BlobType, head: Uint8Array, tail: Uint8Array): string | null {
  switch (type) {
    case 'pdf': {
      if (!/^%PDF-\d\.\d/.test(Buffer.from(head.subarray(0, 8)).toString('latin1'))) return 'no PDF version header';
      if (Buffer.from(tail.buffer, tail.byteOffset, tail.byteLength).indexOf(PDF_EOF) < 0) return 'no %%EOF at the end';
      return null;
    }
    case 'png': {
      if (head.length < 33) return 'too short for a PNG';
      const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
      if (view.getUint32(8) !== 13 || !startsWith(head, [0x49, 0x48, 0x44, 0x52], 12))
        return 'no IHDR chunk after the signature';
      if (crc32(head.subarray(12, 29)) !== view.getUint32(29)) return 'bad IHDR checksum';
      if (view.getUint32(16) === 0 || view.getUint32(20) === 0) return 'zero width or height';
      if (tail.length < PNG_IEND.length || !startsWith(tail, PNG_IEND, tail.length - PNG_IEND.length))
        return 'no IEND chunk at the end';
      return null;
    }
    case 'jpeg': {
      const marker = head[3];
      if (marker === undefined || marker < 0xc0 || marker === 0xd8 || marker === 0xd9 || marker === 0xff)
        return 'no marker after SOI';
      let end = tail.length;
      while (end > 0 && tail[end - 1] === 0x00) end--;
      if (end < 2 || tail[end - 2] !== 0xff || tail[end - 1] !== 0xd9) return 'no EOI marker at the end';
      return null;
    }
    case 'json': {
      let end = tail.length;
      while (end > 0 && [0x20, 0x09, 0x0a, 0x0d].includes(tail[end - 1]!)) end--;
      if (end === 0 || (tail[end - 1] !== 0x7d && tail[end - 1] !== 0x5d)) return 'no closing } or ] at the end';
      return null;
    }
    case 'csv':
      return tail.includes(0) ? 'a NUL byte in text' : null;
  }
}

const tooLarge = (limit: number) =>
  new AppError(413, 'FILE_TOO_LARGE', `The file is larger than the limit of ${limit} bytes`, {
    details: [{ path: '/file', code: 'MAX_BYTES', message: `${limit}` }],
  });
const typeNotAllowed = (allowed: readonly BlobType[]) =>
  new AppError(415, 'FILE_TYPE_NOT_ALLOWED', `The file's content is not one of: ${allowed.join(', ')}`, {
    details: [{ path: '/file', code: 'ALLOWED_TYPES', message: allowed.join(',') }],
  });
const corrupt = (type: BlobType, reason: string) =>
  new AppError(415, 'FILE_CORRUPT', `The file looks like a ${type.toUpperCase()} but is damaged or incomplete`, {
    details: [{ path: '/file', code: 'STRUCTURE', message: reason }],
  });
const empty = () => new AppError(400, 'FILE_EMPTY', 'The file is empty');

// ---------------------------------------------------------------------------------------------
// The filesystem store

const isErrno = (err: unknown, ...codes: string[]): boolean =>
  typeof err === 'object' && err !== null && codes.includes((err as NodeJS.ErrnoException).code ?? '');

/**
 * Blobs as files under `root`: `root/sha256/ab/cd/<hex>`, with uploads in progress in
 * `root/tmp/` (the same filesystem, so the final rename is atomic). Files are created 0600.
 * Several server processes may share one root (e.g. over NFS with atomic rename).
 */
export class FileBlobStore implements BlobStore {
  readonly root: string;
  readonly tmpDir: string;
  #tmpReady: Promise<unknown> | undefined;

  constructor(root: string) {
    this.root = path.resolve(root);
    this.tmpDir = path.join(this.root, 'tmp');
  }

  #pathOf(key: string): string {
    const [, a, b, hex] = KEY_RE.exec(checkKey(key))!;
    return path.join(this.root, 'sha256', a!, b!, hex!);
  }

  async put(stream: AsyncIterable<Uint8Array> | Uint8Array, opts: PutOptions): Promise<StoredBlob> {
    const { maxBytes, allowed } = opts;
    if (!Number.isSafeInteger(maxBytes) || maxBytes < 1) throw new TypeError('maxBytes must be a positive integer');
    if (allowed.length === 0) throw new TypeError('allowed must name at least one type');

    this.#tmpReady ??= fs.mkdir(this.tmpDir, { recursive: true, mode: 0o700 });
    try {
      await this.#tmpReady;
    } catch (err) {
      this.#tmpReady = undefined; // try again next time
      throw err;
    }
    const tmpPath = path.join(this.tmpDir, `${randomUUID()}.part`);
    let fh: FileHandle | undefined = await fs.open(tmpPath, 'wx', 0o600);
    try {
      const hash = createHash('sha256');
      let size = 0;
      let head = Buffer.alloc(0);
      let type: BlobType | undefined;
      let tail = Buffer.alloc(0);
      const pending = Buffer.allocUnsafe(WRITE_BUFFER);
      let pendingBytes = 0;

      const writeAll = async (bytes: Uint8Array) => {
        let at = 0;
        while (at < bytes.length) {
          const { bytesWritten } = await fh!.write(bytes, at, bytes.length - at);
          at += bytesWritten;
        }
      };
      const flush = async () => {
        if (pendingBytes > 0) await writeAll(pending.subarray(0, pendingBytes));
        pendingBytes = 0;
      };
      const checkHead = (): BlobType => {
        const sniffed =
          sniffType(head) ?? (allowed.some((t) => DATA_BLOB_TYPES.includes(t)) ? sniffDataType(head) : null);
        if (sniffed === null || !allowed.includes(sniffed)) throw typeNotAllowed(allowed);
        return sniffed;
      };

      const source: AsyncIterable<Uint8Array> | Iterable<Uint8Array> = stream instanceof Uint8Array ? [stream] : stream;
      for await (const chunk of source) {
        if (!(chunk instanceof Uint8Array)) throw new TypeError('blob chunks must be bytes');
        if (chunk.length === 0) continue;
        size += chunk.length;
        if (size > maxBytes) throw tooLarge(maxBytes);
        hash.update(chunk);
        if (type === undefined) {
          head = Buffer.concat([head, chunk.subarray(0, HEAD_BYTES - head.length)]);
          if (head.length >= HEAD_BYTES) type = checkHead(); // refuse the wrong type before reading further
        }
        // Copies: the producer may reuse its buffer once we ask for the next chunk.
        tail =
          chunk.length >= TAIL_BYTES
            ? Buffer.from(chunk.subarray(chunk.length - TAIL_BYTES))
            : Buffer.concat([tail, chunk]).subarray(-TAIL_BYTES);
        if (pendingBytes + chunk.length > WRITE_BUFFER) await flush();
        if (chunk.length >= WRITE_BUFFER) await writeAll(chunk);
        else {
          pending.set(chunk, pendingBytes);
          pendingBytes += chunk.length;
        }
      }
      if (size === 0) throw empty();
      const sniffed = type ?? checkHead();
      const broken = checkStructure(sniffed, head, tail);
      if (broken) throw corrupt(sniffed, broken);

      await flush();
      await fh.sync(); // the bytes are on disk before the name points at them
      await fh.close();
      fh = undefined;

      const sha256 = hash.digest('hex');
      const key = keyForSha256(sha256);
      const finalPath = this.#pathOf(key);
      const stored: StoredBlob = { key, sha256, size, type: sniffed, mediaType: MEDIA_TYPES[sniffed] };

      const existing = await fs.stat(finalPath).catch((err: unknown) => {
        if (isErrno(err, 'ENOENT')) return null;
        throw err;
      });
      if (existing?.isFile() && existing.size === size) {
        await fs.unlink(tmpPath); // already stored: same hash and size
        return stored;
      }
      // Absent (or damaged, with the wrong size: replaced). Concurrent puts of the same bytes
      // each rename their own temp file over the name; every rename puts identical bytes there.
      const dir = path.dirname(finalPath);
      await fs.mkdir(dir, { recursive: true, mode: 0o700 });
      try {
        await fs.rename(tmpPath, finalPath);
      } catch (err) {
        // Windows cannot rename over a file that is open; the same bytes are there already.
        const now = await fs.stat(finalPath).catch(() => null);
        if (!(isErrno(err, 'EPERM', 'EACCES', 'EEXIST', 'EBUSY') && now?.size === size)) throw err;
        await fs.unlink(tmpPath);
        return stored;
      }
      await syncDir(dir);
      return stored;
    } catch (err) {
      if (fh) await fh.close().catch(() => undefined);
      await fs.unlink(tmpPath).catch(() => undefined);
      throw err;
    }
  }

  async get(key: string): Promise<Readable> {
    const file = this.#pathOf(key);
    let fh: FileHandle;
    try {
      // Opened before answering, so a missing blob is a 404 here and not an error mid-stream.
      fh = await fs.open(file, 'r');
    } catch (err) {
      if (isErrno(err, 'ENOENT', 'ENOTDIR', 'EISDIR')) throw blobNotFound();
      throw err;
    }
    return fh.createReadStream({ autoClose: true });
  }

  async stat(key: string): Promise<{ size: number } | null> {
    const file = this.#pathOf(key);
    try {
      const s = await fs.stat(file);
      return s.isFile() ? { size: s.size } : null;
    } catch (err) {
      if (isErrno(err, 'ENOENT', 'ENOTDIR')) return null;
      throw err;
    }
  }

  async delete(key: string): Promise<void> {
    const file = this.#pathOf(key);
    // The fan-out directories stay: removing them could race with a put renaming into them.
    await fs.unlink(file).catch((err: unknown) => {
      if (!isErrno(err, 'ENOENT', 'ENOTDIR')) throw err;
    });
  }

  /**
   * Remove temp files left by a crash mid-upload, older than `olderThanMs` (default one hour,
   * well past any live upload). Returns how many were removed. Run it at start or from a job.
   */
  async sweepTemp(olderThanMs = 3_600_000, now = Date.now()): Promise<number> {
    let names: string[];
    try {
      names = await fs.readdir(this.tmpDir);
    } catch (err) {
      if (isErrno(err, 'ENOENT')) return 0;
      throw err;
    }
    let removed = 0;
    for (const name of names) {
      if (!name.endsWith('.part')) continue;
      const p = path.join(this.tmpDir, name);
      const s = await fs.stat(p).catch(() => null);
      if (s && now - s.mtimeMs > olderThanMs) {
        await fs.unlink(p).then(
          () => removed++,
          () => undefined,
        );
      }
    }
    return removed;
  }
}

const blobNotFound = () => new AppError(404, 'BLOB_NOT_FOUND', 'No such file');

/** Make a rename durable. Directories cannot be opened for fsync on Windows; there it is skipped. */
async function syncDir(dir: string): Promise<void> {
  let dh: FileHandle | undefined;
  try {
    dh = await fs.open(dir, 'r');
    await dh.sync();
  } catch {
    // best effort
  } finally {
    await dh?.close().catch(() => undefined);
  }
}
