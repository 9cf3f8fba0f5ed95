/**
 * The sections of the 共治 tab (/cogov): each part of co-governance adds ONE entry here — its
 * card on the tab's page (title and hint: `cogov.sections.<key>` and `<key>Hint` in
 * text-cogov.ts), where it leads, and its routes under /cogov (lazy pages in
 * web/src/citizen/cogov/<part>/). Texts: each part's own namespace (`addText('cogov<Part>', …)`).
 */
import { lazy, type ComponentType, type LazyExoticComponent } from 'react';

type Page = LazyExoticComponent<ComponentType>;

export interface CogovSection {
  key: string;
  /** Text keys of the card on the tab's page. */
  title: string;
  hint: string;
  /** Where the card leads (under /cogov). */
  to: string;
  /** Routes relative to /cogov. */
  routes: { path: string; page: Page }[];
}

/** A card leading to its first route: `cogov.sections.<key>` and `<key>Hint` are its texts. */
function section(key: string, routes: [path: string, page: Page][]): CogovSection {
  return {
    key,
    title: `cogov.sections.${key}`,
    hint: `cogov.sections.${key}Hint`,
    to: routes[0]![0],
    routes: routes.map(([path, page]) => ({ path, page })),
  };
}
/** A list page and one item of it (`<path>/:id`), served by one page. */
const listAndOne = (path: string, page: Page): [string, Page][] => [
  [path, page],
  [`${path}/:id`, page],
];

const proposals = lazy(() => import('./votes/Proposals'));
const consultations = lazy(() => import('./votes/Consultations'));
const notices = lazy(() => import('./civic/Notices'));
const volunteer = lazy(() => import('./civic/Volunteer'));
const points = lazy(() => import('./civic/Points'));
const drafts = lazy(() => import('./civic/Drafts'));

export const cogovSections: CogovSection[] = [
  // core: proposals and consultations with secret-ballot votes
  section('proposals', [...listAndOne('proposals', proposals), ['proposals/:id/edit', proposals]]),
  section('votes', listAndOne('votes', consultations)),
  // civic: notices, volunteers and points, drafts for comment
  section('notices', listAndOne('notices', notices)),
  section('volunteer', [
    ['volunteer', volunteer],
    ['points', points],
  ]),
  section('drafts', listAndOne('drafts', drafts)),
];
