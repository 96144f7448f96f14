import { Client, types } from 'pg';
import '../src/core/db';
import { parseTextArray, parseTimestamptz, pgParsers } from '../src/core/pg-types';
import { adminUrl } from './helpers/db';

const pgDate = pgParsers.timestamptz;
const pgArray = pgParsers.textArray;

describe('pg type parsers', () => {
  let client: Client;
  beforeAll(async () => {
    client = new Client({ connectionString: adminUrl() });
    await client.connect();
  });
  afterAll(() => client.end());

  it('are the ones pg uses once the database module is loaded', () => {
    expect(types.getTypeParser(1184, 'text')).toBe(parseTimestamptz);
    expect(types.getTypeParser(1009 as Parameters<typeof types.getTypeParser>[0], 'text')).toBe(parseTextArray);
  });

  it.each(['UTC', 'America/St_Johns', 'Asia/Kathmandu', 'Pacific/Chatham', 'Europe/Amsterdam', 'America/New_York'])(
    'read every timestamptz PostgreSQL prints in %s as pg would',
    async (zone) => {
      await client.query(`SET TIME ZONE '${zone}'`);
      const { rows } = await client.query<{ t: string }>(
        `SELECT t::text AS t FROM (
           SELECT generate_series(timestamptz '0001-01-01 00:00:00+00', '9999-01-01', interval '97 years 13 days 7 hours 11 minutes 13.123457 seconds') AS t
           UNION ALL SELECT generate_series(now() - interval '2 years', now() + interval '2 years', interval '3 days 1 hour 7 minutes 0.001 seconds')
           UNION ALL SELECT unnest(ARRAY['infinity', '-infinity', '0044-03-15 12:00:00+00 BC', '1883-11-18 11:59:59.999999+00',
                                         '2026-03-08 02:30:00-05', '2026-11-01 01:30:00-04', '1000-01-01 00:00:00+00'])::timestamptz
         ) s`,
      );
      expect(rows.length).toBeGreaterThan(500);
      const differ = rows.filter(({ t }) => {
        const ours = parseTimestamptz(t);
        const theirs = pgDate(t);
        return ours instanceof Date && theirs instanceof Date ? ours.getTime() !== theirs.getTime() : ours !== theirs;
      });
      expect(differ).toEqual([]);
    },
  );

  it('read every text[] as pg would: quotes, escapes, NULL, the text NULL, commas, braces, empty', async () => {
    const samples: Array<Array<string | null>> = [
      [],
      ['HIGH'],
      ['CRISIS_LANGUAGE', 'MEMBER_REPORTS', 'PRIVACY'],
      [''],
      ['NULL'],
      [null],
      ['a', null, 'b'],
      ['a,b', 'c'],
      ['say "hi"'],
      ['back\\slash'],
      ['{braces}', '}'],
      [' spaced ', 'tab\there'],
      ['ünïcödé', '日本'],
    ];
    const { rows } = await client.query<{ a: string }>(
      `SELECT a::text AS a FROM jsonb_array_elements($1::jsonb) j,
         LATERAL (SELECT array_agg(e ORDER BY n) FILTER (WHERE n IS NOT NULL) AS a0
                    FROM jsonb_array_elements_text(j) WITH ORDINALITY x(e, n)) x,
         LATERAL (SELECT coalesce(a0, '{}'::text[]) AS a) y`,
      [JSON.stringify(samples)],
    );
    expect(rows.map((r) => parseTextArray(r.a))).toEqual(rows.map((r) => pgArray(r.a)));
    expect(rows.map((r) => parseTextArray(r.a))).toEqual(samples);
  });
});
