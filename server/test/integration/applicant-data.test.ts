/**
 * What the applicant's side of the platform knows without asking: whether anyone is signed
 * in (without a 401), the city's time zone, and the account's own data for prefilling forms
 * (the person's, and the enterprise's when acting for one).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ErrorBody, SubmitBody } from '../../../contract/openapi.ts';
import { DEMO_CITIZEN } from '../../src/demo/accounts.ts';
import { DEMO_BUNDLES, DEMO_ITEMS } from '../../src/demo/items.ts';
import { sampleAnswers } from '../../src/demo/sample-answers.ts';
import { mergeForms, mergeMaterials } from '../../src/modules/catalog/index.ts';
import { makeCitizenId, makeUscc } from '../../src/platform/id-numbers.ts';
import {
  client,
  createTestApp,
  errorCode,
  ok,
  registerCitizen,
  signInCitizen,
  signInStaff,
  type Answer,
  type Client,
  type TestContext,
  uploadMaterials,
} from '../helpers.ts';

let ctx: TestContext;
const DEMO_ID = makeCitizenId('330383', DEMO_CITIZEN.idNumberBirth, DEMO_CITIZEN.idSequence);

beforeAll(async () => {
  ctx = await createTestApp({ residents: 20, config: { timeZone: 'Asia/Shanghai' } });
}, 60_000);
afterAll(async () => {
  await ctx.teardown();
});

describe('session state', () => {
  it('answers 200 signedIn false to a signed-out page, and who is signed in otherwise', async () => {
    const anonymous = await client(ctx).GET('/api/session');
    expect(anonymous.response.status).toBe(200);
    expect(anonymous.data).toEqual({ signedIn: false, me: null });

    const citizen = await signInCitizen(ctx, undefined, undefined, '10.30.0.1');
    const signedIn = await citizen.GET('/api/session');
    expect(signedIn.response.status).toBe(200);
    expect(signedIn.data).toMatchObject({ signedIn: true, me: { displayName: DEMO_CITIZEN.name, kind: 'citizen' } });
    expect(ok(signedIn).me).toEqual(ok(await citizen.GET('/api/me')));
    expect(signedIn.response.headers.get('cache-control')).toContain('no-store');

    await citizen.POST('/api/auth/logout');
    expect(ok(await citizen.GET('/api/session'))).toEqual({ signedIn: false, me: null });
  });
});

describe('public configuration', () => {
  it("publishes the city's region, time zone and (unset) map tiles to anyone", async () => {
    const res = await client(ctx).GET('/api/config');
    expect(res.response.status).toBe(200);
    expect(res.data).toEqual({ regionCode: '330383', timeZone: 'Asia/Shanghai', mapTiles: null });
  });

  it('refuses a time zone that does not exist at start', async () => {
    const { loadConfig, ConfigError } = await import('../../src/config.ts');
    expect(() => loadConfig({ timeZone: 'Mars/Olympus' })).toThrow(ConfigError);
    expect(loadConfig({ timeZone: 'Europe/Paris' }).timeZone).toBe('Europe/Paris');
  });
});

describe("the account's own data for forms", () => {
  it('gives the signed-in person their own name, ID number, birth date, sex and phone, unmasked', async () => {
    const citizen = await signInCitizen(ctx, undefined, undefined, '10.30.0.2');
    const res = await citizen.GET('/api/me/prefill');
    expect(res.response.status).toBe(200);
    expect(res.data).toEqual({
      values: {
        'person.name': DEMO_CITIZEN.name,
        'person.idNumber': DEMO_ID,
        'person.birthDate': DEMO_CITIZEN.idNumberBirth,
        'person.gender': 'male',
        'person.phone': DEMO_CITIZEN.phone,
      },
      fixed: ['person.name', 'person.idNumber'],
    });
  });

  it("adds the enterprise's name, USCC, address and legal representative when acting for it", async () => {
    const citizen = await signInCitizen(ctx, undefined, undefined, '10.30.0.3');
    const enterprise = ok(await citizen.GET('/api/me/enterprises')).items[0]!;
    expect(
      (await citizen.POST('/api/me/acting-as', { body: { enterpriseId: enterprise.enterpriseId } })).response.status,
    ).toBe(200);
    const { values, fixed } = ok(await citizen.GET('/api/me/prefill'));
    expect(values).toMatchObject({
      'person.idNumber': DEMO_ID,
      'enterprise.name': enterprise.name,
      'enterprise.uscc': enterprise.uscc,
      'enterprise.legalRepName': DEMO_CITIZEN.name,
      'enterprise.address': expect.stringContaining('龙港'),
    });
    expect(fixed).toEqual(['person.name', 'person.idNumber', 'enterprise.name', 'enterprise.uscc']);
  });

  it("is each person's own: another citizen gets theirs, and nobody signed out gets any", async () => {
    const other = await registerCitizen(ctx, { ip: '10.30.0.4' });
    const values = ok(await other.client.GET('/api/me/prefill')).values;
    expect(values['person.idNumber']).toBe(other.idNumber);
    expect(values['person.phone']).toBe(other.phone);
    expect(JSON.stringify(values)).not.toContain(DEMO_ID);
    expect((await client(ctx).GET('/api/me/prefill')).response.status).toBe(401);
  });

  it('staff get their own account only (no citizen data)', async () => {
    const clerk = await signInStaff(ctx, 'clerk01', '10.30.0.5');
    const { values } = ok(await clerk.GET('/api/me/prefill'));
    expect(values['person.name']).toBeTruthy();
    expect(values['person.idNumber']).toBeUndefined();
  });
});

/** 居住证申领: a personal PSB item whose applicant section is bound to the account. */
const PERMIT = DEMO_ITEMS.find((i) => i.name.zh === '居住证申领')!;
const BIRTH = DEMO_BUNDLES.find((b) => b.code === 'birth')!;
const birthItems = BIRTH.itemCodes.map((c) => DEMO_ITEMS.find((i) => i.handlingItemCode === c)!);
const OWN = { name: DEMO_CITIZEN.name, idNumber: DEMO_ID, phone: DEMO_CITIZEN.phone, address: '龙港市龙跃路88号' };
let keySeq = 0;
const byId = (id: string) => ({ params: { path: { id } } });

