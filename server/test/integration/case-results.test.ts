/**
 * Completing a case with a result file (办结文书), and what changed after a correction (补正):
 * - staff upload the result document and attach it when they complete; the applicant (acting
 *   for the enterprise) downloads it, staff of the department too; another citizen and staff
 *   of another department are answered as for a case that does not exist; files go only with
 *   the action that gives the result, and only one's own uploads;
 * - after a resubmission the reviewer sees the form fields (before → after) and the materials
 *   (added, replaced, removed) the applicant changed, exactly, across two rounds; the previous
 *   form stays sealed at rest; the applicant's view carries none of it.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActionBody, EnterpriseLink } from '../../../contract/openapi.ts';
import { DEMO_CITIZEN } from '../../src/demo/accounts.ts';
import { DEMO_ITEMS } from '../../src/demo/items.ts';
import { sampleAnswers } from '../../src/demo/sample-answers.ts';
import { makeCitizenId } from '../../src/platform/id-numbers.ts';
import { minimalPdf } from '../fixtures.ts';
import {
  createTestApp,
  errorCode,
  ok,
  query,
  registerCitizen,
  signInCitizen,
  signInStaff,
  upload,
  type Client,
  type TestContext,
  uploadMaterials,
} from '../helpers.ts';

let ctx: TestContext;
let citizen: Client;
let enterprise: EnterpriseLink;
let clerk: Client;
let reviewer: Client;
let approver: Client;
/** 公共场所卫生许可: ASB, enterprise, simple licence (accept → review → decide → issue). */
const HYGIENE = DEMO_ITEMS.find((i) => i.name.zh === '公共场所卫生许可')!;
const PERSON = {
  name: DEMO_CITIZEN.name,
  idNumber: makeCitizenId('330383', DEMO_CITIZEN.idNumberBirth, DEMO_CITIZEN.idSequence),
  phone: DEMO_CITIZEN.phone,
  address: '龙港市华中社区 1 号',
};
let keySeq = 0;

beforeAll(async () => {
  ctx = await createTestApp({ residents: 20, fullStaff: true });
  citizen = await signInCitizen(ctx, undefined, undefined, '10.78.0.1');
  enterprise = ok(await citizen.GET('/api/me/enterprises')).items[0]!;
  ok(await citizen.POST('/api/me/acting-as', { body: { enterpriseId: enterprise.enterpriseId } }));
  clerk = await signInStaff(ctx, 'clerk01', '10.78.0.2');
  reviewer = await signInStaff(ctx, 'reviewer01', '10.78.0.3');
  approver = await signInStaff(ctx, 'approver01', '10.78.0.4');
}, 120_000);
afterAll(async () => {
  await ctx.teardown();
});

const pdfOf = (text: string) => Buffer.concat([minimalPdf(), Buffer.from(`\n% ${text}\n`)]);

async function fileCase() {
  const body = {
    itemCode: HYGIENE.handlingItemCode,
    form: sampleAnswers(HYGIENE.form, { ...PERSON, company: enterprise }),
    materials: await uploadMaterials(citizen, HYGIENE.materials, (code) => pdfOf(`${code} first`)),
  };
  return ok(
    await citizen.POST('/api/applications/cases', {
      params: { header: { 'idempotency-key': `results-${++keySeq}` } },
      body,
    }),
  );
}

const act = (c: Client, id: string, body: ActionBody) =>
  c.POST('/api/applications/cases/{id}/actions', { params: { path: { id } }, body });
const view = async (c: Client, id: string) =>
  ok(await c.GET('/api/applications/cases/{id}', { params: { path: { id } } }));
const download = (c: Client, id: string, fileId: string) =>
  c.GET('/api/applications/cases/{id}/results/{fileId}', {
    params: { path: { id, fileId } },
    parseAs: 'arrayBuffer',
  });

/** Filed, accepted, passed and approved: the window completes it next (seq 3). */
async function approvedCase() {
  const c = await fileCase();
  ok(await act(clerk, c.id, { action: 'accept', expectedSeq: 0 }));
  ok(await act(reviewer, c.id, { action: 'pass', expectedSeq: 1, comment: '符合条件' }));
  ok(await act(approver, c.id, { action: 'approve', expectedSeq: 2, comment: '同意' }));
  return c;
}

