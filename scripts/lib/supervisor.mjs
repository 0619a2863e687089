// Keeps `npm start`'s processes running. A process that exits on its own is started again after a backoff
// (1 s, doubling up to 30 s while it keeps failing soon after start); after 5 exits within 5 minutes it is
// left down and the start log says which and why. The others keep running meanwhile.

/** Backoff and give-up rule; exported for the unit test. */
export const POLICY = { initialDelayMs: 1000, maxDelayMs: 30_000, maxExits: 5, windowMs: 5 * 60_000, stableAfterMs: 60_000 };

/** What an exit was, in words for the log. */
export const describeExit = (code, signal) => (signal ? `killed by ${signal}` : `exit code ${code}`);

/**
 * The decision after an exit: `{ giveUp: true }` or `{ delayMs }`. `exits` are the times of recent exits
 * (this one included); `streak` counts exits in a row that came soon after a start.
 */
export function nextStep({ exits, streak }, policy = POLICY) {
  if (exits.length >= policy.maxExits) return { giveUp: true };
  return { delayMs: Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** Math.max(0, streak - 1)) };
}

/**
 * @typedef {import('node:child_process').ChildProcess} ChildProcess
 * @typedef {{ start: () => ChildProcess | Promise<ChildProcess>, stop: (child: ChildProcess) => Promise<void>, kill?: (child: ChildProcess) => unknown, logHint?: string }} UnitSpec
 */

/**
 * `add(name, { start, stop })`: `start()` returns a ChildProcess (or a promise of one) and is called again
 * after each unexpected exit; `stop(child)` stops it on purpose. `stopAll(groups)` stops the named units
 * group by group, in the order given.
 * @param {{ log: (line: string) => void, policy?: typeof POLICY, onChange?: () => void }} options
 */
export function createSupervisor({ log, policy = POLICY, onChange }) {
  const units = new Map();
  let stopping = false;

  async function launch(unit) {
    unit.timer = undefined;
    let child;
    try {
      child = await unit.start();
    } catch (err) {
      return exited(unit, { why: `failed to start: ${err.message}` });
    }
    if (stopping) return void (await unit.stop(child));
    unit.child = child;
    unit.startedAt = Date.now();
    unit.starts += 1;
    onChange?.();
    child.once('exit', (code, signal) => {
      if (unit.child === child) unit.child = undefined;
      if (!unit.stopRequested) exited(unit, { why: describeExit(code, signal) });
      onChange?.();
    });
  }

  function exited(unit, { why }) {
    if (stopping || unit.stopRequested) return;
    const now = Date.now();
    unit.exits = [...unit.exits.filter((t) => now - t < policy.windowMs), now];
    unit.streak = unit.startedAt && now - unit.startedAt >= policy.stableAfterMs ? 1 : unit.streak + 1;
    const step = nextStep(unit, policy);
    if (step.giveUp) {
      unit.down = `${unit.exits.length} exits in ${Math.round(policy.windowMs / 60_000)} min, last: ${why}`;
      log(`!!! ${unit.name} stays DOWN (${unit.down}); the rest keeps running. See ${unit.logHint ?? 'its log'}, then restart npm start.`);
      return;
    }
    log(`${unit.name} exited (${why}); restarting in ${step.delayMs / 1000} s`);
    unit.timer = setTimeout(() => void launch(unit), step.delayMs);
  }

  return {
    /** @param {string} name @param {UnitSpec} spec */
    async add(name, { start, stop, kill, logHint }) {
      const unit = { name, start, stop, kill, logHint, exits: [], streak: 0, starts: 0, child: undefined, timer: undefined, stopRequested: false };
      units.set(name, unit);
      await launch(unit);
      return unit;
    },
    /** The running child of a unit (undefined while it waits for a restart or is down). */
    child: (name) => units.get(name)?.child,
    /** Each unit's pid (null while it waits or is down), restarts so far, and why it is down if it is. */
    status: () =>
      Object.fromEntries(
        [...units.values()].map((u) => [u.name, { pid: u.child?.pid ?? null, restarts: Math.max(0, u.starts - 1), ...(u.down ? { down: u.down } : {}) }]),
      ),
    async stopAll(groups) {
      stopping = true;
      for (const group of groups) {
        await Promise.all(
          group.map(async (name) => {
            const unit = units.get(name);
            if (!unit) return;
            unit.stopRequested = true;
            clearTimeout(unit.timer);
            if (unit.child) await unit.stop(unit.child);
          }),
        );
      }
    },
    /** Synchronous last resort (the script is dying): kill every child at once. */
    killAll() {
      for (const unit of units.values()) unit.child && unit.kill?.(unit.child);
    },
  };
}
