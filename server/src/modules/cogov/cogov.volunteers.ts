/**
 * Volunteer tasks (志愿服务): community staff post a task (time, place, skills, places); residents
 * of the community sign up (places counted under the task's row lock, so two last-place sign-ups
 * cannot both win); the organiser checks each volunteer in and out at the place by scanning the
 * code the volunteer's app shows (or from the list); the minutes served go on the volunteer's
 * record and earn points by the rules.
 */
import { randomBytes } from 'node:crypto';
import { requireAssurance, type Principal, type RequestOrigin } from '../../platform/auth.ts';
import { command } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { uuidv7 } from '../../platform/ids.ts';
import { maskName } from '../../platform/masking.ts';
import { renderSimplePdf } from '../../platform/pdf.ts';
import { actorFor, civicTx, type CivicContext } from './cogov.civic.context.ts';
import { servedMinutes } from './cogov.civic.logic.ts';
import { civicPolicy } from './cogov.civic.policy.ts';
import type { CivicTables, SignupStatus } from './cogov.civic.tables.ts';
import type { Points } from './cogov.points.ts';
import * as repo from './cogov.volunteers.repository.ts';

type TaskRow = CivicTables['cogov.volunteer_tasks'];
type SignupRow = CivicTables['cogov.volunteer_signups'];

export interface NewTask {
  communityId: string;
  title: string;
  description: string;
  place: string;
  skills?: string[] | undefined;
  startsAt: string;
  endsAt: string;
  slots: number;
}

const taskNotFound = () => new AppError(404, 'COGOV_VOLUNTEER_TASK_NOT_FOUND', 'No such volunteer task');
/** 8 characters a person can read out and type: no 0/O, 1/I. */
const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
const newCode = () => [...randomBytes(8)].map((b) => CODE_ALPHABET[b % CODE_ALPHABET.length]).join('');

const taskView = (t: TaskRow, mine: { status: SignupStatus | null; code: string | null } | null = null) => ({
  id: t.id,
  communityId: t.community_id,
  title: t.title,
  description: t.description,
  place: t.place,
  skills: t.skills,
  startsAt: t.starts_at.toISOString(),
  endsAt: t.ends_at.toISOString(),
  slots: t.slots,
  taken: t.taken,
  status: t.status,
  organiser: t.organiser_name,
  myStatus: mine?.status ?? null,
  myCode: mine?.status && mine.status !== 'withdrawn' ? mine.code : null,
});
export type TaskView = ReturnType<typeof taskView>;

const signupView = (s: SignupRow) => ({
  name: maskName(s.display_name),
  code: s.code,
  status: s.status,
  signedUpAt: s.signed_up_at.toISOString(),
  checkedInAt: s.checked_in_at?.toISOString() ?? null,
  checkedOutAt: s.checked_out_at?.toISOString() ?? null,
  minutes: s.minutes,
});

export class Volunteers {
  private readonly c: CivicContext;
  private readonly points: Points;
  constructor(c: CivicContext, points: Points) {
    this.c = c;
    this.points = points;
  }

  /** Community staff post a task in their community. */
  async create(p: Principal | null, input: NewTask, origin: RequestOrigin): Promise<TaskView> {
    const principal = civicPolicy.communityStaff(p, input.communityId);
    const startsAt = new Date(input.startsAt);
    const endsAt = new Date(input.endsAt);
    if (!(endsAt > startsAt) || endsAt <= this.c.p.clock.now())
      throw new AppError(
        422,
        'COGOV_VOLUNTEER_TIMES_INVALID',
        'The task must end after it starts, and not in the past',
      );
    return command(this.c.p, actorFor(principal, origin), async (w) => {
      const row: TaskRow = {
        id: uuidv7(w.now.getTime()),
        region_code: this.c.deps.regionCode,
        community_id: input.communityId,
        organiser_account_id: principal.accountId,
        organiser_name: principal.displayName,
        title: input.title.trim(),
        description: input.description.trim(),
        place: input.place.trim(),
        skills: (input.skills ?? []).map((s) => s.trim()).filter(Boolean),
        starts_at: startsAt,
        ends_at: endsAt,
        slots: input.slots,
        taken: 0,
        status: 'open',
        created_at: w.now,
      };
      await repo.insertTask(civicTx(w.tx), row);
      await w.audit({
        action: 'cogov.volunteer-task.created',
        resourceType: 'cogov.volunteer-task',
        resourceId: row.id,
        regionCode: row.region_code,
        detail: { communityId: row.community_id, slots: row.slots },
      });
      return taskView(row);
    });
  }

