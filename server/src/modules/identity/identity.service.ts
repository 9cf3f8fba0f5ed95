/**
 * The identity module's service: its use cases, one file each, behind the one interface its
 * routes and the other modules call. Each use case starts with its policy check and changes
 * state through `command()`.
 */
import type { IdentitySettings } from '../../config.ts';
import type { Platform } from '../../platform/context.ts';
import { expose } from '../../platform/module.ts';
import { Assurance } from './identity.assurance.ts';
import { Codes } from './identity.codes.ts';
import { Counter } from './identity.counter.ts';
import { contextOf } from './identity.context.ts';
import { Enterprises } from './identity.enterprises.ts';
import { OwnData } from './identity.own-data.ts';
import type { IdentityEvents } from './identity.events.ts';
import { Recovery } from './identity.recovery.ts';
import { Registration } from './identity.registration.ts';
import { Sessions } from './identity.sessions.ts';
import { SignIn } from './identity.sign-in.ts';
import { StaffAccounts } from './identity.staff.ts';
import { RateLimits } from './identity.throttle.ts';

export { FIELD, type RequestMeta } from './identity.context.ts';
export type { Me, PostSource, SessionView } from './identity.sessions.ts';
export type { LoginResult } from './identity.sign-in.ts';
export { FIXED_PREFILLS, type OwnDataView } from './identity.own-data.ts';
export type { SeedAccount, SeedEnterprise } from './identity.registration.ts';
export type { Messenger } from './identity.codes.ts';
export type { Limit } from './identity.throttle.ts';

export function identityService(platform: Platform<IdentityEvents>, settings: IdentitySettings) {
  const context = contextOf(platform, settings);
  const sessions = new Sessions(context);
  const codes = new Codes(context);
  return {
    ...expose(
      sessions,
      'setPostSource',
      'authenticateCached',
      'authenticate',
      'principalOf',
      'me',
      'sessionState',
      'listSessions',
      'endSession',
      'myDataAccess',
      'invalidate',
      'housekeeping',
    ),
    ...expose(new OwnData(context), 'prefill', 'valuesOf'),
    ...expose(new RateLimits(context.db, () => platform.clock.now()), 'rateLimit'),
    ...expose(new Counter(context), 'personAtCounter'),
    ...expose(new SignIn(context, sessions), 'login', 'verifySecondFactor', 'logout', 'changePassword'),
    ...expose(codes, 'requestCode', 'setMessenger', 'deliver'),
    ...expose(new Recovery(context, sessions, codes), 'resetPassword', 'recoverStaff', 'completeNewPassword'),
    ...expose(new Registration(context, sessions, codes), 'register', 'seedAccounts'),
    ...expose(
      new Assurance(context, sessions),
      'identityFacts',
      'verifiedAccountsOf',
      'markIdVerified',
      'verifyInPerson',
    ),
    ...expose(
      new Enterprises(context, sessions),
      'myEnterprises',
      'actAs',
      'listAgents',
      'grantAgent',
      'revokeAgentOf',
      'enterprisesOfAccount',
    ),
    ...expose(
      new StaffAccounts(context, sessions),
      'createStaff',
      'listAccounts',
      'setStatus',
      'grantRole',
      'revokeRole',
      'resetTotp',
      'accountSummaries',
      'staffMatching',
      'accountExists',
    ),
  };
}

export type IdentityService = ReturnType<typeof identityService>;
