import { expect, test } from '@playwright/test';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { randomUUID } from 'node:crypto';
import { signInStaff } from './helpers.ts';

test.use({ viewport: { width: 1366, height: 860 } });

test('a system admin registers an external system, which takes a token; its token requests show; disabling it stops it', async ({
  page,
  baseURL,
}) => {
  await signInStaff(page, 'sysadmin');
  await page.getByTestId('menu-systems').click();
  const rows = page.getByTestId('systems-table').locator('tbody tr.ant-table-row');
  // The demo's example system (its private key is in docs/exchange-client.ts).
  await expect(rows.filter({ hasText: '温州市人民医院' })).toHaveCount(1);

  const pair = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
  const clientId = `e2e-${Date.now().toString(36)}`;
  await page.getByTestId('system-register').click();
  await page.getByTestId('system-name').fill('瑞安市人民医院');
  await page.getByTestId('system-name-en').fill("Rui'an People's Hospital");
  await page.getByTestId('system-client-id').fill(clientId);
  await page.getByTestId('system-organisation').fill('12330381470525741E');
  await page.getByTestId('system-jwk').fill(JSON.stringify(await exportJWK(pair.publicKey)));
  await page.getByTestId('system-save').click();
  const row = rows.filter({ hasText: clientId });
  await expect(row).toHaveCount(1);
  await expect(row.getByTestId('system-status')).toHaveText('启用');

  // The system signs a client assertion and takes a token.
  const tokenUrl = `${baseURL}/api/exchange/external/token`;
  const now = Math.floor(Date.now() / 1000);
  const assertion = await new SignJWT({ jti: randomUUID() })
    .setProtectedHeader({ alg: 'EdDSA' })
    .setIssuer(clientId)
    .setSubject(clientId)
    .setAudience(tokenUrl)
    .setIssuedAt(now)
    .setExpirationTime(now + 60)
    .sign(pair.privateKey);
  const form = {
    grant_type: 'client_credentials',
    client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
    client_assertion: assertion,
  };
  const issued = await page.request.post(tokenUrl, { form });
  expect(issued.status()).toBe(200);
  const replayed = await page.request.post(tokenUrl, { form });
  expect(await replayed.json()).toMatchObject({ error: 'invalid_client', code: 'EXCHANGE_ASSERTION_REPLAYED' });

  await row.getByTestId('system-sign-ins').click();
  const signIns = page.getByTestId('system-sign-ins-table').locator('tbody tr.ant-table-row');
  await expect(signIns).toHaveCount(2);
  await expect(signIns.first()).toContainText('EXCHANGE_ASSERTION_REPLAYED');
  await expect(signIns.nth(1)).toContainText('已签发');
  await page.keyboard.press('Escape');

  await row.getByTestId('system-disable').click();
  await page.getByTestId('system-disable-ok').click();
  await expect(row.getByTestId('system-status')).toHaveText('已停用');
  const token = ((await issued.json()) as { access_token: string }).access_token;
  const read = await page.request.post(`${baseURL}/api/exchange/external/read`, {
    headers: { authorization: `Bearer ${token}` },
    data: {
      registry: 'population-registry',
      subject: { idNumber: '33038319880615371X' },
      fields: ['name'],
      purpose: '测试',
      caseNumber: 'E2E-1',
      userId: 'e2e',
    },
  });
  expect(read.status()).toBe(401);
});
