/**
 * Open311 GeoReport v2 over cityops' events (docs/open311.md): discovery, services and their
 * definitions, POST requests (with an API key, opened through the events service like any other
 * source), GET requests with the spec's filters, one request, a token's request, and the
 * servicerequestupdates extension (the events' public updates). Answers are plain values in the
 * spec's shape; the routes render them as JSON or XML. Refusals are `Open311Error`s, the spec's
 * error list with its status: 403 for the api_key, 404 for what does not exist, 400 for the rest.
 */
import { sql } from 'kysely';
import type { Platform } from '../../platform/context.ts';
import { scoped } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import type { Value } from './cityops.open311.format.ts';
import type { Open311Keys } from './cityops.open311.keys.ts';
import { commaList, coordinate, w3c, type FormBody } from './cityops.open311.parse.ts';
import { dateRange, fail, MAX_RESULTS, Open311Error } from './cityops.open311.range.ts';
import { UPDATES_SPECIFICATION } from './cityops.open311.updates.ts';
import {
  attributesOf,
  definitionOf,
  requestOf,
  serviceOf,
  type CategoryRow,
  type Lang,
  type RequestRow,
} from './cityops.open311.views.ts';
import type { CityopsTables } from './cityops.tables.ts';

export const SPECIFICATION = 'http://wiki.open311.org/GeoReport_v2';
/** When this endpoint's discovery or service definitions last changed in a way clients should notice. */
export const CHANGESET = '2026-12-03T09:00:00Z';
export { Open311Error };

/** The spec's statuses as SQL on the event's status, written as the partial indexes' predicates. */
const STATUS_SQL = {
  open: sql<boolean>`e.status in ('open', 'dispatched', 'processing', 'returned')`,
  closed: sql<boolean>`e.status in ('closed', 'merged')`,
};

/** What POST requests hands the events service (cityops' `Events.open`, as the contract names it). */
export interface OpenInput {
  source: 'open311';
  categoryCode: string;
  description: string;
  lat?: number;
  lng?: number;
  address?: string;
  anonymous?: boolean;
  contact?: { name?: string; phone?: string; email?: string };
  externalRef?: string;
  idempotencyKey?: string;
}
export interface Opened {
  number: string;
  departmentId: string | null;
  deadlineAt: string | null;
}

export interface Open311Deps {
  /** The jurisdiction ids this endpoint answers to (the region code; the public host when set). */
  jurisdictions: readonly string[];
  keys: Open311Keys;
  open(input: OpenInput, system: string): Promise<Opened>;
  /** org's departments (id, code, names): the agency responsible for an event. */
  departments(): Promise<{ id: string; code: string; name: string; nameEn: string }[]>;
}

export class Open311 {
  private categories: { at: number; map: Map<string, CategoryRow> } | null = null;
  private agencies: { at: number; byId: Map<string, { zh: string; en: string }>; byCode: Map<string, string> } | null =
    null;

  private readonly p: Platform;
  private readonly deps: Open311Deps;

  constructor(platform: Platform, deps: Open311Deps) {
    this.p = platform;
    this.deps = deps;
  }

  private get db() {
    return scoped<CityopsTables>(this.p.db);
  }

  /** jurisdiction_id is optional here (one jurisdiction); given, it must be ours. */
  checkJurisdiction(q: Map<string, string>): void {
    const j = q.get('jurisdiction_id');
    if (j !== undefined && !this.deps.jurisdictions.includes(j))
      throw fail(404, `jurisdiction_id ${j} was not found; this endpoint serves ${this.deps.jurisdictions.join(', ')}`);
  }

  /** The active categories by code, kept a minute. */
  private async categoryMap(): Promise<Map<string, CategoryRow>> {
    const now = Date.now();
    if (!this.categories || now - this.categories.at > 60_000) {
      const rows = await this.db
        .selectFrom('cityops.categories')
        .select([
          'code',
          'name',
          'name_en',
          'group_name',
          'group_name_en',
          'description',
          'description_en',
          'department_code',
          'keywords',
          'attributes',
          'anonymous_allowed',
          'active',
        ])
        .orderBy('code')
        .execute();
      this.categories = { at: now, map: new Map(rows.map((r) => [r.code, r as CategoryRow])) };
    }
    return this.categories.map;
  }

  /** Department names by id (and ids by code), kept a minute. */
  private async agencyMap() {
    const now = Date.now();
    if (!this.agencies || now - this.agencies.at > 60_000) {
      const list = await this.deps.departments();
      this.agencies = {
        at: now,
        byId: new Map(list.map((d) => [d.id, { zh: d.name, en: d.nameEn }])),
        byCode: new Map(list.map((d) => [d.code, d.id])),
      };
    }
    return this.agencies;
  }

