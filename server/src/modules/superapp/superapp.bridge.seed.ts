/**
 * The demo city's three mini-apps (miniapps/ in the repository, each its own small site on its
 * own port), put in place as approved apps of plausible organisations: the water utility, the
 * hospital (温州市人民医院, the exchange's demo external system) and the bus company. Their entry
 * URLs follow where the mini-apps are served, so a changed port moves them on the next start; an
 * app a reviewer has suspended or taken down stays so.
 */
import type { Manifest } from './superapp.manifest.ts';
import type { SuperappContext } from './superapp.context.ts';
import type { Category, Scope } from './superapp.scopes.ts';

/**
 * A manifest as written here (TypeBox's static type of the manifest's category and scope unions,
 * built by mapping, is `never`; the schema itself checks them).
 */
type Written = Omit<Manifest, 'category' | 'scopes'> & {
  category: Category;
  scopes: { scope: Scope; purpose: { zh: string; en: string } }[];
};
const manifest = (m: Written): Manifest => m as unknown as Manifest;

export interface DemoMiniapp {
  slug: string;
  ownerUscc: string;
  ownerName: string;
  manifest: (origin: string) => Manifest;
}

const icon = (bg: string, glyph: string) =>
  `data:image/svg+xml,${encodeURIComponent(
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 48 48"><rect width="48" height="48" rx="10" fill="${bg}"/><text x="24" y="32" font-size="22" text-anchor="middle" fill="#fff">${glyph}</text></svg>`,
  )}`;

const common = (origin: string) => ({
  entryUrl: `${origin}/`,
  redirectUris: [`${origin}/`],
  postLogoutRedirectUris: [`${origin}/`],
  privacyPolicyUrl: `${origin}/privacy.html`,
  elderMode: true as const,
  languages: ['zh-CN' as const, 'en' as const],
});

/** The three demo mini-apps, in the order of their ports (base, base + 1, base + 2). */
export const DEMO_MINIAPPS: readonly DemoMiniapp[] = [
  {
    slug: 'water-bills',
    ownerUscc: '91330383MA2HW1C777',
    ownerName: '龙港市自来水有限公司',
    manifest: (origin) =>
      manifest({
        slug: 'water-bills',
        name: { zh: '水电缴费', en: 'Water & power bills' },
        description: {
          zh: '查询并缴纳水费、电费（沙箱支付）',
          en: 'See and pay your water and electricity bills (sandbox payment)',
        },
        icon: icon('#1677ff', '水'),
        category: 'utilities',
        ...common(origin),
        scopes: [
          { scope: 'openid', purpose: { zh: '识别缴费户主', en: 'Identify the account holder' } },
          { scope: 'profile', purpose: { zh: '在账单上显示户主姓名', en: "Show the holder's name on bills" } },
          { scope: 'address', purpose: { zh: '按住址查找水电户号', en: 'Find the meter accounts at your address' } },
        ],
        support: { phone: '0577-6888 1234', email: 'service@lgwater.example.cn' },
      }),
  },
  {
    slug: 'hospital-booking',
    ownerUscc: '123303004705257339',
    ownerName: '温州市人民医院',
    manifest: (origin) =>
      manifest({
        slug: 'hospital-booking',
        name: { zh: '预约挂号', en: 'Hospital appointments' },
        description: {
          zh: '温州市人民医院门诊预约挂号',
          en: "Book an outpatient appointment at Wenzhou People's Hospital",
        },
        icon: icon('#00b578', '医'),
        category: 'health',
        ...common(origin),
        scopes: [
          { scope: 'openid', purpose: { zh: '识别就诊人', en: 'Identify the patient' } },
          { scope: 'profile', purpose: { zh: '挂号实名登记', en: 'Register the appointment under your real name' } },
          {
            scope: 'id_number_masked',
            purpose: { zh: '核对就诊卡（脱敏身份证号）', en: 'Match your patient card (masked ID number)' },
          },
          { scope: 'phone', purpose: { zh: '发送就诊提醒短信', en: 'Text you a reminder of the appointment' } },
        ],
        support: { phone: '0577-5557 9999' },
      }),
  },
  {
    slug: 'bus-card',
    ownerUscc: '91330383MA2HX4B90B',
    ownerName: '龙港市公共交通有限公司',
    manifest: (origin) =>
      manifest({
        slug: 'bus-card',
        name: { zh: '公交卡充值', en: 'Bus card top-up' },
        description: { zh: '为龙港公交卡在线充值', en: 'Top up your Longgang bus card online' },
        icon: icon('#ff8f1f', '公'),
        category: 'transport',
        ...common(origin),
        scopes: [
          { scope: 'openid', purpose: { zh: '识别持卡人', en: 'Identify the card holder' } },
          { scope: 'profile', purpose: { zh: '显示持卡人姓名', en: "Show the card holder's name" } },
        ],
        support: { phone: '0577-6899 0000', email: 'card@lgbus.example.cn' },
      }),
  },
];

/** Where the demo mini-apps are served: their origins, by slug (the ports' base when not told otherwise). */
export function demoOrigins(host: string, basePort: number): Map<string, string> {
  if (basePort === 0) return new Map();
  return new Map(DEMO_MINIAPPS.map((a, i) => [a.slug, `http://${host}:${basePort + i}`]));
}

/** Put the demo mini-apps in place (idempotent); an app suspended or taken down is left so. */
export async function seedDemoMiniapps(c: SuperappContext, origins: ReadonlyMap<string, string>): Promise<void> {
  for (const demo of DEMO_MINIAPPS) {
    const origin = origins.get(demo.slug);
    if (!origin) continue;
    const existing = await c.directory.bySlug(demo.slug);
    if (existing && existing.status !== 'approved') continue;
    await c.directory.putApproved(
      { manifest: demo.manifest(origin), ownerUscc: demo.ownerUscc, ownerName: demo.ownerName },
      c.platform.clock.now(),
    );
  }
}
