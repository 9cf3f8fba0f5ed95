/** The events opendata emits (topic → payload schema); each part adds its own block. */
import { Type } from 'typebox';
import { defineEvents } from '../../platform/outbox.ts';

export const opendataEvents = defineEvents({
  // catalogue
  'opendata.release.published': Type.Object({
    datasetId: Type.String(),
    datasetName: Type.String(),
    versionId: Type.String(),
    version: Type.String(),
    departmentCode: Type.String(),
    pipelineId: Type.Union([Type.String(), Type.Null()]),
  }),
  'opendata.dataset.changed': Type.Object({ datasetId: Type.String(), datasetName: Type.String() }),
});
export type OpendataEvents = typeof opendataEvents;
