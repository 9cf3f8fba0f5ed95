/**
 * Issued certificates as shared evidence: the credentials module registers each certificate it
 * issues as a record of the `documents` registry, in its own transaction (app.ts wires this
 * function into it, so the credentials module never touches the exchange's tables).
 */
import type { Transaction } from 'kysely';
import type { DataProtector } from '../../platform/crypto.ts';
import { scoped } from '../../platform/db.ts';
import { recordRow, type NewRecord } from './exchange.records.ts';
import type { ExchangeTables } from './exchange.tables.ts';

export async function registerDocument(
  tx: Transaction<object>,
  protector: DataProtector,
  record: NewRecord,
  now: Date,
): Promise<void> {
  await scoped<ExchangeTables>(tx)
    .insertInto('exchange.records')
    .values(recordRow(protector, record, now))
    .execute();
}
