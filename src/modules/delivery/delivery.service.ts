import type { DataSource } from 'typeorm';
import { hashSecret, newSecret, type AuthUser } from '../../core/auth';
import type { DeliveryConfig } from '../../core/config';
import { BadInputError } from '../../core/errors';
import { isUuid } from '../../core/ids';
import type { JobQueue } from '../../core/jobs';
import type { Logger } from '../../core/logger';
import type { Metrics } from '../../core/metrics';
import type { Transactor, Tx } from '../../core/outbox';
import { paginate } from '../../core/pagination';
import { exec, one, rows, sql } from '../../core/sql';
import { loggableError } from '../../core/format-error';
import { NotificationKind } from '../notifications/notification-kind.enum';
import type { NotificationAdded } from '../notifications/notifications.events';
import { renderMessage } from '../notifications/notifications.policy';
import { Delivery } from './delivery.entity';
import { DeliveryChannel, DeliverySkipReason, DeliveryStatus } from './delivery.enums';
import { decide, isClockTime, wants, type Preferences } from './delivery.policy';
import {
  attachToDigest,
  claimPending,
  deliveryByTokenHash,
  dueHeld,
  finish,
  insertDelivery,
  loadPreferences,
  lockPreferences,
  pushSubscriptionIds,
  recipient,
  savePreferences,
  stranded,
  type Claimed,
} from './delivery.queries';
import { digestMail, notificationMail } from './delivery.templates';
import { digestText, DISCREET_TEXTS } from './delivery.texts';
import { SubscriptionGone, type Mailer, type PushSender } from './delivery.transports';
import type { SetDeliveryPreferencesInput, RegisterPushSubscriptionInput } from './delivery.inputs';
import type { DeliveryPreferences } from './delivery.types';
import { PushSubscription } from './push-subscription.entity';

/** The queue each delivery is a job on. */
export const SEND_JOB = 'delivery.send';

const MAX_PUSH_SUBSCRIPTIONS = 20;

/**
 * Notifications by e-mail and Web Push. Each notification becomes one delivery per channel
 * (per device for push), decided in the notification's own transaction; each pending one is
 * a job, retried with back-off, and sent once: the worker that locks its row sends it.
 */
export class DeliveryService {
  constructor(
    private readonly ds: DataSource,
    private readonly tx: Transactor,
    private readonly config: DeliveryConfig & { publicUrl: string },
    private readonly jobs: JobQueue,
    private readonly logger: Logger,
    private readonly mailer: Mailer | null,
    private readonly pusher: PushSender | null,
    private readonly metrics?: Metrics,
  ) {}

  get emailAvailable(): boolean {
    return this.mailer !== null;
  }

  get pushAvailable(): boolean {
    return this.pusher !== null;
  }

  get vapidPublicKey(): string | null {
    return this.pusher?.publicKey ?? null;
  }

  // --- preferences --------------------------------------------------------------------------

  async preferencesOf(userId: string): Promise<DeliveryPreferences> {
    return this.present(await loadPreferences(this.ds.manager, userId));
  }

  private present(p: Preferences): DeliveryPreferences {
    return {
      email: p.email,
      push: p.push,
      quietHoursStart: p.quietHours?.start ?? null,
      quietHoursEnd: p.quietHours?.end ?? null,
      kinds: Object.values(NotificationKind).map((kind) => ({
        kind,
        email: p.kinds[kind]?.email ?? true,
        push: p.kinds[kind]?.push ?? true,
      })),
      emailAvailable: this.emailAvailable,
      pushAvailable: this.pushAvailable,
    };
  }

