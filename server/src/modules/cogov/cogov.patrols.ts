/**
 * Patrols (网格巡查): a grid worker logs a patrol of their grid — the route walked (points in
 * order), start and end, a note — with what was found. Each finding becomes a city event through
 * cityops' patrol report (巡查上报), after the patrol is recorded: its event number is kept on the
 * finding. A finding's report carries an idempotency key made from the patrol and the finding, so
 * retrying a patrol whose reports did not all go through reports the rest and never one twice.
 */
import type { Selectable } from 'kysely';
import type { Principal, RequestOrigin } from '../../platform/auth.ts';
import { command } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { uuidv7 } from '../../platform/ids.ts';
import { actorFor, civicTx, type CivicContext } from './cogov.civic.context.ts';
import { routeLength } from './cogov.civic.logic.ts';
import { civicPolicy, staffCommunities } from './cogov.civic.policy.ts';
import type { CivicTables } from './cogov.civic.tables.ts';
import * as repo from './cogov.patrols.repository.ts';

export interface NewPatrol {
  startedAt: string;
  endedAt: string;
  route: { lat: number; lng: number }[];
  note?: string | undefined;
  findings?:
    | {
        categoryCode: string;
        description: string;
        lat?: number | undefined;
        lng?: number | undefined;
        photos?: string[] | undefined;
      }[]
    | undefined;
}

type PatrolRow = Selectable<CivicTables['cogov.patrols']>;
type FindingRow = CivicTables['cogov.patrol_findings'];

const viewOf = (p: PatrolRow, findings: FindingRow[]) => ({
  id: p.id,
  gridId: p.grid_id,
  worker: p.worker_name,
  startedAt: p.started_at.toISOString(),
  endedAt: p.ended_at.toISOString(),
  route: p.route.map(([lat, lng]) => ({ lat, lng })),
  distanceM: p.distance_m,
  note: p.note,
  findings: findings
    .filter((f) => f.patrol_id === p.id)
    .map((f) => ({
      seq: f.seq,
      categoryCode: f.category_code,
      description: f.description,
      lat: f.lat,
      lng: f.lng,
      eventId: f.event_id,
      eventNumber: f.event_number,
    })),
});
export type PatrolView = ReturnType<typeof viewOf>;

export class Patrols {
  private readonly c: CivicContext;
  constructor(c: CivicContext) {
    this.c = c;
  }

  /** A grid worker logs a patrol of their grid; its findings are reported to city operations. */
  async log(p: Principal | null, input: NewPatrol, idempotencyKey: string | undefined, origin: RequestOrigin) {
    const { principal, gridId, communityId } = civicPolicy.gridWorker(p);
    const startedAt = new Date(input.startedAt);
    const endedAt = new Date(input.endedAt);
    const now = this.c.p.clock.now();
    if (
      input.route.length < 2 ||
      !(endedAt > startedAt) ||
      endedAt > new Date(now.getTime() + 60_000) ||
      input.route.some((x) => !this.c.deps.inCity(x.lat, x.lng)) ||
      (input.findings ?? []).some(
        (f) => f.lat !== undefined && f.lng !== undefined && !this.c.deps.inCity(f.lat, f.lng),
      )
    )
      throw new AppError(
        422,
        'COGOV_PATROL_ROUTE_INVALID',
        'The route needs two points in the city, and a time that has passed',
      );
    let patrol: PatrolRow | undefined = idempotencyKey
      ? await repo.patrolByKey(this.c.db, principal.accountId, idempotencyKey)
      : undefined;
    if (!patrol) {
      const points = input.route.map((x): [number, number] => [x.lat, x.lng]);
      patrol = await command(this.c.p, actorFor(principal, origin), async (w) => {
        const row: PatrolRow = {
          id: uuidv7(w.now.getTime()),
          region_code: this.c.deps.regionCode,
          community_id: communityId,
          grid_id: gridId,
          account_id: principal.accountId,
          worker_name: principal.displayName,
          started_at: startedAt,
          ended_at: endedAt,
          route: points,
          distance_m: routeLength(points),
          note: input.note?.trim() || null,
          idempotency_key: idempotencyKey ?? null,
          created_at: w.now,
        };
        const db = civicTx(w.tx);
        await repo.insertPatrol(db, { ...row, route: JSON.stringify(points) });
        const findings = input.findings ?? [];
        if (findings.length > 0)
          await repo.insertFindings(
            db,
            findings.map((f, i) => ({
              patrol_id: row.id,
              seq: i + 1,
              category_code: f.categoryCode,
              description: f.description.trim(),
              lat: f.lat ?? null,
              lng: f.lng ?? null,
              event_id: null,
              event_number: null,
            })),
          );
        await w.audit({
          action: 'cogov.patrol.logged',
          resourceType: 'cogov.patrol',
          resourceId: row.id,
          regionCode: row.region_code,
          detail: { gridId, findings: findings.length, distanceM: row.distance_m },
        });
        return row;
      });
    }
    // Report each finding not yet reported (a retry reports only what is missing).
    const logged = patrol;
    const findings = await repo.findingsOf(this.c.db, [logged.id]);
    for (const f of findings) {
      if (f.event_id) continue;
      const photos = input.findings?.[f.seq - 1]?.photos;
      const event = await this.c.deps.patrolReport(
        principal,
        {
          categoryCode: f.category_code,
          description: f.description,
          ...(f.lat !== null && f.lng !== null ? { lat: f.lat, lng: f.lng } : {}),
          ...(photos?.length ? { photos } : {}),
          idempotencyKey: `patrol-${logged.id}-${f.seq}`,
        },
        origin,
      );
      await repo.setFindingEvent(this.c.db, logged.id, f.seq, event.id, event.number);
      f.event_id = event.id;
      f.event_number = event.number;
    }
    return viewOf(logged, findings);
  }

  /** A grid worker's own patrols; community staff without a grid see their communities' patrols. */
  async list(p: Principal | null) {
    const principal = civicPolicy.signedIn(p);
    const communityWide = principal.posts.some((x) => x.communityId && !x.gridId);
    if (!communityWide) civicPolicy.gridWorker(principal);
    const rows = await repo.patrolsOf(
      this.c.db,
      communityWide ? { communities: staffCommunities(principal) } : { accountId: principal.accountId },
      100,
    );
    const findings = await repo.findingsOf(
      this.c.db,
      rows.map((r) => r.id),
    );
    return { items: rows.map((r) => viewOf(r, findings)) };
  }
}
