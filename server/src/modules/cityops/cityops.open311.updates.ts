/**
 * The servicerequestupdates extension of GeoReport v2, as FixMyStreet and mySociety's Open311
 * extension define it: GET lists the events' public updates (their public history) in a date
 * range; POST, with an API key, lets an authorised system act on an event through the handling
 * service (a public note, accepting it, closing it), audited as that system. A POST names its own
 * `update_id`; the same key and update_id again answers the update it made (a retry is harmless).
 */
import type { Platform, Work } from '../../platform/context.ts';
import { scoped } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import type { RequestOrigin } from '../../platform/auth.ts';
import type { Value } from './cityops.open311.format.ts';
import type { Open311Keys } from './cityops.open311.keys.ts';
import { commaList, parseW3cDate, w3c, type FormBody } from './cityops.open311.parse.ts';
import { dateRange, fail, MAX_RESULTS, Open311Error } from './cityops.open311.range.ts';
import type { CityopsOpen311Tables } from './cityops.open311.tables.ts';
import type { CityopsEvents } from './cityops.events.ts';
import type { CityopsTables } from './cityops.tables.ts';

/** The extension's statuses (POST sends them in capitals) and what each asks of the event. */
const ACTIONS: Record<string, 'note' | 'accept' | 'close'> = {
  OPEN: 'note',
  FOR_TRIAGE: 'note',
  INTERNAL_REFERRAL: 'note',
  INVESTIGATING: 'accept',
  IN_PROGRESS: 'accept',
  ACTION_SCHEDULED: 'accept',
  CLOSED: 'close',
  FIXED: 'close',
  NO_FURTHER_ACTION: 'close',
  NOT_COUNCILS_RESPONSIBILITY: 'close',
  DUPLICATE: 'close',
};
/** Reopening is the reporter's (within 7 days, in the citizen app), not a system's. */
const REOPEN = 'REOPEN';

/** An update's status as the extension lists it, from the event's status after it. */
export const updateStatus = (s: string): string =>
  s === 'processing' ? 'in_progress' : s === 'closed' ? 'closed' : s === 'merged' ? 'duplicate' : 'open';

export interface UpdatesDeps {
  keys: Open311Keys;
  checkJurisdiction(q: Map<string, string>): void;
  /** Handling.bySystem: the system's action on the event, in one transaction with `after`. */
  act(
    system: { system: string },
    id: string,
    action: { kind: 'note' | 'accept' | 'close'; note: string },
    origin: RequestOrigin,
    after: (w: Work<CityopsEvents>, updateId: string) => Promise<void>,
  ): Promise<{ updateId: string }>;
}

type Tables = CityopsTables & CityopsOpen311Tables;

export class Open311Updates {
  private readonly p: Platform;
  private readonly deps: UpdatesDeps;

  constructor(platform: Platform, deps: UpdatesDeps) {
    this.p = platform;
    this.deps = deps;
  }

  private get db() {
    return scoped<Tables>(this.p.db);
  }

  /** GET servicerequestupdates: the events' public updates in a date range (90 days at most), newest first. */
  async list(q: Map<string, string>): Promise<Value> {
    this.deps.checkJurisdiction(q);
    const { start, end } = dateRange(q, this.p.clock.now());
    let query = this.db
      .selectFrom('cityops.event_updates as u')
      .innerJoin('cityops.events as e', 'e.id', 'u.event_id')
      .leftJoin('cityops.open311_updates as o', 'o.event_update_id', 'u.id')
      .select(['u.id', 'e.number', 'u.status_after', 'u.at', 'u.note', 'o.media_url'])
      .where('u.public', '=', true)
      .where('u.at', '>=', start)
      .where('u.at', '<=', end);
    const ids = commaList(q.get('service_request_id'));
    if (ids.length > MAX_RESULTS) throw fail(400, `At most ${MAX_RESULTS} service_request_id at once`);
    if (ids.length > 0) query = query.where('e.number', 'in', ids);
    const rows = await query.orderBy('u.at', 'desc').orderBy('u.id', 'desc').limit(MAX_RESULTS).execute();
    return rows.map((r) => ({
      update_id: r.id,
      service_request_id: r.number,
      status: updateStatus(r.status_after),
      updated_datetime: w3c(r.at),
      description: r.note ?? '',
      media_url: r.media_url ?? '',
    }));
  }

