/** SQL of the identity module, and only here (DESIGN.md §3.3). Returns rows. */
import { sql, type Insertable, type Kysely } from 'kysely';
import { containsPattern } from '../../platform/db.ts';
import type { AccountRow, IdentityTables, SessionRow } from './identity.tables.ts';

export type IdDb = Kysely<IdentityTables>;

export const findAccountById = (db: IdDb, id: string) =>
  db.selectFrom('identity.accounts').selectAll().where('id', '=', id).executeTakeFirst();

/** A blind index, or the value's index under each loaded data key (DataProtector.blindIndexes): any matches. */
export type BlindIndexes = string | readonly string[];
const anyOf = (v: BlindIndexes): string[] => (typeof v === 'string' ? [v] : [...v]);

/**
 * The account a login names. An ID number may be held by several unverified accounts (it is
 * unique among verified ones only): then the verified, unfrozen holder, else the earliest
 * active one. `accountsByIdNumber` lists them all.
 */
export const findAccountByLogin = (
  db: IdDb,
  by: { username?: string; idNumberIndex?: BlindIndexes; phoneIndex?: BlindIndexes },
) => {
  let q = db.selectFrom('identity.accounts').selectAll();
  if (by.username !== undefined) q = q.where('username', '=', by.username);
  else if (by.idNumberIndex !== undefined)
    q = q
      .where('id_number_index', 'in', anyOf(by.idNumberIndex))
      .orderBy(sql`status = 'active'`, 'desc')
      .orderBy(sql`assurance_level <> 'registered'`, 'desc')
      .orderBy('created_at')
      .limit(1);
  else if (by.phoneIndex !== undefined) q = q.where('phone_index', 'in', anyOf(by.phoneIndex));
  else return Promise.resolve(undefined);
  return q.executeTakeFirst();
};

/** Every account holding an ID number (by its blind index under any loaded key): verified and active first. */
export const accountsByIdNumber = (db: IdDb, idNumberIndex: BlindIndexes, limit = 20) =>
  db
    .selectFrom('identity.accounts')
    .selectAll()
    .where('id_number_index', 'in', anyOf(idNumberIndex))
    .orderBy(sql`status = 'active'`, 'desc')
    .orderBy(sql`assurance_level <> 'registered'`, 'desc')
    .orderBy('created_at')
    .limit(limit)
    .execute();

/** The active citizen accounts verified by real name whose ID number has one of these indexes. */
export const verifiedCitizensByIdIndex = (db: IdDb, idNumberIndexes: readonly string[]) =>
  db
    .selectFrom('identity.accounts')
    .select('id')
    .where('id_number_index', 'in', [...idNumberIndexes])
    .where('kind', '=', 'citizen')
    .where('status', '=', 'active')
    .where('assurance_level', 'in', ['id_verified', 'in_person'])
    .execute();

export const insertAccount = (db: IdDb, row: AccountRow) => db.insertInto('identity.accounts').values(row).execute();

export const updateAccount = (db: IdDb, id: string, set: Partial<Omit<AccountRow, 'id'>>) =>
  db.updateTable('identity.accounts').set(set).where('id', '=', id).executeTakeFirst();

export const rolesOf = async (db: IdDb, accountId: string): Promise<string[]> =>
  (await db.selectFrom('identity.account_roles').select('role').where('account_id', '=', accountId).execute()).map(
    (r) => r.role,
  );

export const insertRole = (db: IdDb, accountId: string, role: string, at: Date, by: string | null) =>
  db
    .insertInto('identity.account_roles')
    .values({ account_id: accountId, role, granted_at: at, granted_by: by })
    .onConflict((oc) => oc.doNothing())
    .execute();

export const deleteRole = (db: IdDb, accountId: string, role: string) =>
  db
    .deleteFrom('identity.account_roles')
    .where('account_id', '=', accountId)
    .where('role', '=', role)
    .executeTakeFirst();

export const insertSession = (db: IdDb, row: SessionRow) => db.insertInto('identity.sessions').values(row).execute();

