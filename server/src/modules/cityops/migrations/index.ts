import type { Migration } from '../../../platform/migrations.ts';
import { hotlineMigrations } from './hotline.ts';

/** cityops' migrations: each part in its own file with its own ids. Frozen once shipped. */
export const cityopsMigrations: Migration[] = [...hotlineMigrations];
