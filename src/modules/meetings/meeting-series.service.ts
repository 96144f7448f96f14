import { DataSource, In, type EntityManager } from 'typeorm';
import { BadInputError } from '../../core/errors';
import type { Transactor } from '../../core/outbox';
import { SERIES_HORIZON_MS } from './meeting-types.constants';
import { MeetingSeries } from './meeting-series.entity';
import { Meeting } from './meeting.entity';
import { MeetingStatus } from './meetings.enums';
import {
  endOf,
  NO_LISTING,
  type MeetingFields,
  type MeetingListingFields,
  type MeetingTemplate,
} from './meetings.fields';
import { setOccurrencesListed } from './meetings.queries';
import { expandOccurrences, localStartOf } from './meetings.recurrence';

/** What a FUTURE edit changes on the series itself, beyond the fields of its occurrences. */
export interface SeriesChange {
  listed?: boolean;
  listing?: MeetingListingFields;
}

/** Recurring meetings: a rule, and its occurrences kept as meetings over a rolling horizon. */
export class MeetingSeriesService {
  constructor(
    private readonly ds: DataSource,
    private readonly tx: Transactor,
  ) {}

  seriesByIds(ids: readonly string[]): Promise<MeetingSeries[]> {
    return this.ds.getRepository(MeetingSeries).find({ where: { id: In([...ids]) } });
  }

  /** Creates a series and its occurrences up to the horizon; returns the first occurrence's id. */
  async start(
    template: MeetingTemplate,
    recurrence: string,
    startsAt: Date,
    now: Date,
    listing: MeetingListingFields = NO_LISTING,
  ): Promise<string> {
    let until = new Date(now.getTime() + SERIES_HORIZON_MS);
    const localStart = localStartOf(startsAt, template.timeZone);
    let starts = expandOccurrences(recurrence, localStart, template.timeZone, startsAt, until);
    if (!starts.length) {
      // A series starting beyond the horizon still gets its first occurrence now.
      const yearOn = new Date(startsAt.getTime() + 400 * 24 * 3600_000);
      starts = expandOccurrences(recurrence, localStart, template.timeZone, startsAt, yearOn).slice(0, 1);
      if (!starts.length)
        throw new BadInputError('recurrence', 'The rule gives no meeting within a year of the start.');
      until = new Date(starts[0].getTime() + 1);
    }
    return this.tx.run(async ({ em }) => {
      const repo = em.getRepository(MeetingSeries);
      const series = await repo.save(
        repo.create({
          ...template,
          ...listing,
          recurrence,
          localStart,
          materializedUntil: until,
          status: MeetingStatus.SCHEDULED,
          updatedAt: now,
        }),
      );
      const [first] = await this.materialize(em, series, starts);
      return first;
    });
  }

  /** Materialises occurrences of every live series up to `now` + the horizon. Safe to run concurrently. */
  async extendSeriesHorizon(now = new Date()): Promise<{ created: number }> {
    const until = new Date(now.getTime() + SERIES_HORIZON_MS);
    const due = await this.ds
      .getRepository(MeetingSeries)
      .createQueryBuilder('s')
      .select('s.id')
      .where('s.status = :s', { s: MeetingStatus.SCHEDULED })
      .andWhere('s.materialized_until < :until', { until })
      .getMany();
    let created = 0;
    for (const { id } of due) {
      created += await this.tx.run(async ({ em }) => {
        const series = await em
          .getRepository(MeetingSeries)
          .createQueryBuilder('s')
          .setLock('pessimistic_write')
          .where('s.id = :id', { id })
          .getOne();
        if (!series || series.status !== MeetingStatus.SCHEDULED || series.materializedUntil >= until) return 0;
        const from = series.materializedUntil > now ? series.materializedUntil : now;
        const starts = expandOccurrences(series.recurrence, series.localStart, series.timeZone, from, until);
        const ids = await this.materialize(em, series, starts);
        await em.getRepository(MeetingSeries).update(series.id, { materializedUntil: until });
        return ids.length;
      });
    }
    return { created };
  }

  /** A FUTURE edit: this occurrence and the later scheduled ones not edited on their own. */
  occurrencesToEdit(
    em: EntityManager,
    meeting: Pick<Meeting, 'id' | 'startsAt'>,
    seriesId: string,
  ): Promise<Meeting[]> {
    return em
      .getRepository(Meeting)
      .createQueryBuilder('m')
      .where('m.series_id = :s', { s: seriesId })
      .andWhere('m.status = :st', { st: MeetingStatus.SCHEDULED })
      .andWhere('m.starts_at >= :at', { at: meeting.startsAt })
      .andWhere('(m.detached = false OR m.id = :id)', { id: meeting.id })
      .orderBy('m.starts_at', 'ASC')
      .getMany();
  }

  /**
   * Future occurrences follow the edited fields; start and time zone stay per occurrence.
   * Listing belongs to the series: listing or unlisting it marks every occurrence alike.
   */
  async applyEdit(
    em: EntityManager,
    seriesId: string,
    fields: MeetingFields,
    change: SeriesChange = {},
    now = new Date(),
  ): Promise<void> {
    const { startsAt: _s, timeZone: _t, ...patch } = fields;
    const all: Partial<MeetingSeries> = { ...patch, ...(change.listing ?? {}) };
    if (change.listed !== undefined) all.listed = change.listed;
    if (!Object.keys(all).length) return;
    await em.getRepository(MeetingSeries).update(seriesId, { ...all, updatedAt: now });
    if (change.listed !== undefined) await setOccurrencesListed(em, seriesId, change.listed);
  }

  /** Ends the series and returns its scheduled occurrences from `from` on, soonest first. */
  async cancelFrom(em: EntityManager, seriesId: string, from: Date): Promise<string[]> {
    await em.getRepository(MeetingSeries).update(seriesId, { status: MeetingStatus.CANCELLED, updatedAt: new Date() });
    const found = await em
      .getRepository(Meeting)
      .createQueryBuilder('m')
      .select('m.id')
      .where('m.series_id = :s AND m.starts_at >= :at AND m.status = :st', {
        s: seriesId,
        at: from,
        st: MeetingStatus.SCHEDULED,
      })
      .orderBy('m.starts_at', 'ASC')
      .getMany();
    return found.map((m) => m.id);
  }

  /** Inserts the occurrences of a series at these starts; existing ones are left alone. */
  private async materialize(em: EntityManager, series: MeetingSeries, starts: Date[]): Promise<string[]> {
    if (!starts.length) return [];
    const values = starts.map((startsAt) => ({
      seriesId: series.id,
      originalStartsAt: startsAt,
      hostId: series.hostId,
      title: series.title,
      description: series.description,
      startsAt,
      endsAt: endOf(startsAt, series.durationMinutes),
      durationMinutes: series.durationMinutes,
      timeZone: series.timeZone,
      format: series.format,
      location: series.location,
      conferenceUrl: series.conferenceUrl,
      capacity: series.capacity,
      types: series.types,
      listed: series.listed,
      audience: series.audience,
    }));
    const res = await em
      .createQueryBuilder()
      .insert()
      .into(Meeting)
      .values(values)
      .orIgnore()
      .returning(['id', 'startsAt'])
      .execute();
    const inserted = res.raw as Array<{ id: string; starts_at: Date }>;
    return inserted.sort((a, b) => +a.starts_at - +b.starts_at).map((r) => r.id);
  }
}