/** A live session with the account it belongs to. */
export const findLiveSession = (db: IdDb, tokenHash: string) =>
  db
    .selectFrom('identity.sessions as s')
    .innerJoin('identity.accounts as a', 'a.id', 's.account_id')
    .select([
      's.id as session_id',
      's.account_id',
      's.csrf_token',
      's.created_at',
      's.last_seen_at',
      's.expires_at',
      's.acting_enterprise_id',
      'a.kind',
      'a.username',
      'a.display_name',
      'a.status',
      'a.assurance_level',
      'a.id_number_enc',
      'a.phone_enc',
      'a.totp_enabled',
    ])
    .where('s.token_hash', '=', tokenHash)
    .where('s.revoked_at', 'is', null)
    .executeTakeFirst();

export const touchSession = (db: IdDb, sessionId: string, at: Date) =>
  db
    .updateTable('identity.sessions')
    .set({ last_seen_at: at })
    .where('id', '=', sessionId)
    .where('last_seen_at', '<', at)
    .execute();

export const revokeSessions = async (
  db: IdDb,
  where: { accountId: string; sessionId?: string; exceptSessionId?: string },
  at: Date,
  reason: string,
): Promise<number> => {
  let q = db
    .updateTable('identity.sessions')
    .set({ revoked_at: at, revoke_reason: reason })
    .where('account_id', '=', where.accountId)
    .where('revoked_at', 'is', null);
  if (where.sessionId) q = q.where('id', '=', where.sessionId);
  if (where.exceptSessionId) q = q.where('id', '<>', where.exceptSessionId);
  const r = await q.executeTakeFirst();
  return Number(r.numUpdatedRows);
};

/** Hand an account's live sessions to another (a window account claimed by the person's registration). */
export const moveSessions = async (db: IdDb, from: string, to: string): Promise<number> =>
  Number(
    (
      await db
        .updateTable('identity.sessions')
        .set({ account_id: to })
        .where('account_id', '=', from)
        .where('revoked_at', 'is', null)
        .executeTakeFirst()
    ).numUpdatedRows,
  );

export const listLiveSessions = (db: IdDb, accountId: string, now: Date) =>
  db
    .selectFrom('identity.sessions')
    .select(['id', 'created_at', 'last_seen_at', 'ip', 'user_agent'])
    .where('account_id', '=', accountId)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now)
    .orderBy('last_seen_at', 'desc')
    .limit(100)
    .execute();

export const setActingEnterprise = (db: IdDb, sessionId: string, enterpriseId: string | null) =>
  db.updateTable('identity.sessions').set({ acting_enterprise_id: enterpriseId }).where('id', '=', sessionId).execute();

export const insertChallenge = (
  db: IdDb,
  row: IdentityTables['identity.login_challenges'] extends infer R ? Omit<R, 'failures'> & { id: string } : never,
) => db.insertInto('identity.login_challenges').values(row).execute();

export const findChallenge = (db: IdDb, tokenHash: string, purpose: 'totp' | 'new_password') =>
  db
    .selectFrom('identity.login_challenges')
    .selectAll()
    .where('token_hash', '=', tokenHash)
    .where('purpose', '=', purpose)
    .forUpdate()
    .executeTakeFirst();

export const markChallenge = (db: IdDb, id: string, set: { used_at?: Date; failures?: number }) =>
  db.updateTable('identity.login_challenges').set(set).where('id', '=', id).execute();

export const insertCode = (db: IdDb, row: Insertable<IdentityTables['identity.one_time_codes']>) =>
  db.insertInto('identity.one_time_codes').values(row).execute();

/** The latest code of a phone (by its blind index under any loaded key) and purpose, locked for the transaction. */
export const latestCode = (db: IdDb, purpose: 'register' | 'recover', phoneIndexes: readonly string[]) =>
  db
    .selectFrom('identity.one_time_codes')
    .selectAll()
    .where('phone_index', 'in', [...phoneIndexes])
    .where('purpose', '=', purpose)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .forUpdate()
    .executeTakeFirst();

export const updateCode = (db: IdDb, id: string, set: { attempts?: number; used_at?: Date }) =>
  db.updateTable('identity.one_time_codes').set(set).where('id', '=', id).execute();

