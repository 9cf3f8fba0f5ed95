/**
 * The demo city's proposals and consultations in the demo citizen's community (龙江社区): a few
 * proposals (one a support short of its threshold, one with a thread of comments), one
 * consultation open for votes, one closed and published. Supporters and voters of the demo are made-up roster ids (no accounts); the
 * closed consultation's ballots come from random ballot keys through the ballot box, and its
 * result is counted and published by the same code as a real one. Idempotent.
 */
import { randomBytes } from 'node:crypto';
import { systemActor } from '../../platform/audit.ts';
import { command } from '../../platform/context.ts';
import { uuidv7 } from '../../platform/ids.ts';
import { commitmentOf, receiptOf } from './cogov.ballot-key.ts';
import type { BallotBox } from './cogov.ballots.ts';
import type { CivicApi } from './cogov.civic.ts';
import type { CogovContext, CogovPart } from './cogov.context.ts';
import * as consultations from './cogov.consultations.repository.ts';
import * as proposals from './cogov.proposals.repository.ts';
import { rulesOf } from './cogov.settings.ts';
import type { CogovTables } from './cogov.tables.ts';
import { scoped } from '../../platform/db.ts';

const DAY = 86_400_000;
const SYSTEM = '00000000-0000-7000-8000-000000000000';
const FIRST = '龙江社区南门增设非机动车停放棚';
const CLOSED = '龙江社区健身角器材更新方案';

const options = [
  { key: 'a', label: '方案一：在原址更换全部器材', labelEn: 'Option 1: replace all equipment in place' },
  { key: 'b', label: '方案二：迁至中心绿地并扩建', labelEn: 'Option 2: move to the central green and enlarge' },
  { key: 'c', label: '暂不更新，明年再议', labelEn: 'Not now; discuss again next year' },
];

/** A thread on the library proposal: a comment, a reply to it, and an advert residents may flag. */
async function seedComments(tx: Parameters<typeof proposals.insertComment>[0], proposalId: string, at: Date) {
  const ids = [0, 1, 2].map((n) => uuidv7(at.getTime() + n * 60_000));
  const rows = [
    [null, '居民·海棠', '周六上午开放很有必要，孩子们周末才有空去。'],
    [ids[0]!, '李*', '同意，可以招募志愿者轮流值班。'],
    [null, '居民·青松', '二手家具低价转让，有意者私聊加微信。'],
  ] as const;
  for (const [n, [parent, shown, body]] of rows.entries())
    await proposals.insertComment(tx, {
      id: ids[n]!,
      proposal_id: proposalId,
      parent_id: parent,
      author_account_id: SYSTEM,
      author_shown: shown,
      body,
      created_at: new Date(at.getTime() + n * 60_000),
    });
}

/** A part with only a seed: the demo content in 龙江社区 (330383000001). */
export function coreDemo(
  c: CogovContext,
  consultations: CogovPart<{ ballots: BallotBox }>,
  civic: { api: CivicApi },
): CogovPart {
  return {
    plugin: async () => {},
    seed: async () => {
      const longjiang = (await civic.api.communityIds()).get('330383000001') ?? null;
      if (consultations.api) await seedCoreContent(c, consultations.api.ballots, longjiang);
    },
  };
}

export async function seedCoreContent(c: CogovContext, ballots: BallotBox, communityId: string | null): Promise<void> {
  if (!communityId) return;
  const db = c.platform.db;
  const exists = await scoped<CogovTables>(db)
    .selectFrom('cogov.proposals')
    .select('id')
    .where('title', '=', FIRST)
    .executeTakeFirst();
  if (exists) return;
  const region = c.deps.regionCode;
  const rules = await rulesOf(db, communityId);
  let closedId = '';
  await command(c.platform, systemActor(), async (w) => {
    const now = w.now.getTime();
    const list = [
      [
        FIRST,
        '南门外电动车乱停放严重，影响通行和消防通道，建议增设带充电桩的停放棚。',
        'facilities',
        rules.supportThreshold - 1,
        '居民·青松',
      ],
      ['每周六开放社区图书角', '希望社区图书角在周六上午也开放，方便上班族带孩子借书。', 'culture', 2, '王*'],
      ['小区内增设减速带', '6 幢与 7 幢之间的道路车速较快，老人孩子出行不安全。', 'traffic', 1, '居民·海棠'],
    ] as const;
    for (const [i, [title, body, category, supporters, shown]] of list.entries()) {
      const id = uuidv7(now - (i + 1) * 3_600_000);
      await proposals.insertProposal(w.tx, {
        id,
        region_code: region,
        community_id: communityId,
        author_account_id: SYSTEM,
        author_resident_id: uuidv7(now - i),
        author_display: shown.startsWith('居民·') ? 'pseudonym' : 'masked',
        author_shown: shown,
        title,
        body,
        category,
        lat: null,
        lng: null,
        address: null,
        status: 'open',
        threshold: rules.supportThreshold,
        support_until: new Date(now + rules.supportDays * DAY),
        created_at: new Date(now - (i + 1) * DAY),
      });
      for (let n = 0; n < Math.max(0, supporters); n++) {
        await proposals.insertSupport(w.tx, {
          proposal_id: id,
          resident_id: uuidv7(now + 1000 * i + n),
          account_id: SYSTEM,
          created_at: w.now,
        });
        await proposals.bumpSupport(w.tx, id);
      }
      if (i === 1) await seedComments(w.tx, id, new Date(now - DAY));
    }
    const consultation = (title: string, background: string, opens: number, closes: number) => ({
      id: uuidv7(opens),
      region_code: region,
      community_id: communityId,
      scope: 'community' as const,
      grid_id: null,
      min_age: 18,
      title,
      background,
      options,
      opens_at: new Date(opens),
      closes_at: new Date(closes),
      created_by: SYSTEM,
      created_at: new Date(opens),
      tallied_at: null,
      result: null,
      receipts_sha256: null,
      decision: null,
      decided_at: null,
      decided_by: null,
    });
    await consultations.insertConsultation(
      w.tx,
      consultation(
        '社区停车位分配办法',
        '社区新增 40 个地面停车位，居委会拟定了两种分配办法，请年满 18 周岁的居民投票选择。',
        now - DAY,
        now + 13 * DAY,
      ),
    );
    const closed = consultation(
      CLOSED,
      '健身角器材使用已满八年，部分损坏。居民议事会提出三种方案，请居民投票。',
      now - 20 * DAY,
      now - 6 * DAY,
    );
    closedId = closed.id;
    await consultations.insertConsultation(w.tx, closed);
    await w.audit({
      action: 'cogov.core.seeded',
      resourceType: 'cogov_consultation',
      resourceId: closedId,
      regionCode: region,
      detail: { proposals: list.length },
    });
  });
  // The closed consultation's ballots, written as the ballot box writes them, then published.
  const choices = ['a', 'b', 'b', 'a', 'b', 'c', 'b', 'a', 'b'];
  for (const choice of choices) {
    const key = randomBytes(32).toString('base64url');
    await consultations.insertVoter(db, {
      consultation_id: closedId,
      resident_id: uuidv7(c.platform.clock.now().getTime()),
      commitment: commitmentOf(closedId, key),
    });
    await consultations.upsertBallot(db, { consultation_id: closedId, receipt: receiptOf(closedId, key), choice });
  }
  await ballots.publish(closedId);
  await consultations.updateConsultation(db, closedId, {
    decision: '采纳方案二：迁至中心绿地并扩建，明年春季施工。',
    decided_at: c.platform.clock.now(),
    decided_by: SYSTEM,
  });
}
