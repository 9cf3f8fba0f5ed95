/**
 * Citizens' accounts and their real-name assurance: registration with an ID number and a
 * phone number (sealed, with blind indexes), linked at once to the enterprises the registry
 * lists the person as legal representative of; assurance raised to id_verified when an
 * authoritative registry matches (a system action) and to in_person by a window clerk.
 * Also the bulk load of prepared accounts (a city's seed).
 */
import { systemActor } from '../../platform/audit.ts';
import { principalActor, type AssuranceLevel, type Principal, type Role } from '../../platform/auth.ts';
import { command, type Work } from '../../platform/context.ts';
import { scoped } from '../../platform/db.ts';
import { conflict, notFound, validationFailed, type ErrorDetail } from '../../platform/errors.ts';
import { validateCitizenId } from '../../platform/id-numbers.ts';
import { uuidv7 } from '../../platform/ids.ts';
import {
  accountRow,
  FIELD,
  idNumberIndexesOf,
  linkLegalRep,
  phoneProblem,
  type NewAccount,
  type RequestMeta,
} from './identity.context.ts';
import { policy } from './identity.policy.ts';
import * as repo from './identity.repository.ts';
import { WithSessions, type SignedIn } from './identity.sessions.ts';
import type { IdentityEvents } from './identity.events.ts';
import type { AccountRow, IdentityTables } from './identity.tables.ts';
import { hashPassword, passwordProblem } from './passwords.ts';

/** An account a seed loads: the person's data in clear (sealed here) and an initial password. */
export type SeedAccount = Omit<NewAccount, 'passwordHash' | 'now'> & { password: string; roles: readonly Role[] };

/** An enterprise of the registry a seed loads, with its legal representative. */
export interface SeedEnterprise {
  uscc: string;
  name: string;
  nameEn: string | null;
  regionCode: string;
  industry: string | null;
  registeredOn: string | null;
  address: string | null;
  legalRep: { name: string; idNumber: string };
}

/** Raise a citizen's real-name assurance to `level`: audited (from, to, and why) and told. */
async function raiseAssurance(
  w: Work<IdentityEvents>,
  tx: repo.IdDb,
  account: AccountRow,
  level: 'id_verified' | 'in_person',
  why: Record<string, unknown> = {},
): Promise<void> {
  await repo.updateAccount(tx, account.id, { assurance_level: level, updated_at: w.now });
  await w.audit({
    action: 'identity.assurance.raised',
    resourceType: 'account',
    resourceId: account.id,
    regionCode: account.region_code,
    change: { from: account.assurance_level, to: level, ...why },
    detail: { to: level, ...why },
  });
  await w.emit('identity.assurance.raised', { accountId: account.id, level }, account.region_code);
}

/** Passwords hashed at once while seeding. */
const HASH_BATCH = 16;

export class Registration extends WithSessions {
  async register(
    input: { name: string; idNumber: string; phone: string; password: string },
    meta: RequestMeta,
  ): Promise<SignedIn> {
    const details: ErrorDetail[] = [];
    const id = validateCitizenId(input.idNumber, this.c.p.clock.now());
    if (!id.ok) details.push({ path: '/idNumber', code: id.code, message: id.message });
    const phone = input.phone.trim();
    const badPhone = phoneProblem('/phone', phone);
    if (badPhone) details.push(badPhone);
    const name = input.name.trim();
    if (!/^[\p{L}·• ]{2,30}$/u.test(name))
      details.push({ path: '/name', code: 'NAME_FORMAT', message: 'Give the name as on the ID card (2-30 letters)' });
    const weak = passwordProblem(input.password, phone);
    if (weak) details.push({ path: '/password', code: 'PASSWORD_WEAK', message: weak });
    if (details.length > 0 || !id.ok) throw validationFailed(details);
    // Every loaded key's index: during a key rotation an existing row may hold either.
    const idIndexes = this.c.p.protector.blindIndexes(id.value, FIELD.idNumber);
    const phoneIndexes = this.c.p.protector.blindIndexes(phone, FIELD.phone);
    const idIndex = idIndexes[0]!;
    const phoneIndex = phoneIndexes[0]!;
    const passwordHash = await hashPassword(input.password);
    const accountId = uuidv7();
    const actor = { accountId, kind: 'citizen', requestId: meta.requestId, ip: meta.ip };
    const session = await command(this.c.p, actor, async (w) => {
      const tx = scoped<IdentityTables>(w.tx);
      if (
        (await repo.findAccountByLogin(tx, { idNumberIndex: idIndexes })) ||
        (await repo.findAccountByLogin(tx, { phoneIndex: phoneIndexes }))
      ) {
        return null;
      }
      const account = accountRow(this.c.p.protector, {
        id: accountId,
        kind: 'citizen',
        displayName: name,
        idNumber: id.value,
        phone,
        passwordHash,
        regionCode: id.divisionCode,
        now: w.now,
      });
      await repo.insertAccount(tx, account);
      await repo.insertRole(tx, accountId, 'citizen', w.now, accountId);
      const linked = await linkLegalRep(tx, accountId, idIndexes, w.now);
      await w.audit({
        action: 'identity.account.registered',
        resourceType: 'account',
        resourceId: accountId,
        regionCode: account.region_code,
        change: { name, idIndex, phoneIndex },
        detail: { linkedEnterprises: linked },
      });
      await w.emit(
        'identity.account.registered',
        { accountId, kind: 'citizen', regionCode: account.region_code },
        account.region_code,
      );
      return this.sessions.open(tx, account, meta, w.now);
    });
    if (!session)
      throw conflict(
        'ACCOUNT_EXISTS',
        'An account with this ID number or phone number exists; sign in or reset the password',
      );
    return this.sessions.signedIn(session);
  }

