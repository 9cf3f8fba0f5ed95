import type { Migration } from '../../../platform/migrations.ts';
import { catalogueMigrations } from './catalogue.ts';
import { pipelinesMigrations } from './pipelines.ts';
import { portalMigrations } from './portal.ts';

/**
 * Frozen. Each part of opendata has its own migration file with its own ids, in ascending order:
 * catalogue 202612031000.., pipelines 202612031100.., portal 202612031200... A part adds ONE line below.
 */
export const opendataMigrations: Migration[] = [
  ...catalogueMigrations, // catalogue
  ...pipelinesMigrations, // pipelines
  ...portalMigrations, // portal: API keys, live endpoints, data requests, withdrawal
];