  async setPreferences(viewer: AuthUser, input: SetDeliveryPreferencesInput): Promise<DeliveryPreferences> {
    const hasStart = input.quietHoursStart !== undefined;
    const hasEnd = input.quietHoursEnd !== undefined;
    if (hasStart !== hasEnd)
      throw new BadInputError(
        hasStart ? 'quietHoursEnd' : 'quietHoursStart',
        'Give quiet hours as a start and an end together (or both null for none).',
      );
    if ((input.quietHoursStart === null) !== (input.quietHoursEnd === null))
      throw new BadInputError(
        'quietHoursEnd',
        'Give quiet hours as a start and an end together (or both null for none).',
      );
    for (const field of ['quietHoursStart', 'quietHoursEnd'] as const) {
      const v = input[field];
      if (typeof v === 'string' && !isClockTime(v))
        throw new BadInputError(field, 'Give a time of day as HH:MM on a 24-hour clock, such as 22:00.');
    }
    if (input.quietHoursStart && input.quietHoursStart === input.quietHoursEnd)
      throw new BadInputError('quietHoursEnd', 'Quiet hours must end at another time than they start.');
    const seen = new Set<NotificationKind>();
    for (const k of input.kinds ?? []) {
      if (seen.has(k.kind)) throw new BadInputError('kinds', 'Give each kind of notification at most once.');
      seen.add(k.kind);
    }
    if (input.email === null) throw new BadInputError('email', 'Say true or false, or leave it out.');
    if (input.push === null) throw new BadInputError('push', 'Say true or false, or leave it out.');

    const saved = await this.tx.run(async ({ em }) => {
      await lockPreferences(em, viewer.id);
      const p = await loadPreferences(em, viewer.id);
      const next: Preferences = {
        email: input.email ?? p.email,
        push: input.push ?? p.push,
        quietHours: hasStart
          ? input.quietHoursStart && input.quietHoursEnd
            ? { start: input.quietHoursStart, end: input.quietHoursEnd }
            : null
          : p.quietHours,
        kinds: { ...p.kinds },
      };
      for (const k of input.kinds ?? []) next.kinds[k.kind] = { email: k.email, push: k.push };
      await savePreferences(em, viewer.id, next);
      return next;
    });
    return this.present(saved);
  }

  // --- push subscriptions -------------------------------------------------------------------

  async registerPush(viewer: AuthUser, input: RegisterPushSubscriptionInput): Promise<PushSubscription> {
    let endpoint: URL;
    try {
      endpoint = new URL(input.endpoint);
    } catch {
      throw new BadInputError('endpoint', 'Give the subscription endpoint, an https URL.');
    }
    if (endpoint.protocol !== 'https:' || input.endpoint.length > 2048)
      throw new BadInputError('endpoint', 'Give the subscription endpoint, an https URL.');
    const key = /^[A-Za-z0-9_-]+={0,2}$/.test(input.p256dh) ? Buffer.from(input.p256dh, 'base64url') : null;
    if (!key || key.length !== 65 || key[0] !== 4)
      throw new BadInputError('p256dh', "Give the subscription's keys.p256dh: an uncompressed P-256 key in base64url.");
    const auth = /^[A-Za-z0-9_-]+={0,2}$/.test(input.auth) ? Buffer.from(input.auth, 'base64url') : null;
    if (!auth || auth.length !== 16)
      throw new BadInputError('auth', "Give the subscription's keys.auth: 16 bytes in base64url.");

    return this.tx.run(async ({ em }) => {
      await lockPreferences(em, viewer.id);
      const count = await one<{ n: number }>(
        em,
        sql`SELECT count(*)::int AS n FROM push_subscriptions WHERE user_id = ${viewer.id} AND endpoint <> ${input.endpoint}`,
      );
      if ((count?.n ?? 0) >= MAX_PUSH_SUBSCRIPTIONS)
        throw new BadInputError(
          'endpoint',
          `You can register at most ${MAX_PUSH_SUBSCRIPTIONS} browsers; remove one first.`,
        );
      // A browser shared by two accounts belongs to whoever registered it last.
      const [row] = await rows<{ id: string }>(
        em,
        sql`INSERT INTO push_subscriptions (user_id, endpoint, p256dh, auth)
            VALUES (${viewer.id}, ${input.endpoint}, ${key.toString('base64url')}, ${auth.toString('base64url')})
            ON CONFLICT (endpoint) DO UPDATE SET user_id = EXCLUDED.user_id, p256dh = EXCLUDED.p256dh,
              auth = EXCLUDED.auth, created_at = now()
            RETURNING id`,
      );
      return em.getRepository(PushSubscription).findOneByOrFail({ id: row.id });
    });
  }

  async unregisterPush(viewer: AuthUser, endpoint: string): Promise<boolean> {
    const n = await exec(
      this.ds.manager,
      sql`DELETE FROM push_subscriptions WHERE user_id = ${viewer.id} AND endpoint = ${endpoint}`,
    );
    return n > 0;
  }

  // --- deciding -----------------------------------------------------------------------------

