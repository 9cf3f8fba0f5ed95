/** The city map in browser tests: tapping a point inside a grid, as a person picks a place. */
import { expect, type Page } from '@playwright/test';
import { boundsOf, centreOf } from '../web/src/shared/geo.ts';
import { ok, type Api } from './api.ts';

/** A point inside the grid, and where the map draws the grid on the page. */
export async function tapInGrid(page: Page, caller: Api, code: string): Promise<void> {
  const map = await ok(caller.GET('/api/cityops/map/communities'));
  const grid = map.features.find((f) => f.properties.code === code)!.geometry;
  const [w, s, e, n] = boundsOf(grid);
  const c = centreOf(grid);
  const path = page.locator(`path.yw-area-${code}`);
  await path.scrollIntoViewIfNeeded();
  // The map fits the chosen community, then settles: measure once the drawn grid stops moving.
  let box = await path.boundingBox();
  await expect(async () => {
    const again = await path.boundingBox();
    const same = JSON.stringify(again) === JSON.stringify(box);
    box = again;
    expect(same && box !== null && box.width > 20).toBe(true);
  }).toPass();
  // At a community's scale the projection is linear in longitude and, to well under a pixel, in latitude.
  await page.mouse.click(box!.x + ((c.lng - w) / (e - w)) * box!.width, box!.y + ((n - c.lat) / (n - s)) * box!.height);
}
