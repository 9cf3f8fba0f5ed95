/**
 * The secret ballot (无记名投票), publicly checkable (docs/cogov.md, "Secret ballot").
 *
 * Casting is two transactions that share nothing but the consultation:
 *   1. who voted — the voter record (one per roster resident per consultation: a UNIQUE
 *      constraint) with the commitment derived from the voter's ballot key, its audit record and
 *      its event; no choice, no receipt;
 *   2. how — the ballot (receipt, choice), written alone: no audit, no event, no time, no
 *      account. A changed vote replaces the ballot of the same receipt (the last counts); only
 *      the key's holder can name that receipt, and the commitment proves the key is the voter's.
 * Ballots are mixed (rewritten together in receipt order) every MIX_BATCH ballots and at the
 * close, so transaction ids and physical order stop following the order of casting.
 * After the close the tally is published with turnout, and every receipt with its choice as a
 * file anyone can download and recount.
 */
import { createHash } from 'node:crypto';
import { cogovPolicy } from './cogov.policy.ts';
import { command } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import type { Principal } from '../../platform/auth.ts';
import type { ActorRef } from '../../platform/audit.ts';
import { commitmentOf, receiptOf } from './cogov.ballot-key.ts';
import type { CogovContext } from './cogov.context.ts';
import * as repo from './cogov.consultations.repository.ts';
import {
  eligibilityOf,
  notFoundConsultation,
  PUBLISH_JOB,
  type Consultations,
  type ConsultationRow,
} from './cogov.consultations.ts';
import { actorOf, type Meta } from './cogov.schemas.ts';
import type { ConsultationResult } from './cogov.tables.ts';

/** Ballots cast between two mixings: the anonymity set of a ballot before the close. */
export const MIX_BATCH = 32;
const PAGE = 20_000;

const notOpen = () => new AppError(409, 'COGOV_CONSULTATION_NOT_OPEN', 'Voting has not opened or has closed');

export class BallotBox {
  private readonly c: CogovContext;
  private readonly consultations: Consultations;
  private readonly mixing = new Set<string>();

  constructor(c: CogovContext, consultations: Consultations) {
    this.c = c;
    this.consultations = consultations;
    consultations.publishIfDue = (id) => this.publish(id);
    c.platform.jobs.register<{ consultationId: string }>(PUBLISH_JOB, (job) =>
      this.publish(job.payload.consultationId),
    );
  }

  async cast(p: Principal | null, id: string, input: { choice: string; ballotKey: string }, meta: Meta) {
    const principal = cogovPolicy.resident(p);
    const r = await this.consultations.load(principal, id);
    const now = this.c.platform.clock.now();
    if (r.tallied_at || now < r.opens_at || now >= r.closes_at) throw notOpen();
    if (!r.options.some((o) => o.key === input.choice))
      throw new AppError(422, 'COGOV_OPTION_INVALID', 'No such option');
    const s = await this.c.standing.require(principal, eligibilityOf(r), now);
    const receipt = receiptOf(id, input.ballotKey);
    const commitment = commitmentOf(id, input.ballotKey);
    const changed = await this.record(
      r,
      s.residence.residentId,
      { receipt, commitment, choice: input.choice },
      actorOf(principal, meta),
      principal.accountId,
    );
    return { receipt, changed };
  }

  /**
   * The two transactions of a vote, once policy and standing passed: who voted (with its audit
   * record and event), then how (alone). Answers whether it replaced an earlier ballot.
   */
  async record(
    r: ConsultationRow,
    residentId: string,
    b: { receipt: string; commitment: string; choice: string },
    actor: ActorRef,
    accountId: string,
  ): Promise<boolean> {
    const id = r.id;
    const { receipt, commitment } = b;
    // 1. Who voted (with its audit record and event).
    const changed = await command(this.c.platform, actor, async (w) => {
      const known = await repo.voterOf(w.tx, id, residentId);
      if (known) {
        if (known.commitment !== commitment)
          throw new AppError(409, 'COGOV_BALLOT_KEY_MISMATCH', 'This ballot key does not match your ballot');
        return true;
      }
      const added = await repo.insertVoter(w.tx, { consultation_id: id, resident_id: residentId, commitment });
      if (!added) {
        // Another request of the same resident won the race: the constraint kept one record.
        const other = await repo.voterOf(w.tx, id, residentId);
        if (other?.commitment !== commitment)
          throw new AppError(409, 'COGOV_BALLOT_KEY_MISMATCH', 'This ballot key does not match your ballot');
        return true;
      }
      await w.audit({
        action: 'cogov.vote.recorded',
        resourceType: 'cogov_consultation',
        resourceId: id,
        regionCode: r.region_code,
      });
      await w.emit('cogov.vote.recorded', { consultationId: id, accountId }, r.region_code);
      return false;
    });
    // 2. How (alone). The consultation's row is read FOR SHARE: publishing (FOR UPDATE) waits, and a ballot after it is refused.
    const unmixed = await this.c.platform.db.transaction().execute(async (tx) => {
      const row = await repo.consultationById(tx, id, 'share');
      if (!row || row.tallied_at || this.c.platform.clock.now() >= row.closes_at) throw notOpen();
      await repo.upsertBallot(tx, { consultation_id: id, receipt, choice: b.choice });
      return repo.countUnmixed(tx, id);
    });
    if (unmixed >= MIX_BATCH) await this.mix(id);
    return changed;
  }

