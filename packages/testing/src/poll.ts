/** Polls `read` until `ok` holds; throws with the last value after `ms`. */
export async function until<T>(read: () => Promise<T>, ok: (value: T) => boolean, ms = 30_000, what = 'condition', intervalMs = 100): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > deadline) throw new Error(`${what} not met within ${ms} ms; last: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
