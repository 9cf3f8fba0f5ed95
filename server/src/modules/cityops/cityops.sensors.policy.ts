/** Who may see and tune the sensor network. */
import { requireRole, type Principal } from '../../platform/auth.ts';

export const sensorsPermissions = ['cityops.sensors.read', 'cityops.sensors.rules.manage'] as const;

const READERS = ['city_operator', 'supervisor', 'grid_worker'] as const;

export const sensorsPolicy = {
  /** City operators, supervisors and grid workers read the devices and states of their regions. */
  read(p: Principal | null): { principal: Principal; regions: string[] } {
    const principal = requireRole(p, ...READERS);
    const regions = principal.posts
      .filter((x) => x.roles.some((r) => (READERS as readonly string[]).includes(r)))
      .map((x) => x.regionCode);
    return { principal, regions: [...new Set(regions)] };
  },
  /** City operators tune the rules (thresholds are the city's). */
  manageRules(p: Principal | null): Principal {
    return requireRole(p, 'city_operator');
  },
};