const submit = (c: Client, body: SubmitBody) =>
  c.POST('/api/applications/cases', {
    params: { header: { 'idempotency-key': `applicant-data-${++keySeq}` } },
    body,
  });

/** An error's details as path → code (fails the test on a success). */
const problems = (res: Answer<unknown, ErrorBody>) => {
  expect(res.error, 'expected an error').toBeDefined();
  return Object.fromEntries((res.error?.error.details ?? []).map((d) => [d.path, d.code]));
};

describe('a form checked against the applicant and the calendar', () => {
  let citizen: Client;
  beforeAll(async () => {
    citizen = await signInCitizen(ctx, undefined, undefined, '10.30.1.1');
  });

  it("refuses the issue's 330383198806153712 (wrong check digit, not the applicant's) for 居住证申领", async () => {
    const res = await submit(citizen, {
      itemCode: PERMIT.handlingItemCode,
      form: { ...sampleAnswers(PERMIT.form, OWN), applicant_id_number: '330383198806153712' },
      materials: await uploadMaterials(citizen, PERMIT.materials),
    });
    expect(res.response.status).toBe(400);
    expect(errorCode(res)).toBe('FORM_INVALID');
    expect(problems(res)).toEqual({ '/form/applicant_id_number': 'NOT_THE_APPLICANT' });
  });

  it("refuses a valid number that is someone else's, and another person's name", async () => {
    const res = await submit(citizen, {
      itemCode: PERMIT.handlingItemCode,
      form: {
        ...sampleAnswers(PERMIT.form, OWN),
        applicant_id_number: makeCitizenId('330383', '1990-03-08', 222),
        applicant_name: '李娜',
      },
      materials: await uploadMaterials(citizen, PERMIT.materials),
    });
    expect(problems(res)).toEqual({
      '/form/applicant_id_number': 'NOT_THE_APPLICANT',
      '/form/applicant_name': 'NOT_THE_APPLICANT',
    });
  });

  it("fills the applicant's identity in from the account when the form leaves it out", async () => {
    const form = sampleAnswers(PERMIT.form, OWN);
    delete form.applicant_id_number;
    delete form.applicant_name;
    const res = await submit(citizen, {
      itemCode: PERMIT.handlingItemCode,
      form,
      materials: await uploadMaterials(citizen, PERMIT.materials),
    });
    expect(res.response.status).toBe(201);
    const view = ok(await citizen.GET('/api/applications/cases/{id}', byId(ok(res).id)));
    expect(view.form).toMatchObject({ applicant_id_number: DEMO_ID, applicant_name: DEMO_CITIZEN.name });
  });

  it("checks other people's ID numbers' check characters, and refuses a birth date after today", async () => {
    const form = sampleAnswers(mergeForms(birthItems.map((i) => i.form)), OWN);
    const mother = makeCitizenId('330383', '1990-03-08', 222);
    // The clock is 2026-11-25T08:00Z: 16:00 in Longgang.
    const res = await submit(citizen, {
      bundleCode: BIRTH.code,
      form: {
        ...form,
        mother_id_number: `${mother.slice(0, 17)}${mother[17] === '1' ? '2' : '1'}`,
        child_birth_date: '2026-11-26',
      },
      materials: await uploadMaterials(
        citizen,
        mergeMaterials(birthItems.map((i) => ({ code: i.handlingItemCode, data: i }))),
      ),
    });
    expect(res.response.status).toBe(400);
    expect(problems(res)).toEqual({
      '/form/mother_id_number': 'ID_NUMBER_CHECKSUM',
      '/form/child_birth_date': 'DATE_IN_FUTURE',
    });
    const impossible = await submit(citizen, {
      bundleCode: BIRTH.code,
      form: { ...form, child_birth_date: '2026-02-30' },
      materials: [],
    });
    expect(problems(impossible)['/form/child_birth_date']).toBe('format');
  });

  it("judges today in the city's time zone: born at 01:00 on the 26th in Longgang is not in the future", async () => {
    const at = ctx.clock.now();
    ctx.clock.set('2026-11-25T17:00:00Z'); // 01:00 on the 26th in Longgang, still the 25th in UTC
    try {
      const citizen = await signInCitizen(ctx, undefined, undefined, '10.30.1.3');
      const form = sampleAnswers(mergeForms(birthItems.map((i) => i.form)), OWN);
      const res = await submit(citizen, {
        bundleCode: BIRTH.code,
        form: { ...form, child_birth_date: '2026-11-26' },
        materials: await uploadMaterials(
          citizen,
          mergeMaterials(birthItems.map((i) => ({ code: i.handlingItemCode, data: i }))),
        ),
      });
      expect(res.response.status).toBe(201);
    } finally {
      ctx.clock.set(at);
    }
  });

  it("an enterprise form takes only the acting enterprise's name and USCC", async () => {
    const rep = await signInCitizen(ctx, undefined, undefined, '10.30.1.2');
    const mine = ok(await rep.GET('/api/me/enterprises')).items[0]!;
    ok(await rep.POST('/api/me/acting-as', { body: { enterpriseId: mine.enterpriseId } }));
    const hygiene = DEMO_ITEMS.find((i) => i.name.zh === '公共场所卫生许可')!;
    const res = await submit(rep, {
      itemCode: hygiene.handlingItemCode,
      form: {
        ...sampleAnswers(hygiene.form, { ...OWN, company: mine }),
        company_uscc: makeUscc('9', '1', '330383', 'MA2J7K8L'),
      },
      materials: await uploadMaterials(rep, hygiene.materials),
    });
    expect(problems(res)).toEqual({ '/form/company_uscc': 'NOT_THE_APPLICANT' });
  });
});

