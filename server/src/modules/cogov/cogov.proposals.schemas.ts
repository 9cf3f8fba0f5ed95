/** Proposals (居民提议) at the edge. */
import { Type, type Static } from 'typebox';
import { DateTime, Enum, Nullable, Obj, PageQuery, Paged, Uuid } from '../../platform/http.ts';
import { PhotoIds } from '../../platform/photos.ts';

export const AuthorDisplay = Enum('CogovAuthorDisplay', ['real', 'masked', 'pseudonym'], {
  description: 'How the author is shown: real name, masked (王*明), or community pseudonym',
});
export const ProposalStatus = Enum('CogovProposalStatus', [
  'open',
  'awaiting_answer',
  'accepted',
  'declined',
  'expired',
]);
export const PROPOSAL_CATEGORIES = [
  'environment',
  'facilities',
  'safety',
  'traffic',
  'elderly',
  'children',
  'culture',
  'other',
] as const;
export const ProposalCategory = Enum('CogovProposalCategory', [...PROPOSAL_CATEGORIES]);

/** What a proposal says: text, category, photos and where (a point in the city, an address, or neither). */
const ProposalContent = {
  title: Type.String({ minLength: 4, maxLength: 80 }),
  body: Type.String({ minLength: 10, maxLength: 4000 }),
  category: ProposalCategory,
  lat: Type.Optional(Type.Number({ minimum: -90, maximum: 90, description: 'With lng: a point in the city' })),
  lng: Type.Optional(Type.Number({ minimum: -180, maximum: 180 })),
  address: Type.Optional(Type.String({ maxLength: 200 })),
  photos: Type.Optional(PhotoIds()),
};

export const NewProposal = Obj({ ...ProposalContent, authorDisplay: AuthorDisplay }, { title: 'NewProposal' });
export type NewProposalT = Static<typeof NewProposal>;

export const EditProposal = Obj(ProposalContent, {
  title: 'EditProposal',
  description: 'The whole of what the proposal says, replacing what it said',
});
export type EditProposalT = Static<typeof EditProposal>;

export const ProposalSummary = Obj(
  {
    id: Uuid(),
    communityId: Uuid(),
    title: Type.String(),
    category: ProposalCategory,
    status: ProposalStatus,
    author: Type.String({ description: 'As the author chose to be shown' }),
    supportCount: Type.Integer(),
    threshold: Type.Integer(),
    supportUntil: DateTime(),
    answerDueAt: Nullable(DateTime()),
    overdue: Type.Boolean(),
    escalated: Type.Boolean(),
    hidden: Type.Boolean(),
    createdAt: DateTime(),
  },
  { title: 'CogovProposalSummary' },
);
export type ProposalSummaryT = Static<typeof ProposalSummary>;

export const ProposalComment = Obj(
  {
    id: Uuid(),
    parentId: Nullable(Uuid()),
    author: Type.String(),
    body: Type.String({ description: 'Empty when hidden by moderation (to others than its author)' }),
    hidden: Type.Boolean(),
    mine: Type.Boolean(),
    flagged: Type.Boolean({ description: 'The caller has flagged it' }),
    createdAt: DateTime(),
  },
  { title: 'CogovProposalComment' },
);

export const ProposalDetail = Obj(
  {
    ...ProposalSummary.properties,
    body: Type.String(),
    lat: Nullable(Type.Number()),
    lng: Nullable(Type.Number()),
    address: Nullable(Type.String()),
    photos: Type.Array(Uuid(), { description: 'GET /api/cogov/proposals/{id}/photos/{photoId}' }),
    editedAt: Nullable(DateTime()),
    answer: Nullable(Type.String()),
    plan: Nullable(Type.String()),
    answeredAt: Nullable(DateTime()),
    linkedEventNumber: Nullable(Type.String()),
    linkedCaseNumber: Nullable(Type.String()),
    mine: Type.Boolean(),
    mayEdit: Type.Boolean({ description: 'The author, while no one has supported it yet' }),
    supported: Type.Boolean(),
    following: Type.Boolean(),
    mayAnswer: Type.Boolean({ description: 'The caller sits on the committee that answers it' }),
    comments: Type.Array(ProposalComment),
  },
  { title: 'CogovProposalDetail' },
);
export type ProposalDetailT = Static<typeof ProposalDetail>;

export const ProposalQuery = Obj({
  communityId: Type.Optional(Uuid()),
  status: Type.Optional(ProposalStatus),
  escalated: Type.Optional(Type.Boolean({ description: 'Only those escalated to the city (overdue answers)' })),
  ...PageQuery,
});
export const ProposalPage = Paged(ProposalSummary);

export const NewComment = Obj({
  body: Type.String({ minLength: 1, maxLength: 1000 }),
  parentId: Type.Optional(Uuid()),
  authorDisplay: AuthorDisplay,
});

export const Answer = Obj({
  outcome: Enum('CogovAnswerOutcome', ['accepted', 'declined']),
  answer: Type.String({
    minLength: 4,
    maxLength: 4000,
    description: 'The plan when accepted, the reasons when declined',
  }),
  plan: Type.Optional(Type.String({ maxLength: 4000 })),
});

export const Link = Obj({
  eventNumber: Type.Optional(Type.String({ maxLength: 40 })),
  caseNumber: Type.Optional(Type.String({ maxLength: 40 })),
});
