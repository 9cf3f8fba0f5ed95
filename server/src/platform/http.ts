/** TypeBox helpers shared by every module's schemas. */
import { Type, type Static, type TProperties, type TSchema, type TUnsafe } from 'typebox';
import { ErrorBody } from './errors.ts';
import { UUID_PATTERN } from './ids.ts';

/** An object that refuses unknown fields. */
export const Obj = <P extends TProperties>(props: P, opts: { description?: string; title?: string } = {}) =>
  Type.Object(props, { additionalProperties: false, ...opts });

export const Uuid = (opts: { description?: string } = {}) => Type.String({ pattern: UUID_PATTERN, ...opts });
export const IdParams = Obj({ id: Uuid() });
export const DateTime = () => Type.String({ format: 'date-time' });
/**
 * `T | null` as `type: [T's type, 'null']` rather than `anyOf`: the response serializer
 * (fast-json-stringify) writes a type list directly but must validate each `anyOf` branch
 * at run time, which costs on every response.
 */
export const Nullable = <T extends TSchema>(t: T): TUnsafe<Static<T> | null> => {
  const type = (t as { type?: unknown }).type;
  if (typeof type !== 'string') return Type.Unsafe<Static<T> | null>(Type.Union([t, Type.Null()]));
  return Type.Unsafe<Static<T> | null>({ ...t, type: [type, 'null'] });
};

export const PageQuery = {
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000, default: 1 })),
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 20 })),
};

export const Paged = <T extends TSchema>(item: T) => Obj({ items: Type.Array(item), total: Type.Integer() });
export const Items = <T extends TSchema>(item: T) => Obj({ items: Type.Array(item) });

/** Every route answers errors in the one shape. */
export const errorResponses = { '4xx': ErrorBody, '5xx': ErrorBody } as const;
export const NoContent = Type.Null({ description: 'No content' });
