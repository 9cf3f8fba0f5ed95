/**
 * What the applicant's side of the platform knows without asking: whether anyone is signed
 * in (without a 401), the city's time zone, and the account's own data for prefilling forms
 * (the person's, and the enterprise's when acting for one).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CITIZEN } from '../../src/demo/accounts.ts';
import { makeCitizenId } from '../../src/platform/id-numbers.ts';
import { client, createTestApp, registerCitizen, signInCitizen, signInStaff, type TestContext } from '../helpers.ts';

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
    const anonymous = await client(ctx).get('/api/session');
    expect(anonymous.statusCode).toBe(200);
    expect(anonymous.json()).toEqual({ signedIn: false, me: null });

    const citizen = await signInCitizen(ctx, undefined, undefined, '10.30.0.1');
    const signedIn = await citizen.get('/api/session');
    expect(signedIn.statusCode).toBe(200);
    expect(signedIn.json()).toMatchObject({ signedIn: true, me: { displayName: DEMO_CITIZEN.name, kind: 'citizen' } });
    expect(signedIn.json().me).toEqual((await citizen.get('/api/me')).json());
    expect(signedIn.headers['cache-control']).toContain('no-store');

    await citizen.post('/api/auth/logout');
    expect((await citizen.get('/api/session')).json()).toEqual({ signedIn: false, me: null });
  });
});

describe('public configuration', () => {
  it("publishes the city's region and time zone to anyone", async () => {
    const res = await client(ctx).get('/api/config');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ regionCode: '330383', timeZone: 'Asia/Shanghai' });
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
    const res = await citizen.get('/api/me/prefill');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
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
    const enterprise = (await citizen.get('/api/me/enterprises')).json().items[0];
    expect((await citizen.post('/api/me/acting-as', { enterpriseId: enterprise.enterpriseId })).statusCode).toBe(200);
    const { values, fixed } = (await citizen.get('/api/me/prefill')).json();
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
    const values = (await other.client.get('/api/me/prefill')).json().values;
    expect(values['person.idNumber']).toBe(other.idNumber);
    expect(values['person.phone']).toBe(other.phone);
    expect(JSON.stringify(values)).not.toContain(DEMO_ID);
    expect((await client(ctx).get('/api/me/prefill')).statusCode).toBe(401);
  });

  it('staff get their own account only (no citizen data)', async () => {
    const clerk = await signInStaff(ctx, 'clerk01', '10.30.0.5');
    const { values } = (await clerk.get('/api/me/prefill')).json();
    expect(values['person.name']).toBeTruthy();
    expect(values['person.idNumber']).toBeUndefined();
  });
});
