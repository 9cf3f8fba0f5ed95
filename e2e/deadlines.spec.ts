import { expect as baseExpect, test } from '@playwright/test';
import { api, ok } from './api.ts';
import { signInStaff } from './helpers.ts';

// 时限监督: the demo city's history has cases past their time limits, carded at seed time (黄牌 at
// the deadline, 红牌 three working days later). The supervisor opens 时限监督 from the menu and
// sees the most overdue case with its card; a department drills down; the cards tab lists cards.

const expect = baseExpect.configure({ timeout: 10_000 });

test('a supervisor sees an overdue case with its card', async ({ page }) => {
  await signInStaff(page, 'supervisor01');
  await page.getByTestId('menu-deadlines').click();
  await expect(page.getByTestId('deadlines-page')).toContainText('时限监督');

  // The same answer the page shows (the page's own session): the first listed line is the most overdue.
  const view = await ok(api(page.context().request).GET('/api/supervision/deadlines', { params: { query: {} } }));
  const first = view.lines[0]!;
  expect(first.flag).toBe('overdue');
  const card = first.cards.find((c) => c.color === 'red') ?? first.cards[0]!;
  expect(card).toBeDefined();
  const row = page.getByTestId('deadline-lines').locator('tr').filter({ hasText: first.caseNumber });
  await expect(row).toContainText('超期');
  await expect(row.getByTestId(`card-${card.color}-${first.caseNumber}`)).toHaveText(
    card.color === 'red' ? '红牌' : '黄牌',
  );

  // Drill into the case's department; the cards tab lists the cards issued.
  await page.getByTestId(`deadline-group-${first.departmentCode}`).click();
  await expect(page.getByTestId('deadlines-drill')).toBeVisible();
  await expect(page.getByTestId('deadline-lines')).toContainText(first.caseNumber);
  await page.getByTestId('deadlines-tab-cards').click();
  await expect(page.getByTestId('deadlines-page').locator('[data-testid^="card-"]').first()).toBeVisible();
});
