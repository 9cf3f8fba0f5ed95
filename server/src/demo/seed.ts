/**
 * The demo city seed: deterministic and synthetic (no real people). Longgang's flat
 * structure: 15 departments directly managing 92 communities with their grids; staff for
 * every role; residents with valid ID numbers; enterprises with valid USCCs; a case history.
 * It loads everything through the modules' public interfaces, as a real city's seed would.
 */
import type { ApplicationsApi } from '../modules/applications/index.ts';
import type { CatalogService } from '../modules/catalog/index.ts';
import type { ExchangeApi } from '../modules/exchange/index.ts';
import type { HallsApi } from '../modules/halls/index.ts';
import type { SupervisionApi } from '../modules/supervision/index.ts';
import type { InspectionsApi } from '../modules/inspections/index.ts';
import type { OpendataApi } from '../modules/opendata/index.ts';
import { seedOpenData } from './opendata.ts';
import type { CityopsApi } from '../modules/cityops/index.ts';
import type { IdentityService, SeedAccount } from '../modules/identity/index.ts';
import type { OrgApi, SeedPost } from '../modules/org/index.ts';
import type { PaymentsApi } from '../modules/payments/index.ts';
import type { Principal } from '../platform/auth.ts';
import type { Platform } from '../platform/context.ts';
import { uuidv7 } from '../platform/ids.ts';
import { DEMO_CITYOPS_CATEGORIES } from './cityops-categories.ts';
import { DEMO_PIPELINE_DEPARTMENTS, seedDemoPipelines } from './opendata-pipelines.ts';
import { planCityopsActivity } from './cityops-activity.ts';
import { demoSensors } from './sensors.ts';
import { DEMO_CITIZEN, DEMO_PASSWORD, DEMO_STAFF, DEMO_TOTP_SECRET } from './accounts.ts';
import { DEMO_CITY_CODE, DEMO_COMMUNITIES, DEMO_DEPARTMENTS, DEMO_REGIONS, gridsOf } from './city.ts';
import { DEMO_EXTERNAL_GRANT, DEMO_EXTERNAL_SYSTEM } from './external-systems.ts';
import { DEMO_HALLS } from './halls.ts';
import { seedDemoHistory, type DemoApplicant } from './history.ts';
import { DEMO_BUNDLES, DEMO_ITEMS } from './items.ts';
import { DEMO_INSPECTION_ITEMS, DEMO_INSPECTORS, DEMO_RISK_RULES } from './inspections.ts';
import { generateEnterprises, generateResidents } from './population.ts';
import { demoGrants } from './grants.ts';
import { DEMO_CITIZEN_ID, demoPeople, generateRegistryRecords } from './registries.ts';

export interface SeedOptions {
  residents: number;
  enterprises: number;
  log: (msg: string) => void;
  /** Four staff per department and a grid worker per community besides the named demo accounts (default true). */
  fullStaff?: boolean;
  /** Cases to file into the demo history (default none; `yiwang start` and `seed` file a few hundred). */
  cases?: number;
}

/** Residents besides the demo citizen who have accounts and file cases in the demo history. */
const DEMO_APPLICANTS = 40;

export const DEMO_SEED = 'longgang-demo';
/** The demo's data officer (数据专员): reviews the shipped open-data pipelines. */
const DEMO_DATA_OFFICER = 'dataofficer01';

