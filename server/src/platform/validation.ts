/**
 * Request validation with TypeBox: schema defaults are applied (paging), querystrings and
 * params are coerced from strings, unknown fields are refused by the schemas themselves
 * (`additionalProperties: false`), and text with a NUL character is refused here because
 * PostgreSQL cannot store it.
 */
import type { FastifySchemaCompiler, FastifySchemaValidationError } from 'fastify';
import type { TSchema } from 'typebox';
import { Compile } from 'typebox/compile';
import { Value } from 'typebox/value';

function findNul(value: unknown, at: string): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? at || '/' : null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const hit = findNul(value[i], `${at}/${i}`);
      if (hit) return hit;
    }
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const hit = findNul(v, `${at}/${k}`);
      if (hit) return hit;
    }
  }
  return null;
}

export const validatorCompiler: FastifySchemaCompiler<TSchema> = ({ schema, httpPart }) => {
  const check = Compile(schema);
  return (input: unknown) => {
    const nul = findNul(input, '');
    if (nul) {
      const error: FastifySchemaValidationError = {
        keyword: 'nul',
        instancePath: nul === '/' ? '' : nul,
        schemaPath: '#',
        params: {},
        message: 'must not contain a NUL character',
      };
      return { error: [error] };
    }
    let value = input;
    if (httpPart !== 'body') value = Value.Convert(schema, value);
    value = Value.Default(schema, value);
    if (check.Check(value)) return { value };
    return { error: check.Errors(value) as FastifySchemaValidationError[] };
  };
};
