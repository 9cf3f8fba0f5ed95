// The citizen app's form checker (web/src/citizen/form-schema.ts), on fields as the demo
// catalogue writes them: which widget is drawn, the instant checks that mirror the server's
// schema, the conversion to the JSON the server stores, prefill and the server's error paths.
import { describe, expect, it } from 'vitest';
import {
  checkValue,
  choicesOf,
  formKeyOfPath,
  materialCodeOfPath,
  prefillValues,
  toInputValues,
  toServerValues,
  widgetOf,
} from '../src/citizen/form-schema';
import type { FormDefinition, FormField, OwnData } from '../src/shared/contract';

const ID_PATTERN = '^[1-9]\\d{16}[\\dX]$';
const USCC_PATTERN = '^[0-9A-HJ-NPQRTUWXY]{2}\\d{6}[0-9A-HJ-NPQRTUWXY]{10}$';
const MOBILE_PATTERN = '^1[3-9]\\d{9}$';

const field = (key: string, schema: Record<string, unknown>, extra: Partial<FormField> = {}): FormField => ({
  key,
  label: { zh: key, en: key },
  schema,
  ...extra,
});

// Fields of the demo catalogue (server/src/demo/items.ts), one of each kind.
const name = field('applicant_name', { type: 'string', minLength: 2, maxLength: 30 }, { widget: 'text' });
const idNumber = field('applicant_id_number', { type: 'string', pattern: ID_PATTERN }, { widget: 'idNumber' });
const phone = field('applicant_phone', { type: 'string', pattern: MOBILE_PATTERN }, { widget: 'phone' });
const uscc = field('company_uscc', { type: 'string', pattern: USCC_PATTERN }, { widget: 'uscc' });
const gender = field('child_gender', { type: 'string', enum: ['male', 'female'] }, { widget: 'radio' });
const birthDate = field('child_birth_date', { type: 'string', format: 'date' }, { widget: 'date' });
const capital = field('registered_capital', { type: 'number', exclusiveMinimum: 0 }, { widget: 'money' });
const amount = field('amount_yuan', { type: 'number', minimum: 0, multipleOf: 0.01 }, { widget: 'money' });
const employees = field('employee_count', { type: 'integer', minimum: 0, maximum: 100000 }, { widget: 'number' });
const changes = field(
  'change_items',
  {
    type: 'array',
    minItems: 1,
    uniqueItems: true,
    items: { type: 'string', enum: ['name', 'address', 'legal_rep', 'registered_capital'] },
  },
  { widget: 'checkbox' },
);
const remarks = field('remarks', { type: 'string', maxLength: 500 }, { widget: 'textarea', optional: true });
const consent = field('consent', { type: 'boolean' }, { widget: 'checkbox' });
const placeType = field(
  'place_type',
  {
    type: 'string',
    oneOf: [
      { const: 'salon', title: { zh: '美容美发店', en: 'Hair and beauty salon' } },
      { const: 'hotel', title: '旅馆' },
    ],
  },
  { widget: 'select' },
);

/** A valid 18-character citizen ID number: 17 digits and its GB 11643 check character. */
function citizenId(first17: string): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((acc, d, i) => acc + Number(d) * weights[i]!, 0);
  return first17 + '10X98765432'[sum % 11]!;
}

describe('widgetOf: what the app draws for a field', () => {
  it('keeps a hint that fits the schema', () => {
    expect(widgetOf(idNumber)).toBe('idNumber');
    expect(widgetOf(phone)).toBe('phone');
    expect(widgetOf(uscc)).toBe('uscc');
    expect(widgetOf(gender)).toBe('radio');
    expect(widgetOf(remarks)).toBe('textarea');
    expect(widgetOf(capital)).toBe('money');
  });

  it('follows the schema when the hint does not fit it', () => {
    expect(widgetOf(changes)).toBe('checkboxes'); // a multiple choice, whatever the hint
    expect(widgetOf(consent)).toBe('checkbox');
    expect(widgetOf(employees)).toBe('number');
    expect(widgetOf({ ...employees, widget: 'text' })).toBe('number');
    expect(widgetOf({ ...gender, widget: 'text' })).toBe('select'); // options need a picker
    expect(widgetOf({ ...name, widget: 'select' })).toBe('text'); // a picker needs options
    expect(widgetOf(field('d', { type: 'string', format: 'date' }))).toBe('date');
    expect(widgetOf(field('free', { type: 'array' }))).toBe('textarea');
  });
});

