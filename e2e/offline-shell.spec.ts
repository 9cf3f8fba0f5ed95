import { expect, test } from '@playwright/test';

/**
 * The citizen app's service worker caches the app shell: once the app has been opened, the
 * cache holds the page and its entry script, and the home page opens again with no network.
 */
test('the service worker caches the app shell, and the app opens offline', async ({ page, context }) => {
  await page.goto('/');
  await expect(page.getByTestId('home-page')).toBeVisible();
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
  const cached = await page.evaluate(async () => {
    const names = (await caches.keys()).filter((k) => k.startsWith('yiwang-citizen-'));
    const urls: string[] = [];
    for (const n of names) for (const r of await (await caches.open(n)).keys()) urls.push(new URL(r.url).pathname);
    return urls;
  });
  const entry = await page.evaluate(
    () => new URL(document.querySelector<HTMLScriptElement>('script[type=module][src]')!.src).pathname,
  );
  expect(cached).toContain('/');
  expect(cached).toContain(entry);

  await context.setOffline(true);
  await page.reload();
  await expect(page.getByTestId('home-page')).toBeVisible();
  await context.setOffline(false);
});
