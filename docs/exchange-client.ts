/**
 * An example client of Yiwang's external exchange API: the demo's 温州市人民医院 (Wenzhou
 * People's Hospital) signs a client assertion (RFC 7523) with its registered Ed25519 key,
 * takes a five-minute access token, and reads the identity fields it is granted for a mother
 * whose baby's birth certificate (出生医学证明) it issues.
 *
 *   npm start                                  # the demo city, in another terminal
 *   npx node docs/exchange-client.ts           # YIWANG_URL=http://localhost:8080 by default
 *   npx node docs/exchange-client.ts 33038319880615371X name,gender,birthDate
 *
 * The private key below is the demo's ONLY: it is public, so a real deployment never
 * registers it (`yiwang seed` registers it with the demo city). A real system keeps its
 * private key to itself and registers the public half in the console (系统管理 → 外部系统).
 * The script needs nothing but `jose` and Node's fetch: copy it as the start of a client.
 */
import { importJWK, SignJWT } from 'jose';
import { randomUUID } from 'node:crypto';

const BASE = (process.env.YIWANG_URL ?? 'http://localhost:8080').replace(/\/+$/, '');
/** The token endpoint's URL is the assertion's audience (the public URL the platform is configured with). */
const TOKEN_URL = `${BASE}/api/exchange/external/token`;

/** The demo system's registration: its client id and its key pair (the public half is in the seed). */
export const DEMO_SYSTEM = {
  clientId: 'wzrmyy-his',
  name: '温州市人民医院',
  privateJwk: {
    kty: 'OKP',
    crv: 'Ed25519',
    x: 'GJbWgVhiGYqUarl0z9it9EtF_nm5tnBJBqtrA-OpA-c',
    d: 'ZCIopap-AvUbFnC1-4Q5PgLK4iVBRa8tqnh8jjoo_tc',
  },
};

/** Step 1: the client assertion, valid for 60 seconds, with a fresh jti (one use). */
export async function clientAssertion(
  clientId: string,
  privateJwk: Record<string, string>,
  audience: string,
  at: Date = new Date(),
) {
  const key = await importJWK(privateJwk, 'EdDSA');
  const now = Math.floor(at.getTime() / 1000);
  return new SignJWT({ jti: randomUUID() })
    .setProtectedHeader({ alg: 'EdDSA', typ: 'JWT' })
    .setIssuer(clientId)
    .setSubject(clientId)
    .setAudience(audience)
    .setIssuedAt(now)
    .setExpirationTime(now + 60)
    .sign(key);
}

/** Step 2: the access token (OAuth 2.0 client credentials, form-encoded). */
export async function accessToken(assertion: string): Promise<string> {
  const res = await fetch(TOKEN_URL, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: assertion,
    }),
  });
  const body = (await res.json()) as { access_token?: string; error?: string; code?: string; error_description?: string };
  if (!res.ok || !body.access_token)
    throw new Error(`token refused: ${res.status} ${body.error} ${body.code}: ${body.error_description}`);
  return body.access_token;
}

/** Step 3: a read under the system's grants, with the user at the client and the case (X-Road-like). */
export async function read(token: string, idNumber: string, fields: string[]) {
  const res = await fetch(`${BASE}/api/exchange/external/read`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      registry: 'population-registry',
      subject: { idNumber },
      fields,
      purpose: '出生医学证明签发：核验母亲身份',
      caseNumber: 'WZRMYY-CS-2026-000123',
      userId: 'nurse-0427',
    }),
  });
  const body: unknown = await res.json();
  if (!res.ok) throw new Error(`read refused: ${res.status} ${JSON.stringify(body)}`);
  return body;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const idNumber = process.argv[2] ?? '33038319880615371X';
  const fields = (process.argv[3] ?? 'name,gender,birthDate').split(',');
  const assertion = await clientAssertion(DEMO_SYSTEM.clientId, DEMO_SYSTEM.privateJwk, TOKEN_URL);
  const token = await accessToken(assertion);
  console.log(`token for ${DEMO_SYSTEM.clientId}: ${token.slice(0, 10)}… (5 minutes)`);
  console.log(JSON.stringify(await read(token, idNumber, fields), null, 2));
}
