/**
 * The OpenAPI document is the contract: it validates as OpenAPI 3.1, names its schemas, and
 * every operation declares every answer it can give, each error answer with the one error
 * body by reference. (That the routes really answer only what they declare is checked by every
 * integration test: helpers.ts watches each answer.)
 */
import { createConfig, lintFromString } from '@redocly/openapi-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorCatalogue } from '../../src/app.ts';
import { createTestApp, type TestContext } from '../helpers.ts';

interface Operation {
  security?: unknown[];
  parameters?: { in: string; name: string }[];
  requestBody?: unknown;
  responses: Record<string, Answer | { $ref: string }>;
}
type Answer = { description?: string; content?: Record<string, { schema?: Record<string, unknown> }> };
interface Doc {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Record<string, unknown>>; responses: Record<string, Answer> };
  'x-error-catalogue': Record<string, { status: number; zh: string; en: string; module: string }>;
}

let ctx: TestContext;
let doc: Doc;
beforeAll(async () => {
  ctx = await createTestApp({ seed: false });
  doc = (await ctx.app.inject('/api/openapi.json')).json() as Doc;
});
afterAll(async () => {
  await ctx.teardown();
});

const ERROR_BODY = { $ref: '#/components/schemas/ErrorBody' };
const operations = () =>
  Object.entries(doc.paths).flatMap(([path, byMethod]) =>
    Object.entries(byMethod).map(([method, op]) => ({ name: `${method.toUpperCase()} ${path}`, method, path, op })),
  );

describe('the OpenAPI document', () => {
  it('validates as OpenAPI 3.1 with Redocly, without a single error', async () => {
    expect(doc.openapi).toBe('3.1.0');
    const config = await createConfig({ extends: ['recommended'] });
    const problems = await lintFromString({ source: JSON.stringify(doc), absoluteRef: 'openapi.json', config });
    const errors = problems
      .filter((p) => p.severity === 'error')
      .map((p) => `${p.ruleId}: ${p.message} at ${p.location.map((l) => l.pointer).join(', ')}`);
    expect(errors).toEqual([]);
  });

  it('declares a success answer and, for each error, the one error body by reference', () => {
    const problems: string[] = [];
    for (const { name, op } of operations()) {
      const statuses = Object.keys(op.responses);
      if (!statuses.some((s) => /^2\d\d$/.test(s))) problems.push(`${name}: no success answer`);
      if (!statuses.includes('default')) problems.push(`${name}: no default answer`);
      for (const [status, given] of Object.entries(op.responses)) {
        if (!/^(4\d\d|default)$/.test(status)) continue;
        // A shared answer (components.responses) or the operation's own.
        const answer = '$ref' in given ? doc.components.responses[given.$ref.split('/').pop()!]! : given;
        const schema = answer.content?.['application/json']?.schema;
        if (!answer.description) problems.push(`${name} ${status}: no description`);
        // The external systems' token endpoint refuses in the OAuth 2.0 format (RFC 6749 §5.2), with the code beside it.
        const oauth = name === 'POST /api/exchange/external/token' && (status === '400' || status === '401');
        if (oauth && JSON.stringify(schema) === JSON.stringify({ $ref: '#/components/schemas/OAuthError' })) continue;
        // CKAN's Action API refuses in CKAN's envelope (`success: false`, `error.__type`), so CKAN tools work unchanged.
        const ckan = name.includes(' /api/3/action/');
        if (ckan && JSON.stringify(schema) === JSON.stringify({ $ref: '#/components/schemas/CkanEnvelope' })) continue;
        // The bridge's login code: 409 SUPERAPP_CONSENT_REQUIRED carries the consent page's URL beside the code.
        const loginCode = name === 'POST /api/superapp/apps/{slug}/login-code' && status === '409';
        const consentUrl = (
          schema as { properties?: { error?: { properties?: { consentUrl?: unknown } } } } | undefined
        )?.properties?.error?.properties?.consentUrl;
        if (loginCode && consentUrl) continue;
        if (JSON.stringify(schema) !== JSON.stringify(ERROR_BODY))
          problems.push(`${name} ${status}: not the error body (${JSON.stringify(schema)})`);
      }
    }
    expect(problems).toEqual([]);
    expect(operations().length).toBeGreaterThan(55);
  });

  it('declares the error answers each kind of operation can give', () => {
    const problems: string[] = [];
    for (const { name, method, path, op } of operations()) {
      if (!path.startsWith('/api/')) continue;
      const has = (s: number) => Object.hasOwn(op.responses, String(s));
      const write = method !== 'get';
      const isPublic = Array.isArray(op.security) && op.security.length === 0;
      const need = [
        ...(write || op.parameters?.length || op.requestBody ? [400] : []),
        ...(isPublic ? [] : [401, 403]),
        ...(write ? [403, 409, 413, 415] : []),
        ...(op.parameters?.some((p) => p.in === 'path') ? [404] : []),
      ];
      for (const s of need) if (!has(s)) problems.push(`${name}: no ${s}`);
      const signIns = ['/api/auth/login', '/api/auth/totp', '/api/auth/new-password', '/api/exchange/external/token'];
      if (isPublic && has(401) && !signIns.includes(path)) problems.push(`${name}: public but declares 401`);
    }
    expect(problems).toEqual([]);
  });

  it('shares each error answer once', () => {
    expect(Object.keys(doc.components.responses).sort()).toEqual(
      [
        'BadRequest',
        'Conflict',
        'Failure',
        'Forbidden',
        'NotFound',
        'Refused',
        'TooLarge',
        'TooManyRequests',
        'Unauthenticated',
        'UnsupportedMediaType',
      ].sort(),
    );
    expect(doc.paths['/api/applications/cases/{id}/actions']!.post!.responses['422']).toEqual({
      $ref: '#/components/responses/Refused',
    });
  });

  it('names its schemas instead of repeating them', () => {
    const schemas = doc.components.schemas;
    for (const name of ['ErrorBody', 'ErrorCode', 'CaseView', 'Draft', 'ServiceItem', 'Me', 'Role', 'CaseStatus'])
      expect(Object.keys(schemas)).toContain(name);
    for (const name of ['CitizenIdNumber', 'MobileNumber', 'Uscc'])
      expect(schemas[name]).toMatchObject({ type: 'string', pattern: expect.any(String) });
    expect(schemas.OnlineDepth).toEqual({ type: 'integer', enum: [1, 2, 3, 4] });
    expect(schemas.FormWidget).toMatchObject({ type: 'string', enum: expect.arrayContaining(['idNumber', 'uscc']) });
    // Answers refer to named schemas: no operation carries an object schema of its own with a title.
    const text = JSON.stringify(doc.paths);
    expect(text).not.toContain('"title"');
    expect(text).toContain('"$ref":"#/components/schemas/CaseView"');
    // Every reference resolves.
    for (const [, name] of JSON.stringify(doc).matchAll(/"#\/components\/schemas\/([^"]+)"/g))
      expect(Object.keys(schemas), name).toContain(name);
  });

  it('publishes the error catalogue, and ErrorCode is the list of its codes', () => {
    expect(doc['x-error-catalogue']).toEqual(errorCatalogue);
    expect(doc.components.schemas.ErrorCode).toMatchObject({
      type: 'string',
      enum: Object.keys(errorCatalogue).sort(),
    });
    expect(doc['x-error-catalogue'].CASE_NOT_FOUND).toEqual({
      status: 404,
      zh: '办件不存在',
      en: 'No such case',
      module: 'applications',
    });
  });
});
