/** A mini-app manifest for tests of the super app's registry (docs/superapp-manifest.schema.json). */
import type { MiniAppManifest } from '../../contract/openapi.ts';

type ScopeName = MiniAppManifest['scopes'][number]['scope'];

export const ICON_SVG = `data:image/svg+xml,${encodeURIComponent(
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 48 48"><rect width="48" height="48" rx="10" fill="#1677ff"/></svg>',
)}`;

export function testManifest(
  slug: string,
  origin = 'https://water.example.cn',
  scopes: ScopeName[] = ['openid', 'profile'],
  extra: Partial<MiniAppManifest> = {},
): MiniAppManifest {
  return {
    slug,
    name: { zh: `测试应用${slug.slice(-4)}`, en: `Test app ${slug.slice(-4)}` },
    description: { zh: '缴纳水费、查询账单', en: 'Pay water bills and see statements' },
    icon: ICON_SVG,
    category: 'utilities',
    entryUrl: `${origin}/`,
    redirectUris: [`${origin}/callback`],
    scopes: scopes.map((scope) => ({ scope, purpose: { zh: `用于${scope}`, en: `For ${scope}` } })),
    privacyPolicyUrl: `${origin}/privacy`,
    support: { phone: '0577-12345678' },
    elderMode: true,
    languages: ['zh-CN', 'en'],
    ...extra,
  };
}
