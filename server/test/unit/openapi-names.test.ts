/**
 * Named schemas: a schema with a title is published once under components.schemas and
 * referred to wherever it is used; the server's own schemas stay whole.
 */
import { Type } from 'typebox';
import { describe, expect, it } from 'vitest';
import { Enum, Nullable, Obj, Paged } from '../../src/platform/http.ts';
import { nameSchemas } from '../../src/platform/openapi.ts';

const json = (v: unknown) => JSON.parse(JSON.stringify(v)) as Record<string, unknown>;
const Text = Obj({ zh: Type.String(), en: Type.String() }, { title: 'Text' });
const Kind = Enum('Kind', ['a', 'b']);
const Thing = Obj({ name: Text, other: Nullable(Text), kind: Kind, kinds: Type.Array(Kind) }, { title: 'Thing' });

const docWith = (response: unknown, body?: unknown) =>
  json({
    openapi: '3.1.0',
    components: { schemas: {} },
    paths: {
      '/x': {
        post: {
          ...(body ? { requestBody: { content: { 'application/json': { schema: body } } } } : {}),
          parameters: [{ in: 'query', name: 'k', schema: Kind }],
          responses: { 200: { description: 'ok', content: { 'application/json': { schema: response } } } },
        },
      },
    },
  });

describe('named schemas in the OpenAPI document', () => {
  it('publishes a titled schema once and refers to it everywhere, nested names included', () => {
    const doc = nameSchemas(docWith(Paged(Thing), Thing)) as {
      components: { schemas: Record<string, Record<string, unknown>> };
      paths: Record<string, Record<string, Record<string, unknown>>>;
    };
    const schemas = doc.components.schemas;
    expect(Object.keys(schemas).sort()).toEqual(['Kind', 'Text', 'Thing', 'ThingPage']);
    expect(schemas.Thing).toEqual({
      type: 'object',
      additionalProperties: false,
      required: ['name', 'other', 'kind', 'kinds'],
      properties: {
        name: { $ref: '#/components/schemas/Text' },
        other: { anyOf: [{ $ref: '#/components/schemas/Text' }, { type: 'null' }] },
        kind: { $ref: '#/components/schemas/Kind' },
        kinds: { type: 'array', items: { $ref: '#/components/schemas/Kind' } },
      },
    });
    expect(schemas.Kind).toEqual({ type: 'string', enum: ['a', 'b'] });
    const op = doc.paths['/x']!.post!;
    expect(JSON.stringify(op)).not.toContain('"title"');
    expect(op.parameters).toEqual([{ in: 'query', name: 'k', schema: { $ref: '#/components/schemas/Kind' } }]);
    expect(JSON.stringify(op.requestBody)).toContain('"$ref":"#/components/schemas/Thing"');
    expect(JSON.stringify(op.responses)).toContain('"$ref":"#/components/schemas/ThingPage"');
  });

  it('refuses two different schemas with one name', () => {
    const Other = Obj({ zh: Type.String() }, { title: 'Text' });
    expect(() => nameSchemas(docWith(Obj({ a: Text, b: Other })))).toThrow(/two different schemas are named Text/);
  });

  it('keeps an integer enum a union of its values', () => {
    const Depth = Enum('Depth', [1, 2, 3, 4]);
    const doc = nameSchemas(docWith(Obj({ d: Depth }))) as { components: { schemas: Record<string, unknown> } };
    expect(doc.components.schemas.Depth).toEqual({ type: 'integer', enum: [1, 2, 3, 4] });
  });
});
