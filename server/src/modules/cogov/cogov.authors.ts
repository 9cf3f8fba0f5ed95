/**
 * How an author is shown (as the author chose): their real name, masked (王*明), or their
 * community pseudonym (社区昵称). The shown string is stored with the content when it is written.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Principal } from '../../platform/auth.ts';
import { scoped } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import { maskName } from '../../platform/masking.ts';
import type { AuthorDisplay, CogovTables } from './cogov.tables.ts';

export const AUTHOR_DISPLAYS = ['real', 'masked', 'pseudonym'] as const satisfies readonly AuthorDisplay[];

export async function authorShown(
  db: Kysely<object> | Transaction<object>,
  p: Principal,
  display: AuthorDisplay,
): Promise<string> {
  if (display === 'real') return p.displayName;
  if (display === 'masked') return maskName(p.displayName);
  const row = await scoped<CogovTables>(db)
    .selectFrom('cogov.pseudonyms')
    .select('pseudonym')
    .where('account_id', '=', p.accountId)
    .executeTakeFirst();
  if (!row) throw new AppError(422, 'COGOV_PSEUDONYM_REQUIRED', 'Set a community pseudonym first');
  return row.pseudonym;
}
