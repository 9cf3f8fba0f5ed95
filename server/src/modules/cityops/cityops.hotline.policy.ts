/** Who may use the 12345 desk: city operators of their own region; its figures also supervisors. */
import { requireRole, type Principal } from '../../platform/auth.ts';
import { forbidden } from '../../platform/errors.ts';

export const hotlinePermissions = [
  'cityops.hotline.call.record',
  'cityops.hotline.call.read',
  'cityops.hotline.knowledge.search',
  'cityops.hotline.figures.read',
] as const;

/** The regions where the principal holds a post with one of `roles`. */
const regionsOf = (p: Principal, roles: readonly string[]): string[] => [
  ...new Set(p.posts.filter((x) => x.roles.some((r) => roles.includes(r))).map((x) => x.regionCode)),
];

export interface DeskSeat {
  principal: Principal;
  /** The region calls are recorded in (the operator's first city_operator post). */
  regionCode: string;
  /** Every region whose calls the operator sees. */
  regions: string[];
}

export const hotlinePolicy = {
  /** A city operator (城市运行中心值班员) takes calls and reads the calls of their region. */
  desk(p: Principal | null): DeskSeat {
    const principal = requireRole(p, 'city_operator');
    const regions = regionsOf(principal, ['city_operator']);
    if (regions.length === 0) throw forbidden('The 12345 desk is for city operators with a post');
    return { principal, regionCode: regions[0]!, regions };
  },
  /** The 12345 figures: operators and supervisors of the region (the city screen). */
  figures(p: Principal | null): { principal: Principal; regions: string[] } {
    const principal = requireRole(p, 'city_operator', 'supervisor');
    return { principal, regions: regionsOf(principal, ['city_operator', 'supervisor']) };
  },
};
