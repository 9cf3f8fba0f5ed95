/**
 * The events cogov emits (DESIGN.md §3.9). Participation points (another part) and
 * notifications subscribe to them. A vote's event names who voted, never how: it is written
 * with the voter record, apart from the ballot (docs/cogov.md, "Secret ballot").
 * Other parts add their topics here, one block each.
 */
import { Type } from 'typebox';
import { defineEvents } from '../../platform/outbox.ts';

const Id = Type.String({ minLength: 1 });

export const cogovEvents = defineEvents({
  // core: proposals
  'cogov.proposal.created': Type.Object({ proposalId: Id, communityId: Id, authorAccountId: Id }),
  'cogov.proposal.threshold-reached': Type.Object({ proposalId: Id, communityId: Id, answerDueAt: Type.String() }),
  'cogov.proposal.answered': Type.Object({
    proposalId: Id,
    communityId: Id,
    authorAccountId: Id,
    outcome: Type.Union([Type.Literal('accepted'), Type.Literal('declined')]),
  }),
  'cogov.proposal.escalated': Type.Object({ proposalId: Id, communityId: Id }),
  // core: consultations (who voted, never how)
  'cogov.vote.recorded': Type.Object({ consultationId: Id, accountId: Id }),
  'cogov.consultation.published': Type.Object({ consultationId: Id, ballots: Type.Integer() }),
  // core: moderation
  'cogov.content.moderated': Type.Object({
    kind: Id,
    contentId: Id,
    outcome: Type.Union([Type.Literal('hidden'), Type.Literal('restored')]),
  }),
});

export type CogovEvents = typeof cogovEvents;
