/**
 * The demo city's external system: 温州市人民医院 (Wenzhou People's Hospital), which issues
 * birth certificates (出生医学证明) and checks the mother's identity against the population
 * registry under a grant of 龙港市公安局 made to the system itself.
 *
 * Its PRIVATE key is published in docs/exchange-client.ts, for the demo only: anyone can sign
 * as this hospital. A real city does not seed the demo.
 */
export const DEMO_EXTERNAL_SYSTEM = {
  clientId: 'wzrmyy-his',
  name: '温州市人民医院',
  nameEn: "Wenzhou People's Hospital",
  organisationKind: 'uscc' as const,
  organisation: '123303004705257339',
  departmentCode: null,
  publicJwk: { kty: 'OKP', crv: 'Ed25519', x: 'GJbWgVhiGYqUarl0z9it9EtF_nm5tnBJBqtrA-OpA-c' },
};

/** What the hospital may read, and why (a grant of the population registry's owner to the system). */
export const DEMO_EXTERNAL_GRANT = {
  registry: 'population-registry',
  fields: ['name', 'gender', 'birthDate'],
  purpose: '出生医学证明签发：核验母亲身份',
  legalBasis: '《中华人民共和国母婴保健法》第二十三条；《出生医学证明》管理规定',
  statutory: true,
};
