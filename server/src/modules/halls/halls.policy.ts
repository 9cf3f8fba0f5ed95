/**
 * Who may do what in halls. Every service method starts here.
 * - Halls, their hours, free slots, waiting figures and the calling screen are public.
 * - A citizen books, changes, cancels and checks in their own appointments; anyone else's
 *   answers like one that does not exist.
 * - A clerk opens a window of their own department in their region (the 综合窗口 belongs to
 *   the department running the hall), and works the queue only at the window they opened.
 * - Any clerk of the hall's region takes a walk-in number for an applicant at the desk.
 */
import { requirePrincipal, type Post, type Principal } from '../../platform/auth.ts';
import { forbidden } from '../../platform/errors.ts';
import { AppError } from '../../platform/errors.ts';

export const hallsPermissions = [
  'halls.appointment.book',
  'halls.appointment.change',
  'halls.appointment.cancel',
  'halls.ticket.check-in',
  'halls.ticket.walk-in',
  'halls.window.open',
  'halls.window.work',
  'halls.window.file',
] as const;

const clerkPosts = (p: Principal, regionCode: string): Post[] =>
  p.posts.filter((post) => post.regionCode === regionCode && post.roles.includes('clerk') && post.departmentCode);

export const policy = {
  /** Appointments are a signed-in citizen's own. */
  citizen(p: Principal | null): Principal {
    const principal = requirePrincipal(p);
    if (principal.kind !== 'citizen') throw forbidden('Appointments are booked by citizens');
    return principal;
  },

  /** A clerk of the hall's region (a walk-in number for the applicant at the desk). */
  clerkOfRegion(p: Principal | null, regionCode: string): Principal {
    const principal = requirePrincipal(p);
    if (principal.kind !== 'staff' || clerkPosts(principal, regionCode).length === 0)
      throw forbidden('Only the hall’s clerks take numbers for applicants');
    return principal;
  },

  /** Opening a window: a clerk of the window's department in the hall's region. */
  openWindow(p: Principal | null, w: { regionCode: string; departmentCode: string }): Principal {
    const principal = requirePrincipal(p);
    const posts = principal.kind === 'staff' ? clerkPosts(principal, w.regionCode) : [];
    if (!posts.some((post) => post.departmentCode === w.departmentCode))
      throw forbidden('This window belongs to another department');
    return principal;
  },

  /** Working a window's queue: the clerk who opened it. */
  atWindow(p: Principal | null, w: { clerkAccountId: string | null }): Principal {
    const principal = requirePrincipal(p);
    if (principal.kind !== 'staff' || w.clerkAccountId !== principal.accountId)
      throw new AppError(403, 'WINDOW_NOT_YOURS', 'You have not opened this window');
    return principal;
  },
};
