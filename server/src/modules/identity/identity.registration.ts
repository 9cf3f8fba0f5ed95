/**
 * Citizens' accounts: registration with an ID number and a phone number (sealed, with blind
 * indexes), at real-name level `registered`. A registration links the person to no
 * enterprise: that waits for real-name verification (identity.assurance.ts). An ID number
 * held only by unverified accounts may be registered again (its owner must never be locked
 * out by someone who typed it first); one verified account holds it alone. Also the bulk load
 * of prepared accounts (a city's seed).
 */
import { systemActor } from '../../platform/audit.ts';
import type { Role } from '../../platform/auth.ts';
import { command } from '../../platform/context.ts';
import { scoped } from '../../platform/db.ts';
import { conflict, validationFailed, type ErrorDetail } from '../../platform/errors.ts';
import { validateCitizenId } from '../../platform/id-numbers.ts';
import { uuidv7 } from '../../platform/ids.ts';
import {
  accountRow,
  FIELD,
  idNumberIndexesOf,
  linkLegalRep,
  phoneProblem,
  type Context,
  type NewAccount,
  type RequestMeta,
} from './identity.context.ts';
import type { Codes } from './identity.codes.ts';
import { unclaimedAtCounter } from './identity.claim.ts';
import { codeInvalid } from './identity.recovery.ts';
import * as repo from './identity.repository.ts';
import * as throttle from './identity.throttle.ts';
import { WithSessions, type Sessions, type SignedIn } from './identity.sessions.ts';
import type { IdentityTables } from './identity.tables.ts';
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

/** Passwords hashed at once while seeding. */
const HASH_BATCH = 16;

export class Registration extends WithSessions {
  private readonly codes: Codes;

  constructor(context: Context, sessions: Sessions, codes: Codes) {
    super(context, sessions);
    this.codes = codes;
  }

  /** Register with the code sent to the phone (identity.codes.ts): the phone is the person's. */
  async register(
    input: { name: string; idNumber: string; phone: string; phoneCode: string; password: string },
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
    // A per-address limit: registrations (and what ACCOUNT_EXISTS would tell) cannot be tried in bulk.
    await throttle.spend(
      this.c.db,
      [
        {
          key: `register:ip:${meta.ip ?? 'unknown'}`,
          max: this.c.s.registrationsPerAddressPerHour,
          windowMinutes: 60,
          lockMinutes: 60,
        },
      ],
      this.c.p.clock.now(),
      '/',
    );
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
      // The phone first: the code is used (or its wrong try counted) whatever follows.
      if (!(await this.codes.use(tx, 'register', phoneIndexes, input.phoneCode, w.now)).ok)
        return 'CODE_INVALID' as const;
      if (await repo.findAccountByLogin(tx, { phoneIndex: phoneIndexes })) return null;
      // Unverified holders of the ID number do not stop its owner; a verified one does, except an
      // account a window made for the person, which their verified registration claims (identity.claim.ts).
      const holders = (await repo.accountsByIdNumber(tx, idIndexes)).filter((h) => h.status !== 'frozen');
      if (holders.some((h) => h.assurance_level !== 'registered' && !unclaimedAtCounter(h))) return null;
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
      await w.audit({
        action: 'identity.account.registered',
        resourceType: 'account',
        resourceId: accountId,
        regionCode: account.region_code,
        change: { name, idIndex, phoneIndex },
        // Other unverified accounts typed the same ID number: the first to verify keeps it.
        ...(holders.length > 0 ? { detail: { idNumberSharedWith: holders.length } } : {}),
      });
      await w.emit(
        'identity.account.registered',
        { accountId, kind: 'citizen', regionCode: account.region_code },
        account.region_code,
      );
      return this.sessions.open(tx, account, meta, w.now);
    });
    if (session === 'CODE_INVALID') throw codeInvalid('/phoneCode');
    if (!session)
      throw conflict(
        'ACCOUNT_EXISTS',
        'An account with this ID number or phone number exists; sign in or reset the password',
      );
    return this.sessions.signedIn(session);
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
      for (const row of rows) if (row.id_number_index) await linkLegalRep(tx, row, idNumberIndexesOf(pr, row), w.now);
      await w.audit({
        action: 'identity.seed.loaded',
        resourceType: 'seed',
        detail: { accounts: rows.length, enterprises: enterprises.length },
      });
    });
    log(`identity: ${input.accounts.length} accounts, ${input.enterprises.length} enterprises`);
  }
}
