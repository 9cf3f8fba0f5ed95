/** Sign-in, the signed-in person, their sessions and enterprises (server module identity). */
import { mutationOptions, queryOptions } from '@tanstack/react-query';
import { call, client } from '../client';
import type { AccountsQuery, PasswordReset, PhoneCodePurpose, RegisterInput } from '../contract';

export const identityKeys = {
  me: ['me'] as const,
  sessions: ['me', 'sessions'] as const,
  enterprises: ['me', 'enterprises'] as const,
  accounts: (q: AccountsQuery) => ['admin', 'accounts', q] as const,
};

export const login = (login: string, password: string) =>
  call(() => client.POST('/api/auth/login', { body: { login, password } }));

export const totp = (challenge: string, code: string) =>
  call(() => client.POST('/api/auth/totp', { body: { challenge, code } }));

/** After a reset by the security admin: the new password (answering the challenge of the TOTP step), then the session opens. */
export const newPassword = (challenge: string, password: string) =>
  call(() => client.POST('/api/auth/new-password', { body: { challenge, newPassword: password } }));

/** A one-time code to a phone: the same answer whether or not the phone has an account. */
export const sendPhoneCode = (phone: string, purpose: PhoneCodePurpose) =>
  call(() => client.POST('/api/auth/phone-codes', { body: { phone, purpose } }));

/** 忘记密码: a new password with the code sent to the phone; every session of the account ends. */
export const resetPassword = (input: PasswordReset) =>
  call(() => client.POST('/api/auth/password-reset', { body: input }));

export const register = (input: RegisterInput) => call(() => client.POST('/api/auth/register', { body: input }));

export const logout = () => call(() => client.POST('/api/auth/logout'));

export const getMe = () => call(() => client.GET('/api/me'));

/** Who is signed in, or `me: null`: answers 200 either way, so a signed-out page logs no 401. */
export const getSession = () => call(() => client.GET('/api/session'));

/** What the account holds about the applicant (or the enterprise acted for), for prefilling forms. */
export const getPrefill = (signal?: AbortSignal) => call(() => client.GET('/api/me/prefill', { signal }));

export const changePassword = (currentPassword: string, newPassword: string) =>
  call(() => client.POST('/api/me/password', { body: { currentPassword, newPassword } }));

/** Acts for an enterprise (or, with null, as oneself): the person as they now are. */
export const actAs = (enterpriseId: string | null) =>
  call(() => client.POST('/api/me/acting-as', { body: { enterpriseId } }));

export const sessionsQuery = () =>
  queryOptions({
    queryKey: identityKeys.sessions,
    queryFn: ({ signal }) => call(() => client.GET('/api/me/sessions', { signal })).then((r) => r.items),
  });

export const enterprisesQuery = () =>
  queryOptions({
    queryKey: identityKeys.enterprises,
    queryFn: ({ signal }) => call(() => client.GET('/api/me/enterprises', { signal })).then((r) => r.items),
  });

export const endSession = mutationOptions({
  mutationFn: (id: string) => call(() => client.DELETE('/api/me/sessions/{id}', { params: { path: { id } } })),
  onSettled: (_data, _error, _id, _result, { client: queries }) =>
    void queries.invalidateQueries({ queryKey: identityKeys.sessions }),
});

/** Accounts, as the system and security admins list them. */
export const accountsQuery = (q: AccountsQuery) =>
  queryOptions({
    queryKey: identityKeys.accounts(q),
    queryFn: ({ signal }) => call(() => client.GET('/api/admin/accounts', { params: { query: q }, signal })),
  });

/**
 * Security admin: resets a staff member's password and second factor; the answer holds the
 * temporary password, shown once. The accounts listed afresh afterwards.
 */
export const recoverStaff = mutationOptions({
  mutationFn: (id: string) =>
    call(() => client.POST('/api/admin/accounts/{id}/recovery', { params: { path: { id } } })),
  onSettled: (_data, _error, _id, _result, { client: queries }) =>
    void queries.invalidateQueries({ queryKey: ['admin', 'accounts'] }),
});