  /** Staff of the task's community cancel it; the volunteers signed up are told. */
  async cancel(p: Principal | null, id: string, origin: RequestOrigin): Promise<TaskView> {
    const { principal, task } = await this.staffTask(p, id);
    return command(this.c.p, actorFor(principal, origin), async (w) => {
      const db = civicTx(w.tx);
      await repo.cancelTask(db, id);
      for (const s of await repo.signupsOf(db, id)) {
        if (s.status !== 'signed_up') continue;
        await this.c.deps.notifyAccount(
          w.tx,
          {
            accountId: s.account_id,
            regionCode: task.region_code,
            topic: 'cogov.volunteer-task.cancelled',
            title: { zh: '志愿服务活动已取消', en: 'A volunteer task was cancelled' },
            body: {
              zh: `您报名的“${task.title}”已取消。`,
              en: `“${task.title}”, which you signed up for, was cancelled.`,
            },
            link: '/cogov/volunteer',
            sourceEventId: `volunteer-cancel:${id}`,
          },
          w.now,
        );
      }
      await w.audit({
        action: 'cogov.volunteer-task.cancelled',
        resourceType: 'cogov.volunteer-task',
        resourceId: id,
        regionCode: task.region_code,
        detail: { communityId: task.community_id },
      });
      return taskView({ ...task, status: 'cancelled' });
    });
  }

  /** A resident's view: their community's tasks not yet over, with their own sign-up. */
  async forResident(p: Principal | null) {
    const principal = civicPolicy.citizen(p);
    const home = await this.c.deps.residence(principal);
    if (!home) return { communityId: null, items: [] as TaskView[] };
    const rows = await repo.upcomingFor(this.c.db, home.communityId, principal.accountId, this.c.p.clock.now());
    return {
      communityId: home.communityId,
      items: rows.map((r) => taskView(r, { status: r.my_status, code: r.my_code })),
    };
  }

  /** Sign up (a resident of the task's community, verified by real name). Signing up again answers the same sign-up. */
  async signUp(p: Principal | null, taskId: string, origin: RequestOrigin): Promise<TaskView> {
    const principal = civicPolicy.citizen(p);
    const task = await this.residentTask(principal, taskId);
    requireAssurance(principal, 'id_verified');
    return command(this.c.p, actorFor(principal, origin), async (w) => {
      const db = civicTx(w.tx);
      const locked = (await repo.lockTask(db, taskId))!;
      const existing = await repo.signup(db, taskId, principal.accountId);
      if (existing && existing.status !== 'withdrawn') return taskView(locked, existing);
      if (locked.status !== 'open' || locked.ends_at <= w.now)
        throw new AppError(409, 'COGOV_VOLUNTEER_TASK_CLOSED', 'The task is cancelled or over; sign-up is closed');
      if (locked.taken >= locked.slots) throw new AppError(409, 'COGOV_VOLUNTEER_TASK_FULL', 'No places are left');
      const code = existing?.code ?? newCode();
      if (existing)
        await repo.updateSignup(db, taskId, principal.accountId, { status: 'signed_up', signed_up_at: w.now });
      else
        await repo.insertSignup(db, {
          task_id: taskId,
          account_id: principal.accountId,
          display_name: principal.displayName,
          code,
          status: 'signed_up',
          signed_up_at: w.now,
          checked_in_at: null,
          checked_out_at: null,
          minutes: null,
        });
      await repo.setTaken(db, taskId, 1);
      await w.audit({
        action: 'cogov.volunteer.signed-up',
        resourceType: 'cogov.volunteer-task',
        resourceId: taskId,
        regionCode: task.region_code,
      });
      return taskView({ ...locked, taken: locked.taken + 1 }, { status: 'signed_up', code });
    });
  }

  /** Withdraw one's own sign-up before check-in; the place frees up. */
  async withdraw(p: Principal | null, taskId: string, origin: RequestOrigin): Promise<TaskView> {
    const principal = civicPolicy.citizen(p);
    const task = await this.residentTask(principal, taskId);
    return command(this.c.p, actorFor(principal, origin), async (w) => {
      const db = civicTx(w.tx);
      const locked = (await repo.lockTask(db, taskId))!;
      const s = await repo.signup(db, taskId, principal.accountId);
      if (!s || s.status === 'withdrawn') throw new AppError(404, 'COGOV_VOLUNTEER_NOT_SIGNED_UP', 'No such sign-up');
      if (s.status !== 'signed_up')
        throw new AppError(409, 'COGOV_VOLUNTEER_CHECK_STATE', 'Already checked in: the sign-up cannot be withdrawn');
      await repo.updateSignup(db, taskId, principal.accountId, { status: 'withdrawn' });
      await repo.setTaken(db, taskId, -1);
      await w.audit({
        action: 'cogov.volunteer.withdrawn',
        resourceType: 'cogov.volunteer-task',
        resourceId: taskId,
        regionCode: task.region_code,
      });
      return taskView({ ...locked, taken: locked.taken - 1 }, { status: 'withdrawn', code: null });
    });
  }

  /** The caller's sign-ups and the hours on their record (志愿时长). */
  async mine(p: Principal | null) {
    const principal = civicPolicy.citizen(p);
    const rows = await repo.signupsOfAccount(this.c.db, principal.accountId);
    const minutes = rows.reduce((n, r) => n + (r.minutes ?? 0), 0);
    return {
      totalMinutes: minutes,
      items: rows.map((r) => ({
        taskId: r.task_id,
        title: r.title,
        place: r.place,
        startsAt: r.starts_at.toISOString(),
        endsAt: r.ends_at.toISOString(),
        organiser: r.organiser_name,
        status: r.status,
        taskStatus: r.task_status,
        code: r.status === 'withdrawn' ? null : r.code,
        checkedInAt: r.checked_in_at?.toISOString() ?? null,
        checkedOutAt: r.checked_out_at?.toISOString() ?? null,
        minutes: r.minutes,
      })),
    };
  }

