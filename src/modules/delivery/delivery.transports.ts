import nodemailer, { type Transporter } from 'nodemailer';
import webpush from 'web-push';
import type { DeliveryConfig } from '../../core/config';
import type { MailContent } from './delivery.templates';

/** Sends e-mail over SMTP. */
export class Mailer {
  private readonly transport: Transporter;

  constructor(
    smtpUrl: string,
    private readonly from: string,
  ) {
    this.transport = nodemailer.createTransport(smtpUrl, {
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
    } as never);
  }

  async send(to: string, mail: MailContent, unsubscribeUrl: string): Promise<void> {
    await this.transport.sendMail({
      from: this.from,
      to,
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      headers: {
        // RFC 8058: mail apps offer a one-click unsubscribe that POSTs to this URL.
        'List-Unsubscribe': `<${unsubscribeUrl}>`,
        'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
      },
    });
  }
}

export interface PushTarget {
  endpoint: string;
  p256dh: string;
  auth: string;
}

/** The push service no longer knows the subscription (404, 410): it is to be removed. */
export class SubscriptionGone extends Error {
  constructor() {
    super('push subscription gone');
    this.name = 'SubscriptionGone';
  }
}

/** Sends Web Push messages, encrypted to the subscription (aes128gcm) and signed with VAPID. */
export class PushSender {
  constructor(private readonly vapid: NonNullable<DeliveryConfig['vapid']>) {}

  get publicKey(): string {
    return this.vapid.publicKey;
  }

  async send(target: PushTarget, payload: { title: string; body: string; url: string }): Promise<void> {
    try {
      await webpush.sendNotification(
        { endpoint: target.endpoint, keys: { p256dh: target.p256dh, auth: target.auth } },
        JSON.stringify(payload),
        {
          vapidDetails: this.vapid,
          TTL: 24 * 3600,
          contentEncoding: 'aes128gcm',
          timeout: 15_000,
        },
      );
    } catch (err) {
      const status = (err as { statusCode?: number }).statusCode;
      if (status === 404 || status === 410) throw new SubscriptionGone();
      throw err;
    }
  }
}
