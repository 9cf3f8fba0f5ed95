/**
 * Certificate identifiers (电子证照标识, GB/T 36904): the structure and check character as
 * e-certificate systems in use write them (identifiers published in their interface documents
 * and code, see docs/credentials.md "Certificate numbers"), and the platform's first format,
 * which stays verifiable.
 */
import { describe, expect, it } from 'vitest';
import {
  certificateNumber,
  certificateNumberFormat,
  certificateTypeCode,
  checkCertificateNumber,
} from '../../src/modules/credentials/certificate-number.ts';

/** Identifiers issued by provincial e-certificate systems (type codes of 住房和城乡建设部, 11100000000013338W). */
const PUBLISHED = [
  '1.2.156.3005.2.11100000000013338W011.11430000006122244L.20230000403.001.U',
  '1.2.156.3005.2.11100000000013338W011.11430000006122244L.20230000403.002.S',
  '1.2.156.3005.2.11100000000013338W032.11220000013544541J.2430599.001.F',
  '1.2.156.3005.2.11100000000013338W087.11370800MB28559184.37080001202411010001.001.3',
  '1.2.156.3005.2.11100000000013338W009.11330105002500287C.2025052201.002.0',
];

/** A number of the platform's first format (check character over the root too, no version). */
const FORMAT_1 = '1.2.156.3005.2.WSJK001.113303830025000173.0000001.G';

describe('certificate identifiers (GB/T 36904)', () => {
  it('checks identifiers issued elsewhere: MOD 37,36 over type code, issuer, serial and version', () => {
    for (const id of PUBLISHED) expect(certificateNumberFormat(id), id).toBe(2);
  });

  it('makes identifiers of the same structure: 21-character type code, issuer USCC, serial, version 001', () => {
    const issuer = '113303830025000173';
    const n = certificateNumber(certificateTypeCode(issuer, '003'), issuer, 1);
    expect(n).toBe('1.2.156.3005.2.113303830025000173003.113303830025000173.0000001.001.V');
    expect(certificateNumberFormat(n)).toBe(2);
    expect(certificateNumber(certificateTypeCode(issuer, '003'), issuer, 1, 2)).toMatch(/\.0000001\.002\.[0-9A-Z]$/);
  });

  it('keeps the first format verifiable, by its own rule', () => {
    expect(certificateNumberFormat(FORMAT_1)).toBe(1);
    expect(checkCertificateNumber(FORMAT_1)).toBe(true);
  });

  it('refuses a changed character, a wrong check character, and a malformed structure', () => {
    const good = PUBLISHED[0]!;
    expect(checkCertificateNumber(good.replace('20230000403', '20230000404'))).toBe(false);
    expect(checkCertificateNumber(`${good.slice(0, -1)}V`)).toBe(false);
    expect(checkCertificateNumber(FORMAT_1.replace('0000001', '0000002'))).toBe(false);
    expect(checkCertificateNumber('1.2.156.3005.2.11100000000013338W011.11430000006122244L.001.U')).toBe(false);
    expect(() => certificateNumber('WSJK001', '113303830025000173', 1)).toThrow(RangeError);
    expect(() => certificateTypeCode('113303830025000173', '3')).toThrow(RangeError);
  });
});
