/** Who may watch the city screen (城市运行大屏): the operations centre and the supervisors, for their region. */
import { requireRole, type Principal } from '../../platform/auth.ts';
import { forbidden } from '../../platform/errors.ts';

const WATCHERS = ['city_operator', 'supervisor'] as const;

export const screenPolicy = {
  /** The region whose screen the principal sees: their operator's or supervisor's post's. */
  view(p: Principal | null): { principal: Principal; regionCode: string } {
    const principal = requireRole(p, ...WATCHERS);
    const post = principal.posts.find((x) => x.roles.some((r) => (WATCHERS as readonly string[]).includes(r)));
    if (!post) throw forbidden('The city screen is for the operations centre and supervisors');
    return { principal, regionCode: post.regionCode };
  },
};
