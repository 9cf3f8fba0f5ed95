/**
 * What a form field may be prefilled from in a registry (the catalogue's FormField.prefill):
 * `registry:<registry>.<field>` for every field of every registry, made from the registry
 * catalogue (exchange.registries.ts), so the contract publishes exactly what exists.
 */
import { Type } from 'typebox';
import { Enum, LocalText, Obj } from '../../platform/http.ts';
import { REGISTRIES } from './exchange.registries.ts';

export const REGISTRY_PREFILL_SOURCES = REGISTRIES.flatMap((r) =>
  r.fields.map((f) => `registry:${r.code}.${f.key}` as const),
);

export const RegistryPrefillSchema = Enum('RegistryPrefill', REGISTRY_PREFILL_SOURCES as string[], {
  description: 'A registry field a form field may be prefilled from: registry:<registry>.<field>',
});

export const PrefillSourceList = Obj(
  {
    items: Type.Array(
      Obj(
        {
          source: RegistryPrefillSchema,
          registry: Type.String(),
          field: Type.String(),
          registryName: LocalText,
          label: LocalText,
          sensitivity: Type.String(),
          ownerDepartmentCode: Type.String(),
        },
        { title: 'RegistryPrefillSource' },
      ),
    ),
  },
  { title: 'RegistryPrefillSourceList' },
);

/** Every registry prefill source with its registry, label and sensitivity (for the item editor). */
export const prefillSources = () => ({
  items: REGISTRIES.flatMap((r) =>
    r.fields.map((f) => ({
      source: `registry:${r.code}.${f.key}`,
      registry: r.code,
      field: f.key,
      registryName: { zh: r.zh, en: r.en },
      label: { zh: f.zh, en: f.en },
      sensitivity: f.sensitivity,
      ownerDepartmentCode: r.owner,
    })),
  ),
});