  /** Mix the ballots not yet mixed (one mixing at a time per consultation on this node; the row lock orders nodes). */
  async mix(id: string): Promise<number> {
    if (this.mixing.has(id)) return 0;
    this.mixing.add(id);
    try {
      return await this.c.platform.db.transaction().execute(async (tx) => {
        await repo.consultationById(tx, id, 'update');
        return repo.mixBallots(tx, id);
      });
    } finally {
      this.mixing.delete(id);
    }
  }

  /** After the close: mix the rest, count, publish the result with turnout and the receipts file's digest. Idempotent. */
  async publish(id: string): Promise<void> {
    const r0 = (await repo.consultationById(this.c.platform.db, id)) as ConsultationRow | undefined;
    if (!r0 || r0.tallied_at || this.c.platform.clock.now() < r0.closes_at) return;
    // The electorate from the roster first (another module's reads are not part of this transaction).
    const year = Number(this.c.standing.today(r0.closes_at).slice(0, 4));
    const eligible = await this.c.deps.countResidents({
      regionCode: r0.region_code,
      communityId: r0.community_id,
      gridId: r0.grid_id,
      bornInOrBefore: r0.min_age === null ? null : year - r0.min_age,
    });
    await command(this.c.platform, { accountId: null, kind: 'system', requestId: null, ip: null }, async (w) => {
      const r = (await repo.consultationById(w.tx, id, 'update')) as ConsultationRow | undefined;
      if (!r || r.tallied_at || w.now < r.closes_at) return;
      await repo.mixBallots(w.tx, id);
      const rows = await repo.tally(w.tx, id);
      const counts: Record<string, number> = Object.fromEntries(r.options.map((o) => [o.key, 0]));
      let ballots = 0;
      for (const row of rows) {
        counts[row.choice] = Number(row.n);
        ballots += Number(row.n);
      }
      const voters = await repo.countVoters(w.tx, id);
      const hash = createHash('sha256');
      for await (const chunk of this.receiptLines(w.tx, id)) hash.update(chunk);
      const result: ConsultationResult = {
        counts,
        ballots,
        voters,
        eligible,
        turnout: eligible > 0 ? Math.round((voters / eligible) * 10_000) / 10_000 : 0,
      };
      await repo.updateConsultation(w.tx, id, {
        tallied_at: w.now,
        result: JSON.stringify(result) as never,
        receipts_sha256: hash.digest('hex'),
      });
      await w.audit({
        action: 'cogov.consultation.published',
        resourceType: 'cogov_consultation',
        resourceId: id,
        regionCode: r.region_code,
        detail: { ...result },
      });
      await w.emit('cogov.consultation.published', { consultationId: id, ballots }, r.region_code);
    });
  }

  /** The receipts file (CSV, `receipt,choice`, in receipt order), chunk by chunk. */
  async *receiptLines(db: Parameters<typeof repo.ballotsAfter>[0], id: string): AsyncGenerator<string> {
    yield 'receipt,choice\n';
    let after = '';
    for (;;) {
      const page = await repo.ballotsAfter(db, id, after, PAGE);
      if (page.length === 0) return;
      let out = '';
      for (const b of page) out += `${b.receipt},${b.choice}\n`;
      yield out;
      after = page[page.length - 1]!.receipt;
      if (page.length < PAGE) return;
    }
  }

  /** The published result, for anyone (the receipts carry nothing about a voter). */
  async publicResult(id: string) {
    let r = (await repo.consultationById(this.c.platform.db, id)) as ConsultationRow | undefined;
    if (r && !r.tallied_at && this.c.platform.clock.now() >= r.closes_at) {
      await this.publish(id);
      r = (await repo.consultationById(this.c.platform.db, id)) as ConsultationRow | undefined;
    }
    if (!r || !r.tallied_at || !r.result || !r.receipts_sha256) throw notFoundConsultation();
    return {
      id: r.id,
      title: r.title,
      options: r.options,
      closesAt: r.closes_at.toISOString(),
      result: r.result,
      receiptsSha256: r.receipts_sha256,
      decision: r.decision,
    };
  }

  /** The receipts file of a published consultation. */
  async receipts(id: string): Promise<AsyncGenerator<string>> {
    await this.publicResult(id);
    return this.receiptLines(this.c.platform.db, id);
  }
}
