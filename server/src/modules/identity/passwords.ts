/** Passwords: argon2id (OWASP's parameters), a strength rule, and a decoy for unknown accounts. */
import { hash, verify } from '@node-rs/argon2';

// OWASP Password Storage Cheat Sheet: argon2id, m=19 MiB, t=2, p=1.
const OPTIONS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const hashPassword = (password: string): Promise<string> => hash(password, OPTIONS);

let decoy: Promise<string> | null = null;

/**
 * Verify, or when there is no hash (unknown account, no password set) spend the same work
 * against a decoy and answer false, so the two cannot be told apart by time.
 */
export async function verifyPassword(stored: string | null, password: string): Promise<boolean> {
  if (!stored) {
    decoy ??= hashPassword('decoy password that matches nothing');
    await verify(await decoy, password).catch(() => false);
    return false;
  }
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

/** At least 8 characters with three of: lower case, upper case, digits, symbols; not the login itself. */
export function passwordProblem(password: string, login?: string): string | null {
  if (password.length < 8) return 'The password must have at least 8 characters';
  if (password.length > 128) return 'The password must have at most 128 characters';
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^a-zA-Z0-9]/].filter((r) => r.test(password)).length;
  if (classes < 3) return 'Use at least three of: lower case, upper case, digits, symbols';
  if (login && password.toLowerCase().includes(login.toLowerCase())) return 'The password must not contain the login';
  return null;
}
