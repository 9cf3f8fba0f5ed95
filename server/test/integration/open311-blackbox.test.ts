/**
 * Open311 GeoReport v2, black-box: written from the specification (wiki.open311.org/GeoReport_v2,
 * Service_Discovery, and the servicerequestupdates extension), not from the server. The app is
 * started with the test harness and listens on a port; every assertion is about what plain
 * HTTP answers (fetch), in JSON and in XML, errors included. The only setup through the
 * console is issuing (and revoking) an API key, as a city operator would.
 */
import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, ok, signInStaff, type TestContext } from '../helpers.ts';

/** What the spec says a client may rely on. */
const W3C = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const REQUEST_FIELDS = [
  'service_request_id',
  'status',
  'status_notes',
  'service_name',
  'service_code',
  'description',
  'agency_responsible',
  'service_notice',
  'requested_datetime',
  'updated_datetime',
  'expected_datetime',
  'address',
  'address_id',
  'zipcode',
  'lat',
  'long',
  'media_url',
];
/** The demo city's jurisdiction (docs/open311.md): its region code. A point in it (Longgang, community 001). */
const JURISDICTION = '330383';
const POINT = { lat: '27.599396', long: '120.493069' };

type Json = Record<string, unknown>;
const xml = new XMLParser({
  parseTagValue: false,
  isArray: (_n, jpath) =>
    /\.(service|request|error|attribute|value|endpoint|format|request_update)$/.test(String(jpath)),
});

let ctx: TestContext;
let base: string;
let apiKey: string;
let keyId: string;

