/**
 * Evidence for filings (数据共享 免提交): what the applications module asks the exchange when a case
 * is filed (its EvidenceExchange port; app.ts wires it). Where a shared material comes from
 * (EVIDENCE_SOURCES), whether a read of it would be allowed, and the read itself in the filing's
 * transaction, as a system read (`applications.filing`) for the item's department, under its
 * grant, with the case number and the grant's purpose.
 *
 * Before the filing's transaction, `check` answers whether the read would be allowed without
 * reading: no grant of the department or the item at all → `not_granted` (nothing is logged;
 * the department obtains the material itself, as before); a read that would be refused (no
 * consent or consent withdrawn, the grant ended, a field outside it) is made then, outside any
 * transaction, so that the refusal is logged, and answered as refused. The read in the
 * transaction uses the grants the check read a moment ago (kept for GRANT_CACHE_MS, dropped at
 * once by a grant made or revoked on this node), or reads them in it when they have expired
 * (ExchangeContext.grantsOf with the transaction).
 */
import type { Transaction } from 'kysely';
import type { LocalText } from '../catalog/index.ts';
import { subjectKindOf, type ExchangeContext, type GrantRow, type Subject } from './exchange.context.ts';
import { REFUSALS, type ReadRequest, type RecordView, type Requester } from './exchange.read.ts';
import { EVIDENCE_SOURCES, qualifiedField, registryOf } from './exchange.registries.ts';
import type { ExchangeService } from './exchange.service.ts';

/** One read for a filing. */
export interface EvidenceRead {
  registry: string;
  recordType: string;
  subject: Subject;
  itemCode: string;
  departmentCode: string;
  caseNumber: string | null;
  applicantAccountId: string;
}

export type EvidenceCheck =
  { outcome: 'ready' } | { outcome: 'not_granted' } | { outcome: 'refused'; code: string; message: string };

export type EvidenceFetch =
  | { outcome: 'read'; records: EvidenceRecordOut[] }
  | { outcome: 'not_granted' }
  | { outcome: 'refused'; code: string; message: string };

export interface EvidenceRecordOut {
  recordId: string;
  recordType: string;
  version: number;
  values: RecordView['values'];
  digest: string;
  /** An issued certificate revoked or suspended by its issuer is read (and logged) but is no valid evidence. */
  status: RecordView['status'];
  readAt: Date | null;
  grantId: string | null;
}

/** The system that reads for a filing (the data tracker names it). */
export const FILING_SYSTEM = { system: 'applications.filing', name: '一网通办受理（办件证据）' } as const;

const isActive = (g: GrantRow, now: Date) =>
  g.starts_at.getTime() <= now.getTime() && (g.ends_at === null || g.ends_at.getTime() > now.getTime());

/** The grants that name this department or item (active or not). */
const grantsFor = (grants: readonly GrantRow[], departmentCode: string, itemCode: string) =>
  grants.filter((g) => g.grantee_department_code === departmentCode || g.grantee_item_code === itemCode);

export class EvidenceReads {
  private readonly c: ExchangeContext;
  private readonly service: Pick<ExchangeService, 'readAll'>;

  constructor(context: ExchangeContext, service: Pick<ExchangeService, 'readAll'>) {
    this.c = context;
    this.service = service;
  }

  /** The registry and record type holding a material, and whose record it is; null when none holds it. */
  sourceOf(materialCode: string) {
    const s = EVIDENCE_SOURCES[materialCode];
    if (!s) return null;
    return {
      registry: s.registry as string,
      recordType: s.recordType,
      subjectKind: s.enterprise ? ('enterprise' as const) : ('person' as const),
      subjectField: s.subjectField ?? null,
    };
  }

  /** A registry's name and owning department. */
  registryName(code: string): { name: LocalText; owner: string } | null {
    const r = registryOf(code);
    return r ? { name: { zh: r.zh, en: r.en }, owner: r.owner } : null;
  }

