/**
 * Claiming the account a window made (一窗受理): a walk-in's account is made at the window,
 * checked in person, without phone or password (identity.counter.ts). When that person later
 * registers in the app with the same ID number, registration is not refused for it; and when
 * the registration is verified as every registration is (the code-proven phone, the name and
 * the ID number matched by an authoritative registry: identity.assurance.ts), and the name is
 * the one the window recorded, the registration's phone and password move onto the window's
 * account, its sessions with them, and the registration's own account is frozen: the person
 * signs in to the account their window-filed cases belong to. Knowing a name and an ID number
 * is not enough: without the registry's match nothing moves. One transaction, audited.
 */
import type { Work } from '../../platform/context.ts';
import type { IdentityEvents } from './identity.events.ts';
import * as repo from './identity.repository.ts';
import type { AccountRow } from './identity.tables.ts';

/** An account made at a window and not claimed yet: checked in person, no way to sign in. */
export const unclaimedAtCounter = (a: AccountRow): boolean =>
  a.kind === 'citizen' &&
  a.status === 'active' &&
  a.assurance_level === 'in_person' &&
  a.password_hash === null &&
  a.phone_index === null &&
  a.username === null;

export type Claimed = { claimed: true; owner: AccountRow; touched: string[] } | { claimed: false; refused: boolean };

/**
 * `registration` (just verified by `source`) claims the unclaimed window account holding its ID
 * number, when there is one. Refused (audited, nothing moves) when the window recorded another name.
 */
export async function claimWindowAccount(
  w: Work<IdentityEvents>,
  tx: repo.IdDb,
  registration: AccountRow,
  idIndexes: string[],
  source: string,
): Promise<Claimed> {
  const holder = (await repo.accountsByIdNumber(tx, idIndexes)).find(
    (o) => o.id !== registration.id && unclaimedAtCounter(o),
  );
  if (!holder) return { claimed: false, refused: false };
  if (holder.display_name !== registration.display_name) {
    await w.audit({
      action: 'identity.account.claim-refused',
      resourceType: 'account',
      resourceId: holder.id,
      regionCode: holder.region_code,
      detail: { reason: 'name-differs', registration: registration.id, source },
    });
    return { claimed: false, refused: true };
  }
  // The phone's index is unique: off the registration first, then onto the window's account.
  await repo.updateAccount(tx, registration.id, {
    phone_enc: null,
    phone_index: null,
    password_hash: null,
    status: 'frozen',
    updated_at: w.now,
  });
  await repo.updateAccount(tx, holder.id, {
    phone_enc: registration.phone_enc,
    phone_index: registration.phone_index,
    password_hash: registration.password_hash,
    password_changed_at: registration.password_changed_at ?? w.now,
    updated_at: w.now,
  });
  const sessions = await repo.moveSessions(tx, registration.id, holder.id);
  await w.audit({
    action: 'identity.account.claimed',
    resourceType: 'account',
    resourceId: holder.id,
    regionCode: holder.region_code,
    change: { registration: registration.id, source },
    detail: { registration: registration.id, source, sessionsMoved: sessions },
  });
  return { claimed: true, owner: holder, touched: [registration.id, holder.id] };
}