export const throttleState = (db: IdDb, keys: string[]) =>
  db.selectFrom('identity.login_throttle').selectAll().where('key', 'in', keys).execute();

/** Count one failure for a key atomically; a key reaching `max` in the window is locked until `lockUntil`. */
export const countFailure = (db: IdDb, key: string, now: Date, windowStart: Date, max: number, lockUntil: Date) =>
  db
    .insertInto('identity.login_throttle')
    .values({ key, failures: 1, window_started_at: now, locked_until: max <= 1 ? lockUntil : null })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet({
        failures: sql`case when identity.login_throttle.window_started_at < ${windowStart} then 1 else identity.login_throttle.failures + 1 end`,
        window_started_at: sql`case when identity.login_throttle.window_started_at < ${windowStart} then ${now} else identity.login_throttle.window_started_at end`,
        locked_until: sql`case when (case when identity.login_throttle.window_started_at < ${windowStart} then 1 else identity.login_throttle.failures + 1 end) >= ${max} then ${lockUntil} else identity.login_throttle.locked_until end`,
      }),
    )
    .execute();

export const clearThrottle = (db: IdDb, key: string) =>
  db.deleteFrom('identity.login_throttle').where('key', '=', key).execute();

/**
 * The enterprises an account may act for now. The rule of linking holds here too, whatever a
 * link row says: only an active account verified by ID (or in person) acts for an enterprise,
 * and a legal representative only under the registry's name.
 */
export const enterprisesOf = (db: IdDb, accountId: string, now: Date) =>
  db
    .selectFrom('identity.enterprise_agents as ea')
    .innerJoin('identity.enterprises as e', 'e.id', 'ea.enterprise_id')
    .innerJoin('identity.accounts as a', 'a.id', 'ea.account_id')
    .select(['e.id', 'e.name', 'e.uscc', 'e.region_code', 'ea.relation'])
    .where('ea.account_id', '=', accountId)
    .where('ea.revoked_at', 'is', null)
    .where('e.status', '=', 'active')
    .where('a.status', '=', 'active')
    .where('a.assurance_level', '<>', 'registered')
    .where((eb) => eb.or([eb('ea.relation', '<>', 'legal_rep'), eb('a.display_name', '=', eb.ref('e.legal_rep_name'))]))
    .where((eb) => eb.or([eb('ea.valid_until', 'is', null), eb('ea.valid_until', '>', now)]))
    .orderBy('e.name')
    .execute();

export const findEnterprise = (db: IdDb, id: string) =>
  db.selectFrom('identity.enterprises').selectAll().where('id', '=', id).executeTakeFirst();

export const agentsOf = (db: IdDb, enterpriseId: string) =>
  db
    .selectFrom('identity.enterprise_agents as ea')
    .innerJoin('identity.accounts as a', 'a.id', 'ea.account_id')
    .select(['ea.account_id', 'a.display_name', 'ea.relation', 'ea.granted_at', 'ea.valid_until', 'ea.revoked_at'])
    .where('ea.enterprise_id', '=', enterpriseId)
    .orderBy('ea.granted_at')
    .execute();

export const upsertAgent = (db: IdDb, row: IdentityTables['identity.enterprise_agents']) =>
  db
    .insertInto('identity.enterprise_agents')
    .values(row)
    .onConflict((oc) =>
      oc.columns(['enterprise_id', 'account_id']).doUpdateSet({
        relation: row.relation,
        granted_by: row.granted_by,
        granted_at: row.granted_at,
        valid_until: row.valid_until,
        revoked_at: null,
      }),
    )
    .execute();

export const revokeAgent = (db: IdDb, enterpriseId: string, accountId: string, at: Date) =>
  db
    .updateTable('identity.enterprise_agents')
    .set({ revoked_at: at })
    .where('enterprise_id', '=', enterpriseId)
    .where('account_id', '=', accountId)
    .where('relation', '=', 'agent')
    .where('revoked_at', 'is', null)
    .executeTakeFirst();

/**
 * Enterprises whose legal representative has this ID number (blind index) and this name, as
 * the registry holds them: linked when the person's real name is verified.
 */