describe('completing with a result file', () => {
  it('staff attach the document; the applicant and the department download it, nobody else', async () => {
    const c = await approvedCase();
    const bytes = pdfOf('卫生许可证 龙卫公证字〔2026〕第 0007 号');
    const doc = ok(await upload(clerk, bytes, '卫生许可决定书.pdf'));
    const done = ok(
      await act(clerk, c.id, {
        action: 'complete',
        expectedSeq: 3,
        result: { note: '准予许可', documentNumber: '龙卫公证字〔2026〕第 0007 号' },
        resultFiles: [{ kind: 'document', uploadId: doc.id }],
      }),
    );
    expect(done.resultFiles).toEqual([
      expect.objectContaining({
        id: doc.id,
        kind: 'document',
        fileName: '卫生许可决定书.pdf',
        sha256: doc.sha256,
        branch: null,
      }),
    ]);
    const mine = await view(citizen, c.id);
    expect(mine.resultFiles.map((f) => f.id)).toEqual([doc.id]);

    const got = await download(citizen, c.id, doc.id);
    expect(got.response.status).toBe(200);
    expect(got.response.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(got.data as ArrayBuffer).equals(bytes)).toBe(true);
    expect((await download(reviewer, c.id, doc.id)).response.status).toBe(200);

    const other = await registerCitizen(ctx, { ip: '10.78.1.1' });
    const psb = await signInStaff(ctx, 'psb-clerk', '10.78.1.2');
    for (const who of [other.client, psb]) {
      const denied = await download(who, c.id, doc.id);
      expect(denied.response.status).toBe(404);
      expect(errorCode(denied)).toBe('CASE_NOT_FOUND');
    }
    // A file id the case does not hold.
    expect(errorCode(await download(citizen, c.id, c.id))).toBe('RESULT_FILE_NOT_FOUND');
  });

  it('takes files only with the action that gives the result, and only the staff member’s own uploads', async () => {
    const c = await fileCase();
    const doc = ok(await upload(clerk, pdfOf('early'), 'early.pdf'));
    const early = await act(clerk, c.id, {
      action: 'accept',
      expectedSeq: 0,
      resultFiles: [{ kind: 'document', uploadId: doc.id }],
    });
    expect(errorCode(early)).toBe('VALIDATION_FAILED');
    ok(await act(clerk, c.id, { action: 'accept', expectedSeq: 0 }));
    ok(await act(reviewer, c.id, { action: 'pass', expectedSeq: 1, comment: '符合条件' }));
    ok(await act(approver, c.id, { action: 'approve', expectedSeq: 2, comment: '同意' }));
    const citizensUpload = ok(await upload(citizen, pdfOf('not staff'), 'mine.pdf'));
    const foreign = await act(clerk, c.id, {
      action: 'complete',
      expectedSeq: 3,
      result: { note: '准予许可' },
      resultFiles: [{ kind: 'document', uploadId: citizensUpload.id }],
    });
    expect(errorCode(foreign)).toBe('VALIDATION_FAILED');
    expect(foreign.error!.error.details![0]!.path).toBe('/resultFiles/0/uploadId');
    // Completing without a file still works (the result's note is what is required).
    expect(
      ok(await act(clerk, c.id, { action: 'complete', expectedSeq: 3, result: { note: '准予许可' } })).resultFiles,
    ).toEqual([]);
  });

  it('lets only citizens and staff who handle cases upload', async () => {
    const sysadmin = await signInStaff(ctx, 'sysadmin', '10.78.1.3');
    const refused = await upload(sysadmin, pdfOf('admin'), 'x.pdf');
    expect(refused.response.status).toBe(403);
  });
});

describe('what changed after a correction (补正)', () => {
  it('shows the reviewer each round’s changed fields and materials, exactly', async () => {
    const c = await fileCase();
    ok(await act(clerk, c.id, { action: 'accept', expectedSeq: 0 }));
    ok(
      await act(reviewer, c.id, { action: 'request_correction', expectedSeq: 1, correctionItems: ['请更正经营面积'] }),
    );
    const filed = await view(citizen, c.id);
    const area = Number(filed.form.premises_area);
    const form1 = { ...filed.form, premises_area: area + 10 };
    const [first, ...rest] = filed.materials;
    const replaced = ok(await upload(citizen, pdfOf('replaced'), 'new.pdf'));
    ok(
      await act(citizen, c.id, {
        action: 'resubmit',
        expectedSeq: 2,
        form: form1,
        materials: [
          { code: first!.code, uploadId: replaced.id },
          ...rest.map((m) => ({ code: m.code, uploadId: m.uploadId })),
        ],
      }),
    );

    const staffView = await view(reviewer, c.id);
    expect(staffView.resubmissions).toHaveLength(1);
    const round = staffView.resubmissions[0]!;
    expect(round.seq).toBe(3);
    expect(round.form).toEqual([{ key: 'premises_area', before: area, after: area + 10 }]);
    expect(round.materials).toEqual([
      {
        code: first!.code,
        name: first!.name,
        change: 'replaced',
        before: [{ fileName: first!.fileName, sha256: first!.sha256 }],
        after: [{ fileName: 'new.pdf', sha256: replaced.sha256 }],
      },
    ]);
    // The applicant's view carries none of it.
    expect((await view(citizen, c.id)).resubmissions).toEqual([]);

    // A second round changing only the form: the first round still shows its own change.
    ok(await act(reviewer, c.id, { action: 'request_correction', expectedSeq: 3, correctionItems: ['再改一次'] }));
    ok(await act(citizen, c.id, { action: 'resubmit', expectedSeq: 4, form: { ...form1, premises_area: area + 20 } }));
    const twice = (await view(reviewer, c.id)).resubmissions;
    expect(twice.map((r) => r.seq)).toEqual([3, 5]);
    expect(twice[0]!.form).toEqual(round.form);
    expect(twice[0]!.materials).toEqual(round.materials);
    expect(twice[1]!.form).toEqual([{ key: 'premises_area', before: area + 10, after: area + 20 }]);
    expect(twice[1]!.materials).toEqual([]);

    // The earlier forms are sealed at rest, like the case's.
    const rows = await query<{ form_sealed: string }>(
      ctx,
      sql`select form_sealed from applications.case_versions where case_id = ${c.id}`,
    );
    expect(rows).toHaveLength(2);
    for (const r of rows) expect(r.form_sealed).not.toContain(PERSON.phone);
  });
});
