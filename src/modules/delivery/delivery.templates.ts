import { digestText, DISCREET_TEXTS } from './delivery.texts';
import type { NotificationKind } from '../notifications/notification-kind.enum';

export interface MailContent {
  subject: string;
  text: string;
  html: string;
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

interface Parts {
  subject: string;
  greeting: string;
  /** What happened, in the words the app shows (not in the subject or preview). */
  lines: string[];
  appUrl: string;
  unsubscribeUrl: string;
  /** What the unsubscribe link turns off, in words. */
  unsubscribeWhat: string;
}

function render(p: Parts): MailContent {
  const text = [
    p.greeting,
    '',
    ...p.lines,
    '',
    `Open Onward: ${p.appUrl}`,
    '',
    '--',
    `You get this e-mail because e-mail is on in your Onward settings. To stop ${p.unsubscribeWhat}: ${p.unsubscribeUrl}`,
    '',
  ].join('\n');
  // The preview line mail apps show is the hidden first paragraph: the discreet subject again.
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(p.subject)}</title></head>
<body style="font-family: sans-serif; line-height: 1.5; color: #222;">
<div style="display:none;max-height:0;overflow:hidden;">${escapeHtml(p.subject)}</div>
<p>${escapeHtml(p.greeting)}</p>
${p.lines.map((l) => `<p>${escapeHtml(l)}</p>`).join('\n')}
<p><a href="${escapeHtml(p.appUrl)}">Open Onward</a></p>
<hr>
<p style="font-size: 12px; color: #666;">You get this e-mail because e-mail is on in your Onward settings.
<a href="${escapeHtml(p.unsubscribeUrl)}">Stop ${escapeHtml(p.unsubscribeWhat)}</a>.</p>
</body></html>
`;
  return { subject: p.subject, text, html };
}

/** One notification by e-mail: a discreet subject, the app's own sentence in the body. */
export function notificationMail(args: {
  kind: NotificationKind;
  displayName: string;
  message: string;
  appUrl: string;
  unsubscribeUrl: string;
}): MailContent {
  return render({
    subject: DISCREET_TEXTS[args.kind].subject,
    greeting: `Hello ${args.displayName},`,
    lines: [args.message],
    appUrl: args.appUrl,
    unsubscribeUrl: args.unsubscribeUrl,
    unsubscribeWhat: 'e-mails like this one',
  });
}

/** What waited through quiet hours, as one e-mail: how many, and a link. */
export function digestMail(args: {
  count: number;
  displayName: string;
  appUrl: string;
  unsubscribeUrl: string;
}): MailContent {
  const t = digestText(args.count);
  return render({
    subject: t.subject,
    greeting: `Hello ${args.displayName},`,
    lines: [`${t.pushBody} They arrived during your quiet hours.`],
    appUrl: args.appUrl,
    unsubscribeUrl: args.unsubscribeUrl,
    unsubscribeWhat: 'all e-mail from Onward',
  });
}
