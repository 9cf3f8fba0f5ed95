/**
 * A service item (政务服务事项) with the national catalogue's elements (REFERENCE.md:
 * "Service items"). Stored versioned: editing a published item makes a new version, and a
 * case keeps the version it was filed under. The types are the schemas' (catalog.schemas.ts):
 * the shape is written once.
 */
import type { Static } from 'typebox';
import type {
  Channel as ChannelSchema,
  FormFieldSchema,
  FormSchema,
  ItemType as ItemTypeSchema,
  MaterialSchema,
  ServiceItemSchema,
  TimeLimitSchema,
} from './catalog.schemas.ts';

export type LocalText = { zh: string; en: string };
export type ItemType = Static<typeof ItemTypeSchema>;
export type Channel = Static<typeof ChannelSchema>;
export type TimeLimit = Static<typeof TimeLimitSchema>;
export type Material = Static<typeof MaterialSchema>;
export type ServiceItemData = Static<typeof ServiceItemSchema>;
export type FormField = Static<typeof FormFieldSchema>;
/** The application form: JSON Schema (draft 2020-12 subset) per field, with layout hints. */
export type FormDefinition = Static<typeof FormSchema>;
/** `today` (in the city's time zone) or a YYYY-MM-DD date: a date field's bound. */
export type DateBound = string;
