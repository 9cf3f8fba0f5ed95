/**
 * Money as the payments module keeps it: integer fen (分), never floats. The catalogue states
 * fees in yuan (`amountYuan`); they become fen once, here.
 */

/** Yuan (as the catalogue writes a fee) to integer fen; refuses amounts finer than a fen. */
export function yuanToFen(yuan: number): number {
  const fen = Math.round(yuan * 100);
  if (!Number.isSafeInteger(fen) || fen < 0 || Math.abs(fen - yuan * 100) > 1e-6)
    throw new RangeError(`Not an amount in yuan to the fen: ${yuan}`);
  return fen;
}

/** `¥1,234.50` from fen. */
export function formatFen(fen: number): string {
  const yuan = Math.floor(fen / 100);
  const rest = String(fen % 100).padStart(2, '0');
  return `¥${yuan.toLocaleString('en-US')}.${rest}`;
}

const DIGITS = ['零', '壹', '贰', '叁', '肆', '伍', '陆', '柒', '捌', '玖'];
const SMALL_UNITS = ['', '拾', '佰', '仟'];
const BIG_UNITS = ['', '万', '亿', '兆'];

/** One group of four digits (0-9999) in capitals, with 零 where a zero falls between digits. */
function group(n: number): string {
  let out = '';
  let zero = false;
  for (let i = 3; i >= 0; i--) {
    const d = Math.floor(n / 10 ** i) % 10;
    if (d === 0) {
      if (out !== '') zero = true;
      continue;
    }
    if (zero) out += '零';
    zero = false;
    out += DIGITS[d]! + SMALL_UNITS[i]!;
  }
  return out;
}

/**
 * The amount in Chinese capitals (大写金额) as on a receipt: 人民币 贰拾元整, 捌拾元伍角,
 * 壹万零伍元零陆分.
 */
export function fenToCapitals(fen: number): string {
  if (!Number.isSafeInteger(fen) || fen < 0) throw new RangeError(`Not an amount in fen: ${fen}`);
  const yuan = Math.floor(fen / 100);
  const jiao = Math.floor(fen / 10) % 10;
  const f = fen % 10;
  let integer = '';
  if (yuan === 0) integer = '';
  else {
    const groups: number[] = [];
    for (let v = yuan; v > 0; v = Math.floor(v / 10_000)) groups.push(v % 10_000);
    let needZero = false;
    for (let i = groups.length - 1; i >= 0; i--) {
      const g = groups[i]!;
      if (g === 0) {
        needZero = integer !== '';
        continue;
      }
      if (integer !== '' && (needZero || g < 1000)) integer += '零';
      integer += group(g) + BIG_UNITS[i]!;
      needZero = false;
    }
    integer += '元';
  }
  if (jiao === 0 && f === 0) return `${integer === '' ? '零元' : integer}整`;
  let decimals = '';
  if (jiao > 0) decimals += `${DIGITS[jiao]!}角`;
  else if (integer !== '') decimals += '零';
  if (f > 0) decimals += `${DIGITS[f]!}分`;
  return integer + decimals;
}
