/**
 * DCAT-AP 3 export (https://semiceu.github.io/DCAT-AP/releases/3.0.0/) of the catalogue and of each
 * dataset, as Turtle and as JSON-LD, from one set of triples. Controlled vocabularies are the EU
 * authority tables (data themes, frequencies, file types), as DCAT-AP recommends; nodes the
 * profile constrains by class (agent, licence, location, period, concept, media type) carry
 * their type. Validated offline against shapes/dcat-ap-3.shacl.ttl in the tests.
 */
import { DataFactory, Writer, type Quad, type Quad_Object } from 'n3';
import type { DatasetView } from './opendata.types.ts';
import { FORMATS, FREQUENCY_URI, LICENCES, THEMES } from './opendata.vocabulary.ts';

const { namedNode, literal, blankNode, quad } = DataFactory;

export const PREFIXES = {
  dcat: 'http://www.w3.org/ns/dcat#',
  dct: 'http://purl.org/dc/terms/',
  foaf: 'http://xmlns.com/foaf/0.1/',
  skos: 'http://www.w3.org/2004/02/skos/core#',
  vcard: 'http://www.w3.org/2006/vcard/ns#',
  spdx: 'http://spdx.org/rdf/terms#',
  adms: 'http://www.w3.org/ns/adms#',
  xsd: 'http://www.w3.org/2001/XMLSchema#',
  rdf: 'http://www.w3.org/1999/02/22-rdf-syntax-ns#',
  locn: 'http://www.w3.org/ns/locn#',
} as const;
type Prefix = keyof typeof PREFIXES;
const iri = (curie: `${Prefix}:${string}`) => {
  const [p, local] = curie.split(':') as [Prefix, string];
  return namedNode(PREFIXES[p] + local);
};
const TYPE = iri('rdf:type');
const xsd = (t: string) => namedNode(`${PREFIXES.xsd}${t}`);

export interface CatalogueMeta {
  base: string;
  title: string;
  titleEn: string;
  description: string;
  descriptionEn: string;
  publisherName: string;
  regionCode: string;
}

