/**
 * The CKAN Action API at /api/3/action/{name} (CKAN 2.10), read-only: package_list,
 * package_search, package_show, organization_list, organization_show, group_list, resource_show,
 * tag_list, status_show. GET with query parameters or POST with a JSON body, as CKAN takes them;
 * answers in CKAN's envelope `{help, success, result}` or `{help, success: false, error: {__type,
 * message}}` with CKAN's status codes (400 bad request, 403, 404, 409 validation), so CKAN
 * clients and harvesters work unchanged. Errors here never take the platform's error body.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sql } from 'kysely';
import { Type } from 'typebox';
import { AppError } from '../../platform/errors.ts';
import { PUBLIC } from '../../platform/http.ts';
import type { Catalogue } from './opendata.catalogue.ts';
import { ckanGroup, ckanOrganization, ckanPackage, ckanResource } from './opendata.ckan-format.ts';
import type { OpendataContext } from './opendata.context.ts';
import * as repo from './opendata.repository.ts';
import { FACET_FIELDS, search, type FacetField } from './opendata.search.ts';

export const CKAN_ACTIONS = [
  'status_show',
  'package_list',
  'package_search',
  'package_show',
  'organization_list',
  'organization_show',
  'group_list',
  'resource_show',
  'tag_list',
] as const;

type Params = Record<string, unknown>;

class CkanError extends Error {
  readonly status: number;
  readonly type: string;
  readonly fields: Record<string, string[]> | null;
  constructor(status: number, type: string, message: string, fields: Record<string, string[]> | null = null) {
    super(message);
    this.status = status;
    this.type = type;
    this.fields = fields;
  }
}

const notFound = (what = 'Not found') => new CkanError(404, 'Not Found Error', what);
const validation = (field: string, message: string) =>
  new CkanError(409, 'Validation Error', message, { [field]: [message] });

const str = (p: Params, key: string): string | undefined => {
  const v = p[key];
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  throw validation(key, 'Must be a string');
};
const int = (p: Params, key: string, dflt: number, min: number, max: number): number => {
  const v = str(p, key);
  if (v === undefined) return dflt;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) throw validation(key, `Must be a whole number ≥ ${min}`);
  return Math.min(n, max);
};
const bool = (p: Params, key: string): boolean => ['true', '1', 'True'].includes(str(p, key) ?? '');
const required = (p: Params, key: string): string => {
  const v = str(p, key);
  if (v === undefined) throw validation(key, 'Missing value');
  return v;
};
/** facet.field: a JSON list (CKAN's form) or a list. */
function facetFields(p: Params): FacetField[] {
  const raw = p['facet.field'];
  if (raw === undefined || raw === '') return [];
  let list: unknown = raw;
  if (typeof raw === 'string') {
    try {
      list = JSON.parse(raw);
    } catch {
      list = [raw];
    }
  }
  if (!Array.isArray(list) || list.some((x) => typeof x !== 'string'))
    throw validation('facet.field', 'Must be a JSON list of field names');
  const bad = list.find((x: string) => !(FACET_FIELDS as readonly string[]).includes(x)) as string | undefined;
  if (bad) throw validation('facet.field', `Cannot facet on ${bad}; one of ${FACET_FIELDS.join(', ')}`);
  return list as FacetField[];
}

