/**
 * Certificate identifiers (电子证照标识), GB/T 36904-2018 (电子证照 标识规范) as the national
 * integrated government-service platform and the provinces' e-certificate systems use it
 * (sources and the checks made: docs/credentials.md, "Certificate numbers"):
 *
 *   1.2.156.3005.2 . <证照类型代码, 21> . <颁发机构代码, 18> . <流水号> . <版本号, 3 digits> . <校验位>
 *
 * - the root 1.2.156.3005.2 (an OID arc under China's 1.2.156);
 * - the certificate type code (GB/T 36902): the unified social credit code of the department
 *   that defines the type (18) and the type's 3-digit number;
 * - the issuing authority's unified social credit code (18);
 * - the issuer's serial (流水号), 0-9A-Z;
 * - the version (版本号), 001 for a certificate as first issued;
 * - the check character: ISO 7064 MOD 37,36 (GB/T 17710) over the type code, issuer code,
 *   serial and version written together (the root and the dots are not part of it).
 *
 * Format 1 (the first certificates this platform issued) had neither the 21-character type code
 * nor the version, and its check character covered the root too:
 * `1.2.156.3005.2.<type>.<issuer USCC>.<serial, 7 digits>.<check>`. Those numbers stay valid:
 * `certificateNumberFormat` tells the two apart and checks each by its own rule.
 */
export const IDENTIFIER_ROOT = '1.2.156.3005.2';
const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** The format new certificates are numbered in. */
export const CERTIFICATE_NUMBER_FORMAT = 2;

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

/** A certificate type code (证照类型代码, GB/T 36902): the defining department's USCC and the type's 3-digit number. */
export function certificateTypeCode(definerUscc: string, typeNo: string): string {
  if (!/^[0-9A-Z]{18}$/.test(definerUscc)) throw new RangeError(`not a unified social credit code: ${definerUscc}`);
  if (!/^\d{3}$/.test(typeNo)) throw new RangeError(`not a 3-digit type number: ${typeNo}`);
  return `${definerUscc}${typeNo}`;
}

/** A certificate identifier in the current format (2): `serial` is the issuer's sequence number (1, 2, …). */
export function certificateNumber(typeCode: string, issuerUscc: string, serial: number, version = 1): string {
  if (!/^[0-9A-Z]{21}$/.test(typeCode)) throw new RangeError(`not a 21-character type code: ${typeCode}`);
  const seq = String(serial).padStart(7, '0');
  const ver = String(version).padStart(3, '0');
  return `${IDENTIFIER_ROOT}.${typeCode}.${issuerUscc}.${seq}.${ver}.${mod3736(`${typeCode}${issuerUscc}${seq}${ver}`)}`;
}

const FORMAT_2 = /^1\.2\.156\.3005\.2\.([0-9A-Z]{21})\.([0-9A-Z]{18})\.([0-9A-Z]{1,40})\.(\d{3})\.([0-9A-Z])$/;
const FORMAT_1 = /^(1\.2\.156\.3005\.2\.[0-9A-Z]+\.[0-9A-Z]{18}\.\d{7})\.([0-9A-Z])$/;

/** The format whose structure and check character a certificate identifier satisfies (2 or 1), or null. */
export function certificateNumberFormat(value: string): 1 | 2 | null {
  const v2 = FORMAT_2.exec(value);
  if (v2 && mod3736(`${v2[1]}${v2[2]}${v2[3]}${v2[4]}`) === v2[5]) return 2;
  const v1 = FORMAT_1.exec(value);
  if (v1 && mod3736(v1[1]!.replace(/\./g, '')) === v1[2]) return 1;
  return null;
}

/** Whether a certificate identifier's structure and check character hold (either format). */
export function checkCertificateNumber(value: string): boolean {
  return certificateNumberFormat(value) !== null;
}
