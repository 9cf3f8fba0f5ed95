/**
 * What the exchange holds about a person, for their own eyes (the rights module's export and
 * correction requests): every registry record about them with each field's name, and every
 * read of their data by others that they may see now. Their own data: no grant, no consent,
 * no access-log row.
 */
import type { Principal } from '../../platform/auth.ts';
import type { ExchangeService } from './exchange.service.ts';
import { REGISTRIES } from './exchange.registries.ts';
import type { TrackerEntryT } from './exchange.tracker.schemas.ts';
import type { Tracker } from './exchange.tracker.ts';

export interface OwnRecordView {
  registry: string;
  registryName: { zh: string; en: string };
  ownerDepartment: string;
  recordId: string;
  recordType: string;
  version: number;
  values: Record<string, string | number | boolean | null>;
  labels: Record<string, { zh: string; en: string }>;
  digest: string;
  issuedAt: string;
}

/** The most entries the export carries (a person read more often than this gets the newest). */
const MAX_ENTRIES = 10_000;

export class SubjectData {
  private readonly service: Pick<ExchangeService, 'ownRecords'>;
  private readonly tracker: Tracker;

  constructor(service: Pick<ExchangeService, 'ownRecords'>, tracker: Tracker) {
    this.service = service;
    this.tracker = tracker;
  }

  /** Every registry record about the person (ownRecords authorises: the person themself). */
  async allOwnRecords(principal: Principal): Promise<OwnRecordView[]> {
    const person: Principal = { ...principal, actingAs: null };
    const out: OwnRecordView[] = [];
    for (const r of REGISTRIES.filter((x) => (x.subjects as readonly string[]).includes('person'))) {
      const { records } = await this.service.ownRecords(person, {
        registry: r.code,
        fields: r.fields.map((f) => f.key),
      });
      const labels = Object.fromEntries(r.fields.map((f) => [f.key, { zh: f.zh, en: f.en }]));
      for (const rec of records)
        out.push({
          registry: r.code,
          registryName: { zh: r.zh, en: r.en },
          ownerDepartment: r.owner,
          recordId: rec.recordId,
          recordType: rec.recordType,
          version: rec.version,
          values: rec.values,
          labels,
          digest: rec.digest,
          issuedAt: rec.issuedAt,
        });
    }
    return out;
  }

  /** Every read of the person's data by others that they may see now, newest first. */
  async accessLogOf(principal: Principal): Promise<TrackerEntryT[]> {
    const person: Principal = { ...principal, actingAs: null };
    const out: TrackerEntryT[] = [];
    let cursor: string | undefined;
    while (out.length < MAX_ENTRIES) {
      const page = await this.tracker.mine(person, { limit: 100, ...(cursor ? { cursor } : {}) });
      out.push(...page.items);
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    return out;
  }
}
