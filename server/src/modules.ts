/**
 * The platform's modules, in one place: their manifests in the order app.ts creates them, their
 * migrations as one ordered stream, and what the platform derives from all of them (sealed
 * fields for key rotation, the error catalogue). A new module is added here and created in app.ts.
 */
import { applicationsModule } from './modules/applications/index.ts';
import { auditModule } from './modules/audit/index.ts';
import { catalogModule } from './modules/catalog/index.ts';
import { cityopsModule } from './modules/cityops/index.ts';
import { cogovModule } from './modules/cogov/index.ts';
import { credentialsModule } from './modules/credentials/index.ts';
import { exchangeModule } from './modules/exchange/index.ts';
import { hallsModule } from './modules/halls/index.ts';
import { identityModule } from './modules/identity/index.ts';
import { inspectionsModule } from './modules/inspections/index.ts';
import { opendataModule } from './modules/opendata/index.ts';
import { notifyModule } from './modules/notify/index.ts';
import { orgModule } from './modules/org/index.ts';
import { paymentsModule } from './modules/payments/index.ts';
import { rightsModule } from './modules/rights/index.ts';
import { supervisionModule } from './modules/supervision/index.ts';
import { superappModule } from './modules/superapp/index.ts';
import { transparencyModule } from './modules/transparency/index.ts';
import { mergeErrorCatalogues } from './platform/errors.ts';
import { jobsMigrations } from './platform/jobs.migrations.ts';
import { platformSealedFields } from './platform/key-rotation.ts';
import type { MigrationSource } from './platform/migrations.ts';
import type { SealedField } from './platform/module.ts';
import { platformErrors } from './platform/platform.errors.ts';
import { platformMigrations } from './platform/platform.migrations.ts';
import { securityMigrations } from './platform/security.migrations.ts';

/** Every module's manifest, in the order app.ts creates them (their catalogues, sealed fields and events). */
export const manifests = [
  identityModule,
  orgModule,
  catalogModule,
  applicationsModule,
  notifyModule,
  auditModule,
  paymentsModule,
  hallsModule,
  exchangeModule,
  rightsModule,
  transparencyModule,
  credentialsModule,
  supervisionModule,
  inspectionsModule,
  cityopsModule,
  opendataModule,
  cogovModule,
  superappModule,
] as const;

/** Every module's migrations, as one ordered stream (the CLI's `migrate` uses this without an app). */
export const migrationSources: MigrationSource[] = [
  { module: 'platform', migrations: platformMigrations },
  { module: 'platform', migrations: jobsMigrations },
  { module: 'platform', migrations: securityMigrations },
  { module: identityModule.name, migrations: identityModule.migrations },
  { module: orgModule.name, migrations: orgModule.migrations },
  { module: catalogModule.name, migrations: catalogModule.migrations },
  { module: applicationsModule.name, migrations: applicationsModule.migrations },
  { module: notifyModule.name, migrations: notifyModule.migrations },
  { module: paymentsModule.name, migrations: paymentsModule.migrations },
  { module: hallsModule.name, migrations: hallsModule.migrations },
  { module: exchangeModule.name, migrations: exchangeModule.migrations },
  { module: transparencyModule.name, migrations: transparencyModule.migrations },
  { module: credentialsModule.name, migrations: credentialsModule.migrations },
  { module: supervisionModule.name, migrations: supervisionModule.migrations },
  { module: inspectionsModule.name, migrations: inspectionsModule.migrations },
  { module: cityopsModule.name, migrations: cityopsModule.migrations },
  { module: opendataModule.name, migrations: opendataModule.migrations },
  { module: cogovModule.name, migrations: cogovModule.migrations },
  { module: superappModule.name, migrations: superappModule.migrations },
];

/** Every sealed column and blind index the modules (and the platform) declare: what key rotation rewrites. */
export const sealedFields: readonly SealedField[] = [
  ...platformSealedFields,
  ...manifests.flatMap((m) => (m as { sealed?: readonly SealedField[] }).sealed ?? []),
];

/** Every error code the server answers with (the platform's and each module's), as published in the OpenAPI document. */
export const errorCatalogue = mergeErrorCatalogues([platformErrors, ...manifests.map((m) => m.errors)]);
