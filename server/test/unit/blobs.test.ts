import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { AppError } from '../../src/platform/errors.ts';
import { FileBlobStore, isBlobKey, sniffType, type BlobType } from '../../src/platform/blobs.ts';
import { minimalPdf, minimalPng, pngChunk } from '../fixtures.ts';

// ---- minimal valid files, built as bytes ------------------------------------------------------

/**
 * A 1×1 grey baseline JPEG: SOI, APP0 (JFIF), DQT (all ones), SOF0 (8-bit, 1×1, one component),
 * DHT for DC and AC (one 1-bit code each: category 0, EOB), SOS, one block's bits `00` padded
 * with ones (0x3F), EOI.
 */
function minimalJpeg(): Buffer {
  const oneCodeTable = (tableClass: number) => [
    0xff,
    0xc4,
    0x00,
    0x14,
    tableClass << 4,
    1,
    ...Array<number>(15).fill(0),
    0x00,
  ];
  return Buffer.from([
    0xff,
    0xd8,
    0xff,
    0xe0,
    0x00,
    0x10,
    0x4a,
    0x46,
    0x49,
    0x46,
    0x00,
    0x01,
    0x01,
    0x00,
    0x00,
    0x01,
    0x00,
    0x01,
    0x00,
    0x00,
    0xff,
    0xdb,
    0x00,
    0x43,
    0x00,
    ...Array<number>(64).fill(1),
    0xff,
    0xc0,
    0x00,
    0x0b,
    0x08,
    0x00,
    0x01,
    0x00,
    0x01,
    0x01,
    0x01,
    0x11,
    0x00,
    ...oneCodeTable(0),
    ...oneCodeTable(1),
    0xff,
    0xda,
    0x00,
    0x08,
    0x01,
    0x01,
    0x00,
    0x00,
    0x3f,
    0x00,
    0x3f,
    0xff,
    0xd9,
  ]);
}

// ---- helpers ----------------------------------------------------------------------------------

let root: string;
let store: FileBlobStore;
const ALL: readonly BlobType[] = ['pdf', 'jpeg', 'png'];

beforeEach(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'yiwang-blobs-'));
  store = new FileBlobStore(root);
});
afterEach(async () => {
  await fs.rm(root, { recursive: true, force: true });
});

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).map((e) => path.relative(dir, path.join(e.parentPath, e.name)));
}

async function readAll(stream: Readable): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of stream) parts.push(c as Buffer);
  return Buffer.concat(parts);
}

async function refusal(p: Promise<unknown>): Promise<AppError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}

async function* chunked(bytes: Buffer, size: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) {
    yield bytes.subarray(i, i + size);
    await new Promise((r) => setImmediate(r));
  }
}

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

// ---- tests ------------------------------------------------------------------------------------

describe('sniffType', () => {
  it('knows the three types by their magic numbers', () => {
    expect(sniffType(minimalPdf())).toBe('pdf');
    expect(sniffType(minimalPng())).toBe('png');
    expect(sniffType(minimalJpeg())).toBe('jpeg');
  });

  it('answers null for anything else or too few bytes', () => {
    expect(sniffType(Buffer.from('hello, this is text'))).toBeNull();
    expect(sniffType(Buffer.from('%PDF'))).toBeNull();
    expect(sniffType(Buffer.from([0x89, 0x50, 0x4e, 0x47]))).toBeNull();
    expect(sniffType(Buffer.from([0xff, 0xd8]))).toBeNull();
    expect(sniffType(new Uint8Array(0))).toBeNull();
    expect(sniffType(Buffer.from('GIF89a......'))).toBeNull();
  });
});

