/**
 * What a signed-in person's account already holds about them, for application forms (填报
 * 预填): their name, ID number (with the birth date and sex it carries) and phone and, when
 * acting for an enterprise, its name, USCC, address and legal representative. Their own data
 * needs no consent. Keys are the form fields' `prefill` sources (catalog's FormField.prefill).
 *
 * Some of these are the applicant's identity, not something they declare: a form field
 * prefilled from one of FIXED_PREFILLS must equal the account's value (the applications module
 * checks it; the app shows it read-only).
 */
import type { Principal } from '../../platform/auth.ts';
import { validateCitizenId } from '../../platform/id-numbers.ts';
import { FIELD, type Context } from './identity.context.ts';
import { policy } from './identity.policy.ts';
import * as repo from './identity.repository.ts';
import type { PrefillSource } from './identity.schemas.ts';

/** Prefill sources that are the applicant's identity: the form cannot say otherwise. */
export const FIXED_PREFILLS = [
  'person.name',
  'person.idNumber',
  'enterprise.name',
  'enterprise.uscc',
] as const satisfies readonly PrefillSource[];

export interface OwnDataView {
  /** prefill source → value, for what the account holds. */
  values: Record<string, string>;
  /** The sources among `values` that are the applicant's identity (read-only in forms). */
  fixed: PrefillSource[];
}

export class OwnData {
  private readonly c: Context;

  constructor(context: Context) {
    this.c = context;
  }

  /** The signed-in person's own data, and their enterprise's when they act for one. */
  async prefill(p: Principal | null): Promise<OwnDataView> {
    const principal = policy.self(p);
    const values = await this.valuesOf(principal);
    return { values, fixed: FIXED_PREFILLS.filter((k) => k in values) };
  }

  /** For other modules (a filing checked against its applicant): the principal's own data, as `prefill` answers it. */
  async valuesOf(principal: Principal): Promise<Record<string, string>> {
    const pr = this.c.p.protector;
    const values: Partial<Record<PrefillSource, string>> = {};
    const account = await this.c.accounts.get(principal.accountId, (id) => repo.findAccountById(this.c.db, id));
    if (account) {
      values['person.name'] = account.display_name;
      if (account.id_number_enc) {
        const idNumber = pr.open(account.id_number_enc, FIELD.idNumber);
        values['person.idNumber'] = idNumber;
        const checked = validateCitizenId(idNumber, '2999-12-31');
        if (checked.ok) {
          values['person.birthDate'] = checked.birthDate;
          values['person.gender'] = checked.gender === 'M' ? 'male' : 'female';
        }
      }
      if (account.phone_enc) values['person.phone'] = pr.open(account.phone_enc, FIELD.phone);
    }
    if (principal.actingAs) {
      values['enterprise.name'] = principal.actingAs.name;
      values['enterprise.uscc'] = principal.actingAs.uscc;
      const e = await repo.findEnterprise(this.c.db, principal.actingAs.enterpriseId);
      if (e?.address_enc) values['enterprise.address'] = pr.open(e.address_enc, FIELD.enterpriseAddress);
      if (e) values['enterprise.legalRepName'] = e.legal_rep_name;
    }
    return values;
  }
}
