import type { Migration } from '../../../platform/migrations.ts';
import { oidcMigration } from './oidc.ts';
import { registryMigration } from './registry.ts';
import { supervisionMigration } from './supervision.ts';
import { bridgeMigration } from './bridge.ts';

/**
 * Frozen. Each part of superapp has its own migration file with its own ids, in ascending order:
 * registry 202612300010, oidc 202612300020, supervision 202612300030, bridge 202612300040.
 */
export const superappMigrations: Migration[] = [
  registryMigration,
  oidcMigration,
  supervisionMigration,
  bridgeMigration,
];
