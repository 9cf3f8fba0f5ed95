/** The data-subject rights service, assembled from its use cases. */
import type { Platform } from '../../platform/context.ts';
import { expose } from '../../platform/module.ts';
import type { EventMap } from '../../platform/outbox.ts';
import type { RightsDeps } from './rights.context.ts';
import { Corrections } from './rights.corrections.ts';
import { PersonalExport } from './rights.export.ts';

export function rightsService(platform: Platform<EventMap>, deps: RightsDeps) {
  const corrections = new Corrections(deps);
  return {
    ...expose(new PersonalExport(platform, deps), 'export'),
    correctionTargets: (p: Parameters<Corrections['targets']>[0]) => corrections.targets(p),
  };
}

export type RightsService = ReturnType<typeof rightsService>;
