import type { Migration } from '../../../platform/migrations.ts';
import { coreMigration } from './core.ts';
import { cogovCivicMigrations } from './civic.ts';
import { proposalsMigration } from './proposals.ts';

/**
 * Frozen. Each part of cogov has its own migration file with its own ids, in ascending order:
 * core 202612031010, comment 202612031020, volunteers 202612031030, patrols 202612031040,
 * proposals' keys 202612210010.
 */
export const cogovMigrations: Migration[] = [coreMigration, ...cogovCivicMigrations, proposalsMigration];
