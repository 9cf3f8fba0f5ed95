/**
 * The enterprise directory: the public fields of the enterprise registry (法人单位基础信息库)
 * — USCC, name, industry, registered address and status, all of sensitivity `public` — in
 * pages by USCC. Nothing sensitive leaves (the legal representative's ID number stays), so
 * these reads are not personal-data reads and are not logged per record; the random
 * inspections module builds its target pool (检查对象名录库) from it.
 */
import { RECORD_CONTEXT, type ExchangeContext } from './exchange.context.ts';
import type { RecordValue } from './exchange.read.ts';

export interface DirectoryEnterprise {
  uscc: string;
  name: string;
  industry: string;
  address: string;
  status: string;
}

export class EnterpriseDirectory {
  private readonly c: ExchangeContext;
  constructor(context: ExchangeContext) {
    this.c = context;
  }

  /** Every enterprise of the registry (its current record), in pages of `pageSize`. */
  async *enterprises(pageSize = 1_000): AsyncGenerator<DirectoryEnterprise[]> {
    let after: string | null = null;
    for (;;) {
      let q = this.c.db
        .selectFrom('exchange.records')
        .select(['id', 'data_enc'])
        .where('registry_code', '=', 'enterprise-registry')
        .where('record_type', '=', 'enterprise');
      if (after) q = q.where('id', '>', after);
      const rows = await q.orderBy('id').limit(pageSize).execute();
      if (rows.length === 0) return;
      after = rows[rows.length - 1]!.id;
      yield rows.map((r) => {
        const v = JSON.parse(this.c.p.protector.open(r.data_enc, RECORD_CONTEXT)) as Record<string, RecordValue>;
        const s = (k: string) => (typeof v[k] === 'string' ? (v[k] as string) : '');
        return {
          uscc: s('uscc'),
          name: s('name'),
          industry: s('industry'),
          address: s('address'),
          status: s('status'),
        };
      });
    }
  }
}
