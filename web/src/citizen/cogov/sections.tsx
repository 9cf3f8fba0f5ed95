/**
 * The sections of the 共治 tab (/cogov): each part of co-governance adds ONE entry here — its
 * card on the tab's page (title and hint text keys, where it leads) and its routes under
 * /cogov (lazy pages in web/src/citizen/cogov/<part>/). Texts: each part's own namespace
 * (`addText('cogov<Part>', …)` in its pages; the card's keys in text-cogov.ts's `sections`).
 */
import type { ComponentType, LazyExoticComponent } from 'react';

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

export const cogovSections: CogovSection[] = [];
