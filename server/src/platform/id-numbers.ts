/**
 * National identity numbers: validation and construction.
 *
 * - Citizen ID number 公民身份号码 (GB 11643-1999): 6-digit administrative division code,
 *   8-digit birth date, 3-digit sequence (odd = male, even = female) and a check character
 *   computed with ISO 7064 MOD 11-2.
 * - Unified social credit code 统一社会信用代码, USCC (GB 32100-2015): registration authority,
 *   entity type, 6-digit division code, 9-character organisation code (whose own last
 *   character is a GB 11714 check character) and a MOD 31 check character.
 * - Administrative division codes 行政区划代码 (GB/T 2260, extended by the statistical
 *   division codes to 9 digits for townships and 12 digits for villages/communities).
 *
 * Pure functions, no I/O. Validation returns results (`{ ok: false, code, message }`), it
 * never throws; the `make*` constructors throw `RangeError` on malformed input because
 * that is a programming error.
 */

/**
 * The shapes of the numbers, as JSON Schema patterns: published once in the OpenAPI document
 * (`CitizenIdNumber`, `MobileNumber`, `Uscc`) for forms and the web's checks. A value of the
 * shape may still fail its check character, which only the validators below test.
 */
export const CITIZEN_ID_PATTERN = '^[1-9]\\d{16}[\\dX]$';
export const USCC_PATTERN = '^[0-9A-HJ-NPQRTUWXY]{2}\\d{6}[0-9A-HJ-NPQRTUWXY]{10}$';
/** A mainland mobile number (11 digits, 13-19 first). */
export const MOBILE_PATTERN = '^1[3-9]\\d{9}$';

// ---------------------------------------------------------------------------------------
// Citizen ID number (GB 11643)
// ---------------------------------------------------------------------------------------

export type CitizenIdErrorCode = 'ID_NUMBER_LENGTH' | 'ID_NUMBER_FORMAT' | 'ID_NUMBER_DATE' | 'ID_NUMBER_CHECKSUM';

export type IdCheck =
  | {
      ok: true;
      /** Normalised: trimmed, check character upper-cased. */
      value: string;
      /** YYYY-MM-DD */
      birthDate: string;
      gender: 'M' | 'F';
      divisionCode: string;
    }
  | { ok: false; code: CitizenIdErrorCode; message: string };

const CITIZEN_ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CITIZEN_ID_CHECK_CHARS = '10X98765432';

/** Earliest birth year accepted. */
const MIN_BIRTH_YEAR = 1900;

/** ISO 7064 MOD 11-2 check character for the first 17 digits of a citizen ID number. */
export function citizenIdCheckChar(first17: string): string {
  if (!/^\d{17}$/.test(first17)) {
    throw new RangeError('citizenIdCheckChar expects exactly 17 digits');
  }
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    sum += (first17.charCodeAt(i) - 48) * CITIZEN_ID_WEIGHTS[i]!;
  }
  return CITIZEN_ID_CHECK_CHARS[sum % 11]!;
}

function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

function daysInMonth(y: number, m: number): number {
  if (m === 2) return isLeapYear(y) ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

/** True if `yyyymmdd` (8 digits) is a real calendar date. */
function isCalendarDate(yyyymmdd: string): boolean {
  const y = Number(yyyymmdd.slice(0, 4));
  const m = Number(yyyymmdd.slice(4, 6));
  const d = Number(yyyymmdd.slice(6, 8));
  return m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m);
}

/**
 * Today's date in China Standard Time (UTC+8, no daylight saving) as YYYYMMDD, so a
 * child born this morning in China is not "in the future" while UTC is still yesterday.
 */
function chinaDate(today: Date | string | undefined): string {
  if (typeof today === 'string') {
    const compact = today.trim().replaceAll('-', '');
    if (!/^\d{8}$/.test(compact)) throw new RangeError(`Invalid today date: ${today}`);
    return compact;
  }
  const t = today ?? new Date();
  const shifted = new Date(t.getTime() + 8 * 3600_000);
  return shifted.toISOString().slice(0, 10).replaceAll('-', '');
}

/**
 * Validates a citizen ID number (18 characters). Leading/trailing whitespace is ignored and
 * a lowercase `x` check character is accepted; the returned `value` is normalised.
 *
 * @param today the reference date for the "not born in the future" rule (a Date, or a
 *   `YYYY-MM-DD` / `YYYYMMDD` string in China time); defaults to now.
 */
