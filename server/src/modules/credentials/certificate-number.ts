/**
 * Certificate identifiers (电子证照标识) in the structure of the GB/T 36901–36906 family and the
 * national e-certificate identifier rules built on it: the identifier root, the certificate
 * type code (证照类型代码), the issuing authority's unified social credit code (颁证单位代码),
 * a serial (顺序号) and a check character (校验位), joined by dots:
 *
 *   1.2.156.3005.2.<type code>.<issuer USCC>.<serial, 7 digits>.<check>
 *
 * The check character is ISO 7064 MOD 37,36 (GB/T 17710) over every character before it
 * (dots excluded), from the alphabet 0-9A-Z. See docs/credentials.md.
 */
export const IDENTIFIER_ROOT = '1.2.156.3005.2';
const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** ISO 7064 MOD 37,36 (hybrid system, M = 36): the check character of `body` (0-9A-Z only). */
export function mod3736(body: string): string {
  const m = 36;
  let p = m;
  for (const ch of body) {
    const v = ALPHABET.indexOf(ch);
    if (v < 0) throw new RangeError(`not a 0-9A-Z character: ${ch}`);
    let s = (p % (m + 1)) + v;
    s = s % m || m;
    p = (s * 2) % (m + 1);
  }
  return ALPHABET[(m + 1 - p) % m]!;
}

export function certificateNumber(typeCode: string, issuerUscc: string, serial: number): string {
  const seq = String(serial).padStart(7, '0');
  const body = `${IDENTIFIER_ROOT}.${typeCode}.${issuerUscc}.${seq}`;
  return `${body}.${mod3736(body.replace(/\./g, ''))}`;
}

/** Whether a certificate identifier's structure and check character hold. */
export function checkCertificateNumber(value: string): boolean {
  const m = /^(1\.2\.156\.3005\.2\.[0-9A-Z]+\.[0-9A-Z]{18}\.\d{7})\.([0-9A-Z])$/.exec(value);
  return !!m && mod3736(m[1]!.replace(/\./g, '')) === m[2];
}
