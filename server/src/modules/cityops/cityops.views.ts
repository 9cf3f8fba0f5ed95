/**
 * Events as their viewers see them. Handlers never see who reported an anonymous event (no
 * account, no contact), and see a named reporter's contact masked; the reporter sees their own.
 */
import type { DataProtector } from '../../platform/crypto.ts';
import { PII } from '../../platform/pii.ts';
import { maskEmail, maskName, maskPhone } from '../../platform/masking.ts';
import type { CategoryFacts } from './cityops.categories.ts';
import type { Standing } from './cityops.policy.ts';
import type { EventRow, UpdateRow } from './cityops.repository.ts';
import type { Routing } from './cityops.routing.ts';

/** Seal contexts of the reporter's contact: the platform's for name and phone (one blind index of a phone everywhere). */
export const CONTACT = {
  name: PII.name,
  phone: PII.phone,
  email: 'cityops.events.contact-email',
} as const;

/** Statuses in which the event still waits for someone. */
export const LIVE_STATUSES = ['open', 'dispatched', 'processing', 'returned'] as const;
export const isLive = (status: string) => (LIVE_STATUSES as readonly string[]).includes(status);

type Names = Awaited<ReturnType<Routing['names']>>;

export function summaryOf(r: EventRow, names: Names, categories: Map<string, CategoryFacts>, now: Date) {
  const category = categories.get(r.category_code);
  return {
    id: r.id,
    number: r.number,
    status: r.status,
    source: r.source,
    category: { code: r.category_code, name: category?.name ?? { zh: r.category_code, en: r.category_code } },
    description: r.description,
    lat: r.lat,
    lng: r.lng,
    address: r.address,
    community: names.place(r.community_id),
    grid: names.place(r.grid_id),
    department: names.department(r.department_id),
    urgent: r.urgent,
    deadlineAt: r.deadline_at?.toISOString() ?? null,
    overdue: r.deadline_at !== null && isLive(r.status) && r.deadline_at.getTime() < now.getTime(),
    openedAt: r.opened_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
    closedAt: r.closed_at?.toISOString() ?? null,
    rating: r.rating,
  };
}

export interface ViewerFacts {
  standing: Standing;
  /** The viewer reported it (or follows it as a merged event's reporter). */
  reporter: boolean;
  mergedInto: { id: string; number: string } | null;
  now: Date;
}

function contactOf(r: EventRow, protector: DataProtector, own: boolean) {
  if (r.anonymous && !own) return null;
  const open = (v: string | null, ctx: string) => (v === null ? null : protector.open(v, ctx));
  const name = open(r.contact_name_enc, CONTACT.name);
  const phone = open(r.contact_phone_enc, CONTACT.phone);
  const email = open(r.contact_email_enc, CONTACT.email);
  if (name === null && phone === null && email === null) return null;
  return own
    ? { name, phone, email }
    : { name: maskName(name) ?? null, phone: maskPhone(phone) ?? null, email: maskEmail(email) ?? null };
}

export function detailOf(
  r: EventRow,
  names: Names,
  categories: Map<string, CategoryFacts>,
  protector: DataProtector,
  v: ViewerFacts,
) {
  const st = v.standing;
  const live = isLive(r.status);
  const reporter = v.reporter;
  return {
    ...summaryOf(r, names, categories, v.now),
    coDepartments: r.co_department_ids.map((id) => names.department(id)).filter((d) => d !== null),
    photos: r.photos.map((p) => p.id),
    closeNote: r.close_note,
    closePhotos: r.close_photos.map((p) => p.id),
    ratingComment: r.rating_comment,
    reopenUntil: r.reopen_until?.toISOString() ?? null,
    mergedInto: v.mergedInto,
    anonymous: r.anonymous,
    // Handlers see a named reporter's contact masked, an anonymous one's not at all; the reporter their own.
    contact: contactOf(r, protector, reporter && !st.staff),
    viewer: {
      staff: st.staff,
      reporter,
      mayDispatch: st.operator && live,
      mayHandle: (st.operator || st.gridWorker || st.department || st.coDepartment) && live,
      mayClose: (st.operator || st.gridWorker || st.department) && live,
      mayRate: reporter && r.status === 'closed' && r.rating === null,
      mayReopen:
        reporter && r.status === 'closed' && r.reopen_until !== null && v.now.getTime() <= r.reopen_until.getTime(),
    },
    token: reporter ? r.token : null,
    version: r.version,
  };
}

/** Who made an update, as the viewer may know: never a reporter's account. */
export function updateOf(u: UpdateRow, e: Pick<EventRow, 'reporter_account_id'>, followers: ReadonlySet<string>) {
  const by: 'reporter' | 'staff' | 'system' =
    u.actor_account_id === null
      ? 'system'
      : u.actor_account_id === e.reporter_account_id ||
          followers.has(u.actor_account_id) ||
          u.kind === 'rated' ||
          u.kind === 'reopened'
        ? 'reporter'
        : 'staff';
  return {
    id: u.id,
    at: u.at.toISOString(),
    kind: u.kind,
    statusAfter: u.status_after,
    note: u.note,
    photos: u.photos.map((p) => p.id),
    public: u.public,
    by,
  };
}