  /** The fields read as evidence: what the department's (or the item's) active grant covers of the registry. */
  private async grantFor(
    req: Pick<EvidenceRead, 'registry' | 'departmentCode' | 'itemCode'>,
    tx?: Transaction<object>,
  ) {
    const named = grantsFor(await this.c.grantsOf(req.registry, tx), req.departmentCode, req.itemCode);
    const now = this.c.p.clock.now();
    const active = named.filter((g) => isActive(g, now));
    const grant = active.find((g) => g.statutory) ?? active[0] ?? null;
    return { named, grant };
  }

  /** Whether the read would be allowed (before the filing's transaction); a refusal is read (and logged) now. */
  async check(req: EvidenceRead): Promise<EvidenceCheck> {
    const { named, grant } = await this.grantFor(req);
    if (named.length === 0) return { outcome: 'not_granted' };
    if (grant && (grant.statutory || (await this.consented(req, grant)))) return { outcome: 'ready' };
    const got = await this.fetch(req);
    return got.outcome === 'read' ? { outcome: 'ready' } : got;
  }

  /** The read for a case being filed, in its transaction: the records, or why not. */
  async fetch(req: EvidenceRead, tx?: Transaction<object>): Promise<EvidenceFetch> {
    return (await this.fetchAll([req], tx))[0]!;
  }

  /** A filing's reads, in its transaction: each its records, or why not (what is read, in one statement). */
  async fetchAll(reqs: readonly EvidenceRead[], tx?: Transaction<object>): Promise<EvidenceFetch[]> {
    const out: EvidenceFetch[] = [];
    const reads: { at: number; requester: Requester; req: ReadRequest }[] = [];
    for (const req of reqs) {
      const { named, grant } = await this.grantFor(req, tx);
      if (named.length === 0) {
        out.push({ outcome: 'not_granted' });
        continue;
      }
      const registry = registryOf(req.registry);
      const fields = (grant ?? named[0]!).fields.filter((f) => registry?.fields.some((x) => x.key === f));
      reads.push({
        at: out.length,
        requester: { kind: 'system', ...FILING_SYSTEM, departmentCode: req.departmentCode },
        req: {
          registry: req.registry,
          subject: req.subject,
          fields,
          purpose: grant?.purpose ?? `filing for ${req.itemCode}`,
          recordType: req.recordType,
          caseNumber: req.caseNumber,
          itemCode: req.itemCode,
        },
      });
      out.push({ outcome: 'not_granted' }); // answered below
    }
    const got = await this.service.readAll(reads, tx);
    for (const [i, { at }] of reads.entries()) {
      const r = got[i]!;
      out[at] =
        'refused' in r
          ? { outcome: 'refused', code: r.refused, message: REFUSALS[r.refused] }
          : {
              outcome: 'read',
              records: r.records.map((x) => ({
                recordId: x.recordId,
                recordType: x.recordType,
                version: x.version,
                values: x.values,
                digest: x.digest,
                status: x.status,
                readAt: new Date(x.readAt),
                grantId: x.grantId,
              })),
            };
    }
    return out;
  }

  /** The subject's consent for the item covers the grant's fields (what the read would check). */
  private async consented(req: EvidenceRead, grant: GrantRow): Promise<boolean> {
    const indexes = this.c.subjectIndexes(req.subject);
    const row = await this.c.db
      .selectFrom('exchange.consents')
      .select(['fields'])
      .where('subject_index', 'in', indexes)
      .where('subject_kind', '=', subjectKindOf(req.subject))
      .where('item_code', '=', req.itemCode)
      .where('withdrawn_at', 'is', null)
      .orderBy('version', 'desc')
      .limit(1)
      .executeTakeFirst();
    const registry = registryOf(req.registry);
    const wanted = grant.fields
      .filter((f) => registry?.fields.some((x) => x.key === f))
      .map((f) => qualifiedField(req.registry, f));
    return !!row && wanted.every((f) => row.fields.includes(f));
  }
}
