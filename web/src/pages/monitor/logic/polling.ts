/**
 * How often the monitor and the dashboard ask again, and that they do not while the tab is hidden: the
 * decision is made here (react-query's `refetchInterval` asks it before each tick) and react-query's own
 * `refetchIntervalInBackground: false` says the same. Coming back to the tab refetches at once. Pure.
 */

export const POLL_MIN_MS = 2_000;
export const POLL_MAX_MS = 5_000;
/** Before the server has said how often it samples. */
export const POLL_DEFAULT_MS = 3_000;

/** The server's sampling interval, kept within 2–5 s: faster shows nothing new, slower looks frozen. */
export function pollInterval(serverIntervalMs?: number | null): number {
  if (typeof serverIntervalMs !== 'number' || !Number.isFinite(serverIntervalMs) || serverIntervalMs <= 0) return POLL_DEFAULT_MS;
  return Math.min(POLL_MAX_MS, Math.max(POLL_MIN_MS, Math.round(serverIntervalMs)));
}

export type Visibility = 'visible' | 'hidden' | (string & {});

/** The delay to the next poll, or `false` (no poll) while the document is hidden. */
export function nextPoll(visibility: Visibility | undefined, serverIntervalMs?: number | null): number | false {
  return visibility === 'hidden' ? false : pollInterval(serverIntervalMs);
}

/** The current `document.visibilityState` (visible where there is no document). */
export const documentVisibility = (): Visibility => globalThis.document?.visibilityState ?? 'visible';

/**
 * react-query options of a polled query: a tick while hidden fetches nothing, and becoming visible again
 * fetches at once (and re-arms the interval). `intervalOf` reads the server's interval from the last answer.
 */
export function pollingOptions<D>(intervalOf: (data: D | undefined) => number | null | undefined, visibility: () => Visibility = documentVisibility) {
  return {
    refetchInterval: (query: { state: { data: D | undefined } }) => nextPoll(visibility(), intervalOf(query.state.data)),
    refetchIntervalInBackground: false,
    refetchOnWindowFocus: true,
  } as const;
}
