import { NotificationKind } from '../src/modules/notifications/notification-kind.enum';
import { DeliveryChannel } from '../src/modules/delivery/delivery.enums';
import {
  DEFAULT_PREFERENCES,
  decide,
  inQuietHours,
  quietHoursEndAfter,
  wants,
  type Preferences,
} from '../src/modules/delivery/delivery.policy';
import { DISCREET_TEXTS } from '../src/modules/delivery/delivery.texts';

const NIGHT = { start: '22:00', end: '07:00' };
const NY = 'America/New_York';

describe('quiet hours', () => {
  it('hold the night on the member’s own clock, over midnight', () => {
    // 2026-06-10 23:30 EDT is 03:30 UTC the next day.
    expect(inQuietHours(new Date('2026-06-11T03:30:00Z'), NY, NIGHT)).toBe(true);
    expect(inQuietHours(new Date('2026-06-11T10:59:00Z'), NY, NIGHT)).toBe(true); // 06:59
    expect(inQuietHours(new Date('2026-06-11T11:00:00Z'), NY, NIGHT)).toBe(false); // 07:00
    expect(inQuietHours(new Date('2026-06-11T01:59:00Z'), NY, NIGHT)).toBe(false); // 21:59
    // A daytime window does not wrap.
    expect(inQuietHours(new Date('2026-06-11T17:00:00Z'), NY, { start: '12:00', end: '14:00' })).toBe(true);
    expect(inQuietHours(new Date('2026-06-11T19:00:00Z'), NY, { start: '12:00', end: '14:00' })).toBe(false);
    expect(inQuietHours(new Date(), NY, null)).toBe(false);
  });

  it('end at 07:00 local across the spring DST change (a 23-hour night in UTC terms)', () => {
    // Saturday 7 March 2026, 23:00 EST (04:00 UTC on the 8th); clocks go forward at 02:00.
    const at = new Date('2026-03-08T04:00:00Z');
    expect(inQuietHours(at, NY, NIGHT)).toBe(true);
    const end = quietHoursEndAfter(at, NY, NIGHT);
    expect(end.toISOString()).toBe('2026-03-08T11:00:00.000Z'); // 07:00 EDT, not 12:00 UTC
    // Just before and at 07:00 EDT on the changed day.
    expect(inQuietHours(new Date('2026-03-08T10:59:00Z'), NY, NIGHT)).toBe(true);
    expect(inQuietHours(new Date('2026-03-08T11:00:00Z'), NY, NIGHT)).toBe(false);
    // In winter time the same wall clock is an hour later in UTC.
    expect(quietHoursEndAfter(new Date('2026-03-07T04:00:00Z'), NY, NIGHT).toISOString()).toBe(
      '2026-03-07T12:00:00.000Z',
    );
  });

  it('end at 07:00 local across the autumn DST change (a 25-hour night in UTC terms)', () => {
    // Saturday 31 October 2026, 23:00 EDT (03:00 UTC on 1 November); clocks go back at 02:00.
    const at = new Date('2026-11-01T03:00:00Z');
    const end = quietHoursEndAfter(at, NY, NIGHT);
    expect(end.toISOString()).toBe('2026-11-01T12:00:00.000Z'); // 07:00 EST
    // The repeated 01:30 is quiet both times.
    expect(inQuietHours(new Date('2026-11-01T05:30:00Z'), NY, NIGHT)).toBe(true);
    expect(inQuietHours(new Date('2026-11-01T06:30:00Z'), NY, NIGHT)).toBe(true);
    expect(inQuietHours(new Date('2026-11-01T12:00:00Z'), NY, NIGHT)).toBe(false);
  });

  it('ending inside the skipped hour end when the clock passes it', () => {
    const end = quietHoursEndAfter(new Date('2026-03-08T05:00:00Z'), NY, { start: '00:00', end: '02:30' });
    expect(end.toISOString()).toBe('2026-03-08T07:30:00.000Z'); // 03:30 EDT: 02:30 never happens that night
  });

  it('end later that day when the window has not started yet', () => {
    const at = new Date('2026-06-10T14:00:00Z'); // 10:00 EDT
    expect(quietHoursEndAfter(at, NY, NIGHT).toISOString()).toBe('2026-06-11T11:00:00.000Z');
  });
});

describe('what goes out', () => {
  const quiet: Preferences = { ...DEFAULT_PREFERENCES, quietHours: NIGHT };
  const night = new Date('2026-06-11T03:30:00Z');
  const day = new Date('2026-06-11T16:00:00Z');

  it('follows the channel, then the kind', () => {
    const p: Preferences = {
      ...DEFAULT_PREFERENCES,
      push: false,
      kinds: { [NotificationKind.MATCH_ENDED]: { email: false, push: true } },
    };
    expect(wants(p, NotificationKind.MATCH_ENDED, DeliveryChannel.EMAIL)).toBe(false);
    expect(wants(p, NotificationKind.MATCH_ENDED, DeliveryChannel.PUSH)).toBe(false);
    expect(wants(p, NotificationKind.CONGRATULATED, DeliveryChannel.EMAIL)).toBe(true);
    expect(wants(p, null, DeliveryChannel.EMAIL)).toBe(true);
    expect(decide(p, NotificationKind.MATCH_ENDED, false, DeliveryChannel.EMAIL, day, NY)).toMatchObject({
      status: 'SKIPPED',
      reason: 'PREFERENCE',
    });
  });

  it('holds all but reach-outs in quiet hours, until they end', () => {
    expect(decide(quiet, NotificationKind.MATCH_ENDED, false, DeliveryChannel.EMAIL, night, NY)).toEqual({
      status: 'SKIPPED',
      reason: 'QUIET_HOURS',
      releaseAt: new Date('2026-06-11T11:00:00Z'),
    });
    expect(decide(quiet, NotificationKind.MATCH_ENDED, false, DeliveryChannel.EMAIL, day, NY).status).toBe('PENDING');
    for (const kind of Object.values(NotificationKind)) {
      const urgent = DISCREET_TEXTS[kind].urgent;
      expect({ kind, urgent }).toEqual({ kind, urgent: kind.startsWith('REACH_OUT') });
      expect(decide(quiet, kind, urgent, DeliveryChannel.PUSH, night, NY).status).toBe(urgent ? 'PENDING' : 'SKIPPED');
    }
  });
});
