/** Sign-in, the signed-in person, their sessions and enterprises (server module identity). */
import { mutationOptions, queryOptions } from '@tanstack/react-query';
import { call, client } from '../client';
import type { RegisterInput } from '../contract';

export const identityKeys = {
  me: ['me'] as const,
  sessions: ['me', 'sessions'] as const,
  enterprises: ['me', 'enterprises'] as const,
};

export const login = (login: string, password: string) =>
  call(() => client.POST('/api/auth/login', { body: { login, password } }));

export const totp = (challenge: string, code: string) =>
  call(() => client.POST('/api/auth/totp', { body: { challenge, code } }));

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
