/**
 * What an application is for, read from the catalogue: one service item (a given version,
 * or the current one) or a life-event bundle, with its form and materials in one shape.
 */
import { getBundle, getItem } from '../shared/api/catalog';
import type { CaseKind, FormDefinition, LocalText, Target, TargetUser } from '../shared/contract';
import type { MaterialSpec } from './uploads';

/** An application is for one service item or a life-event bundle, as its case's kind says. */
export type TargetKind = CaseKind;

export interface TargetDef {
  kind: TargetKind;
  code: string;
  /** For the API: `{ itemCode }` or `{ bundleCode }`. */
  target: Target;
  name: LocalText;
  form: FormDefinition;
  materials: MaterialSpec[];
  /** Department codes: the item's, or every department a bundle joins. */
  departments: string[];
  /** Whether the item may be applied for online (a bundle always may). */
  online: boolean;
  /** 服务对象: who may apply, as a person and/or acting as an enterprise. */
  targetUsers: TargetUser[];
}

/** Where to apply for a target in the app. */
export function applyPath(kind: TargetKind, code: string): string {
  return kind === 'bundle' ? `/apply/bundle/${encodeURIComponent(code)}` : `/apply/${encodeURIComponent(code)}`;
}

export async function loadTarget(
  kind: TargetKind,
  code: string,
  version?: number | null,
  signal?: AbortSignal,
): Promise<TargetDef> {
  if (kind === 'bundle') {
    const b = await getBundle(code, signal);
    const itemNames = new Map(b.items.map((i) => [i.code, i.name] as const));
    return {
      kind,
      code,
      target: { bundleCode: code },
      name: b.name,
      form: b.form,
      materials: b.materials.map((m) => ({
        code: m.code,
        name: m.name,
        required: m.required,
        source: m.source,
        neededBy: m.itemCodes.map((c) => itemNames.get(c) ?? { zh: c, en: c }),
      })),
      departments: b.departments,
      online: true,
      targetUsers: usersOf(b.items.flatMap((i) => i.targetUsers)),
    };
  }
  const d = await getItem(code, version, signal);
  const it = d.item;
  return {
    kind,
    code,
    target: { itemCode: code },
    name: it.name,
    form: it.form,
    materials: it.materials.map((m) => ({
      code: m.code,
      name: m.name,
      required: m.required,
      source: m.source,
      sharedFrom: m.sharedFrom,
    })),
    departments: [it.departmentCode],
    online: isOnline(it.channels),
    targetUsers: usersOf(it.targetUsers),
  };
}

function usersOf(users: readonly string[]): TargetUser[] {
  return (['person', 'enterprise'] as const).filter((u) => users.includes(u));
}

/** An item can be applied for in the app when it is offered online or on mobile. */
export function isOnline(channels: readonly string[]): boolean {
  return channels.includes('online') || channels.includes('mobile');
}