  /** What another module may check a registration against: the ID number's blind index, name and region. */
  async identityFacts(accountId: string): Promise<{
    idNumberIndex: string;
    idNumberIndexes: string[];
    name: string;
    regionCode: string;
    assuranceLevel: AssuranceLevel;
  } | null> {
    const a = await repo.findAccountById(this.c.db, accountId);
    if (!a || a.kind !== 'citizen' || !a.id_number_index) return null;
    return {
      idNumberIndex: a.id_number_index,
      idNumberIndexes: idNumberIndexesOf(this.c.p.protector, a),
      name: a.display_name,
      regionCode: a.region_code,
      assuranceLevel: a.assurance_level,
    };
  }

  /**
   * Raise a citizen's real-name assurance to id_verified because an authoritative registry
   * matched their ID number and name (a system action, audited). Never lowers a level.
   */
  async markIdVerified(accountId: string, source: string): Promise<boolean> {
    const raised = await command(this.c.p, systemActor(), async (w) => {
      const tx = scoped<IdentityTables>(w.tx);
      const a = await repo.findAccountById(tx, accountId);
      if (!a || a.kind !== 'citizen' || a.assurance_level !== 'registered') return false;
      await raiseAssurance(w, tx, a, 'id_verified', { source });
      return true;
    });
    if (raised) this.sessions.invalidate(accountId);
    return raised;
  }

  /** A window clerk records that the person's identity was checked in person (线下核验). */
  async verifyInPerson(p: Principal | null, accountId: string, meta: RequestMeta): Promise<void> {
    const principal = policy.verifyInPerson(p);
    const done = await command(this.c.p, principalActor(principal, meta), async (w) => {
      const tx = scoped<IdentityTables>(w.tx);
      const account = await repo.findAccountById(tx, accountId);
      if (!account || account.kind !== 'citizen') return false;
      await raiseAssurance(w, tx, account, 'in_person');
      return true;
    });
    if (!done) throw notFound('ACCOUNT_NOT_FOUND', 'No such citizen account');
    this.sessions.invalidate(accountId);
  }

  /**
   * Load a city's accounts (with their account-level roles) and its enterprise registry in one
   * transaction (a seed). Each password is hashed like any account's; legal representatives
   * are linked to their enterprises as at registration.
   */
  async seedAccounts(
    input: { accounts: readonly SeedAccount[]; enterprises: readonly SeedEnterprise[] },
    log: (msg: string) => void,
  ): Promise<void> {
    const hashes: string[] = [];
    for (let i = 0; i < input.accounts.length; i += HASH_BATCH) {
      const batch = input.accounts.slice(i, i + HASH_BATCH);
      hashes.push(...(await Promise.all(batch.map((a) => hashPassword(a.password)))));
    }
    const pr = this.c.p.protector;
    await command(this.c.p, systemActor(), async (w) => {
      const tx = scoped<IdentityTables>(w.tx);
      const rows = input.accounts.map((a, i) => accountRow(pr, { ...a, passwordHash: hashes[i]!, now: w.now }));
      for (const [i, row] of rows.entries()) {
        await repo.insertAccount(tx, row);
        for (const r of input.accounts[i]!.roles) await repo.insertRole(tx, row.id, r, w.now, null);
      }
      const enterprises = input.enterprises.map((e) => ({
        id: uuidv7(),
        uscc: e.uscc,
        name: e.name,
        name_en: e.nameEn,
        region_code: e.regionCode,
        industry: e.industry,
        registered_on: e.registeredOn,
        address_enc: e.address === null ? null : pr.seal(e.address, FIELD.enterpriseAddress),
        legal_rep_name: e.legalRep.name,
        legal_rep_id_index: pr.blindIndex(e.legalRep.idNumber, FIELD.idNumber),
        created_at: w.now,
      }));
      for (let i = 0; i < enterprises.length; i += 500) await repo.insertEnterprises(tx, enterprises.slice(i, i + 500));
      for (const row of rows)
        if (row.id_number_index) await linkLegalRep(tx, row.id, idNumberIndexesOf(pr, row), w.now);
      await w.audit({
        action: 'identity.seed.loaded',
        resourceType: 'seed',
        detail: { accounts: rows.length, enterprises: enterprises.length },
      });
    });
    log(`identity: ${input.accounts.length} accounts, ${input.enterprises.length} enterprises`);
  }
}
