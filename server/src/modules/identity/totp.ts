/** Time-based one-time passwords (RFC 6238) for the staff second factor. */
import * as OTPAuth from 'otpauth';

const PERIOD = 30;

export const newTotpSecret = (): string => new OTPAuth.Secret({ size: 20 }).base32;

const totp = (secretBase32: string, label = 'staff') =>
  new OTPAuth.TOTP({
    issuer: 'Yiwang 一网',
    label,
    algorithm: 'SHA1',
    digits: 6,
    period: PERIOD,
    secret: OTPAuth.Secret.fromBase32(secretBase32),
  });

export const totpUri = (secretBase32: string, label: string): string => totp(secretBase32, label).toString();

export const totpCode = (secretBase32: string, at: Date): string =>
  totp(secretBase32).generate({ timestamp: at.getTime() });

/**
 * Check a code allowing one step of clock drift either way. Returns the time step it
 * matched, so the caller can refuse a step used before (replay), or null.
 */
export function matchTotp(secretBase32: string, code: string, at: Date): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const delta = totp(secretBase32).validate({ token: code, timestamp: at.getTime(), window: 1 });
  if (delta === null) return null;
  return Math.floor(at.getTime() / 1000 / PERIOD) + delta;
}
