/** The events the identity module emits (DESIGN.md §3.9), published in its `index.ts`. */
import { Type } from 'typebox';
import { ASSURANCE_LEVELS, SEPARATED_ROLES } from '../../platform/auth.ts';
import { UUID_PATTERN } from '../../platform/ids.ts';
import { defineEvents } from '../../platform/outbox.ts';

const AccountId = Type.String({ pattern: UUID_PATTERN });
const NewAccount = (kind: 'citizen' | 'staff') =>
  Type.Object({ accountId: AccountId, kind: Type.Literal(kind), regionCode: Type.String() });
const AccountOnly = Type.Object({ accountId: AccountId });
const AccountRole = Type.Object({ accountId: AccountId, role: Type.Enum(SEPARATED_ROLES) });
const Agent = Type.Object({ enterpriseId: Type.String({ pattern: UUID_PATTERN }), accountId: AccountId });

export const identityEvents = defineEvents({
  /** A citizen registered (org checks them against the community roster). */
  'identity.account.registered': NewAccount('citizen'),
  /** The system admin created a staff account. */
  'identity.account.created': NewAccount('staff'),
  'identity.account.disabled': AccountOnly,
  'identity.account.enabled': AccountOnly,
  /**
   * An account that typed someone else's ID number was frozen when the owner verified it
   * (notify tells the owner). `registeredAt`: when the frozen account was made.
   */
  'identity.account.frozen': Type.Object({
    accountId: AccountId,
    ownerAccountId: AccountId,
    registeredAt: Type.String({ minLength: 1 }),
    regionCode: Type.String(),
  }),
  /** A citizen set a new password with a code sent to their phone (notify tells them). */
  'identity.password.recovered': Type.Object({ accountId: AccountId, regionCode: Type.String() }),
  /** A citizen's real-name assurance went up (a registry match, or a check at the window). */
  'identity.assurance.raised': Type.Object({ accountId: AccountId, level: Type.Enum(ASSURANCE_LEVELS) }),
  'identity.role.granted': AccountRole,
  'identity.role.revoked': AccountRole,
  'identity.agent.authorised': Agent,
  'identity.agent.revoked': Agent,
});
export type IdentityEvents = typeof identityEvents;