describe('choicesOf: the options of a choice', () => {
  it('reads enum values, oneOf constants with their titles, and the items of an array', () => {
    expect(choicesOf(gender)).toEqual([
      { value: 'male', title: null },
      { value: 'female', title: null },
    ]);
    expect(choicesOf(placeType)).toEqual([
      { value: 'salon', title: { zh: '美容美发店', en: 'Hair and beauty salon' } },
      { value: 'hotel', title: '旅馆' },
    ]);
    expect(choicesOf(changes)?.map((c) => c.value)).toEqual(['name', 'address', 'legal_rep', 'registered_capital']);
  });

  it('has none for free text, nor for a oneOf that is not a list of constants', () => {
    expect(choicesOf(name)).toBeNull();
    expect(choicesOf(field('x', { oneOf: [{ const: 'a' }, { type: 'string' }] }))).toBeNull();
  });
});

describe('checkValue: required answers', () => {
  it('asks for every field unless it is optional', () => {
    expect(checkValue(name, '')).toEqual({ code: 'REQUIRED' });
    expect(checkValue(name, undefined)).toEqual({ code: 'REQUIRED' });
    expect(checkValue(remarks, '')).toBeNull();
  });

  it('says "choose" for pickers and dates', () => {
    expect(checkValue(gender, undefined)).toEqual({ code: 'REQUIRED_CHOICE' });
    expect(checkValue(birthDate, '')).toEqual({ code: 'REQUIRED_CHOICE' });
    expect(checkValue(changes, [])).toEqual({ code: 'REQUIRED_CHOICE' });
  });

  it('takes spaces alone for no answer, and counts length without the spaces the server never sees', () => {
    expect(checkValue(name, '   ')).toEqual({ code: 'REQUIRED' });
    expect(checkValue(name, ' 李 ')).toEqual({ code: 'MIN_LENGTH', params: { n: 2 } });
    expect(checkValue(name, ' 李雷 ')).toBeNull();
  });

  it('never asks for a yes/no box: unticked is an answer', () => {
    expect(checkValue(consent, undefined)).toBeNull();
    expect(checkValue(consent, false)).toBeNull();
  });
});

describe('checkValue: patterns of ID numbers, mobile numbers and credit codes', () => {
  it('accepts well-formed numbers', () => {
    expect(checkValue(idNumber, citizenId('33030219900307123'))).toBeNull();
    expect(checkValue(idNumber, citizenId('11010519491231002'))).toBeNull(); // check character X
    expect(citizenId('11010519491231002')).toBe('11010519491231002X');
    expect(checkValue(phone, '13800138000')).toBeNull();
    expect(checkValue(uscc, '91330302MA2HXXX16L')).toBeNull();
  });

  it('names the kind of number that is wrong', () => {
    expect(checkValue(idNumber, '33030219900307123')).toEqual({ code: 'ID_NUMBER' }); // 17 characters
    expect(checkValue(idNumber, '03030219900307123X')).toEqual({ code: 'ID_NUMBER' }); // leading 0
    expect(checkValue(idNumber, '33030219900307123x')).toEqual({ code: 'ID_NUMBER' }); // lower-case x
    expect(checkValue(phone, '12800138000')).toEqual({ code: 'PHONE' }); // no 12x mobile numbers
    expect(checkValue(phone, '1380013800')).toEqual({ code: 'PHONE' });
    expect(checkValue(uscc, '91330302MA2HXXXI6L')).toEqual({ code: 'USCC' }); // I is not in the alphabet
    expect(checkValue(uscc, '91330302ma2hxxx16l')).toEqual({ code: 'USCC' });
  });

  it('checks an ID number’s check character (GB 11643) before sending, as the server does', () => {
    const valid = citizenId('33030219900307123');
    const wrongCheck = valid.slice(0, 17) + (valid[17] === '0' ? '1' : '0');
    expect(checkValue(idNumber, valid)).toBeNull();
    expect(checkValue(idNumber, wrongCheck)).toEqual({ code: 'ID_NUMBER_CHECKSUM' });
  });

  it('reports a plain pattern miss as PATTERN, and leaves a pattern the browser cannot read to the server', () => {
    const postcode = field('postcode', { type: 'string', pattern: '^\\d{6}$' });
    expect(checkValue(postcode, '32500')).toEqual({ code: 'PATTERN' });
    expect(checkValue(postcode, '325000')).toBeNull();
    expect(checkValue(field('odd', { type: 'string', pattern: '(?<' }), 'anything')).toBeNull();
  });
});

