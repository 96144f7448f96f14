import type { EntityManager } from 'typeorm';
import { exec, one, rows, sql } from '../../core/sql';
import type { NotificationKind } from '../notifications/notification-kind.enum';
import { DeliveryChannel, DeliverySkipReason, DeliveryStatus } from './delivery.enums';
import { DEFAULT_PREFERENCES, type KindSwitches, type Preferences } from './delivery.policy';

interface PreferencesRow {
  email: boolean;
  push: boolean;
  quiet_hours_start: string | null;
  quiet_hours_end: string | null;
  kinds: KindSwitches;
}

/** A member's switches, or the defaults when they never set any. */
export async function loadPreferences(em: EntityManager, userId: string): Promise<Preferences> {
  const r = await one<PreferencesRow>(
    em,
    sql`SELECT email, push, quiet_hours_start, quiet_hours_end, kinds FROM delivery_preferences WHERE user_id = ${userId}`,
  );
  if (!r) return DEFAULT_PREFERENCES;
  return {
    email: r.email,
    push: r.push,
    quietHours:
      r.quiet_hours_start && r.quiet_hours_end ? { start: r.quiet_hours_start, end: r.quiet_hours_end } : null,
    kinds: r.kinds ?? {},
  };
}

export async function savePreferences(em: EntityManager, userId: string, p: Preferences): Promise<void> {
  await exec(
    em,
    sql`INSERT INTO delivery_preferences (user_id, email, push, quiet_hours_start, quiet_hours_end, kinds)
        VALUES (${userId}, ${p.email}, ${p.push}, ${p.quietHours?.start ?? null}, ${p.quietHours?.end ?? null}, ${JSON.stringify(p.kinds)}::jsonb)
        ON CONFLICT (user_id) DO UPDATE SET email = EXCLUDED.email, push = EXCLUDED.push,
          quiet_hours_start = EXCLUDED.quiet_hours_start, quiet_hours_end = EXCLUDED.quiet_hours_end,
          kinds = EXCLUDED.kinds, updated_at = now()`,
  );
}

/** Takes the member's preferences row lock, so two edits never lose one another's changes. */
export async function lockPreferences(em: EntityManager, userId: string): Promise<void> {
  await exec(em, sql`INSERT INTO delivery_preferences (user_id) VALUES (${userId}) ON CONFLICT (user_id) DO NOTHING`);
  await exec(em, sql`SELECT 1 FROM delivery_preferences WHERE user_id = ${userId} FOR UPDATE`);
}

export interface Recipient {
  email: string;
  time_zone: string;
  display_name: string;
}

export function recipient(em: EntityManager, userId: string): Promise<Recipient | null> {
  return one<Recipient>(
    em,
    sql`SELECT email, time_zone, display_name FROM users WHERE id = ${userId} AND deleted_at IS NULL`,
  );
}

export function pushSubscriptionIds(em: EntityManager, userId: string): Promise<Array<{ id: string }>> {
  return rows<{ id: string }>(em, sql`SELECT id FROM push_subscriptions WHERE user_id = ${userId} ORDER BY created_at`);
}

export interface NewDelivery {
  userId: string;
  notificationId: string | null;
  kind: NotificationKind | null;
  channel: DeliveryChannel;
  pushSubscriptionId: string | null;
  status: DeliveryStatus;
  skipReason: DeliverySkipReason | null;
  releaseAt: Date | null;
  items?: number;
}

export async function insertDelivery(em: EntityManager, d: NewDelivery): Promise<string> {
  const [r] = await rows<{ id: string }>(
    em,
    sql`INSERT INTO deliveries (user_id, notification_id, kind, channel, push_subscription_id, status, skip_reason, release_at, items)
        VALUES (${d.userId}, ${d.notificationId}, ${d.kind}, ${d.channel}, ${d.pushSubscriptionId}, ${d.status},
                ${d.skipReason}, ${d.releaseAt}, ${d.items ?? 1})
        RETURNING id`,
  );
  return r.id;
}