describe('FileBlobStore', () => {
  it.each([
    ['pdf', minimalPdf(), 'application/pdf'],
    ['png', minimalPng(), 'image/png'],
    ['jpeg', minimalJpeg(), 'image/jpeg'],
  ] as const)('stores and reads back a %s', async (type, bytes, mediaType) => {
    const hex = sha(bytes);
    const blob = await store.put(bytes, { maxBytes: 1_000_000, allowed: ALL });
    expect(blob).toEqual({
      key: `sha256/${hex.slice(0, 2)}/${hex.slice(2, 4)}/${hex}`,
      sha256: hex,
      size: bytes.length,
      type,
      mediaType,
    });
    expect(isBlobKey(blob.key)).toBe(true);
    expect(await store.stat(blob.key)).toEqual({ size: bytes.length });
    expect(await readAll(await store.get(blob.key))).toEqual(bytes);
    expect(await filesUnder(root)).toEqual([path.join('sha256', hex.slice(0, 2), hex.slice(2, 4), hex)]);
  });

  it('takes a Node Readable and small chunks', async () => {
    const bytes = minimalPng();
    const blob = await store.put(Readable.from(chunked(bytes, 3)), { maxBytes: 1000, allowed: ['png'] });
    expect(blob.sha256).toBe(sha(bytes));
    expect(await readAll(await store.get(blob.key))).toEqual(bytes);
  });

  it('stores the same content once under the same key', async () => {
    const bytes = minimalPdf();
    const a = await store.put(bytes, { maxBytes: 10_000, allowed: ['pdf'] });
    const b = await store.put(chunked(bytes, 7), { maxBytes: 10_000, allowed: ['pdf'] });
    expect(b).toEqual(a);
    expect(await filesUnder(path.join(root, 'sha256'))).toHaveLength(1);
    expect(await filesUnder(path.join(root, 'tmp'))).toEqual([]);
  });

  it('refuses text named .pdf: the content decides, 415', async () => {
    const err = await refusal(
      store.put(Buffer.from('This is just a text file, honestly.\n'.repeat(10)), {
        maxBytes: 10_000,
        allowed: ['pdf'],
      }),
    );
    expect([err.status, err.code]).toEqual([415, 'FILE_TYPE_NOT_ALLOWED']);
    expect(await filesUnder(root)).toEqual([]);
  });

  it('refuses a short unknown file too', async () => {
    const err = await refusal(store.put(Buffer.from('hi'), { maxBytes: 10_000, allowed: ALL }));
    expect(err.code).toBe('FILE_TYPE_NOT_ALLOWED');
  });

  it('refuses a PNG when only PDF is allowed', async () => {
    const err = await refusal(store.put(minimalPng(), { maxBytes: 10_000, allowed: ['pdf'] }));
    expect([err.status, err.code]).toEqual([415, 'FILE_TYPE_NOT_ALLOWED']);
    expect(await filesUnder(root)).toEqual([]);
  });

  it('refuses the wrong type after the first bytes, without reading the rest', async () => {
    let pulled = 0;
    let finished = false;
    async function* text() {
      try {
        for (let i = 0; i < 1000; i++) {
          pulled++;
          yield Buffer.alloc(64 * 1024, 0x41);
        }
      } finally {
        finished = true;
      }
    }
    const err = await refusal(store.put(text(), { maxBytes: 100 * 1024 * 1024, allowed: ALL }));
    expect(err.code).toBe('FILE_TYPE_NOT_ALLOWED');
    expect(pulled).toBe(1);
    expect(finished).toBe(true);
  });

  it.each([
    ['a PDF cut short', minimalPdf().subarray(0, 200)],
    ['a PDF without a version', Buffer.concat([Buffer.from('%PDF-x'), minimalPdf().subarray(8)])],
    ['a JPEG cut short', minimalJpeg().subarray(0, 30)],
    ['a JPEG with no marker after SOI', Buffer.from([0xff, 0xd8, 0xff, 0x00, 0x01, 0xff, 0xd9])],
    ['a PNG cut short', minimalPng().subarray(0, 50)],
    ['a PNG with a damaged IHDR', Buffer.from(minimalPng()).fill(0x00, 18, 20)],
    ['a PNG with no IHDR', Buffer.concat([minimalPng().subarray(0, 8), pngChunk('IEND', Buffer.alloc(0))])],
  ])('refuses %s as FILE_CORRUPT', async (_name, bytes) => {
    expect(sniffType(bytes)).not.toBeNull();
    const err = await refusal(store.put(bytes, { maxBytes: 10_000, allowed: ALL }));
    expect([err.status, err.code]).toEqual([415, 'FILE_CORRUPT']);
    expect(await filesUnder(root)).toEqual([]);
  });

  it('accepts a JPEG padded with zeros after EOI', async () => {
    const bytes = Buffer.concat([minimalJpeg(), Buffer.alloc(16)]);
    expect((await store.put(bytes, { maxBytes: 10_000, allowed: ['jpeg'] })).type).toBe('jpeg');
  });

  it('refuses an oversize stream with 413 as soon as it passes the limit, leaving no temp file', async () => {
    const limit = 1024 * 1024;
    let pulled = 0;
    let finished = false;
    async function* big() {
      try {
        yield Buffer.from('%PDF-1.7\n');
        for (let i = 0; i < 100; i++) {
          pulled++;
          yield Buffer.alloc(64 * 1024, 0x20);
        }
      } finally {
        finished = true;
      }
    }
    const err = await refusal(store.put(big(), { maxBytes: limit, allowed: ['pdf'] }));
    expect([err.status, err.code]).toEqual([413, 'FILE_TOO_LARGE']);
    expect(err.details).toEqual([{ path: '/file', code: 'MAX_BYTES', message: String(limit) }]);
    expect(pulled).toBe(16); // 9 bytes + 15 × 64 KiB is within 1 MiB; the 16th chunk passes it
    expect(finished).toBe(true);
    expect(await filesUnder(root)).toEqual([]);
    expect(await fs.readdir(path.join(root, 'tmp'))).toEqual([]);
  });

  it('accepts exactly maxBytes and refuses one byte more', async () => {
    const bytes = minimalPdf();
    expect((await store.put(bytes, { maxBytes: bytes.length, allowed: ['pdf'] })).size).toBe(bytes.length);
    const err = await refusal(
      store.put(Buffer.concat([bytes, Buffer.from('\n')]), { maxBytes: bytes.length, allowed: ['pdf'] }),
    );
    expect(err.code).toBe('FILE_TOO_LARGE');
  });

  it('refuses empty content with 400', async () => {
    for (const input of [new Uint8Array(0), chunked(Buffer.alloc(0), 10), Readable.from([])]) {
      const err = await refusal(store.put(input, { maxBytes: 10, allowed: ALL }));
      expect([err.status, err.code]).toEqual([400, 'FILE_EMPTY']);
    }
    expect(await filesUnder(root)).toEqual([]);
  });

  it('cleans up when the source fails mid-stream', async () => {
    async function* failing() {
      yield minimalPdf().subarray(0, 100);
      throw new Error('connection reset');
    }
    await expect(store.put(failing(), { maxBytes: 10_000, allowed: ['pdf'] })).rejects.toThrow('connection reset');
    expect(await filesUnder(root)).toEqual([]);
  });

  it('refuses bad options', async () => {
    await expect(store.put(minimalPdf(), { maxBytes: 0, allowed: ['pdf'] })).rejects.toThrow(TypeError);
    await expect(store.put(minimalPdf(), { maxBytes: 10_000, allowed: [] })).rejects.toThrow(TypeError);
  });

  it('answers 404 BLOB_NOT_FOUND for an unknown key, null from stat, and deletes idempotently', async () => {
    const bytes = minimalJpeg();
    const key = (await store.put(bytes, { maxBytes: 10_000, allowed: ['jpeg'] })).key;
    const other = `sha256/00/00/${'0'.repeat(64)}`;
    const err = await refusal(store.get(other));
    expect([err.status, err.code]).toEqual([404, 'BLOB_NOT_FOUND']);
    expect(await store.stat(other)).toBeNull();
    await store.delete(other);
    await store.delete(key);
    await store.delete(key);
    expect(await store.stat(key)).toBeNull();
    expect((await refusal(store.get(key))).code).toBe('BLOB_NOT_FOUND');
    expect(await filesUnder(root)).toEqual([]);
  });

  it('refuses any key that is not exactly a content address', async () => {
    const hex = sha(minimalPdf());
    const bad = [
      '../../etc/passwd',
      '/etc/passwd',
      'C:\\Windows\\win.ini',
      `sha256/../../../../etc/passwd`,
      `sha256/${hex.slice(0, 2)}/${hex.slice(2, 4)}/../${hex.slice(2, 4)}/${hex}`,
      `/sha256/${hex.slice(0, 2)}/${hex.slice(2, 4)}/${hex}`,
      `${root}/sha256/${hex.slice(0, 2)}/${hex.slice(2, 4)}/${hex}`,
      `sha256/${hex.slice(0, 2)}/${hex.slice(2, 4)}/${hex}\n`,
      `sha256/${hex.slice(0, 2)}/${hex.slice(2, 4)}/${hex.toUpperCase()}`,
      `sha256/ff/ff/${hex}`, // directories that disagree with the hash
      `sha256/${hex.slice(0, 2)}\\${hex.slice(2, 4)}\\${hex}`,
      `sha256/${hex.slice(0, 2)}/${hex.slice(2, 4)}/${hex.slice(0, 63)}`,
      `sha256/${hex.slice(0, 2)}/${hex.slice(2, 4)}/${hex}\u0000`,
      '',
    ];
    await store.put(minimalPdf(), { maxBytes: 10_000, allowed: ['pdf'] });
    for (const key of bad) {
      expect(isBlobKey(key), key).toBe(false);
      for (const call of [() => store.get(key), () => store.stat(key), () => store.delete(key)]) {
        const err = await refusal(call());
        expect([err.status, err.code], key).toEqual([400, 'BLOB_KEY_INVALID']);
      }
    }
    expect(await filesUnder(path.join(root, 'sha256'))).toHaveLength(1);
  });

  it('lets concurrent puts of the same content all succeed with one file', async () => {
    const bytes = Buffer.concat([minimalPdf().subarray(0, 9), Buffer.alloc(300_000, 0x20), Buffer.from('\n%%EOF\n')]);
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        store.put(chunked(bytes, 10_000 + i * 1000), { maxBytes: 1_000_000, allowed: ['pdf'] }),
      ),
    );
    expect(new Set(results.map((r) => r.key)).size).toBe(1);
    expect(results[0]!.sha256).toBe(sha(bytes));
    expect(await filesUnder(path.join(root, 'sha256'))).toHaveLength(1);
    expect(await fs.readdir(path.join(root, 'tmp'))).toEqual([]);
    expect(await readAll(await store.get(results[0]!.key))).toEqual(bytes);
  });

  it('hashes a large streamed upload (20 MB in chunks) correctly', async () => {
    const chunkSize = 64 * 1024;
    const count = 320; // 20 MiB
    const oneShot = createHash('sha256');
    const makeChunk = (i: number) => {
      const c = Buffer.alloc(chunkSize);
      for (let j = 0; j < chunkSize; j += 4) c.writeUInt32LE((i * 2654435761 + j * 40503) >>> 0, j);
      if (i === 0) c.write('%PDF-1.7\n', 0, 'latin1');
      if (i === count - 1) c.write('\n%%EOF\n', chunkSize - 7, 'latin1');
      return c;
    };
    for (let i = 0; i < count; i++) oneShot.update(makeChunk(i));
    async function* upload() {
      for (let i = 0; i < count; i++) yield makeChunk(i);
    }
    const blob = await store.put(upload(), { maxBytes: 25 * 1024 * 1024, allowed: ['pdf'] });
    expect(blob.size).toBe(chunkSize * count);
    expect(blob.sha256).toBe(oneShot.digest('hex'));
    expect(await store.stat(blob.key)).toEqual({ size: chunkSize * count });
    const check = createHash('sha256');
    for await (const c of await store.get(blob.key)) check.update(c as Buffer);
    expect(check.digest('hex')).toBe(blob.sha256);
  });

  it('sweeps old temp files left by a crash', async () => {
    await fs.mkdir(path.join(root, 'tmp'), { recursive: true });
    await fs.writeFile(path.join(root, 'tmp', 'left-over.part'), 'x');
    expect(await store.sweepTemp(60_000)).toBe(0);
    expect(await store.sweepTemp(60_000, Date.now() + 120_000)).toBe(1);
    expect(await fs.readdir(path.join(root, 'tmp'))).toEqual([]);
  });
});
