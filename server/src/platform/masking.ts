/**
 * Masking 脱敏 of personal data for API responses, screens, logs and exports.
 *
 * Pure and null-safe: `null` and `undefined` are returned unchanged, an empty string stays
 * empty. Masking characters are `*`. Rules:
 *
 * - ID numbers: keep the first 6 (division code) and the last 4 characters,
 *   `330383199001011234` → `330383********1234`. Values of 10 characters or fewer
 *   keep only their first and last character.
 * - Phone numbers: keep the first 3 and the last 4 digits of an 11-digit mobile number,
 *   `13812348000` → `138****8000`; a `+86` / `86` prefix and separators are kept as
 *   written. Other numbers keep roughly the first third and the last 4 digits (fewer
 *   for short numbers); only digits are masked.
 * - Names: Chinese (CJK) names keep the first character, and also the last one when the
 *   name has three or more characters: 张三 → 张*, 张三丰 → 张*丰, 欧阳娜娜 → 欧**娜; a
 *   one-character name becomes `*`. Separators such as `·` in 买买提·艾力 are kept.
 *   Latin-script names keep the first letter of each word and mask the rest letter for
 *   letter: `Zhang San` → `Z**** S**`.
 * - Addresses: keep everything up to and including the last community / village /
 *   road / street marker (社区 村 小区 路 街 大道 巷 弄 道 ...) and mask what follows
 *   (house, building, room numbers and names), keeping the unit words 号 栋 幢 单元 室
 *   楼 层 座 so the shape stays readable: `龙港市海城社区龙跃路12号301室` →
 *   `龙港市海城社区龙跃路**号***室`. Addresses without such a marker have every digit
 *   masked.
 * - E-mail: keep the first character of the local part (and its last, when it has 3 or
 *   more characters) and the domain: `zhangsan@example.com` → `z***n@example.com`.
 */

type Maybe<T> = T | null | undefined;

function isCjk(ch: string): boolean {
  const c = ch.codePointAt(0) ?? 0;
  return (c >= 0x3400 && c <= 0x9fff) || (c >= 0xf900 && c <= 0xfaff) || (c >= 0x20000 && c <= 0x3134f);
}

function stars(n: number): string {
  return n > 0 ? '*'.repeat(n) : '';
}

// ---------------------------------------------------------------------------------------

export function maskIdNumber(value: string): string;
export function maskIdNumber(value: Maybe<string>): Maybe<string>;
export function maskIdNumber(value: Maybe<string>): Maybe<string> {
  if (value == null) return value;
  const v = value.trim();
  if (v.length === 0) return v;
  if (v.length <= 2) return stars(v.length);
  if (v.length <= 10) return v[0] + stars(v.length - 2) + v[v.length - 1];
  return v.slice(0, 6) + stars(v.length - 10) + v.slice(-4);
}

// ---------------------------------------------------------------------------------------

export function maskPhone(value: string): string;
export function maskPhone(value: Maybe<string>): Maybe<string>;
export function maskPhone(value: Maybe<string>): Maybe<string> {
  if (value == null) return value;
  const v = value.trim();
  // Positions of the digits, so separators and a country prefix survive.
  const digitPos: number[] = [];
  for (let i = 0; i < v.length; i++) if (v[i]! >= '0' && v[i]! <= '9') digitPos.push(i);
  let start = 0; // index into digitPos of the first digit of the national number
  if (v.startsWith('+86') || (digitPos.length === 13 && v.startsWith('86'))) start = 2;
  const n = digitPos.length - start;
  if (n <= 0) return v;
  let keepHead: number;
  let keepTail: number;
  if (n === 11) {
    keepHead = 3;
    keepTail = 4;
  } else if (n >= 8) {
    keepHead = Math.min(4, Math.floor(n / 3));
    keepTail = 4;
  } else if (n >= 4) {
    keepHead = 1;
    keepTail = 2;
  } else {
    keepHead = 0;
    keepTail = 0;
  }
  const chars = [...v];
  for (let k = start + keepHead; k < digitPos.length - keepTail; k++) chars[digitPos[k]!] = '*';
  return chars.join('');
}

// ---------------------------------------------------------------------------------------

export function maskName(value: string): string;
export function maskName(value: Maybe<string>): Maybe<string>;
export function maskName(value: Maybe<string>): Maybe<string> {
  if (value == null) return value;
  const v = value.trim();
  const chars = [...v];
  if (chars.length === 0) return v;
  if (chars.some(isCjk)) {
    // Letters are the CJK characters (and any letters); separators such as · stay.
    const letterIdx = chars.flatMap((ch, i) => (/[\s·•・.-]/u.test(ch) ? [] : [i]));
    const keep = new Set<number>();
    if (letterIdx.length >= 2) keep.add(letterIdx[0]!);
    if (letterIdx.length >= 3) keep.add(letterIdx[letterIdx.length - 1]!);
    return chars.map((ch, i) => (letterIdx.includes(i) && !keep.has(i) ? '*' : ch)).join('');
  }
  // Latin and other alphabetic scripts: first letter of each word, rest masked.
  return v
    .split(/(\s+|-)/u)
    .map((part) => {
      if (/^(\s+|-)$/u.test(part) || part.length === 0) return part;
      const p = [...part];
      return p[0] + stars(p.length - 1);
    })
    .join('');
}

// ---------------------------------------------------------------------------------------

const ADDRESS_MARKERS = ['社区', '小区', '大道', '村', '路', '街', '巷', '弄', '道', '里', '镇', '乡'];
const ADDRESS_UNIT_WORDS = new Set(['号', '栋', '幢', '单', '元', '室', '楼', '层', '座', '户']);

export function maskAddress(value: string): string;
export function maskAddress(value: Maybe<string>): Maybe<string>;
export function maskAddress(value: Maybe<string>): Maybe<string> {
  if (value == null) return value;
  const v = value.trim();
  let cut = -1;
  for (const m of ADDRESS_MARKERS) {
    const i = v.lastIndexOf(m);
    if (i >= 0) cut = Math.max(cut, i + m.length);
  }
  if (cut < 0) {
    return v.replace(/\d/g, '*');
  }
  const rest = [...v.slice(cut)].map((ch) => (ADDRESS_UNIT_WORDS.has(ch) || /[\s\-—]/u.test(ch) ? ch : '*'));
  return v.slice(0, cut) + rest.join('');
}

// ---------------------------------------------------------------------------------------

export function maskEmail(value: string): string;
export function maskEmail(value: Maybe<string>): Maybe<string>;
export function maskEmail(value: Maybe<string>): Maybe<string> {
  if (value == null) return value;
  const v = value.trim();
  const at = v.lastIndexOf('@');
  if (at < 0) return maskName(v);
  const local = [...v.slice(0, at)];
  const domain = v.slice(at);
  if (local.length === 0) return v;
  if (local.length === 1) return '*' + domain;
  if (local.length === 2) return local[0] + '*' + domain;
  return local[0] + '***' + local[local.length - 1] + domain;
}
