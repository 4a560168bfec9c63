/** Time as the coordinator sees it: injected, so tests drive it with fake timers instead of waiting. */
export interface Clock {
    now(): number;
    setTimeout(fn: () => void, ms: number): unknown;
}

/** The real clock. Looks the globals up at each call, so that jest's fake timers replace them too. */
export const SYSTEM_CLOCK: Clock = {
    now: () => Date.now(),
    setTimeout: (fn, ms) => setTimeout(fn, ms),
};
