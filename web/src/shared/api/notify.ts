/** The signed-in person's messages and notification settings (server module notify). */
import { mutationOptions, queryOptions } from '@tanstack/react-query';
import { call, client } from '../client';
import type { NotificationSettingsInput } from '../contract';

export const notifyKeys = {
  all: ['notifications'] as const,
  list: (pageSize: number) => ['notifications', 'list', pageSize] as const,
  unread: ['notifications', 'unread'] as const,
  settings: ['notifications', 'settings'] as const,
};

export const notificationsQuery = (pageSize: number) =>
  queryOptions({
    queryKey: notifyKeys.list(pageSize),
    queryFn: ({ signal }) =>
      call(() => client.GET('/api/me/notifications', { params: { query: { pageSize } }, signal })),
  });

/** The unread count: asked again when the app is shown again (another device may have read them). */
export const unreadQuery = () =>
  queryOptions({
    queryKey: notifyKeys.unread,
    queryFn: ({ signal }) =>
      call(() => client.GET('/api/me/notifications/unread-count', { signal })).then((r) => r.count),
    refetchOnWindowFocus: 'always',
  });

export const settingsQuery = () =>
  queryOptions({
    queryKey: notifyKeys.settings,
    queryFn: ({ signal }) => call(() => client.GET('/api/me/notification-settings', { signal })),
  });

export const markRead = mutationOptions({
  mutationFn: (id: string) => call(() => client.POST('/api/me/notifications/{id}/read', { params: { path: { id } } })),
  onSuccess: (_data, _id, _result, { client: queries }) => void queries.invalidateQueries({ queryKey: notifyKeys.all }),
});

export const markAllRead = mutationOptions({
  mutationFn: () => call(() => client.POST('/api/me/notifications/read-all')),
  onSuccess: (_data, _vars, _result, { client: queries }) =>
    void queries.invalidateQueries({ queryKey: notifyKeys.all }),
});

/** Leave `email` out to keep the saved address (it is only ever shown masked); null forgets it. */
export const saveSettings = mutationOptions({
  mutationFn: (input: NotificationSettingsInput) =>
    call(() => client.PUT('/api/me/notification-settings', { body: input })),
  onSuccess: (settings, _input, _result, { client: queries }) => queries.setQueryData(notifyKeys.settings, settings),
});
