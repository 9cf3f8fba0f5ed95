import type { Migration } from '../../../platform/migrations.ts';
import { coreMigration } from './core.ts';
import { cityopsOpen311Migrations } from './open311.ts';
import { sensorsMigrations } from './sensors.ts';
import { hotlineMigrations } from './hotline.ts';
import { screenCountsMigration, screenMigration } from './screen.ts';

/**
 * Frozen. Each part of cityops has its own migration file with its own ids, in ascending order:
 * core 202612021800, open311 202612021810, sensors 202612021820, hotline 202612021830, screen 202612021840 and 202612030800.
 */
export const cityopsMigrations: Migration[] = [
  coreMigration,
  ...cityopsOpen311Migrations,
  ...sensorsMigrations,
  ...hotlineMigrations,
  screenMigration,
  screenCountsMigration,
];
