/**
 * TypeBox helpers shared by every module's schemas.
 *
 * A schema with a `title` is a named schema: the OpenAPI document publishes it once under
 * `components.schemas.<title>` and refers to it wherever it is used (platform/openapi.ts), so
 * generated types carry the name. The schemas the server runs with stay whole (no `$ref`).
 */
import { Type, type Static, type TProperties, type TSchema, type TUnsafe } from 'typebox';
import { CITIZEN_ID_PATTERN, MOBILE_PATTERN, USCC_PATTERN } from './id-numbers.ts';
import { ErrorBody } from './errors.ts';
import { UUID_PATTERN } from './ids.ts';

/** An object that refuses unknown fields; with a title, a named schema. */
export const Obj = <P extends TProperties>(props: P, opts: { description?: string; title?: string } = {}) =>
  Type.Object(props, { additionalProperties: false, ...opts });

/** A named enum of strings (or integers), published once as `components.schemas.<name>`. */
export const Enum = <const Values extends string[] | number[]>(
  name: string,
  values: readonly [...Values],
  opts: { description?: string } = {},
) => Type.Enum(values, { type: typeof values[0] === 'number' ? 'integer' : 'string', title: name, ...opts });

export const Uuid = () => Type.String({ pattern: UUID_PATTERN, title: 'Uuid' });
export const IdParams = Obj({ id: Uuid() });
export const DateTime = () => Type.String({ format: 'date-time' });

/** Text in both languages of the interface. */
export const LocalText = Obj({ zh: Type.String(), en: Type.String() }, { title: 'LocalText' });

/** A citizen ID number (GB 11643): 17 digits and a check character (the check itself is the server's). */
export const CitizenIdNumber = Type.String({
  pattern: CITIZEN_ID_PATTERN,
  title: 'CitizenIdNumber',
  description: 'Citizen ID number (公民身份号码, GB 11643): 18 characters, the last a digit or X',
});
/** A mainland mobile number: 11 digits starting 13-19. */
export const MobileNumber = Type.String({
  pattern: MOBILE_PATTERN,
  title: 'MobileNumber',
  description: 'Mainland mobile number: 11 digits starting with 13-19',
});
/** A unified social credit code (GB 32100). */
export const Uscc = Type.String({
  pattern: USCC_PATTERN,
  title: 'Uscc',
  description: 'Unified social credit code (统一社会信用代码, GB 32100): 18 characters',
});

/**
 * `T | null` as `type: [T's type, 'null']` rather than `anyOf`: the response serializer
 * (fast-json-stringify) writes a type list directly but must validate each `anyOf` branch
 * at run time, which costs on every response. An enum takes the `anyOf` (null is not one of its values).
 */
export const Nullable = <T extends TSchema>(t: T): TUnsafe<Static<T> | null> => {
  const type = (t as { type?: unknown }).type;
  if (typeof type !== 'string' || 'enum' in t) return Type.Unsafe<Static<T> | null>(Type.Union([t, Type.Null()]));
  return Type.Unsafe<Static<T> | null>({ ...t, type: [type, 'null'] });
};

export const PageQuery = {
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000, default: 1 })),
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 20 })),
};

/** The name of a wrapper of a named schema (`CaseSummary` → `CaseSummaryPage`). */
const wrapperTitle = (item: TSchema, suffix: string): { title?: string } => {
  const title = (item as { title?: unknown }).title;
  return typeof title === 'string' ? { title: `${title}${suffix}` } : {};
};
/** One page of a list and the total: named `<Item>Page`. */
export const Paged = <T extends TSchema>(item: T) =>
  Obj({ items: Type.Array(item), total: Type.Integer() }, wrapperTitle(item, 'Page'));
/** A whole list: named `<Item>List`. */
export const Items = <T extends TSchema>(item: T) => Obj({ items: Type.Array(item) }, wrapperTitle(item, 'List'));

export const NoContent = Type.Null({ description: 'No content' });

/**
 * Error answers a route gives beyond those every route of its kind declares (platform/openapi.ts:
 * 400 with input, 401 and 403 unless public, 403 on writes, 404 with path parameters, 409, 413
 * and 415 on writes, and `default`): e.g. `...errorAnswers(404, 422)` for a write that refers to
 * something in its body and may be refused.
 */
export const errorAnswers = <const S extends ErrorStatus[]>(...statuses: S) =>
  Object.fromEntries(statuses.map((s) => [s, ErrorBody])) as { [K in S[number]]: typeof ErrorBody };
export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429;

/** A route anyone may call, signed in or not (OpenAPI: no security requirement). */
export const PUBLIC = { security: [] as { [name: string]: string[] }[] };