export function validateCitizenId(input: string, today?: Date | string): IdCheck {
  const value = String(input ?? '')
    .trim()
    .toUpperCase();
  if (value.length !== 18) {
    return {
      ok: false,
      code: 'ID_NUMBER_LENGTH',
      message:
        value.length === 15
          ? 'A citizen ID number must have 18 characters (15-digit first-generation numbers are not accepted)'
          : `A citizen ID number must have 18 characters, got ${value.length}`,
    };
  }
  if (!/^\d{17}[\dX]$/.test(value)) {
    return {
      ok: false,
      code: 'ID_NUMBER_FORMAT',
      message: 'A citizen ID number is 17 digits followed by a digit or X',
    };
  }
  const birth = value.slice(6, 14);
  if (!isCalendarDate(birth)) {
    return { ok: false, code: 'ID_NUMBER_DATE', message: `Birth date ${birth} is not a calendar date` };
  }
  if (Number(birth.slice(0, 4)) < MIN_BIRTH_YEAR) {
    return {
      ok: false,
      code: 'ID_NUMBER_DATE',
      message: `Birth date ${birth} is before ${MIN_BIRTH_YEAR}`,
    };
  }
  if (birth > chinaDate(today)) {
    return { ok: false, code: 'ID_NUMBER_DATE', message: `Birth date ${birth} is in the future` };
  }
  const expected = citizenIdCheckChar(value.slice(0, 17));
  if (value[17] !== expected) {
    return {
      ok: false,
      code: 'ID_NUMBER_CHECKSUM',
      message: 'The check character of the citizen ID number does not match',
    };
  }
  const seq = value.charCodeAt(16) - 48;
  return {
    ok: true,
    value,
    birthDate: `${birth.slice(0, 4)}-${birth.slice(4, 6)}-${birth.slice(6, 8)}`,
    gender: seq % 2 === 1 ? 'M' : 'F',
    divisionCode: value.slice(0, 6),
  };
}

/**
 * Builds a citizen ID number.
 *
 * @param divisionCode 6-digit division code of the place of first registration
 * @param birthDate `YYYY-MM-DD` or `YYYYMMDD`
 * @param sequence 1..999; odd for men, even for women
 */
export function makeCitizenId(divisionCode: string, birthDate: string, sequence: number): string {
  if (!/^\d{6}$/.test(divisionCode)) throw new RangeError(`Invalid division code: ${divisionCode}`);
  const birth = birthDate.replaceAll('-', '');
  if (!/^\d{8}$/.test(birth) || !isCalendarDate(birth)) {
    throw new RangeError(`Invalid birth date: ${birthDate}`);
  }
  if (!Number.isInteger(sequence) || sequence < 0 || sequence > 999) {
    throw new RangeError(`Invalid sequence: ${sequence}`);
  }
  const first17 = divisionCode + birth + String(sequence).padStart(3, '0');
  return first17 + citizenIdCheckChar(first17);
}

// ---------------------------------------------------------------------------------------
// Unified social credit code (GB 32100) and organisation code (GB 11714)
// ---------------------------------------------------------------------------------------

/** The 31 characters of the USCC alphabet (no I, O, Z, S, V). */
export const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;
const ORG_CODE_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2] as const;

/** Registration authorities 登记管理部门 (first character of a USCC). */
export const USCC_REGISTRATION_AUTHORITIES: Readonly<Record<string, { name: string; nameEn: string }>> = {
  '1': { name: '机构编制', nameEn: 'Institutional establishment' },
  '2': { name: '外交', nameEn: 'Foreign affairs' },
  '3': { name: '司法行政', nameEn: 'Justice administration' },
  '4': { name: '文化', nameEn: 'Culture' },
  '5': { name: '民政', nameEn: 'Civil affairs' },
  '6': { name: '旅游', nameEn: 'Tourism' },
  '7': { name: '宗教', nameEn: 'Religious affairs' },
  '8': { name: '工会', nameEn: 'Trade unions' },
  '9': { name: '工商', nameEn: 'Market regulation (industry and commerce)' },
  A: { name: '中央军委改革和编制办公室', nameEn: 'Central Military Commission establishment office' },
  N: { name: '农业', nameEn: 'Agriculture' },
  Y: { name: '其他', nameEn: 'Other' },
};