  discovery(baseUrl: string): Value {
    return {
      changeset: CHANGESET,
      contact: 'City operations centre (城市运行管理中心), via the city service hotline 12345',
      key_service:
        'API keys are issued by the city operations centre: a city operator issues one in the console (城市运行 → Open311 接口密钥)',
      endpoints: [
        {
          specification: SPECIFICATION,
          url: `${baseUrl}/open311/v2`,
          changeset: CHANGESET,
          type: 'production',
          formats: ['text/xml', 'application/json'],
        },
        // The servicerequestupdates extension (GET and POST), at the same URL.
        {
          specification: UPDATES_SPECIFICATION,
          url: `${baseUrl}/open311/v2`,
          changeset: CHANGESET,
          type: 'production',
          formats: ['text/xml', 'application/json'],
        },
      ],
    };
  }

  async services(q: Map<string, string>, lang: Lang): Promise<Value> {
    this.checkJurisdiction(q);
    const all = [...(await this.categoryMap()).values()].filter((c) => c.active);
    return all.map((c) => serviceOf(c, lang));
  }

  async definition(code: string, q: Map<string, string>, lang: Lang): Promise<Value> {
    this.checkJurisdiction(q);
    const c = (await this.categoryMap()).get(code);
    if (!c || !c.active) throw fail(404, `service_code ${code} was not found`);
    return definitionOf(c, lang);
  }

  /** POST requests: the api_key first (403), then the jurisdiction, the service, the location and the attributes. */
  async create(form: FormBody, idempotencyKey: string | undefined, lang: Lang): Promise<Value> {
    const f = form.fields;
    const apiKey = f.get('api_key');
    if (apiKey === undefined) throw fail(403, 'api_key was not provided');
    const keyId = await this.deps.keys.verify(apiKey);
    if (!keyId) throw fail(403, 'Invalid api_key received -- cannot proceed with create_request');
    this.checkJurisdiction(f);
    const code = f.get('service_code');
    if (code === undefined) throw fail(400, 'service_code was not provided');
    const category = (await this.categoryMap()).get(code);
    if (!category || !category.active) throw fail(404, `service_code ${code} was not found`);

    const errors: { code: number; description: string }[] = [];
    const bad = (description: string) => errors.push({ code: 400, description });
    const lat = coordinate(f.get('lat'), 90);
    const lng = coordinate(f.get('long'), 180);
    const hasLat = f.has('lat');
    const hasLong = f.has('long');
    if (hasLat !== hasLong) bad('lat and long must both be sent');
    else if (hasLat && (lat === null || lng === null)) bad('lat and long must be WGS84 coordinates in range');
    const address = f.get('address_string') ?? f.get('address_id');
    if (!hasLat && !hasLong && address === undefined)
      bad('A location must be submitted: lat and long, address_string or address_id');
    const description = f.get('description');
    if (description !== undefined && [...description].length > 4000) bad('description is limited to 4,000 characters');
    const answered = this.checkAttributes(category, form.attributes, lang, bad);
    const email = f.get('email');
    if (email !== undefined && (email.length > 254 || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)))
      bad('email is not an e-mail address');
    const phone = f.get('phone');
    if (phone !== undefined && !/^\+?[\d\s()-]{3,20}$/.test(phone)) bad('phone is not a phone number');
    if (errors.length > 0) throw new Open311Error(400, errors);

