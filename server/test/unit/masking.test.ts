import { describe, it, expect } from 'vitest';
import { maskAddress, maskEmail, maskIdNumber, maskName, maskPhone } from '../../src/platform/masking.ts';

describe('masking', () => {
  it('masks ID numbers keeping the first 6 and last 4', () => {
    expect(maskIdNumber('33038319900101123X')).toBe('330383********123X');
    expect(maskIdNumber('330383900101123')).toBe('330383*****1123');
    expect(maskIdNumber('P1234567')).toBe('P******7');
    expect(maskIdNumber('')).toBe('');
  });

  it('masks phone numbers', () => {
    expect(maskPhone('13812348000')).toBe('138****8000');
    expect(maskPhone('+86 138 1234 8000')).toBe('+86 138 **** 8000');
    expect(maskPhone('8613812348000')).toBe('86138****8000');
    expect(maskPhone('0577-68881234')).toBe('0577-****1234');
    expect(maskPhone('12345')).toBe('1**45');
  });

  it('masks Chinese names', () => {
    expect(maskName('张三')).toBe('张*');
    expect(maskName('张三丰')).toBe('张*丰');
    expect(maskName('欧阳娜娜')).toBe('欧**娜');
    expect(maskName('王')).toBe('*');
    expect(maskName('买买提·艾力')).toBe('买**·*力');
  });

  it('masks Latin names word by word', () => {
    expect(maskName('Zhang San')).toBe('Z**** S**');
    expect(maskName('Jean-Luc Picard')).toBe('J***-L** P*****');
  });

  it('masks the house part of addresses', () => {
    expect(maskAddress('龙港市海城社区龙跃路12号301室')).toBe('龙港市海城社区龙跃路**号***室');
    expect(maskAddress('龙港市世纪大道88号')).toBe('龙港市世纪大道**号');
    expect(maskAddress('龙港市龙江社区')).toBe('龙港市龙江社区');
    expect(maskAddress('浙江省温州市龙港市白沙路3幢2单元501室')).toBe('浙江省温州市龙港市白沙路*幢*单元***室');
    expect(maskAddress('Room 1203, 88 Century Avenue')).toBe('Room ****, ** Century Avenue');
  });

  it('masks e-mail addresses', () => {
    expect(maskEmail('zhangsan@example.com')).toBe('z***n@example.com');
    expect(maskEmail('ab@example.com')).toBe('a*@example.com');
    expect(maskEmail('a@example.com')).toBe('*@example.com');
  });

  it('is null-safe', () => {
    expect(maskIdNumber(null)).toBeNull();
    expect(maskPhone(undefined)).toBeUndefined();
    expect(maskName(null)).toBeNull();
    expect(maskAddress(undefined)).toBeUndefined();
    expect(maskEmail(null)).toBeNull();
    expect(maskName('')).toBe('');
  });
});
