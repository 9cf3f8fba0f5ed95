/**
 * The catalogue in CKAN's shapes (CKAN 2.10 Action API): package, resource, organization, group,
 * tag dicts, as CKAN tools and harvesters (ckanapi, ckanext-harvest, DKAN) expect them.
 */
import type { GroupRow, OrganisationRow } from './opendata.repository.ts';
import type { DatasetView, ResourceView } from './opendata.types.ts';
import { FREQUENCY_URI, LICENCES, THEMES } from './opendata.vocabulary.ts';

export const ckanOrganization = (o: OrganisationRow, packageCount?: number) => ({
  id: o.name,
  name: o.name,
  title: o.title,
  display_name: o.title,
  description: o.description,
  type: 'organization',
  is_organization: true,
  state: 'active',
  approval_status: 'approved',
  image_url: '',
  image_display_url: '',
  created: o.created_at.toISOString().slice(0, 19),
  ...(packageCount === undefined ? {} : { package_count: packageCount }),
  extras: [
    { key: 'title_en', value: o.title_en },
    { key: 'department_code', value: o.code },
  ],
});

export const ckanGroup = (g: GroupRow, packageCount?: number) => ({
  id: g.name,
  name: g.name,
  title: g.title,
  display_name: g.title,
  description: g.description,
  type: 'group',
  is_organization: false,
  state: 'active',
  approval_status: 'approved',
  image_url: '',
  image_display_url: '',
  ...(packageCount === undefined ? {} : { package_count: packageCount }),
  extras: [
    { key: 'title_en', value: g.title_en },
    { key: 'theme_uri', value: g.theme_uri },
  ],
});

const ckanTime = (iso: string) => iso.slice(0, 23);

export const ckanResource = (r: ResourceView, base: string, position: number) => ({
  id: r.id,
  package_id: r.datasetId,
  name: r.name,
  description: r.description,
  format: r.format,
  mimetype: r.mediaType,
  url: `${base}${r.path}`,
  url_type: null,
  size: r.size,
  hash: r.sha256 ? `sha256:${r.sha256}` : '',
  created: ckanTime(r.createdAt),
  last_modified: ckanTime(r.createdAt),
  metadata_modified: ckanTime(r.createdAt),
  position,
  state: 'active',
  resource_type: r.format === 'API' ? 'api' : 'file',
  name_en: r.nameEn,
  row_count: r.rowCount,
});

export const ckanPackage = (d: DatasetView, base: string) => {
  const licence = LICENCES.find((l) => l.id === d.licenceId);
  const themes = THEMES.filter((t) => d.themes.includes(t.name));
  return {
    id: d.id,
    name: d.name,
    title: d.title,
    notes: d.notes,
    type: 'dataset',
    // CKAN's states: a withdrawn dataset is `deleted` (shown to its department only, as CKAN shows sysadmins).
    state: d.state === 'withdrawn' ? 'deleted' : d.state,
    private: false,
    isopen: true,
    version: d.version,
    url: `${base}/opendata/datasets/${d.name}`,
    author: d.organisation.title,
    author_email: d.contactEmail,
    maintainer: d.organisation.title,
    maintainer_email: d.contactEmail,
    license_id: d.licenceId,
    license_title: licence?.title ?? d.licenceId,
    license_url: licence?.url ?? '',
    metadata_created: ckanTime(d.createdAt),
    metadata_modified: ckanTime(d.modifiedAt),
    owner_org: d.organisation.name,
    organization: {
      id: d.organisation.name,
      name: d.organisation.name,
      title: d.organisation.title,
      description: d.organisation.description,
      type: 'organization',
      is_organization: true,
      state: 'active',
      approval_status: 'approved',
      image_url: '',
      created: ckanTime(d.organisation.createdAt),
    },
    groups: themes.map((t) => ({
      id: t.name,
      name: t.name,
      title: t.title,
      display_name: t.title,
      description: '',
      image_display_url: '',
    })),
    tags: d.tags.map((t) => ({ id: t, name: t, display_name: t, state: 'active', vocabulary_id: null })),
    num_tags: d.tags.length,
    resources: d.resources.map((r, i) => ckanResource(r, base, i)),
    num_resources: d.resources.length,
    relationships_as_object: [],
    relationships_as_subject: [],
    extras: [
      { key: 'title_en', value: d.titleEn },
      { key: 'notes_en', value: d.notesEn },
      { key: 'frequency', value: FREQUENCY_URI[d.updateFrequency] },
      { key: 'update_frequency', value: d.updateFrequency },
      { key: 'spatial_region_code', value: d.spatial.regionCode },
      ...(d.spatial.bbox ? [{ key: 'spatial', value: JSON.stringify(bboxPolygon(d.spatial.bbox)) }] : []),
      ...(d.temporal.start ? [{ key: 'temporal_start', value: d.temporal.start }] : []),
      ...(d.temporal.end ? [{ key: 'temporal_end', value: d.temporal.end }] : []),
      { key: 'theme', value: JSON.stringify(themes.map((t) => t.uri)) },
      { key: 'dcat_ap', value: `${base}/api/opendata/dcat/datasets/${d.name}.jsonld` },
    ],
  };
};

/** A bounding box as a GeoJSON polygon (ckanext-spatial's `spatial` extra). */
export const bboxPolygon = ([w, s, e, n]: [number, number, number, number]) => ({
  type: 'Polygon',
  coordinates: [
    [
      [w, s],
      [e, s],
      [e, n],
      [w, n],
      [w, s],
    ],
  ],
});
