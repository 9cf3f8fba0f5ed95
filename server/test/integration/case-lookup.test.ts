/**
 * Looking a case up without signing in (办件查询): the right facts show the progress in plain
 * words (the name masked, nothing else personal); a wrong name, wrong last 4 and an unknown
 * number answer exactly alike; an enterprise's case is found with its USCC's last 4; the look-up
 * is rate-limited per case number and per address.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EnterpriseLink } from '../../../contract/openapi.ts';
import { DEMO_CITIZEN } from '../../src/demo/accounts.ts';
import { DEMO_ITEMS } from '../../src/demo/items.ts';
import { sampleAnswers } from '../../src/demo/sample-answers.ts';
import { LOOKUP_LIMITS } from '../../src/modules/applications/applications.lookup.ts';
import { makeCitizenId } from '../../src/platform/id-numbers.ts';
import {
  client,
  createTestApp,
  errorCode,
  ok,
  signInCitizen,
  type Client,
  type TestContext,
  uploadMaterials,
} from '../helpers.ts';

let ctx: TestContext;
let caseNumber: string;
let enterpriseCase: string;
/** A case only the rate-limit test tries. */
let lockedCase: string;
let enterprise: EnterpriseLink;
const item = (name: string) => DEMO_ITEMS.find((i) => i.name.zh === name)!;
const MOVE_IN = item('户口迁入（市外迁入）');
const HYGIENE = item('公共场所卫生许可');
const PERSON = {
  name: DEMO_CITIZEN.name,
  idNumber: makeCitizenId('330383', DEMO_CITIZEN.idNumberBirth, DEMO_CITIZEN.idSequence),
  phone: DEMO_CITIZEN.phone,
  address: '龙港市华中社区 1 号',
};
const TAIL = PERSON.idNumber.slice(-4);
let ipSeq = 0;
/** A signed-out visitor from an address of its own. */
const visitor = () => client(ctx, `10.77.0.${++ipSeq}`);

async function file(c: Client, data: typeof MOVE_IN, key: string, extra: Record<string, unknown> = {}) {
  const body = {
    itemCode: data.handlingItemCode,
    form: sampleAnswers(data.form, { ...PERSON, ...extra }),
    materials: await uploadMaterials(c, data.materials),
  };
  return ok(await c.POST('/api/applications/cases', { params: { header: { 'idempotency-key': key } }, body }));
}

beforeAll(async () => {
  ctx = await createTestApp({ residents: 20 });
  const citizen = await signInCitizen(ctx, undefined, undefined, '10.77.1.1');
  caseNumber = (await file(citizen, MOVE_IN, 'lookup-1')).caseNumber;
  enterprise = ok(await citizen.GET('/api/me/enterprises')).items[0]!;
  ok(await citizen.POST('/api/me/acting-as', { body: { enterpriseId: enterprise.enterpriseId } }));
  enterpriseCase = (await file(citizen, HYGIENE, 'lookup-2', { company: enterprise })).caseNumber;
  lockedCase = (await file(citizen, HYGIENE, 'lookup-3', { company: enterprise })).caseNumber;
}, 120_000);
afterAll(async () => {
  await ctx.teardown();
});

const lookup = (c: Client, body: { caseNumber: string; name: string; idTail: string }) =>
  c.POST('/api/applications/lookup', { body });

/** An answer with what differs per request (its id) taken out. */
function shape(answer: { response: Response; error?: unknown }) {
  const body = answer.error as { error: Record<string, unknown> };
  const { requestId: _requestId, ...error } = body.error;
  return { status: answer.response.status, error, contentType: answer.response.headers.get('content-type') };
}

describe('a case looked up without signing in', () => {
  it('shows the progress in plain words with the right facts, and nothing personal but the masked name', async () => {
    // Spaces and lower case do not matter.
    const found = ok(
      await lookup(visitor(), {
        caseNumber: ` ${caseNumber.toLowerCase()} `,
        name: ` ${PERSON.name} `,
        idTail: TAIL.toLowerCase(),
      }),
    );
    expect(found.caseNumber).toBe(caseNumber);
    expect(found.status).toBe('in_progress');
    expect(found.headline.zh).toContain('等待');
    expect(found.title.zh).toBe(MOVE_IN.name.zh);
    expect(found.applicantName).not.toBe(PERSON.name);
    expect(found.applicantName).toMatch(/\*/);
    expect(found.steps.map((s) => s.actionName.zh)).toHaveLength(0);
    const text = JSON.stringify(found);
    for (const secret of [PERSON.idNumber, PERSON.phone, PERSON.name]) expect(text).not.toContain(secret);
    expect(found).not.toHaveProperty('id');
    expect(found).not.toHaveProperty('form');
  });

  it('answers a wrong name, a wrong last 4 and an unknown number exactly alike', async () => {
    const answers = [
      await lookup(visitor(), { caseNumber, name: '王小明', idTail: TAIL }),
      await lookup(visitor(), { caseNumber, name: PERSON.name, idTail: TAIL === '0000' ? '0001' : '0000' }),
      await lookup(visitor(), { caseNumber: caseNumber.replace(/\d{4}$/, '9999'), name: PERSON.name, idTail: TAIL }),
    ];
    const shapes = answers.map(shape);
    expect(shapes[0]).toEqual({
      status: 404,
      error: { code: 'CASE_NOT_FOUND', message: expect.any(String) },
      contentType: expect.stringContaining('application/json'),
    });
    expect(shapes[1]).toEqual(shapes[0]);
    expect(shapes[2]).toEqual(shapes[0]);
    for (const a of answers) expect(errorCode(a)).toBe('CASE_NOT_FOUND');
  });

  it("finds an enterprise's case by the enterprise's name and its USCC's last 4", async () => {
    const c = visitor();
    const found = ok(
      await lookup(c, { caseNumber: enterpriseCase, name: enterprise.name, idTail: enterprise.uscc.slice(-4) }),
    );
    expect(found.caseNumber).toBe(enterpriseCase);
    // The representative's own facts do not open the enterprise's case.
    expect(errorCode(await lookup(c, { caseNumber: enterpriseCase, name: PERSON.name, idTail: TAIL }))).toBe(
      'CASE_NOT_FOUND',
    );
  });
});

describe('rate limits', () => {
  it('locks a case number after a few attempts, whatever the address, even for the right facts', async () => {
    for (let i = 0; i < LOOKUP_LIMITS.perCase; i++)
      expect(
        (await lookup(visitor(), { caseNumber: lockedCase, name: `错${i}`, idTail: '1234' })).response.status,
      ).toBe(404);
    const after = await lookup(visitor(), {
      caseNumber: lockedCase,
      name: enterprise.name,
      idTail: enterprise.uscc.slice(-4),
    });
    expect(after.response.status).toBe(429);
    expect(errorCode(after)).toBe('RATE_LIMITED');
    expect(Number(after.response.headers.get('retry-after'))).toBeGreaterThan(0);
    // Another case is not locked by it.
    ok(await lookup(visitor(), { caseNumber, name: PERSON.name, idTail: TAIL }));
  });

  it('locks an address that tries many numbers', async () => {
    const c = client(ctx, '10.77.2.1');
    for (let i = 0; i < LOOKUP_LIMITS.perAddress; i++) {
      const n = `330383-20261202-${String(90000000 + i)}`;
      expect((await lookup(c, { caseNumber: n, name: '张三', idTail: '1234' })).response.status).toBe(404);
    }
    const after = await lookup(c, { caseNumber, name: PERSON.name, idTail: TAIL });
    expect(errorCode(after)).toBe('RATE_LIMITED');
  });
});
