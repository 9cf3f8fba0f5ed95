/** HTTP routes of volunteers, points and notices (志愿服务, 积分, 通知公告). */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest, FastifySchema } from 'fastify';
import { Type, type Static, type TSchema } from 'typebox';
import type { Principal, RequestOrigin } from '../../platform/auth.ts';
import { IdParams, Items, NoContent, Obj, errorAnswers } from '../../platform/http.ts';
import * as S from './cogov.civic.schemas.ts';
import type { Notices } from './cogov.notices.ts';
import type { Points } from './cogov.points.ts';
import type { Volunteers } from './cogov.volunteers.ts';

const origin = (r: FastifyRequest): RequestOrigin => ({ requestId: String(r.id), ip: r.ip });
/** A PDF made in memory, sent as bytes (not serialised as JSON). */
const sendPdf = (reply: FastifyReply, pdf: Buffer, fileName: string) =>
  reply
    .header('content-type', 'application/pdf')
    .header('content-disposition', `inline; filename="${fileName}"`)
    .header('cache-control', 'private, no-store')
    .send(pdf);

export function volunteersRoutes(s: { volunteers: Volunteers; points: Points; notices: Notices }) {
  const tags = ['cogov'];
  return async function plugin(fastify: FastifyInstance): Promise<void> {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
    /** GET <path>: what the caller may read, no parameters (`run`'s type checks the answer against the schema). */
    function read<R extends TSchema>(
      path: string,
      summary: string,
      response: R,
      run: (p: Principal | null) => Promise<Static<R>>,
    ) {
      const schema: FastifySchema = { tags, summary, response: { 200: response } };
      app.get(path, { schema }, async (r) => run(r.principal));
    }
    /** POST /cogov/volunteer/tasks/:id/<name>: one act on a task, answered with the task as it now is. */
    function action(
      name: string,
      summary: string,
      run: (p: Principal | null, id: string, o: RequestOrigin) => Promise<Static<typeof S.VolunteerTask>>,
    ) {
      app.post(
        `/cogov/volunteer/tasks/:id/${name}`,
        { schema: { tags, summary, params: IdParams, response: { 200: S.VolunteerTask } } },
        async (r) => run(r.principal, r.params.id, origin(r)),
      );
    }
    // ---- volunteers
    read(
      '/cogov/volunteer/tasks',
      "A resident's community's volunteer tasks not yet over, with their own sign-up",
      S.ResidentTasks,
      (p) => s.volunteers.forResident(p),
    );
    app.post(
      '/cogov/volunteer/tasks',
      {
        schema: {
          tags,
          summary: 'Post a volunteer task in a community (its staff)',
          body: S.NewVolunteerTask,
          response: { 201: S.VolunteerTask, ...errorAnswers(422) },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await s.volunteers.create(request.principal, request.body, origin(request))),
    );
    action(
      'sign-up',
      'Sign up for a task of one’s community (verified by real name); again answers the same sign-up',
      (p, id, o) => s.volunteers.signUp(p, id, o),
    );
    action('withdraw', 'Withdraw one’s sign-up before check-in', (p, id, o) => s.volunteers.withdraw(p, id, o));
    action('cancel', 'Cancel a task (its community’s staff)', (p, id, o) => s.volunteers.cancel(p, id, o));
    read('/cogov/volunteer/mine', 'My sign-ups and the volunteer hours on my record', S.MyVolunteering, (p) =>
      s.volunteers.mine(p),
    );
    app.get(
      '/cogov/volunteer/certificate',
      {
        schema: {
          tags,
          summary: 'My volunteer hours as a printable certificate (志愿服务时长证明, PDF)',
          response: {
            200: {
              description: 'The certificate',
              content: { 'application/pdf': { schema: Type.String({ format: 'binary' }) } },
            },
          },
        },
      },
      async (request, reply) =>
        sendPdf(reply, await s.volunteers.certificate(request.principal), 'volunteer-hours.pdf'),
    );
    read('/cogov/staff/volunteer/tasks', "The tasks of the staff member's communities", Items(S.VolunteerTask), (p) =>
      s.volunteers.ofStaff(p),
    );
    app.get(
      '/cogov/volunteer/tasks/:id/roster',
      {
        schema: {
          tags,
          summary: 'A task with its sign-ups (names masked), for check-in at the place (its community’s staff)',
          params: IdParams,
          response: { 200: S.TaskRoster },
        },
      },
      async (request) => s.volunteers.roster(request.principal, request.params.id),
    );
    for (const direction of ['in', 'out'] as const)
      app.post(
        `/cogov/volunteer/tasks/:id/check-${direction}`,
        {
          schema: {
            tags,
            summary:
              direction === 'in'
                ? 'Check a volunteer in by the code their app shows (scanned or typed)'
                : 'Check a volunteer out: the minutes served go on their record and earn points',
            params: IdParams,
            body: S.CheckBody,
            response: { 200: S.VolunteerSignup },
          },
        },
        async (request) =>
          s.volunteers.check(request.principal, request.params.id, request.body.code, direction, origin(request)),
      );
    // ---- points
    read('/cogov/points/mine', 'My participation points', S.MyPoints, (p) => s.points.mine(p));
    app.put(
      '/cogov/points/in-ranking',
      {
        schema: {
          tags,
          summary: 'Show or hide oneself in the community ranking',
          body: Obj({ inRanking: Type.Boolean() }),
          response: { 200: S.MyPoints },
        },
      },
      async (request) => s.points.setInRanking(request.principal, request.body.inRanking, origin(request)),
    );
    app.get(
      '/cogov/points/ranking',
      {
        schema: {
          tags,
          summary: "The community's ranking (those who opted out are not in it)",
          querystring: S.CommunityQuery,
          response: { 200: S.Ranking },
        },
      },
      async (request) => s.points.ranking(request.principal, request.query.communityId),
    );
    app.get(
      '/cogov/points/rules',
      {
        schema: {
          tags,
          summary: 'The points rules in force',
          querystring: S.CommunityQuery,
          response: { 200: S.PointRules },
        },
      },
      async (request) => s.points.rules(request.principal, request.query.communityId),
    );
    app.put(
      '/cogov/points/rules',
      {
        schema: {
          tags,
          summary: "Set a community's own points for one kind (its staff)",
          body: S.SetPointRule,
          response: { 200: S.PointRules },
        },
      },
      async (request) => s.points.setRule(request.principal, request.body, origin(request)),
    );
    // ---- notices
    read('/cogov/notices', "A resident's community notices", S.MyNotices, (p) => s.notices.mine(p));
    app.get(
      '/cogov/notices/:id',
      {
        schema: {
          tags,
          summary: 'One notice (read by a resident: marked read)',
          params: IdParams,
          response: { 200: S.Notice },
        },
      },
      async (request) => s.notices.get(request.principal, request.params.id),
    );
    app.post(
      '/cogov/notices',
      {
        schema: {
          tags,
          summary: 'Publish a notice to a community (its staff)',
          body: S.NewNotice,
          response: { 201: S.Notice },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await s.notices.publish(request.principal, request.body, origin(request))),
    );
    app.post(
      '/cogov/notices/:id/withdraw',
      { schema: { tags, summary: 'Withdraw a notice', params: IdParams, response: { 204: NoContent } } },
      async (request, reply) => {
        await s.notices.withdraw(request.principal, request.params.id, origin(request));
        return reply.status(204).send(null);
      },
    );
    read('/cogov/staff/notices', "The notices of the staff member's communities", Items(S.Notice), (p) =>
      s.notices.ofStaff(p),
    );
  };
}
