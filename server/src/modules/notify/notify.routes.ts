/** HTTP routes of notify: my inbox and my notification settings. */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { Platform } from '../../platform/context.ts';
import { scoped } from '../../platform/db.ts';
import { IdParams, Items, NoContent, Obj, Paged } from '../../platform/http.ts';
import { PII } from '../../platform/pii.ts';
import * as repo from './notify.repository.ts';
import type { NotifyTables } from './notify.tables.ts';
import * as S from './notify.schemas.ts';
import type { NotifyService, RequestMeta } from './notify.service.ts';

const meta = (r: FastifyRequest): RequestMeta => ({ requestId: String(r.id), ip: r.ip });

export function notifyRoutes(service: NotifyService) {
  const tags = ['notify'];
  return async function plugin(fastify: FastifyInstance): Promise<void> {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

    app.get(
      '/me/notifications',
      {
        schema: {
          tags,
          summary: 'My notifications, newest first (?unread=true for the unread ones)',
          querystring: S.ListQuery,
          response: { 200: Paged(S.NotificationItem) },
        },
      },
      async (request) => service.list(request.principal, request.query),
    );

    app.get(
      '/me/notifications/unread-count',
      {
        schema: {
          tags,
          summary: 'How many of my notifications are unread',
          response: { 200: S.UnreadCount },
        },
      },
      async (request) => service.unreadCount(request.principal),
    );

    app.post(
      '/me/notifications/read-all',
      {
        schema: { tags, summary: 'Mark all my notifications read', response: { 204: NoContent } },
      },
      async (request, reply) => {
        await service.markAllRead(request.principal, meta(request));
        return reply.status(204).send(null);
      },
    );

    app.post(
      '/me/notifications/:id/read',
      {
        schema: {
          tags,
          summary: 'Mark one of my notifications read',
          params: IdParams,
          response: { 204: NoContent },
        },
      },
      async (request, reply) => {
        await service.markRead(request.principal, request.params.id, meta(request));
        return reply.status(204).send(null);
      },
    );

    app.get(
      '/me/notification-settings',
      {
        schema: {
          tags,
          summary: 'My notification settings (the e-mail address masked)',
          response: { 200: S.Settings },
        },
      },
      async (request) => service.settings(request.principal),
    );

    app.put(
      '/me/notification-settings',
      {
        schema: {
          tags,
          summary: 'Set my e-mail address (or null) and whether notifications are e-mailed',
          body: S.SettingsBody,
          response: { 200: S.Settings },
        },
      },
      async (request) => service.saveSettings(request.principal, request.body, meta(request)),
    );
  };
}

/**
 * Development and browser tests only (`YIWANG_DEV_MESSAGES_API=true`, refused with an https
 * public URL): what the development SMS sink "sent" to a phone, newest first — how a
 * developer or a browser test reads a one-time code. Not in the API document.
 */
export function devMessagesRoute(platform: Platform) {
  const db = scoped<NotifyTables>(platform.db);
  return async function plugin(fastify: FastifyInstance): Promise<void> {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
    app.get(
      '/dev/messages',
      {
        schema: {
          hide: true,
          querystring: Obj({ phone: Type.String({ pattern: '^1[3-9]\\d{9}$' }) }),
          response: {
            200: Items(Obj({ to: Type.String(), body: Type.String(), createdAt: Type.String() })),
          },
        },
      },
      async (request) => {
        const rows = await repo.devMessagesTo(db, platform.protector.blindIndexes(request.query.phone, PII.phone), 20);
        return {
          items: rows.map((r) => ({ to: r.recipient_masked, body: r.body, createdAt: r.created_at.toISOString() })),
        };
      },
    );
  };
}