async function get(path: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${base}${path}`, { headers });
  return { status: res.status, type: res.headers.get('content-type') ?? '', text: await res.text() };
}
async function post(path: string, form: Record<string, string | string[]>, headers: Record<string, string> = {}) {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(form)) for (const one of [v].flat()) body.append(k, one);
  const res = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8', ...headers },
    body: body.toString(),
  });
  return { status: res.status, type: res.headers.get('content-type') ?? '', text: await res.text() };
}
const json = (r: { text: string }) => JSON.parse(r.text) as unknown;
const parseXml = (r: { text: string }) => xml.parse(r.text) as Json;

/** The spec's error answer: the status, and a list of { code, description } in the format asked for. */
function expectErrors(r: { status: number; type: string; text: string }, status: number, format: 'json' | 'xml') {
  expect(r.status).toBe(status);
  if (format === 'json') {
    expect(r.type).toMatch(/^application\/json; charset=utf-8/);
    const errors = json(r) as Json[];
    expect(Array.isArray(errors)).toBe(true);
    expect(errors.length).toBeGreaterThan(0);
    for (const e of errors) {
      expect(typeof e.code).toBe('number');
      expect(typeof e.description).toBe('string');
    }
    return errors;
  }
  expect(r.type).toMatch(/^text\/xml; charset=utf-8/);
  expect(r.text.startsWith('<?xml version="1.0" encoding="utf-8"?>')).toBe(true);
  const doc = parseXml(r) as { errors: { error: Json[] } };
  expect(doc.errors.error.length).toBeGreaterThan(0);
  for (const e of doc.errors.error) {
    expect(String(e.code)).toMatch(/^\d{3}$/);
    expect(typeof e.description).toBe('string');
  }
  return doc.errors.error;
}

async function newRequest(extra: Record<string, string | string[]> = {}): Promise<string> {
  const r = await post('/open311/v2/requests.json', {
    api_key: apiKey,
    service_code: serviceCode,
    ...POINT,
    description: 'Open311 黑盒测试：路面坑洞',
    ...extra,
  });
  expect(r.status).toBe(200);
  return (json(r) as Json[])[0]!.service_request_id as string;
}

let serviceCode: string;

beforeAll(async () => {
  ctx = await createTestApp({ seed: true });
  const address = await ctx.app.listen({ port: 0, host: '127.0.0.1' });
  base = address.replace('localhost', '127.0.0.1');
  // The one step outside the spec: a city operator issues a key in the console.
  const operator = await signInStaff(ctx, 'operator01');
  const issued = ok(
    await operator.POST('/api/cityops/open311/keys', { body: { name: 'Black-box client', contact: 'qa@example.org' } }),
  );
  apiKey = issued.key;
  keyId = issued.id;
}, 120_000);

afterAll(async () => {
  await ctx?.teardown();
});

describe('service discovery', () => {
  it('answers discovery.json and discovery.xml with every field, both formats listed', async () => {
    const j = await get('/open311/v2/discovery.json');
    expect(j.status).toBe(200);
    expect(j.type).toMatch(/^application\/json; charset=utf-8/);
    const d = json(j) as Json;
    for (const f of ['changeset', 'contact', 'key_service', 'endpoints']) expect(d).toHaveProperty(f);
    const endpoints = d.endpoints as Json[];
    const v2 = endpoints.find((e) => e.specification === 'http://wiki.open311.org/GeoReport_v2')!;
    expect(v2).toBeDefined();
    expect(v2.type === 'production' || v2.type === 'test').toBe(true);
    expect(v2.formats).toEqual(expect.arrayContaining(['text/xml', 'application/json']));
    expect(String(v2.url)).toMatch(/\/open311\/v2$/);

    const x = await get('/open311/v2/discovery.xml');
    expect(x.status).toBe(200);
    expect(x.type).toMatch(/^text\/xml; charset=utf-8/);
    expect(x.text.startsWith('<?xml version="1.0" encoding="utf-8"?>')).toBe(true);
    const doc = parseXml(x) as { discovery: { endpoints: { endpoint: Json[] } } };
    expect(doc.discovery.endpoints.endpoint[0]!.specification).toBe('http://wiki.open311.org/GeoReport_v2');
    const formats = (doc.discovery.endpoints.endpoint[0]!.formats as { format: string[] }).format;
    expect(formats).toEqual(expect.arrayContaining(['text/xml', 'application/json']));
  });
});

describe('GET services and service definitions', () => {
  it('lists services with the spec fields, the same in JSON and XML', async () => {
    const j = await get('/open311/v2/services.json');
    expect(j.status).toBe(200);
    const services = json(j) as Json[];
    expect(services.length).toBeGreaterThan(5);
    for (const s of services) {
      for (const f of ['service_code', 'service_name', 'description', 'metadata', 'type', 'keywords', 'group'])
        expect(s).toHaveProperty(f);
      expect(typeof s.metadata).toBe('boolean');
      expect(['realtime', 'batch', 'blackbox']).toContain(s.type);
    }
    serviceCode = (services.find((s) => s.metadata === false) ?? services[0]!).service_code as string;

    const x = await get('/open311/v2/services.xml');
    expect(x.status).toBe(200);
    const doc = parseXml(x) as { services: { service: Json[] } };
    expect(doc.services.service.map((s) => s.service_code)).toEqual(services.map((s) => s.service_code));
    expect(['true', 'false']).toContain(doc.services.service[0]!.metadata);
  });

  it('treats jurisdiction_id as optional, refuses one it does not serve (404), and an empty one is one not given', async () => {
    expect((await get(`/open311/v2/services.json?jurisdiction_id=${JURISDICTION}`)).status).toBe(200);
    expect((await get('/open311/v2/services.json?jurisdiction_id=')).status).toBe(200);
    expectErrors(await get('/open311/v2/services.json?jurisdiction_id=sfgov.org'), 404, 'json');
    expectErrors(await get('/open311/v2/services.xml?jurisdiction_id=sfgov.org'), 404, 'xml');
    expectErrors(await get('/open311/v2/requests.json?jurisdiction_id=sfgov.org'), 404, 'json');
  });

  it('gives each service with metadata a definition, and a 404 for an unknown service_code', async () => {
    const services = json(await get('/open311/v2/services.json')) as Json[];
    for (const s of services) {
      const d = await get(`/open311/v2/services/${String(s.service_code)}.json`);
      expect(d.status).toBe(200);
      const def = json(d) as { service_code: string; attributes: Json[] };
      expect(def.service_code).toBe(s.service_code);
      expect(Array.isArray(def.attributes)).toBe(true);
      expect(def.attributes.length > 0).toBe(s.metadata);
      for (const a of def.attributes) {
        for (const f of ['variable', 'code', 'datatype', 'required', 'datatype_description', 'order', 'description'])
          expect(a).toHaveProperty(f);
        expect(['string', 'number', 'datetime', 'text', 'singlevaluelist', 'multivaluelist']).toContain(a.datatype);
        if (a.datatype === 'singlevaluelist' || a.datatype === 'multivaluelist')
          for (const v of a.values as Json[]) expect(Object.keys(v).sort()).toEqual(['key', 'name']);
      }
      const x = await get(`/open311/v2/services/${String(s.service_code)}.xml`);
      expect(x.status).toBe(200);
      expect((parseXml(x) as { service_definition: Json }).service_definition.service_code).toBe(s.service_code);
    }
    expectErrors(await get('/open311/v2/services/no-such-service.json'), 404, 'json');
    expectErrors(await get('/open311/v2/services/no-such-service.xml'), 404, 'xml');
  });
});

describe('POST requests', () => {
  it('needs an api_key: none or a wrong one is a 403 in the format asked for', async () => {
    const form = { service_code: serviceCode, ...POINT, description: '没有密钥' };
    const e = expectErrors(await post('/open311/v2/requests.json', form), 403, 'json');
    expect(e[0]!.code).toBe(403);
    expectErrors(await post('/open311/v2/requests.xml', form), 403, 'xml');
    expectErrors(await post('/open311/v2/requests.json', { ...form, api_key: 'o311_not-a-key' }), 403, 'json');
    expectErrors(await post('/open311/v2/requests.json', { ...form, api_key: 'xyz' }), 403, 'json');
  });

  it('refuses a missing service_code (400), an unknown one (404), no location (400) and a long description (400)', async () => {
    expectErrors(await post('/open311/v2/requests.json', { api_key: apiKey, ...POINT }), 400, 'json');
    expectErrors(
      await post('/open311/v2/requests.json', { api_key: apiKey, service_code: 'no-such-service', ...POINT }),
      404,
      'json',
    );
    expectErrors(await post('/open311/v2/requests.xml', { api_key: apiKey, service_code: serviceCode }), 400, 'xml');
    expectErrors(
      await post('/open311/v2/requests.json', { api_key: apiKey, service_code: serviceCode, lat: POINT.lat }),
      400,
      'json',
    );
    expectErrors(
      await post('/open311/v2/requests.json', {
        api_key: apiKey,
        service_code: serviceCode,
        ...POINT,
        description: 'x'.repeat(4001),
      }),
      400,
      'json',
    );
    expectErrors(
      await post('/open311/v2/requests.json', {
        api_key: apiKey,
        service_code: serviceCode,
        ...POINT,
        jurisdiction_id: 'sfgov.org',
      }),
      404,
      'json',
    );
  });

  it('creates a request (realtime: a service_request_id, no token) and answers it in XML too', async () => {
    const r = await post('/open311/v2/requests.json', {
      api_key: apiKey,
      jurisdiction_id: JURISDICTION,
      service_code: serviceCode,
      ...POINT,
      email: 'reporter@example.org',
      first_name: 'Ming',
      last_name: 'Li',
      phone: '13800138000',
      description: '人行道上有个大坑\n请尽快处理',
      device_id: 'tt222111',
    });
    expect(r.status).toBe(200);
    expect(r.type).toMatch(/^application\/json; charset=utf-8/);
    const created = json(r) as Json[];
    expect(created).toHaveLength(1);
    expect(typeof created[0]!.service_request_id).toBe('string');
    expect(created[0]).not.toHaveProperty('token');
    expect(created[0]).toHaveProperty('service_notice');
    expect(created[0]).toHaveProperty('account_id');

    const x = await post('/open311/v2/requests.xml', {
      api_key: apiKey,
      service_code: serviceCode,
      address_string: '龙港市龙江社区世纪大道 1 号',
      description: 'XML 客户端上报',
    });
    expect(x.status).toBe(200);
    const doc = parseXml(x) as { service_requests: { request: Json[] } };
    expect(doc.service_requests.request).toHaveLength(1);
    expect(doc.service_requests.request[0]!.service_request_id).toMatch(/\S/);
  });

  it('checks a service definition: a required attribute missing, or a value not in its list, is a 400', async () => {
    const services = json(await get('/open311/v2/services.json')) as Json[];
    const withAttributes = services.find((s) => s.metadata === true);
    if (!withAttributes) return; // the city defines no attributes: nothing here to check
    const code = String(withAttributes.service_code);
    const def = json(await get(`/open311/v2/services/${code}.json`)) as { attributes: Json[] };
    const required = def.attributes.filter((a) => a.required === true && a.variable === true);
    if (required.length > 0) {
      const e = expectErrors(
        await post('/open311/v2/requests.json', { api_key: apiKey, service_code: code, ...POINT }),
        400,
        'json',
      );
      expect(e.length).toBeGreaterThanOrEqual(required.length);
    }
    const answers: Record<string, string | string[]> = {};
    for (const a of def.attributes.filter((x) => x.variable === true)) {
      const values = (a.values as Json[] | undefined) ?? [];
      const key = `attribute[${String(a.code)}]`;
      if (a.datatype === 'multivaluelist') answers[`${key}[]`] = values.map((v) => String(v.key));
      else if (a.datatype === 'singlevaluelist') answers[key] = String(values[0]!.key);
      else if (a.datatype === 'number') answers[key] = '3';
      else if (a.datatype === 'datetime') answers[key] = '2026-11-25T08:00:00Z';
      else answers[key] = '测试';
    }
    const good = await post('/open311/v2/requests.json', { api_key: apiKey, service_code: code, ...POINT, ...answers });
    expect(good.status).toBe(200);
    const list = def.attributes.find((a) => a.datatype === 'singlevaluelist' && a.variable === true);
    if (list)
      expectErrors(
        await post('/open311/v2/requests.json', {
          api_key: apiKey,
          service_code: code,
          ...POINT,
          ...answers,
          [`attribute[${String(list.code)}]`]: 'not-a-key',
        }),
        400,
        'json',
      );
  });

  it('answers a retry with the same Idempotency-Key with the same request (an extension)', async () => {
    const form = { api_key: apiKey, service_code: serviceCode, ...POINT, description: '重试' };
    const headers = { 'idempotency-key': `bb-${Date.now()}` };
    const first = await post('/open311/v2/requests.json', form, headers);
    const again = await post('/open311/v2/requests.json', form, headers);
    expect(first.status).toBe(200);
    expect((json(again) as Json[])[0]!.service_request_id).toBe((json(first) as Json[])[0]!.service_request_id);
    const other = await post('/open311/v2/requests.json', form);
    expect((json(other) as Json[])[0]!.service_request_id).not.toBe((json(first) as Json[])[0]!.service_request_id);
  });

  it('refuses a body that is not form-encoded (400)', async () => {
    const res = await fetch(`${base}/open311/v2/requests.json`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ api_key: apiKey, service_code: serviceCode, ...POINT }),
    });
    expectErrors(
      { status: res.status, type: res.headers.get('content-type') ?? '', text: await res.text() },
      400,
      'json',
    );
  });
});

describe('GET requests, a request and a token', () => {
  it('answers a request by id with every field, in JSON and XML', async () => {
    const id = await newRequest();
    const j = await get(`/open311/v2/requests/${id}.json`);
    expect(j.status).toBe(200);
    const [r] = json(j) as Json[];
    for (const f of REQUEST_FIELDS) expect(r).toHaveProperty(f);
    expect(r!.service_request_id).toBe(id);
    expect(r!.status).toBe('open');
    expect(r!.service_code).toBe(serviceCode);
    expect(r!.requested_datetime).toMatch(W3C);
    expect(r!.updated_datetime).toMatch(W3C);
    expect(r!.lat).toBeCloseTo(Number(POINT.lat), 5);
    expect(r!.long).toBeCloseTo(Number(POINT.long), 5);

    const x = await get(`/open311/v2/requests/${id}.xml`);
    expect(x.status).toBe(200);
    const doc = parseXml(x) as { service_requests: { request: Json[] } };
    const xr = doc.service_requests.request[0]!;
    expect(xr.service_request_id).toBe(id);
    expect(xr.status).toBe('open');
    for (const f of REQUEST_FIELDS) expect(xr).toHaveProperty(f);

    expectErrors(await get('/open311/v2/requests/SJ00000000000000.json'), 404, 'json');
    expectErrors(await get('/open311/v2/requests/SJ00000000000000.xml'), 404, 'xml');
  });

  it('filters by service_request_id (which overrides the rest), service_code, status and dates', async () => {
    const a = await newRequest();
    const b = await newRequest();
    const byIds = json(await get(`/open311/v2/requests.json?service_request_id=${a},${b}&status=closed`)) as Json[];
    expect(byIds.map((r) => r.service_request_id).sort()).toEqual([a, b].sort());

    const open = json(await get(`/open311/v2/requests.json?status=open&service_code=${serviceCode}`)) as Json[];
    expect(open.map((r) => r.service_request_id)).toEqual(expect.arrayContaining([a, b]));
    for (const r of open) {
      expect(r.status).toBe('open');
      expect(r.service_code).toBe(serviceCode);
    }
    const closed = json(await get(`/open311/v2/requests.json?status=closed&service_code=${serviceCode}`)) as Json[];
    expect(closed.map((r) => r.service_request_id)).not.toContain(a);
    // Newest first by default, within the most recent 90 days.
    const all = json(await get('/open311/v2/requests.json')) as Json[];
    expect(all.length).toBeLessThanOrEqual(200);
    const times = all.map((r) => Date.parse(String(r.requested_datetime)));
    expect([...times].sort((x, y) => y - x)).toEqual(times);

    const now = Date.parse(
      String((json(await get(`/open311/v2/requests/${a}.json`)) as Json[])[0]!.requested_datetime),
    );
    const iso = (t: number) => new Date(t).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const inRange = json(
      await get(`/open311/v2/requests.json?start_date=${iso(now - 3_600_000)}&end_date=${iso(now + 3_600_000)}`),
    ) as Json[];
    expect(inRange.map((r) => r.service_request_id)).toContain(a);
    const before = json(
      await get(`/open311/v2/requests.json?start_date=${iso(now - 7_200_000)}&end_date=${iso(now - 3_600_000)}`),
    ) as Json[];
    expect(before.map((r) => r.service_request_id)).not.toContain(a);

    const xmlList = parseXml(await get(`/open311/v2/requests.xml?service_request_id=${a}`)) as {
      service_requests: { request: Json[] };
    };
    expect(xmlList.service_requests.request.map((r) => r.service_request_id)).toEqual([a]);
  });

  it('refuses dates not in the W3C format, a range over 90 days, and an unknown status (400)', async () => {
    expectErrors(await get('/open311/v2/requests.json?start_date=yesterday'), 400, 'json');
    expectErrors(await get('/open311/v2/requests.json?start_date=2026-11-01T00:00:00'), 400, 'json');
    expectErrors(
      await get('/open311/v2/requests.xml?start_date=2026-01-01T00:00:00Z&end_date=2026-06-01T00:00:00Z'),
      400,
      'xml',
    );
    expectErrors(await get('/open311/v2/requests.json?status=pending'), 400, 'json');
  });

  it('answers a 404 for a token it does not know', async () => {
    expectErrors(await get('/open311/v2/tokens/no-such-token.json'), 404, 'json');
    expectErrors(await get('/open311/v2/tokens/no-such-token.xml'), 404, 'xml');
  });
});

describe('the servicerequestupdates extension', () => {
  const UPDATE_FIELDS = ['update_id', 'service_request_id', 'status', 'updated_datetime', 'description', 'media_url'];
  /** The extension's statuses (GET answers them in lower case). */
  const EXTENDED = [
    'open',
    'closed',
    'fixed',
    'in_progress',
    'action_scheduled',
    'investigating',
    'duplicate',
    'not_councils_responsibility',
    'no_further_action',
    'internal_referral',
    'reopen',
    'for_triage',
  ];
  const iso = (t: number) => new Date(t).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const updatesOf = async (id: string) =>
    json(await get(`/open311/v2/servicerequestupdates.json?service_request_id=${id}`)) as Json[];
  const update = (id: string, extra: Record<string, string> = {}) => ({
    api_key: apiKey,
    service_request_id: id,
    update_id: `fms-${id}-${Math.random().toString(36).slice(2)}`,
    status: 'IN_PROGRESS',
    updated_datetime: iso(Date.now()),
    description: '施工队已到场',
    ...extra,
  });

  it('lists request updates with the extension fields, in JSON and XML, in a date range', async () => {
    const id = await newRequest();
    const j = await get(`/open311/v2/servicerequestupdates.json?service_request_id=${id}`);
    expect(j.status).toBe(200);
    expect(j.type).toMatch(/^application\/json; charset=utf-8/);
    const updates = json(j) as Json[];
    expect(updates.length).toBeGreaterThan(0);
    for (const u of updates) {
      for (const f of UPDATE_FIELDS) expect(u).toHaveProperty(f);
      expect(u.service_request_id).toBe(id);
      expect(EXTENDED).toContain(u.status);
      expect(u.updated_datetime).toMatch(W3C);
      expect(typeof u.description).toBe('string');
      expect(typeof u.media_url).toBe('string');
    }
    const at = Date.parse(String(updates[0]!.updated_datetime));
    const inRange = json(
      await get(`/open311/v2/servicerequestupdates.json?start_date=${iso(at - 60_000)}&end_date=${iso(at + 60_000)}`),
    ) as Json[];
    expect(inRange.map((u) => u.update_id)).toContain(updates[0]!.update_id);
    const earlier = json(
      await get(
        `/open311/v2/servicerequestupdates.json?start_date=${iso(at - 7_200_000)}&end_date=${iso(at - 3_600_000)}`,
      ),
    ) as Json[];
    expect(earlier.map((u) => u.service_request_id)).not.toContain(id);

    const x = await get('/open311/v2/servicerequestupdates.xml');
    expect(x.status).toBe(200);
    expect(x.type).toMatch(/^text\/xml; charset=utf-8/);
    expect(x.text).toMatch(/^<\?xml version="1.0" encoding="utf-8"\?><service_request_updates[ />]/);
    const doc = parseXml(x) as { service_request_updates: { request_update: Json[] } };
    for (const u of doc.service_request_updates.request_update.slice(0, 20))
      for (const f of UPDATE_FIELDS) expect(u).toHaveProperty(f);
    expectErrors(await get('/open311/v2/servicerequestupdates.json?start_date=bad'), 400, 'json');
    expectErrors(await get('/open311/v2/servicerequestupdates.xml?end_date=2026-11-01'), 400, 'xml');
    expectErrors(
      await get('/open311/v2/servicerequestupdates.json?start_date=2026-01-01T00:00:00Z&end_date=2026-06-01T00:00:00Z'),
      400,
      'json',
    );
    expectErrors(await get('/open311/v2/servicerequestupdates.json?jurisdiction_id=sfgov.org'), 404, 'json');
  });

  it('is declared in discovery', async () => {
    const d = json(await get('/open311/v2/discovery.json')) as { endpoints: Json[] };
    const ext = d.endpoints.find((e) => /Open311-FMS/i.test(String(e.specification)));
    expect(ext).toBeDefined();
    expect(String(ext!.url)).toMatch(/\/open311\/v2$/);
  });

  it('POST needs an api_key (403), the fields (400, all at once), a known request (404) and a known status', async () => {
    const id = await newRequest();
    const { api_key: _key, ...noKey } = update(id);
    expectErrors(await post('/open311/v2/servicerequestupdates.json', noKey), 403, 'json');
    expectErrors(await post('/open311/v2/servicerequestupdates.xml', noKey), 403, 'xml');
    expectErrors(
      await post('/open311/v2/servicerequestupdates.json', { ...noKey, api_key: 'o311_wrong' }),
      403,
      'json',
    );
    const missing = expectErrors(
      await post('/open311/v2/servicerequestupdates.json', { api_key: apiKey, service_request_id: id }),
      400,
      'json',
    );
    expect(missing.length).toBeGreaterThanOrEqual(4); // update_id, status, updated_datetime, description
    expectErrors(
      await post('/open311/v2/servicerequestupdates.json', update(id, { updated_datetime: '2026-12-01 10:00' })),
      400,
      'json',
    );
    expectErrors(await post('/open311/v2/servicerequestupdates.xml', update(id, { status: 'PENDING' })), 400, 'xml');
    expectErrors(await post('/open311/v2/servicerequestupdates.json', update(id, { status: 'REOPEN' })), 400, 'json');
    expectErrors(await post('/open311/v2/servicerequestupdates.json', update('SJ00000000000000')), 404, 'json');
    expectErrors(
      await post('/open311/v2/servicerequestupdates.json', update(id, { jurisdiction_id: 'sfgov.org' })),
      404,
      'json',
    );
    // Nothing of the refused ones reached the request's updates.
    const after = await updatesOf(id);
    expect(after.map((u) => u.description)).not.toContain('施工队已到场');
  });

  it('POST acts on the request: in progress, then closed (XML, with a media_url); a retry answers the same update', async () => {
    const id = await newRequest();
    const progress = update(id);
    const r = await post('/open311/v2/servicerequestupdates.json', progress);
    expect(r.status).toBe(200);
    expect(r.type).toMatch(/^application\/json; charset=utf-8/);
    const made = json(r) as Json[];
    expect(made).toHaveLength(1);
    expect(typeof made[0]!.update_id).toBe('string');
    // The same update_id again (a client's retry): the same update, not a second one.
    const again = json(await post('/open311/v2/servicerequestupdates.json', progress)) as Json[];
    expect(again[0]!.update_id).toBe(made[0]!.update_id);
    let listed = await updatesOf(id);
    const mine = listed.filter((u) => u.update_id === made[0]!.update_id);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ service_request_id: id, status: 'in_progress', description: '施工队已到场' });
    expect((json(await get(`/open311/v2/requests/${id}.json`)) as Json[])[0]!.status).toBe('open');

    const x = await post(
      '/open311/v2/servicerequestupdates.xml',
      update(id, { status: 'FIXED', description: '坑洞已修补', media_url: 'https://example.org/after.jpg' }),
    );
    expect(x.status).toBe(200);
    expect(x.text.startsWith('<?xml version="1.0" encoding="utf-8"?><service_request_updates>')).toBe(true);
    const closedId = (parseXml(x) as { service_request_updates: { request_update: Json[] } }).service_request_updates
      .request_update[0]!.update_id;
    expect(String(closedId)).toMatch(/\S/);
    const [request] = json(await get(`/open311/v2/requests/${id}.json`)) as Json[];
    expect(request).toMatchObject({ status: 'closed', status_notes: '坑洞已修补' });
    listed = await updatesOf(id);
    expect(listed[0]).toMatchObject({
      update_id: closedId,
      status: 'closed',
      description: '坑洞已修补',
      media_url: 'https://example.org/after.jpg',
    });

    // A closed request takes a closing note, but is not reopened by a system.
    const note = await post(
      '/open311/v2/servicerequestupdates.json',
      update(id, { status: 'CLOSED', description: '回访：居民满意' }),
    );
    expect(note.status).toBe(200);
    expectErrors(await post('/open311/v2/servicerequestupdates.json', update(id, { status: 'OPEN' })), 400, 'json');
    expect((json(await get(`/open311/v2/requests/${id}.json`)) as Json[])[0]!.status).toBe('closed');
  });
});

describe('the rest of the URL space', () => {
  it('answers 404 in the spec format for a resource that does not exist', async () => {
    expectErrors(await get('/open311/v2/nothing.json'), 404, 'json');
    expectErrors(await get('/open311/v2/nothing.xml'), 404, 'xml');
    expectErrors(await get('/open311/v2/services/a/b.json'), 404, 'json');
  });

  it('stops taking a revoked key at once', async () => {
    const operator = await signInStaff(ctx, 'operator01');
    ok(await operator.POST('/api/cityops/open311/keys/{id}/revoke', { params: { path: { id: keyId } } }));
    expectErrors(
      await post('/open311/v2/requests.json', { api_key: apiKey, service_code: serviceCode, ...POINT }),
      403,
      'json',
    );
    expectErrors(
      await post('/open311/v2/servicerequestupdates.json', {
        api_key: apiKey,
        service_request_id: 'SJ00000000000000',
        update_id: 'revoked-1',
        status: 'OPEN',
        updated_datetime: '2026-12-01T10:00:00Z',
        description: '吊销后',
      }),
      403,
      'json',
    );
  });
});