describe('acting for an enterprise', () => {
  it('keeps personal and enterprise cases apart: each view lists only its own', async () => {
    const me = await signInCitizen(ctx, undefined, undefined, '10.30.2.1');
    const personal = await submit(me, {
      itemCode: PERMIT.handlingItemCode,
      form: sampleAnswers(PERMIT.form, OWN),
      materials: await uploadMaterials(me, PERMIT.materials),
    });
    expect(personal.response.status).toBe(201);
    const personalId = ok(personal).id;
    const company = ok(await me.GET('/api/me/enterprises')).items[0]!;
    const actFor = async (enterpriseId: string | null) =>
      ok(await me.POST('/api/me/acting-as', { body: { enterpriseId } }));
    await actFor(company.enterpriseId);
    const hygiene = DEMO_ITEMS.find((i) => i.name.zh === '公共场所卫生许可')!;
    const filed = await submit(me, {
      itemCode: hygiene.handlingItemCode,
      form: sampleAnswers(hygiene.form, { ...OWN, company }),
      materials: await uploadMaterials(me, hygiene.materials),
    });
    expect(filed.response.status).toBe(201);
    const filedId = ok(filed).id;
    const ids = async () =>
      ok(await me.GET('/api/applications/cases', { params: { query: { pageSize: 100 } } })).items.map((c) => c.id);
    const asEnterprise = await ids();
    expect(asEnterprise).toContain(filedId);
    expect(asEnterprise).not.toContain(personalId);
    await actFor(null);
    const asSelf = await ids();
    expect(asSelf).toContain(personalId);
    expect(asSelf).not.toContain(filedId);

    // Messages likewise: about the enterprise's case while acting for it, about one's own otherwise.
    await ctx.platform.outbox.flush();
    const links = async () =>
      ok(await me.GET('/api/me/notifications', { params: { query: { pageSize: 100 } } })).items.map((m) => m.link);
    const unread = async () => ok(await me.GET('/api/me/notifications/unread-count')).count;
    const personalInbox = await links();
    expect(personalInbox).toContain(`/cases/${personalId}`);
    expect(personalInbox).not.toContain(`/cases/${filedId}`);
    const personalUnread = await unread();
    await actFor(company.enterpriseId);
    const enterpriseInbox = await links();
    expect(enterpriseInbox).toContain(`/cases/${filedId}`);
    expect(enterpriseInbox).not.toContain(`/cases/${personalId}`);
    // Reading all of the enterprise's messages leaves the personal ones unread.
    expect((await me.POST('/api/me/notifications/read-all')).response.status).toBe(204);
    expect(await unread()).toBe(0);
    await actFor(null);
    expect(await unread()).toBe(personalUnread);
    expect(personalUnread).toBeGreaterThan(0);
  });
});

describe('the answer to a filing', () => {
  const MOVE_IN = DEMO_ITEMS.find((i) => i.name.zh === '户口迁入（市外迁入）')!;

  it('shows the evidence fetched from the registries as the case reads back', async () => {
    const citizen = await signInCitizen(ctx, undefined, undefined, '10.30.0.20');
    const filed = ok(
      await submit(citizen, {
        itemCode: MOVE_IN.handlingItemCode,
        form: sampleAnswers(MOVE_IN.form, OWN),
        materials: await uploadMaterials(citizen, MOVE_IN.materials),
      }),
    );
    // The seeded city grants the item the ID card and the household register by law.
    expect(filed.evidence.map((e) => [e.materialCode, e.values])).toEqual([
      ['household_book', null],
      ['id_card', null],
    ]);
    expect(ok(await citizen.GET('/api/applications/cases/{id}', byId(filed.id))).evidence).toEqual(filed.evidence);
  });
});
