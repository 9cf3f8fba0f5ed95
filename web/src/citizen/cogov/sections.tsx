/**
 * The sections of the 共治 tab (/cogov): each part of co-governance adds ONE entry here — its
 * card on the tab's page (title and hint text keys, where it leads) and its routes under
 * /cogov (lazy pages in web/src/citizen/cogov/<part>/). Texts: each part's own namespace
 * (`addText('cogov<Part>', …)` in its pages; the card's keys in text-cogov.ts's `sections`).
 */
import { lazy, type ComponentType, type LazyExoticComponent } from 'react';

export interface CogovSection {
  key: string;
  /** Text keys of the card on the tab's page. */
  title: string;
  hint: string;
  /** Where the card leads (under /cogov). */
  to: string;
  /** Routes relative to /cogov. */
  routes: { path: string; page: LazyExoticComponent<ComponentType> }[];
}

export const cogovSections: CogovSection[] = [
  // core: proposals and consultations with secret-ballot votes
  ...votesSections(),
  // civic: volunteers and points, notices, drafts for comment
  ...civicSections(),
];

function civicSections(): CogovSection[] {
  const volunteer = lazy(() => import('./civic/Volunteer'));
  const points = lazy(() => import('./civic/Points'));
  const notices = lazy(() => import('./civic/Notices'));
  const drafts = lazy(() => import('./civic/Drafts'));
  return [
    {
      key: 'notices',
      title: 'cogov.sections.notices',
      hint: 'cogov.sections.noticesHint',
      to: 'notices',
      routes: [
        { path: 'notices', page: notices },
        { path: 'notices/:id', page: notices },
      ],
    },
    {
      key: 'volunteer',
      title: 'cogov.sections.volunteer',
      hint: 'cogov.sections.volunteerHint',
      to: 'volunteer',
      routes: [
        { path: 'volunteer', page: volunteer },
        { path: 'points', page: points },
      ],
    },
    {
      key: 'drafts',
      title: 'cogov.sections.drafts',
      hint: 'cogov.sections.draftsHint',
      to: 'drafts',
      routes: [
        { path: 'drafts', page: drafts },
        { path: 'drafts/:id', page: drafts },
      ],
    },
  ];
}

function votesSections(): CogovSection[] {
  const proposals = lazy(() => import('./votes/Proposals'));
  const consultations = lazy(() => import('./votes/Consultations'));
  return [
    {
      key: 'proposals',
      title: 'cogov.sections.proposals',
      hint: 'cogov.sections.proposalsHint',
      to: 'proposals',
      routes: [
        { path: 'proposals', page: proposals },
        { path: 'proposals/:id', page: proposals },
      ],
    },
    {
      key: 'votes',
      title: 'cogov.sections.votes',
      hint: 'cogov.sections.votesHint',
      to: 'votes',
      routes: [
        { path: 'votes', page: consultations },
        { path: 'votes/:id', page: consultations },
      ],
    },
  ];
}
