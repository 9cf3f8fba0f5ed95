/**
 * The demo city's rating history: window visits over the last 60 days for a few service items,
 * most rated, a few badly, each bad one with its ticket (most rectified and called back), so the
 * figures page is not empty. Deterministic (a seeded generator); written once (skipped when the
 * city has ratings).
 */
import { systemActor } from '../../platform/audit.ts';
import { command } from '../../platform/context.ts';
import { uuidv7 } from '../../platform/ids.ts';
import { createRng } from '../../platform/prng.ts';
import { localDate } from '../../platform/time-zone.ts';
import { inTx, type Context } from './supervision.context.ts';
import type { Indicators } from './supervision.tables.ts';

export interface SeedItem {
  code: string;
  departmentCode: string;
  name: { zh: string; en: string };
}

const HOUR_MS = 3_600_000;
const COMMENTS_GOOD = ['窗口人员很耐心', '一次办好，很方便', '材料指导清楚', null, null];
const COMMENTS_BAD = ['排队时间太长', '告知材料不全，跑了两次', '窗口人员态度不好'];

export async function seedRatings(c: Context, items: readonly SeedItem[], log: (m: string) => void): Promise<void> {
  const existing = await c.db.selectFrom('supervision.ratings').select('id').limit(1).executeTakeFirst();
  if (existing || items.length === 0) return;
  const rng = createRng('yiwang-demo-ratings');
  const now = c.p.clock.now();
  let visits = 0;
  let ratings = 0;
  await command(c.p, systemActor(), async (w) => {
    const db = inTx(w);
    for (const [i, item] of items.entries()) {
      const n = rng.int(4, 9);
      for (let k = 0; k < n; k++) {
        const at = new Date(now.getTime() - rng.int(24, 60 * 24) * HOUR_MS);
        const day = localDate(at, c.deps.timeZone).replaceAll('-', '');
        const visitId = uuidv7(at.getTime());
        const visitNumber = `${c.deps.regionCode}-W${day}-D${String(i * 100 + k).padStart(4, '0')}`;
        const base = {
          region_code: c.deps.regionCode,
          department_code: item.departmentCode,
          item_code: item.code,
          item_name_zh: item.name.zh,
          item_name_en: item.name.en,
        };
        await db
          .insertInto('supervision.window_visits')
          .values({
            ...base,
            id: visitId,
            visit_number: visitNumber,
            case_number: null,
            clerk_account_id: null,
            created_at: at,
          })
          .execute();
        visits++;
        if (!rng.chance(0.8)) continue;
        const score = rng.weighted<number>([
          [5, 60],
          [4, 22],
          [3, 10],
          [2, 5],
          [1, 3],
        ]);
        const indicators: Indicators = { overall: score, efficiency: score, serviceLevel: score, attitude: score };
        const ratingId = uuidv7(at.getTime());
        const comment = rng.pick(score <= 2 ? COMMENTS_BAD : COMMENTS_GOOD);
        await db
          .insertInto('supervision.ratings')
          .values({
            ...base,
            id: ratingId,
            kind: 'rating',
            channel: 'window',
            case_id: null,
            visit_id: visitId,
            ticket_id: null,
            case_number: visitNumber,
            score,
            indicators: JSON.stringify(indicators),
            comment,
            rater_account_id: null,
            rated_at: at,
          })
          .execute();
        await db
          .insertInto('supervision.rating_parts')
          .values({ ...base, rating_id: ratingId, score })
          .execute();
        ratings++;
        if (score > 2) continue;
        const fixed = rng.chance(0.75) ? new Date(at.getTime() + rng.int(20, 200) * HOUR_MS) : null;
        const done = fixed && fixed < now ? fixed : null;
        await db
          .insertInto('supervision.tickets')
          .values({
            ...base,
            id: uuidv7(at.getTime()),
            ticket_number: `ZG${day}D${String(i * 100 + k).padStart(4, '0')}`,
            rating_id: ratingId,
            case_number: visitNumber,
            score,
            comment,
            rater_account_id: null,
            status: done ? 'closed' : 'open',
            due_at: c.calendar.addWorkingDays(at, c.deps.settings.rectificationWorkingDays),
            escalated_at: null,
            explanation: done ? '已约谈窗口人员并优化流程' : null,
            fixed_at: done,
            appeal_reason: null,
            appeal_evidence: null,
            appealed_at: null,
            decision: null,
            decision_note: null,
            decided_at: null,
            callback_score: null,
            closed_at: done,
            created_at: at,
            updated_at: done ?? at,
          })
          .execute();
      }
    }
    await w.audit({ action: 'supervision.demo.seeded', resourceType: 'ratings', detail: { visits, ratings } });
  });
  log(`supervision: ${ratings} ratings of ${visits} window visits in the demo history`);
}
