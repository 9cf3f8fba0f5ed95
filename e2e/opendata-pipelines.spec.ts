import { expect, test } from '@playwright/test';
import { signInStaff } from './helpers.ts';

test.use({ viewport: { width: 1366, height: 860 } });

test("a data officer sees the city-events pipeline's release with its de-identification report, previews and releases it", async ({
  page,
}) => {
  await signInStaff(page, 'dataofficer01');
  await page.getByTestId('menu-pipelines').click();
  await expect(page.getByTestId('pipelines-page')).toBeVisible();
  const row = page
    .getByTestId('pipelines-table')
    .locator('tbody tr.ant-table-row')
    .filter({ has: page.getByTestId('pipeline-city-events') });
  await expect(row.getByTestId('pipeline-review-state')).toHaveText('已审核');
  await expect(row.getByTestId('pipeline-outcome')).toHaveText('已发布');
  await page.getByTestId('pipeline-city-events').click();

  await expect(page.getByTestId('pipeline-page')).toBeVisible();
  await expect(page.getByTestId('deid-spec')).toContainText('geometric');
  await expect(page.getByTestId('pipeline-columns')).toContainText('events');
  // The seeded run's report: k reached at least 5.
  const runs = page.getByTestId('pipeline-runs');
  await runs.locator('tbody tr.ant-table-row').first().locator('.ant-table-row-expand-icon').click();
  const k = await runs.getByTestId('deid-k').first().textContent();
  expect(Number(k!.split('/')[0])).toBeGreaterThanOrEqual(5);

  await page.getByTestId('pipeline-preview').click();
  const preview = page.getByTestId('pipeline-preview-result');
  await expect(preview.getByTestId('deid-report')).toBeVisible();
  await expect(preview.locator('tbody tr.ant-table-row').first()).toBeVisible();
  await page.keyboard.press('Escape');

  const before = await runs.locator('tbody tr.ant-table-row').count();
  await page.getByTestId('pipeline-run').click();
  await expect(runs.locator('tbody tr.ant-table-row')).toHaveCount(before + 1);
  await expect(runs.locator('tbody tr.ant-table-row').first().getByTestId('pipeline-outcome')).toHaveText('已发布');
});