  /**
   * Runs in the notification's transaction: what is decided commits with it. Under a savepoint,
   * so that a failure here costs the e-mail or push, never the notification (a reach-out, say).
   */
  async onNotification(n: NotificationAdded, tx: Tx, now = new Date()): Promise<void> {
    if (!this.mailer && !this.pusher) return;
    await tx.em.query('SAVEPOINT delivery_decide');
    try {
      await this.decideAll(n, tx, now);
      await tx.em.query('RELEASE SAVEPOINT delivery_decide');
    } catch (err) {
      await tx.em.query('ROLLBACK TO SAVEPOINT delivery_decide');
      this.logger.error(
        { err: loggableError(err), kind: n.kind },
        'delivery could not be decided; the notification stays in the app',
      );
    }
  }

  private async decideAll(n: NotificationAdded, tx: Tx, now: Date): Promise<void> {
    const user = await recipient(tx.em, n.userId);
    if (!user) return;
    const prefs = await loadPreferences(tx.em, n.userId);
    const urgent = DISCREET_TEXTS[n.kind].urgent;
    const targets: Array<{ channel: DeliveryChannel; sub: string | null }> = [];
    if (this.mailer) targets.push({ channel: DeliveryChannel.EMAIL, sub: null });
    if (this.pusher)
      for (const s of await pushSubscriptionIds(tx.em, n.userId))
        targets.push({ channel: DeliveryChannel.PUSH, sub: s.id });
    for (const t of targets) {
      const d = decide(prefs, n.kind, urgent, t.channel, now, user.time_zone);
      const id = await insertDelivery(tx.em, {
        userId: n.userId,
        notificationId: n.id,
        kind: n.kind,
        channel: t.channel,
        pushSubscriptionId: t.sub,
        status: d.status,
        skipReason: d.reason,
        releaseAt: d.releaseAt,
      });
      if (d.status === DeliveryStatus.PENDING) tx.outbox.after(() => this.enqueue(id));
      else tx.outbox.after(() => this.count(t.channel, `skipped_${String(d.reason).toLowerCase()}`));
    }
  }

  private async enqueue(id: string): Promise<void> {
    await this.jobs.send(
      SEND_JOB,
      { deliveryId: id },
      { retryLimit: this.config.retryLimit, retryDelay: this.config.retryDelaySeconds, retryBackoff: true },
    );
  }

  private count(channel: DeliveryChannel, outcome: string): void {
    this.metrics?.deliveries.inc({ channel: channel.toLowerCase(), outcome });
  }

  // --- sending ------------------------------------------------------------------------------

  /**
   * Sends one pending delivery. The row stays locked while it is sent, so a second worker
   * holding the same job skips it; a failure is recorded and thrown for the job to retry,
   * until the last attempt marks it FAILED.
   */
  async send(id: string): Promise<'sent' | 'failed' | 'retry' | 'none'> {
    if (!isUuid(id)) return 'none';
    let failure: unknown = null;
    let channel: DeliveryChannel = DeliveryChannel.EMAIL;
    const outcome = await this.tx.run(async ({ em }) => {
      const d = await claimPending(em, id);
      if (!d) return 'none' as const;
      channel = d.channel;
      const attempts = d.attempts + 1;
      if (d.deleted) {
        // The member left before it went out: nothing to send, nothing to retry.
        await finish(em, d.id, DeliveryStatus.FAILED, d.attempts);
        return 'failed' as const;
      }
      try {
        const tokenHash = await this.transmit(d);
        await finish(em, d.id, DeliveryStatus.SENT, attempts, tokenHash);
        return 'sent' as const;
      } catch (err) {
        if (err instanceof SubscriptionGone) {
          await exec(em, sql`DELETE FROM push_subscriptions WHERE id = ${d.push_subscription_id}`);
          await finish(em, d.id, DeliveryStatus.FAILED, attempts);
          return 'failed' as const;
        }
        failure = err;
        const last = attempts > this.config.retryLimit;
        await finish(em, d.id, last ? DeliveryStatus.FAILED : DeliveryStatus.PENDING, attempts);
        return last ? ('failed' as const) : ('retry' as const);
      }
    });
    if (outcome !== 'none') this.count(channel, outcome === 'retry' ? 'retried' : outcome);
    if (failure) this.logger.warn({ err: loggableError(failure), channel, outcome }, 'delivery attempt failed');
    if (outcome === 'retry') throw new Error('delivery failed; it will be retried');
    return outcome;
  }

