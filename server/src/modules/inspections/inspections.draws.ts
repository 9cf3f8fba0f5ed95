/**
 * Items, the two pools and the draw. Committing publishes the pools, the algorithm and
 * SHA-256(secret); drawing (later) takes the transparency log's latest checkpoint, issued
 * after the commitment, as a public beacon, reveals the secret, and writes the tasks.
 */
import { randomBytes } from 'node:crypto';
import type { Principal, RequestOrigin } from '../../platform/auth.ts';
import { principalActor } from '../../platform/auth.ts';
import { command } from '../../platform/context.ts';
import { scoped } from '../../platform/db.ts';
import { AppError, conflict, notFound } from '../../platform/errors.ts';
import { uuidv7 } from '../../platform/ids.ts';
import type { InspectionsContext } from './inspections.context.ts';
import {
  ALGORITHM,
  commitmentOf,
  drawCount,
  poolsHashOf,
  runDraw,
  seedOf,
  weightOf,
  type DrawPools,
} from './inspections.draw.ts';
import { policy } from './inspections.policy.ts';
import * as repo from './inspections.repository.ts';
import type { InspectionsTables, RiskLevel } from './inspections.tables.ts';
import { drawView, itemView, taskView } from './inspections.views.ts';

const SECRET_CONTEXT = 'inspections.draw-secret';
/** An inspector who inspected an enterprise for a department within this many days is not drawn for it again. */
const RECENT_DAYS = 365;

export interface NewDraw {
  itemId: string;
  ratioBasisPoints: number;
  industries?: string[] | undefined;
  area?: string | undefined;
  riskLevels?: RiskLevel[] | undefined;
  /** Joint inspection (部门联合抽查): other departments, each adding inspectors to every team. */
  jointDepartments?: string[] | undefined;
  inspectorsPerDepartment?: number | undefined;
}

const drawNotFound = () => notFound('DRAW_NOT_FOUND', 'No such draw');

export class Draws {
  private readonly c: InspectionsContext;
  constructor(c: InspectionsContext) {
    this.c = c;
  }

  async items() {
    return { items: (await repo.items(this.c.db)).map(itemView) };
  }

  /** Build the pools for an item and a filter, as they will be published (used by commit and the benchmark). */
  async pools(drawId: string, lead: string, input: NewDraw, now: Date): Promise<DrawPools> {
    const departments = [lead, ...[...new Set(input.jointDepartments ?? [])].filter((d) => d !== lead).sort()];
    const filter = { industries: input.industries, area: input.area, riskLevels: input.riskLevels };
    const since = new Date(now.getTime() - RECENT_DAYS * 86_400_000);
    const [targets, inspectors, conflicts] = await Promise.all([
      repo.targetPool(this.c.db, filter),
      repo.inspectorsOf(this.c.db, departments),
      repo.conflictsOf(this.c.db, departments, lead, since),
    ]);
    const inPool = new Set(targets.map((t) => t.uscc));
    const k = drawCount(targets.length, input.ratioBasisPoints);
    const per = input.inspectorsPerDepartment ?? (departments.length === 1 ? 2 : 1);
    const pairs = new Set<string>();
    for (const x of conflicts) if (inPool.has(x.uscc)) pairs.add(`${x.inspector_id}\u0000${x.uscc}`);
    return {
      algorithm: ALGORITHM,
      draw: drawId,
      ratioBasisPoints: input.ratioBasisPoints,
      teams: departments.map((department) => {
        const m = inspectors.filter((i) => i.department_code === department).length;
        return { department, count: per, maxLoad: m === 0 ? 0 : Math.ceil((k * per) / m) + 1 };
      }),
      targets: targets.map((t) => ({ id: t.uscc, weight: weightOf(t.risk_level, t.credit_grade) })),
      inspectors: inspectors.map((i) => ({ id: i.id, department: i.department_code })),
      conflicts: [...pairs].sort().map((pair) => {
        const [inspector, target] = pair.split('\u0000') as [string, string];
        return { inspector, target };
      }),
    };
  }

  /** Publish the pools, the algorithm and the commitment to a fresh secret. */
  async commit(p: Principal | null, input: NewDraw, origin: RequestOrigin) {
    const item = await repo.itemById(this.c.db, input.itemId);
    if (!item) {
      policy.staff(p);
      throw notFound('INSPECTION_ITEM_NOT_FOUND', 'No such inspection item');
    }
    const principal = policy.manageDraw(p, item.department_code);
    const id = uuidv7();
    const pools = await this.pools(id, item.department_code, input, this.c.p.clock.now());
    if (pools.targets.length === 0 || pools.teams.some((t) => t.maxLoad === 0))
      throw new AppError(422, 'DRAW_POOL_EMPTY', 'The target or inspector pool is empty');
    const secret = randomBytes(32).toString('hex');
    const poolsHash = poolsHashOf(pools);
    const commitment = commitmentOf(secret);
    const filters = { industries: input.industries, area: input.area, riskLevels: input.riskLevels };
    return command(this.c.p, principalActor(principal, origin), async (w) => {
      await scoped<InspectionsTables>(w.tx)
        .insertInto('inspections.draws')
        .values({
          id,
          item_id: item.id,
          department_code: item.department_code,
          departments: pools.teams.map((t) => t.department),
          filters: JSON.stringify(filters),
          pools_json: JSON.stringify(pools),
          pools_hash: poolsHash,
          commitment,
          secret_enc: this.c.p.protector.seal(secret, SECRET_CONTEXT),
          committed_at: w.now,
          committed_by: principal.accountId,
        })
        .execute();
      await w.audit({
        action: 'inspections.draw.committed',
        resourceType: 'inspection_draw',
        resourceId: id,
        regionCode: this.c.deps.regionCode,
        change: { poolsHash, commitment },
        detail: { poolsHash, commitment, algorithm: ALGORITHM, targets: pools.targets.length },
      });
      const row = await repo.drawById(scoped<InspectionsTables>(w.tx), id);
      return drawView(row!, item);
    });
  }