export type UsccErrorCode = 'USCC_LENGTH' | 'USCC_FORMAT' | 'USCC_CHECKSUM';

export type UsccCheck =
  | {
      ok: true;
      value: string;
      divisionCode: string;
      registrationAuthority: string;
      entityType: string;
      /** The embedded 9-character organisation code (GB 11714), check character included. */
      organizationCode: string;
    }
  | { ok: false; code: UsccErrorCode; message: string };

/** GB 11714 value of a character: digits 0-9, letters A=10 ... Z=35. */
function orgCodeCharValue(c: string): number {
  const code = c.charCodeAt(0);
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 65 && code <= 90) return code - 55;
  return -1;
}

/**
 * GB 11714 check character (9th character) of an organisation code 组织机构代码 from its
 * 8-character body: C9 = 11 - (Σ Ci·Wi mod 11), 10 → 'X', 11 → '0'.
 */
export function orgCodeCheckChar(body8: string): string {
  if (!/^[0-9A-Z]{8}$/.test(body8)) {
    throw new RangeError('orgCodeCheckChar expects 8 digits or uppercase letters');
  }
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += orgCodeCharValue(body8[i]!) * ORG_CODE_WEIGHTS[i]!;
  const c = 11 - (sum % 11);
  return c === 10 ? 'X' : c === 11 ? '0' : String(c);
}

/** GB 32100 MOD 31 check character of a USCC from its first 17 characters. */
export function usccCheckChar(first17: string): string {
  if (first17.length !== 17) throw new RangeError('usccCheckChar expects exactly 17 characters');
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = USCC_ALPHABET.indexOf(first17[i]!);
    if (v < 0) throw new RangeError(`Character ${first17[i]} is not in the USCC alphabet`);
    sum += v * USCC_WEIGHTS[i]!;
  }
  const c = 31 - (sum % 31);
  return USCC_ALPHABET[c === 31 ? 0 : c]!;
}

/**
 * Validates a unified social credit code. Whitespace is trimmed and letters are
 * upper-cased; both check characters (the organisation code's and the final one) are
 * verified.
 */
export function validateUscc(input: string): UsccCheck {
  const value = String(input ?? '')
    .trim()
    .toUpperCase();
  if (value.length !== 18) {
    return {
      ok: false,
      code: 'USCC_LENGTH',
      message: `A unified social credit code must have 18 characters, got ${value.length}`,
    };
  }
  for (const ch of value) {
    if (!USCC_ALPHABET.includes(ch)) {
      return {
        ok: false,
        code: 'USCC_FORMAT',
        message: `Character '${ch}' is not allowed in a unified social credit code (digits and letters except I, O, Z, S, V)`,
      };
    }
  }
  const registrationAuthority = value[0]!;
  if (!(registrationAuthority in USCC_REGISTRATION_AUTHORITIES)) {
    return {
      ok: false,
      code: 'USCC_FORMAT',
      message: `Unknown registration authority code '${registrationAuthority}'`,
    };
  }
  const entityType = value[1]!;
  if (!/^[1-9]$/.test(entityType)) {
    return { ok: false, code: 'USCC_FORMAT', message: `Invalid entity type code '${entityType}'` };
  }
  const divisionCode = value.slice(2, 8);
  if (!/^\d{6}$/.test(divisionCode)) {
    return {
      ok: false,
      code: 'USCC_FORMAT',
      message: 'Characters 3 to 8 of a unified social credit code must be a 6-digit division code',
    };
  }
  const organizationCode = value.slice(8, 17);
  if (orgCodeCheckChar(organizationCode.slice(0, 8)) !== organizationCode[8]) {
    return {
      ok: false,
      code: 'USCC_CHECKSUM',
      message: 'The check character of the embedded organisation code does not match',
    };
  }
  if (usccCheckChar(value.slice(0, 17)) !== value[17]) {
    return {
      ok: false,
      code: 'USCC_CHECKSUM',
      message: 'The check character of the unified social credit code does not match',
    };
  }
  return { ok: true, value, divisionCode, registrationAuthority, entityType, organizationCode };
}

