import { Cron } from 'croner';
import type { RepeatStrategy } from 'bullmq';
import { CronInvalidError } from '../../errors.js';

// Sync schedules are cron expressions read by croner, in PLATFORM_TIMEZONE. BullMQ's job schedulers compute
// the next run through `cronRepeat` too, so the preview the console shows is exactly when syncs happen.

/** The croner job for an expression, never started; throws CronInvalidError with croner's reason. */
function parse(expression: string, zone: string): Cron {
  try {
    return new Cron(expression.trim(), { timezone: zone, paused: true });
  } catch (err) {
    throw new CronInvalidError((err as Error).message);
  }
}

/** The expression, checked; throws CronInvalidError when croner refuses it or it never fires. */
export function checkCron(expression: string, zone: string): string {
  const job = parse(expression, zone);
  if (!job.nextRun()) throw new CronInvalidError('该表达式不会再触发');
  return expression.trim();
}

/** The next `count` run times after `from`, as ISO strings. */
export function nextRuns(expression: string, zone: string, count = 5, from = new Date()): string[] {
  return parse(expression, zone).nextRuns(count, from).map((d) => d.toISOString());
}

/** BullMQ's repeat strategy (queue and worker) through croner. */
export const cronRepeat: RepeatStrategy = (millis, opts) => {
  if (!opts.pattern) return undefined;
  const next = new Cron(opts.pattern, { timezone: opts.tz, paused: true }).nextRun(new Date(millis));
  return next ? next.getTime() : undefined;
};
