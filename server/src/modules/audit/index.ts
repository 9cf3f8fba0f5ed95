/**
 * audit — the auditor's (安全审计员) read-only view of the audit trail. Writing is the
 * platform's (platform/audit.ts), in the transaction of each change.
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { Type } from 'typebox';
import { requireRole, type Principal } from '../../platform/auth.ts';
import type { Platform } from '../../platform/context.ts';
import { prefixPattern, scoped } from '../../platform/db.ts';
import { DateTime, Nullable, Obj, Paged, Uuid } from '../../platform/http.ts';
import { defineErrors } from '../../platform/errors.ts';
import { defineModule } from '../../platform/module.ts';
import type { PlatformTables } from '../../platform/tables.ts';

export interface AuditQuery {
  action?: string | undefined;
  actorId?: string | undefined;
  resourceType?: string | undefined;
  resourceId?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  page: number;
  pageSize: number;
}

export class AuditService {
  private readonly db: Kysely<PlatformTables>;
  constructor(platform: Platform) {
    this.db = scoped<PlatformTables>(platform.db);
  }

  /** Only the auditor reads the trail (三员分立: the admins cannot read their own traces away). */
  async search(p: Principal | null, f: AuditQuery) {
    requireRole(p, 'auditor');
    let q = this.db.selectFrom('platform.audit_log');
    // A prefix of the action, taken literally: `%` and `_` are characters, not wildcards.
    if (f.action) q = q.where('action', 'like', prefixPattern(f.action));
    if (f.actorId) q = q.where('actor_id', '=', f.actorId);
    if (f.resourceType) q = q.where('resource_type', '=', f.resourceType);
    if (f.resourceId) q = q.where('resource_id', '=', f.resourceId);
    if (f.from) q = q.where('at', '>=', new Date(f.from));
    if (f.to) q = q.where('at', '<', new Date(f.to));
    const [rows, count] = await Promise.all([
      q
        .selectAll()
        .orderBy('at', 'desc')
        .orderBy('id', 'desc')
        .offset((f.page - 1) * f.pageSize)
        .limit(f.pageSize)
        .execute(),
      q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return {
      total: Number(count.n),
      items: rows.map((r) => ({
        id: r.id,
        at: r.at.toISOString(),
        actorId: r.actor_id,
        actorKind: r.actor_kind,
        action: r.action,
        resourceType: r.resource_type,
        resourceId: r.resource_id,
        regionCode: r.region_code,
        requestId: r.request_id,
        ip: r.ip,
        changeHash: r.change_hash,
        detail: (r.detail ?? {}) as Record<string, unknown>,
      })),
    };
  }
}

const AuditItem = Obj(
  {
    id: Uuid(),
    at: DateTime(),
    actorId: Nullable(Uuid()),
    actorKind: Type.String(),
    action: Type.String(),
    resourceType: Type.String(),
    resourceId: Nullable(Type.String()),
    regionCode: Nullable(Type.String()),
    requestId: Nullable(Type.String()),
    ip: Nullable(Type.String()),
    changeHash: Type.String(),
    detail: Type.Record(Type.String(), Type.Unknown()),
  },
  { title: 'AuditRecord' },
);

export const auditModule = defineModule<{ service: AuditService }, Record<string, never>>({
  name: 'audit',
  migrations: [],
  permissions: ['audit.read'],
  events: {},
  /** The auditor's search answers only the platform's codes (UNAUTHENTICATED, FORBIDDEN, VALIDATION_FAILED). */
  errors: defineErrors('audit', {}),
  create(platform) {
    const service = new AuditService(platform);
    const plugin = async (fastify: FastifyInstance) => {
      const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
      app.get(
        '/audit',
        {
          schema: {
            tags: ['audit'],
            summary: 'Search the audit trail (auditor)',
            querystring: Obj({
              action: Type.Optional(Type.String({ maxLength: 100 })),
              actorId: Type.Optional(Uuid()),
              resourceType: Type.Optional(Type.String({ maxLength: 60 })),
              resourceId: Type.Optional(Type.String({ maxLength: 100 })),
              from: Type.Optional(DateTime()),
              to: Type.Optional(DateTime()),
              page: Type.Integer({ minimum: 1, maximum: 100_000, default: 1 }),
              pageSize: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
            }),
            response: { 200: Paged(AuditItem) },
          },
        },
        async (request) => service.search(request.principal, request.query),
      );
    };
    return { plugin, api: { service } };
  },
});