export const enterprisesByLegalRep = (db: IdDb, idNumberIndex: BlindIndexes, name: string) =>
  db
    .selectFrom('identity.enterprises')
    .select(['id'])
    .where('legal_rep_id_index', 'in', anyOf(idNumberIndex))
    .where('legal_rep_name', '=', name)
    .execute();

/** Withdraw every link of an account to an enterprise (a frozen account acts for none). Returns the enterprises. */
export const revokeLinksOf = async (db: IdDb, accountId: string, at: Date): Promise<string[]> =>
  (
    await db
      .updateTable('identity.enterprise_agents')
      .set({ revoked_at: at })
      .where('account_id', '=', accountId)
      .where('revoked_at', 'is', null)
      .returning('enterprise_id')
      .execute()
  ).map((r) => r.enterprise_id);

/** Withdraw the authorisations an account gave as legal representative. Returns the agents' accounts. */
export const revokeGrantedBy = async (db: IdDb, accountId: string, at: Date): Promise<string[]> =>
  (
    await db
      .updateTable('identity.enterprise_agents')
      .set({ revoked_at: at })
      .where('granted_by', '=', accountId)
      .where('revoked_at', 'is', null)
      .returning('account_id')
      .execute()
  ).map((r) => r.account_id);

export const insertEnterprises = (db: IdDb, rows: Insertable<IdentityTables['identity.enterprises']>[]) =>
  db.insertInto('identity.enterprises').values(rows).execute();

export const listAccounts = (
  db: IdDb,
  f: { q?: string | undefined; kind?: string | undefined; offset: number; limit: number },
) => {
  let q = db.selectFrom('identity.accounts');
  if (f.kind) q = q.where('kind', '=', f.kind as 'citizen' | 'staff');
  if (f.q) {
    const text = f.q;
    q = q.where((eb) =>
      eb.or([
        eb('username', 'like', containsPattern(text.toLowerCase())),
        eb('display_name', 'like', containsPattern(text)),
      ]),
    );
  }
  return Promise.all([
    q
      .select([
        'id',
        'kind',
        'username',
        'display_name',
        'status',
        'assurance_level',
        'phone_enc',
        'totp_enabled',
        'created_at',
      ])
      .orderBy('created_at')
      .offset(f.offset)
      .limit(f.limit)
      .execute(),
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
};

/** Staff whose username or name contains the text (for the org module's directory search). */
export const staffIdsMatching = async (db: IdDb, text: string, limit: number): Promise<string[]> =>
  (
    await db
      .selectFrom('identity.accounts')
      .select('id')
      .where('kind', '=', 'staff')
      .where((eb) =>
        eb.or([
          eb('username', 'like', containsPattern(text.toLowerCase())),
          eb('display_name', 'like', containsPattern(text)),
        ]),
      )
      .limit(limit)
      .execute()
  ).map((r) => r.id);

export const accountsByIds = (db: IdDb, ids: string[]) =>
  ids.length === 0
    ? Promise.resolve([])
    : db
        .selectFrom('identity.accounts')
        .select(['id', 'kind', 'username', 'display_name', 'phone_enc', 'status'])
        .where('id', 'in', ids)
        .execute();

export const deleteExpired = async (db: IdDb, now: Date, windowStart: Date) => {
  await db.deleteFrom('identity.login_challenges').where('expires_at', '<', now).execute();
  await db.deleteFrom('identity.one_time_codes').where('expires_at', '<', windowStart).execute();
  await db
    .deleteFrom('identity.login_throttle')
    .where('window_started_at', '<', windowStart)
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', now)]))
    .execute();
};

/** Reads of a person's data by others (platform.personal_data_access), newest first. */
export const dataAccessOf = (db: IdDb, subjectIndex: BlindIndexes, limit: number) =>
  db
    .selectFrom('platform.personal_data_access')
    .select(['id', 'at', 'accessor_name', 'organisation', 'purpose', 'fields', 'resource_type'])
    .where('subject_index', 'in', anyOf(subjectIndex))
    .orderBy('at', 'desc')
    .limit(limit)
    .execute();
