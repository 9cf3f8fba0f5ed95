/**
 * The demo city's civic content: a draft open for comment (行政审批局), notices and volunteer
 * tasks in the demo citizen's community. Written through the parts' repositories as the system;
 * idempotent (skipped when the draft is already there).
 */
import { systemActor } from '../../platform/audit.ts';
import { command } from '../../platform/context.ts';
import { uuidv7 } from '../../platform/ids.ts';
import { civicTx, type CivicContext } from './cogov.civic.context.ts';
import * as comments from './cogov.comments.repository.ts';
import * as notices from './cogov.notices.repository.ts';
import * as volunteers from './cogov.volunteers.repository.ts';

const DAY = 86_400_000;
const DRAFT_TITLE = '龙港市社区公共空间管理办法（征求意见稿）';

export interface CivicSeedPlaces {
  /** The demo citizen's community (330383000001) and another. */
  communityIds: string[];
  departmentCode: string;
  departmentName: string;
}

export async function seedCivicContent(c: CivicContext, places: CivicSeedPlaces): Promise<void> {
  const exists = await c.db
    .selectFrom('cogov.policy_drafts')
    .select('id')
    .where('title', '=', DRAFT_TITLE)
    .executeTakeFirst();
  if (exists) return;
  await command(c.p, systemActor(), async (w) => {
    const db = civicTx(w.tx);
    const now = w.now.getTime();
    const draftId = uuidv7(now);
    await comments.insertDraft(db, {
      id: draftId,
      region_code: c.deps.regionCode,
      department_code: places.departmentCode,
      department_name: places.departmentName,
      title: DRAFT_TITLE,
      summary: '为规范社区公共空间的使用和管理，提升居民参与度，现公开征求社会各界意见。',
      opens_at: new Date(now - 2 * DAY),
      closes_at: new Date(now + 28 * DAY),
      status: 'open',
      response_summary: null,
      responded_at: null,
      responded_by: null,
      created_by: '00000000-0000-7000-8000-000000000000',
      created_at: new Date(now - 2 * DAY),
    });
    const articles = [
      ['第一条 目的依据', '为规范社区公共空间的使用和管理，根据有关法律法规，结合本市实际，制定本办法。'],
      ['第二条 适用范围', '本办法适用于本市各社区内的广场、绿地、活动室、停车场等公共空间。'],
      ['第三条 居民议事', '社区公共空间的用途调整，应当经社区居民议事会协商，并公示不少于七日。'],
      ['第四条 预约使用', '居民可以通过政务服务平台预约使用社区活动室，每次不超过四小时。'],
    ];
    await comments.insertArticles(
      db,
      articles.map(([heading, body], i) => ({ draft_id: draftId, seq: i + 1, heading: heading!, body: body! })),
    );
    for (const [i, communityId] of places.communityIds.entries()) {
      const noticesOf = [
        ['关于开展冬季消防安全检查的通知', '本周六上午社区将开展入户消防安全检查，请居民配合。', true],
        ['社区活动室开放时间调整', '自下周一起，社区活动室开放时间调整为每日 8:30—20:30。', false],
      ] as const;
      for (const [j, [title, body, important]] of noticesOf.entries())
        await notices.insert(db, {
          id: uuidv7(now - (i * 10 + j + 1) * 3_600_000),
          region_code: c.deps.regionCode,
          community_id: communityId,
          title,
          body,
          important,
          published_by: '00000000-0000-7000-8000-000000000000',
          publisher_name: '社区居委会',
          published_at: new Date(now - (j + 1) * DAY),
          withdrawn_at: null,
        });
      const tasks = [
        ['河道清洁志愿活动', '沿河步道捡拾垃圾，清理河岸。', '龙跃河步道东入口', ['体力劳动'], 3, 20],
        ['老年人智能手机课堂', '教社区老人使用手机办事、挂号和视频通话。', '社区活动室', ['耐心', '熟悉手机'], 5, 6],
      ] as const;
      for (const [j, [title, description, place, skills, days, slots]] of tasks.entries())
        await volunteers.insertTask(db, {
          id: uuidv7(now + i * 10 + j),
          region_code: c.deps.regionCode,
          community_id: communityId,
          organiser_account_id: '00000000-0000-7000-8000-000000000000',
          organiser_name: '社区居委会',
          title,
          description,
          place,
          skills: [...skills],
          starts_at: new Date(now + days * DAY),
          ends_at: new Date(now + days * DAY + 3 * 3_600_000),
          slots,
          taken: 0,
          status: 'open',
          created_at: w.now,
        });
    }
    await w.audit({
      action: 'cogov.civic.seeded',
      resourceType: 'cogov.policy-draft',
      resourceId: draftId,
      regionCode: c.deps.regionCode,
      detail: { communities: places.communityIds.length },
    });
  });
}
