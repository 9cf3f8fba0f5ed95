import { expect as baseExpect, test } from '@playwright/test';
import mqtt from 'mqtt';
import { ok } from './api.ts';
import { signInStaffApi, staffApi } from './callers.ts';
import { signInStaff } from './helpers.ts';

// 城市运行大屏: the operator opens the city screen from the console's menu; the map draws the
// communities (no tile server), the figures and the lazily loaded ECharts panels show the seeded
// 90 days; then an event opened elsewhere reaches the screen live, without a reload: in the feed,
// on the map and in the figures.

const expect = baseExpect.configure({ timeout: 20_000 });

test('the city screen shows the city and updates live when an event opens', async ({ page, browser, baseURL }) => {
  await page.setViewportSize({ width: 1600, height: 900 });
  const operator = await staffApi(browser, baseURL!, 'operator01');
  const before = await ok(operator.GET('/api/cityops/screen', { params: { query: {} } }));
  expect(before.total).toBeGreaterThan(1000);

  await signInStaff(page, 'operator01');
  await page.getByTestId('menu-city-screen').click();
  await expect(page.getByTestId('city-screen')).toBeVisible();
  await expect(page.getByTestId('screen-live')).toHaveText('实时');
  // The community polygons and the events on the map (Leaflet's canvas renderer: one canvas for the vectors).
  await expect(page.getByTestId('screen-map').locator('canvas').first()).toBeVisible();
  for (const chart of ['status', 'compliance', 'sources', 'trend', 'categories'])
    await expect(page.getByTestId(`screen-chart-${chart}`).locator('canvas')).toHaveCount(1);
  const unfinished = page.getByTestId('screen-count-unfinished');
  await expect(unfinished).toHaveText(before.unfinished.toLocaleString());
  await expect(page.getByTestId('screen-map-note')).toContainText(String(before.unfinished));

  // A reload would start a fresh feed: mark the page, and see the mark survive.
  await page.evaluate(() => document.body.setAttribute('data-no-reload', 'yes'));

  // A grid worker reports what they found on patrol (巡查上报), in their own grid.
  const grid = await staffApi(browser, baseURL!, 'grid01');
  const opened = await ok(
    grid.POST('/api/cityops/patrol', {
      body: { categoryCode: 'garbage', description: '巡查发现：路口垃圾堆放', lat: 27.5525, lng: 120.5532 },
    }),
  );
  // Heard twice: opened, then dispatched to the grid at once (routing).
  const items = page.getByTestId('screen-ticker-item').filter({ hasText: opened.number });
  await expect(items.first()).toBeVisible();
  await expect(items.first()).toContainText('网格巡查');
  await expect(unfinished).toHaveText((before.unfinished + 1).toLocaleString());
  await expect(page.locator('body')).toHaveAttribute('data-no-reload', 'yes');

  // English, still live.
  await page.getByTestId('screen-lang-en').click();
  await expect(page.getByTestId('screen-live')).toHaveText('Live');
  await expect(page.getByText('City operations screen')).toBeVisible();
});

// A water gauge's reading crosses its warning level (3.0 m), published over MQTT to the e2e
// server's broker as a device would: the sensors' rules raise an alert and open an event, and the
// screen hears both, the device's alert and the event, without a reload.
test('the city screen updates when a sensor crosses its threshold', async ({ page }) => {
  await page.setViewportSize({ width: 1600, height: 900 });
  // One sign-in, on the page's own context: its API calls and the page share the session.
  const operator = await signInStaffApi(page.request, 'operator01');
  const gauge = (
    await ok(operator.GET('/api/cityops/sensors', { params: { query: { type: 'water-level', status: 'normal' } } }))
  ).items[0]!;
  const before = await ok(operator.GET('/api/cityops/screen', { params: { query: {} } }));

  await page.goto('/console/screen');
  await expect(page.getByTestId('screen-live')).toHaveText('实时');
  await expect(page.getByTestId('screen-count-unfinished')).toHaveText(before.unfinished.toLocaleString());
  await page.evaluate(() => document.body.setAttribute('data-no-reload', 'yes'));

  // The device publishes on its readings topic, QoS 1 (docs/cityops-sensors.md); again should the
  // server's subscription not be in place yet (a reading above the level again opens nothing more).
  const device = await mqtt.connectAsync(process.env.YIWANG_E2E_MQTT_URL!, { clientId: `e2e-${gauge.id}` });
  try {
    await expect(async () => {
      await device.publishAsync(
        `${process.env.YIWANG_E2E_MQTT_PREFIX}/${gauge.id}/readings`,
        JSON.stringify({ values: { level: 3.6 } }),
        { qos: 1 },
      );
      const state = await ok(operator.GET('/api/cityops/sensors/{id}', { params: { path: { id: gauge.id } } }));
      expect(state.sensor.status).toBe('alert');
    }).toPass({ intervals: [200, 500, 1000] });
  } finally {
    await device.endAsync();
  }
  await expect(page.getByTestId('screen-ticker-item').filter({ hasText: gauge.id }).first()).toContainText('告警');
  await expect(page.getByTestId('screen-ticker-item').filter({ hasText: '物联感知' }).first()).toBeVisible();
  await expect(page.getByTestId('screen-count-unfinished')).toHaveText((before.unfinished + 1).toLocaleString());
  await expect(page.locator('body')).toHaveAttribute('data-no-reload', 'yes');
});
