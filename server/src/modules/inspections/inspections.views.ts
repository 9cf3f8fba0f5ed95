/** Rows to the shapes the API answers with. */
import type { DrawPools, DrawnTarget } from './inspections.draw.ts';
import type { InspectionsTables } from './inspections.tables.ts';

type T = InspectionsTables;

export const itemView = (i: T['inspections.items']) => ({
  id: i.id,
  department: i.department_code,
  code: i.code,
  name: { zh: i.name, en: i.name_en },
  legalBasis: i.legal_basis,
  content: i.content,
});

export function drawView(d: T['inspections.draws'], item: T['inspections.items']) {
  const drawn = d.drawn_at !== null;
  return {
    id: d.id,
    algorithm: (JSON.parse(d.pools_json) as DrawPools).algorithm,
    status: drawn ? ('drawn' as const) : ('committed' as const),
    item: itemView(item),
    department: d.department_code,
    departments: d.departments,
    filters: JSON.parse(d.filters) as { industries?: string[]; area?: string; riskLevels?: string[] },
    pools: JSON.parse(d.pools_json) as DrawPools,
    poolsHash: d.pools_hash,
    commitment: d.commitment,
    committedAt: d.committed_at.toISOString(),
    beacon:
      drawn && d.beacon_root && d.beacon_issued_at
        ? { treeSize: Number(d.beacon_tree_size), rootHash: d.beacon_root, issuedAt: d.beacon_issued_at.toISOString() }
        : null,
    secret: drawn ? d.secret : null,
    seed: drawn ? d.seed : null,
    result: drawn && d.result_json ? { targets: JSON.parse(d.result_json) as DrawnTarget[] } : null,
    drawnAt: d.drawn_at ? d.drawn_at.toISOString() : null,
  };
}

/** A task with its result, as an inspector, the enterprise or the public record shows it. */
export const taskView = (t: T['inspections.tasks'], names: Map<string, string>) => ({
  id: t.id,
  drawId: t.draw_id,
  department: t.department_code,
  uscc: t.uscc,
  enterpriseName: names.get(t.uscc) ?? null,
  inspectors: t.inspector_ids,
  short: t.short,
  outcome: t.outcome,
  findings: t.findings,
  rectification: t.rectification,
  rectifyBy: t.rectify_by,
  photos: t.photo_ids.length,
  submittedAt: t.submitted_at ? t.submitted_at.toISOString() : null,
  publishBy: t.publish_by ? t.publish_by.toISOString() : null,
  publishedAt: t.published_at ? t.published_at.toISOString() : null,
  answer: t.answer,
  answeredAt: t.answered_at ? t.answered_at.toISOString() : null,
});
