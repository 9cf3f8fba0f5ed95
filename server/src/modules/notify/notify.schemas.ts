/** TypeBox schemas of notify's routes (web/src/shared/applications.ts mirrors them). */
import { Type } from 'typebox';
import { DateTime, LocalText, Nullable, Obj, PageQuery, Uuid } from '../../platform/http.ts';

export const NotificationItem = Obj(
  {
    id: Uuid(),
    title: LocalText,
    body: LocalText,
    link: Nullable(Type.String({ description: 'An in-app path, e.g. /cases/<id>' })),
    createdAt: DateTime(),
    readAt: Nullable(DateTime()),
  },
  { title: 'Notification' },
);

export const ListQuery = Obj({
  unread: Type.Optional(Type.Boolean({ description: 'Only unread messages' })),
  ...PageQuery,
});

export const UnreadCount = Obj({ count: Type.Integer({ minimum: 0 }) }, { title: 'UnreadCount' });

export const Settings = Obj(
  {
    email: Nullable(Type.String({ description: 'Masked (脱敏), e.g. z***n@example.com' })),
    emailEnabled: Type.Boolean(),
  },
  { title: 'NotificationSettings' },
);

export const SettingsBody = Obj(
  {
    /** The full address to send to, null to forget it, or left out to keep the one saved (it is only ever shown masked). */
    email: Type.Optional(Nullable(Type.String({ maxLength: 254 }))),
    emailEnabled: Type.Boolean(),
  },
  { title: 'NotificationSettingsBody' },
);