  /**
   * The caller's volunteer hours as a printable certificate (志愿服务时长证明, PDF): every task
   * checked out, its date and minutes, and the total. (The credentials module may later issue it
   * as a verifiable credential.)
   */
  async certificate(p: Principal | null): Promise<Buffer> {
    const principal = civicPolicy.citizen(p);
    const rows = (await repo.signupsOfAccount(this.c.db, principal.accountId)).filter(
      (r) => r.status === 'checked_out',
    );
    const total = rows.reduce((n, r) => n + (r.minutes ?? 0), 0);
    const day = (d: Date) => d.toISOString().slice(0, 10);
    return renderSimplePdf({
      title: '志愿服务时长证明',
      subtitle: 'Certificate of volunteer hours',
      rows: [
        { label: '姓名 Name', value: principal.displayName },
        { label: '累计时长 Total', value: `${Math.floor(total / 60)} 小时 ${total % 60} 分钟 (${total} min)` },
        ...rows.slice(0, 20).map((r) => ({
          label: `${day(r.starts_at)} ${r.title}`,
          value: `${r.minutes ?? 0} 分钟 · ${r.organiser_name}`,
        })),
      ],
      footer: `出具时间 Issued ${this.c.p.clock.now().toISOString().slice(0, 16).replace('T', ' ')} UTC`,
      author: 'Yiwang 一网共治',
    });
  }

  /** Staff: the tasks of their communities. */
  async ofStaff(p: Principal | null) {
    const { communities } = civicPolicy.anyCommunityStaff(p);
    return { items: (await repo.tasksOfCommunities(this.c.db, communities)).map((t) => taskView(t)) };
  }

  /** Staff: one task with its sign-ups (names masked), for checking in at the place. */
  async roster(p: Principal | null, id: string) {
    const { task } = await this.staffTask(p, id);
    const signups = await repo.signupsOf(this.c.db, id);
    return { task: taskView(task), signups: signups.filter((s) => s.status !== 'withdrawn').map(signupView) };
  }

  /** The organiser checks a volunteer in (`in`) or out (`out`) by the code their app shows. */
  async check(p: Principal | null, id: string, code: string, direction: 'in' | 'out', origin: RequestOrigin) {
    const { principal, task } = await this.staffTask(p, id);
    return command(this.c.p, actorFor(principal, origin), async (w) => {
      const db = civicTx(w.tx);
      const s = await repo.signupByCode(db, id, code.trim().toUpperCase());
      if (!s || s.status === 'withdrawn') throw new AppError(404, 'COGOV_VOLUNTEER_NOT_SIGNED_UP', 'No such sign-up');
      const from: SignupStatus = direction === 'in' ? 'signed_up' : 'checked_in';
      if (s.status !== from)
        throw new AppError(409, 'COGOV_VOLUNTEER_CHECK_STATE', `The volunteer is ${s.status.replace('_', ' ')}`);
      let after: SignupRow;
      if (direction === 'in') {
        after = { ...s, status: 'checked_in', checked_in_at: w.now };
        await repo.updateSignup(db, id, s.account_id, { status: 'checked_in', checked_in_at: w.now });
      } else {
        const minutes = servedMinutes({ startsAt: task.starts_at, endsAt: task.ends_at }, s.checked_in_at!, w.now);
        after = { ...s, status: 'checked_out', checked_out_at: w.now, minutes };
        await repo.updateSignup(db, id, s.account_id, { status: 'checked_out', checked_out_at: w.now, minutes });
        await this.points.award(
          db,
          { accountId: s.account_id, communityId: task.community_id, kind: 'volunteer_hour', sourceRef: id, minutes },
          w.now,
        );
      }
      await w.audit({
        action: direction === 'in' ? 'cogov.volunteer.checked-in' : 'cogov.volunteer.checked-out',
        resourceType: 'cogov.volunteer-task',
        resourceId: id,
        regionCode: task.region_code,
        change: { accountId: s.account_id },
        detail: { minutes: after.minutes },
      });
      return signupView(after);
    });
  }

  /** A task of a community the staff member serves (404 otherwise, as if it did not exist). */
  private async staffTask(p: Principal | null, id: string) {
    const { principal, communities } = civicPolicy.anyCommunityStaff(p);
    const task = await repo.taskById(this.c.db, id);
    if (!task || !communities.includes(task.community_id)) throw taskNotFound();
    return { principal, task };
  }

  /** A task of the resident's own community (404 otherwise). */
  private async residentTask(principal: Principal, id: string) {
    const [task, home] = await Promise.all([repo.taskById(this.c.db, id), this.c.deps.residence(principal)]);
    if (!task || !home || home.communityId !== task.community_id) throw taskNotFound();
    return task;
  }
}
