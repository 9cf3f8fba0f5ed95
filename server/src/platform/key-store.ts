/**
 * The embedded demo's data keys, kept in the data directory (`<dataDir>/data-key`, mode 0600):
 * one key per line, the first current, as `<key id>:<base64>`. With PostgreSQL the keys live in
 * configuration (YIWANG_DATA_KEY) and never in the data directory.
 */
import fs from 'node:fs';
import path from 'node:path';
import { dataKeyId, parseDataKeys } from './crypto.ts';

export const keyFile = (dataDir: string): string => path.join(dataDir, 'data-key');

export function readKeyFile(dataDir: string): string[] | null {
  const file = keyFile(dataDir);
  return fs.existsSync(file) ? parseDataKeys(fs.readFileSync(file, 'utf8')) : null;
}

/** Replace the key file atomically (a crash leaves the old file or the new one, never half of one). */
export function writeKeyFile(dataDir: string, keys: readonly string[]): void {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = keyFile(dataDir);
  const tmp = `${file}.${process.pid}.tmp`;
  const fd = fs.openSync(tmp, 'w', 0o600);
  try {
    fs.writeSync(fd, keys.map((k) => `${dataKeyId(k)}:${k}\n`).join(''));
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, file);
  const dir = fs.openSync(dataDir, 'r');
  try {
    fs.fsyncSync(dir);
  } finally {
    fs.closeSync(dir);
  }
}
