import { describe, expect, it } from 'vitest';
import { requireAssurance, requireRole, requirePrincipal, type Principal } from '../../src/platform/auth.ts';
import { AppError } from '../../src/platform/errors.ts';
import { assertSeparation } from '../../src/modules/identity/identity.staff.ts';

const principal = (over: Partial<Principal> = {}): Principal => ({
  accountId: '01a2146a-293b-701a-8992-9a5800e16a15',
  kind: 'citizen',
  displayName: '陈晓明',
  roles: new Set(['citizen']),
  posts: [],
  assuranceLevel: 'registered',
  actingAs: null,
  sessionId: 's',
  csrfToken: 'c',
  ...over,
});

const codeOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
    return undefined;
  } catch (err) {
    return err instanceof AppError ? `${err.status} ${err.code}` : 'other';
  }
};

describe('guards', () => {
  it('requirePrincipal refuses the anonymous with 401', () => {
    expect(codeOf(() => requirePrincipal(null))).toBe('401 UNAUTHENTICATED');
    expect(codeOf(() => requirePrincipal(principal()))).toBeUndefined();
  });

  it('requireRole needs one of the roles', () => {
    expect(codeOf(() => requireRole(principal(), 'clerk', 'reviewer'))).toBe('403 FORBIDDEN');
    expect(codeOf(() => requireRole(principal({ roles: new Set(['reviewer']) }), 'clerk', 'reviewer'))).toBeUndefined();
    expect(codeOf(() => requireRole(null, 'clerk'))).toBe('401 UNAUTHENTICATED');
  });

  it('requireAssurance orders registered < id_verified < in_person', () => {
    expect(codeOf(() => requireAssurance(principal(), 'id_verified'))).toBe('403 ASSURANCE_TOO_LOW');
    expect(codeOf(() => requireAssurance(principal({ assuranceLevel: 'id_verified' }), 'id_verified'))).toBeUndefined();
    expect(codeOf(() => requireAssurance(principal({ assuranceLevel: 'id_verified' }), 'in_person'))).toBe(
      '403 ASSURANCE_TOO_LOW',
    );
    expect(codeOf(() => requireAssurance(principal({ assuranceLevel: 'in_person' }), 'registered'))).toBeUndefined();
  });

  it('三员分立: a second separated role is refused, other roles are not', () => {
    expect(assertSeparation(['system_admin'], 'auditor')).toBe(true);
    expect(assertSeparation(['security_admin'], 'system_admin')).toBe(true);
    expect(assertSeparation(['auditor'], 'auditor')).toBe(false);
    expect(assertSeparation(['citizen'], 'auditor')).toBe(false);
    expect(assertSeparation(['system_admin'], 'citizen')).toBe(false);
  });
});
