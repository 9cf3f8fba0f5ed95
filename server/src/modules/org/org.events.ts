/** The events the org module emits (DESIGN.md §3.9), published in its `index.ts`. */
import { Type } from 'typebox';
import { POST_ROLES } from '../../platform/auth.ts';
import { UUID_PATTERN } from '../../platform/ids.ts';
import { defineEvents } from '../../platform/outbox.ts';

const Id = Type.String({ pattern: UUID_PATTERN });

export const orgEvents = defineEvents({
  /** A staff member took up a post (department or community, with its roles). */
  'org.post.created': Type.Object({ postId: Id, accountId: Id, roles: Type.Array(Type.Enum(POST_ROLES)) }),
  'org.post.ended': Type.Object({ postId: Id, accountId: Id }),
});
export type OrgEvents = typeof orgEvents;