  /** Hands the message to SMTP or the push service; returns the unsubscribe token's hash for e-mail. */
  private async transmit(d: Claimed): Promise<string | null> {
    if (d.channel === DeliveryChannel.EMAIL) {
      if (!this.mailer) throw new Error('e-mail is not configured');
      const token = newSecret();
      const unsubscribeUrl = `${this.config.publicUrl}/unsubscribe/${token}`;
      const appUrl = this.config.appUrl;
      const mail =
        d.kind === null
          ? digestMail({ count: d.items, displayName: d.display_name, appUrl, unsubscribeUrl })
          : notificationMail({
              kind: d.kind,
              displayName: d.display_name,
              message: d.message ? renderMessage(d.message, d.actor_name) : 'Something new is waiting for you.',
              appUrl,
              unsubscribeUrl,
            });
      await this.mailer.send(d.email, mail, unsubscribeUrl);
      return hashSecret(token);
    }
    if (!this.pusher) throw new Error('push is not configured');
    if (!d.endpoint || !d.p256dh || !d.auth) throw new SubscriptionGone();
    const t = d.kind === null ? digestText(d.items) : DISCREET_TEXTS[d.kind];
    await this.pusher.send(
      { endpoint: d.endpoint, p256dh: d.p256dh, auth: d.auth },
      { title: t.pushTitle, body: t.pushBody, url: this.config.appUrl },
    );
    return null;
  }

  // --- the sweep: digests after quiet hours, and stranded deliveries --------------------------

  /** Gathers what waited through quiet hours that have ended into one digest per channel and device. */
  async releaseDigests(now = new Date()): Promise<{ digests: number }> {
    const ids: string[] = [];
    await this.tx.run(async (tx) => {
      const held = await dueHeld(tx.em, now);
      const groups = new Map<string, typeof held>();
      for (const h of held) {
        const key = `${h.user_id}|${h.channel}|${h.push_subscription_id ?? ''}`;
        groups.set(key, [...(groups.get(key) ?? []), h]);
      }
      for (const group of groups.values()) {
        const first = group[0];
        if (first.channel === DeliveryChannel.PUSH && !first.push_subscription_id) {
          await attachToDigest(
            tx.em,
            group.map((g) => g.id),
            null,
          );
          continue;
        }
        const prefs = await loadPreferences(tx.em, first.user_id);
        const on = wants(prefs, null, first.channel);
        const id = await insertDelivery(tx.em, {
          userId: first.user_id,
          notificationId: null,
          kind: null,
          channel: first.channel,
          pushSubscriptionId: first.push_subscription_id,
          status: on ? DeliveryStatus.PENDING : DeliveryStatus.SKIPPED,
          skipReason: on ? null : DeliverySkipReason.PREFERENCE,
          releaseAt: null,
          items: group.length,
        });
        await attachToDigest(
          tx.em,
          group.map((g) => g.id),
          id,
        );
        if (on) ids.push(id);
      }
    });
    for (const id of ids) await this.enqueue(id);
    return { digests: ids.length };
  }

  /** Sends again the pending deliveries no job holds (see `stranded`). */
  async requeueStranded(now = new Date()): Promise<number> {
    const list = await stranded(this.ds.manager, now);
    for (const { id } of list) await this.enqueue(id);
    return list.length;
  }

  // --- reading, and unsubscribing -------------------------------------------------------------

  list(userId: string, args: { first: number; after?: string | null }) {
    const qb = this.ds.getRepository(Delivery).createQueryBuilder('d').where('d.user_id = :uid', { uid: userId });
    return paginate(qb, args, [
      { column: 'd.created_at', direction: 'DESC', value: (d) => d.createdAt, cast: 'timestamptz' },
      { column: 'd.id', direction: 'DESC', value: (d) => d.id, cast: 'uuid' },
    ]);
  }

  /**
   * The one-click unsubscribe: turns off e-mail of the kind the message was (all e-mail, for
   * a digest). Needs no session: the token in the link is the capability. False when the
   * token is unknown.
   */
  async unsubscribe(token: string): Promise<boolean> {
    if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return false;
    return this.tx.run(async ({ em }) => {
      const d = await deliveryByTokenHash(em, hashSecret(token));
      if (!d) return false;
      await lockPreferences(em, d.user_id);
      const p = await loadPreferences(em, d.user_id);
      if (d.kind === null) p.email = false;
      else p.kinds = { ...p.kinds, [d.kind]: { email: false, push: p.kinds[d.kind]?.push ?? true } };
      await savePreferences(em, d.user_id, p);
      return true;
    });
  }
}
