/** Money in the payments module: fen from the catalogue's yuan, and amounts in Chinese capitals (大写) as receipts write them. */
import { describe, expect, it } from 'vitest';
import { fenToCapitals, formatFen, yuanToFen } from '../../src/modules/payments/money.ts';

describe('fen', () => {
  it("converts the catalogue's yuan to integer fen and refuses fractions of a fen", () => {
    expect(yuanToFen(20)).toBe(2000);
    expect(yuanToFen(19.99)).toBe(1999);
    expect(yuanToFen(0.1 + 0.2)).toBe(30);
    expect(() => yuanToFen(1.005)).toThrow(RangeError);
    expect(() => yuanToFen(-1)).toThrow(RangeError);
  });

  it('writes figures with a yuan sign, thousands and two decimals', () => {
    expect(formatFen(2000)).toBe('¥20.00');
    expect(formatFen(123456789)).toBe('¥1,234,567.89');
    expect(formatFen(5)).toBe('¥0.05');
  });
});

describe('大写', () => {
  it.each([
    [0, '零元整'],
    [2000, '贰拾元整'],
    [8000, '捌拾元整'],
    [8050, '捌拾元伍角'],
    [100_506, '壹仟零伍元零陆分'],
    [1_000_506, '壹万零伍元零陆分'],
    [1_010_000, '壹万零壹佰元整'],
    [10_000_000_00, '壹仟万元整'],
    [100_000_000_00, '壹亿元整'],
    [100_010_000_00, '壹亿零壹万元整'],
    [12, '壹角贰分'],
    [3, '叁分'],
    [123_456_789, '壹佰贰拾叁万肆仟伍佰陆拾柒元捌角玖分'],
  ])('%i fen is %s', (fen, words) => {
    expect(fenToCapitals(fen)).toBe(words);
  });
});