describe('checkValue: numbers as the inputs hold them (text)', () => {
  it('wants a number, and a whole one for an integer', () => {
    expect(checkValue(employees, '十二')).toEqual({ code: 'NUMBER' });
    expect(checkValue(employees, '1e3')).toEqual({ code: 'NUMBER' });
    expect(checkValue(employees, '12.5')).toEqual({ code: 'INTEGER' });
    expect(checkValue(employees, '12')).toBeNull();
  });

  it('keeps to the bounds, exclusive ones included', () => {
    expect(checkValue(employees, '-1')).toEqual({ code: 'MINIMUM', params: { n: 0 } });
    expect(checkValue(employees, '100001')).toEqual({ code: 'MAXIMUM', params: { n: 100000 } });
    expect(checkValue(capital, '0')).toEqual({ code: 'EXCLUSIVE_MINIMUM', params: { n: 0 } });
    expect(checkValue(capital, '0.5')).toBeNull();
    expect(checkValue(field('pct', { type: 'number', exclusiveMaximum: 100 }), '100')).toEqual({
      code: 'EXCLUSIVE_MAXIMUM',
      params: { n: 100 },
    });
  });

  it('allows money no finer than fen (multipleOf 0.01)', () => {
    expect(checkValue(amount, '12.345')).toEqual({ code: 'DECIMALS', params: { n: 2 } });
    expect(checkValue(amount, '12.30')).toBeNull();
    expect(checkValue(amount, '12')).toBeNull();
  });
});

describe('checkValue: choices, dates and lengths', () => {
  it('accepts only the listed options', () => {
    expect(checkValue(gender, 'female')).toBeNull();
    expect(checkValue(gender, 'other')).toEqual({ code: 'ENUM' });
    expect(checkValue(placeType, 'salon')).toBeNull();
    expect(checkValue(placeType, 'bar')).toEqual({ code: 'ENUM' });
  });

  it('checks each ticked option and the number ticked', () => {
    expect(checkValue(changes, ['name', 'address'])).toBeNull();
    expect(checkValue(changes, ['name', 'shareholders'])).toEqual({ code: 'ENUM' });
    const atMostTwo = field('two', { type: 'array', maxItems: 2, items: { enum: ['a', 'b', 'c'] } });
    expect(checkValue(atMostTwo, ['a', 'b', 'c'])).toEqual({ code: 'MAX_ITEMS', params: { n: 2 } });
    const atLeastTwo = field('two', { type: 'array', minItems: 2, items: { enum: ['a', 'b', 'c'] } });
    expect(checkValue(atLeastTwo, ['a'])).toEqual({ code: 'MIN_ITEMS', params: { n: 2 } });
  });

  it('wants a date that exists', () => {
    expect(checkValue(birthDate, '2024-02-29')).toBeNull();
    expect(checkValue(birthDate, '2023-02-29')).toEqual({ code: 'DATE' });
    expect(checkValue(birthDate, '2024-13-01')).toEqual({ code: 'DATE' });
    expect(checkValue(birthDate, '2024/02/01')).toEqual({ code: 'DATE' });
  });

  it('counts characters, not UTF-16 units', () => {
    const short = field('short', { type: 'string', maxLength: 2 });
    expect(checkValue(short, '𠀀𠀀')).toBeNull(); // two characters, four UTF-16 units
    expect(checkValue(short, '𠀀𠀀𠀀')).toEqual({ code: 'MAX_LENGTH', params: { n: 2 } });
  });
});

const definition: FormDefinition = {
  sections: [
    { title: { zh: '申请人', en: 'Applicant' }, fields: [name, idNumber, phone, employees, remarks] },
    { title: { zh: '申请事项', en: 'Request' }, fields: [capital, changes, consent, gender] },
  ],
};

