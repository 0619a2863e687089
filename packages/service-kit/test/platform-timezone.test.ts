// PLATFORM_TIMEZONE (api.md "Days and dates"): an IANA zone, the host's by default, refused at start with a
// message naming it when the runtime does not know it; and the wall-clock times exports write in it.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { Type } from 'typebox';
import { CalendarConfig, ConfigError, hostZone, isTimeZone, loadConfig, wallTimeIn } from '../src/index.js';

const Schema = Type.Object({ ...CalendarConfig });

t.test('an IANA name is read as it is; unset, the host’s zone', async (t) => {
  for (const zone of ['Asia/Shanghai', 'Asia/Kolkata', 'America/New_York', 'UTC', 'Etc/GMT-8']) t.equal(loadConfig(Schema, { PLATFORM_TIMEZONE: zone }).PLATFORM_TIMEZONE, zone);
  t.equal(loadConfig(Schema, {}).PLATFORM_TIMEZONE, Intl.DateTimeFormat().resolvedOptions().timeZone, 'the host’s zone (Intl resolvedOptions)');
  t.equal(hostZone(), Intl.DateTimeFormat().resolvedOptions().timeZone);
  // A host in another zone (TZ): its zone is the default.
  const kit = fileURLToPath(new URL('../src/index.ts', import.meta.url));
  const code = `Promise.all([import(${JSON.stringify(kit)}), import('typebox')]).then(([k, { Type }]) => console.log(k.loadConfig(Type.Object(k.CalendarConfig), {}).PLATFORM_TIMEZONE))`;
  const child = spawnSync(process.execPath, ['--import', 'tsx', '-e', code], { env: { ...process.env, TZ: 'Asia/Tokyo' }, encoding: 'utf8' });
  t.equal(child.stdout.trim(), 'Asia/Tokyo', `TZ=Asia/Tokyo → Asia/Tokyo ${child.stderr}`);
});

t.test('a name the runtime does not know stops the start, naming the variable and the value', async (t) => {
  for (const bad of ['Asia/Beijing', 'Mars/Olympus_Mons', '+08:00', 'GMT+8 ', 'asia shanghai']) {
    t.notOk(isTimeZone(bad), `${JSON.stringify(bad)} is not a zone`);
    const err = t.throws(() => loadConfig(Schema, { PLATFORM_TIMEZONE: bad })) as unknown as ConfigError;
    t.type(err, ConfigError);
    t.equal(err.problems.length, 1);
    t.equal(err.problems[0], `PLATFORM_TIMEZONE is not an IANA time zone name such as Asia/Shanghai or UTC (unset: the host's zone): ${JSON.stringify(bad)}`);
  }
});

t.test('wall-clock times of a zone, for cells that have none', async (t) => {
  const iso = (zone: string, at: string) => wallTimeIn(zone)(new Date(at)).toISOString();
  t.equal(iso('Asia/Shanghai', '2026-03-01T15:59:30.250Z'), '2026-03-01T23:59:30.250Z');
  t.equal(iso('Asia/Shanghai', '2026-03-01T16:01:00Z'), '2026-03-02T00:01:00.000Z', 'past midnight in Shanghai: the next day');
  t.equal(iso('Asia/Kolkata', '2026-03-01T18:29:00Z'), '2026-03-01T23:59:00.000Z', '+05:30');
  t.equal(iso('UTC', '2026-03-01T23:30:00Z'), '2026-03-01T23:30:00.000Z');
  // New York springs forward at 07:00 UTC on 2026-03-08 and falls back at 06:00 UTC on 2026-11-01: every
  // minute of those hours, in one converter (its per-hour cache), equals Intl's own reading.
  const ny = wallTimeIn('America/New_York');
  const intl = new Intl.DateTimeFormat('sv-SE', { timeZone: 'America/New_York', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
  let wrong = 0;
  for (const start of [Date.parse('2026-03-08T05:00:00Z'), Date.parse('2026-11-01T04:00:00Z')]) {
    for (let m = 0; m < 4 * 60; m++) {
      const at = new Date(start + m * 60_000 + 7_000);
      if (ny(at).toISOString().slice(0, 19).replace('T', ' ') !== intl.format(at)) wrong++;
    }
  }
  t.equal(wrong, 0, 'across both daylight-saving changes');
});
