/**
 * Loading a city's base registries (the demo city, benchmarks): the community roster, every
 * registry's records and the sharing grants, in batches, each batch one transaction.
 */
import type { Platform } from '../../platform/context.ts';
import { command } from '../../platform/context.ts';
import { scoped } from '../../platform/db.ts';
import { uuidv7 } from '../../platform/ids.ts';
import { PII } from '../../platform/pii.ts';
import type { OrgService } from '../org/index.ts';
import type { RecordValue } from './exchange.read.ts';
import { recordRow, type RecordRow } from './exchange.records.ts';
import { registryOf } from './exchange.registries.ts';
import * as roster from './exchange.roster-repository.ts';
import type { RosterTables } from './exchange.roster-tables.ts';
import type { ExchangeTables } from './exchange.tables.ts';

export interface SeedResident {
  idNumber: string;
  name: string;
  gender: 'M' | 'F';
  birthDate: string;
  phone: string | null;
  address: string | null;
  communityCode: string;
  gridCode: string | null;
}

/** One record of a registry, as a department hands it over (the current schema version). */
export interface SeedRecord {
  registry: string;
  recordType: string;
  subject: { kind: 'person'; idNumber: string } | { kind: 'enterprise'; uscc: string };
  /** YYYY-MM-DD */
  issuedOn: string;
  data: Record<string, RecordValue>;
}

export interface SeedGrant {
  registry: string;
  departmentCode?: string;
  itemCode?: string;
  fields: string[];
  purpose: string;
  legalBasis: string;
  statutory: boolean;
}

const SYSTEM = { accountId: null, kind: 'system' as const, requestId: null, ip: null };

export class ExchangeSeeder {
  private readonly p: Platform;
  private readonly org: Pick<OrgService, 'placeIds' | 'setResidentCounts'>;
  private readonly syncCatalogue: () => Promise<void>;

  constructor(
    platform: Platform,
    org: Pick<OrgService, 'placeIds' | 'setResidentCounts'>,
    syncCatalogue: () => Promise<void>,
  ) {
    this.p = platform;
    this.org = org;
    this.syncCatalogue = syncCatalogue;
  }

  /** Stream registry records in batches (sealed, with their digest), each batch one transaction. */
  async records(records: Iterable<SeedRecord>, log: (msg: string) => void, batchSize = 500): Promise<number> {
    await this.syncCatalogue();
    const pr = this.p.protector;
    const now = this.p.clock.now();
    let batch: RecordRow[] = [];
    let n = 0;
    const flush = async () => {
      if (batch.length === 0) return;
      const rows = batch;
      batch = [];
      await command(this.p, SYSTEM, async (w) => {
        await scoped<ExchangeTables>(w.tx).insertInto('exchange.records').values(rows).execute();
      });
      if (n % 100_000 < batchSize) log(`exchange: ${n} registry records`);
    };
    for (const r of records) {
      const registry = registryOf(r.registry);
      if (!registry) throw new Error(`Unknown registry ${r.registry}`);
      if (!registry.recordTypes.includes(r.recordType))
        throw new Error(`No record type ${r.recordType} in ${r.registry}`);
      batch.push(
        recordRow(
          pr,
          {
            registry: registry.code,
            recordType: r.recordType,
            subject: r.subject.kind === 'person' ? { idNumber: r.subject.idNumber } : { uscc: r.subject.uscc },
            version: registry.version,
            values: r.data,
            issuedAt: new Date(`${r.issuedOn}T00:00:00Z`),
          },
          now,
        ),
      );
      n++;
      if (batch.length >= batchSize) await flush();
    }
    await flush();
    await command(this.p, SYSTEM, async (w) => {
      await w.audit({ action: 'exchange.seed.records', resourceType: 'seed', detail: { records: n } });
    });
    return n;
  }

  /** The city's sharing grants, in one transaction, audited. */
  async grants(grants: readonly SeedGrant[]): Promise<number> {
    await this.syncCatalogue();
    const now = this.p.clock.now();
    const rows: ExchangeTables['exchange.grants'][] = grants.map((g) => {
      const registry = registryOf(g.registry);
      if (!registry) throw new Error(`Unknown registry ${g.registry}`);
      const keys = new Set<string>(registry.fields.map((f) => f.key));
      for (const f of g.fields) if (!keys.has(f)) throw new Error(`No field ${f} in ${g.registry}`);
      if ((g.departmentCode === undefined) === (g.itemCode === undefined))
        throw new Error('A grant names one grantee: a department or an item');
      return {
        id: uuidv7(),
        registry_code: registry.code,
        grantee_department_code: g.departmentCode ?? null,
        grantee_item_code: g.itemCode ?? null,
        grantee_system_id: null,
        fields: [...new Set(g.fields)],
        purpose: g.purpose,
        legal_basis: g.legalBasis,
        statutory: g.statutory,
        starts_at: now,
        ends_at: null,
        revoked_at: null,
        revoked_by: null,
        granted_by: null,
        created_at: now,
      };
    });
    if (rows.length === 0) return 0;
    await command(this.p, SYSTEM, async (w) => {
      await scoped<ExchangeTables>(w.tx).insertInto('exchange.grants').values(rows).execute();
      await w.audit({ action: 'exchange.seed.grants', resourceType: 'seed', detail: { grants: rows.length } });
    });
    return rows.length;
  }

  /** Stream the community roster (实有人口) in batches, then set org's resident counts. */
  async roster(people: Iterable<SeedResident>, log: (msg: string) => void, batchSize = 1000): Promise<number> {
    const pr = this.p.protector;
    const places = await this.org.placeIds();
    let batch: RosterTables['exchange.residents'][] = [];
    let n = 0;
    const flush = async () => {
      if (batch.length === 0) return;
      const rows = batch;
      batch = [];
      await command(this.p, SYSTEM, async (w) => {
        await roster.insertResidents(scoped<RosterTables>(w.tx), rows);
        await w.audit({ action: 'org.seed.residents', resourceType: 'seed', detail: { residents: rows.length } });
      });
      if (n % 50_000 < batchSize) log(`exchange: ${n} residents on the roster`);
    };
    const now = this.p.clock.now();
    for (const r of people) {
      const communityId = places.communities.get(r.communityCode);
      if (!communityId) throw new Error(`Unknown community ${r.communityCode}`);
      batch.push({
        region_code: r.idNumber.slice(0, 6),
        id: uuidv7(),
        community_id: communityId,
        grid_id: r.gridCode ? (places.grids.get(r.gridCode) ?? null) : null,
        name_enc: pr.seal(r.name, PII.name),
        gender: r.gender,
        birth_year: Number(r.birthDate.slice(0, 4)),
        id_number_enc: pr.seal(r.idNumber, PII.citizenId),
        id_number_index: pr.blindIndex(r.idNumber, PII.citizenId),
        phone_enc: r.phone ? pr.seal(r.phone, PII.phone) : null,
        address_enc: r.address ? pr.seal(r.address, PII.address) : null,
        created_at: now,
      });
      n++;
      if (batch.length >= batchSize) await flush();
    }
    await flush();
    const counts = await roster.countsByPlace(scoped<RosterTables>(this.p.db));
    await this.org.setResidentCounts(
      counts.map((c) => ({ communityId: c.community_id, gridId: c.grid_id, n: Number(c.n) })),
    );
    return n;
  }
}