export class DcatGraph {
  readonly quads: Quad[] = [];
  readonly #typed = new Set<string>();
  readonly base: string;
  constructor(base: string) {
    this.base = base;
  }
  add(s: Quad['subject'], p: `${Prefix}:${string}`, o: Quad_Object): void {
    this.quads.push(quad(s, iri(p), o));
  }
  /** A node of a class (once). */
  typed(node: Quad['subject'], cls: `${Prefix}:${string}`): void {
    const key = `${node.value} ${cls}`;
    if (this.#typed.has(key)) return;
    this.#typed.add(key);
    this.quads.push(quad(node, TYPE, iri(cls)));
  }
  text(s: Quad['subject'], p: `${Prefix}:${string}`, zh: string, en?: string): void {
    if (zh) this.add(s, p, literal(zh, 'zh'));
    if (en) this.add(s, p, literal(en, 'en'));
  }
  datasetIri = (name: string) => namedNode(`${this.base}/opendata/datasets/${name}`);

  agent(name: string, nameEn: string, id: string): Quad['subject'] {
    const a = namedNode(`${this.base}/opendata/organisations/${id}`);
    this.typed(a, 'foaf:Agent');
    if (!this.#typed.has(`${a.value} named`)) {
      this.#typed.add(`${a.value} named`);
      this.text(a, 'foaf:name', name, nameEn);
    }
    return a;
  }

  dataset(d: DatasetView): void {
    const ds = this.datasetIri(d.name);
    this.typed(ds, 'dcat:Dataset');
    this.text(ds, 'dct:title', d.title, d.titleEn);
    this.text(ds, 'dct:description', d.notes, d.notesEn);
    this.add(ds, 'dct:identifier', literal(d.id));
    this.add(ds, 'dcat:landingPage', namedNode(`${this.base}/opendata/datasets/${d.name}`));
    this.add(ds, 'dct:publisher', this.agent(d.organisation.title, d.organisation.titleEn, d.organisation.name));
    for (const t of d.tags) this.add(ds, 'dcat:keyword', literal(t));
    for (const t of THEMES.filter((x) => d.themes.includes(x.name))) {
      const concept = namedNode(t.uri);
      this.add(ds, 'dcat:theme', concept);
      this.typed(concept, 'skos:Concept');
      this.text(concept, 'skos:prefLabel', t.title, t.titleEn);
    }
    const freq = namedNode(FREQUENCY_URI[d.updateFrequency]);
    this.add(ds, 'dct:accrualPeriodicity', freq);
    this.typed(freq, 'dct:Frequency');
    const place = namedNode(`${this.base}/opendata/regions/${d.spatial.regionCode}`);
    this.add(ds, 'dct:spatial', place);
    this.typed(place, 'dct:Location');
    if (d.spatial.bbox) {
      const [w, s, e, n] = d.spatial.bbox;
      this.add(
        place,
        'dcat:bbox',
        literal(
          `POLYGON((${w} ${s},${e} ${s},${e} ${n},${w} ${n},${w} ${s}))`,
          namedNode('http://www.opengis.net/ont/geosparql#wktLiteral'),
        ),
      );
    }
    if (d.temporal.start || d.temporal.end) {
      const period = blankNode();
      this.add(ds, 'dct:temporal', period);
      this.typed(period, 'dct:PeriodOfTime');
      if (d.temporal.start) this.add(period, 'dcat:startDate', literal(d.temporal.start, xsd('date')));
      if (d.temporal.end) this.add(period, 'dcat:endDate', literal(d.temporal.end, xsd('date')));
    }
    if (d.contactEmail) {
      const kind = blankNode();
      this.add(ds, 'dcat:contactPoint', kind);
      this.typed(kind, 'vcard:Kind');
      this.add(kind, 'vcard:fn', literal(d.organisation.title, 'zh'));
      this.add(kind, 'vcard:hasEmail', namedNode(`mailto:${d.contactEmail}`));
    }
    this.add(ds, 'dct:issued', literal(d.createdAt, xsd('dateTime')));
    this.add(ds, 'dct:modified', literal(d.modifiedAt, xsd('dateTime')));
    if (d.version) this.add(ds, 'dcat:version', literal(d.version));
    const licence = LICENCES.find((l) => l.id === d.licenceId);
    for (const r of d.resources) {
      const dist = namedNode(`${this.base}/opendata/resources/${r.id}`);
      this.add(ds, 'dcat:distribution', dist);
      this.typed(dist, 'dcat:Distribution');
      this.text(dist, 'dct:title', r.name, r.nameEn);
      if (r.description) this.text(dist, 'dct:description', r.description);
      const url = namedNode(`${this.base}${r.path}`);
      this.add(dist, 'dcat:accessURL', url);
      const format = namedNode(FORMATS[r.format].fileType);
      this.add(dist, 'dct:format', format);
      this.typed(format, 'dct:MediaTypeOrExtent');
      const media = namedNode(`https://www.iana.org/assignments/media-types/${FORMATS[r.format].mediaType}`);
      this.add(dist, 'dcat:mediaType', media);
      this.typed(media, 'dct:MediaType');
      if (licence) {
        const doc = namedNode(licence.url);
        this.add(dist, 'dct:license', doc);
        this.typed(doc, 'dct:LicenseDocument');
      }
      this.add(dist, 'dct:issued', literal(r.createdAt, xsd('dateTime')));
      if (r.format === 'API') {
        const service = namedNode(`${this.base}${r.path}#service`);
        this.add(dist, 'dcat:accessService', service);
        this.typed(service, 'dcat:DataService');
        this.text(service, 'dct:title', r.name, r.nameEn);
        this.add(service, 'dcat:endpointURL', url);
        this.add(service, 'dcat:endpointDescription', namedNode(`${this.base}/docs/opendata`));
        this.add(service, 'dcat:servesDataset', ds);
        continue;
      }
      this.add(dist, 'dcat:downloadURL', url);
      if (r.size !== null) this.add(dist, 'dcat:byteSize', literal(String(r.size), xsd('nonNegativeInteger')));
      if (r.sha256) {
        const sum = blankNode();
        this.add(dist, 'spdx:checksum', sum);
        this.typed(sum, 'spdx:Checksum');
        this.add(sum, 'spdx:algorithm', iri('spdx:checksumAlgorithm_sha256'));
        this.add(sum, 'spdx:checksumValue', literal(r.sha256, xsd('hexBinary')));
      }
    }
  }

  catalogue(meta: CatalogueMeta, datasets: readonly DatasetView[]): void {
    const cat = namedNode(`${this.base}/opendata/catalog`);
    this.typed(cat, 'dcat:Catalog');
    this.text(cat, 'dct:title', meta.title, meta.titleEn);
    this.text(cat, 'dct:description', meta.description, meta.descriptionEn);
    this.add(cat, 'dct:publisher', this.agent(meta.publisherName, meta.publisherName, `region-${meta.regionCode}`));
    this.add(cat, 'foaf:homepage', namedNode(`${this.base}/opendata`));
    const scheme = namedNode('http://publications.europa.eu/resource/authority/data-theme');
    this.add(cat, 'dcat:themeTaxonomy', scheme);
    this.typed(scheme, 'skos:ConceptScheme');
    for (const d of datasets) {
      this.add(cat, 'dcat:dataset', this.datasetIri(d.name));
      this.dataset(d);
    }
  }

  turtle(): Promise<string> {
    const writer = new Writer({ prefixes: { ...PREFIXES } });
    writer.addQuads(this.quads);
    return new Promise((resolve, reject) => writer.end((err, out) => (err ? reject(err) : resolve(out))));
  }

  /** JSON-LD (flattened: one node object per subject, full IRIs as keys, prefixes in the context). */
  jsonld(): { '@context': Record<string, string>; '@graph': Record<string, unknown>[] } {
    const nodes = new Map<string, Record<string, unknown>>();
    const id = (t: Quad['subject'] | Quad_Object) => (t.termType === 'BlankNode' ? `_:${t.value}` : t.value);
    const curie = (u: string) => {
      for (const [p, ns] of Object.entries(PREFIXES)) if (u.startsWith(ns)) return `${p}:${u.slice(ns.length)}`;
      return u;
    };
    for (const q of this.quads) {
      const key = id(q.subject);
      let node = nodes.get(key);
      if (!node) nodes.set(key, (node = { '@id': key }));
      if (q.predicate.equals(TYPE)) {
        ((node['@type'] ??= []) as string[]).push(curie(q.object.value));
        continue;
      }
      const o = q.object;
      const value =
        o.termType === 'Literal'
          ? o.language
            ? { '@value': o.value, '@language': o.language }
            : o.datatype.value === `${PREFIXES.xsd}string`
              ? { '@value': o.value }
              : { '@value': o.value, '@type': curie(o.datatype.value) }
          : { '@id': id(o) };
      ((node[curie(q.predicate.value)] ??= []) as unknown[]).push(value);
    }
    return { '@context': { ...PREFIXES }, '@graph': [...nodes.values()] };
  }
}