  /**
   * POST servicerequestupdates: the api_key first (403), the jurisdiction, then the fields (400, all
   * at once), the request (404); then the action through the handling service.
   */
  async post(form: FormBody, origin: RequestOrigin): Promise<Value> {
    const f = form.fields;
    const apiKey = f.get('api_key');
    if (apiKey === undefined) throw fail(403, 'api_key was not provided');
    const keyId = await this.deps.keys.verify(apiKey);
    if (!keyId) throw fail(403, 'Invalid api_key received -- cannot proceed with update');
    this.deps.checkJurisdiction(f);

    const errors: { code: number; description: string }[] = [];
    const bad = (description: string) => errors.push({ code: 400, description });
    const requestId = f.get('service_request_id');
    const clientId = f.get('update_id');
    const status = f.get('status')?.toUpperCase();
    const when = f.get('updated_datetime');
    const description = f.get('description');
    if (requestId === undefined) bad('service_request_id was not provided');
    if (clientId === undefined) bad('update_id was not provided');
    else if (clientId.length > 100) bad('update_id is limited to 100 characters');
    if (status === undefined) bad('status was not provided');
    else if (status === REOPEN) bad('A request is reopened by its reporter, not through servicerequestupdates');
    else if (!(status in ACTIONS)) bad(`status must be one of: ${Object.keys(ACTIONS).join(', ')}`);
    if (when === undefined) bad('updated_datetime was not provided');
    else if (!parseW3cDate(when)) bad('updated_datetime must be a W3C date-time with a time zone');
    if (description === undefined) bad('description was not provided');
    else if ([...description].length > 4000) bad('description is limited to 4,000 characters');
    const media = f.get('media_url');
    if (media !== undefined && (media.length > 2000 || !/^https?:\/\/\S+$/.test(media)))
      bad('media_url must be an http(s) URL');
    const email = f.get('email');
    if (email !== undefined && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) bad('email is not an e-mail address');
    if (errors.length > 0) throw new Open311Error(400, errors);

    // A retry (the same key and update_id) answers the update it made.
    const done = await this.madeBefore(keyId, clientId!);
    if (done) return [{ update_id: done }];

    const event = await this.db
      .selectFrom('cityops.events')
      .select(['id', 'category_code'])
      .where('number', '=', requestId!)
      .executeTakeFirst();
    if (!event) throw fail(404, `service_request_id ${requestId} was not found`);
    const code = f.get('service_code');
    if (code !== undefined && code !== event.category_code)
      throw fail(400, `service_code ${code} is not the service of ${requestId}`);

    try {
      const { updateId } = await this.deps.act(
        { system: `open311:${keyId}` },
        event.id,
        { kind: ACTIONS[status!]!, note: description! },
        origin,
        async (w, updateId) => {
          await scoped<Tables>(w.tx)
            .insertInto('cityops.open311_updates')
            .values({
              key_id: keyId,
              update_id: clientId!,
              event_update_id: updateId,
              updated_datetime: parseW3cDate(when!)!,
              media_url: media ?? null,
            })
            .execute();
        },
      );
      return [{ update_id: updateId }];
    } catch (err) {
      // Two retries raced: the loser answers what the winner made.
      if ((err as { code?: string }).code === '23505') {
        const won = await this.madeBefore(keyId, clientId!);
        if (won) return [{ update_id: won }];
      }
      if (err instanceof AppError && err.status === 409)
        throw fail(400, `service_request_id ${requestId} is closed: only its reporter may reopen it`);
      if (err instanceof AppError && err.status < 500) throw fail(err.status === 404 ? 404 : 400, err.message);
      throw err;
    }
  }

  /** The history entry a key's update_id made, if it was POSTed before. */
  private async madeBefore(keyId: string, updateId: string): Promise<string | null> {
    const row = await this.db
      .selectFrom('cityops.open311_updates')
      .select('event_update_id')
      .where('key_id', '=', keyId)
      .where('update_id', '=', updateId)
      .executeTakeFirst();
    return row?.event_update_id ?? null;
  }
}

/** For the discovery document: where the extension is specified. */
export const UPDATES_SPECIFICATION =
  'https://github.com/mysociety/fixmystreet/wiki/Open311-FMS---Proposed-differences-to-Open311';
