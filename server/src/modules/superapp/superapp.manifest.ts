/**
 * The mini-app manifest: the one published format every app registers with (docs/superapp-manifest.schema.json
 * is generated from this schema by `npm run contract`, and checked by `contract:check`).
 */
import { Type, type Static } from 'typebox';
import { CATEGORIES, SCOPE_NAMES, type Category, type Scope } from './superapp.scopes.ts';

const Text = (max: number) =>
  Type.Object(
    { zh: Type.String({ minLength: 1, maxLength: max }), en: Type.String({ minLength: 1, maxLength: max }) },
    { additionalProperties: false },
  );
const Url = Type.String({ format: 'uri', pattern: '^https?://', maxLength: 500 });

export const ManifestSchema = Type.Object(
  {
    /** A short, stable name of the app (its address in the app centre: /apps/<slug>). */
    slug: Type.String({ pattern: '^[a-z][a-z0-9-]{2,39}$' }),
    name: Text(40),
    description: Text(200),
    /** The icon: an https (or localhost) URL, or a data: URL of an SVG or PNG. */
    icon: Type.String({ pattern: '^(https?://|data:image/(svg\\+xml|png)[;,])', maxLength: 20000 }),
    category: Type.Unsafe<Category>(Type.Union(CATEGORIES.map((c) => Type.Literal(c)))),
    /** Where the super app opens it (in a sandboxed iframe): https, or http on localhost. */
    entryUrl: Url,
    /** OIDC redirect URIs (its client's), on the entry URL's origin. */
    redirectUris: Type.Array(Url, { minItems: 1, maxItems: 10 }),
    postLogoutRedirectUris: Type.Optional(Type.Array(Url, { maxItems: 10 })),
    /** Each scope it asks for, with the purpose shown to the person on the consent page. */
    scopes: Type.Array(
      Type.Object(
        {
          scope: Type.Unsafe<Scope>(Type.Union(SCOPE_NAMES.map((s) => Type.Literal(s)))),
          purpose: Text(200),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: SCOPE_NAMES.length },
    ),
    privacyPolicyUrl: Url,
    support: Type.Object(
      {
        phone: Type.Optional(Type.String({ pattern: '^[0-9+\\- ]{5,20}$' })),
        email: Type.Optional(Type.String({ format: 'email', maxLength: 200 })),
      },
      { additionalProperties: false, minProperties: 1 },
    ),
    /** It follows the bridge's elder mode (长辈版: larger type, simpler pages); every app must. */
    elderMode: Type.Literal(true),
    languages: Type.Array(Type.Union([Type.Literal('zh-CN'), Type.Literal('en')]), { minItems: 1, uniqueItems: true }),
  },
  { additionalProperties: false, title: 'MiniAppManifest', $id: 'https://yiwang.dev/schemas/miniapp-manifest.json' },
);

export type Manifest = Static<typeof ManifestSchema>;
