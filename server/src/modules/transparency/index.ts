/**
 * transparency — a public, tamper-evident log (RFC 9162 Merkle tree) of every exercise of
 * public power: the audit records of case decisions, grants and consents, role and key
 * changes and certificates, and every read of personal data. One sequencer appends them in
 * order and signs checkpoints (C2SP signed notes); anyone fetches inclusion and consistency
 * proofs, and `yiwang verify-log` recomputes the whole tree from the database.
 */
import type { FastifyInstance } from 'fastify';
import { Poller } from '../../platform/poller.ts';
import { defineModule } from '../../platform/module.ts';
import { transparencyErrors } from './transparency.errors.ts';
import { transparencyRoutes } from './transparency.routes.ts';
import { SIGNING_KEY_CONTEXT, Sequencer, type SequencerSettings } from './transparency.sequencer.ts';
import { TransparencyService, type TransparencyDeps } from './transparency.service.ts';
import { transparencyMigrations } from './migrations/index.ts';

export { Sequencer, defaultSequencerSettings, type SequencerSettings } from './transparency.sequencer.ts';
export type { TransparencyService } from './transparency.service.ts';

export interface TransparencyApi {
  service: TransparencyService;
  sequencer: Sequencer;
  /** Run the sequencer every `everyMs` (and once now); `stop` waits for the run in progress. */
  start(everyMs: number): void;
  stop(): Promise<void>;
}

export const transparencyModule = defineModule<TransparencyApi, TransparencyDeps & { settings: SequencerSettings }>({
  name: 'transparency',
  migrations: transparencyMigrations,
  permissions: [],
  events: {},
  errors: transparencyErrors,
  sealed: [{ table: 'transparency.keys', key: ['key_hash'], column: 'private_enc', context: SIGNING_KEY_CONTEXT }],
  create(platform, deps) {
    const service = new TransparencyService(platform, deps);
    const sequencer = new Sequencer(platform, deps.settings);
    const poller = new Poller(
      () => sequencer.run(),
      (err) => platform.log.warn({ err }, 'transparency sequencer run failed'),
    );
    return {
      plugin: async (fastify: FastifyInstance) => transparencyRoutes(service)(fastify),
      api: {
        service,
        sequencer,
        start: (everyMs) => poller.start(everyMs),
        stop: () => poller.stop(),
      },
    };
  },
});
