/**
 * A real SMTP server on a local port (smtp-server), for the tests of what the platform
 * e-mails, and the helpers that read what it received.
 */
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { expect } from 'vitest';

export interface ReceivedMail {
  from: string;
  to: string[];
  raw: string;
}

export class TestSmtp {
  readonly mails: ReceivedMail[] = [];
  port = 0;
  private server: SMTPServer | null = null;

  async start(port = 0): Promise<void> {
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          const from = session.envelope.mailFrom === false ? '' : session.envelope.mailFrom.address;
          this.mails.push({
            from,
            to: session.envelope.rcptTo.map((r) => r.address),
            raw: Buffer.concat(chunks).toString('utf8'),
          });
          callback();
        });
      },
    });
    server.listen(port, '127.0.0.1');
    await once(server.server, 'listening');
    this.port = (server.server.address() as AddressInfo).port;
    this.server = server;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

/** The bytes of RFC 2047 encoded words, joined before decoding (a character may span two words). */
function decodeHeaderValue(value: string): string {
  const parts = value.split(/(=\?[^?]+\?[BbQq]\?[^?]*\?=)/);
  let out = '';
  let pending: Buffer[] = [];
  const flush = () => {
    out += Buffer.concat(pending).toString('utf8');
    pending = [];
  };
  for (const part of parts) {
    const m = /^=\?[^?]+\?([BbQq])\?([^?]*)\?=$/.exec(part);
    if (m) {
      const text = m[2]!;
      pending.push(
        m[1]!.toUpperCase() === 'B'
          ? Buffer.from(text, 'base64')
          : Buffer.from(
              text
                .replace(/_/g, ' ')
                .replace(/=([0-9A-Fa-f]{2})/g, (_x, h: string) => String.fromCharCode(parseInt(h, 16))),
              'latin1',
            ),
      );
    } else if (pending.length > 0 && /^\s*$/.test(part)) {
      continue; // whitespace between two encoded words is not part of the text
    } else {
      if (pending.length > 0) flush();
      out += part;
    }
  }
  if (pending.length > 0) flush();
  return out;
}

export function header(raw: string, name: string): string | undefined {
  const head = raw.split(/\r?\n\r?\n/)[0]!.replace(/\r?\n[ \t]+/g, ' ');
  const line = head.split(/\r?\n/).find((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`));
  return line === undefined ? undefined : decodeHeaderValue(line.slice(name.length + 1).trim());
}

/** The decoded text/plain part of a multipart/alternative message. */
export function plainText(raw: string): string {
  const boundary = /boundary="([^"]+)"/.exec(raw)?.[1];
  expect(boundary).toBeDefined();
  const part = raw.split(`--${boundary!}`).find((p) => /Content-Type: text\/plain/i.test(p));
  expect(part).toBeDefined();
  const split = part!.search(/\r?\n\r?\n/);
  const headers = part!.slice(0, split);
  const body = part!
    .slice(split)
    .replace(/^\r?\n\r?\n/, '')
    .replace(/\r?\n$/, '');
  const cte = /Content-Transfer-Encoding:\s*([\w-]+)/i.exec(headers)?.[1]?.toLowerCase();
  if (cte === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (cte === 'quoted-printable') {
    const bytes = body
      .replace(/=\r?\n/g, '')
      .replace(/=([0-9A-Fa-f]{2})/g, (_x, h: string) => String.fromCharCode(parseInt(h, 16)));
    return Buffer.from(bytes, 'latin1').toString('utf8');
  }
  return body;
}
