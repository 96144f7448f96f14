import net from 'node:net';
import { SMTPServer } from 'smtp-server';

/** A message as the SMTP server received it, with its headers and decoded parts. */
export interface ReceivedMail {
  to: string[];
  raw: string;
  headers: Record<string, string>;
  subject: string;
  text: string;
  html: string;
}

function splitHead(raw: string): { head: Record<string, string>; body: string } {
  const at = raw.indexOf('\r\n\r\n');
  const headText = raw.slice(0, at).replace(/\r\n[ \t]+/g, ' ');
  const head: Record<string, string> = {};
  for (const line of headText.split('\r\n')) {
    const i = line.indexOf(':');
    head[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
  }
  return { head, body: raw.slice(at + 4) };
}

function decode(body: string, encoding: string | undefined): string {
  switch ((encoding ?? '7bit').toLowerCase()) {
    case 'base64':
      return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
    case 'quoted-printable': {
      const bytes = body
        .replace(/=\r\n/g, '')
        .replace(/=([0-9A-F]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
      return Buffer.from(bytes, 'latin1').toString('utf8');
    }
    default:
      return body;
  }
}

/** Decodes an RFC 2047 header (`=?UTF-8?Q?...?=` or `?B?`). */
function decodeWords(value: string): string {
  return value.replace(/=\?([^?]+)\?([QB])\?([^?]*)\?=\s*/gi, (_m, _cs, enc: string, text: string) =>
    enc.toUpperCase() === 'B'
      ? Buffer.from(text, 'base64').toString('utf8')
      : Buffer.from(
          text.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_x, h: string) => String.fromCharCode(parseInt(h, 16))),
          'latin1',
        ).toString('utf8'),
  );
}

export function parseMail(raw: string, to: string[] = []): ReceivedMail {
  const { head, body } = splitHead(raw);
  let text = '';
  let html = '';
  const boundary = /boundary="?([^";]+)"?/i.exec(head['content-type'] ?? '')?.[1];
  const parts = boundary ? body.split(`--${boundary}`).slice(1, -1) : [raw];
  for (const part of parts) {
    const p = splitHead(part.replace(/^\r\n/, ''));
    const type = (p.head['content-type'] ?? '').toLowerCase();
    const content = decode(p.body.replace(/\r\n$/, ''), p.head['content-transfer-encoding']);
    if (type.startsWith('text/plain')) text = content.replace(/\r\n/g, '\n');
    if (type.startsWith('text/html')) html = content.replace(/\r\n/g, '\n');
  }
  return { to, raw, headers: head, subject: decodeWords(head.subject ?? ''), text, html };
}

/** A free TCP port on this machine (nothing listens on it when this returns). */
export async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

/** A real SMTP server in the test process: it keeps every message it accepts. */
export async function startSmtp(port = 0): Promise<{
  port: number;
  mails: ReceivedMail[];
  waitFor(n: number, ms?: number): Promise<ReceivedMail[]>;
  to(address: string): ReceivedMail[];
  stop(): Promise<void>;
}> {
  const mails: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        mails.push(
          parseMail(
            Buffer.concat(chunks).toString('utf8'),
            session.envelope.rcptTo.map((r) => r.address),
          ),
        );
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', () => resolve()));
  const bound = (server.server.address() as net.AddressInfo).port;
  return {
    port: bound,
    mails,
    async waitFor(n, ms = 20_000) {
      const deadline = Date.now() + ms;
      while (mails.length < n) {
        if (Date.now() > deadline) throw new Error(`waited for ${n} mails, got ${mails.length}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      return mails;
    },
    to: (address) => mails.filter((m) => m.to.includes(address)),
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Words that name a health matter: none may appear where a subject, preview or lock screen shows. */
export const HEALTH_WORDS = [
  'relapse',
  'sober',
  'sobriety',
  'craving',
  'crisis',
  'addiction',
  'addict',
  'alcohol',
  'drink',
  'drug',
  'recovery',
  'mood',
  'check-in',
  'checkin',
  'reach out',
  'reached out',
  'milestone',
  'mentor',
  'treatment',
  'rehab',
  'therapy',
  'suicide',
  'overdose',
  'withdrawal',
  'detox',
  'meeting',
  'congratulat',
  'suspend',
  'moderat',
  'clean',
  'aa',
  'na',
  '12 step',
  'twelve step',
  'iop',
  'health',
  'help',
];

/** The words of the list that start a word of `text` (`sober` finds "sobriety" and "Sober"). */
export function healthWordsIn(text: string): string[] {
  return HEALTH_WORDS.filter((w) => {
    const whole = w.length <= 3;
    return new RegExp(`\\b${w.replace(/[-\s]/g, '[-\\s]?')}${whole ? '\\b' : ''}`, 'i').test(text);
  });
}
