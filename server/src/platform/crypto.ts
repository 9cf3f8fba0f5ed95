/**
 * Field-level protection of personal data (DESIGN.md §4): sensitive fields are encrypted
 * at rest with an authenticated cipher, and looked up through a keyed blind index so the
 * database never sees the plain value. The cipher is pluggable (an SM4-GCM implementation
 * can be registered under its own id); each ciphertext names the cipher and key it used,
 * so keys can be rotated without rewriting every row at once.
 */
import { createCipheriv, createDecipheriv, createHash, createHmac, hkdfSync, randomBytes } from 'node:crypto';

export interface FieldCipher {
  /** Short identifier written into every ciphertext, e.g. 'a256gcm'. */
  readonly id: string;
  encrypt(plain: Buffer, key: Buffer, aad: Buffer): Buffer;
  decrypt(sealed: Buffer, key: Buffer, aad: Buffer): Buffer;
}

export const aes256gcm: FieldCipher = {
  id: 'a256gcm',
  encrypt(plain, key, aad) {
    const iv = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', key, iv);
    c.setAAD(aad);
    const body = Buffer.concat([c.update(plain), c.final()]);
    return Buffer.concat([iv, body, c.getAuthTag()]);
  },
  decrypt(sealed, key, aad) {
    const iv = sealed.subarray(0, 12);
    const tag = sealed.subarray(sealed.length - 16);
    const d = createDecipheriv('aes-256-gcm', key, iv);
    d.setAAD(aad);
    d.setAuthTag(tag);
    return Buffer.concat([d.update(sealed.subarray(12, sealed.length - 16)), d.final()]);
  },
};

export class DataProtector {
  private readonly encKey: Buffer;
  private readonly indexKey: Buffer;
  readonly keyId: string;
  private readonly cipher: FieldCipher;

  constructor(masterKeyBase64: string, cipher: FieldCipher = aes256gcm) {
    const master = Buffer.from(masterKeyBase64, 'base64');
    if (master.length !== 32) throw new Error('The data key must be 32 bytes, base64-encoded');
    this.encKey = Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), 'yiwang field encryption v1', 32));
    this.indexKey = Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), 'yiwang blind index v1', 32));
    this.keyId = createHmac('sha256', master).update('key id').digest('hex').slice(0, 8);
    this.cipher = cipher;
  }

  /** Encrypt one field. `context` (e.g. 'identity.accounts.phone') is bound as associated data, so a value cannot be moved to another column. */
  seal(plain: string, context: string): string {
    const sealed = this.cipher.encrypt(Buffer.from(plain, 'utf8'), this.encKey, Buffer.from(context));
    return `${this.cipher.id}.${this.keyId}.${sealed.toString('base64url')}`;
  }

  open(sealed: string, context: string): string {
    const [cipherId, keyId, body] = sealed.split('.');
    if (cipherId !== this.cipher.id || keyId !== this.keyId || body === undefined) {
      throw new Error(`Cannot open a value sealed with ${cipherId}/${keyId}`);
    }
    return this.cipher.decrypt(Buffer.from(body, 'base64url'), this.encKey, Buffer.from(context)).toString('utf8');
  }

  /** Deterministic keyed hash for equality look-ups and unique constraints on encrypted fields. */
  blindIndex(value: string, context: string): string {
    return createHmac('sha256', this.indexKey).update(context).update('\0').update(value).digest('base64url');
  }
}

export const newDataKey = (): string => randomBytes(32).toString('base64');

export const sha256Hex = (data: string | Buffer): string => createHash('sha256').update(data).digest('hex');
