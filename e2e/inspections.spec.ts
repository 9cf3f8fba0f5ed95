import { expect as baseExpect, test } from '@playwright/test';
import { ok } from './api.ts';
import { staffApi } from './callers.ts';

// Random inspections (双随机一公开): a supervisor commits a draw through the API; once the
// transparency log has signed a checkpoint after the commitment, the draw is made; anyone opens
// its public page, sees the commitment and the seed, and re-verifies it in the browser (WebCrypto).

const expect = baseExpect.configure({ timeout: 20_000 });

test('a published draw re-verifies in the browser', async ({ page, browser, baseURL }) => {
  test.setTimeout(90_000);
  const supervisor = await staffApi(browser, baseURL!, 'supervisor01');
  const items = (await ok(supervisor.GET('/api/inspections/items'))).items;
  const item = items.find((i) => i.code === 'AMR-SJ-001')!;
  const committed = await ok(
    supervisor.POST('/api/inspections/draws', { body: { itemId: item.id, ratioBasisPoints: 1_000 } }),
  );
  // The draw waits for the log's next checkpoint (409 until then).
  await expect
    .poll(
      async () =>
        (await supervisor.POST('/api/inspections/draws/{id}/draw', { params: { path: { id: committed.id } } })).response
          .status,
      { timeout: 60_000, intervals: [1_000] },
    )
    .toBe(200);

  await page.goto(`/inspections/draws/${committed.id}`);
  await expect(page.getByTestId('draw-commitment')).toHaveText(committed.commitment);
  await expect(page.getByTestId('draw-seed')).toBeVisible();
  await expect(page.getByTestId('draw-result')).toBeVisible();
  await page.getByTestId('draw-verify').click();
  await expect(page.getByTestId('draw-verdict')).toContainText('验证通过');
});
