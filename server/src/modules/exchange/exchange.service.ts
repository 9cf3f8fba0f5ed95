/**
 * The exchange's service interface, assembled from its use cases: the registry catalogue,
 * reads (exchange.read.ts), the person's own records, grants and consents.
 */
import type { Principal } from '../../platform/auth.ts';
import { AppError } from '../../platform/errors.ts';
import { expose } from '../../platform/module.ts';
import type { IdentityService } from '../identity/index.ts';
import { RECORD_CONTEXT, type ExchangeContext } from './exchange.context.ts';
import { Consents } from './exchange.consents.ts';
import { Grants } from './exchange.grants.ts';
import { policy } from './exchange.policy.ts';
import { RegistryReads, type RecordValue, type RecordView } from './exchange.read.ts';
import { REGISTRIES, registryOf, type RegistryCode, type Sensitivity } from './exchange.registries.ts';

export interface RegistrySummary {
  code: RegistryCode;
  ownerDepartment: string;
  name: { zh: string; en: string };
  subjects: ('person' | 'enterprise')[];
  version: number;
  recordTypes: string[];
  fields: { key: string; label: { zh: string; en: string }; sensitivity: Sensitivity }[];
}

class Catalogue {
  /** The registries: owner, whose records, fields and their sensitivity (public). */
  registries(): { items: RegistrySummary[] } {
    return {
      items: REGISTRIES.map((r) => ({
        code: r.code,
        ownerDepartment: r.owner,
        name: { zh: r.zh, en: r.en },
        subjects: [...r.subjects],
        version: r.version,
        recordTypes: [...r.recordTypes],
        fields: r.fields.map((f) => ({ key: f.key, label: { zh: f.zh, en: f.en }, sensitivity: f.sensitivity })),
      })),
    };
  }
}

/** A person's own records (or their enterprise's): no grant, no consent, not a third party's read. */
class OwnRecords {
  private readonly c: ExchangeContext;
  private readonly consents: Consents;

  constructor(context: ExchangeContext, consents: Consents) {
    this.c = context;
    this.consents = consents;
  }

  async ownRecords(
    p: Principal | null,
    req: { registry: string; fields: readonly string[]; recordType?: string | undefined },
  ): Promise<{ records: Omit<RecordView, 'grantId'>[] }> {
    const who = policy.consentSubject(p);
    const registry = registryOf(req.registry);
    if (!registry) throw new AppError(404, 'REGISTRY_NOT_FOUND', 'No such registry');
    const subject = await this.consents.subjectOf(who);
    if (!subject) return { records: [] };
    let q = this.c.db
      .selectFrom('exchange.records')
      .select(['id', 'record_type', 'version', 'data_enc', 'digest', 'issued_at', 'status'])
      .where('subject_index', 'in', subject.indexes)
      .where('registry_code', '=', registry.code)
      .where('subject_kind', '=', who.kind);
    if (req.recordType) q = q.where('record_type', '=', req.recordType);
    const rows = await q.orderBy('issued_at', 'desc').execute();
    const readAt = this.c.p.clock.now().toISOString();
    return {
      records: rows.map((r) => {
        const all = JSON.parse(this.c.p.protector.open(r.data_enc, RECORD_CONTEXT)) as Record<string, RecordValue>;
        const values: Record<string, RecordValue> = {};
        for (const f of req.fields) values[f] = all[f] ?? null;
        return {
          registry: registry.code as RegistryCode,
          recordId: r.id,
          recordType: r.record_type,
          version: r.version,
          values,
          digest: r.digest,
          issuedAt: r.issued_at.toISOString(),
          status: r.status,
          readAt,
        };
      }),
    };
  }
}

export function exchangeService(context: ExchangeContext, identity: Pick<IdentityService, 'valuesOf'>) {
  const consents = new Consents(context, identity);
  return {
    ...expose(new Catalogue(), 'registries'),
    ...expose(new RegistryReads(context), 'read', 'readAll'),
    ...expose(new OwnRecords(context, consents), 'ownRecords'),
    ...expose(new Grants(context), 'createGrant', 'revokeGrant', 'listGrants'),
    ...expose(
      consents,
      'giveConsent',
      'withdrawConsent',
      'consentsOf',
      'giveAppConsent',
      'appConsentOf',
      'withdrawAppConsent',
    ),
  };
}
export type ExchangeService = ReturnType<typeof exchangeService>;
