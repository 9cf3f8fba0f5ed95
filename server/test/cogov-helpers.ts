/**
 * Residents for cogov's tests: people of the seeded roster (the demo seed streams the same
 * generator), registered with their own phone so the roster verifies them (实名认证).
 */
import { DEMO_SEED } from '../src/demo/seed.ts';
import { generateResidents } from '../src/demo/population.ts';
import { client, phoneCode, TEST_PASSWORD, type Client, type TestContext } from './helpers.ts';

export const rosterPeople = (residents: number) => [...generateResidents(DEMO_SEED, residents)];

let ipSeq = 0;
/** Register a roster person; after the outbox runs, the account is verified by the roster. */
export async function verifiedResident(
  ctx: TestContext,
  person: { name: string; idNumber: string; phone: string },
): Promise<Client> {
  ipSeq++;
  const c = client(ctx, `10.77.${Math.floor(ipSeq / 200)}.${ipSeq % 200}`);
  const res = await c.POST('/api/auth/register', {
    body: {
      name: person.name,
      idNumber: person.idNumber,
      phone: person.phone,
      phoneCode: await phoneCode(ctx, c, person.phone, 'register'),
      password: TEST_PASSWORD,
    },
  });
  if (res.response.status !== 201) throw new Error(`registration failed: ${JSON.stringify(res.error)}`);
  await ctx.platform.outbox.flush();
  ctx.clock.advance(5_000); // past the session cache
  return c;
}
