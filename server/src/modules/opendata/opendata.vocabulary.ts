/**
 * The controlled vocabularies the catalogue uses (DCAT-AP 3 recommends the EU authority tables):
 * data themes (CKAN groups), update frequencies, licences.
 * https://op.europa.eu/en/web/eu-vocabularies/concept-scheme/-/resource?uri=http://publications.europa.eu/resource/authority/data-theme
 */
import type { UpdateFrequency } from './opendata.tables.ts';

const EU = 'http://publications.europa.eu/resource/authority';

export interface Theme {
  /** The CKAN group name (the EU code, lower case). */
  name: string;
  uri: string;
  title: string;
  titleEn: string;
}

const theme = (code: string, title: string, titleEn: string): Theme => ({
  name: code.toLowerCase(),
  uri: `${EU}/data-theme/${code}`,
  title,
  titleEn,
});

export const THEMES: readonly Theme[] = [
  theme('AGRI', '农业、渔业、林业和食品', 'Agriculture, fisheries, forestry and food'),
  theme('ECON', '经济和金融', 'Economy and finance'),
  theme('EDUC', '教育、文化和体育', 'Education, culture and sport'),
  theme('ENER', '能源', 'Energy'),
  theme('ENVI', '环境', 'Environment'),
  theme('GOVE', '政府和公共部门', 'Government and public sector'),
  theme('HEAL', '卫生健康', 'Health'),
  theme('INTR', '国际事务', 'International issues'),
  theme('JUST', '司法、法律和公共安全', 'Justice, legal system and public safety'),
  theme('REGI', '地区和城市', 'Regions and cities'),
  theme('SOCI', '人口和社会', 'Population and society'),
  theme('TECH', '科学和技术', 'Science and technology'),
  theme('TRAN', '交通', 'Transport'),
];

export const FREQUENCY_URI: Readonly<Record<UpdateFrequency, string>> = {
  continuous: `${EU}/frequency/UPDATE_CONT`,
  hourly: `${EU}/frequency/HOURLY`,
  daily: `${EU}/frequency/DAILY`,
  weekly: `${EU}/frequency/WEEKLY`,
  monthly: `${EU}/frequency/MONTHLY`,
  quarterly: `${EU}/frequency/QUARTERLY`,
  annual: `${EU}/frequency/ANNUAL`,
  irregular: `${EU}/frequency/IRREG`,
};

export interface Licence {
  id: string;
  title: string;
  url: string;
}

export const LICENCES: readonly Licence[] = [
  { id: 'cc-by-4.0', title: 'Creative Commons Attribution 4.0', url: 'https://creativecommons.org/licenses/by/4.0/' },
  { id: 'cc0-1.0', title: 'Creative Commons CCZero 1.0', url: 'https://creativecommons.org/publicdomain/zero/1.0/' },
  {
    id: 'odc-odbl',
    title: 'Open Data Commons Open Database License',
    url: 'https://opendatacommons.org/licenses/odbl/1-0/',
  },
];

/** The media types (IANA) of the resource formats, and the EU file-type authority's code for each. */
export const FORMATS = {
  CSV: { mediaType: 'text/csv', fileType: `${EU}/file-type/CSV`, extension: 'csv' },
  JSON: { mediaType: 'application/json', fileType: `${EU}/file-type/JSON`, extension: 'json' },
  GeoJSON: { mediaType: 'application/geo+json', fileType: `${EU}/file-type/GEOJSON`, extension: 'geojson' },
  API: { mediaType: 'application/json', fileType: `${EU}/file-type/JSON`, extension: 'json' },
} as const;
