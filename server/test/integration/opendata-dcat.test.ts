/**
 * DCAT-AP 3 export: the catalogue and a dataset, as Turtle and as JSON-LD, each parsed back
 * (n3; jsonld-streaming-parser) and validated offline against the DCAT-AP 3 SHACL shapes that ship
 * with the module (rdf-validate-shacl); the same graph without a title, a publisher or an access
 * URL does not conform, so the shapes do bite.
 */
import { readFileSync } from 'node:fs';
import { JsonLdParser } from 'jsonld-streaming-parser';
import { DataFactory, Parser, Store, type Quad } from 'n3';
import SHACLValidator from 'rdf-validate-shacl';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestContext } from '../helpers.ts';

let ctx: TestContext;
const shapes = new Store(
  new Parser().parse(
    readFileSync(new URL('../../src/modules/opendata/shapes/dcat-ap-3.shacl.ttl', import.meta.url), 'utf8'),
  ),
);
const DCAT = 'http://www.w3.org/ns/dcat#';
const DCT = 'http://purl.org/dc/terms/';

beforeAll(async () => {
  ctx = await createTestApp({ residents: 20 });
});
afterAll(async () => ctx.teardown());

async function get(url: string): Promise<{ type: string; body: string }> {
  const res = await ctx.app.inject({ method: 'GET', url });
  expect(res.statusCode).toBe(200);
  return { type: String(res.headers['content-type']), body: res.body };
}
const fromTurtle = (text: string) => new Store(new Parser().parse(text));
function fromJsonLd(text: string): Promise<Store> {
  return new Promise((resolve, reject) => {
    const store = new Store();
    const parser = new JsonLdParser();
    parser.on('data', (q: Quad) => store.addQuad(q));
    parser.on('error', reject);
    parser.on('end', () => resolve(store));
    parser.write(text);
    parser.end();
  });
}
async function validate(data: Store) {
  const report = await new SHACLValidator(shapes).validate(data);
  return {
    conforms: report.conforms,
    messages: report.results.map((r) => `${r.path?.value}: ${r.message.map((m) => m.value).join()}`),
  };
}

describe('DCAT-AP 3 export', () => {
  it('the catalogue, as Turtle and as JSON-LD, conforms', async () => {
    const ttl = await get('/api/opendata/dcat/catalog.ttl');
    expect(ttl.type).toContain('text/turtle');
    const turtle = fromTurtle(ttl.body);
    expect(await validate(turtle)).toEqual({ conforms: true, messages: [] });
    const datasets = turtle.getQuads(null, DataFactory.namedNode(`${DCAT}dataset`), null, null);
    expect(datasets).toHaveLength(3);

    const jl = await get('/api/opendata/dcat/catalog.jsonld');
    expect(jl.type).toContain('application/ld+json');
    const fromJson = await fromJsonLd(jl.body);
    expect(await validate(fromJson)).toEqual({ conforms: true, messages: [] });
    // The same triples either way (blank nodes aside).
    expect(fromJson.size).toBe(turtle.size);
  });

  it('a dataset conforms, and carries DCAT-AP metadata a harvester needs', async () => {
    const store = fromTurtle((await get('/api/opendata/dcat/datasets/city-events-weekly.ttl')).body);
    expect(await validate(store)).toEqual({ conforms: true, messages: [] });
    const one = (p: string) => store.getQuads(null, DataFactory.namedNode(p), null, null).map((q) => q.object.value);
    expect(one(`${DCT}accrualPeriodicity`)).toEqual([
      'http://publications.europa.eu/resource/authority/frequency/WEEKLY',
    ]);
    expect(one(`${DCAT}theme`)).toContain('http://publications.europa.eu/resource/authority/data-theme/REGI');
    expect(one(`${DCAT}downloadURL`)[0]).toMatch(/\/api\/opendata\/resources\/.+\/download$/);
    expect(one(`${DCAT}endpointURL`)[0]).toMatch(/\/api\/opendata\/live\//);
    const jsonld = await fromJsonLd((await get('/api/opendata/dcat/datasets/city-events-weekly.jsonld')).body);
    expect(await validate(jsonld)).toEqual({ conforms: true, messages: [] });
    expect((await ctx.app.inject({ method: 'GET', url: '/api/opendata/dcat/datasets/no-such.ttl' })).statusCode).toBe(
      404,
    );
  });

  it('does not conform without a title, a publisher or an access URL', async () => {
    const store = fromTurtle((await get('/api/opendata/dcat/catalog.ttl')).body);
    for (const p of [`${DCT}title`, `${DCT}publisher`, `${DCAT}accessURL`])
      store.removeQuads(store.getQuads(null, DataFactory.namedNode(p), null, null));
    const { conforms, messages } = await validate(store);
    expect(conforms).toBe(false);
    expect(messages.some((m) => m.startsWith(`${DCT}title`))).toBe(true);
    expect(messages.some((m) => m.startsWith(`${DCT}publisher`))).toBe(true);
    expect(messages.some((m) => m.startsWith(`${DCAT}accessURL`))).toBe(true);
  });
});
