/**
 * 申请更正: a citizen asks the department that keeps a registry to correct a record about
 * them. This lists the records about them by registry, with the owning department's
 * correction item (a catalogue item whose form asks `registry_code` with that registry among
 * its choices). The request itself is an ordinary application of that item, filed through
 * applications' submission, so the department handles it in its inbox on the one-stop workflow.
 */
import type { Principal } from '../../platform/auth.ts';
import type { RightsDeps } from './rights.context.ts';
import { policy } from './rights.policy.ts';
import type { CorrectionTargetT, OwnRecordT } from './rights.schemas.ts';

/** The form field that names the registry a correction item corrects. */
export const REGISTRY_FIELD = 'registry_code';
const ITEM_TTL_MS = 60_000;

export class Corrections {
  private readonly deps: RightsDeps;
  /** registry → item code (or null), per owning department, for a minute. */
  private readonly items = new Map<string, { at: number; byRegistry: Map<string, string> }>();

  constructor(deps: RightsDeps) {
    this.deps = deps;
  }

  async targets(p: Principal | null): Promise<CorrectionTargetT[]> {
    const principal: Principal = { ...policy.self(p), actingAs: null };
    const records = await this.deps.exchange.subjectData.allOwnRecords(principal);
    const byRegistry = new Map<string, OwnRecordT[]>();
    for (const r of records) byRegistry.set(r.registry, [...(byRegistry.get(r.registry) ?? []), r]);
    const names = await this.deps.org.departmentNames();
    const out: CorrectionTargetT[] = [];
    for (const [registry, rs] of byRegistry) {
      const first = rs[0]!;
      const dept = names.get(first.ownerDepartment);
      out.push({
        registry,
        registryName: first.registryName,
        ownerDepartment: {
          code: first.ownerDepartment,
          name: dept ?? { zh: first.ownerDepartment, en: first.ownerDepartment },
        },
        itemCode: await this.itemFor(first.ownerDepartment, registry),
        records: rs,
      });
    }
    return out;
  }

  /** The department's published item whose form corrects `registry`, if it has one. */
  async itemFor(departmentCode: string, registry: string): Promise<string | null> {
    let cached = this.items.get(departmentCode);
    if (!cached || Date.now() - cached.at > ITEM_TTL_MS) {
      const found = await this.deps.catalog.search(null, {
        q: '更正',
        department: departmentCode,
        page: 1,
        pageSize: 20,
      });
      const byRegistry = new Map<string, string>();
      for (const hit of found.items) {
        const item = await this.deps.catalog.resolveItem(hit.code);
        for (const f of item?.data.form.sections.flatMap((s) => s.fields) ?? []) {
          const choices = f.key === REGISTRY_FIELD ? (f.schema['enum'] as unknown) : null;
          if (Array.isArray(choices)) for (const c of choices) if (typeof c === 'string') byRegistry.set(c, hit.code);
        }
      }
      cached = { at: Date.now(), byRegistry };
      this.items.set(departmentCode, cached);
    }
    return cached.byRegistry.get(registry) ?? null;
  }
}