    const name = [f.get('last_name'), f.get('first_name')].filter((x) => x !== undefined).join(' ');
    const contact = {
      ...(name ? { name: name.slice(0, 100) } : {}),
      ...(phone ? { phone } : {}),
      ...(email ? { email } : {}),
    };
    const hasContact = Object.keys(contact).length > 0;
    // The attributes' answers follow the description, one line each (the event keeps one text).
    const text = [description ?? (lang === 'en' ? category.name_en : category.name), ...answered].join('\n');
    let opened: Opened;
    try {
      opened = await this.deps.open(
        {
          source: 'open311',
          categoryCode: code,
          description: text,
          ...(lat !== null && lng !== null ? { lat, lng } : {}),
          ...(address !== undefined ? { address } : {}),
          ...(hasContact ? { contact } : { anonymous: category.anonymous_allowed }),
          externalRef: keyId,
          ...(idempotencyKey ? { idempotencyKey: `open311:${keyId}:${idempotencyKey}` } : {}),
        },
        `open311:${keyId}`,
      );
    } catch (err) {
      // The events service's refusals (a location outside the city, ...) are the client's to fix.
      if (err instanceof AppError && err.status < 500) throw fail(err.status === 404 ? 404 : 400, err.message);
      throw err;
    }
    const agencies = await this.agencyMap();
    const agency = agencies.byId.get(opened.departmentId ?? '')?.[lang] ?? null;
    const deadline = opened.deadlineAt ? w3c(opened.deadlineAt) : null;
    const notice =
      lang === 'en'
        ? `Received; ${agency ?? 'the responsible department'} will handle it${deadline ? ` by ${deadline}` : ''}.`
        : `已受理，由${agency ?? '责任单位'}处置${deadline ? `，办结时限 ${deadline}` : ''}。`;
    return [{ service_request_id: opened.number, service_notice: notice, account_id: null }];
  }

  /** The answers to the category's attributes as text lines; what is missing or not one of the values goes to `bad`. */
  private checkAttributes(
    category: CategoryRow,
    given: Map<string, string[]>,
    lang: Lang,
    bad: (d: string) => void,
  ): string[] {
    const lines: string[] = [];
    for (const a of attributesOf(category, lang)) {
      if (!a.variable) continue;
      const values = given.get(a.code) ?? [];
      if (values.length === 0) {
        if (a.required) bad(`attribute ${a.code} is required (${a.description})`);
        continue;
      }
      if (a.datatype !== 'multivaluelist' && values.length > 1) bad(`attribute ${a.code} takes one value`);
      const keys = new Set(a.values.map((v) => v.key));
      if ((a.datatype === 'singlevaluelist' || a.datatype === 'multivaluelist') && values.some((v) => !keys.has(v)))
        bad(`attribute ${a.code} must be one of: ${[...keys].join(', ')}`);
      if (a.datatype === 'number' && values.some((v) => !Number.isFinite(Number(v))))
        bad(`attribute ${a.code} must be a number`);
      if (a.datatype === 'datetime' && values.some((v) => Number.isNaN(new Date(v).getTime())))
        bad(`attribute ${a.code} must be an ISO 8601 date`);
      if (values.some((v) => v.length > 1000)) bad(`attribute ${a.code} is too long`);
      const shown = values.map((v) => a.values.find((x) => x.key === v)?.name ?? v).join(', ');
      lines.push(`${a.description}: ${shown}`);
    }
    return lines;
  }

  /**
   * The public fields of requests, as the answer wants them: times already W3C strings (formatted
   * by the database, so no row's timestamps are parsed here) and the merged-into request's id.
   */
  private requests() {
    const t = (column: string) =>
      sql<string>`to_char(${sql.ref(column)} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`;
    return this.db.selectFrom('cityops.events as e').select([
      'e.number',
      'e.status',
      'e.category_code',
      'e.description',
      'e.address',
      'e.lat',
      'e.lng',
      t('e.opened_at').as('requested'),
      // updated_datetime: the closing time once closed, else the last change.
      sql<string>`to_char(case when e.status = 'closed' and e.closed_at is not null then e.closed_at else e.updated_at end
          at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`.as('updated'),
      t('e.deadline_at').as('expected'),
      'e.close_note',
      'e.department_id',
      sql<
        string | null
      >`case when e.merged_into is not null then (select m.number from cityops.events m where m.id = e.merged_into) end`.as(
        'merged_number',
      ),
    ]);
  }

  private async viewAll(rows: RequestRow[], lang: Lang): Promise<Value> {
    const categories = await this.categoryMap();
    const { byId } = await this.agencyMap();
    return rows.map((r) =>
      requestOf(r, lang, categories.get(r.category_code), byId.get(r.department_id ?? '')?.[lang] ?? null),
    );
  }

  /** GET requests: by ids (which override every other argument), else by service, status and dates; newest first. */
  async list(q: Map<string, string>, lang: Lang): Promise<Value> {
    this.checkJurisdiction(q);
    const ids = commaList(q.get('service_request_id'));
    if (ids.length > 0) {
      if (ids.length > MAX_RESULTS) throw fail(400, `At most ${MAX_RESULTS} service_request_id at once`);
      const rows = await this.requests().where('e.number', 'in', ids).orderBy('e.opened_at', 'desc').execute();
      return this.viewAll(rows, lang);
    }
    const codes = commaList(q.get('service_code'));
    const statuses = new Set(commaList(q.get('status')).map((s) => s.toLowerCase()));
    for (const s of statuses) if (s !== 'open' && s !== 'closed') throw fail(400, `status ${s} is not open or closed`);
    const { start, end } = dateRange(q, this.p.clock.now());
    let query = this.requests().where('e.opened_at', '>=', start).where('e.opened_at', '<=', end);
    if (codes.length > 0) query = query.where('e.category_code', 'in', codes);
    // One of the spec's two statuses: the literal list its partial index is on (migrations/open311.ts).
    if (statuses.size === 1) query = query.where(STATUS_SQL[[...statuses][0] as 'open' | 'closed']);
    const rows = await query.orderBy('e.opened_at', 'desc').limit(MAX_RESULTS).execute();
    return this.viewAll(rows, lang);
  }

  async one(id: string, q: Map<string, string>, lang: Lang): Promise<Value> {
    this.checkJurisdiction(q);
    const rows = await this.requests().where('e.number', '=', id).execute();
    if (rows.length === 0) throw fail(404, `service_request_id ${id} was not found`);
    return this.viewAll(rows, lang);
  }

  async token(token: string, q: Map<string, string>): Promise<Value> {
    this.checkJurisdiction(q);
    const row = await this.db
      .selectFrom('cityops.events')
      .select(['number', 'token'])
      .where('token', '=', token)
      .executeTakeFirst();
    if (!row) throw fail(404, `token ${token} was not found`);
    return [{ service_request_id: row.number, token }];
  }
}
