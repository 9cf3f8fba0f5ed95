/**
 * The secret ballot's keys (docs/cogov.md, "Secret ballot"). The voter's device makes a random
 * ballot key and keeps it; from it and the consultation come two values under different
 * domain tags:
 * - the receipt, stored with the ballot and published with its choice after the close;
 * - the commitment, stored with the voter record (who voted).
 * Without the key no one can tell which commitment goes with which receipt (SHA-256 is one-way
 * and the key has at least 192 random bits), so the tables cannot be joined; with it, the voter
 * proves a changed ballot is theirs, and nobody else's key can replace it.
 * The same derivation is public (the web app runs it too, to show the receipt before sending).
 */
import { createHash } from 'node:crypto';

const digest = (tag: string, consultationId: string, key: string) =>
  createHash('sha256').update(`${tag}\u0000${consultationId}\u0000${key}`).digest('hex');

/** 20 hex digits in five groups (80 bits): what a voter looks for in the published list. */
export const receiptOf = (consultationId: string, key: string): string =>
  digest('yiwang-cogov-receipt', consultationId, key)
    .slice(0, 20)
    .replace(/(.{4})(?!$)/gu, '$1-');

export const commitmentOf = (consultationId: string, key: string): string =>
  digest('yiwang-cogov-voter', consultationId, key);
