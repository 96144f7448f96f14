import type { DataSource } from 'typeorm';
import type { AuthUser } from '../../core/auth';
import { BadInputError, NotFoundError } from '../../core/errors';
import type { Transactor } from '../../core/outbox';
import { decodeCursor, type ConnectionResult } from '../../core/pagination';
import { isLocalDate } from '../../core/scalars';
import type { ConsentGate } from '../consents/consents.ports';
import { ConsentScope } from '../consents/consents.enums';
import type { MemberConsentFacts } from '../consents/consents.service';
import { pageOf } from '../consents/consents.paging';
import { todayIn, type LocalDate } from './checkins.dates';
import { trendWindows } from './checkins.policy';
import {
  checkInById,
  checkInPage,
  countCheckIns,
  memberTimeZone,
  streakOf,
  trendRows,
  upsertCheckIn,
} from './checkins.queries';
import { CheckInTopic, type CheckInSharedEvent } from './checkins.topics';
import type { CheckInTrend } from './checkins.types';
import type { DailyCheckIn } from './daily-check-in.entity';

export const MAX_NOTE_LENGTH = 1000;

export interface DailyCheckInValues {
  mood: number;
  craving: number;
  attendedMeeting?: boolean | null;
  note?: string | null;
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/** Daily check-ins: one a day per member, their streak and trend, and sharing them live under consent. */
export class CheckInsService {
  /** The consent facts of each event, looked up once however many subscribers it goes to. */
  private readonly eventFacts = new WeakMap<object, Promise<MemberConsentFacts>>();

  constructor(
    private readonly ds: DataSource,
    private readonly tx: Transactor,
    private readonly consents: ConsentGate,
  ) {}

  /** Today's check-in, on the member's calendar at `now`: created, or updated when there is one. */
  async dailyCheckIn(viewer: AuthUser, input: DailyCheckInValues, now = new Date()): Promise<DailyCheckIn> {
    if (!Number.isInteger(input.mood) || input.mood < 1 || input.mood > 5) {
      throw new BadInputError('mood', 'Choose a mood from 1 to 5.');
    }
    if (!Number.isInteger(input.craving) || input.craving < 0 || input.craving > 10) {
      throw new BadInputError('craving', 'Choose a craving from 0 to 10.');
    }
    let note = input.note;
    if (typeof note === 'string') {
      note = note.trim() || null;
      if (note && note.length > MAX_NOTE_LENGTH) {
        throw new BadInputError('note', `Keep the note to ${MAX_NOTE_LENGTH} characters.`, { reason: 'TOO_LONG' });
      }
    }
    return this.tx.run(async ({ em, outbox }) => {
      const timeZone = await memberTimeZone(em, viewer.id);
      if (timeZone === null) throw new NotFoundError('User');
      const checkIn = await upsertCheckIn(em, {
        memberId: viewer.id,
        day: todayIn(timeZone, now),
        timeZone,
        mood: input.mood,
        craving: input.craving,
        attendedMeeting: input.attendedMeeting,
        note,
        at: now,
      });
      // Only ids travel; each subscriber's filter decides, with the consents as they are then.
      outbox.publish(CheckInTopic.SHARED, { id: checkIn.id, memberId: viewer.id } satisfies CheckInSharedEvent);
      return checkIn;
    });
  }

  /** Reads a check-ins cursor; a forged one is BAD_USER_INPUT before any SQL runs. */
  parseCursor(after: string | null | undefined): LocalDate | null {
    if (!after) return null;
    const [day] = decodeCursor(after, ['text']) as [string];
    if (!isLocalDate(day))
      throw new BadInputError('after', 'The cursor is not valid. Pass an endCursor returned by this list.');
    return day;
  }

  /** The member's check-ins, latest day first. Callers decide who may see them. */
  async checkInsOf(
    memberId: string,
    first: number,
    afterDay: LocalDate | null,
  ): Promise<ConnectionResult<DailyCheckIn>> {
    const found = await checkInPage(this.ds, memberId, afterDay, first + 1);
    return pageOf(
      found,
      first,
      (c) => [c.day],
      () => countCheckIns(this.ds, memberId),
    );
  }

  checkInById(id: string): Promise<DailyCheckIn | null> {
    return checkInById(this.ds, id);
  }

  private async todayOf(memberId: string, now: Date): Promise<LocalDate> {
    const timeZone = await memberTimeZone(this.ds, memberId);
    if (timeZone === null) throw new NotFoundError('User');
    return todayIn(timeZone, now);
  }

  /** Consecutive days with a check-in, up to today or yesterday on the member's calendar now. */
  async streakOf(memberId: string, now = new Date()): Promise<number> {
    return streakOf(this.ds, memberId, await this.todayOf(memberId, now));
  }

  /** The last 30 days on the member's calendar, averaged per week. */
  async trendOf(memberId: string, now = new Date()): Promise<CheckInTrend> {
    const today = await this.todayOf(memberId, now);
    const windows = trendWindows(today);
    const from = windows[0].from;
    const byWeek = new Map((await trendRows(this.ds, memberId, from, today)).map((r) => [r.weeks_back, r]));
    const weeks = windows.map((w) => {
      const r = byWeek.get(w.weeksBack);
      return {
        from: w.from,
        to: w.to,
        checkIns: r?.n ?? 0,
        averageMood: r ? round2(r.mood) : null,
        averageCraving: r ? round2(r.craving) : null,
      };
    });
    const rowsIn = [...byWeek.values()];
    const total = rowsIn.reduce((s, r) => s + r.n, 0);
    const avg = (pick: (r: (typeof rowsIn)[number]) => number) =>
      total ? round2(rowsIn.reduce((s, r) => s + pick(r) * r.n, 0) / total) : null;
    return {
      from,
      to: today,
      checkIns: total,
      averageMood: avg((r) => r.mood),
      averageCraving: avg((r) => r.craving),
      weeks,
    };
  }

  /**
   * Whether a shared check-in reaches `viewer`: their own, or under a consent with CHECK_INS
   * now, re-checked for every event so that a revocation, an expiry, an ended match or a block
   * stops it at once. Each delivery to someone else is recorded in the member's access log.
   */
  async deliverCheckIn(viewer: AuthUser | null, event: CheckInSharedEvent): Promise<boolean> {
    if (!viewer) return false;
    if (viewer.id === event.memberId) return true;
    let facts = this.eventFacts.get(event);
    if (!facts) {
      facts = this.consents.factsOf(event.memberId, ConsentScope.CHECK_INS);
      this.eventFacts.set(event, facts);
    }
    return this.consents.mayRead(viewer, event.memberId, ConsentScope.CHECK_INS, 'checkInShared', {
      facts: await facts,
    });
  }
}
