/**
 * Whom a certificate is about, and who holds it.
 *
 * Most certificates are about their applicant: the person (named masked, with a salted digest
 * of the ID number), or the enterprise the case was filed for. A 出生医学证明 (medical birth
 * certificate) is about the newborn: its subject is the child as the case's form gives it
 * (name, sex, date and place of birth) with the parents; the parents are its holders (持证人),
 * each found by their ID number, so it is in their card wallets (卡包) whoever of them (or
 * which guardian) applied, and the `documents` registry files it under each of them, where a
 * later application (出生登记, 医保参保, …) finds it as shared evidence.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Principal } from '../../platform/auth.ts';
import { maskIdNumber, maskName } from '../../platform/masking.ts';
import { PII } from '../../platform/pii.ts';
import type { CaseChangedPayload } from '../applications/index.ts';
import type { Subject } from '../exchange/index.ts';
import type { Context } from './credentials.context.ts';
import * as repo from './credentials.repository.ts';
import type { HolderRole } from './credentials.tables.ts';

/** The SHA-256 of a salted value, base64url: a verifier who is shown the ID card (or the paper) can match it. */
export const saltedDigest = (salt: string, value: string) =>
  createHash('sha256').update(`${salt}:${value}`).digest('base64url');

export interface Holder {
  /** The applicant (or the enterprise): holder_enc, whose data tracker logs share visits. */
  subject: Subject;
  kind: 'person' | 'enterprise';
  /** The name the registry record carries (持证主体): the certificate's subject, in full. */
  name: string;
  /** The certificate's subject as lists show it (masked). */
  masked: string;
  /** credentialSubject, without the `certificate` part. */
  claims: Record<string, unknown>;
  /** The subjects the `documents` registry files it under. */
  registeredUnder: Subject[];
  /** Holders besides the applicant (the parents), by ID number. */
  coHolders: { role: HolderRole; idNumber: string }[];
  /**
   * The record the issuing department's own registry keeps (the authentic source, beside the
   * `documents` copy), in clear: a 出生医学证明's in 出生医学证明信息库. Absent for other types.
   */
  authentic?: { registry: 'birth-certificates'; recordType: 'birth'; values: Record<string, string | null> };
}

/** A person named in a credential: masked name, masked ID number and its salted digest. */
export function personClaims(name: string, idNumber: string | null): Record<string, string> {
  const out: Record<string, string> = { type: 'Person', name: maskName(name) };
  if (!idNumber) return out;
  const salt = randomBytes(12).toString('base64url');
  return {
    ...out,
    idNumberMasked: maskIdNumber(idNumber),
    idNumberSalt: salt,
    idNumberDigest: saltedDigest(salt, idNumber),
  };
}

const text = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v.trim() : null);

/** The applicant as holder and subject (a person), or the enterprise the case was filed for. */
export async function applicantHolder(c: Context, ev: CaseChangedPayload): Promise<Holder | null> {
  const id = c.deps.identity;
  const principal = await id.principalOf({ accountId: ev.applicantAccountId }, ev.enterpriseId ?? null);
  if (!principal) return null;
  const v = await id.valuesOf(principal);
  if (ev.enterpriseId) {
    const uscc = v['enterprise.uscc'];
    const name = v['enterprise.name'];
    if (!uscc || !name) return null;
    const subject = { uscc };
    const claims = { type: 'Enterprise', name, uscc };
    return { subject, kind: 'enterprise', name, masked: name, claims, registeredUnder: [subject], coHolders: [] };
  }
  const idNumber = v['person.idNumber'];
  const name = v['person.name'];
  if (!idNumber || !name) return null;
  const subject = { idNumber };
  return {
    subject,
    kind: 'person',
    name,
    masked: maskName(name),
    claims: personClaims(name, idNumber),
    registeredUnder: [subject],
    coHolders: [],
  };
}

/**
 * A 出生医学证明's subject, the newborn, from the case's form (child_name, child_gender,
 * child_birth_date, birth_place; mother_* and father_*); the parents as holders. Null when the
 * form does not name the child (then nothing is issued: never a certificate about the wrong person).
 */
export async function newbornHolder(c: Context, ev: CaseChangedPayload): Promise<Holder | null> {
  const form = await c.deps.caseForm(ev.caseId);
  const applicant = await applicantHolder(c, { ...ev, enterpriseId: undefined });
  const child = text(form?.child_name);
  const birthDate = text(form?.child_birth_date);
  if (!form || !applicant || !child || !birthDate) return null;
  const parents: { role: HolderRole; name: string | null; idNumber: string | null }[] = (
    ['mother', 'father'] as const
  ).map((role) => ({
    role,
    name: text(form[`${role}_name`]),
    idNumber: text(form[`${role}_id_number`])?.toUpperCase() ?? null,
  }));
  const named = parents.filter((p) => p.name || p.idNumber);
  const coHolders = parents.flatMap((p) => (p.idNumber ? [{ role: p.role, idNumber: p.idNumber }] : []));
  const salt = randomBytes(12).toString('base64url');
  const sex = text(form.child_gender);
  const place = text(form.birth_place);
  return {
    subject: applicant.subject,
    kind: 'person',
    name: child,
    masked: maskName(child),
    claims: {
      type: 'Person',
      name: maskName(child),
      nameSalt: salt,
      nameDigest: saltedDigest(salt, child),
      ...(sex ? { gender: sex } : {}),
      birthDate,
      ...(place ? { birthPlace: place } : {}),
      parent: named.map((p) => ({ role: p.role, ...personClaims(p.name ?? '', p.idNumber) })),
    },
    registeredUnder: coHolders.length > 0 ? coHolders.map((p) => ({ idNumber: p.idNumber })) : [applicant.subject],
    coHolders,
    authentic: {
      registry: 'birth-certificates',
      recordType: 'birth',
      values: {
        childName: child,
        childGender: sex ?? null,
        birthDate,
        birthPlace: place ?? null,
        motherName: parents[0]!.name,
        motherIdNumber: parents[0]!.idNumber,
        fatherName: parents[1]!.name,
        fatherIdNumber: parents[1]!.idNumber,
      },
    },
  };
}

/** The blind indexes of a signed-in person's ID number (every data key's), for finding what they co-hold. */
export async function personIndexes(c: Context, p: Principal): Promise<string[]> {
  if (p.kind !== 'citizen' || p.actingAs) return [];
  const idNumber = (await c.deps.identity.valuesOf(p))['person.idNumber'];
  return idNumber ? c.p.protector.blindIndexes(idNumber, PII.citizenId) : [];
}

/** A certificate as the caller may hold it: the row, and whether the caller is one of its other holders. */
export async function certificateFor(c: Context, p: Principal, id: string) {
  const row = await repo.certificateById(c.db, id);
  if (!row) return undefined;
  const own = p.kind === 'citizen' && !p.actingAs && !row.enterprise_id && p.accountId === row.holder_account_id;
  const coHeld = !own && !row.enterprise_id && (await repo.isCoHolder(c.db, id, await personIndexes(c, p)));
  return { ...row, co_held: coHeld };
}