  /** Make the draw: the beacon is the log's latest checkpoint, which must postdate the commitment. */
  async draw(p: Principal | null, id: string, origin: RequestOrigin) {
    const d = await repo.drawById(this.c.db, id);
    if (!d) {
      policy.staff(p);
      throw drawNotFound();
    }
    const principal = policy.manageDraw(p, d.department_code);
    if (d.drawn_at) throw conflict('DRAW_ALREADY_MADE', 'The draw has already been made');
    const beacon = await this.c.deps.latestCheckpoint();
    if (!beacon || !(Date.parse(beacon.issuedAt) > d.committed_at.getTime()))
      throw conflict('DRAW_AWAITING_CHECKPOINT', 'No transparency checkpoint after the commitment yet');
    const secret = this.c.p.protector.open(d.secret_enc, SECRET_CONTEXT);
    const pools = JSON.parse(d.pools_json) as DrawPools;
    const seed = seedOf(secret, d.pools_hash, beacon.rootHash);
    const drawn = runDraw(pools, seed);
    const resultJson = JSON.stringify(drawn);
    return command(this.c.p, principalActor(principal, origin), async (w) => {
      const db = scoped<InspectionsTables>(w.tx);
      const drawnRow = (now: Date) => ({
        beacon_tree_size: beacon.treeSize,
        beacon_root: beacon.rootHash,
        beacon_issued_at: new Date(beacon.issuedAt),
        secret,
        seed,
        result_json: resultJson,
        drawn_at: now,
      });
      const updated = await db
        .updateTable('inspections.draws')
        .set(drawnRow(w.now))
        .where('id', '=', id)
        .where('drawn_at', 'is', null)
        .executeTakeFirst();
      if (Number(updated.numUpdatedRows) !== 1) throw conflict('DRAW_ALREADY_MADE', 'The draw has already been made');
      await repo.insertTasks(
        db,
        id,
        d.department_code,
        w.now,
        drawn.map((t) => ({ id: uuidv7(w.now.getTime()), uscc: t.id, inspectors: t.inspectors, short: t.short })),
      );
      await w.audit({
        action: 'inspections.draw.made',
        resourceType: 'inspection_draw',
        resourceId: id,
        regionCode: this.c.deps.regionCode,
        change: { seed, result: resultJson },
        detail: { seed, beaconTreeSize: beacon.treeSize, targets: drawn.length },
      });
      const made = { ...d, ...drawnRow(w.now) };
      return drawView(made, (await repo.itemById(db, d.item_id))!);
    });
  }

  /** A draw as published: public (pools, commitment; after the draw the secret, seed and result). */
  async published(id: string) {
    const d = await repo.drawById(this.c.db, id);
    if (!d) throw drawNotFound();
    return drawView(d, (await repo.itemById(this.c.db, d.item_id))!);
  }

  /**
   * A drawn draw's targets with their teams (inspectors' names) and how far each result is, for
   * the supervisor or the department admin who may manage it.
   */
  async tasks(p: Principal | null, id: string) {
    const d = await repo.drawById(this.c.db, id);
    if (!d) {
      policy.staff(p);
      throw drawNotFound();
    }
    policy.manageDraw(p, d.department_code);
    const rows = await repo.tasksOfDraw(this.c.db, id);
    const people = new Map(
      (
        await repo.inspectorNames(
          this.c.db,
          rows.flatMap((r) => r.inspector_ids),
        )
      ).map((i) => [i.id, i]),
    );
    const names = new Map(rows.map((r) => [r.uscc, r.enterprise_name ?? '']));
    return {
      items: rows.map((r) => ({
        ...taskView(r, names),
        team: r.inspector_ids.map((i) => ({
          id: i,
          name: people.get(i)?.display_name ?? i,
          department: people.get(i)?.department_code ?? '',
        })),
      })),
    };
  }

  async list() {
    const rows = await repo.drawList(this.c.db, 100);
    return {
      items: rows.map((r) => ({
        id: r.id,
        item: { code: r.item_code, name: { zh: r.item_name, en: r.item_name_en } },
        department: r.department_code,
        departments: r.departments,
        poolsHash: r.pools_hash,
        commitment: r.commitment,
        committedAt: r.committed_at.toISOString(),
        drawnAt: r.drawn_at ? r.drawn_at.toISOString() : null,
      })),
    };
  }
}
