/** TypeBox helpers shared by every module's schemas. */
import { Type, type TProperties, type TSchema } from 'typebox';
import { ErrorBody } from './errors.ts';
import { UUID_PATTERN } from './ids.ts';

/** An object that refuses unknown fields. */
export const Obj = <P extends TProperties>(props: P, opts: { description?: string; title?: string } = {}) =>
  Type.Object(props, { additionalProperties: false, ...opts });

export const Uuid = (opts: { description?: string } = {}) => Type.String({ pattern: UUID_PATTERN, ...opts });
export const IdParams = Obj({ id: Uuid() });
export const DateTime = () => Type.String({ format: 'date-time' });
export const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

export const PageQuery = {
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000, default: 1 })),
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 20 })),
};

export const Paged = <T extends TSchema>(item: T) => Obj({ items: Type.Array(item), total: Type.Integer() });
export const Items = <T extends TSchema>(item: T) => Obj({ items: Type.Array(item) });

/** Every route answers errors in the one shape. */
export const errorResponses = { '4xx': ErrorBody, '5xx': ErrorBody } as const;
export const NoContent = Type.Null({ description: 'No content' });