/**
 * Builds a USCC, computing both the organisation code check character and the final one.
 *
 * @param authority registration authority character, e.g. '1' (institutional
 *   establishment: government bodies) or '9' (market regulation: companies)
 * @param entityType entity type character, e.g. '1' (government body / company) or '2'
 *   (public institution / individual business)
 * @param divisionCode 6-digit division code
 * @param orgCodeBody8 the first 8 characters of the organisation code (USCC alphabet)
 */
export function makeUscc(authority: string, entityType: string, divisionCode: string, orgCodeBody8: string): string {
  if (!(authority in USCC_REGISTRATION_AUTHORITIES)) {
    throw new RangeError(`Unknown registration authority: ${authority}`);
  }
  if (!/^[1-9]$/.test(entityType)) throw new RangeError(`Invalid entity type: ${entityType}`);
  if (!/^\d{6}$/.test(divisionCode)) throw new RangeError(`Invalid division code: ${divisionCode}`);
  if (orgCodeBody8.length !== 8 || [...orgCodeBody8].some((c) => !USCC_ALPHABET.includes(c))) {
    throw new RangeError(`Invalid organisation code body: ${orgCodeBody8}`);
  }
  const first17 = authority + entityType + divisionCode + orgCodeBody8 + orgCodeCheckChar(orgCodeBody8);
  return first17 + usccCheckChar(first17);
}

// ---------------------------------------------------------------------------------------
// Administrative division codes (GB/T 2260 + statistical division codes)
// ---------------------------------------------------------------------------------------

export type DivisionLevel = 'province' | 'prefecture' | 'county' | 'township' | 'village';

export type DivisionCheck =
  | {
      ok: true;
      value: string;
      level: DivisionLevel;
      /**
       * The code of the nearest existing parent, in its shortest form (6 digits for
       * province/prefecture/county, 9 for a township), or null for a province. A zero
       * segment is skipped: a community coded `330383000001` (township segment `000`,
       * i.e. no township layer) has the county-level city `330383` as its parent.
       */
      parentCode: string | null;
    }
  | { ok: false; code: 'DIVISION_CODE_FORMAT'; message: string };

/** Segment boundaries: province 2, prefecture 2, county 2, township 3, village 3. */
const DIVISION_SEGMENTS: readonly (readonly [number, number, DivisionLevel])[] = [
  [0, 2, 'province'],
  [2, 4, 'prefecture'],
  [4, 6, 'county'],
  [6, 9, 'township'],
  [9, 12, 'village'],
];

function shortForm(code12: string, segmentCount: number): string {
  // Shortest standard form that contains `segmentCount` segments: 6, 9 or 12 digits.
  const len = segmentCount <= 3 ? 6 : segmentCount === 4 ? 9 : 12;
  return code12.slice(0, DIVISION_SEGMENTS[segmentCount - 1]![1]).padEnd(len, '0');
}

/**
 * Validates an administrative division code of 6, 9 or 12 digits and tells its level.
 * The level is that of the deepest non-zero segment, so zero-padded forms are understood
 * (`330383000000` is the county-level city 330383, as in the statistical tables).
 */
export function validateDivisionCode(code: string): DivisionCheck {
  const value = String(code ?? '').trim();
  if (!/^\d+$/.test(value) || (value.length !== 6 && value.length !== 9 && value.length !== 12)) {
    return {
      ok: false,
      code: 'DIVISION_CODE_FORMAT',
      message: 'A division code has 6 (province to county), 9 (township) or 12 (village) digits',
    };
  }
  if (value.startsWith('0')) {
    return { ok: false, code: 'DIVISION_CODE_FORMAT', message: 'The province segment must not be zero' };
  }
  const code12 = value.padEnd(12, '0');
  const nonZero = DIVISION_SEGMENTS.map(([s, e]) => !/^0+$/.test(code12.slice(s, e)));
  let deepest = 0;
  for (let i = 0; i < nonZero.length; i++) if (nonZero[i]) deepest = i;
  const level = DIVISION_SEGMENTS[deepest]![2];
  let parentCode: string | null = null;
  for (let i = deepest - 1; i >= 0; i--) {
    if (nonZero[i]) {
      parentCode = shortForm(code12, i + 1);
      break;
    }
  }
  return { ok: true, value, level, parentCode };
}
