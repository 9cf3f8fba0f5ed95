/**
 * The content-type registry of moderation: every part whose residents write text others read
 * (proposals and their comments here; policy comments, notices' replies in other parts)
 * registers its kind once, and flags, hiding after N flags, the moderator's review with a reason,
 * telling the author and the one appeal all work the same for it (cogov.moderation.ts).
 *
 * The part keeps a `hidden boolean not null default false` column on its own table, leaves
 * hidden rows out of what residents read, and implements `describe` and `setHidden` over
 * its own repository.
 */
import type { Transaction } from 'kysely';

/** What moderation needs to know of one item. */
export interface ContentFacts {
  regionCode: string;
  /** The community it belongs to (null: city-wide, moderated by the city's moderators). */
  communityId: string | null;
  authorAccountId: string | null;
  /** A short excerpt for the moderator (the part decides what; no personal data beyond the text). */
  excerpt: string;
  hidden: boolean;
}

export interface ContentType {
  /** Stable kind, e.g. 'proposal', 'proposal_comment', 'policy_comment'. */
  kind: string;
  /** The facts of one item, or null when there is none (read inside the moderation transaction). */
  describe(tx: Transaction<object>, id: string): Promise<ContentFacts | null>;
  /** Hide (after N flags, or by a moderator) or show again (restored). Inside the moderation transaction. */
  setHidden(tx: Transaction<object>, id: string, hidden: boolean): Promise<void>;
}

export class ContentTypes {
  private readonly kinds = new Map<string, ContentType>();

  register(type: ContentType): void {
    if (this.kinds.has(type.kind)) throw new Error(`content type ${type.kind} registered twice`);
    this.kinds.set(type.kind, type);
  }

  get(kind: string): ContentType | undefined {
    return this.kinds.get(kind);
  }

  list(): string[] {
    return [...this.kinds.keys()];
  }
}
