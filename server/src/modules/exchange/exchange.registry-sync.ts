/**
 * The registry catalogue in the database follows the code: each registry's row (owner, name,
 * current schema version) and the fields of every version, added when missing. A version's
 * fields never change once written; a new version is a new set of rows.
 */
import type { ExchangeContext } from './exchange.context.ts';
import { REGISTRIES } from './exchange.registries.ts';

export async function syncRegistries(c: ExchangeContext): Promise<void> {
  const now = c.p.clock.now();
  await c.db.transaction().execute(async (tx) => {
    for (const r of REGISTRIES) {
      await tx
        .insertInto('exchange.registries')
        .values({
          code: r.code,
          owner_department_code: r.owner,
          name: r.zh,
          name_en: r.en,
          subjects: [...r.subjects],
          schema_version: r.version,
          updated_at: now,
        })
        .onConflict((oc) =>
          oc.column('code').doUpdateSet({
            owner_department_code: r.owner,
            name: r.zh,
            name_en: r.en,
            subjects: [...r.subjects],
            schema_version: r.version,
            updated_at: now,
          }),
        )
        .execute();
    }
    await tx
      .insertInto('exchange.registry_fields')
      .values(
        REGISTRIES.flatMap((r) =>
          r.fields.map((f) => ({
            registry_code: r.code,
            version: r.version,
            key: f.key,
            label: f.zh,
            label_en: f.en,
            sensitivity: f.sensitivity,
          })),
        ),
      )
      .onConflict((oc) => oc.columns(['registry_code', 'version', 'key']).doNothing())
      .execute();
  });
}
