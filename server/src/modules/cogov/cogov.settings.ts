/** A community's co-governance rules (cogov.community_settings), with the city's defaults. */
import type { Kysely, Transaction } from 'kysely';
import { scoped } from '../../platform/db.ts';
import type { CogovTables } from './cogov.tables.ts';

export interface CommunityRules {
  supportThreshold: number;
  supportDays: number;
  answerWorkingDays: number;
  hideAfterFlags: number;
}

/** Residents propose from this age (the city's rule; votes set their own minimum age). */
export const PROPOSE_MIN_AGE = 16;

export const DEFAULT_RULES: CommunityRules = {
  supportThreshold: 5,
  supportDays: 30,
  answerWorkingDays: 10,
  hideAfterFlags: 3,
};

export async function rulesOf(db: Kysely<object> | Transaction<object>, communityId: string | null) {
  if (!communityId) return DEFAULT_RULES;
  const r = await scoped<CogovTables>(db)
    .selectFrom('cogov.community_settings')
    .selectAll()
    .where('community_id', '=', communityId)
    .executeTakeFirst();
  return r
    ? {
        supportThreshold: r.support_threshold,
        supportDays: r.support_days,
        answerWorkingDays: r.answer_working_days,
        hideAfterFlags: r.hide_after_flags,
      }
    : DEFAULT_RULES;
}

export async function setRules(
  db: Kysely<object> | Transaction<object>,
  communityId: string,
  regionCode: string,
  rules: CommunityRules,
  at: Date,
) {
  const row = {
    support_threshold: rules.supportThreshold,
    support_days: rules.supportDays,
    answer_working_days: rules.answerWorkingDays,
    hide_after_flags: rules.hideAfterFlags,
    updated_at: at,
  };
  await scoped<CogovTables>(db)
    .insertInto('cogov.community_settings')
    .values({ community_id: communityId, region_code: regionCode, ...row })
    .onConflict((oc) => oc.column('community_id').doUpdateSet(row))
    .execute();
}
