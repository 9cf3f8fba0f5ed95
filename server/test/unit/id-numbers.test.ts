import { describe, it, expect } from 'vitest';
import {
  citizenIdCheckChar,
  makeCitizenId,
  makeUscc,
  orgCodeCheckChar,
  usccCheckChar,
  validateCitizenId,
  validateDivisionCode,
  validateUscc,
} from '../../src/platform/id-numbers.ts';

describe('validateCitizenId (GB 11643)', () => {
  it('accepts the standard example 11010519491231002X', () => {
    expect(validateCitizenId('11010519491231002X')).toEqual({
      ok: true,
      value: '11010519491231002X',
      birthDate: '1949-12-31',
      gender: 'F',
      divisionCode: '110105',
    });
  });

  it('accepts a lowercase x and surrounding whitespace, and normalises', () => {
    const r = validateCitizenId('  11010519491231002x\n');
    expect(r.ok && r.value).toBe('11010519491231002X');
  });

  it('derives the gender from the parity of the sequence', () => {
    const male = makeCitizenId('330383', '1990-01-01', 123);
    const female = makeCitizenId('330383', '1990-01-01', 124);
    const m = validateCitizenId(male);
    const f = validateCitizenId(female);
    expect(m.ok && m.gender).toBe('M');
    expect(f.ok && f.gender).toBe('F');
    expect(m.ok && m.divisionCode).toBe('330383');
  });

  it('rejects a wrong check character', () => {
    expect(validateCitizenId('110105194912310021')).toMatchObject({ ok: false, code: 'ID_NUMBER_CHECKSUM' });
    expect(validateCitizenId('110105194912310020')).toMatchObject({ ok: false, code: 'ID_NUMBER_CHECKSUM' });
  });

  it('rejects a date that does not exist', () => {
    // 1999-02-30 with an otherwise correct check character
    const first17 = '33038319990230001';
    const id = first17 + citizenIdCheckChar(first17);
    expect(validateCitizenId(id)).toMatchObject({ ok: false, code: 'ID_NUMBER_DATE' });
    const leap = '33038319000229001'; // 1900 is not a leap year
    expect(validateCitizenId(leap + citizenIdCheckChar(leap))).toMatchObject({ code: 'ID_NUMBER_DATE' });
    const ok = '33038320000229001'; // 2000 is
    expect(validateCitizenId(ok + citizenIdCheckChar(ok)).ok).toBe(true);
  });

  it('rejects birth dates before 1900 and in the future', () => {
    const old = '33038318991231001';
    expect(validateCitizenId(old + citizenIdCheckChar(old))).toMatchObject({ code: 'ID_NUMBER_DATE' });
    const id = makeCitizenId('330383', '2025-06-02', 1);
    expect(validateCitizenId(id, '2025-06-01')).toMatchObject({ ok: false, code: 'ID_NUMBER_DATE' });
    expect(validateCitizenId(id, '2025-06-02').ok).toBe(true);
    // 2025-06-01T20:00Z is already 2025-06-02 in China
    expect(validateCitizenId(id, new Date('2025-06-01T20:00:00Z')).ok).toBe(true);
    expect(validateCitizenId(id, new Date('2025-06-01T12:00:00Z')).ok).toBe(false);
  });

  it('rejects wrong lengths', () => {
    for (const v of ['', '11010519491231002', '11010519491231002XX', '110105491231002']) {
      expect(validateCitizenId(v)).toMatchObject({ ok: false, code: 'ID_NUMBER_LENGTH' });
    }
  });

  it('rejects a bad format', () => {
    for (const v of ['1101051949123100X2', '11010519491231002Y', 'A1010519491231002X', '110105 949123 002X']) {
      expect(validateCitizenId(v)).toMatchObject({ ok: false, code: 'ID_NUMBER_FORMAT' });
    }
  });

  it('makeCitizenId builds valid numbers and refuses bad input', () => {
    const id = makeCitizenId('330383', '20240229', 7);
    expect(id).toMatch(/^33038320240229007[\dX]$/);
    expect(validateCitizenId(id).ok).toBe(true);
    expect(() => makeCitizenId('33038', '2024-02-29', 1)).toThrow(RangeError);
    expect(() => makeCitizenId('330383', '2023-02-29', 1)).toThrow(RangeError);
    expect(() => makeCitizenId('330383', '2023-02-28', 1000)).toThrow(RangeError);
  });

  it('citizenIdCheckChar covers all eleven remainders', () => {
    const seen = new Set<string>();
    for (let s = 1; s < 60; s++) seen.add(citizenIdCheckChar('1101051949123100' + String(s % 10)));
    for (let s = 0; s < 200; s++) seen.add(citizenIdCheckChar('33038319900101' + String(s).padStart(3, '0')));
    expect([...seen].sort().join('')).toBe('0123456789X');
    expect(() => citizenIdCheckChar('123')).toThrow(RangeError);
  });
});

