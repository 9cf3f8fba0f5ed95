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
import * as roster from './exchange.roster-repository.ts';
import type { RosterTables } from './exchange.roster-tables.ts';

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

const SYSTEM = { accountId: null, kind: 'system' as const, requestId: null, ip: null };

export class ExchangeSeeder {
  private readonly p: Platform;
  private readonly org: OrgService;

  constructor(platform: Platform, org: OrgService) {
    this.p = platform;
    this.org = org;
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
