import type { Migration } from '../../../platform/migrations.ts';

/**
 * Frozen once shipped. Proposals (居民提议) filed once per Idempotency-Key (the applications'
 * mechanism, platform/idempotency.ts: the key and the request's hash under a unique constraint
 * per author), and the time of an author's last edit. The photos column was there from the core.
 */
export const proposalsMigration: Migration = {
  id: '202612210010_cogov_proposals_keys',
  up: [
    `alter table cogov.proposals add column idempotency_key text`,
    `alter table cogov.proposals add column request_hash text`,
    `alter table cogov.proposals add column edited_at timestamptz`,
    `alter table cogov.proposals add constraint proposals_key_with_hash
      check ((idempotency_key is null) = (request_hash is null))`,
    `create unique index proposals_idempotency on cogov.proposals (author_account_id, idempotency_key)
      where idempotency_key is not null`,
  ],
};
