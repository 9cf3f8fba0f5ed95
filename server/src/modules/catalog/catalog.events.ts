/** The events the catalog module emits (DESIGN.md §3.9), published in its `index.ts`. */
import { Type } from 'typebox';
import { defineEvents } from '../../platform/outbox.ts';

const ItemVersion = Type.Object({ code: Type.String(), version: Type.Integer({ minimum: 1 }) });

export const catalogEvents = defineEvents({
  /** A new version of a service item is in the catalogue. */
  'catalog.item.published': ItemVersion,
  /** The item left the catalogue (its versions stay readable for the cases filed under them). */
  'catalog.item.retired': ItemVersion,
});
export type CatalogEvents = typeof catalogEvents;