describe('validateUscc (GB 32100)', () => {
  it('accepts a well-known real-format code', () => {
    expect(validateUscc('91350100M000100Y43')).toEqual({
      ok: true,
      value: '91350100M000100Y43',
      divisionCode: '350100',
      registrationAuthority: '9',
      entityType: '1',
      organizationCode: 'M000100Y4',
    });
    expect(usccCheckChar('91350100M000100Y4')).toBe('3');
    expect(orgCodeCheckChar('M000100Y')).toBe('4');
  });

  it('accepts lowercase and whitespace, normalising to uppercase', () => {
    const r = validateUscc(' 91350100m000100y43 ');
    expect(r.ok && r.value).toBe('91350100M000100Y43');
  });

  it('rejects a wrong final check character', () => {
    expect(validateUscc('91350100M000100Y44')).toMatchObject({ ok: false, code: 'USCC_CHECKSUM' });
  });

  it('rejects a wrong organisation code check character', () => {
    // Change the org code check char and recompute the final one: still invalid.
    const first17 = '91350100M000100Y5';
    expect(validateUscc(first17 + usccCheckChar(first17))).toMatchObject({ ok: false, code: 'USCC_CHECKSUM' });
  });

  it('rejects wrong lengths', () => {
    expect(validateUscc('91350100M000100Y4')).toMatchObject({ ok: false, code: 'USCC_LENGTH' });
    expect(validateUscc('91350100M000100Y433')).toMatchObject({ ok: false, code: 'USCC_LENGTH' });
    expect(validateUscc('')).toMatchObject({ ok: false, code: 'USCC_LENGTH' });
  });

  it('rejects the forbidden letters I O Z S V and other characters', () => {
    for (const bad of ['I', 'O', 'Z', 'S', 'V', '-']) {
      expect(validateUscc(`91350100M000100${bad}43`)).toMatchObject({ ok: false, code: 'USCC_FORMAT' });
    }
  });

  it('rejects an unknown authority or a non-numeric division code', () => {
    expect(validateUscc('B1350100M000100Y43')).toMatchObject({ code: 'USCC_FORMAT' });
    expect(validateUscc('913501A0M000100Y43')).toMatchObject({ code: 'USCC_FORMAT' });
  });

  it('makeUscc computes both check characters', () => {
    expect(makeUscc('9', '1', '350100', 'M000100Y')).toBe('91350100M000100Y43');
    const gov = makeUscc('1', '1', '330383', 'MB141303');
    expect(validateUscc(gov)).toMatchObject({
      ok: true,
      registrationAuthority: '1',
      entityType: '1',
      divisionCode: '330383',
    });
    expect(() => makeUscc('9', '1', '330383', 'MA12345I')).toThrow(RangeError);
    expect(() => makeUscc('Z', '1', '330383', 'MA123456')).toThrow(RangeError);
  });

  it('org code check characters X and 0 occur and validate', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 400; i++) {
      const body = 'MA' + String(100000 + i * 37);
      const c = orgCodeCheckChar(body);
      seen.add(c);
      expect(validateUscc(makeUscc('9', '2', '330383', body)).ok).toBe(true);
    }
    expect(seen.has('X')).toBe(true);
    expect(seen.has('0')).toBe(true);
  });
});

describe('validateDivisionCode (GB/T 2260)', () => {
  it.each([
    ['330000', 'province', null],
    ['330300', 'prefecture', '330000'],
    ['330383', 'county', '330300'],
    ['110105', 'county', '110100'],
    ['330383001', 'township', '330383'],
    ['441900003', 'township', '441900'],
    ['330383001002', 'village', '330383001'],
    ['330383000001', 'village', '330383'],
    ['330383000000', 'county', '330300'],
  ] as const)('%s is a %s with parent %s', (code, level, parentCode) => {
    expect(validateDivisionCode(code)).toEqual({ ok: true, value: code, level, parentCode });
  });

  it.each(['', '33038', '3303831', '33038300', '3303830000001', '33038A', '000000', ' 330 383'])(
    'rejects %j',
    (code) => {
      expect(validateDivisionCode(code)).toMatchObject({ ok: false, code: 'DIVISION_CODE_FORMAT' });
    },
  );
});
