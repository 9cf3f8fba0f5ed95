/** Open311's formats and input rules, as pure functions: XML from the JSON shape, form bodies, dates. */
import { describe, expect, it } from 'vitest';
import { render, renderErrors, splitFormat, toXml } from '../../src/modules/cityops/cityops.open311.format.ts';
import {
  commaList,
  coordinate,
  parseForm,
  parseW3cDate,
  w3c,
} from '../../src/modules/cityops/cityops.open311.parse.ts';

describe('Open311 formats', () => {
  it('writes the XML declaration, then lists as repeated elements named after their parent', () => {
    expect(
      toXml('services', [
        { service_code: '001', metadata: true },
        { service_code: '002', metadata: false },
      ]),
    ).toBe(
      '<?xml version="1.0" encoding="utf-8"?><services><service><service_code>001</service_code><metadata>true</metadata></service>' +
        '<service><service_code>002</service_code><metadata>false</metadata></service></services>',
    );
    expect(toXml('discovery', { endpoints: [{ formats: ['text/xml', 'application/json'] }] })).toContain(
      '<endpoints><endpoint><formats><format>text/xml</format><format>application/json</format></formats></endpoint></endpoints>',
    );
    expect(toXml('service_definition', { attributes: [{ values: [{ key: 1, name: 'A' }] }] })).toContain(
      '<attributes><attribute><values><value><key>1</key><name>A</name></value></values></attribute></attributes>',
    );
  });

  it('escapes text, writes null as an empty element and an empty list as an empty root', () => {
    expect(toXml('errors', [{ code: 400, description: 'a <b> & "c"' }])).toContain(
      '<description>a &lt;b&gt; &amp; &quot;c&quot;</description>',
    );
    expect(toXml('service_requests', [{ account_id: null }])).toContain('<account_id></account_id>');
    expect(toXml('service_requests', [])).toBe(
      '<?xml version="1.0" encoding="utf-8"?><service_requests></service_requests>',
    );
  });

  it('answers JSON as the value itself, errors as a list, each with its content type', () => {
    expect(render('json', 'services', [{ a: 1 }])).toEqual({
      body: '[{"a":1}]',
      type: 'application/json; charset=utf-8',
    });
    expect(renderErrors('xml', [{ code: 403, description: 'x' }]).type).toBe('text/xml; charset=utf-8');
    expect(JSON.parse(renderErrors('json', [{ code: 404, description: 'y' }]).body)).toEqual([
      { code: 404, description: 'y' },
    ]);
  });

  it('takes the format from the extension', () => {
    expect(splitFormat('services.json')).toEqual({ name: 'services', format: 'json' });
    expect(splitFormat('SJ1.2.XML')).toEqual({ name: 'SJ1.2', format: 'xml' });
    expect(splitFormat('services')).toBeNull();
    expect(splitFormat('services.yaml')).toBeNull();
    expect(splitFormat('.json')).toBeNull();
  });
});

describe('Open311 input', () => {
  it('parses attribute[code] and attribute[code][] and drops empty values', () => {
    const f = parseForm('api_key=k&service_code=a&email=&attribute[A]=1&attribute%5BB%5D%5B%5D=x&attribute[B][]=y');
    expect(f.fields.get('api_key')).toBe('k');
    expect(f.fields.has('email')).toBe(false);
    expect(f.attributes.get('A')).toEqual(['1']);
    expect(f.attributes.get('B')).toEqual(['x', 'y']);
  });

  it('takes W3C date-times with a time zone only, and writes UTC to the second', () => {
    expect(parseW3cDate('2010-01-01T00:00:00Z')?.toISOString()).toBe('2010-01-01T00:00:00.000Z');
    expect(parseW3cDate('1994-11-05T08:15:30-05:00')?.toISOString()).toBe('1994-11-05T13:15:30.000Z');
    expect(parseW3cDate('2010-01-01T00:00:00')).toBeNull();
    expect(parseW3cDate('2010-01-01')).toBeNull();
    expect(parseW3cDate('2010-13-45T00:00:00Z')).toBeNull();
    expect(w3c(new Date('2026-12-02T10:00:00.123Z'))).toBe('2026-12-02T10:00:00Z');
    expect(w3c(null)).toBeNull();
  });

  it('reads comma lists and coordinates in range', () => {
    expect(commaList('a, b,,c')).toEqual(['a', 'b', 'c']);
    expect(commaList(undefined)).toEqual([]);
    expect(coordinate('27.5', 90)).toBe(27.5);
    expect(coordinate('91', 90)).toBeNull();
    expect(coordinate('1e3', 180)).toBeNull();
  });
});
