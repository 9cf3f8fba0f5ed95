/**
 * The two pools' registers: the target directory (检查对象名录库), synced from the exchange's
 * enterprise registry with a risk level by industry; the inspectors (执法检查人员名录库) and
 * their declared relations (利害关系申报); and the demo city's seed of items and inspectors.
 */
import type { Principal, RequestOrigin } from '../../platform/auth.ts';
import { principalActor } from '../../platform/auth.ts';
import { systemActor, type ActorRef } from '../../platform/audit.ts';
import { command } from '../../platform/context.ts';
import { scoped } from '../../platform/db.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { uuidv7 } from '../../platform/ids.ts';
import { sql } from 'kysely';
import type { DirectoryEntry, InspectionsContext } from './inspections.context.ts';
import { policy } from './inspections.policy.ts';
import * as repo from './inspections.repository.ts';
import type { InspectionsTables, RiskLevel } from './inspections.tables.ts';

export interface InspectionsSeed {
  items: readonly {
    department: string;
    code: string;
    name: string;
    nameEn: string;
    legalBasis: string;
    content: string;
  }[];
  riskRules: readonly { industry: string; riskLevel: RiskLevel }[];
  inspectors: readonly { accountId: string; code: string; department: string; name: string }[];
}

export class Directory {
  private readonly c: InspectionsContext;
  constructor(c: InspectionsContext) {
    this.c = c;
  }

  /** Bring the target directory up to date with the enterprise registry (credit grades are kept). */
  async sync(p: Principal | null, origin: RequestOrigin) {
    const principal = policy.supervisor(p);
    return this.syncAs(principalActor(principal, origin));
  }

  async syncAs(actor: ActorRef) {
    const rules = new Map(
      (await this.c.db.selectFrom('inspections.risk_rules').selectAll().execute()).map((r) => [
        r.industry,
        r.risk_level,
      ]),
    );
    // Read the registry first: on PGlite's one connection a read outside the transaction would wait for it.
    const pages: DirectoryEntry[][] = [];
    for await (const page of this.c.deps.directory()) pages.push(page);
    let count = 0;
    return command(this.c.p, actor, async (w) => {
      const db = scoped<InspectionsTables>(w.tx);
      for (const page of pages) {
        const rows = [...new Map(page.filter((e) => e.uscc).map((e) => [e.uscc, e])).values()].map((e) => ({
          uscc: e.uscc,
          name: e.name,
          industry: e.industry,
          area: e.address,
          status: e.status,
          risk_level: rules.get(e.industry) ?? 'low',
          credit_grade: 'B' as const,
          synced_at: w.now,
        }));
        if (rows.length === 0) continue;
        await db
          .insertInto('inspections.entities')
          .values(rows)
          .onConflict((oc) =>
            oc.column('uscc').doUpdateSet({
              name: sql`excluded.name`,
              industry: sql`excluded.industry`,
              area: sql`excluded.area`,
              status: sql`excluded.status`,
              risk_level: sql`excluded.risk_level`,
              synced_at: sql`excluded.synced_at`,
            }),
          )
          .execute();
        count += rows.length;
      }
      await w.audit({
        action: 'inspections.directory.synced',
        resourceType: 'inspection_directory',
        regionCode: this.c.deps.regionCode,
        detail: { enterprises: count },
      });
      return { enterprises: count };
    });
  }

  /**
   * Every declared relation (利害关系申报) by the inspector's staff account: supervision's anomaly
   * flags treat a decision for a related enterprise as a conflict too (one declaration, two uses).
   */
  async declaredRelations(): Promise<{ accountId: string; uscc: string }[]> {
    const rows = await this.c.db
      .selectFrom('inspections.relations as r')
      .innerJoin('inspections.inspectors as i', 'i.id', 'r.inspector_id')
      .select(['i.account_id', 'r.uscc'])
      .execute();
    return rows.map((r) => ({ accountId: r.account_id, uscc: r.uscc }));
  }

  /** An inspector declares a relation with an enterprise (利害关系申报): never drawn for it. */
  async declareRelation(p: Principal | null, input: { uscc: string; reason: string }, origin: RequestOrigin) {
    const principal = policy.staff(p);
    const inspector = await repo.inspectorOfAccount(this.c.db, principal.accountId);
    if (!inspector) throw new AppError(403, 'INSPECTOR_NOT_QUALIFIED', 'No inspector qualification');
    if (!(await repo.entity(this.c.db, input.uscc)))
      throw notFound('INSPECTION_TARGET_NOT_FOUND', 'No such enterprise in the directory');
    return command(this.c.p, principalActor(principal, origin), async (w) => {
      await scoped<InspectionsTables>(w.tx)
        .insertInto('inspections.relations')
        .values({ inspector_id: inspector.id, uscc: input.uscc, reason: input.reason, declared_at: w.now })
        .onConflict((oc) => oc.columns(['inspector_id', 'uscc']).doUpdateSet({ reason: input.reason }))
        .execute();
      await w.audit({
        action: 'inspections.relation.declared',
        resourceType: 'inspector',
        resourceId: inspector.id,
        regionCode: this.c.deps.regionCode,
        change: input,
        detail: { uscc: input.uscc },
      });
      return { inspector: inspector.id, uscc: input.uscc, declaredAt: w.now.toISOString() };
    });
  }

  /** The signed-in inspector's declared relations. */
  async myRelations(p: Principal | null) {
    const principal = policy.staff(p);
    const inspector = await repo.inspectorOfAccount(this.c.db, principal.accountId);
    if (!inspector) throw new AppError(403, 'INSPECTOR_NOT_QUALIFIED', 'No inspector qualification');
    const rows = await repo.relationsOf(this.c.db, inspector.id);
    return {
      items: rows.map((r) => ({
        inspector: inspector.id,
        uscc: r.uscc,
        name: r.name,
        reason: r.reason,
        declaredAt: r.declared_at.toISOString(),
      })),
    };
  }

  /** Seed items, risk rules and inspectors into an empty module, then sync the directory. */
  async seed(s: InspectionsSeed, log: (m: string) => void): Promise<void> {
    const existing = await this.c.db.selectFrom('inspections.items').select('id').limit(1).execute();
    if (existing.length > 0) return;
    await command(this.c.p, systemActor(), async (w) => {
      const db = scoped<InspectionsTables>(w.tx);
      await db
        .insertInto('inspections.items')
        .values(
          s.items.map((i) => ({
            id: uuidv7(),
            department_code: i.department,
            code: i.code,
            name: i.name,
            name_en: i.nameEn,
            legal_basis: i.legalBasis,
            content: i.content,
            created_at: w.now,
          })),
        )
        .execute();
      if (s.riskRules.length > 0)
        await db
          .insertInto('inspections.risk_rules')
          .values(s.riskRules.map((r) => ({ industry: r.industry, risk_level: r.riskLevel })))
          .execute();
      if (s.inspectors.length > 0)
        await db
          .insertInto('inspections.inspectors')
          .values(
            s.inspectors.map((i) => ({
              id: i.code,
              account_id: i.accountId,
              department_code: i.department,
              display_name: i.name,
              qualified_at: w.now,
            })),
          )
          .execute();
      await w.audit({
        action: 'inspections.seeded',
        resourceType: 'inspection_directory',
        regionCode: this.c.deps.regionCode,
        detail: { items: s.items.length, inspectors: s.inspectors.length },
      });
    });
    const { enterprises } = await this.syncAs(systemActor());
    log(`inspections: ${s.items.length} items, ${s.inspectors.length} inspectors, ${enterprises} enterprises`);
  }
}