/** A pending delivery with what sending it needs, locked; null when another worker has it or it is done. */
export interface Claimed {
  id: string;
  user_id: string;
  channel: DeliveryChannel;
  kind: NotificationKind | null;
  items: number;
  attempts: number;
  email: string;
  display_name: string;
  deleted: boolean;
  message: string | null;
  actor_name: string | null;
  endpoint: string | null;
  p256dh: string | null;
  auth: string | null;
  push_subscription_id: string | null;
}

export function claimPending(em: EntityManager, id: string): Promise<Claimed | null> {
  return one<Claimed>(
    em,
    sql`SELECT d.id, d.user_id, d.channel, d.kind, d.items, d.attempts, d.push_subscription_id,
               u.email, u.display_name, u.deleted_at IS NOT NULL AS deleted,
               n.message, a.display_name AS actor_name, s.endpoint, s.p256dh, s.auth
          FROM deliveries d
          JOIN users u ON u.id = d.user_id
          LEFT JOIN notifications n ON n.id = d.notification_id
          LEFT JOIN users a ON a.id = n.actor_id
          LEFT JOIN push_subscriptions s ON s.id = d.push_subscription_id
         WHERE d.id = ${id} AND d.status = 'PENDING'
         FOR UPDATE OF d SKIP LOCKED`,
  );
}

export async function finish(
  em: EntityManager,
  id: string,
  status: DeliveryStatus,
  attempts: number,
  tokenHash: string | null = null,
): Promise<void> {
  await exec(
    em,
    sql`UPDATE deliveries SET status = ${status}, attempts = ${attempts}, last_attempt_at = now(),
          sent_at = CASE WHEN ${status} = 'SENT' THEN now() ELSE sent_at END,
          unsubscribe_token_hash = coalesce(${tokenHash}, unsubscribe_token_hash)
        WHERE id = ${id}`,
  );
}

/** Held deliveries whose quiet hours are over, locked for the digest. */
export function dueHeld(
  em: EntityManager,
  now: Date,
): Promise<Array<{ id: string; user_id: string; channel: DeliveryChannel; push_subscription_id: string | null }>> {
  return rows(
    em,
    sql`SELECT id, user_id, channel, push_subscription_id FROM deliveries
         WHERE skip_reason = 'QUIET_HOURS' AND digest_id IS NULL AND release_at <= ${now}
         ORDER BY user_id, created_at
         LIMIT 5000
         FOR UPDATE SKIP LOCKED`,
  );
}

export async function attachToDigest(em: EntityManager, ids: string[], digestId: string | null): Promise<void> {
  // A held push whose device is gone has nowhere to go: it leaves the queue with no digest.
  await exec(
    em,
    digestId
      ? sql`UPDATE deliveries SET digest_id = ${digestId} WHERE id = ANY(${ids}::uuid[])`
      : sql`UPDATE deliveries SET release_at = NULL WHERE id = ANY(${ids}::uuid[])`,
  );
}

/**
 * Pending deliveries no job may hold: sent from an instance without a job runner, or whose
 * job was lost. A duplicate job is harmless (the row lock lets one through).
 */
export function stranded(em: EntityManager, now: Date): Promise<Array<{ id: string }>> {
  return rows(
    em,
    sql`SELECT id FROM deliveries
         WHERE status = 'PENDING'
           AND ((last_attempt_at IS NULL AND created_at < ${now}::timestamptz - interval '2 minutes')
             OR last_attempt_at < ${now}::timestamptz - interval '12 hours')
         ORDER BY created_at LIMIT 1000`,
  );
}

export function deliveryByTokenHash(
  em: EntityManager,
  hash: string,
): Promise<{ user_id: string; kind: NotificationKind | null } | null> {
  return one(
    em,
    sql`SELECT d.user_id, d.kind FROM deliveries d JOIN users u ON u.id = d.user_id
         WHERE d.unsubscribe_token_hash = ${hash} AND u.deleted_at IS NULL`,
  );
}
