/**
 * Field-level protection of personal data (DESIGN.md §4): sensitive fields are encrypted
 * at rest with an authenticated cipher, and looked up through a keyed blind index so the
 * database never sees the plain value. The cipher is pluggable (an SM4-GCM implementation
 * can be registered under its own id); each ciphertext names the cipher and key it used,
 * so keys can be rotated without rewriting every row at once.
 */
import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createHmac,
  createSecretKey,
  hkdfSync,
  randomBytes,
  type KeyObject,
} from 'node:crypto';

export interface FieldCipher {
  /** Short identifier written into every ciphertext, e.g. 'a256gcm'. */
  readonly id: string;
  encrypt(plain: Buffer, key: Buffer, aad: Buffer): Buffer;
  decrypt(sealed: Buffer, key: Buffer, aad: Buffer): Buffer;
}

/**
 * The key as a KeyObject, made once per key: given a Buffer, createCipheriv makes one on every
 * call (several microseconds each; a submission seals and opens a dozen fields).
 */
const keyObjects = new WeakMap<Buffer, KeyObject>();
const keyObjectOf = (key: Buffer): KeyObject => {
  let k = keyObjects.get(key);
  if (!k) {
    k = createSecretKey(key);
    keyObjects.set(key, k);
  }
  return k;
};

export const aes256gcm: FieldCipher = {
  id: 'a256gcm',
  encrypt(plain, key, aad) {
    const iv = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', keyObjectOf(key), iv);
    c.setAAD(aad);
    const body = Buffer.concat([c.update(plain), c.final()]);
    return Buffer.concat([iv, body, c.getAuthTag()]);
  },
  decrypt(sealed, key, aad) {
    const iv = sealed.subarray(0, 12);
    const tag = sealed.subarray(sealed.length - 16);
    const d = createDecipheriv('aes-256-gcm', keyObjectOf(key), iv);
    d.setAAD(aad);
    d.setAuthTag(tag);
    return Buffer.concat([d.update(sealed.subarray(12, sealed.length - 16)), d.final()]);
  },
};

/** One data key, with the keys derived from it. */
interface LoadedKey {
  id: string;
  encKey: Buffer;
  indexKey: Buffer;
}

/** A key's id: derived from the key itself (8 hex digits), so a configuration cannot mislabel a key. */
export function dataKeyId(masterKeyBase64: string): string {
  const master = Buffer.from(masterKeyBase64, 'base64');
  if (master.length !== 32) throw new Error('A data key must be 32 bytes, base64-encoded');
  return createHmac('sha256', master).update('key id').digest('hex').slice(0, 8);
}

/**
 * Parse a key ring: keys separated by commas or line breaks, the first current; each key is
 * `base64` or `<id>:base64`, where a given id must be the key's own (a typo check).
 */
export function parseDataKeys(spec: string): string[] {
  const keys = spec
    .split(/[,\s]+/)
    .map((k) => k.trim())
    .filter(Boolean);
  if (keys.length === 0) throw new Error('No data key given');
  const out: string[] = [];
  for (const entry of keys) {
    const m = /^([0-9a-f]{8}):(.+)$/.exec(entry);
    const key = m ? m[2]! : entry;
    const id = dataKeyId(key);
    if (m && m[1] !== id) throw new Error(`The data key labelled ${m[1]} has the id ${id}: check the key`);
    if (out.some((k) => dataKeyId(k) === id)) throw new Error(`The data key ${id} is listed twice`);
    out.push(key);
  }
  return out;
}

/**
 * Seals and opens personal-data fields and makes their blind indexes, with a key ring: the
 * first key is current (it seals, and its index is written); the others are still loaded so
 * that what they sealed opens and what they indexed is found, while a rotation
 * (platform/key-rotation.ts) re-seals everything under the current key.
 */
export class DataProtector {
  private readonly keys: readonly LoadedKey[];
  private readonly byId: ReadonlyMap<string, LoadedKey>;
  /** The current key's id (written into every new ciphertext). */
  readonly keyId: string;
  /** Every loaded key's id, the current first. */
  readonly keyIds: readonly string[];
  private readonly cipher: FieldCipher;
  /** What every ciphertext sealed now starts with: `<cipher>.<current key id>.` */
  readonly currentPrefix: string;

  /** `keys`: one base64 key, a key ring as configured (`parseDataKeys`), or a list of keys, the first current. */
  constructor(keys: string | readonly string[], cipher: FieldCipher = aes256gcm) {
    const list = typeof keys === 'string' ? parseDataKeys(keys) : keys;
    if (list.length === 0) throw new Error('No data key given');
    this.keys = list.map((k) => {
      const master = Buffer.from(k, 'base64');
      if (master.length !== 32) throw new Error('The data key must be 32 bytes, base64-encoded');
      return {
        id: dataKeyId(k),
        encKey: Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), 'yiwang field encryption v1', 32)),
        indexKey: Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), 'yiwang blind index v1', 32)),
      };
    });
    this.byId = new Map(this.keys.map((k) => [k.id, k]));
    this.keyId = this.keys[0]!.id;
    this.keyIds = this.keys.map((k) => k.id);
    this.cipher = cipher;
    this.currentPrefix = `${cipher.id}.${this.keyId}.`;
  }

  /** Encrypt one field. `context` (e.g. 'identity.accounts.phone') is bound as associated data, so a value cannot be moved to another column. */
  seal(plain: string, context: string): string {
    const sealed = this.cipher.encrypt(Buffer.from(plain, 'utf8'), this.keys[0]!.encKey, Buffer.from(context));
    return `${this.currentPrefix}${sealed.toString('base64url')}`;
  }

  open(sealed: string, context: string): string {
    const [cipherId, keyId, body] = sealed.split('.');
    const key = keyId === undefined ? undefined : this.byId.get(keyId);
    if (cipherId !== this.cipher.id || !key || body === undefined) {
      throw new Error(`Cannot open a value sealed with ${cipherId}/${keyId}`);
    }
    return this.cipher.decrypt(Buffer.from(body, 'base64url'), key.encKey, Buffer.from(context)).toString('utf8');
  }

  /** The id of the key a value was sealed with. */
  keyIdOf(sealed: string): string | undefined {
    return sealed.split('.', 2)[1];
  }

  /** Deterministic keyed hash (current key) for equality look-ups and unique constraints on encrypted fields. */
  blindIndex(value: string, context: string): string {
    return this.indexWith(this.keys[0]!, value, context);
  }

  /**
   * The value's blind index under every loaded key, the current first: look-ups match any of
   * them, so rows not yet re-indexed by a rotation are still found. One element when one key is loaded.
   */
  blindIndexes(value: string, context: string): string[] {
    return this.keys.map((k) => this.indexWith(k, value, context));
  }

  private indexWith(key: LoadedKey, value: string, context: string): string {
    return createHmac('sha256', keyObjectOf(key.indexKey))
      .update(context)
      .update('\0')
      .update(value)
      .digest('base64url');
  }
}

export const newDataKey = (): string => randomBytes(32).toString('base64');

export const sha256Hex = (data: string | Buffer): string => createHash('sha256').update(data).digest('hex');
