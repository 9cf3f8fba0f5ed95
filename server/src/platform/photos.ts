/**
 * Photos people attach to what they report or propose (a city problem, a proposal, an
 * inspection's findings): images they uploaded through the platform's upload facility
 * (PUT /api/applications/uploads, which checks the bytes: JPEG or PNG, at most 10 MB). A record
 * keeps their upload ids and media types; the module that owns the record serves the bytes to
 * whoever may see it (the upload facility's `attachedUpload`).
 */
import type { FastifyReply } from 'fastify';
import type { Readable } from 'node:stream';
import { Type } from 'typebox';
import type { Principal } from './auth.ts';
import type { AppError } from './errors.ts';
import { Uuid } from './http.ts';

/** At most this many photos on one record. */
export const MAX_PHOTOS = 6;

/** A photo on a record: an upload of the platform's upload facility. */
export interface PhotoRef {
  id: string;
  mediaType: string;
}

/** The photos of a request body: upload ids. */
export const PhotoIds = () =>
  Type.Array(Uuid(), {
    maxItems: MAX_PHOTOS,
    description: 'Ids of images uploaded with PUT /api/applications/uploads',
  });

/** An upload's media type if `p` uploaded it, else null. */
export type UploadOf = (p: Principal, id: string) => Promise<{ mediaType: string } | null>;
/** The bytes of an upload attached to a record (the module has authorised the reader). */
export type PhotoContent = (id: string) => Promise<{ stream: Readable; mediaType: string; size: number }>;

/** What the upload facility (applications) offers the modules that keep photos. */
export interface UploadFacility {
  uploadContent(p: Principal, id: string): Promise<{ stream: unknown; mediaType: string }>;
  attachedUpload(id: string): Promise<{ stream: unknown; mediaType: string; size: number }>;
}

/** Ownership through the upload facility's own read (another's upload is not found); the bytes are not read. */
export const uploadOfFacility =
  (f: Pick<UploadFacility, 'uploadContent'>): UploadOf =>
  async (p, id) => {
    try {
      const file = await f.uploadContent(p, id);
      (file.stream as Readable).destroy();
      return { mediaType: file.mediaType };
    } catch {
      return null;
    }
  };

export const photoContentOfFacility =
  (f: Pick<UploadFacility, 'attachedUpload'>): PhotoContent =>
  async (id) => {
    const file = await f.attachedUpload(id);
    return { stream: file.stream as Readable, mediaType: file.mediaType, size: file.size };
  };

/**
 * Each photo must be an image the caller uploaded, each once, at most MAX_PHOTOS; a caller that
 * is not a person brings none. Otherwise `invalid()` (the module's 422) is thrown.
 */
export async function checkedPhotos(
  uploadOf: UploadOf,
  p: Principal | null,
  ids: readonly string[],
  invalid: () => AppError,
): Promise<PhotoRef[]> {
  if (ids.length === 0) return [];
  if (!p || ids.length > MAX_PHOTOS || new Set(ids).size !== ids.length) throw invalid();
  const out: PhotoRef[] = [];
  for (const id of ids) {
    const up = await uploadOf(p, id);
    if (!up || !up.mediaType.startsWith('image/')) throw invalid();
    out.push({ id, mediaType: up.mediaType });
  }
  return out;
}

const bytes = Type.String({ format: 'binary' });
/** The response of a route that answers a photo's bytes. */
export const PhotoBytes = {
  description: 'The image, with its own Content-Type',
  content: { 'image/jpeg': { schema: bytes }, 'image/png': { schema: bytes } },
};

/** The bytes of a photo, streamed with its own media type (not serialised as JSON). */
export function sendPhoto(reply: FastifyReply, f: { stream: Readable; mediaType: string; size: number }) {
  return reply
    .header('content-type', f.mediaType)
    .header('content-length', String(f.size))
    .header('x-content-type-options', 'nosniff')
    .header('cache-control', 'private, no-store')
    .send(f.stream);
}