export function ckanPlugin(c: OpendataContext, catalogue: Catalogue) {
  const baseOf = (r: FastifyRequest) => c.deps.publicUrl?.replace(/\/$/, '') ?? `${r.protocol}://${r.host}`;

  async function run(action: string, p: Params, request: FastifyRequest): Promise<unknown> {
    const base = baseOf(request);
    const principal = request.principal;
    switch (action) {
      case 'status_show':
        return {
          site_title: '一网 公共数据开放',
          site_description: 'Yiwang open data portal: de-identified public data of the city',
          site_url: base,
          ckan_version: '2.10.4',
          error_emails_to: null,
          locale_default: 'zh_Hans_CN',
          extensions: ['dcat', 'yiwang_opendata'],
        };
      case 'package_list': {
        const limit = int(p, 'limit', 1000, 0, 1000);
        const offset = int(p, 'offset', 0, 0, Number.MAX_SAFE_INTEGER);
        const rows = await c.db
          .selectFrom('opendata.datasets')
          .select('name')
          .where('state', '=', 'active')
          .orderBy('name')
          .limit(limit)
          .offset(offset)
          .execute();
        return rows.map((r) => r.name);
      }
      case 'package_search': {
        const fields = facetFields(p);
        const found = await search(c, principal, {
          q: str(p, 'q') ?? '',
          fq: str(p, 'fq') ?? '',
          rows: int(p, 'rows', 10, 0, 1000),
          start: int(p, 'start', 0, 0, 1_000_000),
          sort: str(p, 'sort') ?? 'score desc, metadata_modified desc',
          facetFields: fields,
          facetLimit: int(p, 'facet.limit', 50, -1, 1000) < 0 ? 1000 : int(p, 'facet.limit', 50, -1, 1000),
        });
        const orgs = new Map(found.organisations.map((o) => [o.name, o]));
        const groups = new Map(found.groups.map((g) => [g.name, g]));
        const display = (f: FacetField, name: string) =>
          f === 'organization'
            ? (orgs.get(name)?.title ?? name)
            : f === 'groups'
              ? (groups.get(name)?.title ?? name)
              : name;
        return {
          count: found.count,
          sort: str(p, 'sort') ?? 'score desc, metadata_modified desc',
          results: found.datasets.map((d) => ckanPackage(d, base)),
          facets: Object.fromEntries(
            fields.map((f) => [f, Object.fromEntries((found.facets[f] ?? []).map((x) => [x.name, x.count]))]),
          ),
          search_facets: Object.fromEntries(
            fields.map((f) => [
              f,
              {
                title: f,
                items: (found.facets[f] ?? []).map((x) => ({
                  name: x.name,
                  display_name: display(f, x.name),
                  count: x.count,
                })),
              },
            ]),
          ),
        };
      }
      case 'package_show':
        return ckanPackage(await catalogue.dataset(principal, required(p, 'id')), base);
      case 'resource_show': {
        const r = await catalogue.resource(principal, required(p, 'id'));
        const d = await catalogue.dataset(principal, r.datasetId);
        return ckanResource(
          r,
          base,
          Math.max(
            0,
            d.resources.findIndex((x) => x.id === r.id),
          ),
        );
      }
      case 'organization_list':
      case 'group_list': {
        const org = action === 'organization_list';
        const allFields = bool(p, 'all_fields');
        const limit = int(p, 'limit', 1000, 0, 1000);
        const offset = int(p, 'offset', 0, 0, Number.MAX_SAFE_INTEGER);
        const counts = await sql<{ k: string; n: number }>`select ${
          org ? sql`organisation_code` : sql`unnest(themes)`
        } as k, count(*)::int as n from opendata.datasets where state = 'active' group by 1`.execute(c.db);
        const count = new Map(counts.rows.map((r) => [r.k, r.n]));
        if (org) {
          const rows = (await repo.organisations(c.db)).slice(offset, offset + limit);
          return allFields ? rows.map((o) => ckanOrganization(o, count.get(o.code) ?? 0)) : rows.map((o) => o.name);
        }
        const rows = (await repo.groups(c.db)).slice(offset, offset + limit);
        return allFields ? rows.map((g) => ckanGroup(g, count.get(g.name) ?? 0)) : rows.map((g) => g.name);
      }
      case 'organization_show': {
        const id = required(p, 'id');
        const o = (await repo.organisationByName(c.db, id)) ?? (await repo.organisation(c.db, id));
        if (!o) throw notFound();
        const found = await search(c, principal, {
          q: '',
          fq: `organization:"${o.name}"`,
          rows: bool(p, 'include_datasets') ? 1000 : 0,
          start: 0,
          sort: 'name asc',
          facetFields: [],
          facetLimit: 0,
        });
        return {
          ...ckanOrganization(o, found.count),
          packages: found.datasets.map((d) => ckanPackage(d, base)),
          users: [],
        };
      }
      case 'tag_list': {
        const query = str(p, 'query')?.toLowerCase();
        const rows = await sql<{ t: string }>`select distinct t from opendata.datasets cross join unnest(tags) as t
          where state = 'active' ${query ? sql`and lower(t) like ${`%${query.replace(/[\\%_]/g, (x) => `\\${x}`)}%`}` : sql``}
          order by t`.execute(c.db);
        return bool(p, 'all_fields')
          ? rows.rows.map((r) => ({ id: r.t, name: r.t, display_name: r.t, vocabulary_id: null }))
          : rows.rows.map((r) => r.t);
      }
      default:
        throw new CkanError(400, 'Bad Request', `Bad request - Action name not known: ${action}`);
    }
  }

  function fail(err: unknown): CkanError {
    if (err instanceof CkanError) return err;
    if (err instanceof AppError) {
      if (err.status === 404) return notFound();
      if (err.status === 403 || err.status === 401) return new CkanError(403, 'Authorization Error', 'Access denied');
      if (err.code === 'OPENDATA_QUERY_INVALID') return new CkanError(409, 'Search Query Error', err.message);
    }
    throw err;
  }

  return async function plugin(fastify: FastifyInstance): Promise<void> {
    const help = (r: FastifyRequest, action: string) => `${baseOf(r)}/api/3/action/help_show?name=${action}`;
    const answer = async (request: FastifyRequest, reply: FastifyReply, action: string, p: Params) => {
      reply.header('access-control-allow-origin', '*');
      try {
        const result = await run(action, p, request);
        return reply.send({ help: help(request, action), success: true, result });
      } catch (err) {
        const e = fail(err);
        return reply.code(e.status).send({
          help: help(request, action),
          success: false,
          error: { __type: e.type, message: e.message, ...(e.fields ?? {}) },
        });
      }
    };
    // CKAN's own answer to a body that is not JSON, or to a validation failure of the path.
    fastify.setErrorHandler(async (err: Error & { statusCode?: number }, request, reply) => {
      if ((err.statusCode ?? 500) >= 500) throw err;
      const action = (request.params as { action?: string }).action ?? '';
      return reply.code(400).send({
        help: help(request, action),
        success: false,
        error: { __type: 'Bad Request', message: `Bad request - JSON Error: ${err.message}` },
      });
    });
    const Envelope = Type.Object(
      {
        help: Type.String(),
        success: Type.Boolean(),
        result: Type.Optional(Type.Unknown({ description: "The action's result, in CKAN 2.10's shapes" })),
        error: Type.Optional(
          Type.Object(
            { __type: Type.String(), message: Type.String() },
            { additionalProperties: Type.Array(Type.String()) },
          ),
        ),
      },
      { title: 'CkanEnvelope' },
    );
    const schema = {
      tags: ['opendata'],
      ...PUBLIC,
      params: Type.Object({ action: Type.String({ description: CKAN_ACTIONS.join(', ') }) }),
      response: { 200: Envelope, 400: Envelope, 403: Envelope, 404: Envelope, 409: Envelope },
    };
    fastify.get<{ Params: { action: string }; Querystring: Params }>(
      '/3/action/:action',
      {
        schema: {
          ...schema,
          summary: 'CKAN Action API (read): the action’s parameters in the query string',
          querystring: Type.Object({}, { additionalProperties: Type.String() }),
        },
      },
      async (request, reply) => answer(request, reply, request.params.action, request.query),
    );
    fastify.post<{ Params: { action: string }; Body: Params | null }>(
      '/3/action/:action',
      {
        schema: {
          ...schema,
          summary: 'CKAN Action API (read): the action’s parameters as a JSON body',
          body: Type.Union([Type.Object({}, { additionalProperties: true }), Type.Null()]),
        },
      },
      async (request, reply) => answer(request, reply, request.params.action, request.body ?? {}),
    );
  };
}
