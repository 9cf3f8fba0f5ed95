/** A case with a fee for the browser tests: 居民身份证换领 (¥20 工本费, due before acceptance), filed by the demo citizen. */
import { randomUUID } from 'node:crypto';
import { expect } from '@playwright/test';
import { sampleAnswers } from '../server/src/demo/sample-answers.ts';
import type { CaseView, ItemDetail } from '../web/src/shared/contract.ts';
import { ok, upload, type Api } from './api.ts';
import { DEMO_OWN } from './callers.ts';
import { pdf } from './helpers.ts';

const ITEM_NAME = '居民身份证换领';
const OWN = DEMO_OWN;

/** Files the case through the API as the signed-in demo citizen (`caller`). */
export async function fileIdRenewal(caller: Api): Promise<CaseView> {
  const found = await ok(
    caller.GET('/api/catalog/items', { params: { query: { q: ITEM_NAME, page: 1, pageSize: 20 } } }),
  );
  const summary = found.items.find((i) => i.name.zh === ITEM_NAME);
  expect(summary, ITEM_NAME).toBeDefined();
  const item: ItemDetail = await ok(
    caller.GET('/api/catalog/items/{code}', { params: { path: { code: summary!.code } } }),
  );
  const materials = [];
  for (const m of item.item.materials.filter((x) => x.source === 'applicant' && x.required)) {
    const res = await upload(caller, `${m.code}.pdf`, pdf(`${m.code} ${randomUUID()}`));
    expect(res.response.status).toBe(201);
    materials.push({ code: m.code, uploadId: res.data!.id });
  }
  const res = await caller.POST('/api/applications/cases', {
    params: { header: { 'idempotency-key': `e2e-pay-${randomUUID()}` } },
    body: { itemCode: item.code, form: sampleAnswers(item.item.form, OWN), materials },
  });
  expect(res.response.status, JSON.stringify(res.error)).toBe(201);
  return res.data!;
}
