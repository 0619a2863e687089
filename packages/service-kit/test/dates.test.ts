import t from 'tap';
import { Type } from 'typebox';
import { DateOrDateTime, addDays, dayOf, endOfDay, isDateOrDateTime, parseDateOrDateTime, rangeOf, startOfDay } from '../src/dates.js';
import { createServer } from '../src/server.js';

const iso = (d: Date | undefined) => d?.toISOString();

t.test('the grammar: a calendar day or a date-time with an offset, nothing else', async (t) => {
  for (const ok of ['2026-03-01', '2024-02-29', '2026-03-01T08:00:00Z', '2026-03-01T08:00:00.123+08:00', '2026-03-01t08:00:00z', '2026-12-31T23:59:59.999-05:30'])
    t.ok(isDateOrDateTime(ok), ok);
  for (const bad of ['2026-02-30', '2025-02-29', '2026-13-01', '2026-3-1', '2026-03-01T08:00:00', '2026-03-01T24:00:00Z', '2026-03-01T08:60:00Z', '2026-03-01T08:00:00+8', 'today', '', '1709251200'])
    t.notOk(isDateOrDateTime(bad), bad);
  t.same(parseDateOrDateTime('2026-03-01'), { day: '2026-03-01' });
  t.equal(iso((parseDateOrDateTime('2026-03-01T08:00:00.5+08:00') as { instant: Date }).instant), '2026-03-01T00:00:00.500Z', 'an offset is applied');
});

t.test('days of a zone: Asia/Shanghai (+08:00) and a daylight-saving zone', async (t) => {
  t.equal(iso(startOfDay('2026-03-01', 'Asia/Shanghai')), '2026-02-28T16:00:00.000Z');
  t.equal(iso(endOfDay('2026-03-01', 'Asia/Shanghai')), '2026-03-01T15:59:59.999Z');
  t.equal(iso(startOfDay('2026-03-01', 'UTC')), '2026-03-01T00:00:00.000Z');
  t.equal(dayOf(new Date('2026-02-28T23:30:00Z'), 'Asia/Shanghai'), '2026-03-01', '23:30 UTC is the next morning in Shanghai');
  t.equal(dayOf(new Date('2026-02-28T23:30:00Z'), 'UTC'), '2026-02-28');
  // New York springs forward on 2026-03-08: that day has 23 hours, and its neighbours start at different offsets.
  t.equal(iso(startOfDay('2026-03-08', 'America/New_York')), '2026-03-08T05:00:00.000Z');
  t.equal(iso(startOfDay('2026-03-09', 'America/New_York')), '2026-03-09T04:00:00.000Z');
  t.equal(iso(endOfDay('2026-03-08', 'America/New_York')), '2026-03-09T03:59:59.999Z');
  t.equal(addDays('2024-02-28', 1), '2024-02-29');
  t.equal(addDays('2026-01-01', -1), '2025-12-31');
});

t.test('rangeOf: a day start/end covers the whole day (end inclusive), a date-time is that instant', async (t) => {
  const shanghai = rangeOf({ start: '2026-03-01', end: '2026-03-02' }, 'Asia/Shanghai');
  t.same([iso(shanghai.start), iso(shanghai.end)], ['2026-02-28T16:00:00.000Z', '2026-03-02T15:59:59.999Z']);
  const utc = rangeOf({ start: '2026-03-01', end: '2026-03-01' }, 'UTC');
  t.same([iso(utc.start), iso(utc.end)], ['2026-03-01T00:00:00.000Z', '2026-03-01T23:59:59.999Z'], 'a one-day range in UTC');
  const mixed = rangeOf({ start: '2026-03-01T10:00:00+08:00', end: '2026-03-01' }, 'Asia/Shanghai');
  t.same([iso(mixed.start), iso(mixed.end)], ['2026-03-01T02:00:00.000Z', '2026-03-01T15:59:59.999Z'], 'a date-time and a day mix');
  t.same(rangeOf({}, 'UTC'), { start: undefined, end: undefined }, 'open bounds');
  t.throws(() => rangeOf({ start: '2026-03-02', end: '2026-03-01' }, 'UTC'), { statusCode: 400, message: 'querystring.end must not be before querystring.start' });
  t.throws(() => rangeOf({ start: '2026-03-01T12:00:00Z', end: '2026-03-01T11:59:59Z' }, 'UTC'), { statusCode: 400, message: /querystring\.end/ });
  t.throws(() => rangeOf({ start: '2026-02-30' }, 'UTC'), { statusCode: 400, message: /querystring\.start/ });
});

t.test('the kit registers the format: a route with DateOrDateTime accepts both and names a bad field', async (t) => {
  const app = await createServer({ service: 'dates-test', logger: false, probes: false });
  t.teardown(() => app.close());
  app.get('/r', { schema: { querystring: Type.Object({ start: Type.Optional(DateOrDateTime()) }) } }, async (req) => ({ start: req.query.start ?? null }));
  for (const ok of ['2026-03-01', '2026-03-01T08:00:00%2B08:00']) t.equal((await app.inject(`/r?start=${ok}`)).statusCode, 200, ok);
  const bad = await app.inject('/r?start=2026-02-30');
  t.equal(bad.statusCode, 400);
  t.match(bad.json(), { code: 400, msg: /querystring\.start/ });
});
