/** What every use case of the identity module works with, and the rules they share about accounts. */
import { hash } from 'node:crypto';
import type { IdentitySettings } from '../../config.ts';
import type { AssuranceLevel } from '../../platform/auth.ts';
import type { Platform } from '../../platform/context.ts';
import type { DataProtector } from '../../platform/crypto.ts';
import { scoped } from '../../platform/db.ts';
import type { ErrorDetail } from '../../platform/errors.ts';
import { MOBILE_PATTERN } from '../../platform/id-numbers.ts';
import { PII } from '../../platform/pii.ts';
import type { IdentityEvents } from './identity.events.ts';
import { AccountCache } from './account-cache.ts';
import * as repo from './identity.repository.ts';
import type { AccountRow, IdentityTables } from './identity.tables.ts';

export interface Context {
  readonly p: Platform<IdentityEvents>;
  readonly s: IdentitySettings;
  /** This module's tables, outside a transaction. */
  readonly db: repo.IdDb;
  /** Accounts as other modules ask about them, kept for the session cache's time. */
  readonly accounts: AccountCache;
}

export const contextOf = (platform: Platform<IdentityEvents>, settings: IdentitySettings): Context => ({
  p: platform,
  s: settings,
  db: scoped<IdentityTables>(platform.db),
  accounts: new AccountCache(settings.sessionCacheMs),
});

/** Where a request came from (the session records the user agent). */
export interface RequestMeta {
  ip: string | null;
  userAgent: string | null;
  requestId: string;
}

/** The field contexts personal data is sealed and blind-indexed under. */
export const FIELD = {
  idNumber: PII.citizenId,
  phone: PII.phone,
  totp: PII.totpSecret,
  login: 'identity.login',
  enterpriseAddress: PII.address,
} as const;

/** One-shot (no Hash object per call): the session token is hashed on every authenticated request. */
export const sha256 = (s: string): string => hash('sha256', s, 'base64url');

const PHONE = new RegExp(MOBILE_PATTERN);
export const isPhone = (s: string): boolean => PHONE.test(s);
export const phoneProblem = (path: string, phone: string): ErrorDetail | null =>
  isPhone(phone)
    ? null
    : { path, code: 'PHONE_FORMAT', message: 'A mobile number has 11 digits and starts with 13-19' };

export interface NewAccount {
  id: string;
  kind: 'citizen' | 'staff';
  displayName: string;
  username?: string | null;
  idNumber?: string | null;
  phone?: string | null;
  passwordHash: string | null;
  regionCode: string;
  assurance?: AssuranceLevel;
  totpSecret?: string | null;
  now: Date;
}

/** An account's row: ID number, phone and second-factor secret sealed, with blind indexes to find them by. */
export function accountRow(pr: DataProtector, a: NewAccount): AccountRow {
  return {
    id: a.id,
    kind: a.kind,
    username: a.username ?? null,
    display_name: a.displayName,
    id_number_enc: a.idNumber ? pr.seal(a.idNumber, FIELD.idNumber) : null,
    id_number_index: a.idNumber ? pr.blindIndex(a.idNumber, FIELD.idNumber) : null,
    phone_enc: a.phone ? pr.seal(a.phone, FIELD.phone) : null,
    phone_index: a.phone ? pr.blindIndex(a.phone, FIELD.phone) : null,
    password_hash: a.passwordHash,
    password_changed_at: a.passwordHash ? a.now : null,
    status: 'active',
    assurance_level: a.assurance ?? 'registered',
    totp_secret_enc: a.totpSecret ? pr.seal(a.totpSecret, FIELD.totp) : null,
    totp_enabled: Boolean(a.totpSecret),
    totp_last_step: null,
    password_must_change: false,
    region_code: a.regionCode,
    created_at: a.now,
    updated_at: a.now,
  };
}

/** The account's ID number's blind index under every loaded data key (during a key rotation, rows may hold either). */
export function idNumberIndexesOf(pr: DataProtector, a: AccountRow): string[] {
  if (!a.id_number_enc) return a.id_number_index ? [a.id_number_index] : [];
  return pr.blindIndexes(pr.open(a.id_number_enc, FIELD.idNumber), FIELD.idNumber);
}

/**
 * Link a person to the enterprises the registry lists them as legal representative of, under
 * the same name. Only an active account whose real name is verified (by ID or in person) is
 * linked: a registration alone never links, whatever ID number it typed. Returns the enterprises.
 */
export async function linkLegalRep(
  tx: repo.IdDb,
  account: Pick<AccountRow, 'id' | 'display_name' | 'assurance_level' | 'status'>,
  idIndex: repo.BlindIndexes,
  now: Date,
): Promise<string[]> {
  if (account.assurance_level === 'registered' || account.status !== 'active') return [];
  const rows = await repo.enterprisesByLegalRep(tx, idIndex, account.display_name);
  for (const e of rows) {
    await repo.upsertAgent(tx, {
      enterprise_id: e.id,
      account_id: account.id,
      relation: 'legal_rep',
      granted_by: null,
      granted_at: now,
      valid_until: null,
      revoked_at: null,
    });
  }
  return rows.map((e) => e.id);
}
