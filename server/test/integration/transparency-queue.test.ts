/**
 * The log's queue: every record of public power and every personal-data read is queued by
 * trigger in its own transaction, whoever writes it, and the sequencer appends from the queue,
 * so a record whose transaction commits late (long after later records were logged) is still
 * appended, once.
 */
import { sql } from 'kysely';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor, writeAudit } from '../../src/platform/audit.ts';
import { command } from '../../src/platform/context.ts';
import { scoped } from '../../src/platform/db.ts';
import { accessRow } from '../../src/platform/pii.ts';
import type { PlatformTables } from '../../src/platform/tables.ts';
import { EXAMPLE_PROCESSES } from '../../src/modules/applications/workflow/processes.ts';
import { APPLICANT, RESERVED_ACTIONS, type ActionDef } from '../../src/modules/applications/workflow/definition.ts';
import { isLogged, LOGGED_ACTION_PREFIXES } from '../../src/modules/transparency/transparency.records.ts';
import type { TransparencyTables } from '../../src/modules/transparency/transparency.tables.ts';
import { verifyLog } from '../../src/modules/transparency/transparency.verify.ts';
import { createTestApp, query, type TestContext } from '../helpers.ts';

let ctx: TestContext;
const onPostgres = Boolean(process.env.DATABASE_URL);

beforeAll(async () => {
  ctx = await createTestApp({ seed: false });
});
afterAll(async () => ctx.teardown());

const seq = () => ctx.modules.transparency.sequencer;
const decide = (step: number) =>
  command(ctx.platform, systemActor(), (w) =>
    w.audit({ action: 'applications.case.approve', resourceType: 'case', resourceId: randomUUID(), detail: { step } }),
  );
const logged = async () =>
  (await query<{ record_id: string }>(ctx, sql`select record_id from transparency.entries order by idx`)).map(
    (r) => r.record_id,
  );
const queued = async () =>
  Number((await query<{ n: number }>(ctx, sql`select count(*)::int as n from transparency.queue`))[0]!.n);

describe('the log queue', () => {
  it('takes the actions LOGGED_ACTION_PREFIXES names, and no other', async () => {
    const prefixes = await query<{ prefix: string }>(
      ctx,
      sql`select prefix from transparency.logged_actions order by prefix`,
    );
    expect(prefixes.map((p) => p.prefix).sort()).toEqual([...LOGGED_ACTION_PREFIXES].sort());
    await command(ctx.platform, systemActor(), (w) =>
      w.audit({ action: 'identity.session.created', resourceType: 'session', resourceId: randomUUID() }),
    );
    expect(await queued()).toBe(0);
    await decide(1);
    expect(await queued()).toBe(1);
    expect(await seq().drain()).toBe(1);
    expect(await queued()).toBe(0);
  });

  it("takes a case's handling by staff, not the applicant's own filing, resubmission or withdrawal", async () => {
    const actions: ActionDef[] = EXAMPLE_PROCESSES.flatMap((d) =>
      d.states.flatMap((s) => [
        ...s.actions,
        ...(s.branches ?? []).flatMap((b) => b.states.flatMap((bs) => bs.actions)),
      ]),
    );
    const staff = new Set(actions.filter((a) => a.roles.some((r) => r !== APPLICANT)).map((a) => a.code));
    const applicants = new Set(actions.filter((a) => a.roles.every((r) => r === APPLICANT)).map((a) => a.code));
    expect([...staff].sort()).toEqual(['accept', 'approve', 'complete', 'pass', 'reject', 'request_correction']);
    for (const code of staff) expect(isLogged(`applications.case.${code}`), code).toBe(true);
    for (const own of [...applicants, RESERVED_ACTIONS.withdraw, 'submitted'])
      expect(isLogged(`applications.case.${own}`), own).toBe(false);
    expect(isLogged('applications.case.claimed') && isLogged('applications.case.released')).toBe(true);
    // The trigger reads the same list: a filing is not queued, its acceptance is.
    const caseId = randomUUID();
    const before = await queued();
    await command(ctx.platform, systemActor(), async (w) => {
      await w.audit({ action: 'applications.case.submitted', resourceType: 'case', resourceId: caseId });
      await w.audit({ action: 'applications.case.resubmit', resourceType: 'case', resourceId: caseId });
      await w.audit({ action: 'applications.case.withdraw', resourceType: 'case', resourceId: caseId });
    });
    expect(await queued()).toBe(before);
    await command(ctx.platform, systemActor(), (w) =>
      w.audit({ action: 'applications.case.accept', resourceType: 'case', resourceId: caseId }),
    );
    expect(await queued()).toBe(before + 1);
    await seq().drain();
    const entries = await query<{ action: string }>(
      ctx,
      sql`select action from transparency.entries where resource_id = ${caseId}`,
    );
    expect(entries.map((e) => e.action)).toEqual(['applications.case.accept']);
  });

  it('appends a record written long before the last one logged (its transaction committed late)', async () => {
    ctx.clock.advance(3_600_000);
    await decide(2);
    expect(await seq().drain()).toBe(1);
    // A transaction that began an hour ago: its record's time is an hour behind everything logged.
    const late = await ctx.database.db
      .transaction()
      .execute((tx) =>
        writeAudit(
          tx,
          systemActor(),
          { action: 'applications.case.approve', resourceType: 'case', resourceId: randomUUID() },
          new Date(ctx.clock.now().getTime() - 3_600_000),
        ),
      );
    expect(await seq().drain()).toBe(1);
    expect((await logged()).at(-1)).toBe(late);
    expect(await seq().drain()).toBe(0);
  });

  it('appends many reads written in one statement, in their order', async () => {
    const rows = [1, 2, 3].map((i) =>
      accessRow(
        {
          subjectIndex: `ix-${i}`,
          accessorId: null,
          accessorName: 'system',
          organisation: null,
          purpose: 'check',
          fields: ['name'],
          resourceType: 'exchange_record',
          resourceId: null,
          requestId: null,
        },
        new Date(ctx.clock.now().getTime() + i),
      ),
    );
    await scoped<PlatformTables>(ctx.database.db).insertInto('platform.personal_data_access').values(rows).execute();
    expect(await seq().drain()).toBe(3);
    expect((await logged()).slice(-3)).toEqual(rows.map((r) => r.id));
  });

  it.runIf(onPostgres)(
    'appends a record whose transaction stayed open across a sequencer run (PostgreSQL)',
    async () => {
      let late = '';
      await ctx.database.db.transaction().execute(async (tx) => {
        late = await writeAudit(
          tx,
          systemActor(),
          { action: 'exchange.grant.created', resourceType: 'grant', resourceId: randomUUID() },
          ctx.clock.now(),
        );
        // Meanwhile another record commits and the sequencer runs (on other connections).
        ctx.clock.advance(1_000);
        await decide(3);
        ctx.clock.advance(200_000);
        expect(await seq().drain()).toBe(1);
        expect(await logged()).not.toContain(late);
      });
      expect(await seq().drain()).toBe(1);
      expect((await logged()).at(-1)).toBe(late);
    },
  );

  it('leaves a log that verifies, each record once', async () => {
    const ids = await logged();
    expect(new Set(ids).size).toBe(ids.length);
    expect(await queued()).toBe(0);
    const report = await verifyLog(scoped<TransparencyTables>(ctx.database.db));
    expect(report.problems).toEqual([]);
    expect(report.treeSize).toBe(ids.length);
  });
});