describe('toServerValues / toInputValues: what the inputs hold and what the server stores', () => {
  it('sends numbers as numbers, trimmed text, and leaves empty answers out', () => {
    expect(
      toServerValues(definition, {
        applicant_name: '  李雷 ',
        applicant_phone: '   ',
        employee_count: ' 12 ',
        registered_capital: '50.5',
        remarks: '',
        change_items: ['name'],
        child_gender: undefined,
        not_in_the_form: 'dropped',
      }),
    ).toEqual({
      applicant_name: '李雷',
      employee_count: 12,
      registered_capital: 50.5,
      change_items: ['name'],
      consent: false, // an unticked box answers "no"
    });
  });

  it('sends a number it cannot read as the text typed, for the server to refuse', () => {
    expect(toServerValues(definition, { employee_count: '12 people' })).toMatchObject({ employee_count: '12 people' });
  });

  it('shows stored numbers as text and drops keys the form does not have', () => {
    expect(
      toInputValues(definition, {
        employee_count: 12,
        applicant_name: '李雷',
        consent: true,
        gone: 'x',
        remarks: null,
      }),
    ).toEqual({ employee_count: '12', applicant_name: '李雷', consent: true });
  });

  it('round-trips an application', () => {
    const stored = {
      applicant_name: '李雷',
      applicant_id_number: citizenId('33030219900307123'),
      employee_count: 7,
      registered_capital: 100,
      change_items: ['address'],
      consent: true,
      child_gender: 'male',
    };
    expect(toServerValues(definition, toInputValues(definition, stored))).toEqual(stored);
  });
});

describe('prefillValues: what the government already holds', () => {
  const prefilled: FormDefinition = {
    sections: [
      {
        title: { zh: '申请人', en: 'Applicant' },
        fields: [
          { ...name, prefill: 'person.name' },
          { ...idNumber, prefill: 'person.idNumber' },
          { ...phone, prefill: 'person.phone' },
          field('company_name', { type: 'string' }, { prefill: 'enterprise.name' }),
          { ...uscc, prefill: 'enterprise.uscc' },
          field('applicant_address', { type: 'string' }, { prefill: 'person.address' }),
        ],
      },
    ],
  };
  /** What GET /api/me/prefill answers for a verified citizen: values by source, identity fixed. */
  const citizen: OwnData = {
    values: { 'person.name': '陈晓明', 'person.idNumber': '330302199001011237', 'person.phone': '13800138000' },
    fixed: ['person.name', 'person.idNumber'],
  };

  it('fills every value the account holds, and fixes the applicant’s identity', () => {
    const { values, fixed } = prefillValues(prefilled, citizen);
    expect(values).toEqual({
      applicant_name: '陈晓明',
      applicant_id_number: '330302199001011237',
      applicant_phone: '13800138000',
    });
    expect([...fixed].sort()).toEqual(['applicant_id_number', 'applicant_name']);
  });

  it('fills the enterprise a person acts for', () => {
    const acting: OwnData = {
      values: { ...citizen.values, 'enterprise.name': '温州一网科技有限公司', 'enterprise.uscc': '91330302MA2HXXX16L' },
      fixed: [...citizen.fixed, 'enterprise.name', 'enterprise.uscc'],
    };
    const { values, fixed } = prefillValues(prefilled, acting);
    expect(values).toMatchObject({ company_name: '温州一网科技有限公司', company_uscc: '91330302MA2HXXX16L' });
    expect(fixed.has('company_uscc')).toBe(true);
  });

  it('leaves a field empty when the account holds nothing for it', () => {
    const { values, fixed } = prefillValues(prefilled, { values: {}, fixed: [] });
    expect(values).toEqual({});
    expect(fixed.size).toBe(0);
  });
});

describe('the server’s error paths', () => {
  it('finds the form field of a detail', () => {
    expect(formKeyOfPath('/form/applicant_phone')).toBe('applicant_phone');
    expect(formKeyOfPath('body:/form/change_items/1')).toBe('change_items');
    expect(formKeyOfPath('/materials/id_card')).toBeNull();
  });

  it('finds the material of a detail, but not a position in the list', () => {
    expect(materialCodeOfPath('/materials/id_card')).toBe('id_card');
    expect(materialCodeOfPath('body:/materials/business_licence/uploadId')).toBe('business_licence');
    expect(materialCodeOfPath('/materials/0')).toBeNull();
    expect(materialCodeOfPath('/form/applicant_name')).toBeNull();
  });
});
