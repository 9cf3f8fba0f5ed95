/**
 * The applicant in front of a window clerk (一窗受理): the clerk checks the ID card in person
 * and records its number and name. The number's check character is verified; the person's
 * account is found by the number (and must bear that name), or made for them, checked in
 * person, so that a case filed at the window is theirs to follow in the app once they register.
 */
import { principalActor, type Principal } from '../../platform/auth.ts';
import { command } from '../../platform/context.ts';
import { scoped } from '../../platform/db.ts';
import { AppError, validationFailed } from '../../platform/errors.ts';
import { validateCitizenId } from '../../platform/id-numbers.ts';
import { uuidv7 } from '../../platform/ids.ts';
import { accountRow, FIELD, type Context, type RequestMeta } from './identity.context.ts';
import { policy } from './identity.policy.ts';
import * as repo from './identity.repository.ts';
import type { IdentityTables } from './identity.tables.ts';

export class Counter {
  private readonly c: Context;
  constructor(context: Context) {
    this.c = context;
  }

  /** The account of the person whose ID card the clerk checked; made (checked in person) when there is none. */
  async personAtCounter(
    p: Principal | null,
    input: { idNumber: string; name: string; regionCode: string },
    meta: RequestMeta,
  ): Promise<{ accountId: string; created: boolean }> {
    const principal = policy.verifyInPerson(p);
    const idNumber = input.idNumber.trim().toUpperCase();
    const name = input.name.trim();
    const check = validateCitizenId(idNumber, this.c.p.clock.now());
    if (!check.ok) throw validationFailed([{ path: '/applicant/idNumber', code: check.code, message: check.message }]);
    if (!/^[\p{L}·• ]{2,30}$/u.test(name))
      throw validationFailed([{ path: '/applicant/name', code: 'NAME_FORMAT', message: 'The name as on the ID card' }]);
    const pr = this.c.p.protector;
    return command(this.c.p, principalActor(principal, meta), async (w) => {
      const tx = scoped<IdentityTables>(w.tx);
      const holders = (await repo.accountsByIdNumber(tx, pr.blindIndexes(idNumber, FIELD.idNumber))).filter(
        (a) => a.kind === 'citizen' && a.status === 'active',
      );
      const holder = holders[0];
      if (holder) {
        if (holder.display_name !== name)
          throw new AppError(422, 'IDENTITY_MISMATCH', 'The name does not match the ID number’s holder');
        await w.audit({
          action: 'identity.person.checked-at-counter',
          resourceType: 'account',
          resourceId: holder.id,
          regionCode: holder.region_code,
        });
        return { accountId: holder.id, created: false };
      }
      const row = accountRow(pr, {
        id: uuidv7(w.now.getTime()),
        kind: 'citizen',
        displayName: name,
        idNumber,
        passwordHash: null,
        regionCode: input.regionCode,
        assurance: 'in_person',
        now: w.now,
      });
      await repo.insertAccount(tx, row);
      await repo.insertRole(tx, row.id, 'citizen', w.now, principal.accountId);
      await w.audit({
        action: 'identity.account.created-at-counter',
        resourceType: 'account',
        resourceId: row.id,
        regionCode: input.regionCode,
      });
      return { accountId: row.id, created: true };
    });
  }
}