export async function seedDemoCity(
  platform: Platform,
  modules: {
    identity: { service: IdentityService };
    org: OrgApi;
    exchange: ExchangeApi;
    catalog: { service: CatalogService };
    applications: ApplicationsApi;
    halls?: HallsApi;
    payments?: PaymentsApi;
    supervision?: SupervisionApi;
    inspections?: InspectionsApi;
    cityops?: CityopsApi;
    opendata?: OpendataApi;
    cogov?: { parts: Record<string, { seed?: () => Promise<void> }> };
    superapp?: {
      parts: Record<string, { seed?: () => Promise<void> }> & {
        supervision?: { seed?: () => Promise<void>; api: { seedDemo(idNumber: string): Promise<void> } };
      };
    };
  },
  opts: SeedOptions,
): Promise<boolean> {
  const identity = modules.identity.service;
  // The catalogue seeds itself when empty, also into a city seeded before it existed.
  await modules.catalog.service.seed(DEMO_ITEMS, DEMO_BUNDLES, opts.log);
  // So do the service halls.
  await modules.halls?.service.seed(DEMO_HALLS, opts.log);
  // And the ratings' history (好差评), so the published figures are not empty.
  await modules.supervision?.service.seed(
    DEMO_ITEMS.slice(0, 12).map((i) => ({ code: i.handlingItemCode, departmentCode: i.departmentCode, name: i.name })),
    opts.log,
  );
  // And the city events' categories (事件分类, also the Open311 services).
  await modules.cityops?.categories.seed(DEMO_CITYOPS_CATEGORIES, opts.log);
  // And its sensor network (物联感知, ~500 devices; existing ids kept).
  await modules.cityops?.sensors.service.seed(demoSensors());
  // And the exchange's example external system, 温州市人民医院 (its private key is in docs/exchange-client.ts).
  await modules.exchange.systems.registerForSeed(DEMO_EXTERNAL_SYSTEM, [DEMO_EXTERNAL_GRANT], opts.log);
  const org = modules.org.seeder();
  if (await org.isSeeded()) {
    // Open data (公共数据开放): the demo datasets, also into a city seeded before the module existed.
    if (modules.opendata) await seedOpenData(modules.opendata.catalogue, platform.clock.now(), opts.log);
    // 超级App: each part's seed again (idempotent): the demo mini-apps' entry URLs follow their ports.
    for (const part of Object.values(modules.superapp?.parts ?? {})) await part.seed?.();
    return false;
  }
  const t0 = Date.now();
  const { log } = opts;
  await org.structure({
    cityCode: DEMO_CITY_CODE,
    regions: DEMO_REGIONS.map((r) => ({ ...r })),
    departments: DEMO_DEPARTMENTS.map((d) => ({ ...d })),
    communities: DEMO_COMMUNITIES.map((c) => ({
      code: c.code,
      name: c.name,
      nameEn: c.nameEn,
      lat: c.centre.lat,
      lng: c.centre.lng,
      grids: gridsOf(c),
    })),
  });
  log(`org: ${DEMO_DEPARTMENTS.length} departments, ${DEMO_COMMUNITIES.length} communities`);

  // The roster (实有人口): the demo citizen's family and the generated residents, as the registries have them.
  const citizenId = DEMO_CITIZEN_ID;
  const exchange = modules.exchange.seeder();
  const residentCount = await exchange.roster(demoPeople(DEMO_SEED, opts.residents), log);
  log(`exchange: ${residentCount} residents on the roster`);
  // The base registries, consistent with the roster and the enterprises; the sharing grants.
  const records = await exchange.records(
    generateRegistryRecords(DEMO_SEED, { residents: opts.residents, enterprises: opts.enterprises }),
    log,
  );
  const grants = await exchange.grants(demoGrants());
  log(`exchange: ${records} registry records, ${grants} sharing grants`);

  // Accounts: staff (with a post each) and the demo citizen, all with the demo password.
  const staffPeople = generateResidents(`${DEMO_SEED}-staff`, 400);
  const staffDefs = [...DEMO_STAFF.map((s) => ({ ...s }))];
  for (const d of opts.fullStaff === false ? [] : DEMO_DEPARTMENTS) {
    const code = d.code.toLowerCase();
    for (const [suffix, role, title] of [
      ['clerk', 'clerk', '窗口受理员'],
      ['reviewer', 'reviewer', '审核员'],
      ['approver', 'approver', '审批负责人'],
      ['admin', 'department_admin', '部门管理员'],
    ] as const) {
      staffDefs.push({
        username: `${code}-${suffix}`,
        displayName: staffPeople.next().value!.name,
        department: d.code,
        community: null,
        grid: null,
        title: `${d.shortName}${title}`,
        postRoles: [role],
      });
    }
  }
  // Qualified inspectors (行政执法人员) of the market, ecology and emergency departments, with a reviewer post.
  for (const i of DEMO_INSPECTORS) {
    const d = DEMO_DEPARTMENTS.find((x) => x.code === i.department)!;
    const post = { department: d.code, community: null, grid: null, title: `${d.shortName}行政执法人员` };
    staffDefs.push({ username: i.username, displayName: i.name, ...post, postRoles: ['reviewer'] });
  }
  for (const c of opts.fullStaff === false ? [] : DEMO_COMMUNITIES) {
    const n = c.code.slice(-3);
    staffDefs.push({
      username: `grid-${n}`,
      displayName: staffPeople.next().value!.name,
      department: null,
      community: c.code,
      grid: gridsOf(c)[0]!.code,
      title: `${c.name}网格员`,
      postRoles: ['grid_worker'],
    });
  }
  const accounts: SeedAccount[] = [];
  const posts: SeedPost[] = [];
  for (const s of staffDefs) {
    const id = uuidv7();
    accounts.push({
      id,
      kind: 'staff',
      username: s.username,
      displayName: s.displayName,
      password: DEMO_PASSWORD,
      regionCode: DEMO_CITY_CODE,
      totpSecret: DEMO_TOTP_SECRET,
      roles: s.accountRole ? [s.accountRole] : [],
    });
    if (s.postRoles.length > 0) {
      posts.push({
        accountId: id,
        regionCode: DEMO_CITY_CODE,
        departmentCode: s.department,
        communityCode: s.community,
        gridCode: s.grid,
        title: s.title,
        roles: s.postRoles,
      });
    }
  }
  const citizen = (p: { name: string; idNumber: string; phone: string }): SeedAccount => ({
    id: uuidv7(),
    kind: 'citizen',
    displayName: p.name,
    idNumber: p.idNumber,
    phone: p.phone,
    password: DEMO_PASSWORD,
    regionCode: DEMO_CITY_CODE,
    assurance: 'id_verified',
    roles: ['citizen'],
  });
  accounts.push(citizen({ name: DEMO_CITIZEN.name, idNumber: citizenId, phone: DEMO_CITIZEN.phone }));
  // With a case history, some residents (the last ones generated) have accounts too, so it has many applicants.
  const applicants = opts.cases
    ? [...generateResidents(DEMO_SEED, opts.residents)].slice(-DEMO_APPLICANTS).filter((r) => r.idNumber !== citizenId)
    : [];
  for (const r of applicants) accounts.push(citizen(r));

  // Enterprises; the first is the demo citizen's own business, so "act as enterprise" can be tried.
  const legalReps = new Map<number, { name: string; idNumber: string }>();
  const enterprises = [...generateEnterprises(DEMO_SEED, opts.enterprises, opts.residents)];
  const wanted = new Set(enterprises.map((e) => e.legalRepResidentIndex));
  let idx = 0;
  for (const r of generateResidents(DEMO_SEED, opts.residents)) {
    if (wanted.has(idx)) legalReps.set(idx, { name: r.name, idNumber: r.idNumber });
    idx++;
  }
  await identity.seedAccounts(
    {
      accounts,
      enterprises: enterprises.map((e, i) => ({
        uscc: e.uscc,
        name: e.name,
        nameEn: e.nameEn,
        regionCode: DEMO_CITY_CODE,
        industry: e.industry,
        registeredOn: e.registeredOn,
        address: e.address,
        legalRep: i === 0 ? { name: DEMO_CITIZEN.name, idNumber: citizenId } : legalReps.get(e.legalRepResidentIndex)!,
      })),
    },
    log,
  );
  const accountOf = new Map(accounts.map((a) => [a.username, a.id]));
  // The demo's data officer also looks after the open data of the departments whose pipelines ship.
  const officerId = accountOf.get(DEMO_DATA_OFFICER);
  const officerDef = staffDefs.find((s) => s.username === DEMO_DATA_OFFICER);
  if (officerId && officerDef)
    for (const code of DEMO_PIPELINE_DEPARTMENTS.filter((c) => c !== officerDef.department))
      posts.push({
        accountId: officerId,
        regionCode: DEMO_CITY_CODE,
        departmentCode: code,
        communityCode: null,
        gridCode: null,
        title: '数据专员',
        roles: ['data_officer'],
      });
  await org.posts(posts);
  await modules.inspections?.directory.seed(
    {
      items: DEMO_INSPECTION_ITEMS,
      riskRules: DEMO_RISK_RULES,
      inspectors: DEMO_INSPECTORS.map((i) => ({ ...i, accountId: accountOf.get(i.username)! })),
    },
    log,
  );
  if (opts.cases) {
    const citizenAccounts = accounts.filter((a) => a.kind === 'citizen');
    const people: DemoApplicant[] = [];
    const facts = [
      { name: DEMO_CITIZEN.name, idNumber: citizenId, phone: DEMO_CITIZEN.phone, address: DEMO_CITIZEN.address },
      ...applicants.map((r) => ({ name: r.name, idNumber: r.idNumber, phone: r.phone, address: r.address })),
    ];
    for (const [i, a] of citizenAccounts.entries()) {
      const principal = await identity.principalOf({ accountId: a.id });
      if (principal && facts[i]) people.push({ principal, facts: facts[i] });
    }
    const demo = people[0]!;
    const own = (await identity.enterprisesOfAccount(demo.principal.accountId))[0];
    const asEnterprise = own ? await identity.principalOf({ accountId: demo.principal.accountId }, own.id) : null;
    const staff = new Map<string, Principal>();
    for (const s of staffDefs) {
      if (!s.department) continue;
      for (const role of s.postRoles) {
        if (!['clerk', 'reviewer', 'approver'].includes(role) || staff.has(`${s.department}/${role}`)) continue;
        const p = await identity.principalOf({ username: s.username });
        if (p) staff.set(`${s.department}/${role}`, p);
      }
    }
    const filed = await seedDemoHistory(modules, {
      cases: opts.cases,
      people,
      enterprise:
        asEnterprise && own
          ? { principal: asEnterprise, facts: { ...demo.facts, company: { name: own.name, uscc: own.uscc } } }
          : null,
      staff,
      items: [...DEMO_ITEMS],
      bundles: DEMO_BUNDLES.map((b) => b.code),
      now: platform.clock.now(),
      days: 30,
      log,
      flush: () => platform.outbox.flush(),
    });
    log(`applications: ${filed} cases in the demo history`);
    // 一网统管: 90 days of city events in every state, for the city screen and the operators' lists.
    await modules.cityops?.screen.seed.seedActivity(
      planCityopsActivity({ now: platform.clock.now(), days: 90, perDay: 36 }),
      log,
    );
    // Three weeks of 12345 calls at operator01's desk (enquiries answered, events opened). After the
    // 90 days: the activity is planned only into a city without events.
    if (modules.cityops)
      await modules.cityops.hotline.seed({
        operatorAccountId: accountOf.get('operator01')!,
        regionCode: DEMO_CITY_CODE,
        days: 21,
        callsPerDay: 24,
        log,
      });
    await modules.supervision?.service.deadlines.catchUp(log); // 时限监督: the history's late cases carded
    await modules.supervision?.service.backfillStatistics(log);
  }
  if (modules.opendata) await seedOpenData(modules.opendata.catalogue, platform.clock.now(), log);
  // 公共数据开放: with the history, the demo pipelines, approved by the data officer and run once, so
  // the portal's city events and service volumes are real releases (later versions of the demo ones).
  if (opts.cases && modules.opendata && officerId && officerDef)
    await seedDemoPipelines(modules.opendata.pipelines, { accountId: officerId, name: officerDef.displayName }, log);
  // 一网共治: each part's demo content, once the roster and the accounts exist (each part's seed is idempotent).
  for (const part of Object.values(modules.cogov?.parts ?? {})) await part.seed?.();
  // 超级App: the demo mini-apps (approved, their organisations' USCCs) and what each part shows of them.
  for (const part of Object.values(modules.superapp?.parts ?? {})) await part.seed?.();
  // 超级App supervision: what the apps in place obtained about the demo citizen, and their usage.
  await modules.superapp?.parts.supervision?.api.seedDemo(citizenId);
  log(`seeded the demo city in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return true;
}
