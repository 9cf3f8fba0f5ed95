/**
 * Who is asking: the principal built from the session, roles, and the guards every
 * service method calls first (DESIGN.md §3.7).
 */
import type { FastifyRequest } from 'fastify';
import type { ActorRef } from './audit.ts';
import { AppError, forbidden, unauthenticated } from './errors.ts';

export const ROLES = [
  'citizen',
  'enterprise_agent',
  'clerk',
  'reviewer',
  'approver',
  'department_admin',
  'city_operator',
  'grid_worker',
  'supervisor',
  'finance',
  'data_officer',
  'committee',
  'moderator',
  'app_reviewer',
  'system_admin',
  'security_admin',
  'auditor',
] as const;
export type Role = (typeof ROLES)[number];

/** 三员分立: no account may hold two of these. */
export const SEPARATED_ROLES = ['system_admin', 'security_admin', 'auditor'] as const satisfies readonly Role[];
/** Roles held through a staff post (department, region, community). */
export const POST_ROLES = [
  'clerk',
  'reviewer',
  'approver',
  'department_admin',
  'city_operator',
  'grid_worker',
  'supervisor',
  'finance',
  'data_officer',
  // 一网共治 (cogov): a community committee member (居委会), a moderator (of a community, or the city's when the post has none).
  'committee',
  'moderator',
  // 超级App: the platform's reviewer of mini-apps (registry reviews, suspensions, complaints).
  'app_reviewer',
] as const satisfies readonly Role[];
export type PostRole = (typeof POST_ROLES)[number];

export const ASSURANCE_LEVELS = ['registered', 'id_verified', 'in_person'] as const;
export type AssuranceLevel = (typeof ASSURANCE_LEVELS)[number];

export interface Post {
  id: string;
  departmentId: string | null;
  departmentCode: string | null;
  departmentName: string | null;
  regionCode: string;
  communityId: string | null;
  communityName: string | null;
  gridId: string | null;
  title: string;
  roles: PostRole[];
}

export interface ActingAs {
  enterpriseId: string;
  name: string;
  uscc: string;
}

export interface Principal {
  accountId: string;
  kind: 'citizen' | 'staff';
  displayName: string;
  roles: ReadonlySet<Role>;
  posts: readonly Post[];
  assuranceLevel: AssuranceLevel;
  actingAs: ActingAs | null;
  sessionId: string;
  csrfToken: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
  }
}

export function requirePrincipal(p: Principal | null | undefined): Principal {
  if (!p) throw unauthenticated();
  return p;
}

export const hasRole = (p: Principal, role: Role): boolean => p.roles.has(role);

export function requireRole(p: Principal | null | undefined, ...roles: Role[]): Principal {
  const principal = requirePrincipal(p);
  if (!roles.some((r) => principal.roles.has(r))) throw forbidden();
  return principal;
}

export function requireAssurance(p: Principal, level: AssuranceLevel): void {
  if (ASSURANCE_LEVELS.indexOf(p.assuranceLevel) < ASSURANCE_LEVELS.indexOf(level)) {
    throw new AppError(403, 'ASSURANCE_TOO_LOW', `This needs real-name assurance level "${level}"`);
  }
}

export function actorOf(request: FastifyRequest): ActorRef {
  const p = request.principal;
  return {
    accountId: p?.accountId ?? null,
    kind: p?.kind ?? 'anonymous',
    requestId: String(request.id),
    ip: request.ip,
  };
}

/** Where a request came from, as a service method receives it from its route. */
export interface RequestOrigin {
  requestId: string;
  ip: string | null;
}

/** The actor of a command a signed-in person asked for. */
export function principalActor(p: Principal, origin: RequestOrigin): ActorRef {
  return { accountId: p.accountId, kind: p.kind, requestId: origin.requestId, ip: origin.ip };
}
